#!/usr/bin/env bash
# manychains.sh measures unhell on one file of N two-level callback chains
# (N = 100, 800 and 5,000 by default; the file is internal/chaingen's)
# beside go vet on the same package, in one run on one machine:
#
#   go vet        the go command's vet, no vet results cached
#   go vet -a     the same with every package rebuilt and analyzed again:
#                 the full analysis, as unhell standalone analyzes every
#                 dependency from source
#   unhell        report the chains; then -diff, then -fix
#
# Each cell is wall seconds, then CPU seconds (user + system, children
# included) and peak memory of that one command. On a machine shared with
# other work the CPU seconds are the steadier figure.
#
# Usage: bench/manychains.sh [N...]
#   UNHELL=path/to/unhell bench/manychains.sh ...   measures that binary
#   instead of one built from this tree (say, an older version)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
counts=("$@")
if ((${#counts[@]} == 0)); then
	counts=(100 800 5000)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go build -o "$work/chaingen" ./bench/chaingen)
unhell=${UNHELL:-$work/unhell}
if [[ -z ${UNHELL:-} ]]; then
	(cd "$repo" && go build -o "$unhell" ./cmd/unhell)
fi
# A build cache of its own, so that clearing it drops no one else's.
export GOWORK=off GOFLAGS=-mod=mod GOCACHE="$work/cache"

# measure CMD...: "wall s (cpu s, peak MB)" of one run of CMD in the
# current directory; unhell's findings make it exit 3, which is fine.
measure() {
	local code=0
	/usr/bin/time -o "$work/time" -f '%e %U %S %M' "$@" >/dev/null 2>"$work/stderr" || code=$?
	if ((code != 0 && code != 3)); then
		echo "$* failed with exit code $code:" >&2
		cat "$work/stderr" >&2
		exit 1
	fi
	tail -1 "$work/time" | awk '{ printf "%.2f (%.2f, %d MB)", $1, $2 + $3, $4 / 1024 }'
}

printf '| chains | go vet | go vet -a | unhell | unhell -diff | unhell -fix |\n'
printf '| ---: | --- | --- | --- | --- | --- |\n'
for n in "${counts[@]}"; do
	dir="$work/chains$n"
	mkdir -p "$dir"
	"$work/chaingen" "$n" "$dir"
	cd "$dir"
	go clean -cache && go build . # compiled dependencies cached, no vet results
	vet=$(measure go vet .)
	vet_a=$(measure go vet -a .)
	report=$(measure "$unhell" .)
	diff=$(measure "$unhell" -diff .)
	fix=$(measure "$unhell" -fix .)
	if grep -q 'get(v1, func' chains.go; then
		echo "unhell -fix left chains in the $n-chain file" >&2
		exit 1
	fi
	printf '| %d | %s | %s | %s | %s | %s |\n' "$n" "$vet" "$vet_a" "$report" "$diff" "$fix"
done
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores${cpu:+ ($cpu)}, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown); $(go version | cut -d' ' -f3); unhell ${UNHELL:-at $(cd "$repo" && git rev-parse --short HEAD)}"
echo "each cell: wall seconds (CPU seconds, peak memory)"
