#!/usr/bin/env bash
# HTTP tests of the staff desk as a worklist, through nginx, with the clock
# pinned to Monday 2026-03-16: a case's 经办人 (set at registration and at
# confirmation of receipt, changed by an admin or the 经办人, each change an
# event and an audit row, refused to anyone else); the queue's order on a
# known set of cases (online ones waiting for confirmation first, oldest
# first, then by working days left, overdue negative) and its columns; 我的
# 案件 and 全部; 上一件/下一件 following the filter; a step's form in place
# (?act=); the answer's 载体 and 送达方式 apart, defaulting to what the
# applicant asked; no 「。。」 in the timeline; dates written as 「2026年3月
# 16日」.
#   tests/http/desk.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18099}
T=$(mktemp -d /tmp/ogi-desk-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
# Monday 2026-03-16, 10:00 in Beijing.
export OGI_NOW=2026-03-16T02:00:00
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$RUN/log/ubsan:print_stacktrace=1"
BASE=http://127.0.0.1:$PORT
ADMIN=$BUILD/ogi-admin
. tests/lib.sh

cleanup() { tools/ogi-site stop >/dev/null 2>&1; [ -n "${KEEP:-}" ] || rm -rf "$T"; }
trap cleanup EXIT

# An online application on Tuesday 2026-03-10, the rest on 2026-03-16.
OGI_NOW=2026-03-10T02:00:00 tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
curl -s -o /dev/null "$BASE/apply" "${PERSON[@]}" --data-urlencode "form_token=$(token)"	# 2026-000001
tools/ogi-site start "$BUILD" >>"$T/start.log" 2>&1
ok "the site starts" grep -q serving "$T/start.log"
adminpw=$(sed -n 's/.*password for admin (shown once): //p' "$T/start.log")
printf 'clerk-password-1\n' | OGI_DATA=$DATA "$ADMIN" adduser clerk --role clerk --name 王办理 >/dev/null
printf 'clerk-password-2\n' | OGI_DATA=$DATA "$ADMIN" adduser clerk2 --role clerk --name 李办理 >/dev/null

login() {	# login password jar
	local tok
	tok=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
	http POST /staff/login -c "$3" --data-urlencode "login=$1" \
	    --data-urlencode "password=$2" --data-urlencode "form_token=$tok"
	http GET /staff/ -b "$3"
	sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1 >"$3.csrf"
}
login clerk clerk-password-1 "$T/c1"
login clerk2 clerk-password-2 "$T/c2"
login admin "$adminpw" "$T/ad"
as() {	# jar METHOD PATH [curl args]
	local j=$1 m=$2 p=$3
	shift 3
	if [ "$m" = POST ]; then
		http POST "$p" -b "$j" --data-urlencode "csrf=$(cat "$j.csrf")" "$@"
	else
		http GET "$p" -b "$j" "$@"
	fi
}
letter() {	# jar name received: a letter registered by that account
	as "$1" POST /staff/new --data-urlencode applicant_type=person --data-urlencode "name=$2" \
	    --data-urlencode id_type=resident --data-urlencode id_number=110105199003071239 \
	    --data-urlencode phone=13900000000 --data-urlencode "address=示例路3号" \
	    --data-urlencode postcode=100000 --data-urlencode "subject=$2要的文件" \
	    --data-urlencode "description=请提供。" --data-urlencode medium=paper \
	    --data-urlencode delivery=post --data-urlencode channel=信函 --data-urlencode "received=$3"
}
audited() { grep -c "$1" "$DATA/audit.csv"; }

# The set: two online applications waiting (3-10, 3-16), letters
# received on four days, due 20 working days later (春节 2-15 to 2-23 off,
# 2-14 and 2-28 worked; 清明 4-4 to 4-6 off).
curl -s -o /dev/null "$BASE/apply" "${PERSON[@]}" --data-urlencode "form_token=$(token)"	# 2026-000002, 3-16
letter "$T/c1" 甲 2026-02-02		# 000003: due 2026-03-06, 6 days overdue
letter "$T/c1" 乙 2026-03-02		# 000004: due 2026-03-30, 10 left
letter "$T/c2" 丙 2026-02-24		# 000005: due 2026-03-23, 5 left; clerk2's
letter "$T/c1" 丁 2026-03-13		# 000006: due 2026-04-13, 19 left

ok "registering makes the clerk the 经办人 (an event)" \
	grep -q '"2026-000003",.*"王办理","assign","","clerk"' "$DATA/events.csv"
ok "…and an audit row" test "$(audited '"case_assign","2026-000003 clerk"')" = 1

# The queue: who needs action first.
as "$T/ad" GET "/staff/?who=all"
order=$(grep -o 'class="row-link" href="/staff/case/[0-9-]*' "$T/body" | sed 's/.*case\///' | tr '\n' ' ')
ok "the order: waiting online (oldest first), then by working days left" \
	test "$order" = "2026-000001 2026-000002 2026-000003 2026-000005 2026-000004 2026-000006 "
echo "# order: $order"
ok "an overdue case shows negative working days left" has '<span class="left">-6</span>'
ok "…and says by how many" has '已逾期6个工作日'
ok "the others' working days left, by hand: 5, 10, 19" bash -c \
	"grep -q '<span class=\"left\">5</span>' '$T/body' && grep -q '<span class=\"left\">10</span>' '$T/body' && grep -q '<span class=\"left\">19</span>' '$T/body'"
ok "a waiting online case says how long it has waited" has '待确认收到，已等待6天'
ok "columns: applicant, 所需信息, 经办人, working days left" bash -c \
	"grep -q '<th scope=\"col\">申请人</th>' '$T/body' && grep -q '<th scope=\"col\">经办人</th>' '$T/body' && grep -q '<th scope=\"col\">剩余工作日</th>' '$T/body' && grep -q '<td>丙要的文件</td>' '$T/body'"
ok "dates written 「2026年3月30日」" has '2026年3月30日'
ok "counts per 经办人" bash -c "grep -q '王办理 <strong>3</strong>' '$T/body' && grep -q '李办理 <strong>1</strong>' '$T/body' && grep -q '未指定 <strong>2</strong>' '$T/body'"

as "$T/c1" GET /staff/
mine=$(grep -o 'class="row-link" href="/staff/case/[0-9-]*' "$T/body" | sed 's/.*case\///' | tr '\n' ' ')
ok "我的案件 by default: the clerk's own and the unassigned" \
	test "$mine" = "2026-000001 2026-000002 2026-000003 2026-000004 2026-000006 "
ok "…with 全部 one click away" has 'href="/staff/?who=all"'

# 上一件 / 下一件 follow the filter the case was opened from.
as "$T/c1" GET "/staff/case/2026-000004?who=mine"
ok "next follows 我的案件 (skips clerk2's 000005)" has 'rel="next" href="/staff/case/2026-000006?who=mine"'
ok "previous too" has 'rel="prev" href="/staff/case/2026-000003?who=mine"'
as "$T/c1" GET "/staff/case/2026-000004?who=all"
ok "under 全部, previous is clerk2's 000005" has 'rel="prev" href="/staff/case/2026-000005?who=all"'
# Every case's 上一件/下一件 are its neighbours in the queue's own order.
for filt in "who=all" "who=all&state=all" "who=mine"; do
	as "$T/c1" GET "/staff/?$filt"
	mapfile -t order < <(grep -o 'class="row-link" href="/staff/case/[0-9-]*' "$T/body" | sed 's/.*case\///')
	walk=ok
	for i in "${!order[@]}"; do
		as "$T/c1" GET "/staff/case/${order[i]}?$filt"
		p=$(grep -o 'rel="prev" href="/staff/case/[0-9-]*' "$T/body" | sed 's/.*case\///')
		n=$(grep -o 'rel="next" href="/staff/case/[0-9-]*' "$T/body" | sed 's/.*case\///')
		want=; [ $i -gt 0 ] && want=${order[i - 1]}
		[ "$p" = "$want" ] || walk="${order[i]} prev $p"
		[ "$n" = "${order[i + 1]:-}" ] || walk="${order[i]} next $n"
	done
	ok "$filt: each case's 上一件/下一件 are its neighbours in the list (${#order[@]} cases)" test "$walk" = ok
done

# Assignment: the 经办人 or an admin may change it; no one else.
as "$T/c2" POST /staff/case/2026-000004 --data-urlencode step=assign --data-urlencode reason=clerk2
ok "another clerk cannot take someone's case (403)" status_is 403
as "$T/c1" POST /staff/case/2026-000004 --data-urlencode step=assign --data-urlencode reason=clerk2
ok "the 经办人 hands it on" status_is 303
ok "…an event" grep -q '"2026-000004",.*"assign","","clerk2"' "$DATA/events.csv"
ok "…audited" test "$(audited '"case_assign","2026-000004 clerk2"')" = 1
as "$T/ad" POST /staff/case/2026-000004 --data-urlencode step=assign --data-urlencode reason=nobody
ok "an unknown account cannot be the 经办人 (400)" status_is 400
as "$T/ad" POST /staff/case/2026-000004 --data-urlencode step=assign --data-urlencode reason=clerk
ok "an admin gives it back" status_is 303
as "$T/c1" GET /staff/case/2026-000004
ok "the case page names the 经办人" has '经办人：<strong>王办理</strong>'
ok "the timeline says who took it" has '经办人：李办理。'
# Confirming an online case takes it.
as "$T/c2" POST /staff/case/2026-000001 --data-urlencode step=received --data-urlencode date=2026-03-16
ok "confirming receipt of an unassigned case makes its confirmer the 经办人" \
	grep -q '"2026-000001",.*"assign","","clerk2"' "$DATA/events.csv"

# The case page leads: the next step's form in place.
as "$T/c1" GET /staff/case/2026-000004
ok "the primary next step is 作出答复" has 'class="button primary" href="/staff/case/2026-000004?act=answer#act-answer"'
ok "working days left at the top" has '剩余 <strong>10</strong> 个工作日'
as "$T/c1" GET "/staff/case/2026-000004?act=answer"
top_form=$(awk '/class="act-here"/ { on = 1 } on && /id="act-/ { print; exit }' "$T/body")
ok "?act=answer shows the answer's form in place, before the record" bash -c "echo '$top_form' | grep -q 'id=\"act-answer\"'"
ok "…before the facts" bash -c "awk '/class=\"act-here\"/ { a = NR } /<dl class=\"facts\">/ && !f { f = NR } END { exit !(a && a < f) }' '$T/body'"
ok "理由和依据 is multi-line" has 'textarea id="a-answer-reason"'
ok "载体 defaults to what the applicant asked (纸质)" has '<option value="paper" selected>纸质</option>'
ok "送达方式 too (邮寄)" has '<option value="post" selected>邮寄</option>'
as "$T/c1" POST /staff/case/2026-000004 --data-urlencode step=answer --data-urlencode date=2026-03-16 \
	--data-urlencode outcome=grant --data-urlencode "reason=属于公开范围。" --data-urlencode carrier=paper \
	--data-urlencode delivery=post --data-urlencode "note=已寄出。"
ok "an answer with 载体 and 送达方式" status_is 303
ok "…stored as paper+post" grep -q '"2026-000004",.*"answer","grant",.*"paper+post"' "$DATA/events.csv"
as "$T/c1" GET /staff/case/2026-000004
ok "the timeline writes 送达：纸质，邮寄" has '送达：纸质，邮寄。'
ok "…and never 「。。」" hasnt '。。'
ok "…with its time as 「2026年3月16日 10:00」" has '2026年3月16日 10:00'
ok "no sanitizer reports" bash -c "! ls '$RUN'/log/asan* '$RUN'/log/ubsan* 2>/dev/null | grep -q ."
exit $((T_FAILS > 0))
