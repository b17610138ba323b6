package continuation

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/cfg"
)

// flowGraph is a control-flow graph prepared for counting calls: its live
// blocks' nodes sorted by position, and its strongly connected components.
type flowGraph struct {
	g     *cfg.CFG
	nodes []flowNode // nodes of live blocks, by position; they do not overlap
	// comp is each block's component (-1 for dead blocks); components are
	// numbered in reverse topological order: successors first.
	comp   []int32
	cyclic []bool  // per component: it contains a cycle
	byComp []int32 // live blocks ordered by component
}

type flowNode struct {
	pos, end token.Pos
	block    int32
}

func newFlowGraph(g *cfg.CFG) *flowGraph {
	fg := &flowGraph{g: g, comp: make([]int32, len(g.Blocks))}
	for _, b := range g.Blocks {
		fg.comp[b.Index] = -1
		if !b.Live {
			continue
		}
		for _, n := range b.Nodes {
			fg.nodes = append(fg.nodes, flowNode{n.Pos(), n.End(), b.Index})
		}
	}
	slices.SortFunc(fg.nodes, func(a, b flowNode) int { return int(a.pos - b.pos) })
	fg.components()
	for _, b := range g.Blocks {
		if fg.comp[b.Index] >= 0 {
			fg.byComp = append(fg.byComp, b.Index)
		}
	}
	slices.SortStableFunc(fg.byComp, func(a, b int32) int { return int(fg.comp[a] - fg.comp[b]) })
	return fg
}

// components numbers the strongly connected components of the blocks
// reachable from the entry (Tarjan's algorithm).
func (fg *flowGraph) components() {
	n := len(fg.g.Blocks)
	if n == 0 {
		return
	}
	index := make([]int32, n) // 0: unvisited; else visit order + 1
	low := make([]int32, n)
	onStack := make([]bool, n)
	var stack []int32
	var next int32
	var visit func(v int32)
	visit = func(v int32) {
		next++
		index[v], low[v] = next, next
		stack = append(stack, v)
		onStack[v] = true
		for _, s := range fg.g.Blocks[v].Succs {
			w := s.Index
			if index[w] == 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		id := int32(len(fg.cyclic))
		size := 0
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			fg.comp[w] = id
			size++
			if w == v {
				break
			}
		}
		fg.cyclic = append(fg.cyclic, size > 1 || slices.Contains(fg.g.Blocks[v].Succs, fg.g.Blocks[v]))
	}
	visit(0)
}

// blockOf returns the live block whose node contains pos, or -1 when pos
// is in dead code.
func (fg *flowGraph) blockOf(pos token.Pos) int32 {
	i, _ := slices.BinarySearchFunc(fg.nodes, pos, func(n flowNode, pos token.Pos) int { return int(n.pos - pos) })
	// fg.nodes[i-1] is the last node starting at or before pos, unless one starts exactly at pos.
	if i < len(fg.nodes) && fg.nodes[i].pos == pos {
		return fg.nodes[i].block
	}
	if i > 0 && pos < fg.nodes[i-1].end {
		return fg.nodes[i-1].block
	}
	return -1
}

// killedAfter returns the graph of the paths on which a variable still
// holds its first value, given the assignments that replace it: each
// path ends at the first of them, and events after one in its block, or
// in blocks reached only through one, are dropped (returned without
// them). maxCalls on it counts the calls of the first value only, so
// that a loop that calls what it took last turn (task = q.tasks[0])
// does not count as calling the first again.
func (fg *flowGraph) killedAfter(kills []kill, events []event) (*flowGraph, []event) {
	cutAt := map[int32]token.Pos{} // block → end of its first kill
	for _, k := range kills {
		if b := fg.blockOf(k.pos); b >= 0 {
			if at, ok := cutAt[b]; !ok || k.end < at {
				cutAt[b] = k.end
			}
		}
	}
	if len(cutAt) == 0 {
		return fg, events
	}
	blocks := make([]*cfg.Block, len(fg.g.Blocks))
	for i, b := range fg.g.Blocks {
		nb := *b
		blocks[i] = &nb
	}
	for i, b := range blocks {
		if _, cut := cutAt[int32(i)]; cut {
			b.Succs = nil
			continue
		}
		succs := make([]*cfg.Block, len(b.Succs))
		for j, s := range b.Succs {
			succs[j] = blocks[s.Index]
		}
		b.Succs = succs
	}
	var kept []event
	for _, e := range events {
		b := fg.blockOf(e.pos)
		if at, cut := cutAt[b]; cut && e.pos >= at {
			continue
		}
		kept = append(kept, e)
	}
	return newFlowGraph(&cfg.CFG{Blocks: blocks}), kept
}

// maxCalls returns the greatest total weight of events on one path from
// the entry, and where the count first exceeds one: at an event inside a
// cycle (loop) or at the event that makes it two.
func (fg *flowGraph) maxCalls(events []event) (n int, at token.Pos, loop bool) {
	weight := make([]int, len(fg.cyclic)) // per component
	comps := make([]int32, len(events))   // per event; -1 in dead code
	for i, e := range events {
		comps[i] = -1
		if b := fg.blockOf(e.pos); b >= 0 && e.weight > 0 {
			comps[i] = fg.comp[b]
		}
		if k := comps[i]; k >= 0 {
			if fg.cyclic[k] {
				return 2, e.pos, true
			}
			weight[k] += e.weight
		}
	}
	// best[k]: the heaviest path from component k; components are numbered
	// successors first, so each best is final before its predecessors need it.
	best := make([]int, len(fg.cyclic))
	succ := make([]int32, len(fg.cyclic)) // the heaviest path's next component, or -1
	for k := range best {
		succ[k] = -1
	}
	copy(best, weight)
	for _, b := range fg.byComp {
		k := fg.comp[b]
		for _, s := range fg.g.Blocks[b].Succs {
			if j := fg.comp[s.Index]; j != k && weight[k]+best[j] > best[k] {
				best[k], succ[k] = weight[k]+best[j], j
			}
		}
	}
	entry := fg.comp[0]
	if best[entry] <= 1 {
		return best[entry], 0, false
	}
	// Walk the heaviest path to the component where the count reaches
	// two, then to the event within it that does.
	total := 0
	k := entry
	for total+weight[k] < 2 {
		total += weight[k]
		k = succ[k]
	}
	for last := token.NoPos; ; {
		var next event // the next event of k in position order
		for i, e := range events {
			if comps[i] == k && e.pos > last && (next.pos == token.NoPos || e.pos < next.pos) {
				next = e
			}
		}
		total += next.weight
		if last = next.pos; total >= 2 {
			return best[entry], next.pos, false
		}
	}
}
