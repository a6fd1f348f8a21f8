#!/usr/bin/env bash
# The programs as plain CGI: environment variables and stdin, no server.
#   tests/http/cgi.sh BUILD
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
BIN=$BUILD/cgi-bin/ogi-public
CSV=$BUILD/tests/csvcheck
T=$(mktemp -d /tmp/ogi-cgi-XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

urlencode() {
	local LC_ALL=C s=$1 i c
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[a-zA-Z0-9._~-]) printf '%s' "$c" ;;
		*) printf '%%%02X' "'$c" ;;
		esac
	done
}

# cgi METHOD PATH [QUERY] [CONTENT_LENGTH]: stdin is the body; output in $T/out
cgi() {
	env -i PATH="$PATH" OGI_DATA="$T" OGI_CONF="$OGI_CONF" \
	    ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} \
	    REQUEST_METHOD="$1" PATH_INFO="$2" QUERY_STRING="${3:-}" \
	    ${4:+CONTENT_LENGTH="$4"} \
	    CONTENT_TYPE=application/x-www-form-urlencoded \
	    GATEWAY_INTERFACE=CGI/1.1 "$BIN" >"$T/out" 2>"$T/err"
}
out_has() { grep -qF -- "$1" "$T/out"; }

cgi GET / </dev/null
ok "CGI: GET / answers 200" out_has "Status: 200 OK"
ok "CGI: HTML in UTF-8" out_has "Content-Type: text/html; charset=utf-8"
ok "CGI: the home page" out_has '<html lang="zh-CN">'
cgi HEAD /apply </dev/null
ok "CGI: HEAD answers 200" out_has "Status: 200 OK"
ok "CGI: HEAD has no body" bash -c "! grep -q '<html' '$T/out'"
cgi GET /apply </dev/null
ok "CGI: the form" out_has 'name="form_token"'
tok=$(sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p' "$T/out")

body="applicant_type=person&name=$(urlencode 张测试)&id_type=passport&id_number=E1234567"
body+="&phone=13800000000&address=$(urlencode 示例路1号)&subject=$(urlencode 预算)"
body+="&description=$(urlencode 请提供)&medium=paper&delivery=pickup&form_token=$tok"
printf '%s' "$body" >"$T/body"
cgi POST /apply "" "${#body}" <"$T/body"
ok "CGI: a valid application is accepted" out_has "Status: 200 OK"
ok "CGI: the receipt has the id" out_has "$(date +%Y)-000001"
ok "CGI: one row stored" test "$("$CSV" "$T/applications.csv")" = 1
code=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/out")
body="code=$code"
cgi POST /track "" "${#body}" <<<"$body"
ok "CGI: the case is tracked" out_has "$(date +%Y)-000001"
cgi GET /track "code=$code" </dev/null
ok "CGI: a code in the address is refused" out_has "Status: 400"

printf 'applicant_type=person' | cgi POST /apply "" 500
ok "CGI: a body shorter than announced is 400" out_has "Status: 400"
cgi POST /apply "" "" </dev/null
ok "CGI: no CONTENT_LENGTH is 411" out_has "Status: 411"
cgi POST /apply "" "-5" </dev/null
ok "CGI: a negative CONTENT_LENGTH is 400" out_has "Status: 400"
cgi POST /apply "" "99999999999999999999" </dev/null
ok "CGI: an absurd CONTENT_LENGTH is refused" out_has "Status: 4"
cgi GET /nowhere </dev/null
ok "CGI: an unknown page is 404" out_has "Status: 404"
ok "CGI: still one row" test "$("$CSV" "$T/applications.csv")" = 1
ok "CGI: nothing on stderr" test ! -s "$T/err"

# Escaping by construction: raw markup compiles only from a literal, a
# header only from a literal name and format; the same with a literal does.
cat >"$T/lit.c" <<'EOF'
#include "ogi/cgi.h"
#include "ogi/html.h"
void f(struct buf *b, struct cgi_resp *r, const char *s);
void f(struct buf *b, struct cgi_resp *r, const char *s)
{
#ifdef RAW
	html_lit(b, s);
#elif defined(FMT)
	html_printf(b, s);
#elif defined(HDR)
	(void)cgi_header(r, s, "x");
#else
	html_lit(b, "<p>");
	html_printf(b, "<a href=\"/requests/%s\">%d</a>", s, 1);
	(void)cgi_header(r, "Vary", "%s", s);
#endif
}
EOF
lit() { cc -Iinclude -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wformat=2 -Werror \
	-fsyntax-only "$@" "$T/lit.c" 2>/dev/null; }
nolit() { ! lit "$@"; }
ok "html_lit, html_printf, cgi_header compile with literals" lit
ok "html_lit of a variable does not compile" nolit -DRAW
ok "html_printf with a variable format does not compile" nolit -DFMT
ok "cgi_header with a variable name does not compile" nolit -DHDR

exit $((T_FAILS > 0))
