#!/usr/bin/env bash
# compare.sh runs the runtime's benchmarks (runtime/bench_test.go) beside
# their Node and asyncio peers (bench/node, bench/python), in one run on one
# machine, and prints a Markdown table of the results and ratios, then the
# Go figures against their floors (the value-carrying await chain, which
# has no peer, appears only there). Each figure is the best of three runs
# (one with -quick), the sides taking turns.
#
# Usage: bench/compare.sh [-quick]
#   -quick  fewer steps and one repetition: checks that everything runs,
#           the figures are rough.
# Needs go, node (20) and python3 (3.11) on PATH.
set -euo pipefail
shopt -s lastpipe # record, at the end of pipelines, fills result in this shell
cd "$(dirname "$0")/.."

steps=1000000 python_steps=300000 reps=3 benchtime=1s
if [[ ${1:-} == -quick ]]; then
	steps=100000 python_steps=30000 reps=1 benchtime=100ms
elif [[ $# -gt 0 ]]; then
	echo "usage: bench/compare.sh [-quick]" >&2
	exit 2
fi

declare -A result # "<peer> <benchmark>" -> best figure seen

# record reads "<benchmark> <figure>" lines for peer from stdin and keeps
# the least figure per benchmark: on a shared machine the best of several
# runs is the one least disturbed by other work.
record() {
	local peer=$1 name value
	while read -r name value; do
		local old=${result["$peer $name"]:-}
		if [[ -z $old ]] || awk -v a="$value" -v b="$old" 'BEGIN { exit !(a < b) }'; then
			result["$peer $name"]=$value
		fi
	done
}

# go_bench runs one of the runtime's benchmarks and prints its figure.
go_bench() {
	go test -run '^$' -bench "^Benchmark$1\$" -benchtime "$benchtime" ./runtime |
		awk '/^Benchmark/ {
			name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
			for (i = 3; i < NF; i++) {
				if ($(i+1) == "B/coroutine" || ($(i+1) == "ns/op" && name != "SuspendedMemory")) {
					print name, $i
				}
			}
		}'
}

# Each benchmark runs reps times on each side, the sides taking turns, so
# that load from other work falls on all of them alike. The asyncio
# fan-out takes tens of seconds and runs once.
for ((rep = 1; rep <= reps; rep++)); do
	echo "round $rep of $reps..." >&2
	go_bench LoopCallbackChain | record go
	node bench/node/callback_chain.js "$steps" | record node
	python3 bench/python/callback_chain.py "$python_steps" | record python

	go_bench LoopAwaitChain | record go
	go_bench LoopAwaitValueChain | record go
	go_bench LoopAwaitChainFloor | record go
	node bench/node/await_chain.js "$steps" | record node
	python3 bench/python/await_chain.py "$python_steps" | record python

	go_bench TimerFanout | record go
	go_bench TimerFanoutFloor | record go
	go_bench TimerFanoutAllocFloor | record go
	node bench/node/timer_fanout.js 1 | record node
	if ((rep == 1)); then
		python3 bench/python/timer_fanout.py 1 | record python
	fi

	go_bench SuspendedMemory | record go
	node --expose-gc bench/node/suspended_memory.js | record node
	python3 bench/python/suspended_memory.py | record python
done

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "$(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores${cpu:+ ($cpu)}, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown);" \
	"$(go version | cut -d' ' -f3), node $(node --version), python $(python3 --version | cut -d' ' -f2)${1:+ ($1)}"
echo
echo "Best of $reps runs per side; the asyncio fan-out ran once. Ratios above 1 favour Go."
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

# The floors: what coroutines on iter.Pull cannot avoid paying for the
# await chain and the fan-out, and so the best Node ÷ Go ratio any runtime
# built on them could reach.
floor() {
	local name=$1 peer=$2 unit=$3 scale=$4 what=$5
	awk -v name="$name" -v unit="$unit" -v scale="$scale" -v what="$what" \
		-v f="${result[go $name]:-}" -v n="${result[node $peer]:-}" 'BEGIN {
		if (f == "" || n == "") { print "missing result for " name > "/dev/stderr"; exit 1 }
		printf "- %s (%s): %.4g %s, so Node ÷ Go can be at most %.1f.\n", name, what, f / scale, unit, n / f
	}'
}

echo
echo "Floors, from the same run:"
echo
floor LoopAwaitChainFloor LoopAwaitChain "ns/step" 1 "a pull round trip, three allocations, a claim and a queue"
floor TimerFanoutFloor TimerFanout "ms/op" 1000000 "iter.Pull alone, the same 100,000 coroutines and 1.1 million switches"

# The runtime's own goals: each figure at most a given multiple
# of its floor, from the same run.
over_floor() {
	local name=$1 floor=$2 unit=$3 scale=$4 goal=$5
	awk -v name="$name" -v floor="$floor" -v unit="$unit" -v scale="$scale" -v goal="$goal" \
		-v g="${result[go $name]:-}" -v f="${result[go $floor]:-}" 'BEGIN {
		if (g == "" || f == "") { print "missing result for " name > "/dev/stderr"; exit 1 }
		printf "| %s | %.4g %s | %s | %.4g %s | %.2f | <= %g: %s |\n", name, g / scale, unit, floor, f / scale, unit, g / f, goal, g / f <= goal ? "met" : "missed"
	}'
}

echo
echo "Against the floors:"
echo
echo "| benchmark | Go | floor | floor's figure | ÷ floor | goal |"
echo "|---|--:|---|--:|--:|---|"
over_floor LoopAwaitChain LoopAwaitChainFloor "ns/step" 1 1.15
over_floor LoopAwaitValueChain LoopAwaitChainFloor "ns/step" 1 1.15
over_floor TimerFanout TimerFanoutFloor "ms/op" 1000000 1.3

# How much of the fan-out's distance from its floor the allocations that
# no runtime with this API avoids take (BenchmarkTimerFanoutAllocFloor);
# no goal, a measure of what the 1.3 above leaves the runtime itself.
awk -v a="${result[go TimerFanoutAllocFloor]:-}" -v f="${result[go TimerFanoutFloor]:-}" -v g="${result[go TimerFanout]:-}" 'BEGIN {
	if (a == "" || f == "" || g == "") { print "missing result for TimerFanoutAllocFloor" > "/dev/stderr"; exit 1 }
	printf "\nTimerFanoutAllocFloor (TimerFanoutFloor plus the four allocations a step that the benchmark, AfterFunc and an await make): %.4g ms/op, %.2f× TimerFanoutFloor; TimerFanout is %.2f× it.\n", a / 1e6, a / f, g / a
}'
