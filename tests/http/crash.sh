#!/usr/bin/env bash
# Crash safety: 8 clients submit while the FastCGI programs and the web
# server are killed (SIGKILL) at random moments; after each round the site
# is restarted and every application whose receipt came back is on disk
# exactly once, the ids of the year run 1, 2, 3 … with none twice, and every
# CSV parses strictly.  The year is the site's (OGI_NOW when pinned, in the
# time zone of site.csv), not the machine's.   tests/http/crash.sh BUILD PORT ROUNDS
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18093}
ROUNDS=${3:-20}
T=$(mktemp -d /tmp/ogi-crash-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
BASE=http://127.0.0.1:$PORT
CSV=$BUILD/tests/csvcheck
. tests/lib.sh
cleanup() { tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT

# The year the site numbers applications in: its clock (site_now: OGI_NOW
# if set, else the machine's, both UTC) moved by utc_offset_minutes.
site_year() {
	local conf=${OGI_CONF:-data}/site.csv off now
	off=$(paste <("$CSV" "$conf" key) <("$CSV" "$conf" value) |
	    awk -F'\t' '$1 == "utc_offset_minutes" { print $2 }')
	if [ -n "${OGI_NOW:-}" ]; then
		now=$(date -u -d "$OGI_NOW" +%s) || return 1
	else
		now=$(date -u +%s)
	fi
	date -u -d "@$((now + ${off:-480} * 60))" +%Y
}

client() {	# round n: submit until the site is gone, note each receipt
	local tok id
	while :; do
		tok=$(curl -s --max-time 3 "$BASE/apply" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
		[ -n "$tok" ] || return 0
		id=$(curl -s --max-time 3 "${PERSON[@]}" --data-urlencode "form_token=$tok" "$BASE/apply" |
		    sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p')
		[ -n "$id" ] && echo "$id" >>"$T/acked"
	done
}
kill_all() {	# SIGKILL to the programs, then to the server, as a crash would
	local progs server
	progs=$(awk 1 "$RUN/public.pid" "$RUN/staff.pid" 2>/dev/null | tr '\n' ' ')
	server=$(cat "$RUN/nginx.pid" 2>/dev/null)
	kill -KILL $progs 2>/dev/null
	[ -n "$server" ] && kill -KILL $server $(pgrep -P "$server") 2>/dev/null
	rm -f "$RUN"/*.pid
}

: >"$T/acked"
survived=0
for r in $(seq "$ROUNDS"); do
	tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1 || { echo "not ok - round $r: the site starts"; sed "s/^/# /" "$T/start.log"; continue; }
	for n in $(seq 8); do client & done
	sleep "0.$((RANDOM % 9 + 2))"
	kill_all
	wait
	tools/ogi-site start "$BUILD" >/dev/null 2>&1
	# One more application repairs a row cut short by the crash, if any.
	tok=$(token)
	id=$(curl -s "${PERSON[@]}" --data-urlencode "form_token=$tok" "$BASE/apply" |
	    sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p')
	[ -n "$id" ] && echo "$id" >>"$T/acked"
	tools/ogi-site stop >/dev/null
	sort "$T/acked" >"$T/a"
	"$CSV" "$DATA/applications.csv" id 2>"$T/err" | sort >"$T/s"
	year=$(site_year)
	# At least one id of the year (the repair application's): an empty
	# list is not a sequence.
	seqok=$(grep "^$year-" "$T/s" | awk -F- '{ if ($2 + 0 != NR) bad = 1 } END { print bad || NR == 0 ? "no" : "yes" }')
	if [ -s "$T/err" ] || [ -n "$(comm -23 "$T/a" "$T/s")" ] || [ -n "$(uniq -d "$T/s")" ] ||
	    [ "$seqok" != yes ]; then
		echo "not ok - round $r: $(wc -l <"$T/a") acknowledged, $(wc -l <"$T/s") stored, $(grep -c "^$year-" "$T/s") of them numbered in $year"
		cat "$T/err" | sed 's/^/# /'
		continue
	fi
	for f in "$DATA"/*.csv; do
		"$CSV" "$f" >/dev/null 2>&1 || { echo "not ok - round $r: $f does not parse"; continue 2; }
	done
	survived=$((survived + 1))
done
echo "# $survived of $ROUNDS rounds survived; $(wc -l <"$T/acked") applications acknowledged, $(ls "$DATA"/*.torn 2>/dev/null | wc -l) torn-row files kept"
ok "every round: every acknowledged application on disk once, ids 1…n, CSVs strict ($survived/$ROUNDS)" \
	test "$survived" = "$ROUNDS"
ok "no program outlived the rounds" bash -c "! pgrep -f '$top/$BUILD/cgi-bin/[o]gi-' >/dev/null"
exit $((T_FAILS > 0))
