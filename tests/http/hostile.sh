#!/usr/bin/env bash
# Hostile input, table-driven: each case its expected status, and nothing
# stored by any refused request.   tests/http/hostile.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18094}
T=$(mktemp -d /tmp/ogi-hostile-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
# The clock stands still (today, now): a throttled address's wait does not
# run out between two requests of a slow (sanitizer) build.
export OGI_NOW=$(date -u +%Y-%m-%dT%H:%M:%S)
BASE=http://127.0.0.1:$PORT
CSV=$BUILD/tests/csvcheck
. tests/lib.sh
cleanup() { tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT
count() { "$CSV" "$DATA/$1.csv" 2>/dev/null || echo 0; }
snapshot() { echo "$(count applications) $(count events) $(count staff)"; }

tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
adminpw=$(sed -n 's/.*password for admin (shown once): //p' "$T/start.log")
printf 'clerk-password-1\n' | "$BUILD/ogi-admin" --data "$DATA" adduser clerk --role clerk >/dev/null
NCASES=0

# hostile NAME WANT CURL-ARGS... : the status, and no record added.
hostile() {
	local name=$1 want=$2 before after
	shift 2
	NCASES=$((NCASES + 1))
	before=$(snapshot)
	STATUS=$(curl -s -o "$T/body" -D "$T/hdrs" -w '%{http_code}' --max-time 5 "$@")
	after=$(snapshot)
	ok "$name → $want" bash -c "[[ '$STATUS' == $want ]] || { echo '#   got $STATUS' >&2; false; }"
	ok "$name: nothing stored" test "$before" = "$after"
}

# Cross-site scripting in every field, shown back escaped (the form comes
# back because the ID number is wrong).
XSS='<script>alert(1)</script>"'"'"'><img src=x onerror=alert(1)>'
for f in applicant_type name employer id_type id_number org_name org_code org_kind \
	legal_rep contact_name phone email address postcode subject description \
	doc_number medium delivery publish_subject; do
	args=()
	for ((i = 0; i < ${#PERSON[@]}; i += 2)); do
		[[ ${PERSON[i + 1]} == "$f="* || ${PERSON[i + 1]} == id_number=* ]] && continue
		args+=("${PERSON[i]}" "${PERSON[i + 1]}")
	done
	[ $f = id_number ] || args+=(--data-urlencode id_number=110105199003071238)
	hostile "script in $f" 400 "${args[@]}" --data-urlencode "$f=$XSS" \
	    --data-urlencode "form_token=$(token)" "$BASE/apply"
	ok "script in $f: never shown raw" bash -c "! grep -qE '<script>alert|<img src=x' '$T/body'"
	[ $f = name ] && cp "$T/body" "$T/name.html"
done
ok "a typed script is shown back escaped" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x' "$T/name.html"

tok() { token; }
hostile "invalid UTF-8 bytes" 400 --data-binary $'applicant_type=person&name=\xff\xfe' "$BASE/apply"
hostile "overlong UTF-8 (%C0%AF)" 400 --data "applicant_type=person&name=%C0%AF&form_token=$(tok)" "$BASE/apply"
hostile "a surrogate (%ED%A0%80)" 400 --data "name=%ED%A0%80&form_token=$(tok)" "$BASE/apply"
hostile "a NUL byte" 400 --data "name=a%00b&form_token=$(tok)" "$BASE/apply"
hostile "a malformed escape" 400 --data "name=%4&form_token=$(tok)" "$BASE/apply"
noname=()
for ((i = 0; i < ${#PERSON[@]}; i += 2)); do
	[[ ${PERSON[i + 1]} == name=* ]] || noname+=("${PERSON[i]}" "${PERSON[i + 1]}")
done
hostile "CR LF in a one-line field" 400 "${noname[@]}" --data "name=a%0D%0Ab" \
	--data-urlencode "form_token=$(tok)" "$BASE/apply"
# Characters that look like nothing or turn text around, in a field the
# register and the Atom feed publish: refused, named.
nosubj=()
for ((i = 0; i < ${#PERSON[@]}; i += 2)); do
	[[ ${PERSON[i + 1]} == subject=* ]] || nosubj+=("${PERSON[i]}" "${PERSON[i + 1]}")
done
for c in "%EF%BF%BE:U+FFFE" "%EF%BF%BF:U+FFFF" "%EF%B7%90:U+FDD0" "%E2%80%AE:U+202E" \
    "%E2%81%A6:U+2066" "%C2%85:U+0085" "%7F:DEL"; do
	hostile "${c#*:} in the subject" 400 "${nosubj[@]}" --data "subject=abc${c%%:*}def" \
		--data-urlencode "form_token=$(tok)" "$BASE/apply"
done
ok "…each named beside its field" grep -q 'id="e-subject"' "$T/body"
hostile "a name over 50 characters" 400 --data-urlencode "name=$(printf '名%.0s' $(seq 51))" \
	--data-urlencode applicant_type=person --data-urlencode "form_token=$(tok)" "$BASE/apply"
head -c 70000 /dev/zero | tr '\0' a >"$T/big"
head -c 300000 /dev/zero | tr '\0' a >"$T/huge"
hostile "a body over 64 KB" 413 --data-binary "@$T/big" "$BASE/apply"
hostile "a body over 128 KB" 413 --data-binary "@$T/huge" "$BASE/apply"
hostile "a value over 32 KB" 400 --data-binary "name=$(head -c 33000 /dev/zero | tr '\0' b)" "$BASE/apply"
hostile "text/plain" 415 -H 'Content-Type: text/plain' --data-binary "applicant_type=person" "$BASE/apply"
hostile "JSON" 415 -H 'Content-Type: application/json' --data-binary '{"name":"x"}' "$BASE/apply"
hostile "multipart to a page that takes no files (/track)" 415 -F code=x "$BASE/track"
hostile "multipart without a boundary" 415 -H 'Content-Type: multipart/form-data' --data-binary x "$BASE/apply"
printf -- '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nabc' >"$T/cut"
hostile "multipart cut short (no close delimiter)" 400 -H 'Content-Type: multipart/form-data; boundary=xyz' \
	--data-binary "@$T/cut" "$BASE/apply"
printf -- '--xyz\r\nContent-Disposition: form-data; name="x"; filename="a.pdf"\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n--q--\r\n--xyz--\r\n' >"$T/nested"
hostile "multipart with a nested multipart part" 400 -H 'Content-Type: multipart/form-data; boundary=xyz' \
	--data-binary "@$T/nested" "$BASE/apply"
hostile "no Content-Length (chunked)" '4??' -H 'Transfer-Encoding: chunked' --data-binary @"$T/big" "$BASE/apply"
printf 'name=short' >"$T/short"
hostile "a body shorter than announced" '@(000|4??)' -H 'Content-Length: 500' --max-time 3 \
	--data-binary "@$T/short" "$BASE/apply"
hostile "a formula in a field, no token" 400 --data-urlencode "subject==cmd|' /C calc'!A0" "$BASE/apply"
t=$(tok)
c=${t:30:1}; [ "$c" = B ] && n=C || n=B
hostile "a forged form token" 400 "${PERSON[@]}" --data-urlencode "form_token=${t:0:30}$n${t:31}" "$BASE/apply"
hostile "a token from a form of tomorrow" 400 "${PERSON[@]}" --data-urlencode "form_token=$(printf 'A%.0s' $(seq 75))" "$BASE/apply"
hostile "DELETE" 405 -X DELETE "$BASE/apply"
hostile "PUT" 405 -X PUT --data x=1 "$BASE/track"
hostile "POST to the register" 405 --data x=1 "$BASE/requests"
hostile "path traversal in a request id" '4??' --path-as-is "$BASE/requests/../../etc/passwd"
hostile "an encoded traversal" '4??' "$BASE/requests/..%2F..%2Fetc%2Fpasswd"
hostile "traversal under /static" '4??' --path-as-is "$BASE/static/../../../etc/passwd"
hostile "a malformed request id" 400 "$BASE/requests/2026-00000x"
hostile "a request id with a NUL" '4??' "$BASE/requests/2026-%00"
hostile "an unknown request id" 404 "$BASE/requests/2026-999999"
hostile "a malformed year" 404 "$BASE/annual/20x6"
hostile "a tracking code with a NUL" 400 "$BASE/track?code=%00"
hostile "query-string flooding (100 pairs)" 400 "$BASE/requests?$(for i in $(seq 100); do printf 'a%d=1&' $i; done)"
hostile "a 20 KB query string" '4??' "$BASE/requests?q=$(head -c 20000 /dev/zero | tr '\0' a)"
hostile "an unknown view" 400 "$BASE/requests?view=../../etc"
hostile "a page beyond the last" 404 "$BASE/requests?page=999999"

# The staff desk.
hostile "a staff page without login" 303 "$BASE/staff/"
hostile "a staff POST without login" 303 --data step=withdraw "$BASE/staff/case/2026-000001"
login() {	# login password jar → status
	local t
	t=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
	curl -s -o /dev/null -w '%{http_code}' -b "$3" -c "$3" --data-urlencode "login=$1" \
	    --data-urlencode "password=$2" --data-urlencode "form_token=$t" "$BASE/staff/login"
}
# Session fixation: a cookie planted before login is not the one after it.
printf '127.0.0.1\tFALSE\t/staff\tFALSE\t0\togi_staff\tplanted-by-attacker\n' >"$T/jar"
ok "login works" test "$(login clerk clerk-password-1 "$T/jar")" = 303
ok "session fixation: the session is new at login" bash -c "! grep -q planted '$T/jar'"
csrf=$(curl -s -b "$T/jar" "$BASE/staff/" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
intake=(--data-urlencode channel=信函 --data-urlencode received=2026-01-05 "${PERSON[@]}")
ok "a letter is registered (case $(date +%Y)-000001)" bash -c "curl -s -b '$T/jar' $(printf "'%s' " "${intake[@]}") --data-urlencode 'csrf=$csrf' '$BASE/staff/new' | grep -q 'class=\"app-id\">'"
hostile "intake without a CSRF token" 403 -b "$T/jar" "${intake[@]}" "$BASE/staff/new"
hostile "intake with a made-up CSRF token" 403 -b "$T/jar" "${intake[@]}" \
	--data-urlencode "csrf=$(printf 'ab%.0s' $(seq 32))" "$BASE/staff/new"
login admin "$adminpw" "$T/ajar" >/dev/null
acsrf=$(curl -s -b "$T/ajar" "$BASE/staff/" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
hostile "intake with another session's CSRF token" 403 -b "$T/jar" "${intake[@]}" \
	--data-urlencode "csrf=$acsrf" "$BASE/staff/new"
curl -s -o /dev/null -b "$T/ajar" -c "$T/ajar" --data-urlencode "csrf=$acsrf" "$BASE/staff/logout"
hostile "a token of a session that logged out" 303 -b "$T/ajar" "${intake[@]}" \
	--data-urlencode "csrf=$acsrf" "$BASE/staff/new"
cookie=$(awk '$6 == "ogi_staff" {print $7}' "$T/jar")
hostile "a forged cookie (another login)" 303 -H "Cookie: ogi_staff=${cookie/clerk|/admin|}" "$BASE/staff/users"
hostile "a cookie with its MAC cut" 303 -H "Cookie: ogi_staff=${cookie%|*}" "$BASE/staff/"
hostile "a cookie of garbage" 303 -H "Cookie: ogi_staff=%00%ff;;;" "$BASE/staff/"
hostile "a cookie from the future" 303 -H "Cookie: ogi_staff=$(echo "$cookie" | sed 's/|[0-9]*|[0-9]*|/|9999999999|9999999999|/')" "$BASE/staff/"
hostile "a clerk on the accounts page" 403 -b "$T/jar" "$BASE/staff/users"
hostile "a clerk disabling the admin" 403 -b "$T/jar" --data-urlencode "csrf=$csrf" \
	--data-urlencode login=admin "$BASE/staff/users"
hostile "a step of an unknown kind" 400 -b "$T/jar" --data-urlencode "csrf=$csrf" \
	--data-urlencode step=delete_everything "$BASE/staff/case/$(date +%Y)-000001"
hostile "a case id with a path" 404 -b "$T/jar" --path-as-is "$BASE/staff/case/../../etc/passwd"
for i in $(seq 8); do login clerk wrong "$T/bj" >/dev/null; done
hostile "brute force: after 8 wrong passwords the address waits" 429 --data-urlencode login=clerk --data-urlencode password=wrong \
	--data-urlencode "form_token=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')" \
	"$BASE/staff/login"
ok "…the right password from there too" test "$(login clerk clerk-password-1 "$T/cj")" = 429
ok "at least 50 hostile cases ($NCASES)" test $NCASES -ge 50
echo "# $NCASES hostile cases"
ok "the records parse strictly after it all" bash -c "'$CSV' '$DATA/applications.csv' >/dev/null 2>&1 || [ ! -e '$DATA/applications.csv' ]"
tools/ogi-site stop
ok "no program error was logged" bash -c "! grep -qiE 'sanitizer|runtime error|leak' $RUN/log/* 2>/dev/null"
exit $((T_FAILS > 0))
