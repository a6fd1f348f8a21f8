#!/usr/bin/env bash
# Abuse control on the public form: the hidden field, the minimum fill
# time, the per-address limit — each a clear page, nothing stored.
#   tests/http/abuse.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18096}
T=$(mktemp -d /tmp/ogi-abuse-XXXXXX)
chmod 755 "$T"
mkdir -p "$T/conf"
cp data/*.csv "$T/conf/"
sed -i 's/^apply_min_seconds,.*/apply_min_seconds,2/; s/^apply_per_ip_per_hour,.*/apply_per_ip_per_hour,3/' "$T/conf/site.csv"
chmod -R a+rX "$T/conf"
export OGI_KEEP_LIMITS=1 OGI_CONF=$T/conf PORT DATA=$T/data RUN=$T/run
BASE=http://127.0.0.1:$PORT
CSV=$BUILD/tests/csvcheck
. tests/lib.sh
cleanup() { tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT
rows() { "$CSV" "$DATA/applications.csv" 2>/dev/null || echo 0; }

tools/ogi-site start "$BUILD" >/dev/null 2>&1
tok=$(token)
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$tok"
ok "a form sent at once is refused (400)" status_is 400
ok "…with a clear page" has '至少2秒才能提交'
ok "…keeping what was typed" has 'value="张测试"'
ok "…and nothing stored" test "$(rows)" = 0
sleep 2.2
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$tok"
ok "the same form sent after 2 seconds is accepted" status_is 200
for i in 1 2; do
	t=$(token)
	sleep 2.1
	curl -s -o /dev/null "${PERSON[@]}" --data-urlencode "form_token=$t" "$BASE/apply"
done
ok "three from this address" test "$(rows)" = 3
t=$(token)
sleep 2.1
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$t"
ok "the fourth within the hour is refused (429)" status_is 429
ok "…saying why and what else to do" has '一小时内最多提交3份申请'
ok "…keeping what was typed" has 'value="张测试"'
ok "…and nothing stored" test "$(rows)" = 3
ok "the limit's file holds no address" bash -c "! grep -q '127.0.0.1' '$DATA/ratelimit.csv'"
ok "the limit's file parses strictly" bash -c "'$CSV' '$DATA/ratelimit.csv' >/dev/null"
# Another address (as plain CGI, where REMOTE_ADDR is ours to set) may apply.
cgi() {
	env -i PATH="$PATH" OGI_DATA="$DATA" OGI_CONF="$OGI_CONF" REQUEST_METHOD="$1" \
	    PATH_INFO=/apply REMOTE_ADDR=192.0.2.7 ${2:+CONTENT_LENGTH="$2"} \
	    CONTENT_TYPE=application/x-www-form-urlencoded "$BUILD/cgi-bin/ogi-public"
}
t=$(cgi GET </dev/null | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
sleep 2.1
body="applicant_type=person&name=Li&id_type=passport&id_number=E1&phone=13800000000&address=A&subject=S&description=D&medium=paper&delivery=pickup&form_token=$t"
printf '%s' "$body" | cgi POST ${#body} >"$T/other"
ok "another address may still apply" grep -q 'Status: 200' "$T/other"
http POST /apply "${PERSON[@]}" --data-urlencode website=spam --data-urlencode "form_token=$(token)"
ok "the hidden robot field filled: refused (400)" status_is 400
ok "…with a clear page" has '不应填写的隐藏项目'
exit $((T_FAILS > 0))
