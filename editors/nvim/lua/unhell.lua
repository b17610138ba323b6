-- unhell for Neovim (0.7 or later, no plugins needed): runs "unhell -lsp"
-- for Go buffers, so callback chains show as diagnostics and each rewrite
-- is a code action (vim.lsp.buf.code_action()).
--
--   require('unhell').setup()                       -- unhell on $PATH
--   require('unhell').setup({ cmd = { '/path/to/unhell', '-lsp', '-min-depth', '3' } })
--
-- It runs beside gopls: gopls cannot load unhell's analyzer itself.
local M = {}

local function root_of(fname)
  local dir = vim.fn.fnamemodify(fname, ':p:h')
  local found = vim.fn.findfile('go.mod', dir .. ';')
  if found == '' then
    return dir
  end
  return vim.fn.fnamemodify(found, ':p:h')
end

-- start starts (or reuses) the unhell client for the module of buffer
-- bufnr and attaches it; it returns the client id. opts may set cmd,
-- handlers and on_attach.
function M.start(bufnr, opts)
  opts = opts or {}
  local root = root_of(vim.api.nvim_buf_get_name(bufnr))
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients -- renamed in 0.10
  for _, client in ipairs(get_clients()) do
    if client.name == 'unhell' and client.config.root_dir == root then
      vim.lsp.buf_attach_client(bufnr, client.id)
      return client.id
    end
  end
  local id = vim.lsp.start_client({
    name = 'unhell',
    cmd = opts.cmd or { 'unhell', '-lsp' },
    root_dir = root,
    handlers = opts.handlers,
    on_attach = opts.on_attach,
    -- unhell debounces edits itself; send them at once.
    flags = { debounce_text_changes = 0 },
  })
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

-- setup starts unhell for every Go buffer.
function M.setup(opts)
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'go',
    callback = function(args)
      M.start(args.buf, opts)
    end,
  })
end

return M
