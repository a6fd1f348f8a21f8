#!/usr/bin/env bash
# HTTP tests of the 信息处理费 (第四十二条, 国办函〔2020〕109号) through the
# web server, with the clock pinned: the applicant's applications this
# month on the case page; a fee notice (amount computed from
# data/fee-bands.csv, shown before it is recorded) suspends the answer
# clock and payment resumes it, the due date moving by the working days in
# between, said in the working; the 收费通知书; a notice unpaid past 20
# working days allows other_fee_unpaid and not before; the applicant's
# tracking page; the year's amount collected and the 2021 row of unpaid
# fees on the annual page.  And the application form's statutory words.
#   tests/http/fees.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-23080}
T=$(mktemp -d /tmp/ogi-fees-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
# Friday 2026-04-10, 10:00 in Beijing.
export OGI_NOW=2026-04-10T02:00:00
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$RUN/log/ubsan:print_stacktrace=1"
BASE=http://127.0.0.1:$PORT
ADMIN=$BUILD/ogi-admin
. tests/lib.sh

cleanup() { tools/ogi-site stop >/dev/null 2>&1; [ -n "${KEEP:-}" ] || rm -rf "$T"; }
trap cleanup EXIT

tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "the site starts with the fee scale loaded" grep -q serving "$T/start.log"
printf 'clerk-password-1\n' | OGI_DATA=$DATA "$ADMIN" adduser clerk --role clerk --name 王办理 >/dev/null

tok=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
http POST /staff/login -c "$T/jar" --data-urlencode login=clerk \
    --data-urlencode password=clerk-password-1 --data-urlencode "form_token=$tok"
ok "the clerk logs in" status_is 303
J=(-b "$T/jar" -c "$T/jar")
http GET /staff/ "${J[@]}"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)

intake() {	# name id_number received → the tracking code
	http POST /staff/new "${J[@]}" --data-urlencode "csrf=$csrf" \
	    --data-urlencode applicant_type=person --data-urlencode "name=$1" \
	    --data-urlencode id_type=resident --data-urlencode "id_number=$2" \
	    --data-urlencode phone=13900000000 --data-urlencode "address=示例路3号" \
	    --data-urlencode postcode=100000 --data-urlencode "subject=示例工程施工图纸" \
	    --data-urlencode "description=请提供示例工程的全部施工图纸。" --data-urlencode medium=paper \
	    --data-urlencode delivery=post --data-urlencode channel=信函 --data-urlencode "received=$3"
	sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body"
}
A=110105199003071239 B=11010519491231002X
code1=$(intake 张示例 $A 2026-03-02)		# 2026-000001: paid
ok "a letter received Monday 2026-03-02 is registered" test ${#code1} = 23
intake 李示例 $B 2026-03-02 >/dev/null		# 2026-000002: unpaid
code3=$(intake 张示例 $A 2026-04-08)		# 2026-000003: notice not yet due
intake 张示例 $A 2026-04-09 >/dev/null		# 2026-000004: the month's second

act() {	# id fields... → STATUS
	local id=$1
	shift
	http POST /staff/case/$id "${J[@]}" --data-urlencode "csrf=$csrf" "$@"
}

# The applicant's month, by the ID on the record.
http GET /staff/case/2026-000004 "${J[@]}"
ok "the case page counts the applicant's applications this month" \
	has '<dd class="month-count">2026年4月向本机关提出2件，本件为第2件</dd>'
ok "…and says 按件计收 does not apply within the free ones" \
	has '<dd class="per-count">不适用：在每月免费件数以内</dd>'
http GET /staff/case/2026-000001 "${J[@]}"
ok "another month, another count" has '<dd class="month-count">2026年3月向本机关提出1件，本件为第1件</dd>'
ok "the fee notice form shows the scale's bands" \
	bash -c "grep -qF '<li>第201页起：每页40元</li>' '$T/body' && grep -qF '<li>第31件起：每件200元，每10件为一档，每档比上一档增加100元</li>' '$T/body'"
ok "the original due date: 20 working days, 2026-03-30" has '2026年3月30日'

# 计算金额: shown, not recorded.
act 2026-000001 --data-urlencode step=fee_notice --data-urlencode date=2026-03-04 \
	--data-urlencode method=pages --data-urlencode pages=250 --data-urlencode preview=1
ok "计算金额 answers 200 with the amount" bash -c "[ '$STATUS' = 200 ] && grep -qF '按量计收：<strong>4700元</strong>' '$T/body'"
ok "…and its working, band by band" \
	bash -c "grep -qF '<li>第31—100页：70页×10元＝700元</li>' '$T/body' && grep -qF '<li>第201—250页：50页×40元＝2000元</li>' '$T/body'"
ok "…keeping what was typed" has 'name="pages" value="250"'
ok "…and nothing is recorded" bash -c "! grep -qs fee_notice '$DATA/events.csv'"

act 2026-000001 --data-urlencode step=fee_notice --data-urlencode date=2026-03-04 \
	--data-urlencode method=pages --data-urlencode pages=30
ok "30 pages are free: no notice (400)" bash -c "[ '$STATUS' = 400 ] && grep -qF '免费页数以内' '$T/body'"
act 2026-000001 --data-urlencode step=fee_notice --data-urlencode date=2026-03-04 \
	--data-urlencode pages=250
ok "no method: refused (400), saying one of the two" bash -c "[ '$STATUS' = 400 ] && grep -qF '二者只能选其一' '$T/body'"
act 2026-000001 --data-urlencode step=fee_notice --data-urlencode date=2026-03-04 \
	--data-urlencode method=pages --data-urlencode pages=250
ok "the fee notice is recorded on 2026-03-04" status_is 303
ok "…the row holds method, amount, days and pages" \
	bash -c "grep -q '\"fee_notice\",\"pages\",\"4700\",\"20\",\"\",\"250\"' '$DATA/events.csv'"
act 2026-000001 --data-urlencode step=fee_notice --data-urlencode date=2026-03-05 \
	--data-urlencode method=count
ok "a second notice on the case is refused (409): one method, once" status_is 409

http GET "/staff/case/2026-000001?explain=1" "${J[@]}"
ok "while unpaid the due date is suspended" has '收费通知发出后暂停计算，缴费后恢复计算'
ok "the working says so, with the last day to pay" \
	has '收费通知：2026-03-04发出，等待申请人缴费（缴费期限2026-04-01），期限暂停计算'
ok "the fee's facts: notice, amount" has '<dd class="fee-notice">2026-03-04，按量计收，4700元</dd>'
ok "no answer is offered while the fee is unpaid" hasnt 'id="act-answer"'
ok "payment and waiver are offered" bash -c "grep -qF 'id=\"act-fee_paid\"' '$T/body' && grep -qF 'id=\"act-fee_waived\"' '$T/body'"
ok "the 收费通知书 is due for issue" has '待签发：收费通知书'

act 2026-000001 --data-urlencode step=answer --data-urlencode date=2026-03-20 \
	--data-urlencode outcome=grant --data-urlencode medium=post
ok "an answer posted anyway is refused (409)" status_is 409
act 2026-000001 --data-urlencode step=fee_paid --data-urlencode date=2026-03-11 \
	--data-urlencode amount=4800 --data-urlencode receipt=NO.0001
ok "paying more than the notice says is refused (400)" status_is 400
act 2026-000001 --data-urlencode step=fee_paid --data-urlencode date=2026-03-11 \
	--data-urlencode amount=4700
ok "payment without a receipt number is refused (400)" bash -c "[ '$STATUS' = 400 ] && grep -qF '缴费票据号码' '$T/body'"
act 2026-000001 --data-urlencode step=fee_paid --data-urlencode date=2026-03-11 \
	--data-urlencode amount=4700 --data-urlencode receipt=NO.0001
ok "payment of 4700 元 on Wednesday 2026-03-11 is recorded" status_is 303
http GET "/staff/case/2026-000001?explain=1" "${J[@]}"
ok "the clock resumes: the due date moves five working days to 2026-04-07" \
	has '<dd class="due"><span class="nowrap">2026年4月7日'
ok "the working counts the suspension" \
	has '收费通知：2026-03-04发出，2026-03-11缴费，其间的工作日（5个）不计入期限'
ok "…day by day" bash -c "grep -qF '不计：2026-03-05（星期四，收费通知至缴费期间）' '$T/body' && grep -qF '不计：2026-03-11（星期三，收费通知至缴费期间）' '$T/body'"
ok "the timeline says what was paid" has '缴费4700元，票据号码NO.0001。'
ok "an answer is offered again" has 'id="act-answer"'

# The 收费通知书, issued from its draft.
draft=$(awk 'index($0, "name=\"step\" value=\"fee_notice:1\"") { on = 1 }
	on && /<textarea/ { t = 1; sub(/.*<textarea[^>]*>/, "") }
	t { if (sub(/<\/textarea>.*/, "")) { print; exit } print }' "$T/body" |
	sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/'"'"'/g; s/&amp;/\&/g')
ok "the draft of the 收费通知书 cites 109号 and the amount" \
	bash -c "grep -qF '国办函〔2020〕109号' <<<'$draft' && grep -qF '共计人民币4700元' <<<'$draft'"
http POST /staff/case/2026-000001/doc "${J[@]}" --data-urlencode "csrf=$csrf" \
	--data-urlencode kind=fee_notice --data-urlencode step=fee_notice:1 --data-urlencode "text=$draft"
ok "the 收费通知书 is issued (303 to the letter)" \
	bash -c "[ '$STATUS' = 303 ] && grep -qi '^Location: /staff/case/2026-000001/doc/1' '$T/hdrs'"
http GET /staff/case/2026-000001/doc/1 "${J[@]}"
ok "the letter has its title, the deadline and the 文号" \
	bash -c "grep -qF '收费通知书' '$T/body' && grep -qF '2026年4月1日前' '$T/body' && grep -qF '示例办公开告〔2026〕1号' '$T/body'"

# Unpaid: other_fee_unpaid, only after the 20 working days.
act 2026-000002 --data-urlencode step=fee_notice --data-urlencode date=2026-03-04 \
	--data-urlencode method=pages --data-urlencode pages=31
ok "a notice of 31 pages (10 元) on 2026-03-04" status_is 303
act 2026-000002 --data-urlencode step=fee_unpaid --data-urlencode date=2026-04-01
ok "on the last day to pay, other_fee_unpaid is refused (400)" \
	bash -c "[ '$STATUS' = 400 ] && grep -qF '缴费期限尚未届满' '$T/body'"
act 2026-000002 --data-urlencode step=fee_unpaid --data-urlencode date=2026-04-02
ok "the day after, the case is concluded" status_is 303
ok "…as other_fee_unpaid" \
	bash -c "grep -q '\"2026-000002\",[^\n]*\"fee_unpaid\",\"other_fee_unpaid\"' '$DATA/events.csv'"
http GET /staff/case/2026-000002 "${J[@]}"
ok "the case page shows 已办结 and the outcome" \
	bash -c "grep -qF '已办结' '$T/body' && grep -qF '申请人逾期未按收费通知要求缴纳费用' '$T/body'"

act 2026-000003 --data-urlencode step=fee_notice --data-urlencode date=2026-04-08 \
	--data-urlencode method=pages --data-urlencode pages=101
ok "a notice on 2026-04-08 (101 pages: 720 元)" \
	bash -c "[ '$STATUS' = 303 ] && grep -q '\"fee_notice\",\"pages\",\"720\"' '$DATA/events.csv'"
http GET /staff/case/2026-000003 "${J[@]}"
ok "before its deadline, non-payment is not offered" hasnt 'id="act-fee_unpaid"'
act 2026-000003 --data-urlencode step=fee_unpaid --data-urlencode date=2026-04-10
ok "…nor accepted (409)" status_is 409
http POST /track --data-urlencode "code=$code3"
ok "the applicant's tracking page says the clock is suspended" \
	has '已向您发出收费通知，期限自通知之日起暂停计算，缴费后恢复计算'
ok "…with the last day to pay (20 working days: 4-9 to 4-30 are 16, 劳动节 5-1 to 5-5, then 5-6 to 5-8 and the make-up Saturday 5-9)" \
	has '缴费期限：2026-05-09'
ok "…and the step" has '收费通知（20个工作日内缴费）'
ok "…and shows no amount or ID to the public" hasnt "$A"

# The tables: the year's amount and the unpaid row.
http GET /staff/annual/2026 "${J[@]}"
ok "the annual page answers 200" status_is 200
ok "the amount collected in 2026 reaches the report" has '<strong id="fees-collected">4700</strong> 元（0.47万元）'
ok "the 2021 row of unpaid fees counts the case" has 'id="v-r6_2-person">1<'
http GET /staff/annual/2025 "${J[@]}"
ok "nothing collected in 2025" has '<strong id="fees-collected">0</strong>'

# The form speaks the 条例's words (point 4).
http GET /
ok "home states the received day per channel (第三十一条)" \
	bash -c "grep -qF '以本机关签收之日为收到申请之日' '$T/body' && grep -qF '通过互联网渠道（在线申请、电子邮件）或者传真提交申请的，以双方确认之日为收到申请之日' '$T/body'"
ok "home has a note on 信息处理费 with the scale's free limits from data/" \
	bash -c "grep -qF '第四十二条' '$T/body' && grep -qF '累计申请10件以内' '$T/body' && grep -qF '30页以内' '$T/body' && grep -qF '国办函〔2020〕109号' '$T/body'"
http GET /apply
ok "the form names 所需政府信息的名称 and 内容描述" \
	bash -c "grep -qF '>所需政府信息的名称<' '$T/body' && grep -qF '>所需政府信息的内容描述<' '$T/body'"
ok "政府信息的指定提供方式: four check boxes, several may be chosen" \
	bash -c "grep -qF '政府信息的指定提供方式（请选择，可多选）' '$T/body' && [ \$(grep -c 'type=\"checkbox\" name=\"medium\"' '$T/body') = 4 ] && grep -qF '> 光盘<' '$T/body' && grep -qF '> 磁盘<' '$T/body' && grep -qF '> 纸质文本<' '$T/body'"
ok "获取信息的方式: 邮寄, 电子邮件, 当面领取, 现场查阅 (请选择)" \
	bash -c "grep -qF '获取信息的方式（请选择）' '$T/body' && [ \$(grep -c 'type=\"radio\" name=\"delivery\"' '$T/body') = 4 ] && grep -qF '> 当面领取<' '$T/body' && grep -qF '> 现场查阅<' '$T/body'"
ok "every radio group says 请选择" bash -c "grep -qF '申请人类型（请选择）' '$T/body'"
mapfile -d '' paper_by_mail < <(printf '%s\0' "${PERSON[@]}" | sed -z 's/^medium=electronic$/medium=paper/')
http POST /apply "${paper_by_mail[@]}" --data-urlencode "form_token=$(token)"
ok "paper only, by e-mail: pointed out (400)" \
	bash -c "[ '$STATUS' = 400 ] && grep -qF '应包括电子邮件' '$T/body' && grep -qF 'id=\"e-medium\"' '$T/body'"
ok "…keeping what was typed" has 'value="paper" checked'
mapfile -d '' bad_phone < <(printf '%s\0' "${PERSON[@]}" | sed -z 's/^phone=.*/phone=1380000000/')
http POST /apply "${bad_phone[@]}" --data-urlencode "form_token=$(token)"
ok "a 10-digit phone is refused: 11-digit mobile or area code + number" \
	bash -c "[ '$STATUS' = 400 ] && grep -qF '11位手机号码' '$T/body'"
mapfile -d '' two < <(printf '%s\0' "${PERSON[@]}" | sed -z 's/^medium=electronic$/medium=email/')
http POST /apply "${two[@]}" --data-urlencode medium=cd --data-urlencode "form_token=$(token)"
ok "two 提供方式 (电子邮件 and 光盘) are accepted" status_is 200
ok "…and stored as codes separated by a space" grep -qF '"email cd"' "$DATA/applications.csv"

http GET /staff/case/2026-000005 "${J[@]}"
ok "the online application of the same ID counts with the letters of its month" \
	has '<dd class="month-count">2026年4月向本机关提出3件，本件为第3件</dd>'

ok "no sanitizer reports" bash -c "! ls '$RUN'/log/asan* '$RUN'/log/ubsan* 2>/dev/null | grep -q ."
exit $((T_FAILS > 0))
