#!/usr/bin/env bash
# The web server's own part, behind each server: TRACE refused; a tracking
# code sent in a query string in no log under the run directory, whether
# the program is up, failing or down; each program's stderr in
# RUN/log/ogi-public.log and ogi-staff.log; behind nginx, the per-address
# limits (limit_req, limit_conn) and 127.0.0.1 exempt from them.
#   tests/http/servers.sh BUILD PORT        (SERVER from the environment)
# The limits are tried from other loopback addresses (127.0.0.3 to
# 127.0.0.7): the test suites all come from 127.0.0.1, which LIMIT_EXEMPT
# leaves out by default.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18121}
S=${SERVER:-nginx}
T=$(mktemp -d /tmp/ogi-servers-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
BASE=http://127.0.0.1:$PORT
. tests/lib.sh		# OGI_CONF: a copy in $T/conf, ours to break
client=
cleanup() {
	[ -n "$client" ] && kill "$client" 2>/dev/null && wait "$client" 2>/dev/null
	tools/ogi-site stop >/dev/null 2>&1
	RUN=$T/run2 tools/ogi-site stop >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
CODE=SECRETCODE1234

tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "$S: the site starts" curl -fs -o /dev/null "$BASE/"

# status FROM METHOD PATH [curl args...]: the status of one request.
status() {
	local from=$1 method=$2 path=$3
	shift 3
	curl -s -o "$T/body" -w '%{http_code}' --interface "$from" -X "$method" \
	    --max-time 20 "$@" "$BASE$path"
}
one_of() {	# status, allowed...
	local s=$1
	shift
	[[ " $* " == *" $s "* ]] || { echo "#   status $s, wanted one of $*" >&2; return 1; }
}

# TRACE would echo the request, cookies and all (Apache did).
for p in / /staff/login /static/ogi.css; do
	st=$(status 127.0.0.1 TRACE "$p" -H 'Cookie: ogi_session=COOKIE4TRACE')
	ok "$S: TRACE $p is refused (405 or 501)" one_of "$st" 405 501
	ok "$S: …and the cookie is not echoed" hasnt COOKIE4TRACE
done

if [ "$S" = nginx ]; then
	# 30 forms posted at once from one address: 20 at once and one every
	# 3 s are let through (to the program, which finds them empty: 400),
	# the rest get 429 with the busy page.
	n=0
	for i in $(seq 30); do
		st=$(status 127.0.0.3 POST /apply --data '')
		[ "$st" = 429 ] && n=$((n + 1))
	done
	ok "nginx: 30 forms posted at once from 127.0.0.3: 7 to 9 refused (429)" \
		test "$n" -ge 7 -a "$n" -le 9
	ok "nginx: …with the busy page in Chinese" has '暂时繁忙'
	ok "nginx: …while another address may post" one_of "$(status 127.0.0.4 POST /apply --data '')" 400
	ok "nginx: …and the same address may still read /track" one_of "$(status 127.0.0.3 GET /track)" 200
	n=0
	for i in $(seq 30); do
		st=$(status 127.0.0.1 POST /apply --data '')
		[ "$st" = 429 ] && n=$((n + 1))
	done
	ok "nginx: 30 forms posted at once from 127.0.0.1 (exempt): none refused" test "$n" -eq 0
	n=0
	for i in $(seq 15); do
		st=$(status 127.0.0.5 POST /staff/login --data '')
		[ "$st" = 429 ] && n=$((n + 1))
	done
	ok "nginx: 15 logins posted at once from 127.0.0.5: 3 to 4 refused (429)" \
		test "$n" -ge 3 -a "$n" -le 4
	n=0
	for i in $(seq 60); do
		st=$(status 127.0.0.6 GET /track)
		[ "$st" = 429 ] && n=$((n + 1))
	done
	ok "nginx: /track asked for 60 times at once from 127.0.0.6: some refused (429)" \
		test "$n" -ge 10 -a "$n" -le 19
	# 40 slow form bodies from one address: 32 are held, the others get
	# 429 at once (and the attacker opens them again a second later).
	sed -n "/<<'C'$/,/^C$/{//!p}" tests/http/slow.sh >"$T/slowc.c"
	cc -std=c11 -D_GNU_SOURCE -O2 -o "$T/slowc" "$T/slowc.c"
	"$T/slowc" "$PORT" 40 4 2 body:/requests 127.0.0.7 >"$T/slowc.log" 2>&1 &
	client=$!
	sleep 2.5
	# The server's established connections from there (/proc/net/tcp:
	# addresses in hexadecimal, 127.0.0.7 as 0700007F).
	held=$(awk -v port="$(printf '%04X' "$PORT")" '
		NR > 1 && $4 == "01" && substr($2, length($2) - 3) == port &&
		    $3 ~ /^0700007F:/ { n++ } END { print n + 0 }' /proc/net/tcp)
	ok "nginx: 40 slow bodies from 127.0.0.7: at most 32 held" test "$held" -le 32
	ok "nginx: …and another request from there is refused (429)" \
		one_of "$(status 127.0.0.7 GET /requests)" 429
	ok "nginx: …while another address is served" one_of "$(status 127.0.0.4 GET /requests)" 200
	wait "$client"
	client=
	ok "nginx: …the others were refused" awk '$2 == "open" { c = $7 } END { exit !(c >= 8) }' \
		"$T/slowc.log"
	LIMIT_EXEMPT='127.0.0.1; evil' RUN=$T/run2 tools/ogi-site start "$BUILD" >"$T/run2.log" 2>&1
	ok "nginx: LIMIT_EXEMPT with what is not an address: tools/ogi-site refuses to start" \
		grep -q 'LIMIT_EXEMPT: not an address' "$T/run2.log"
fi

# A tracking code sent in a query string, the program up.
st=$(status 127.0.0.1 GET "/track?code=$CODE")
ok "$S: GET /track?code= answered" one_of "$st" 200 400 404 405
st=$(status 127.0.0.1 POST /track --data "code=$CODE")

# The programs' stderr: a row that cannot be read on file makes each say
# so (and answer 503).
tok=$(token)
curl -s -o /dev/null --max-time 20 "${PERSON[@]}" --data-urlencode "form_token=$tok" "$BASE/apply"
ok "$S: an application is on file" test -s "$DATA/applications.csv"
echo '"broken"' >>"$DATA/applications.csv"
ok "$S: with a broken row on file, / is 503" one_of "$(status 127.0.0.1 GET /)" 503
ok "$S: …and ogi-public's stderr is in RUN/log/ogi-public.log" \
	grep -qs '^ogi-public: ' "$RUN/log/ogi-public.log"
status 127.0.0.1 GET /staff/login >/dev/null
ok "$S: …and ogi-staff's in RUN/log/ogi-staff.log" \
	grep -qs '^ogi-staff: ' "$RUN/log/ogi-staff.log"
st=$(status 127.0.0.1 GET "/track?code=$CODE")

# The programs down: killed, and (behind Apache, which starts them again)
# unable to start: site.csv broken.
programs() {	# spawn-fcgi's programs, or those below Apache's processes
	if [ "$S" != apache ]; then
		awk '{ printf "%s ", $1 }' "$RUN"/public.pid "$RUN"/staff.pid
		return
	fi
	ps -eo pid=,ppid=,comm= | awk -v root="$(cat "$RUN/$S.pid")" '
		{ parent[$1] = $2; comm[$1] = $3 }
		END {
			for (p in parent) {
				for (q = p; q in parent && q != root; q = parent[q]) ;
				if (q == root && comm[p] ~ /^ogi-/)
					printf "%s ", p
			}
		}'
}
echo 'garbage"' >"$OGI_CONF/site.csv"
pids=$(programs)
ok "$S: the programs are found" test -n "$pids"
kill $pids
sleep 0.5
st=$(status 127.0.0.1 GET "/track?code=$CODE")
ok "$S: the program down, GET /track?code= is an error" one_of "$st" 500 502 503
status 127.0.0.1 POST /track --data "code=$CODE" >/dev/null
if [ "$S" != apache ]; then
	rm -f "$RUN/sock/public.sock"	# a missing socket is logged louder
	ok "$S: …its socket gone too" one_of "$(status 127.0.0.1 GET "/track?code=$CODE")" 502 503
else
	ok "$S: …and the program that cannot start says why in ogi-public.log" \
		grep -qs '^ogi-public: site.csv' "$RUN/log/ogi-public.log"
fi
case $S in
nginx) down='connect\(\) to unix:' ;;
lighttpd) down='establishing connection failed|all handlers for' ;;
apache) down='mod_fcgid|End of script output' ;;
esac
# lighttpd tries a backend that failed again after a few seconds, and logs
# then: up to 8 s.
for n in $(seq 16); do
	st=$(status 127.0.0.1 GET "/requests?q=1")
	grep -qE "$down" "$RUN/log/$S-error.log" && break
	sleep 0.5
done
ok "$S: the failure is in the server's error log (for /requests)" \
	grep -qE "$down" "$RUN/log/$S-error.log"
ok "$S: no tracking code in any file under RUN/log" bash -c "! grep -rl '$CODE' '$RUN/log'"
grep -rn "$CODE" "$RUN/log" | sed 's/^/#   /' | cut -c1-200
exit $((T_FAILS > 0))
