#!/usr/bin/env bash
# Stop the site while 8 clients are submitting: every application whose
# receipt came back must be on disk, once, and the CSV must parse strictly.
#   tests/http/shutdown.sh BUILD PORT        (SERVER from the environment)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18097}
T=$(mktemp -d /tmp/ogi-stop-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
BASE=http://127.0.0.1:$PORT
CSV=$BUILD/tests/csvcheck
. tests/lib.sh
cleanup() { tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT

tools/ogi-site start "$BUILD" >/dev/null 2>&1
ok "${SERVER:-nginx}: the site starts" curl -fs -o /dev/null "$BASE/"
client() {	# n: submit up to 25 applications, note each id acknowledged
	local i tok id
	for i in $(seq 25); do
		tok=$(curl -s --max-time 5 "$BASE/apply" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
		[ -n "$tok" ] || break
		id=$(curl -s --max-time 5 "${PERSON[@]}" --data-urlencode "form_token=$tok" "$BASE/apply" |
		    sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p')
		[ -n "$id" ] && echo "$id" >>"$T/acked.$1"
	done
}
for n in $(seq 8); do client "$n" & done
sleep 1.5
tools/ogi-site stop
wait
cat "$T"/acked.* 2>/dev/null | sort >"$T/acked"
"$CSV" "$DATA/applications.csv" id | sort >"$T/stored" 2>"$T/csverr"
ok "${SERVER:-nginx}: some applications were acknowledged before the stop" test -s "$T/acked"
ok "${SERVER:-nginx}: the CSV parses strictly after the stop" test ! -s "$T/csverr"
ok "${SERVER:-nginx}: every acknowledged application is on disk" \
	bash -c "[ -z \"\$(comm -23 '$T/acked' '$T/stored')\" ]"
ok "${SERVER:-nginx}: no id twice" bash -c "[ -z \"\$(uniq -d '$T/stored')\" ]"
ok "${SERVER:-nginx}: no process left" bash -c "! pgrep -f '$top/$BUILD/cgi-bin/[o]gi-' >/dev/null && ! pgrep -f '$RUN/stag[e]' >/dev/null"
echo "# acknowledged $(wc -l <"$T/acked"), stored $(wc -l <"$T/stored")"
exit $((T_FAILS > 0))
