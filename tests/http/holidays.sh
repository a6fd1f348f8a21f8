#!/usr/bin/env bash
# HTTP tests of due dates past the last official holiday notice, through
# nginx: provisional dates on every page that shows them, the queue's flags
# on them, and the import of a (made-up) official 2027 notice.
#   tests/http/holidays.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18095}
T=$(mktemp -d /tmp/ogi-holidays-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
# Wednesday 2026-12-30, 10:00 in Beijing: 2027 has no notice yet.
export OGI_NOW=2026-12-30T02:00:00
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$RUN/log/ubsan:print_stacktrace=1"
BASE=http://127.0.0.1:$PORT
ADMIN=$BUILD/ogi-admin
. tests/lib.sh

cleanup() { tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT

tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "the site starts" grep -q serving "$T/start.log"
adminpw=$(sed -n 's/.*password for admin (shown once): //p' "$T/start.log")
printf 'clerk-password-1\n' | OGI_DATA=$DATA "$ADMIN" adduser clerk --role clerk --name 王办理 >/dev/null

login() {	# login password jar
	local tok
	tok=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
	http POST /staff/login -c "$3" --data-urlencode "login=$1" \
	    --data-urlencode "password=$2" --data-urlencode "form_token=$tok"
}
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1; }
login clerk clerk-password-1 "$T/jar"
J=(-b "$T/jar" -c "$T/jar")
http GET /staff/ "${J[@]}"
csrf=$(csrf_of)

intake() {	# received [extra fields] → sets ID and CODE
	local received=$1
	shift
	http POST /staff/new "${J[@]}" --data-urlencode "csrf=$csrf" \
	    --data-urlencode applicant_type=person --data-urlencode "name=赵测试" \
	    --data-urlencode id_type=resident --data-urlencode id_number=110105199003071239 \
	    --data-urlencode phone=13900000000 --data-urlencode "address=示例路9号" \
	    --data-urlencode postcode=100000 --data-urlencode "subject=示例事项" \
	    --data-urlencode "description=请提供示例文件。" --data-urlencode medium=paper \
	    --data-urlencode delivery=post --data-urlencode channel=信函 \
	    --data-urlencode "received=$received" "$@"
	ID=$(sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/body" | head -1)
	CODE=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body")
}
NOTE='按法定节假日推算，国务院公布2027年放假安排后以正式安排为准'

# A: received Tuesday 2026-12-15; 12 working days in December, 元旦 Friday
# 2027-01-01 by law, 1-04 to 1-13 (13-20): due 2027-01-13, provisional.
intake 2026-12-15
A=$ID
A_CODE=$CODE
ok "case A registered" test "$A" = 2026-000001
# S: received Friday 2026-12-04; 12-07 to 12-31 are 19 working days, the
# 20th is Monday 2027-01-04: due in 2 working days (12-31, 1-04).
intake 2026-12-04
S=$ID
# O: received Friday 2026-11-20, due Friday 2026-12-18 (official): overdue.
intake 2026-11-20
O=$ID

http POST /track --data-urlencode "code=$A_CODE"
ok "/track: a provisional due date, marked and explained" \
	has "class=\"due\">预计 2027-01-13（$NOTE）<"
http GET "/staff/case/$A" "${J[@]}"
ok "case page: the provisional due date" has "预计 2027年1月13日</span>（$NOTE）"
http GET "/staff/case/$A?explain=1" "${J[@]}"
ok "case page: the working names the provisional day it skipped" \
	has '不计：2027-01-01（星期五，元旦，按法定节假日推算）'
ok "case page: the working says the year has no notice" has '预计：2027年的放假安排尚未公布'
http GET /staff/ "${J[@]}"
queue=$(tr -d '\n' <"$T/body")
row() { grep -o "<tr[^>]*><td[^>]*><a class=\"row-link\" href=\"/staff/case/$1?.*" <<<"$queue" | sed 's|</tr>.*||'; }
ok "queue: A's due date is marked provisional" bash -c "grep -q '预计 2027年1月13日' <<<'$(row "$A")'"
ok "queue: S, provisional, is flagged due within 3 working days" \
	bash -c "grep -q 'class=\"soon\"' <<<'$(row "$S")' && grep -q '预计 2027年1月4日' <<<'$(row "$S")'"
ok "queue: O is flagged overdue, with a final date" \
	bash -c "grep -q 'class=\"overdue\"' <<<'$(row "$O")' && grep -q '>2026年12月18日<' <<<'$(row "$O")'"
ok "queue: the note under the table explains 预计" has "注：标“预计”的答复期限$NOTE"
ok "no page says the calendar must be filled in first" \
	bash -c "! grep -q '需补充\|待本机关公布' '$T/body'"

# A second start in January 2027: answers in 2027 rest on the year too.
tools/ogi-site stop >/dev/null 2>&1
export OGI_NOW=2027-01-06T02:00:00	# Wednesday
tools/ogi-site start "$BUILD" >"$T/start2.log" 2>&1
ok "the site starts again on 2027-01-06" grep -q serving "$T/start2.log"
login clerk clerk-password-1 "$T/jar"
http GET /staff/ "${J[@]}"
csrf=$(csrf_of)
http POST "/staff/case/$A" "${J[@]}" --data-urlencode "csrf=$csrf" \
	--data-urlencode step=answer --data-urlencode date=2027-01-05 \
	--data-urlencode outcome=grant --data-urlencode medium=post
ok "A is answered on 2027-01-05" status_is 303
# E: received today and extended; 20 days to 2027-02-03, then 20 more
# over 春节 by law (除夕 2-05, 初三 2-08): 2-04, 2-09 to 3-05: 2027-03-05.
intake 2027-01-06
E=$ID
http POST "/staff/case/$E" "${J[@]}" --data-urlencode "csrf=$csrf" \
	--data-urlencode step=extend --data-urlencode date=2027-01-06 \
	--data-urlencode "reason=张局长"
ok "E is extended" status_is 303
http GET "/staff/case/$E" "${J[@]}"
ok "E: due 预计 2027-03-05, its original limit 预计 2027-02-03" \
	bash -c "grep -q '预计 2027年3月5日' '$T/body' && grep -q '原期限 <span class=\"nowrap\">预计 2027年2月3日' '$T/body'"

# 12 working days in 2026, then 1-04 and 1-05: 14, on time, both resting
# on 2027.
http GET "/requests?view=answered"
ok "register: 用时 and 时效 marked 预计" \
	bash -c "grep -q '14（预计）' '$T/body' && grep -q '按时（预计）' '$T/body'"
ok "register: the note says why" has "注：标“预计”的用时和时效$NOTE"
http GET "/requests/$A"
ok "/requests/ID: 用时 marked 预计" has '14 个工作日（预计）'
http GET "/requests.csv?view=answered"
ok "register CSV: a 预计 column" bash -c "head -1 '$T/body' | grep -q ',\"预计\"\$'"
ok "register CSV: A's row is provisional" grep -q "^\"$A\",.*,\"14\",\"按时\",\"是\"\$" "$T/body"

# The official notice for 2027, made up for the test: 元旦 1-01 to 1-03,
# 春节 2-05 to 2-11, Saturday 2-20 worked.
cat >"$T/2027.csv" <<'EOF'
date,kind,name
2027-01-01,holiday,元旦
2027-01-02,holiday,元旦
2027-01-03,holiday,元旦
2027-02-05,holiday,春节
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-20,workday,春节调休上班
EOF
OGI_DATA=$DATA "$ADMIN" holidays import "$T/2027.csv" >"$T/dry" 2>&1
ok "ogi-admin holidays import: a dry run lists what changes" \
	grep -q "$E 答复期限：预计 2027-03-05 → 2027-03-09" "$T/dry"
ok "ogi-admin: a dry run lists nothing else (one change)" grep -q '改变 1 个期限' "$T/dry"
ok "ogi-admin: a dry run imports nothing" test ! -e "$DATA/holidays-imported.csv"

http GET /staff/holidays "${J[@]}"
ok "/staff/holidays is for admins only (403)" status_is 403
login admin "$adminpw" "$T/ajar"
AJ=(-b "$T/ajar" -c "$T/ajar")
http GET /staff/holidays "${AJ[@]}"
ok "/staff/holidays answers the admin" status_is 200
ok "it says from which year dates are provisional" has '2027年起尚无正式安排'
acsrf=$(csrf_of)
http POST /staff/holidays "${AJ[@]}" --data-urlencode "csrf=$acsrf" --data-urlencode step=check \
	--data-urlencode "rows=$(printf '2027-01-04,workday,元旦调休\n2027-02-30,holiday,春节\n')"
ok "bad rows are refused (400)" status_is 400
ok "a workday on a Monday is named" has '第1行：2027-01-04 是星期一，调休上班日只能是星期六或星期日'
ok "an impossible date is named" has '第2行：日期“2027-02-30”'
ok "the typed rows are kept" has '2027-02-30,holiday,春节</textarea>'
http POST /staff/holidays "${AJ[@]}" --data-urlencode "csrf=$acsrf" --data-urlencode step=check \
	--data-urlencode "rows=$(cat "$T/2027.csv")"
ok "a good notice is previewed" has '导入2027年的放假安排：预览'
preview=$(tr -d '\n' <"$T/body")
ok "the preview shows E's due date old → new" \
	bash -c "grep -q '$E</a></td><td>答复期限</td><td>预计 2027-03-05</td><td>2027-03-09</td>' <<<'$preview'"
ok "the preview changes no other date" has '<strong>1</strong> 个期限随之改变'
ok "nothing is imported by the preview" test ! -e "$DATA/holidays-imported.csv"
http POST /staff/holidays "${AJ[@]}" --data-urlencode step=confirm \
	--data-urlencode "rows=$(cat "$T/2027.csv")"
ok "confirming without the form's token is refused (403)" status_is 403
http POST /staff/holidays "${AJ[@]}" --data-urlencode "csrf=$acsrf" --data-urlencode step=confirm \
	--data-urlencode "rows=$(cat "$T/2027.csv")"
ok "the admin confirms: imported" has '已导入2027年的放假安排'
ok "the import is audited" grep -q '"admin","holidays_import","2027: 11 days, 1 dates changed (1 open)"' "$DATA/audit.csv"
sleep 1.2	# the other programs look at the imported file once a second
http GET "/staff/case/$E" "${AJ[@]}"
ok "E: due 2027-03-09, final" bash -c "grep -q '>2027年3月9日</span>（已延期' '$T/body' && ! grep -q '预计' '$T/body'"
http POST /track --data-urlencode "code=$A_CODE"
ok "/track: A's due date is final" has 'class="due">2027-01-13<'
http GET "/requests?view=answered"
ok "register: A's figures are final" bash -c "grep -q '>14<' '$T/body' && ! grep -q '预计' '$T/body'"
http GET "/requests.csv?view=answered"
ok "register CSV: A's row is final" grep -q "^\"$A\",.*,\"14\",\"按时\",\"否\"\$" "$T/body"
OGI_DATA=$DATA "$ADMIN" holidays import "$T/2027.csv" --confirm >"$T/again" 2>&1
ok "ogi-admin: an official year cannot be imported again" grep -q '2027年已有正式放假安排' "$T/again"

tools/ogi-site stop >/dev/null 2>&1
ok "no program error was logged" bash -c "! grep -qiE 'sanitizer|runtime error|leak|Invalid (read|write)' $RUN/log/* 2>/dev/null"
exit $((T_FAILS > 0))
