#!/usr/bin/env bash
# rewrite-cost.sh measures what unhell -fix costs a real program: the
# callback and the rewritten (sequential) versions of the echo server
# (examples/echo, BenchmarkEcho) and of the crawler (examples/crawler,
# BenchmarkCrawl), on loopback, in one run. Each round runs the four
# benchmarks once, the two versions of each program back to back and in
# the opposite order to the previous round, so that load from other work
# falls on both alike. It prints each version's median, every round's
# figure, and the rewritten ÷ callbacks ratio two ways: of the medians,
# and the median of the rounds' own ratios, steadier when the load drifts.
# Goal (issue 14): the rewritten version within 10% of the callback one.
#
# Usage: bench/rewrite-cost.sh   (env: ROUNDS=7 ECHO=20000x CRAWL=10x)
#   ECHO is the round trips per echo run (128 connections on 2 processors),
#   CRAWL the ops per crawl run (50 crawls of 3 pages each).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-7}
echo_time=${ECHO:-20000x}
crawl_time=${CRAWL:-10x}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/echo.test" ./examples/echo
go test -c -o "$work/crawler.test" ./examples/crawler

# bench BINARY NAME BENCHTIME appends "NAME<tab>ns/op" to $work/results.
bench() {
	"$work/$1" -test.run '^$' -test.bench "^Benchmark$2\$" -test.benchtime "$3" |
		awk -v name="$2" '/^Benchmark/ { for (i = 3; i < NF; i++) if ($(i+1) == "ns/op") print name "\t" $i }' >>"$work/results"
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
echo
echo "| program | callbacks (median) | rewritten (median) | rewritten ÷ callbacks: of medians | median of rounds' ratios | goal ≤ 1.10 | callbacks, each round | rewritten, each round |"
echo "|---|--:|--:|--:|--:|---|---|---|"
awk -F '\t' '
	function median(list,   v, k, i, j, t) {
		k = split(list, v, " ")
		for (i = 2; i <= k; i++)
			for (j = i; j > 1 && v[j-1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
		return k % 2 ? v[(k+1)/2] : (v[k/2] + v[k/2+1]) / 2
	}
	{ split($1, p, "/"); figures[p[1], p[2]] = figures[p[1], p[2]] " " $2 }
	END {
		n = split("Echo Crawl", programs, " ")
		scale["Echo"] = 1e3; scale["Crawl"] = 1e6
		for (i = 1; i <= n; i++) {
			prog = programs[i]
			k = split(figures[prog, "callbacks"], cv, " "); split(figures[prog, "sequential"], sv, " ")
			c = s = ratios = ""
			for (j = 1; j <= k; j++) {
				c = c sprintf(" %.4g", cv[j] / scale[prog])
				s = s sprintf(" %.4g", sv[j] / scale[prog])
				ratios = ratios " " sv[j] / cv[j]
			}
			mr = median(ratios)
			printf "| %s | %.4g | %.4g | %.3f | %.3f | %s |%s |%s |\n", prog, median(c), median(s), median(s) / median(c), mr, mr <= 1.10 ? "met" : "missed", c, s
		}
	}' "$work/results"
