#!/usr/bin/env bash
# compare.sh runs the runtime's benchmarks (runtime/bench_test.go) beside
# their Node and asyncio peers (bench/node, bench/python), in one run on one
# machine, and prints a Markdown table of the results and ratios.
#
# Usage: bench/compare.sh [-quick]
#   -quick  fewer steps and one repetition: checks that everything runs,
#           the figures are rough.
# Needs go, node (20) and python3 (3.11) on PATH.
set -euo pipefail
shopt -s lastpipe # record, at the end of pipelines, fills result in this shell
cd "$(dirname "$0")/.."

steps=1000000 node_fanout_reps=3 python_fanout_reps=1 benchtime=1s
if [[ ${1:-} == -quick ]]; then
	steps=100000 node_fanout_reps=1 benchtime=100ms
elif [[ $# -gt 0 ]]; then
	echo "usage: bench/compare.sh [-quick]" >&2
	exit 2
fi

declare -A result # "<peer> <benchmark>" -> figure, as printed by the peer

# record reads "<benchmark> <figure>" lines for peer from stdin.
record() {
	local peer=$1 name value
	while read -r name value; do
		result["$peer $name"]=$value
	done
}

echo "running Go benchmarks..." >&2
go test -run '^$' -bench '^Benchmark(LoopCallbackChain|LoopAwaitChain|TimerFanout|SuspendedMemory)$' \
	-benchtime "$benchtime" ./runtime |
	awk '/^Benchmark/ {
		name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
		for (i = 3; i < NF; i++) {
			if ($(i+1) == "B/coroutine" || ($(i+1) == "ns/op" && name != "SuspendedMemory")) {
				print name, $i
			}
		}
	}' | record go

echo "running Node benchmarks..." >&2
{
	node bench/node/callback_chain.js "$steps"
	node bench/node/await_chain.js "$steps"
	node bench/node/timer_fanout.js "$node_fanout_reps"
	node --expose-gc bench/node/suspended_memory.js
} | record node

echo "running asyncio benchmarks..." >&2
{
	python3 bench/python/callback_chain.py "$steps"
	python3 bench/python/await_chain.py "$steps"
	python3 bench/python/timer_fanout.py "$python_fanout_reps"
	python3 bench/python/suspended_memory.py
} | record python

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "$(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores${cpu:+ ($cpu)}, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown);" \
	"$(go version | cut -d' ' -f3), node $(node --version), python $(python3 --version | cut -d' ' -f2)${1:+ ($1)}"
echo
echo "| benchmark | unit | Go | Node | asyncio | Node ÷ Go | asyncio ÷ Go | goal |"
echo "|---|---|--:|--:|--:|--:|--:|---|"

# row prints one table row; scale divides the peers' figures (ns) into
# the unit shown; goal is the minimum Node ÷ Go ratio, or the maximum Go
# figure when it starts with "<=".
row() {
	local name=$1 unit=$2 scale=$3 goal=$4
	awk -v name="$name" -v unit="$unit" -v scale="$scale" -v goal="$goal" \
		-v g="${result[go $name]:-}" -v n="${result[node $name]:-}" -v p="${result[python $name]:-}" 'BEGIN {
		if (g == "" || n == "" || p == "") { print "missing result for " name > "/dev/stderr"; exit 1 }
		g /= scale; n /= scale; p /= scale
		if (goal ~ /^<=/) {
			limit = substr(goal, 3) + 0
			verdict = sprintf("Go <= %g %s: %s", limit, unit, g <= limit ? "met" : "missed")
		} else {
			verdict = sprintf("Node ÷ Go >= %g: %s", goal, n / g >= goal ? "met" : "missed")
		}
		printf "| %s | %s | %.4g | %.4g | %.4g | %.1f | %.1f | %s |\n", name, unit, g, n, p, n / g, p / g, verdict
	}'
}

row LoopCallbackChain "ns/step" 1 20
row LoopAwaitChain "ns/step" 1 7
row TimerFanout "ms/op" 1000000 9
row SuspendedMemory "B/coroutine" 1 "<=3072"
