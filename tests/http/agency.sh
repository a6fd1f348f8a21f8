#!/usr/bin/env bash
# HTTP tests of agency scope (issue 17, item 4) through nginx, as `make
# start` runs it: a parent (gov, the site's own agency) and two departments
# (deptA, deptB); accounts of each; cases of each from a ledger, the intake
# form and the public form.  For every kind of staff page — the queue, its
# counts and search, the case page, each step, intake, the annual table
# (look, save, publish) — a clerk of deptA cannot see or change deptB's,
# and the admin of the top agency can.
#   tests/http/agency.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18099}
T=$(mktemp -d /tmp/ogi-agency-XXXXXX)
chmod 755 "$T"
mkdir -p "$T/conf"
cp data/*.csv "$T/conf/"
printf 'code,name,parent\ngov,示例市人民政府,\ndeptA,示例市甲局,gov\ndeptB,示例市乙局,gov\n' \
	>"$T/conf/agencies.csv"
sed -i 's/^agency,.*/agency,gov/' "$T/conf/site.csv"
export PORT DATA=$T/data RUN=$T/run OGI_CONF=$T/conf
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

# Open cases of each department, from their ledgers.
mkdir -p "$DATA"
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2026-02-10,letter,person,甲局事项一,0,,\n2026-02-11,fax,business,甲局事项二,0,,\n' >"$T/a.csv"
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2026-02-12,letter,person,乙局事项一,0,,\n2026-02-12,in_person,person,乙局事项二,0,,\n2026-02-13,letter,other,乙局事项三,0,,\n' >"$T/b.csv"
"$ADMIN" --data "$DATA" import-ledger "$T/a.csv" --agency deptA >/dev/null
"$ADMIN" --data "$DATA" import-ledger "$T/b.csv" --agency deptB >/dev/null
tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "the site starts" grep -q serving "$T/start.log"
adminpw=$(sed -n 's/.*password for admin (shown once): //p' "$T/start.log")
for u in clerka:clerk:deptA clerkb:clerk:deptB clerkg:clerk:gov admina:admin:deptA; do
	IFS=: read -r login role agency <<<"$u"
	printf '%s-password\n' "$login" | "$ADMIN" --data "$DATA" adduser "$login" --role "$role" \
	    --agency "$agency" >/dev/null
done
ok "accounts of each agency" test "$("$ADMIN" --data "$DATA" list | grep -c 'dept[AB]')" = 3
# id of the ledger's cases by agency
ids() { paste -d' ' <("$CSV" "$DATA/applications.csv" id) <("$CSV" "$DATA/applications.csv" agency) |
	awk -v a="$1" '$2 == a { print $1 }'; }
mapfile -t A < <(ids deptA)
mapfile -t B < <(ids deptB)
ok "two cases of deptA, three of deptB" test "${#A[@]} ${#B[@]}" = "2 3"

login() {	# login → cookie jar $T/LOGIN, csrf token in CSRF_LOGIN
	local tok
	tok=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
	curl -s -o /dev/null -c "$T/$1" --data-urlencode "login=$1" --data-urlencode "password=$2" \
	    --data-urlencode "form_token=$tok" "$BASE/staff/login"
	printf -v "CSRF_$1" '%s' "$(curl -s -b "$T/$1" "$BASE/staff/" |
	    sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)"
}
login admin "$adminpw"
for u in clerka clerkb clerkg admina; do login $u "$u-password"; done
ok "everyone is logged in" test ${#CSRF_admin} = 64 -a ${#CSRF_clerka} = 64 -a ${#CSRF_clerkb} = 64 \
	-a ${#CSRF_clerkg} = 64 -a ${#CSRF_admina} = 64
as() {	# login METHOD PATH [curl args]: a page as that account
	local u=$1 m=$2 p=$3 c
	shift 3
	c=CSRF_$u
	if [ "$m" = POST ]; then
		http POST "$p" -b "$T/$u" --data-urlencode "csrf=${!c}" "$@"
	else
		http GET "$p" -b "$T/$u" "$@"
	fi
}
agency_of() { paste -d' ' <("$CSV" "$DATA/applications.csv" id) <("$CSV" "$DATA/applications.csv" agency) |
	awk -v i="$1" '$1 == i { print $2 }'; }
last_id() { "$CSV" "$DATA/applications.csv" id | tail -1; }

# ---- Intake: the agency written into a new record.
intake=(--data-urlencode applicant_type=person --data-urlencode id_type=resident
	--data-urlencode id_number=110105199003071239 --data-urlencode phone=13900000000
	--data-urlencode "address=示例路3号" --data-urlencode postcode=100000
	--data-urlencode "subject=城市规划图" --data-urlencode "description=请提供某区控制性详细规划图。"
	--data-urlencode medium=paper --data-urlencode delivery=post --data-urlencode channel=信函
	--data-urlencode received=2026-02-27)
as clerka GET /staff/new
ok "intake: deptA's clerk, whose agency has none below it, is offered no choice of agency" \
	hasnt 'name="agency"'
n=$(rows applications)
as clerka POST /staff/new "${intake[@]}" --data-urlencode "name=甲申请人"
ok "intake: deptA's clerk registers a letter" status_is 200
A+=("$(last_id)")
ok "…written as deptA's (not the site's agency)" test "$(agency_of "${A[2]}")" = deptA
ok "…and the receipt names the agency" has '<dt>受理机关</dt><dd>示例市甲局</dd>'
n=$(rows applications)
as clerka POST /staff/new "${intake[@]}" --data-urlencode "name=甲申请人" --data-urlencode agency=deptB
ok "intake: deptA's clerk cannot register one for deptB (403)" status_is 403
as clerka POST /staff/new "${intake[@]}" --data-urlencode "name=甲申请人" --data-urlencode agency=gov
ok "…nor for the parent agency (403)" status_is 403
ok "…and nothing is stored" test "$(rows applications)" = "$n"
as clerkb POST /staff/new "${intake[@]}" --data-urlencode "name=乙申请人"
ok "intake: deptB's clerk registers a letter of 乙申请人, as deptB's" \
	bash -c "[ '$STATUS' = 200 ] && [ \"\$(tail -1 '$DATA/applications.csv' | cut -d, -f2)\" = '\"deptB\"' ]"
BN=$(last_id)
as admin GET /staff/new
ok "intake: the top admin chooses among every agency" \
	bash -c "grep -q 'name=\"agency\"' '$T/body' && grep -q '<option value=\"deptB\">示例市乙局</option>' '$T/body' && grep -q '<option value=\"gov\" selected>' '$T/body'"
as admin POST /staff/new "${intake[@]}" --data-urlencode "name=丙申请人" --data-urlencode agency=deptB
ok "…and registers one for deptB" bash -c "[ '$STATUS' = 200 ] && [ \"\$(tail -1 '$DATA/applications.csv' | cut -d, -f2)\" = '\"deptB\"' ]"
B+=("$(last_id)")
# An application made online belongs to the site's own agency (gov).
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)"
ok "an online application (the site's agency, gov)" status_is 200
G=$(last_id)
ok "…is gov's" test "$(agency_of "$G")" = gov

# ---- The queue, its counts and its search.
as clerka GET "/staff/?who=all"
ok "queue: deptA's clerk sees deptA's cases" bash -c "grep -q '>${A[0]}<' '$T/body' && grep -q '>${A[2]}<' '$T/body'"
ok "…and none of deptB's" bash -c "! grep -qE '>(${B[0]}|${B[1]}|${B[2]}|${B[3]}|$BN)<' '$T/body'"
ok "…nor the parent agency's" hasnt ">$G<"
ok "queue: the counts are deptA's alone (3 open, 0 pending)" \
	bash -c "grep -q 'state=open&amp;who=all\">办理中 <strong>3</strong>' '$T/body' && grep -q 'state=pending&amp;who=all\">待确认收到 <strong>0</strong>' '$T/body'"
as clerka GET "/staff/?who=all&state=all"
ok "queue: 全部 shows none of deptB's either" hasnt ">${B[0]}<"
as clerka GET "/staff/?who=all&q=${B[0]}"
ok "search: deptB's case by its id is not found for deptA's clerk" \
	bash -c "grep -q '没有符合条件的案件' '$T/body' && ! grep -q '>${B[0]}<' '$T/body'"
as clerka GET "/staff/?who=all&q=乙申请人"
ok "search: deptB's applicant by name is not found for deptA's clerk" \
	bash -c "grep -q '没有符合条件的案件' '$T/body' && ! grep -q '>$BN<' '$T/body'"
as clerkb GET /staff/
ok "queue: deptB's clerk sees deptB's cases and none of deptA's" \
	bash -c "grep -q '>${B[0]}<' '$T/body' && grep -q '>$BN<' '$T/body' && ! grep -q '>${A[0]}<' '$T/body'"
as clerkg GET /staff/
ok "queue: gov's clerk sees gov's and both departments' cases" \
	bash -c "grep -q '>${A[0]}<' '$T/body' && grep -q '>${B[0]}<' '$T/body' && grep -q '>$G<' '$T/body'"
as admin GET "/staff/?who=all"
ok "queue: the top admin sees every agency's cases" \
	bash -c "grep -q '>${A[0]}<' '$T/body' && grep -q '>${B[0]}<' '$T/body' && grep -q '>$G<' '$T/body'"
ok "…and counts them all (8 open, 1 pending)" \
	bash -c "grep -q 'state=open&amp;who=all\">办理中 <strong>8</strong>' '$T/body' && grep -q 'state=pending&amp;who=all\">待确认收到 <strong>1</strong>' '$T/body'"
as admin GET "/staff/?who=all&q=乙申请人"
ok "search: the top admin finds deptB's applicant by name" has ">$BN<"
as admin GET "/staff/?q=${B[0]}"
ok "search: …and deptB's case by id" has ">${B[0]}<"
as admina GET /staff/
ok "queue: deptA's admin sees deptA's cases only" \
	bash -c "grep -q '>${A[0]}<' '$T/body' && ! grep -q '>${B[0]}<' '$T/body' && ! grep -q '>$G<' '$T/body'"

# ---- The case page.
as clerka GET "/staff/case/$BN"
ok "case: deptB's case is not found for deptA's clerk (404)" status_is 404
ok "…and the applicant's name is not shown" hasnt '乙申请人'
ok "…the answer is the one for an id that does not exist" has '没有这个申请编号'
as clerka GET "/staff/case/$BN?explain=1"
ok "case: nor its due date's working (404)" status_is 404
as clerka GET "/staff/case/$G"
ok "case: nor the parent agency's case (404)" status_is 404
as admina GET "/staff/case/$BN"
ok "case: nor for deptA's admin (404)" status_is 404
as clerka GET "/staff/case/${A[2]}"
ok "case: deptA's clerk opens deptA's case" bash -c "[ '$STATUS' = 200 ] && grep -q '甲申请人' '$T/body'"
as clerkb GET "/staff/case/$BN"
ok "case: deptB's clerk opens deptB's, with the applicant's name" \
	bash -c "[ '$STATUS' = 200 ] && grep -q '乙申请人' '$T/body'"
as clerkg GET "/staff/case/$BN"
ok "case: gov's clerk opens a department's case" status_is 200
as admin GET "/staff/case/$BN"
ok "case: the top admin opens it, with the applicant's name" \
	bash -c "[ '$STATUS' = 200 ] && grep -q '乙申请人' '$T/body'"

# ---- Every step: deptA's clerk tries it on deptB's case first (404,
# nothing written), then the top admin takes it (303, one row).
# Steps recorded, the 经办人 given with them aside (staff.sh tests those).
steps() { echo $(( $(rows events) - $(grep -c ',"assign",' "$DATA/events.csv") )); }
step() {	# case step [fields…]: deptA's clerk, then the top admin
	local id=$1 s=$2 e
	shift 2
	e=$(steps)
	as clerka POST "/staff/case/$id" --data-urlencode "step=$s" --data-urlencode date=2026-03-02 "$@"
	ok "step $s: refused to deptA's clerk on another agency's case (404)" \
		bash -c "[ '$STATUS' = 404 ] && [ '$(steps)' = '$e' ]"
	as admin POST "/staff/case/$id" --data-urlencode "step=$s" --data-urlencode date=2026-03-02 "$@"
	ok "step $s: taken by the top admin" \
		bash -c "[ '$STATUS' = 303 ] && [ '$(steps)' = $((e + 1)) ]"
}
step "$G" received
step "${B[0]}" supplement_request --data-urlencode days=10 --data-urlencode "note=请补充身份证明"
step "${B[0]}" supplement_received
step "${B[0]}" consult_start --data-urlencode reason=third_party
step "${B[0]}" consult_end
step "${B[0]}" extend --data-urlencode "reason=张局长"
step "${B[0]}" answer --data-urlencode outcome=grant --data-urlencode medium=post
step "${B[0]}" review_filed
step "${B[0]}" review_decided --data-urlencode outcome=upheld
step "${B[0]}" suit_filed --data-urlencode reason=after_review
step "${B[0]}" suit_decided --data-urlencode outcome=corrected
step "${B[0]}" withhold_subject
step "${B[1]}" supplement_request --data-urlencode days=10 --data-urlencode "note=请补充"
step "${B[1]}" supplement_none
step "${B[2]}" withdraw
ok "no step of deptA's clerk was written" bash -c "! grep ',\"clerka\",' '$DATA/events.csv' | grep -qv ',\"assign\",'"

# ---- The annual table: look, save, publish.
grid() {	# value: the 2021 format's entered cells, each value
	local c k
	for c in s20_1a s20_1b; do for k in made repealed in_force; do
		printf '%s\0' --data-urlencode "v:$c:$k=$1"; done; done
	printf '%s\0' --data-urlencode "v:s20_5a:decisions=$1" --data-urlencode "v:s20_6a:decisions=$1" \
	    --data-urlencode "v:s20_6b:decisions=$1" --data-urlencode "v:s20_8a:amount=$1"
}
mapfile -d '' cells < <(grid 1)
as clerka GET /staff/annual/
ok "annual list: deptA's clerk is offered deptA's tables" has 'agency=deptA"'
ok "…and neither deptB's nor the parent's roll-up" bash -c "! grep -qE 'agency=(deptB|gov)\"' '$T/body'"
as clerka GET /staff/annual/2025
ok "annual: without an agency, deptA's clerk gets deptA's own table" \
	bash -c "[ '$STATUS' = 200 ] && grep -q '<p>示例市甲局 · ' '$T/body'"
as clerka GET "/staff/annual/2025?agency=deptB"
ok "annual: deptA's clerk cannot look at deptB's table (403)" status_is 403
ok "…and is told so in Chinese, naming the table's agency" has '不能查看、填报或发布示例市乙局的年度统计表'
as clerka GET "/staff/annual/2025?agency=gov"
ok "annual: nor at the parent's roll-up (403)" status_is 403
as clerka POST "/staff/annual/2025?agency=deptB" "${cells[@]}" --data-urlencode step=save
ok "annual: deptA's clerk cannot save deptB's table (403)" status_is 403
ok "…nothing is written" test ! -e "$DATA/annual/deptB-2025.csv"
as clerka POST "/staff/annual/2025?agency=deptB" "${cells[@]}" --data-urlencode step=publish
ok "annual: deptA's clerk cannot publish deptB's table (403)" status_is 403
http GET "/annual/2025?agency=deptB"
ok "…it is not published" status_is 404
as admina POST "/staff/annual/2025?agency=deptB" "${cells[@]}" --data-urlencode step=publish
ok "annual: nor can deptA's admin (403)" status_is 403
as clerka POST "/staff/annual/2025?agency=deptA" "${cells[@]}" --data-urlencode step=publish
ok "annual: deptA's clerk publishes deptA's table" status_is 303
mapfile -d '' cells2 < <(grid 2)
as admina POST "/staff/annual/2025?agency=deptA" "${cells2[@]}" --data-urlencode step=save
ok "annual: deptA's admin may change deptA's published table" \
	bash -c "[ '$STATUS' = 303 ] && grep -q '\"admina\",\"annual_change_after_publish\",\"deptA 2025\"' '$DATA/audit.csv'"
as admin GET "/staff/annual/2025?agency=deptB"
ok "annual: the top admin looks at deptB's table" status_is 200
as admin POST "/staff/annual/2025?agency=deptB" "${cells[@]}" --data-urlencode step=save
ok "annual: the top admin saves it" bash -c "[ '$STATUS' = 303 ] && [ -e '$DATA/annual/deptB-2025.csv' ]"
as admin POST "/staff/annual/2025?agency=deptB" "${cells[@]}" --data-urlencode step=publish
ok "annual: the top admin publishes it" status_is 303
http GET "/annual/2025?agency=deptB"
ok "…and it is public" status_is 200
as clerkg GET "/staff/annual/2025?agency=gov"
ok "annual: gov's clerk looks at gov's roll-up of its departments" \
	bash -c "[ '$STATUS' = 200 ] && grep -q '（含所属部门汇总）' '$T/body'"

# ---- Accounts and holidays are the installation's: top admins only.
as admina GET /staff/users
ok "deptA's admin cannot manage accounts (403)" status_is 403
as admina POST /staff/users --data-urlencode login=admin
ok "…nor disable the top admin (403)" bash -c "[ '$STATUS' = 403 ] && ! grep -q '\"admin\",\"disabled\"' '$DATA/audit.csv'"
as admina GET /staff/holidays
ok "deptA's admin cannot import holidays (403)" status_is 403
as admina GET /staff/
ok "…and is not offered those pages" bash -c "! grep -qE 'href=\"/staff/(users|holidays)\"' '$T/body'"
as admin GET /staff/users
ok "the top admin manages accounts" status_is 200

tools/ogi-site stop
ok "no program error was logged" bash -c "! grep -qiE 'sanitizer|runtime error|leak' $RUN/log/* 2>/dev/null"
exit $((T_FAILS > 0))
