#!/usr/bin/env bash
# The programs on the FastCGI wire, without a web server (tests/fcgiclient):
# a connection through a Unix socket is closed as soon as the answer is
# written; over TCP libfcgi's lingering close is kept.
#   tests/http/fcgi.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18482}
T=$(mktemp -d /tmp/ogi-fcgi-XXXXXX)
. tests/lib.sh
CLIENT=$BUILD/tests/fcgiclient
cleanup() {
	local f
	for f in "$T"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

mkdir -p "$T/data"
for prog in public staff; do
	env OGI_DATA="$T/data" spawn-fcgi -s "$T/$prog.sock" -P "$T/$prog.pid" -- \
	    "$BUILD/cgi-bin/ogi-$prog" >/dev/null
done
env OGI_DATA="$T/data" spawn-fcgi -a 127.0.0.1 -p "$PORT" -P "$T/tcp.pid" -- \
    "$BUILD/cgi-bin/ogi-public" >/dev/null

# ask NAME WHERE METHOD PATH [QUERY [BODY]]: the answer in $T/NAME
ask() {
	local name=$1
	shift
	"$CLIENT" "$@" >"$T/$name" 2>"$T/$name.err" || echo "fcgiclient failed: $(cat "$T/$name.err")" >>"$T/$name"
}
in_answer() { grep -qF -- "$2" "$T/$1"; }

ask get "unix:$T/public.sock" GET /requests
ok "unix socket: GET /requests answers 200" in_answer get "Status: 200 OK"
ok "unix socket: the whole page came" in_answer get "</html>"
ok "unix socket: the program closed the connection once it had answered" \
	in_answer get "connection: closed"

ask post "unix:$T/public.sock" POST /apply "" "form_token=x&kind=person"
ok "unix socket: a refused POST answers 4xx" grep -qE '^Status: 4[0-9][0-9] ' "$T/post"
ok "unix socket: the POST's body was read and the connection closed" \
	in_answer post "connection: closed"

ask staff "unix:$T/staff.sock" GET /staff/login
ok "unix socket: the staff program answers 200" in_answer staff "Status: 200 OK"
ok "unix socket: and closes the connection too" in_answer staff "connection: closed"

ask tcp "tcp:$PORT" GET /requests
ok "TCP: GET /requests answers 200" in_answer tcp "Status: 200 OK"
ok "TCP: the whole page came" in_answer tcp "</html>"
ok "TCP: libfcgi's lingering close is kept (the program still reads)" \
	in_answer tcp "connection: open"

# Run as root, the public program can read the staff side's files: it
# says so at start (SECURITY.md, "Two users"); under plain CGI it does not.
if [ "$(id -u)" -eq 0 ]; then
	printf '#!/bin/sh\nexec "%s" 2>>"%s"\n' "$(cd "$BUILD" && pwd)/cgi-bin/ogi-public" "$T/root.err" >"$T/wrap"
	chmod 755 "$T/wrap"
	env OGI_DATA="$T/data" spawn-fcgi -s "$T/root.sock" -P "$T/root.pid" -- "$T/wrap" >/dev/null
	ask asroot "unix:$T/root.sock" GET /
	ok "as root under FastCGI, the public program warns that it can read secret.key" \
		grep -q "ogi-public: warning: this program can read secret.key" "$T/root.err"
	env -i PATH="$PATH" OGI_DATA="$T/data" REQUEST_METHOD=GET PATH_INFO=/ \
	    "$BUILD/cgi-bin/ogi-public" </dev/null 2>"$T/cgi.err" >/dev/null
	ok "…under plain CGI it says nothing" test ! -s "$T/cgi.err"
fi
exit $((T_FAILS > 0))
