#!/usr/bin/env bash
# A staff page's latency alone, and while 100 wrong-password logins from
# 100 addresses (127.0.2.1-100, unknown login names, so that each costs an
# Argon2id check) arrive at once.   tests/bench/login-flood.sh BUILD PORT
# Prints one Markdown table row per condition.  Bounded: the logins give
# up after 60 s.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18990}
T=$(mktemp -d /tmp/ogi-flood-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
trap 'tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"' EXIT
tools/ogi-site start "$BUILD" >/dev/null 2>&1 || { echo "| (the site did not start) | | | |"; exit 1; }
B=http://127.0.0.1:$PORT
# 40 requests of /staff/login (through the program's lock), 0.1 s apart.
lat() {
	for i in $(seq 40); do
		curl -s -o /dev/null --max-time 30 -w '%{time_total}\n' "$B/staff/login" &
		sleep 0.1
	done | sort -n | awk '{v[NR] = $1} END {printf "%.0f | %.0f | %.0f", v[20] * 1000, v[36] * 1000, v[NR] * 1000}'
}
echo "| a staff page alone | $(lat) | |"
tok=$(curl -s "$B/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
for i in $(seq 100); do
	curl -s -o /dev/null -w '%{http_code}\n' --interface "127.0.2.$i" --max-time 60 \
	    --data-urlencode "login=user$i" --data-urlencode "password=wrong$i" \
	    --data-urlencode "form_token=$tok" "$B/staff/login" >>"$T/codes" &
done
sleep 0.3
row=$(lat)
wait
codes=$(sort "$T/codes" | uniq -c | awk '{printf "%s%s×%s", sep, $1, $2; sep = ", "}')
echo "| …under 100 logins at once | $row | $codes |"
