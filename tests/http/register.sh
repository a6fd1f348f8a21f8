#!/usr/bin/env bash
# HTTP tests of the public register, and the privacy walk: seed cases with
# distinctive personal data, fetch every public URL, find none of it.
#   tests/http/register.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18095}
T=$(mktemp -d /tmp/ogi-reg-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run OGI_CONF=$top/data
export OGI_NOW=2026-06-15T02:00:00	# Monday 2026-06-15, 10:00 in Beijing
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$RUN/log/ubsan:print_stacktrace=1"
BASE=http://127.0.0.1:$PORT
CSV=$BUILD/tests/csvcheck
ADMIN=$BUILD/ogi-admin
. tests/lib.sh
cleanup() { tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT

# 120 cases from a ledger: received on the 10th of January to May 2026,
# every channel, half people, two in three answered on the 25th.
chans=(in_person fax online letter)
{
	echo "received,channel,applicant_kind,subject,extended,answered,outcome"
	for i in $(seq 0 119); do
		m=$((i % 5 + 1))
		kind=person
		[ $((i % 2)) = 1 ] && kind=business
		case $((i % 3)) in
		0) ans="2026-0$m-25,grant" ;;
		1) ans="2026-0$m-25,refuse_process" ;;
		2) ans="," ;;
		esac
		echo "2026-0$m-10,${chans[i % 4]},$kind,台账事项$i,0,$ans"
	done
} >"$T/ledger.csv"
mkdir -p "$DATA"
"$ADMIN" --data "$DATA" import-ledger "$T/ledger.csv" >/dev/null
tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "the site starts" grep -q serving "$T/start.log"
printf 'clerk-password-1\n' | "$ADMIN" --data "$DATA" adduser clerk --role clerk --name 王办理 >/dev/null

# Distinctive personal data, made up.
NAME=隐私测试甲 IDN=44030419851231002X PHONE=13987654321 EMAIL=privacy.probe@example.cn
ADDR=隐私测试路99号 POST=519876 ORG=隐私测试有限公司 REP=隐私法人乙 CONTACT=隐私联系人丙
NOTE=内部备注丁 STAFF=王办理 SECRET=应被撤下的事项戊 HIDDEN=未同意公开的事项己
who=(--data-urlencode "name=$NAME" --data-urlencode id_type=resident
	--data-urlencode "id_number=$IDN" --data-urlencode "phone=$PHONE"
	--data-urlencode "email=$EMAIL" --data-urlencode "address=$ADDR"
	--data-urlencode "postcode=$POST" --data-urlencode medium=electronic
	--data-urlencode delivery=email --data-urlencode "description=请提供")
submit() {	# subject publish(0/1) [type args]
	local pub=() extra
	[ "$2" = 1 ] && pub=(--data-urlencode publish_subject=1)
	if [ "${3:-}" = org ]; then
		extra=(--data-urlencode applicant_type=org --data-urlencode "org_name=$ORG"
		    --data-urlencode org_code=91110000MA0012345C --data-urlencode org_kind=legal
		    --data-urlencode "legal_rep=$REP" --data-urlencode "contact_name=$CONTACT")
	else
		extra=(--data-urlencode applicant_type=person)
	fi
	curl -s -o "$T/r" "${who[@]}" "${extra[@]}" "${pub[@]}" --data-urlencode "subject=$1" \
	    --data-urlencode "form_token=$(token)" "$BASE/apply"
	sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/r"
}
a=$(submit "$SECRET" 1)
b=$(submit "$HIDDEN" 0)
c=$(submit '=HYPERLINK("http://evil.example")' 1 org)
d=$(submit '@SUM(1+1)' 1)
e=$(submit '-2+3' 1)
ok "five applications submitted" test -n "$a$b$c$d$e"

login() {
	local tok
	tok=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
	curl -s -o /dev/null -c "$T/jar" --data-urlencode login=clerk \
	    --data-urlencode password=clerk-password-1 --data-urlencode "form_token=$tok" \
	    "$BASE/staff/login"
}
login
csrf=$(curl -s -b "$T/jar" "$BASE/staff/" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
step() {	# id, fields…
	local id=$1
	shift
	curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" --data-urlencode "csrf=$csrf" "$@" \
	    "$BASE/staff/case/$id"
}
for id in $a $b $c $d $e; do
	step "$id" --data-urlencode step=received --data-urlencode date=2026-06-15 >/dev/null
done
ok "an answer with a staff note" test "$(step "$a" --data-urlencode step=answer \
	--data-urlencode date=2026-06-15 --data-urlencode outcome=grant --data-urlencode medium=email \
	--data-urlencode "note=$NOTE" --data-urlencode "reason=$NOTE")" = 303

# Views and filters against the known set (120 + 5 confirmed in June).
count() { sed -n 's/.*共 <strong>\([0-9]*\)<\/strong> 件.*/\1/p' "$T/body"; }
rowsshown() { grep -c '<tr><td data-label="申请编号"><a href="/requests/' "$T/body"; }
http GET /requests
ok "the register answers 200" status_is 200
ok "received: 125" test "$(count)" = 125
ok "received, page 1: 50 rows" test "$(rowsshown)" = 50
ok "newest first: the June cases lead" bash -c "grep -o '/requests/2026-[0-9]*' '$T/body' | head -1 | grep -q '$e'"
http GET "/requests?view=received&page=3"
ok "page 3 of 3: 25 rows" test "$(rowsshown)" = 25
ok "page 3 has no next link" hasnt 'rel="next"'
ok "page 3 links back, keeping the view" has 'href="/requests?view=received&amp;page=2"'
http GET "/requests?view=received&page=4"
ok "past the last page: 404" status_is 404
http GET "/requests?page=0"
ok "page 0: 400" status_is 400
http GET "/requests?page=abc"
ok "a page that is not a number: 400" status_is 400
http GET "/requests?view=everything"
ok "an unknown view: 400" status_is 400
http GET "/requests?view=answered"
ok "answered: 80 from the ledger and 1 in June" test "$(count)" = 81
ok "outcomes in plain words (outcomes.csv's public column)" \
	has '<td data-label="办理结果">不予公开：属于过程性信息</td>'
ok "not the annual table's labels" hasnt '属于四类过程性信息'
ok "the applicant in the 条例's word: 公民" has '<td data-label="申请人类型">公民</td>'
ok "the filter says 公民 too" has '<option value="person">公民</option>'
ok "not the statistics table's 自然人" hasnt '自然人'
http GET "/requests?view=handled"
ok "handled: the same 81" test "$(count)" = 81
http GET "/requests?view=received&month=1"
ok "received in January: 24" test "$(count)" = 24
http GET "/requests?view=received&channel=%E4%BF%A1%E5%87%BD"
ok "received by letter: 30" test "$(count)" = 30
http GET "/requests?view=received&type=person&month=2"
ok "people in February: 12" test "$(count)" = 12
http GET "/requests?view=answered&outcome=grant"
ok "answered 予以公开: 40 + 1" test "$(count)" = 41
http GET "/requests?view=answered&outcome=grant&month=6"
ok "予以公开 in June: 1" test "$(count)" = 1
http GET "/requests?view=answered&outcome=grant&page=1&channel=%E4%BF%A1%E5%87%BD&sort=id"
ok "filters combine: letters answered 予以公开" test "$(count)" = 10
ok "sorted by id" bash -c "grep -o '/requests/2026-[0-9]*' '$T/body' | head -2 | sort -c"
http GET "/requests?view=answered&outcome=grnt"
ok "an unknown outcome is a mistake (400), not an empty list" status_is 400
ok "said in Chinese" has '未知的办理结果'
http GET "/requests.csv?view=answered&outcome=grnt"
ok "…in the CSV too (400)" status_is 400
http GET "/requests?view=received&year=2025"
ok "nothing in 2025" test "$(count)" = 0
ok "said so" has '没有符合条件的申请'
http GET "/requests?view=received&page=2&type=org"
ok "page links keep the filters" has 'view=received&amp;type=org'
http GET /requests
ok "summary: received this year" has '收到申请 <strong>125</strong> 件'
ok "summary: answered this year" has '答复 <strong>81</strong> 件'
ok "summary links to the filtered view" has 'href="/requests?view=answered&amp;year=2026"'
ok "summary: the median working days" has '答复用时中位数'

# Subjects.
http GET "/requests/$a"
ok "a request's page answers 200" status_is 200
ok "the agreed subject is shown" has "$SECRET"
ok "a request's facts: 公民, the outcome in plain words" bash -c \
	"grep -q '<dt>申请人类型</dt><dd>公民</dd>' '$T/body' &&
	grep -q '<dt>办理结果</dt><dd class=\"outcome\">予以公开</dd>' '$T/body'"
http GET "/requests/$b"
ok "without consent: 申请人未同意公开" has 'class="subject">申请人未同意公开<'
ok "the unpublished subject is not shown" hasnt "$HIDDEN"
http GET /requests/2026-999999
ok "an unknown id: 404" status_is 404
http GET /requests/2026-12
ok "a malformed id: 400" status_is 400
http GET "/requests/..%2Fetc%2Fpasswd"
ok "a path as an id is refused" bash -c "[[ $STATUS == 4?? ]]"

# The CSV.
http GET "/requests.csv?view=received"
ok "CSV answers 200" status_is 200
ok "CSV is text/csv in UTF-8" header 'Content-Type: text/csv; charset=utf-8'
ok "CSV is offered as a download" header 'Content-Disposition: attachment'
ok "CSV starts with a BOM" bash -c "[ \"\$(head -c 3 '$T/body' | od -An -tx1 | tr -d ' ')\" = efbbbf ]"
ok "CSV parses strictly" bash -c "'$CSV' '$T/body' >/dev/null"
ok "CSV has every row of the view" test "$("$CSV" "$T/body")" = 125
ok "CSV: '=' neutralised" has "\"'=HYPERLINK(\"\"http://evil.example\"\")\""
ok "CSV: '@' neutralised" has "\"'@SUM(1+1)\""
ok "CSV: '-' neutralised" has "\"'-2+3\""
ok "CSV: 公民 and plain outcomes" bash -c "grep -q '\"公民\"' '$T/body' &&
	grep -q '\"不予公开：属于过程性信息\"' '$T/body' && ! grep -q '自然人\|属于四类' '$T/body'"
http GET "/requests.csv?view=answered&month=6"
ok "CSV follows the filters" test "$("$CSV" "$T/body")" = 1

# The feed.
http GET /requests.atom
ok "Atom answers 200" status_is 200
ok "Atom content type" header 'Content-Type: application/atom+xml'
ok "Atom lists answered requests" test "$(grep -c '<entry>' "$T/body")" = 50
ok "Atom's newest is June's answer" bash -c "grep -m1 '<title>20' '$T/body' | grep -q '$a'"
ok "Atom links: without base_url, relative to the feed" has "href=\"/requests/$a\""
http GET /requests.atom -H 'Host: evil.example'
ok "Atom links never come from the Host header" hasnt 'evil.example'
ok "Atom: outcomes in plain words" has ' 已答复：不予公开：属于过程性信息</title>'
ok "Atom: not the annual table's labels" hasnt '属于四类过程性信息'
ok "Atom is well-formed XML (xmllint)" xmllint --noout "$T/body"

# Withhold a subject: the register says so and shows it nowhere.
ok "staff withhold a subject" test "$(step "$a" --data-urlencode step=withhold_subject \
	--data-urlencode date=2026-06-15)" = 303
http GET "/requests/$a"
ok "withheld: 不予公开" has 'class="subject">不予公开<'

# Publish this year's table so that the walk covers it too.
zeros=$(for c in s20_1a s20_1b; do for k in made repealed in_force; do printf ' --data-urlencode v:%s:%s=0' $c $k; done; done)
ok "the 2026 table is published" test "$(step_annual() {
	curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" --data-urlencode "csrf=$csrf" \
	    --data-urlencode step=publish $zeros \
	    --data-urlencode v:s20_5a:decisions=0 --data-urlencode v:s20_6a:decisions=0 \
	    --data-urlencode v:s20_6b:decisions=0 --data-urlencode v:s20_8a:amount=0 \
	    "$BASE/staff/annual/2026"
}; step_annual)" = 303

# Two answers issued as 答复书 and published (依申请公开转主动公开): a person's
# whose subject was not agreed to be shown, an organisation's refusal.
draft() {	# id step → the case page's filled text for the step
	curl -s -b "$T/jar" "$BASE/staff/case/$1" | awk -v key="$2" '
		index($0, "name=\"step\" value=\"" key "\"") { on = 1 }
		on && /<textarea/ { t = 1; sub(/.*<textarea[^>]*>/, "") }
		t { if (sub(/<\/textarea>.*/, "")) { print; exit } print }
	' | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/'"'"'/g; s/&amp;/\&/g'
}
publish() {	# id kind
	curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" --data-urlencode "csrf=$csrf" \
	    --data-urlencode "kind=$2" --data-urlencode step=answer:1 \
	    --data-urlencode "text=$(draft "$1" answer:1)" "$BASE/staff/case/$1/doc"
	step "$1" --data-urlencode step=publish_answer --data-urlencode date=2026-06-15
}
step "$b" --data-urlencode step=answer --data-urlencode date=2026-06-15 --data-urlencode outcome=grant \
	--data-urlencode medium=email --data-urlencode "reason=见附件" >/dev/null
step "$c" --data-urlencode step=answer --data-urlencode date=2026-06-15 \
	--data-urlencode outcome=refuse_process --data-urlencode medium=post \
	--data-urlencode "reason=该信息系内部讨论记录" >/dev/null
ok "a person's answer issued and published" test "$(publish "$b" answer_grant)" = 303303
ok "an organisation's refusal issued and published" test "$(publish "$c" answer_refuse)" = 303303
http GET "/requests/$c"
ok "its page shows the published refusal" bash -c "grep -qF '答复书（依申请公开转主动公开）' '$T/body' && grep -qF '该信息系内部讨论记录' '$T/body'"

# The privacy walk: every public URL, none of the personal values.  Each
# URL must answer 200 (an error page proves nothing), and there must be as
# many as the known set makes: 8 pages, 3 views × (9 queries + 4 channels)
# as HTML and CSV, page 3 where there is one (received: 125 cases), one
# page per case, and the two published answers' once more by name.
urls=(/ /apply /track /requests /requests.atom /annual/ /annual/2026 /annual/2026.csv)
for v in received handled answered; do
	for q in "" "&sort=id" "&page=2" "&year=2026" "&month=6" "&type=person" \
		"&type=org" "&outcome=grant" "&outcome=refuse_process"; do
		urls+=("/requests?view=$v$q" "/requests.csv?view=$v$q")
	done
	for ch in %E5%BD%93%E9%9D%A2 %E4%BC%A0%E7%9C%9F %E7%BD%91%E7%BB%9C %E4%BF%A1%E5%87%BD; do
		urls+=("/requests?view=$v&channel=$ch" "/requests.csv?view=$v&channel=$ch")
	done
done
urls+=("/requests?view=received&page=3" "/requests.csv?view=received&page=3")
ids=0
for id in $(curl -s "$BASE/requests.csv?view=received" | "$CSV" /dev/stdin 申请编号); do
	urls+=("/requests/$id")
	ids=$((ids + 1))
done
urls+=("/requests/$b" "/requests/$c")
want=$((8 + 3 * (9 + 4) * 2 + 2 + 125 + 2))
: >"$T/walk"
answered=0
for u in "${urls[@]}"; do
	rm -f "$T/page"
	st=$(curl -s -o "$T/page" -w '%{http_code}' --max-time 20 "$BASE$u")
	if [ "$st" = 200 ]; then
		answered=$((answered + 1))
	else
		echo "# $st $u"
	fi
	[ -f "$T/page" ] && cat "$T/page" >>"$T/walk"
	echo >>"$T/walk"
done
ok "the walk has a page for each of the 125 cases ($ids)" test "$ids" = 125
ok "the walk: $answered of ${#urls[@]} public URLs answered 200 ($want expected, all)" \
	test "$answered" -ge "$want" -a "$answered" = "${#urls[@]}"
ok "the walk saw what is public (a published subject)" grep -qF -- '-2+3' "$T/walk"
ok "the walk saw the published answers, addressed to 「申请人」" \
	test "$(grep -cF '<p class="letter-to">「申请人」：</p>' "$T/walk")" -ge 4
for v in "$NAME" "$IDN" "$PHONE" "$EMAIL" "$ADDR" "$POST" "$ORG" "$REP" "$CONTACT" \
	"$NOTE" "$STAFF" "$SECRET" "$HIDDEN"; do
	ok "the walk finds no trace of $v" bash -c "! grep -qF -- '$v' '$T/walk'"
done
ok "…and the staff's login name neither" bash -c "! grep -q 'clerk' '$T/walk'"

tools/ogi-site stop
ok "no program error was logged" bash -c "! grep -qiE 'sanitizer|runtime error|leak' $RUN/log/* 2>/dev/null"
exit $((T_FAILS > 0))
