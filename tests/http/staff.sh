#!/usr/bin/env bash
# HTTP tests of the staff desk through nginx, as `make start` runs it, with
# the clock pinned (OGI_NOW) so that every due date is worked out by hand.
#   tests/http/staff.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18090}
T=$(mktemp -d /tmp/ogi-staff-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
# Monday 2026-03-02, 10:00 in Beijing.
export OGI_NOW=2026-03-02T02:00:00
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$RUN/log/ubsan:print_stacktrace=1"
BASE=http://127.0.0.1:$PORT
CSV=$BUILD/tests/csvcheck
ADMIN=$BUILD/ogi-admin
. tests/lib.sh

cleanup() { tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT
rows() { "$CSV" "$DATA/$1.csv" 2>/dev/null || echo 0; }

tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "make start serves the site" grep -q serving "$T/start.log"
ok "the first start makes an admin and shows its password" grep -q 'password for admin' "$T/start.log"
adminpw=$(sed -n 's/.*password for admin (shown once): //p' "$T/start.log")
ok "the admin's password is in staff.csv only as an Argon2id hash" \
	bash -c "grep -q 'argon2id' '$DATA/staff.csv' && ! grep -q -- '$adminpw' '$DATA/staff.csv'"
printf 'clerk-password-1\n' | OGI_DATA=$DATA "$ADMIN" adduser clerk --role clerk --name 王办理 >/dev/null
printf 'victim-password\n' | OGI_DATA=$DATA "$ADMIN" adduser victim --role clerk >/dev/null
ok "ogi-admin adds staff with a password from stdin" bash -c "'$ADMIN' --data '$DATA' list | grep -q '^clerk '"
ok "files ogi-admin makes as root belong to the site's user" \
	bash -c "[ -z \"\$(find '$DATA' -type f -user root)\" ] && [ \"\$(stat -c %U '$DATA/staff.csv')\" = \"\$(stat -c %U '$DATA')\" ]"
ok "…and keep their modes: staff.csv 0600" test "$(stat -c %a "$DATA/staff.csv")" = 600

# Privilege separation (SECURITY.md): as root, the public program runs as
# ogi-public and cannot read the staff side's files nor its key; the
# staff program runs as ogi.  (Apache's mod_fcgid starts both as ogi.)
if [ "$(id -u)" -eq 0 ] && [ "${SERVER:-nginx}" != apache ]; then
	users_of() { xargs -r ps -o user:20= -p <"$RUN/$1.pid" | sort -u | tr -d ' '; }
	ok "the public program runs as ogi-public (each of its processes)" test "$(users_of public)" = ogi-public
	ok "the staff program runs as ogi" test "$(users_of staff)" = ogi
	for f in staff.csv sessions.csv audit.csv secret.key; do
		ok "ogi-public cannot read $f" bash -c "! runuser -u ogi-public -- cat '$DATA/$f' >/dev/null 2>&1"
	done
	ok "ogi-public cannot write in the data directory" bash -c "! runuser -u ogi-public -- touch '$DATA/sessions.csv.new' 2>/dev/null"
	ok "ogi-public cannot replace staff.csv" bash -c "! runuser -u ogi-public -- mv -f '$DATA/public.key' '$DATA/staff.csv' 2>/dev/null"
	ok "ogi-public reads public.key and appends to applications.csv" \
		runuser -u ogi-public -- sh -c "cat '$DATA/public.key' >/dev/null && test -w '$DATA/applications.csv'"
	ok "the public program does not warn that it can read the staff side's files" \
		bash -c "! grep -q 'can read' '$RUN/log/ogi-public.log'"
	ok "${SERVER:-nginx}'s workers are www-data, and cannot read the records" \
		bash -c "pgrep -u www-data -f '${SERVER:-nginx}' >/dev/null && ! runuser -u www-data -- cat '$DATA/applications.csv' 2>/dev/null"
fi

# Without a session every page sends you to the login page.
for p in /staff/ /staff/new /staff/case/2026-000001 /staff/users; do
	http GET "$p"
	ok "GET $p without a session redirects to the login page" \
		bash -c "[ '$STATUS' = 303 ] && grep -qi '^Location: /staff/login' '$T/hdrs'"
done
http POST /staff/new --data x=1
ok "POST without a session redirects too" status_is 303
http GET /staff/login
ok "the login page answers 200" status_is 200
ok "the login page has labelled fields" has 'for="f-password"'

login() {	# login password [cookie jar [from address]] → STATUS
	local tok
	tok=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
	http POST /staff/login --interface "${4:-127.0.0.1}" -c "${3:-$T/jar}" \
	    --data-urlencode "login=$1" --data-urlencode "password=$2" \
	    --data-urlencode "form_token=$tok"
}

# Five failures from one address: then it must wait, and the account's
# owner, elsewhere, still gets in.
for i in 1 2 3 4 5; do login victim wrong-password "$T/vj" 127.0.0.2; done
ok "a wrong password is refused (401)" status_is 401
ok "the refusal is in Chinese and says nothing about which part" has '登录名或密码不正确'
login victim wrong-password "$T/vj" 127.0.0.2
ok "after five failures the address must wait (429)" status_is 429
ok "…and is told how long (Retry-After)" header 'Retry-After: 1'
login victim victim-password "$T/vj" 127.0.0.2
ok "meanwhile even the right password from there is refused" status_is 429
ok "the failures are in the audit file, and no lock" \
	bash -c "[ \$(grep -c '\"victim\",\"login_fail\"' '$DATA/audit.csv') = 5 ] && ! grep -q '\"victim\",\"locked\"' '$DATA/audit.csv'"
login victim victim-password "$T/vj2"
ok "the owner, from another address, logs in (303)" status_is 303
login nobody whatever "$T/vj"
ok "an unknown login gets the same 401" status_is 401
http POST /staff/login --data-urlencode login=clerk --data-urlencode password=clerk-password-1
ok "a login POST without the page's token is refused" status_is 400
http POST /staff/login --data-urlencode login=clerk --data-urlencode password=clerk-password-1 \
	--data-urlencode "form_token=$(token)"
ok "an /apply form's token is no login token (400)" status_is 400

# A clerk logs in.
login clerk clerk-password-1
ok "the clerk logs in (303 to the queue)" status_is 303
ok "the session cookie is HttpOnly, SameSite=Strict, Path=/staff" \
	grep -qiE '^Set-Cookie: ogi_staff=[^;]+; Path=/staff; HttpOnly; SameSite=Strict' "$T/hdrs"
ok "no Secure flag over plain HTTP" bash -c "! grep -qi 'Secure' '$T/hdrs'"
ok "the login is in the audit file" grep -q '"clerk","login_ok"' "$DATA/audit.csv"
J=(-b "$T/jar" -c "$T/jar")
http GET /staff/ "${J[@]}"
ok "the queue answers 200" status_is 200
ok "the queue greets the clerk by name" has '王办理'
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)
ok "pages carry a CSRF token" test ${#csrf} = 64

# Intake: a letter received on Friday 2026-02-13.
intake=(--data-urlencode applicant_type=person --data-urlencode "name=李来信"
	--data-urlencode id_type=resident --data-urlencode id_number=110105199003071239
	--data-urlencode phone=13900000000 --data-urlencode "address=示例路3号"
	--data-urlencode postcode=100000 --data-urlencode "subject=城市规划图"
	--data-urlencode "description=请提供某区控制性详细规划图。" --data-urlencode medium=paper
	--data-urlencode delivery=post)
http POST /staff/new "${J[@]}" "${intake[@]}" --data-urlencode channel=信函 --data-urlencode received=2026-02-13
ok "intake without a CSRF token is refused (403)" status_is 403
http POST /staff/new "${J[@]}" "${intake[@]}" --data-urlencode channel=信函 \
	--data-urlencode received=2026-02-13 --data-urlencode "csrf=$(printf '0%.0s' $(seq 64))"
ok "intake with a wrong CSRF token is refused (403)" status_is 403
ok "nothing stored without a good token" test "$(rows applications)" = 0
http POST /staff/new "${J[@]}" "${intake[@]}" --data-urlencode "csrf=$csrf" --data-urlencode received=2026-03-03
ok "intake without a channel and with a future date is refused (400)" status_is 400
ok "the channel's error is named" has 'id="e-channel"'
ok "the date's error is named" has 'id="e-received"'
ok "the typed name is kept" has 'value="李来信"'
ok "still nothing stored" test "$(rows applications)" = 0
http POST /staff/new "${J[@]}" "${intake[@]}" --data-urlencode "csrf=$csrf" \
	--data-urlencode channel=信函 --data-urlencode received=2026-02-13
ok "a letter is registered" status_is 200
ok "it gets the first id" has 'class="app-id">2026-000001<'
code=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body")
ok "and a tracking code for the applicant" test ${#code} = 23
ok "stored with channel 信函 and the received date" grep -q '"信函","办理中","[^"]*","2026-02-13"' "$DATA/applications.csv"

track() { http POST /track --data-urlencode "code=$code"; }
track
ok "tracking: 办理中" has 'class="state">办理中<'
ok "tracking: received 2026-02-13" has 'class="received">2026-02-13<'
# 20 working days after Friday 2026-02-13 across the Spring Festival.
ok "tracking: due 2026-03-19" has 'class="due">2026-03-19<'

http GET /staff/case/2026-000001 "${J[@]}"
ok "the case page answers 200" status_is 200
ok "staff see the applicant's personal data" has '110105199003071239'
ok "the page offers a 补正 request" has 'value="supplement_request"'
ok "the page offers no confirmation of receipt" hasnt 'value="received"'
http GET "/staff/case/2026-000001?explain=1" "${J[@]}"
ok "the due date's working is shown on request" has '不计：2026-02-15（星期日，春节）'
http GET /staff/case/2026-999999 "${J[@]}"
ok "an unknown case is 404" status_is 404
http GET "/staff/case/..%2F..%2Fetc%2Fpasswd" "${J[@]}"
ok "a path in the id is 404" status_is 404

act() {	# expected status, then fields
	local want=$1
	shift
	http POST /staff/case/2026-000001 "${J[@]}" --data-urlencode "csrf=$csrf" "$@"
	[ "$STATUS" = "$want" ] || { echo "#   status $STATUS, wanted $want" >&2; return 1; }
}
ok "an answer while open with a 2008-only code is refused (400)" \
	act 400 --data-urlencode step=answer --data-urlencode date=2026-02-20 \
	--data-urlencode outcome=not_exist --data-urlencode medium=post
ok "a step dated in the future is refused (400)" \
	act 400 --data-urlencode step=supplement_request --data-urlencode date=2026-03-03 \
	--data-urlencode days=10 --data-urlencode "note=身份证明"
ok "a step without CSRF is refused (403)" bash -c "curl -s -o /dev/null -w '%{http_code}' -b '$T/jar' \
	--data step=withdraw --data date=2026-02-20 $BASE/staff/case/2026-000001 | grep -q 403"
ok "补正 requested on 2026-02-24 (10 working days)" \
	act 303 --data-urlencode step=supplement_request --data-urlencode date=2026-02-24 \
	--data-urlencode days=10 --data-urlencode "note=请补充身份证明"
track
ok "tracking: 待补正" has 'class="state">待补正<'
ok "tracking: the 补正 step, no staff name" bash -c "grep -q '告知补正' '$T/body' && ! grep -q '王办理' '$T/body'"
ok "tracking: no staff note" hasnt '请补充身份证明'
ok "an answer while waiting for the supplement is refused (409)" \
	act 409 --data-urlencode step=answer --data-urlencode date=2026-02-25 \
	--data-urlencode outcome=grant --data-urlencode medium=post
ok "a second 补正 request is refused (409)" \
	act 409 --data-urlencode step=supplement_request --data-urlencode date=2026-02-25 \
	--data-urlencode days=10 --data-urlencode note=again
ok "the supplement arrives on 2026-02-27" \
	act 303 --data-urlencode step=supplement_received --data-urlencode date=2026-02-27
track
# From 2-27: Sat 2-28 worked (1), 3-2 to 3-6 (2-6), 3-9 to 3-13 (7-11),
# 3-16 to 3-20 (12-16), 3-23 to 3-26 (17-20).
ok "tracking: the clock restarted, due 2026-03-26" has 'class="due">2026-03-26<'
ok "an extension needs its approver (400)" \
	act 400 --data-urlencode step=extend --data-urlencode date=2026-03-02
ok "extended on 2026-03-02, approved by 张局长" \
	act 303 --data-urlencode step=extend --data-urlencode date=2026-03-02 \
	--data-urlencode "reason=张局长"
ok "a second extension is refused (409)" \
	act 409 --data-urlencode step=extend --data-urlencode date=2026-03-02 \
	--data-urlencode "reason=张局长"
track
# 20 more from 3-26: 3-27 (1), 3-30 to 4-3 (2-6), 清明 4-4 to 4-6,
# 4-7 to 4-10 (7-10), 4-13 to 4-17 (11-15), 4-20 to 4-24 (16-20).
ok "tracking: extended, due 2026-04-24" has 'class="due">2026-04-24（已延长）<'
ok "the answer: refused to protect a third party" \
	act 303 --data-urlencode step=answer --data-urlencode date=2026-03-02 \
	--data-urlencode outcome=refuse_third_party --data-urlencode medium=post \
	--data-urlencode "reason=涉及第三方商业秘密" --data-urlencode "note=内部备注"
track
ok "tracking: 已答复" has 'class="state">已答复<'
ok "tracking: the outcome in plain words (outcomes.csv's public column)" \
	has 'class="outcome">不予公开：可能损害第三方合法权益<'
ok "tracking: not the annual table's label" hasnt '保护第三方合法权益'
ok "tracking: no staff note after the answer either" hasnt '内部备注'
ok "a second answer is refused (409)" \
	act 409 --data-urlencode step=answer --data-urlencode date=2026-03-02 \
	--data-urlencode outcome=grant --data-urlencode medium=post
ok "复议 filed" act 303 --data-urlencode step=review_filed --data-urlencode date=2026-03-02
ok "复议 decided: 维持" act 303 --data-urlencode step=review_decided \
	--data-urlencode date=2026-03-02 --data-urlencode outcome=upheld
track
ok "tracking: the 复议 decision" has '行政复议决定：维持'
ok "every step is one row in events.csv (and registering the letter made its clerk the 经办人)" \
	bash -c "[ '$(rows events)' = 7 ] && grep -q '\"2026-000001\",.*\"王办理\",\"assign\",\"\",\"clerk\"' '$DATA/events.csv'"
ok "events.csv parses strictly (so far)" bash -c "'$CSV' '$DATA/events.csv' >/dev/null"
ok "events.csv parses strictly" bash -c "'$CSV' '$DATA/events.csv' >/dev/null"
ok "each row names the clerk" test "$("$CSV" "$DATA/events.csv" staff | sort -u)" = 王办理

# A second letter: consultation, withdrawal, 诉讼; a third: no supplement.
http POST /staff/new "${J[@]}" "${intake[@]}" --data-urlencode "csrf=$csrf" \
	--data-urlencode channel=当面 --data-urlencode received=2026-02-02
ok "an application handed in person is registered" has 'class="app-id">2026-000002<'
code2=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body")
act2() {
	local want=$1
	shift
	http POST /staff/case/2026-000002 "${J[@]}" --data-urlencode "csrf=$csrf" "$@"
	[ "$STATUS" = "$want" ] || { echo "#   status $STATUS, wanted $want" >&2; return 1; }
}
ok "a consultation needs its kind (400)" act2 400 --data-urlencode step=consult_start \
	--data-urlencode date=2026-02-03
ok "a third party is consulted" act2 303 --data-urlencode step=consult_start \
	--data-urlencode date=2026-02-03 --data-urlencode reason=third_party
http POST /track --data-urlencode "code=$code2"
ok "tracking: 征求意见中, the clock stopped" bash -c "grep -q 'class=\"state\">征求意见中<' '$T/body' && grep -q '期限暂停计算' '$T/body'"
ok "an answer during consultation is refused (409)" act2 409 --data-urlencode step=answer \
	--data-urlencode date=2026-02-04 --data-urlencode outcome=grant --data-urlencode medium=post
ok "the consultation ends" act2 303 --data-urlencode step=consult_end --data-urlencode date=2026-02-10
ok "a second end is refused (409)" act2 409 --data-urlencode step=consult_end --data-urlencode date=2026-02-11
ok "the applicant withdraws" act2 303 --data-urlencode step=withdraw --data-urlencode date=2026-02-11
http POST /track --data-urlencode "code=$code2"
ok "tracking: 已办结 after withdrawal" has 'class="state">已办结<'
ok "a withdrawn case takes no answer (409)" act2 409 --data-urlencode step=answer \
	--data-urlencode date=2026-02-12 --data-urlencode outcome=grant --data-urlencode medium=post
ok "诉讼 needs its kind (400)" act2 400 --data-urlencode step=suit_filed --data-urlencode date=2026-02-20
ok "诉讼 filed without review" act2 303 --data-urlencode step=suit_filed \
	--data-urlencode date=2026-02-20 --data-urlencode reason=direct
ok "诉讼 decided: 纠正" act2 303 --data-urlencode step=suit_decided \
	--data-urlencode date=2026-02-27 --data-urlencode outcome=corrected
http POST /staff/new "${J[@]}" "${intake[@]}" --data-urlencode "csrf=$csrf" \
	--data-urlencode channel=传真 --data-urlencode received=2026-02-02
ok "a fax is registered" has 'class="app-id">2026-000003<'
http POST /staff/case/2026-000003 "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode step=supplement_none \
	--data-urlencode date=2026-02-10
ok "no supplement can be recorded before one is asked (409)" status_is 409
http POST /staff/case/2026-000003 "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode step=supplement_request \
	--data-urlencode date=2026-02-03 --data-urlencode days=5 --data-urlencode note=补充
http POST /staff/case/2026-000003 "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode step=supplement_none \
	--data-urlencode date=2026-02-26
ok "none came: concluded as other_no_supplement" \
	bash -c "grep -q '\"2026-000003\",[^\n]*\"supplement_none\",\"other_no_supplement\"' '$DATA/events.csv'"

# An online application waits for confirmation.
ftok=$(token)
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$ftok"
ok "an online application is submitted" status_is 200
ocode=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body")
http GET "/staff/?state=pending" "${J[@]}"
ok "the queue lists it as waiting for confirmation" has '2026-000004'
http POST /staff/case/2026-000004 "${J[@]}" --data-urlencode "csrf=$csrf" \
	--data-urlencode step=received --data-urlencode date=2026-03-02
ok "confirming receipt fixes the received date" status_is 303
http POST /track --data-urlencode "code=$ocode"
ok "tracking: received 2026-03-02" has 'class="received">2026-03-02<'
# 3-3 to 3-6 (1-4), 3-9 to 3-13 (5-9), 3-16 to 3-20 (10-14), 3-23 to 3-27
# (15-19), 3-30 (20).
ok "tracking: due 2026-03-30" has 'class="due">2026-03-30<'
http GET "/staff/?q=%E6%9D%8E%E6%9D%A5%E4%BF%A1" "${J[@]}"
ok "search by the applicant's name finds the case" has '2026-000001'
ok "search by name shows only matches" hasnt '2026-000004'
http GET "/staff/?q=2026-000004" "${J[@]}"
ok "search by id finds the case" has '/staff/case/2026-000004'
http GET "/staff/" "${J[@]}"
ok "the queue shows open cases with due dates" has '2026年3月30日'
ok "the queue leaves out concluded cases by default" hasnt '>2026-000001<'

# Roles.
http GET /staff/users "${J[@]}"
ok "a clerk cannot reach the accounts page (403)" status_is 403
http POST /staff/users "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode login=victim
ok "a clerk cannot disable an account (403)" status_is 403
login admin "$adminpw" "$T/ajar"
ok "the admin logs in" status_is 303
http GET /staff/users -b "$T/ajar"
ok "the admin sees the accounts page" has '王办理'
acsrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)
http POST /staff/users -b "$T/ajar" --data-urlencode "csrf=$acsrf" --data-urlencode login=clerk
ok "the admin disables the clerk" status_is 303
http GET /staff/ "${J[@]}"
ok "a disabled clerk's session ends" status_is 303

# The page table: each page answers its methods, and a 405 says which.
http GET /staff/logout -b "$T/ajar"
ok "GET /staff/logout is 405" status_is 405
ok "its Allow: is POST alone" header 'Allow: POST'
ok "the 405 page names the logout button" has '退出'
http POST /staff/ -b "$T/ajar" --data-urlencode "csrf=$acsrf"
ok "POST to the queue is 405" status_is 405
ok "its Allow: is GET, HEAD" header 'Allow: GET, HEAD'
http DELETE /staff/case/2026-000001 -b "$T/ajar"
ok "DELETE a case is 405" status_is 405
ok "its Allow: is GET, HEAD, POST" header 'Allow: GET, HEAD, POST'
http GET /staff/nothing-here -b "$T/ajar"
ok "an unknown staff page is 404" status_is 404
http HEAD /staff/users -b "$T/ajar"
ok "HEAD goes with GET (admin: 200)" status_is 200

# Session checks.
cookie=$(grep ogi_staff "$T/ajar" | awk '{print $7}')
forged=$(echo "$cookie" | sed 's/^admin|/victim|/')
http GET /staff/ -H "Cookie: ogi_staff=$forged"
ok "a forged cookie is refused" status_is 303
last=${cookie: -1}; [ "$last" = 0 ] && flip=1 || flip=0
http GET /staff/ -H "Cookie: ogi_staff=${cookie%?}$flip"
ok "a cookie with a wrong MAC is refused" status_is 303
http POST /staff/logout -b "$T/ajar" --data-urlencode "csrf=$acsrf"
ok "logout answers 303 to the login page" grep -qi '^Location: /staff/login' "$T/hdrs"
http GET /staff/ -H "Cookie: ogi_staff=$cookie"
ok "the old cookie no longer works after logout" status_is 303
ok "the logout is in the audit file" grep -q '"admin","logout"' "$DATA/audit.csv"
login admin "$adminpw" "$T/ajar2"
cookie=$(grep ogi_staff "$T/ajar2" | awk '{print $7}')
http GET /staff/ -H "Cookie: ogi_staff=$cookie"
ok "a fresh session works" status_is 200
# 31 minutes later (the idle limit is 30): the same cookie is refused.
tools/ogi-site stop >/dev/null
OGI_NOW=2026-03-02T02:31:00 tools/ogi-site start "$BUILD" >/dev/null 2>&1
http GET /staff/ -H "Cookie: ogi_staff=$cookie"
ok "a session idle for 31 minutes has expired" status_is 303

pids=$(cat "$RUN"/*.pid 2>/dev/null | tr '\n' ' ')
tools/ogi-site stop
sleep 0.2
ok "make stop ends the staff programs too" bash -c "! kill -0 $pids 2>/dev/null"
ok "no program error was logged" bash -c "! grep -qiE 'sanitizer|runtime error|leak' $RUN/log/* 2>/dev/null"
exit $((T_FAILS > 0))
