#!/usr/bin/env bash
# HTTP tests of the citizen's pages, through nginx exactly as `make start`
# runs the site.   tests/http/public.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18080}
T=$(mktemp -d /tmp/ogi-http-XXXXXX)
chmod 755 "$T"	# as make start would find it: reachable by www-data
export PORT DATA=$T/data RUN=$T/run
BASE=http://127.0.0.1:$PORT
# Sanitizer reports, if the build has them, land where the last check looks.
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$RUN/log/ubsan:print_stacktrace=1"
CSV=$BUILD/tests/csvcheck
. tests/lib.sh

rows() { "$CSV" "$DATA/applications.csv" 2>/dev/null || echo 0; }

cleanup() { tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT

ok "make start serves the site" tools/ogi-site start "$BUILD"

# Pages
http GET /
ok "home answers 200" status_is 200
ok "home is HTML in UTF-8" header 'Content-Type: text/html; charset=utf-8'
ok "home is in Chinese" has '<html lang="zh-CN">'
ok "home links to the form" has 'href="/apply"'
ok "home links to tracking" has 'href="/track"'
ok "home quotes the law from data/texts.csv: who may apply (第二十七条)" has '（《中华人民共和国政府信息公开条例》第二十七条）'
ok "…and the time limits of limits.csv (20 + 20, 第三十三条)" \
	has '自收到申请之日起20个工作日内答复；需要延长的，经批准可延长不超过20个工作日，并告知申请人（《条例》第三十三条）'
ok "…and the 补正 within 7 working days (第三十条)" has '在收到申请之日起7个工作日内一次性告知补正'
ok "…with the body's name filled in, not a placeholder" bash -c "! grep -q '{body}\|{answer_days}' '$T/body'"
ok "pages forbid framing and foreign sources" header "Content-Security-Policy: default-src 'none'"
http GET /static/ogi.css
ok "the stylesheet is served by the web server" status_is 200

http GET /apply
ok "the form answers 200" status_is 200
for f in applicant_type name employer id_type id_number org_name org_code org_kind \
	legal_rep contact_name phone email address postcode subject description \
	doc_number medium delivery publish_subject form_token; do
	ok "the form has the field $f" has "name=\"$f\""
done
ok "every input has a label" bash -c "[ \$(grep -c '<label for=\"f-' '$T/body') -ge 15 ]"
ok "publish_subject is unchecked by default" bash -c \
	"! grep -q 'name=\"publish_subject\" value=\"1\" checked' '$T/body'"
ok "the form explains the time limits" has '20个工作日'
http HEAD /apply
ok "HEAD /apply answers 200" status_is 200
ok "HEAD has no body" hasnt '<html'
ok "HEAD gives the length of the GET body" header 'Content-Length: [1-9]' 

# A valid submission
tok=$(token)
ok "the form carries a token" test -n "$tok"
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$tok"
ok "a valid application is accepted" status_is 200
ok "the receipt shows the id" has "class=\"app-id\">$(date +%Y)-000001<"
code=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body")
ok "the receipt shows a grouped code of 20 characters" \
	bash -c "[[ '$code' =~ ^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$ ]]"
ok "the receipt is not cached" header 'Cache-Control: no-store'
ok "the receipt says the code is shown once" has '查询码只显示这一次'
ok "…and, with no mail_from in site.csv, claims no mail" hasnt '发送到您填写的电子邮箱'
ok "…and queues none" bash -c "[ ! -s '$DATA/outbox.csv' ]"
ok "one row is stored" test "$(rows)" = 1
ok "the CSV parses strictly" bash -c "'$CSV' '$DATA/applications.csv' >/dev/null"
ok "the row is online and awaiting confirmation" \
	grep -q '"网络","待确认收到"' "$DATA/applications.csv"
ok "the tracking code is not stored" bash -c "! grep -q '$code' '$DATA/applications.csv'"
ok "the code's hash is stored" bash -c "[ -n \"\$('$CSV' '$DATA/applications.csv' code_hash)\" ]"

# Tracking
http POST /track --data-urlencode "code=$code"
ok "tracking by code answers 200" status_is 200
ok "tracking shows the id" has "$(date +%Y)-000001"
ok "tracking shows the state" has '待确认收到'
ok "tracking says the due date follows confirmation" has '确认收到后'
ok "tracking shows no personal data" hasnt '张测试'
ok "tracking is not cached" header 'Cache-Control: no-store'
loose=$(echo "$code" | tr 'A-Z' 'a-z' | tr -d '-')
http POST /track --data-urlencode "code=$loose"
ok "a code typed in lower case without hyphens is found" has "$(date +%Y)-000001"
http GET "/track?code=$code"
ok "a code in the address is refused (400)" status_is 400
ok "…without showing it back" hasnt "$code"
ok "…and says how to look it up" has '在表单中输入查询码'
http GET "/track?code=$loose&x=1"
ok "…in any spelling" status_is 400
ok "the access log holds no code" bash -c "! grep -qi '$loose\|$code' '$RUN/log/access.log'"
http GET /track
ok "the tracking form is shown" has 'name="code"'
http POST /track --data-urlencode "code=ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ"
ok "an unknown code is not found (404)" status_is 404
sed 's/ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ/CODE/' "$T/body" >"$T/nf1"
http POST /track --data-urlencode "code=garbage"
ok "a malformed code is not found (404)" status_is 404
sed 's/garbage/CODE/' "$T/body" >"$T/nf2"
ok "wrong codes all get the same answer" cmp -s "$T/nf1" "$T/nf2"

# Double submission
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$tok"
ok "sending the same form twice is refused (409)" status_is 409
ok "the refusal names the first application" has "$(date +%Y)-000001"
ok "no second row" test "$(rows)" = 1

# An organisation
http POST /apply "${ORG[@]}" --data-urlencode "form_token=$(token)"
ok "an organisation's application is accepted" status_is 200
ok "it gets the next id" has "class=\"app-id\">$(date +%Y)-000002<"
ok "two rows" test "$(rows)" = 2

# Refusals: each 400 with the form again, nothing stored.
refuse() {	# name, expected status, then curl data args
	local name=$1 want=$2
	shift 2
	local before
	before=$(rows)
	http POST /apply "$@"
	ok "$name: refused with $want" status_is "$want"
	ok "$name: nothing stored" test "$(rows)" = "$before"
	ok "$name: the page is in Chinese" has 'lang="zh-CN"'
}
with() {	# field=value... replacing PERSON's fields
	local a=() i kv skip
	for ((i = 0; i < ${#PERSON[@]}; i += 2)); do
		skip=0
		for kv in "$@"; do
			[[ ${PERSON[i + 1]} == "${kv%%=*}="* ]] && skip=1
		done
		[ $skip = 1 ] || a+=("${PERSON[i]}" "${PERSON[i + 1]}")
	done
	for kv in "$@"; do a+=(--data-urlencode "$kv"); done
	a+=(--data-urlencode "form_token=$(token)")
	printf '%s\0' "${a[@]}"
}
mapfile -d '' args < <(with name=)
refuse "missing name" 400 "${args[@]}"
ok "missing name: the error is beside the field" has 'id="e-name"'
ok "missing name: the other values are kept" has 'value="13800000000"'
mapfile -d '' args < <(with id_number=110105199003071238)
refuse "wrong ID check digit" 400 "${args[@]}"
ok "wrong ID check digit: named" has '校验位'
ok "wrong ID check digit: the typed number is kept" has 'value="110105199003071238"'
mapfile -d '' args < <(with email=not-an-address)
refuse "bad e-mail" 400 "${args[@]}"
mapfile -d '' args < <(with phone=12ab)
refuse "bad phone" 400 "${args[@]}"
mapfile -d '' args < <(with postcode=12345)
refuse "bad postcode" 400 "${args[@]}"
mapfile -d '' args < <(with subject=)
refuse "missing subject" 400 "${args[@]}"
mapfile -d '' args < <(with "description=$(printf '长%.0s' $(seq 2001))")
refuse "description over 2000 characters" 400 "${args[@]}"
mapfile -d '' args < <(with applicant_type=robot)
refuse "unknown applicant type" 400 "${args[@]}"
mapfile -d '' args < <(with medium=stone)
refuse "unknown medium" 400 "${args[@]}"
mapfile -d '' args < <(with 'name=<script>alert(1)</script>' id_number=1)
refuse "script in a field" 400 "${args[@]}"
ok "script in a field: shown escaped" has '&lt;script&gt;alert(1)&lt;/script&gt;'
ok "script in a field: never raw" hasnt '<script>'
mapfile -d '' args < <(with $'name=a\r\nb')
refuse "line break in a one-line field" 400 "${args[@]}"
refuse "org with a wrong credit code" 400 "${ORG[@]/91110000MA0012345C/91110000MA0012345D}" \
	--data-urlencode "form_token=$(token)"
ok "wrong credit code: named" has 'id="e-org_code"'
refuse "invalid UTF-8" 400 --data "applicant_type=person&name=%FF&form_token=$(token)"
refuse "overlong UTF-8" 400 --data "applicant_type=person&name=%C0%AF&form_token=$(token)"
refuse "a NUL byte" 400 --data "applicant_type=person&name=a%00b&form_token=$(token)"
refuse "a malformed escape" 400 --data "applicant_type=person&name=%zz&form_token=$(token)"
refuse "the hidden robot trap filled in" 400 "${PERSON[@]}" --data-urlencode website=http://spam.example \
	--data-urlencode "form_token=$(token)"
refuse "no form token" 400 "${PERSON[@]}"
ok "no form token: the values are kept" has 'value="张测试"'
ok "no form token: a new token comes with the form" has 'name="form_token" value="'
refuse "a forged token" 400 "${PERSON[@]}" --data-urlencode "form_token=$(printf 'A%.0s' $(seq 75))"
refuse "wrong content type" 415 -H 'Content-Type: text/plain' --data-binary "applicant_type=person"
refuse "a multipart body without a form token" 400 -F applicant_type=person
ok "…read as the form (multipart is the form's own encoding)" has 'name="form_token" value="'
head -c 70000 /dev/zero | tr '\0' a >"$T/big"
refuse "a body over 64 KB (stopped by the program)" 413 --data-binary "@$T/big"
ok "over 64 KB: said in Chinese" has '64 KB'
head -c 300000 /dev/zero | tr '\0' a >"$T/huge"
refuse "a body over 128 KB (stopped by the web server)" 413 --data-binary "@$T/huge"

http GET /nowhere
ok "an unknown page is 404" status_is 404
ok "the 404 page is in Chinese" has '页面不存在'
http PUT /apply --data x=1
ok "PUT is 405" status_is 405
ok "405 says what is allowed" header 'Allow: GET, HEAD, POST'
http POST /track --data "code=%FF"
ok "a bad query string is 400" status_is 400

# 20 applications at once: 20 rows, 20 distinct, sequential ids.
before=$(rows)
for i in $(seq 20); do token >"$T/tok$i"; done
for i in $(seq 20); do
	curl -s --max-time 30 -o "$T/conc$i" "${PERSON[@]}" \
	    --data-urlencode "form_token=$(cat "$T/tok$i")" "$BASE/apply" &
done
wait
ids=$(cat "$T"/conc* | sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' | sort)
ok "20 concurrent submissions: 20 receipts" test "$(echo "$ids" | grep -c .)" = 20
ok "20 concurrent submissions: 20 distinct ids" test "$(echo "$ids" | sort -u | grep -c .)" = 20
first=$((before + 1))
want=$(for i in $(seq $first $((before + 20))); do printf '%s-%06d\n' "$(date +%Y)" "$i"; done)
ok "20 concurrent submissions: sequential ids" test "$ids" = "$want"
ok "20 concurrent submissions: 20 rows" test "$(rows)" = $((before + 20))
ok "the CSV still parses strictly" bash -c "'$CSV' '$DATA/applications.csv' >/dev/null"

# make stop ends what make start began.
pids=$(cat "$RUN"/*.pid 2>/dev/null | tr '\n' ' ')
tools/ogi-site stop
sleep 0.2
ok "make stop ends every process it started" bash -c "! kill -0 $pids 2>/dev/null"
ok "no program error was logged" bash -c "! grep -qiE 'sanitizer|runtime error|leak' $RUN/log/* 2>/dev/null"

exit $((T_FAILS > 0))
