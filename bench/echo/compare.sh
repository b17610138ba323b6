#!/usr/bin/env bash
# Compares three echo servers on loopback, one after the other in the same
# run, with the same Go client: the netloop server (callbacks on one unhell
# loop), Go's goroutine-per-connection server, and Node's net server. The
# netloop server runs twice, the second time with GOMAXPROCS=1: its
# callbacks run on one goroutine anyway, and one processor spares the
# hand-offs between threads, as Node's single thread does.
# For each it prints requests per second at CONNS concurrent connections
# (one request outstanding per connection, MSG-byte messages, for
# DURATION) and the memory per idle connection: the server's VmRSS (from
# /proc/<pid>/status) with the connections open and idle after one round
# trip each, minus its VmRSS before any connection, over CONNS; and the
# server's CPU time (user + system, from /proc/<pid>/stat) per request
# during the load, which the machine's other load disturbs less than the
# request rate. The servers
# take turns for ROUNDS rounds, so that load from elsewhere on the machine
# falls on all of them alike; the table shows the medians, and every
# round's requests per second.
#
# Usage: bench/echo/compare.sh   (env: CONNS=1000 MSG=64 DURATION=10s ROUNDS=3)
# Needs Go and node on PATH, and Linux (/proc).
set -euo pipefail
cd "$(dirname "$0")"

conns=${CONNS:-1000}
msg=${MSG:-64}
duration=${DURATION:-10s}
rounds=${ROUNDS:-3}

# Client and server each hold a descriptor per connection.
need=$((conns + 256))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
	ulimit -n "$need"
fi

work=$(mktemp -d)
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/" ./client ./loopserver ./goserver

# rss_kib prints the resident set size of process $1 in KiB.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# cpu_ticks prints the user + system CPU time of process $1 in clock ticks
# (fields 14 and 15 of /proc/<pid>/stat, counted after the ")" that ends
# the command name, which may contain spaces).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
hz=$(getconf CLK_TCK)

# wait_line waits until file $1 has a whole first line, up to 10 s, and
# prints it.
wait_line() {
	for _ in $(seq 100); do
		if [ -f "$1" ] && [ "$(wc -l <"$1")" -ge 1 ]; then head -n 1 "$1"; return; fi
		sleep 0.1
	done
	echo "compare.sh: no output in $1" >&2
	return 1
}

# measure NAME CMD... runs the server CMD, loads it, and appends a line
# "NAME<tab>requests/s<tab>KiB before<tab>KiB idle<tab>CPU µs per request"
# to $work/results.
measure() {
	local name=$1
	shift
	rm -f "$work/server.addr" "$work/client.out"
	"$@" >"$work/server.addr" &
	server_pid=$!
	local addr
	addr=$(wait_line "$work/server.addr")
	sleep 0.5
	local before
	before=$(rss_kib "$server_pid")
	"$work/client" -addr "$addr" -conns "$conns" -msg "$msg" -idle 3s -duration "$duration" >"$work/client.out" &
	local client_pid=$!
	wait_line "$work/client.out" >/dev/null
	sleep 1.5
	local idle
	idle=$(rss_kib "$server_pid")
	local cpu0
	cpu0=$(cpu_ticks "$server_pid")
	wait "$client_pid"
	local cpu1
	cpu1=$(cpu_ticks "$server_pid")
	local rps requests
	rps=$(awk '/^rps / { print $2 }' "$work/client.out")
	requests=$(awk '/^requests / { print $2 }' "$work/client.out")
	kill "$server_pid"
	wait "$server_pid" 2>/dev/null || true
	server_pid=
	local cpu
	cpu=$(awk -v t="$((cpu1 - cpu0))" -v hz="$hz" -v r="$requests" 'BEGIN { print t / hz * 1e6 / r }')
	printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$before" "$idle" "$cpu" >>"$work/results"
}

for _ in $(seq "$rounds"); do
	measure "netloop (unhell loop)" "$work/loopserver"
	measure "netloop, GOMAXPROCS=1" env GOMAXPROCS=1 "$work/loopserver"
	measure "Go, goroutine per connection" "$work/goserver"
	measure "Node net" node node/echo.js
done

echo "Echo on loopback: $conns connections, $msg-byte messages, $duration per run, $rounds rounds; $(date -u +%Y-%m-%d), $(nproc) cores, $(go version | cut -d' ' -f3), node $(node --version)"
echo
echo "| server | requests/s (median) | each round | server CPU µs per request | RSS before (MiB) | RSS idle (MiB) | KiB per idle connection |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: |"
awk -F '\t' -v n="$conns" '
	function median(list,   v, k, i, j, t) {
		k = split(list, v, " ")
		for (i = 2; i <= k; i++)
			for (j = i; j > 1 && v[j-1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
		return k % 2 ? v[(k+1)/2] : (v[k/2] + v[k/2+1]) / 2
	}
	!($1 in rps) { order[++count] = $1 }
	{
		rps[$1] = rps[$1] " " $2
		before[$1] = before[$1] " " $3
		idle[$1] = idle[$1] " " $4
		per[$1] = per[$1] " " ($4 - $3) / n
		cpu[$1] = cpu[$1] " " $5
	}
	END {
		for (i = 1; i <= count; i++) {
			s = order[i]
			printf "| %s | %d |%s | %.1f | %.1f | %.1f | %.2f |\n", s, median(rps[s]), rps[s], median(cpu[s]), median(before[s]) / 1024, median(idle[s]) / 1024, median(per[s])
		}
	}' "$work/results"
