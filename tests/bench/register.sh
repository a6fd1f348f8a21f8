#!/usr/bin/env bash
# Benchmark (not a test): the register with N cases on file, against a
# hello-world FastCGI program behind the same nginx.
#   tests/bench/register.sh BUILD N...
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
shift
SIZES=("${@:-100000 1000000}")
PORT=${PORT:-18500}
DUR=${DUR:-10}
export OGI_CONF=$top/data
T=$(mktemp -d /tmp/ogi-bench-XXXXXX)
chmod 755 "$T"
trap 'RUN=$T/run tools/ogi-site stop >/dev/null 2>&1; kill $(cat "$T/hello.pid" 2>/dev/null) 2>/dev/null; rm -rf "$T"' EXIT

# A ledger of n cases over 2020-2025: every channel, kind and a mix of
# outcomes, a third still open.
ledger() {
	awk -v n="$1" 'BEGIN {
		split("in_person fax online letter", ch, " ")
		split("person business research nonprofit legal other", k, " ")
		split("grant partial refuse_process unable_not_held decline_duplicate", o, " ")
		print "received,channel,applicant_kind,subject,extended,answered,outcome"
		for (i = 0; i < n; i++) {
			y = 2020 + i % 6; m = 1 + i % 12; d = 1 + i % 27
			rec = sprintf("%d-%02d-%02d", y, m, d)
			if (i % 3 == 2) { ans = ","; ext = 0 }
			else { ans = sprintf("%d-%02d-28,%s", y, m, o[1 + i % 5]); ext = i % 7 == 0 }
			printf "%s,%s,%s,事项%d,%d,%s\n", rec, ch[1 + i % 4], k[1 + i % 6], i, ext, ans
		}
	}'
}

wrk_line() {	# label url
	local out rps lat
	out=$(wrk -t2 -c16 -d"${DUR}s" --latency "$2" 2>&1)
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	lat=$(echo "$out" | awk '/^ +99%/ {print $2}')
	printf '%-44s %10s req/s   p99 %s\n' "$1" "$rps" "$lat"
}

printf 'ogi register benchmark, %s, %s cores, wrk %ss 2 threads 16 connections\n' \
	"$(date -u +%F)" "$(nproc)" "$DUR"
for n in ${SIZES[@]}; do
	rm -rf "$T/data" "$T/run"
	mkdir -p "$T/data" "$T/run/extra" "$T/run/sock"
	ledger "$n" >"$T/ledger.csv"
	t0=$(date +%s.%N)
	"$BUILD/ogi-admin" --data "$T/data" import-ledger "$T/ledger.csv" >/dev/null
	t1=$(date +%s.%N)
	# The floor: hello-world on the same nginx.
	cat >"$T/run/extra/hello.conf" <<CONF
location = /hello {
	include /etc/nginx/fastcgi_params;
	fastcgi_pass unix:$T/run/sock/hello.sock;
}
CONF
	PORT=$PORT DATA=$T/data RUN=$T/run tools/ogi-site start "$BUILD" >/dev/null 2>&1
	spawn-fcgi -s "$T/run/sock/hello.sock" -P "$T/hello.pid" -M 0666 -- \
	    "$BUILD/tests/bench/hello" >/dev/null
	t2=$(date +%s.%N)
	curl -s -o /dev/null "http://127.0.0.1:$PORT/requests"	# the index is built once
	curl -s -o /dev/null "http://127.0.0.1:$PORT/requests"
	t3=$(date +%s.%N)
	printf '\n%s cases: import %.1f s, first register page %.1f s, size of applications.csv %s\n' \
	    "$n" "$(echo "$t1 - $t0" | bc)" "$(echo "$t3 - $t2" | bc)" \
	    "$(du -h "$T/data/applications.csv" | cut -f1)"
	wrk_line "hello-world FastCGI (the floor)" "http://127.0.0.1:$PORT/hello"
	wrk_line "/requests (first page, newest first)" "http://127.0.0.1:$PORT/requests"
	wrk_line "/requests?view=answered&page=100" "http://127.0.0.1:$PORT/requests?view=answered&page=100"
	wrk_line "/requests?view=received&year=2024&type=org" \
	    "http://127.0.0.1:$PORT/requests?view=received&year=2024&type=org"
	wrk_line "/requests/2024-000100" "http://127.0.0.1:$PORT/requests/2024-000100"
	ps -o rss= -p $(cat "$T/run/public.pid" | tr '\n' ' ') |
		awk '{s += $1} END {printf "resident memory of the public programs: %d MiB\n", s / 1024}'
	PORT=$PORT RUN=$T/run tools/ogi-site stop >/dev/null
	kill "$(cat "$T/hello.pid")" 2>/dev/null || true
done
