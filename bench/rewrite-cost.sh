#!/usr/bin/env bash
# rewrite-cost.sh measures what unhell -fix costs a real program: the
# callback and the rewritten (sequential) versions of the echo server
# (examples/echo, BenchmarkEcho) and of the crawler (examples/crawler,
# BenchmarkCrawl), on loopback, in one run. Each round runs the four
# benchmarks once, the two versions of each program back to back and in
# the opposite order to the previous round, so that load from other work
# falls on both alike. It prints each version's median, every round's
# figure, and the rewritten ÷ callbacks ratio two ways: of the medians,
# and the median of the rounds' own ratios, steadier when the load drifts;
# each for the wall time per op and for the process's CPU time per op.
# Goal: the rewritten version within 10% of the callback one.
#
# Usage: bench/rewrite-cost.sh   (env: ROUNDS=9 ECHO=100000x CRAWL=30x)
#   ECHO is the round trips per echo run (128 connections on 2 processors),
#   CRAWL the ops per crawl run (50 crawls of 3 pages each).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-9}
echo_time=${ECHO:-100000x}
crawl_time=${CRAWL:-30x}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/echo.test" ./examples/echo
go test -c -o "$work/crawler.test" ./examples/crawler

# bench BINARY NAME BENCHTIME runs one benchmark in a process of its own
# and appends "NAME<tab>wall ns/op<tab>CPU ns/op" to $work/results. The
# CPU time is the process's user + system time (bash's time), which the
# machine's other load disturbs less than the wall time, over the ops of
# the timed run; it also counts the process's start and the benchmark's
# first, one-op run, small beside BENCHTIME's ops.
bench() {
	local TIMEFORMAT='%U %S'
	{ time "$work/$1" -test.run '^$' -test.bench "^Benchmark$2\$" -test.benchtime "$3" >"$work/out"; } 2>"$work/time" ||
		{ cat "$work/out" "$work/time" >&2; echo "rewrite-cost.sh: Benchmark$2 failed" >&2; exit 1; }
	awk -v name="$2" -v cpu="$(awk '{ print $1 + $2 }' "$work/time")" '/^Benchmark/ {
		for (i = 3; i < NF; i++) if ($(i+1) == "ns/op") print name "\t" $i "\t" cpu * 1e9 / $2
	}' "$work/out" >>"$work/results"
}

for ((round = 1; round <= rounds; round++)); do
	echo "round $round of $rounds..." >&2
	versions=(callbacks sequential)
	if ((round % 2 == 0)); then versions=(sequential callbacks); fi
	for v in "${versions[@]}"; do bench echo.test "Echo/$v" "$echo_time"; done
	for v in "${versions[@]}"; do bench crawler.test "Crawl/$v" "$crawl_time"; done
done

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "$(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores${cpu:+ ($cpu)}, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown); $(go version | cut -d' ' -f3)"
echo
echo "$rounds rounds; echo: $echo_time round trips a run, µs per round trip; crawl: $crawl_time ops a run, ms per op (150 pages)."
echo "Wall is the benchmark's ns/op; CPU is the process's CPU time per op (client, server and, for the crawl, the HTTP server: the same for both versions)."
echo
echo "| program | measure | callbacks (median) | rewritten (median) | ratio of medians | median of rounds' ratios | goal ≤ 1.10 | callbacks, each round | rewritten, each round |"
echo "|---|---|--:|--:|--:|--:|---|---|---|"
awk -F '\t' '
	function median(list,   v, k, i, j, t) {
		k = split(list, v, " ")
		for (i = 2; i <= k; i++)
			for (j = i; j > 1 && v[j-1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
		return k % 2 ? v[(k+1)/2] : (v[k/2] + v[k/2+1]) / 2
	}
	{
		split($1, p, "/")
		figures[p[1], p[2], "wall"] = figures[p[1], p[2], "wall"] " " $2
		figures[p[1], p[2], "CPU"] = figures[p[1], p[2], "CPU"] " " $3
	}
	END {
		n = split("Echo Crawl", programs, " ")
		split("wall CPU", measures, " ")
		scale["Echo"] = 1e3; scale["Crawl"] = 1e6
		for (i = 1; i <= n; i++) {
			prog = programs[i]
			for (m = 1; m <= 2; m++) {
				what = measures[m]
				k = split(figures[prog, "callbacks", what], cv, " "); split(figures[prog, "sequential", what], sv, " ")
				c = s = ratios = ""
				for (j = 1; j <= k; j++) {
					c = c sprintf(" %.4g", cv[j] / scale[prog])
					s = s sprintf(" %.4g", sv[j] / scale[prog])
					ratios = ratios " " sv[j] / cv[j]
				}
				mr = median(ratios)
				printf "| %s | %s | %.4g | %.4g | %.3f | %.3f | %s |%s |%s |\n", prog, what, median(c), median(s), median(s) / median(c), mr, mr <= 1.10 ? "met" : "missed", c, s
			}
		}
	}' "$work/results"
