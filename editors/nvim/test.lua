-- Headless Neovim test of "unhell -lsp", driven by internal/lsp's
-- editor test:
--
--   UNHELL_CMD=/path/to/unhell UNHELL_FILE=/module/cmd/main.go \
--   UNHELL_RESULT=/tmp/result.json nvim --headless -n -i NONE -u editors/nvim/test.lua
--
-- With UNHELL_GOPLS=1, UNHELL_CMD is a gopls built by "unhell gopls" and
-- runs without arguments. Only diagnostics from the unhell analyzer
-- (source "unhell") count: gopls has analyzers of its own.
-- It opens the file through editors/nvim/lua/unhell.lua, waits for the
-- chain's diagnostic, edits and saves the file and times the diagnostic
-- of the saved version, requests the rewrite (timed), applies it, saves,
-- waits for the diagnostic to go, and writes what it saw and measured to
-- UNHELL_RESULT as JSON. Any failure is written there as "error".
local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)') or './'
package.path = here .. 'lua/?.lua;' .. package.path
local unhell = require('unhell')

local result = {}
local published = {} -- every publishDiagnostics, with its arrival time

local function now_ms()
  return vim.loop.hrtime() / 1e6
end

local function wait_for(what, timeout_ms, cond)
  if not vim.wait(timeout_ms, cond, 5) then
    error('timed out after ' .. timeout_ms .. ' ms waiting for ' .. what)
  end
end

-- unhell_only returns the diagnostics of the unhell analyzer among ds.
local function unhell_only(ds)
  local mine = {}
  for _, d in ipairs(ds) do
    if d.source == 'unhell' then
      table.insert(mine, d)
    end
  end
  return mine
end

-- diagnostics_after waits for a publish that arrives after t0 whose
-- unhell diagnostics satisfy ok, and returns its time and those.
local function diagnostics_after(what, t0, ok)
  local found
  wait_for(what, 60000, function()
    for _, p in ipairs(published) do
      local mine = unhell_only(p.result.diagnostics)
      if p.at >= t0 and ok(mine) then
        found = { at = p.at, diagnostics = mine }
        return true
      end
    end
    return false
  end)
  return found
end

local function run()
  local file = os.getenv('UNHELL_FILE')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local t_open = now_ms()
  local id = unhell.start(buf, {
    cmd = os.getenv('UNHELL_GOPLS') == '1' and { os.getenv('UNHELL_CMD') } or { os.getenv('UNHELL_CMD'), '-lsp' },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
        table.insert(published, { at = now_ms(), result = res })
        return vim.lsp.diagnostic.on_publish_diagnostics(err, res, ctx, config)
      end,
    },
  })
  if not id then
    error('the unhell client did not start')
  end
  local client = vim.lsp.get_client_by_id(id)

  local first = diagnostics_after('the first diagnostic', t_open, function(d) return #d == 1 end)
  result.open_ms = first.at - t_open
  result.message = first.diagnostics[1].message
  local line = first.diagnostics[1].range.start.line

  -- Insert a line above the chain and save: the diagnostic must move.
  vim.api.nvim_buf_set_lines(buf, line, line, false, { '\t// edited in Neovim' })
  local t_save = now_ms()
  vim.cmd('write')
  local moved = diagnostics_after('the diagnostic of the saved file', t_save, function(d)
    return #d == 1 and d[1].range.start.line == line + 1
  end)
  result.save_ms = moved.at - t_save
  line = line + 1

  local t_action = now_ms()
  local pos = { line = line, character = 2 }
  local resp = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = pos, ['end'] = pos },
    context = { diagnostics = moved.diagnostics, only = { 'quickfix' } },
  }, 5000, buf)
  result.action_ms = now_ms() - t_action
  if not resp or resp.err then
    error('codeAction failed: ' .. vim.inspect(resp))
  end
  local action = resp.result[1]
  if not action then
    error('no code action at the chain')
  end
  result.title = action.title
  result.kind = action.kind
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
  local t_fixed = now_ms()
  vim.cmd('write')
  diagnostics_after('the diagnostic to go after the fix', t_fixed, function(d) return #d == 0 end)
  result.ok = true
end

local function finish()
  local ok, err = pcall(run)
  if not ok then
    result.error = tostring(err)
  end
  local f = io.open(os.getenv('UNHELL_RESULT'), 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

vim.api.nvim_create_autocmd('VimEnter', { callback = function() vim.schedule(finish) end })
