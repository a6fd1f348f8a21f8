#!/usr/bin/env bash
# Notices by e-mail through a real MTA path: msmtp as sendmail_command, to
# an SMTP server this test starts (tests/http/smtpd.py), each message
# parsed with Python's email module (tests/http/mailcheck.py).  The
# applicant's notices, a new tracking code, the MTA down and back, a
# sendmail_command that fails then recovers, kill -9 of the sender during
# a hand-over, and the staff digest.
#   tests/http/mail.sh BUILD PORT      (the SMTP server listens on PORT+1)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18124}
SMTP_PORT=$((PORT + 1))
T=$(mktemp -d /tmp/ogi-mail-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
# Monday 2026-03-02, 10:00 in Beijing: a working day.
export OGI_NOW=2026-03-02T02:00:00
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$RUN/log/ubsan:print_stacktrace=1"
# The sender is run by hand here (ogi-site's own loop is checked last).
export OGI_MAIL_EVERY=0
BASE=http://127.0.0.1:$PORT
ADMIN=$BUILD/ogi-admin
. tests/lib.sh
MB=$T/mbox
CHECK="python3 tests/http/mailcheck.py $MB"

cleanup() {
	tools/ogi-site stop >/dev/null 2>&1
	smtp_stop
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT

# Debian's python3 has python3-aiosmtpd (tools/deps test); another python3
# first in PATH may not.
PY=python3
for p in /usr/bin/python3 python3; do
	"$p" -c 'import aiosmtpd' 2>/dev/null && { PY=$p; break; }
done
SMTP_PID=
smtp_start() {
	"$PY" tests/http/smtpd.py "$SMTP_PORT" "$MB" >"$T/smtpd.out" 2>&1 &
	SMTP_PID=$!
	local n
	for n in $(seq 100); do grep -q ready "$T/smtpd.out" 2>/dev/null && return 0; sleep 0.1; done
	return 1
}
smtp_stop() {
	[ -n "$SMTP_PID" ] || return 0
	kill "$SMTP_PID" 2>/dev/null
	wait "$SMTP_PID" 2>/dev/null
	SMTP_PID=
}

# The reference data with mail: the sender's address, the site's address,
# and sendmail_command a wrapper around msmtp that the test can make fail
# ($T/ctl/fail), or slow after ($T/ctl/after) or before ($T/ctl/before)
# the hand-over.
mkdir -p "$T/ctl" && chmod 777 "$T/ctl"
cp -r data/mail "$OGI_CONF/"
cat >"$T/sendmail" <<SH
#!/bin/sh
echo \$\$ >$T/ctl/pid
[ -e $T/ctl/fail ] && exit 75
[ -e $T/ctl/before ] && sleep 30
msmtp --host=127.0.0.1 --port=$SMTP_PORT --auth=off --tls=off --from=gk@example.gov.cn -t -oi || exit \$?
[ -e $T/ctl/after ] && sleep 30
exit 0
SH
chmod 755 "$T/sendmail"
{
	echo "mail_from,gk@example.gov.cn"
	echo "base_url,https://gk.example.gov.cn"
	echo "sendmail_command,$T/sendmail"
} >>"$OGI_CONF/site.csv"
chmod -R a+rX "$OGI_CONF"

tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "the site starts" grep -q serving "$T/start.log"
adminpw=$(sed -n 's/.*password for admin (shown once): //p' "$T/start.log")
ok "outbox.key is made beside public.key" test -s "$DATA/outbox.key"
OWNER=$(stat -c %U "$DATA")
# The sender runs as the data directory's owner (ogi).
RUNAS=()
[ "$(id -u)" -eq 0 ] && [ "$OWNER" != root ] && RUNAS=(runuser -u "$OWNER" --)
as_owner() {
	"${RUNAS[@]}" env OGI_DATA="$DATA" OGI_CONF="$OGI_CONF" OGI_NOW="${NOW:-$OGI_NOW}" "$@"
}
send() { as_owner "$ADMIN" send-mail >>"$T/send.log" 2>&1; }
count() { $CHECK count "$@"; }

ok "the test's SMTP server runs" smtp_start

# An application through the form, with an e-mail address.
tok=$(token)
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$tok"
ok "an application with an address is accepted" status_is 200
code=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body")
ID=$(sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/body")
ok "the receipt shows the code" test ${#code} = 23
ok "the receipt says the code was mailed, to a masked address" has 'z***@example.cn'
ok "…and not the address itself" hasnt 'zhang@example.cn'
ok "the receipt says how to get a new code" has '发放新的查询码'
ok "the outbox holds the code sealed, never as typed" \
	bash -c "test \"\$(wc -l <'$DATA/outbox.csv')\" = 2 && ! grep -q '${code//-/}' '$DATA/outbox.csv' && ! grep -q '$code' '$DATA/outbox.csv'"
ok "outbox.csv is the public program's to append to (0660)" test "$(stat -c %a "$DATA/outbox.csv")" = 660
if [ "$(id -u)" -eq 0 ] && id ogi-public >/dev/null 2>&1 && [ "$OWNER" = ogi ]; then
	ok "ogi-public can read neither mail.csv nor secret.key (it cannot open a sealed code)" \
		bash -c "! runuser -u ogi-public -- cat '$DATA/secret.key' >/dev/null 2>&1 && ! runuser -u ogi-public -- cat '$DATA/mail.csv' >/dev/null 2>&1"
fi
ok "no mail before the sender runs: no page waits for mail" test "$(count)" = 0

# Reloading the receipt page sends the same form again.
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$tok"
ok "a reload of the receipt is not a second application (409)" status_is 409
ok "…it shows the application id" has "class=\"app-id\">$ID<"
ok "…says the code was shown once" has '只在第一次提交时显示一次'
ok "…and where it was mailed, masked" has 'z***@example.cn'
ok "…and how to get a new one" has '发放新的查询码'
ok "…and never the code" hasnt "$code"

send
ok "the sender hands the receipt over" test "$(count)" = 1
ok "the receipt notice: MIME, UTF-8 subject, the code, no code in any link" \
	$CHECK check "您的政府信息公开申请已提交（$ID）" --has "$code" --has "https://gk.example.gov.cn/track" --secret "$code"
ok "the sender's address and the body's name in From" \
	bash -c "grep -q '^From: =?UTF-8?B?' '$MB/1.eml' && grep -q '<gk@example.gov.cn>' '$MB/1.eml'"
ok "the subject is an RFC 2047 encoded word" grep -q '^Subject: =?UTF-8?B?' "$MB/1.eml"
ok "mail.csv records the hand-over: try, then sent" \
	bash -c "grep -q '\"try\"' '$DATA/mail.csv' && grep -q '\"sent\"' '$DATA/mail.csv'"
ok "mail.csv is the owner's alone (0600)" test "$(stat -c %a "$DATA/mail.csv")" = 600
ok "no address, no code in mail.csv" bash -c "! grep -q -e 'zhang@' -e '$code' '$DATA/mail.csv'"
send
ok "a second run sends nothing again" test "$(count)" = 1

# Staff take the steps; each is mailed once.
login() {
	local t
	t=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
	http POST /staff/login -c "$T/jar" --data-urlencode "login=$1" \
	    --data-urlencode "password=$2" --data-urlencode "form_token=$t"
}
login admin "$adminpw"
ok "the admin logs in" status_is 303
J=(-b "$T/jar" -c "$T/jar")
http GET /staff/ "${J[@]}"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)
act() {
	http POST "/staff/case/$ID" "${J[@]}" --data-urlencode "csrf=$csrf" "$@"
	[ "$STATUS" = 303 ] || { echo "#   status $STATUS" >&2; return 1; }
}
ok "receipt confirmed" act --data-urlencode step=received --data-urlencode date=2026-03-02
send
ok "the confirmation is mailed with the due date" \
	$CHECK check "已确认收到您的申请（$ID）" --has "答复期限：2026-03-30" --secret "$code"
ok "补正 asked" act --data-urlencode step=supplement_request --data-urlencode date=2026-03-02 \
	--data-urlencode days=10 --data-urlencode "note=请写明所需预算的具体部门。"
send
ok "the 补正 request is mailed: items, period, how to answer" \
	$CHECK check "请补正您的申请（$ID）" --has "请写明所需预算的具体部门。" --has "请在 2026-03-16 前补正" --has "在线补正" --secret "$code"
ok "补正 received" act --data-urlencode step=supplement_received --data-urlencode date=2026-03-02
ok "extended" act --data-urlencode step=extend --data-urlencode date=2026-03-02 \
	--data-urlencode reason=王示例 --data-urlencode "note=需要协调检索"
send
ok "the extension is mailed with the new due date" \
	$CHECK check "答复期限已延长（$ID）" --has "延长后的答复期限为：2026-04-28" --secret "$code"
ok "answered" act --data-urlencode step=answer --data-urlencode date=2026-03-02 \
	--data-urlencode outcome=grant --data-urlencode medium=email
send
ok "the answer is mailed" $CHECK check "您的申请已答复（$ID）" --has "办理结果：" --secret "$code"
ok "no notice for the 补正's arrival (the applicant sent it)" test "$(count)" = 5

# A document issued: mailed with its PDF.
http GET "/staff/case/$ID" "${J[@]}"
cp "$T/body" "$T/case.html"
draft() {
	awk -v key="$1" '
		index($0, "name=\"step\" value=\"" key "\"") { on = 1 }
		on && /<textarea/ { t = 1; sub(/.*<textarea[^>]*>/, "") }
		t { if (sub(/<\/textarea>.*/, "")) { print; exit } print }
	' "$T/case.html" | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/'"'"'/g; s/&amp;/\&/g'
}
http POST "/staff/case/$ID/doc" "${J[@]}" --data-urlencode "csrf=$csrf" \
	--data-urlencode kind=extension --data-urlencode step=extend:1 \
	--data-urlencode "text=$(draft extend:1)"
ok "the extension notice is issued" status_is 303
send
ok "the document is mailed with its PDF attached" \
	$CHECK check "延期答复告知书（" --pdf --has "见附件" --secret "$code"
ok "six notices, each once" test "$(count)" = 6

# A lost code: staff issue a new one.
http POST "/staff/case/$ID/code" "${J[@]}" --data-urlencode x=1
ok "a new code without the CSRF token is refused (403)" status_is 403
http POST "/staff/case/$ID/code" "${J[@]}" --data-urlencode "csrf=$csrf"
ok "staff issue a new code (200)" status_is 200
code2=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body")
ok "the new code is shown, printable" bash -c "[ ${#code2} = 23 ] && [ '$code2' != '$code' ] && grep -q '打印' '$T/body'"
ok "…and said to go to the masked address" has 'z***@example.cn'
ok "…never kept by the browser" header 'Cache-Control: no-store'
ok "the new code is audited" grep -q "\"code_reissue\",\"$ID\"" "$DATA/audit.csv"
ok "the code itself is in no record" bash -c "! grep -rq -e '$code2' -e '${code2//-/}' '$DATA'"
http POST /track --data-urlencode "code=$code2"
ok "the new code works" bash -c "[ '$STATUS' = 200 ] && grep -q '$ID' '$T/body'"
http POST /track --data-urlencode "code=$code"
ok "the old code is not found (404)" status_is 404
sed "s/$code/CODE/g" "$T/body" >"$T/old"
http POST /track --data-urlencode "code=ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ"
sed 's/ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ/CODE/g' "$T/body" >"$T/wrong"
ok "…with the same answer as any wrong code" cmp -s "$T/old" "$T/wrong"
send
ok "the new code is mailed" $CHECK check "新查询码（$ID）" --has "$code2" --secret "$code2"

# The MTA down, then back: the notice waits and goes once.
smtp_stop
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)" --data-urlencode "email=li@example.cn"
ID2=$(sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/body")
send
ok "with the MTA down the hand-over fails and is recorded" \
	bash -c "grep -q '\"fail\",\"1\",\"sendmail_command exited' '$DATA/mail.csv'"
smtp_start
send
ok "…not tried again before its back-off (1 minute)" test "$(count "（$ID2）")" = 0
NOW=2026-03-02T02:01:30 send
ok "the MTA back, the notice goes once" test "$(count "（$ID2）")" = 1
NOW=2026-03-02T02:05:00 send
ok "…and not again" test "$(count "（$ID2）")" = 1

# A sendmail_command that fails for a day: retried with back-off, shown to
# admins; then it recovers.
touch "$T/ctl/fail"
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)" --data-urlencode "email=wang@example.cn"
ID3=$(sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/body")
for t in 2026-03-01T00:00:00 2026-03-01T00:00:30 2026-03-01T00:01:00 2026-03-01T00:03:00 2026-03-01T00:10:00; do
	NOW=$t send
done
ok "failures are retried with back-off: 1, 2, 4 … minutes" \
	test "$(grep "\"$ID3\",\"fail\"" "$DATA/mail.csv" | cut -d, -f5 | tr -d '"' | tr '\n' ' ')" = "1 2 3 4 "
http GET /staff/ "${J[@]}"
ok "after 24 hours of failure the admins see it on the desk" has '连续24小时以上未能交给邮件系统发出'
ok "…from mail-failing.csv, the owner's alone (0600), naming the case" \
	bash -c "[ \"\$(stat -c %a '$DATA/mail-failing.csv')\" = 600 ] && grep -q '\"$ID3\"' '$DATA/mail-failing.csv'"
rm -f "$T/ctl/fail"
send
ok "the command recovered, the notice goes once" test "$(count "（$ID3）")" = 1
http GET /staff/ "${J[@]}"
ok "…and the desk no longer warns" hasnt '连续24小时以上'

# kill -9 of the sender (SP: as_owner's, ogi-admin itself or runuser
# above it) and of the sendmail_command it ran (by the ids they have).
kill_sender() {
	local w
	kill -9 $(pgrep -P "$SP" -x ogi-admin || echo "$SP") 2>/dev/null
	w=$(cat "$T/ctl/pid" 2>/dev/null)
	[ -n "$w" ] && kill -9 "$w" $(pgrep -P "$w") 2>/dev/null
	wait "$SP" 2>/dev/null
	rm -f "$T/ctl/pid"
}

# kill -9 of the sender during a hand-over.  After sendmail took the
# message: sent again on the next run, one duplicate at most (the bound).
touch "$T/ctl/after"
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)" --data-urlencode "email=zhao@example.cn"
ID4=$(sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/body")
"${RUNAS[@]}" env OGI_DATA="$DATA" OGI_CONF="$OGI_CONF" OGI_NOW="$OGI_NOW" \
    "$ADMIN" send-mail >>"$T/send.log" 2>&1 &
SP=$!
for n in $(seq 100); do [ "$(count "（$ID4）")" = 1 ] && break; sleep 0.1; done
sleep 0.2
kill_sender
ok "the sender killed after the hand-over: the message is out, not recorded as sent" \
	bash -c "[ \"\$($CHECK count '（$ID4）')\" = 1 ] && grep '$ID4' '$DATA/mail.csv' | tail -1 | grep -q '\"try\"'"
rm -f "$T/ctl/after"
send
ok "the next run sends it again: one duplicate, not more" test "$(count "（$ID4）")" = 2
send
ok "…and then never again" test "$(count "（$ID4）")" = 2
ok "the duplicate has its first copy's Message-ID" \
	bash -c "[ \$(grep -h '^Message-ID' \$(grep -l '$ID4' '$MB'/*.eml 2>/dev/null || true) | sort -u | wc -l) = 1 ] || python3 - '$MB' '$ID4' <<'PY'
import sys, glob, email, email.policy
ids = set()
for p in glob.glob(sys.argv[1] + '/*.eml'):
    m = email.message_from_binary_file(open(p, 'rb'), policy=email.policy.default)
    if sys.argv[2] in str(m['Subject']):
        ids.add(str(m['Message-ID']))
sys.exit(0 if len(ids) == 1 else 1)
PY"
# Killed before sendmail took it: nothing lost, sent once.
touch "$T/ctl/before"
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)" --data-urlencode "email=qian@example.cn"
ID5=$(sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/body")
"${RUNAS[@]}" env OGI_DATA="$DATA" OGI_CONF="$OGI_CONF" OGI_NOW="$OGI_NOW" \
    "$ADMIN" send-mail >>"$T/send.log" 2>&1 &
SP=$!
for n in $(seq 100); do grep -q "$ID5\",\"try\"" "$DATA/mail.csv" && break; sleep 0.1; done
kill_sender
rm -f "$T/ctl/before"
ok "killed before the hand-over: nothing went out" test "$(count "（$ID5）")" = 0
send
ok "the next run sends it: nothing is lost" test "$(count "（$ID5）")" = 1

# The staff digest: one a working day, to staff with an address.
OGI_DATA=$DATA "$ADMIN" mail admin admin@example.gov.cn >/dev/null
ok "ogi-admin sets a staff member's address, in staff.csv's email column" \
	bash -c "head -1 '$DATA/staff.csv' | grep -q '\"email\"\$' && grep -q '\"admin\",.*\"admin@example.gov.cn\"\$' '$DATA/staff.csv'"
ok "…audited" grep -q '"admin","email_set"' "$DATA/audit.csv"
http POST /staff/users "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode do=email \
	--data-urlencode login=admin --data-urlencode "email=not an address"
ok "the accounts page refuses a bad address (400)" status_is 400
http POST /staff/users "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode do=email \
	--data-urlencode login=admin --data-urlencode "email=desk@example.gov.cn"
ok "an admin sets an address on the accounts page" \
	bash -c "[ '$STATUS' = 303 ] && grep -q '\"desk@example.gov.cn\"\$' '$DATA/staff.csv'"
http GET /staff/users "${J[@]}"
ok "…and sees it there" has 'value="desk@example.gov.cn"'

ok "staff.csv stays 0600" test "$(stat -c %a "$DATA/staff.csv")" = 600
# Open cases: ID2 received on 2026-03-02 (due 2026-03-30), a letter
# received on 2026-02-02 (overdue by 2026-03-26).
ID=$ID2 act --data-urlencode step=received --data-urlencode date=2026-03-02
http POST /staff/new "${J[@]}" --data-urlencode "csrf=$csrf" \
    --data-urlencode applicant_type=person --data-urlencode "name=李来信" \
    --data-urlencode id_type=resident --data-urlencode id_number=110105199003071239 \
    --data-urlencode phone=13900000000 --data-urlencode "address=示例路3号" \
    --data-urlencode postcode=100000 --data-urlencode "subject=城市规划图" \
    --data-urlencode "description=请提供某区控制性详细规划图。" --data-urlencode medium=paper \
    --data-urlencode delivery=post --data-urlencode channel=信函 --data-urlencode received=2026-02-02 \
    --data-urlencode email=li.laixin@example.cn
OLD=$(sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/body")
ocode=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body")
send
ok "a letter registered at the desk with an address: its code is mailed too" \
	$CHECK check "您的政府信息公开申请已提交（$OLD）" --has "$ocode" --to li.laixin@example.cn --secret "$ocode"
ok "…and, registered as received, its confirmation with the due date" \
	$CHECK check "已确认收到您的申请（$OLD）" --has "已于 2026-02-02 确认收到" --has "答复期限：2026-03-" --secret "$ocode"
NOW=2026-03-07T02:00:00 send
ok "no digest on a Saturday" test "$(count "待办提醒 2026-03-07")" = 0
NOW=2026-03-25T23:30:00 send
ok "no digest before the hour (07:30 local)" test "$(count "待办提醒 2026-03-26")" = 0
NOW=2026-03-26T02:00:00 send
ok "the digest of a working day: the cases due within 3 working days, the overdue" \
	$CHECK check "政府信息公开待办提醒 2026-03-26" --to desk@example.gov.cn --has "$ID2  答复期限 2026-03-30" --has "已逾期的申请：
- $OLD"
NOW=2026-03-26T05:00:00 send
ok "one digest a day" test "$(count "待办提醒 2026-03-26")" = 1
NOW=2026-03-27T02:00:00 send
ok "…and the next working day's" test "$(count "待办提醒 2026-03-27")" = 1

# make run's sender: ogi-site runs it in the background while the site runs.
tools/ogi-site stop >/dev/null 2>&1
OGI_MAIL_EVERY=1 tools/ogi-site start "$BUILD" >"$T/start2.log" 2>&1
ok "the site starts again, with its sender" test -s "$RUN/mailer.pid"
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)" --data-urlencode "email=sun@example.cn"
ID6=$(sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/body")
for n in $(seq 100); do [ "$(count "（$ID6）")" = 1 ] && break; sleep 0.1; done
ok "the background sender mails the receipt within seconds" test "$(count "（$ID6）")" = 1
mp=$(cat "$RUN/mailer.pid")
tools/ogi-site stop >/dev/null 2>&1
ok "ogi-site stop ends the sender" bash -c "! kill -0 $mp 2>/dev/null"

ok "no sanitizer reports" bash -c "! ls '$RUN'/log/asan* '$RUN'/log/ubsan* >/dev/null 2>&1"
exit $((T_FAILS > 0))
