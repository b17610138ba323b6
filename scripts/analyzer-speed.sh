#!/usr/bin/env bash
# analyzer-speed.sh measures what running unhell standalone costs against
# go vet on the same tree: golang.org/x/tools/go/analysis/... at v0.52.0,
# with the build cache warm and no vet results cached.
#
# Usage: scripts/analyzer-speed.sh [runs]   (default 3 runs of each)
set -euo pipefail

runs=${1:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT

(cd "$repo" && go build -o "$work/unhell" ./cmd/unhell)
go mod download -json golang.org/x/tools@v0.52.0 >"$work/dl.json"
src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' "$work/dl.json")
cp -r "$src" "$work/tools"
chmod -R u+w "$work/tools"
cd "$work/tools"
go mod download
export GOCACHE="$work/cache"
go build ./go/analysis/... # warm the build cache

seconds() { # seconds CMD...: wall time of one run, in seconds
	local start end
	start=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || true # findings make both exit non-zero
	end=$(date +%s.%N)
	echo "$end - $start" | bc
}

printf 'run\tgo vet (s)\tunhell (s)\tratio\n'
for i in $(seq "$runs"); do
	# A fresh vet cache each run: drop vet results, keep compiled packages.
	go clean -cache && go build ./go/analysis/...
	vet=$(seconds go vet ./go/analysis/...)
	unhell=$(seconds "$work/unhell" ./go/analysis/...)
	printf '%d\t%.2f\t%.2f\t%.2f\n' "$i" "$vet" "$unhell" "$(echo "$unhell / $vet" | bc -l)"
done
