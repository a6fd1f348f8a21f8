#!/usr/bin/env bash
# ogi-admin: accounts and the ledger import.   tests/cli.sh BUILD
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${1:-build}
ADMIN=$BUILD/ogi-admin
CSV=$BUILD/tests/csvcheck
T=$(mktemp -d /tmp/ogi-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT
export OGI_CONF=$top/data
. tests/lib.sh
D=$T/data

ok "adduser reads the password from stdin" bash -c "printf 'a-long-password\n' | '$ADMIN' --data '$D' adduser zhang --role clerk --name 张三 >/dev/null"
ok "a second account with the same login is refused" bash -c "! printf 'a-long-password\n' | '$ADMIN' --data '$D' adduser zhang --role clerk 2>/dev/null"
ok "a short password is refused" bash -c "! printf 'short\n' | '$ADMIN' --data '$D' adduser li --role clerk 2>/dev/null"
ok "a bad login name is refused" bash -c "! printf 'a-long-password\n' | '$ADMIN' --data '$D' adduser 'Li Si' --role clerk 2>/dev/null"
ok "an unknown role is refused" bash -c "! printf 'a-long-password\n' | '$ADMIN' --data '$D' adduser li --role boss 2>/dev/null"
ok "OGI_DATA names the data directory too" bash -c "OGI_DATA='$D' '$ADMIN' list | grep -q '^zhang '"
out=$("$ADMIN" --data "$D" reset zhang --generate)
ok "reset --generate prints a new password once" bash -c "[[ '$out' =~ password\ for\ zhang ]]"
ok "reset ends the account's sessions (gen goes up)" bash -c "'$CSV' '$D/staff.csv' gen | grep -qx 2"
ok "disable" bash -c "'$ADMIN' --data '$D' disable zhang >/dev/null && '$ADMIN' --data '$D' list | grep -q disabled"
ok "staff.csv parses strictly" bash -c "'$CSV' '$D/staff.csv' >/dev/null"
ok "account changes are audited" bash -c "grep -q '\"zhang\",\"adduser\"' '$D/audit.csv' && grep -q '\"zhang\",\"disabled\"' '$D/audit.csv'"

# A ledger of 1 000 rows: every channel, kind and outcome family.
{
	echo "received,channel,applicant_kind,subject,extended,answered,outcome"
	chans=(in_person fax online letter)
	kinds=(person business research nonprofit legal other)
	for i in $(seq 0 999); do
		if [ $((i % 3)) = 0 ]; then
			printf '2018-%02d-%02d,%s,%s,"台账事项 %d, 含逗号",%d,2018-%02d-28,refuse_trade_secret\n' \
			    $((i % 12 + 1)) $((i % 27 + 1)) "${chans[i % 4]}" "${kinds[i % 6]}" "$i" \
			    $((i % 2)) $((i % 12 + 1))
		elif [ $((i % 3)) = 1 ]; then
			printf '2026-%02d-%02d,%s,%s,台账事项 %d,0,,\n' $((i % 10 + 1)) $((i % 27 + 1)) \
			    "${chans[i % 4]}" "${kinds[i % 6]}" "$i"
		else
			printf '2025-%02d-%02d,%s,%s,台账事项 %d,%d,2025-12-30,refuse_internal\n' \
			    $((i % 12 + 1)) $((i % 27 + 1)) "${chans[i % 4]}" "${kinds[i % 6]}" "$i" $((i % 2))
		fi
	done
} >"$T/ledger.csv"
ok "a ledger of 1 000 rows imports" bash -c "'$ADMIN' --data '$D' import-ledger '$T/ledger.csv' | grep -q 'imported 1000 applications'"
ok "1 000 applications on file" test "$("$CSV" "$D/applications.csv")" = 1000
ok "ids are sequential per year received" bash -c "'$CSV' '$D/applications.csv' id | grep -c '^2018-' | grep -qx 334 && '$CSV' '$D/applications.csv' id | grep -qx 2018-000334"
# 667 answered rows (i % 3 = 0 or 2), 333 of them extended (odd i).
ok "events: an answer per answered row, an extension where marked" \
	test "$("$CSV" "$D/events.csv")" = 1000
ok "commas inside a subject survive" grep -q '台账事项 0, 含逗号' "$D/applications.csv"
ok "channels are stored as the table prints them" bash -c "'$CSV' '$D/applications.csv' channel | sort -u | tr '\n' ' ' | grep -qx '传真 信函 当面 网络 '"

bad() {	# name, the bad row
	local before
	before=$("$CSV" "$D/applications.csv")
	{ echo "received,channel,applicant_kind,subject,extended,answered,outcome"
	  echo "2026-01-05,letter,person,好的一行,0,,"
	  echo "$2"; } >"$T/bad.csv"
	"$ADMIN" --data "$D" import-ledger "$T/bad.csv" >"$T/out" 2>&1
	ok "$1: refused" test $? -ne 0
	ok "$1: the message names line 3" grep -q '第3行' "$T/out"
	ok "$1: nothing imported" test "$("$CSV" "$D/applications.csv")" = "$before"
}
bad "a bad date" "2026-02-30,letter,person,x,0,,"
bad "an unknown channel" "2026-01-05,pigeon,person,x,0,,"
bad "an unknown applicant kind" "2026-01-05,letter,robot,x,0,,"
bad "an answer without an outcome" "2026-01-05,letter,person,x,0,2026-01-10,"
bad "an outcome of the other regulation" "2026-01-05,letter,person,x,0,2026-01-10,not_exist"
bad "an answer before receipt" "2026-01-05,letter,person,x,0,2026-01-01,grant"
bad "extended not 0 or 1" "2026-01-05,letter,person,x,yes,,"
bad "a missing column" "2026-01-05,letter,person,x,0,"
printf 'when,channel\n2026-01-05,letter\n' >"$T/hdr.csv"
ok "a wrong header is refused" bash -c "! '$ADMIN' --data '$D' import-ledger '$T/hdr.csv' 2>/dev/null"

# A spreadsheet's last line often has no newline: it is read all the same;
# an unclosed quote stops the import, naming its line, instead of dropping
# the rows after it.
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2026-01-05,letter,person,第一件,0,,\n2026-01-06,letter,person,最后一件,0,,' >"$T/nonl.csv"
ok "a last line without a newline is imported" \
	bash -c "'$ADMIN' --data '$T/nonl' import-ledger '$T/nonl.csv' | grep -q 'imported 2 applications'"
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2026-01-05,letter,person,一,0,,\n2026-01-06,letter,person,"二,0,,\n2026-01-07,letter,person,三,0,,\n2026-01-08,letter,person,四,0,,\n' >"$T/quote.csv"
"$ADMIN" --data "$T/quote" import-ledger "$T/quote.csv" >"$T/out" 2>&1
ok "an unclosed quote is refused, not read as the end of the file" test $? -ne 0
ok "its line is named" grep -q '第3行：引号不配对' "$T/out"
ok "nothing of that file is imported" test ! -s "$T/quote/applications.csv" -o "$("$CSV" "$T/quote/applications.csv" 2>/dev/null || echo 0)" = 0
# An open extended case: its extension is dated no later than the import.
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2026-11-20,letter,person,延期的事项,1,,\n' >"$T/ext.csv"
OGI_NOW=2026-11-30T02:00:00 "$ADMIN" --data "$T/ext" import-ledger "$T/ext.csv" >/dev/null 2>&1
ok "an open case's extension is not dated after the import" \
	bash -c "grep -q '\"extend\"' '$T/ext/events.csv' && ! grep -q '\"2026-12-' '$T/ext/events.csv'"

# One clock: ogi-admin reads OGI_NOW as the programs do.  A ledger dated
# after the machine's real date imports under a clock pinned later, and is
# refused under the real one.
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2031-02-03,letter,person,将来的事项,0,2031-02-20,grant\n' >"$T/future.csv"
ok "a ledger dated after today is refused under the real clock" \
	bash -c "! env -u OGI_NOW '$ADMIN' --data '$T/clock' import-ledger '$T/future.csv' 2>&1 | grep -q imported"
ok "it imports under OGI_NOW pinned after it" \
	bash -c "OGI_NOW=2031-03-01T02:00:00 '$ADMIN' --data '$T/clock' import-ledger '$T/future.csv' | grep -q 'imported 1 application'"
ok "its account changes are timed by the same clock" \
	bash -c "printf 'a-long-password\n' | OGI_NOW=2031-03-01T02:00:00 '$ADMIN' --data '$T/clock' adduser wang --role clerk >/dev/null && grep -q '^\"2031-03-01T10:00:00+08:00\",\"wang\",\"adduser\"' '$T/clock/audit.csv'"

# holidays import: a file that is not one year's notice is refused, naming
# each line; a good one is only shown until --confirm.
printf 'date,kind,name\n2027-01-04,workday,x\n2027-13-01,holiday,y\n2027-01-05,rest,z\n' >"$T/bad-hol.csv"
"$ADMIN" --data "$T/hol" holidays import "$T/bad-hol.csv" >"$T/out" 2>&1
ok "holidays import: a bad file is refused" test $? -ne 0
ok "holidays import: each bad line is named" \
	bash -c "grep -q '第2行' '$T/out' && grep -q '第3行' '$T/out' && grep -q '第4行' '$T/out'"
printf '2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n' >"$T/hol.csv"
ok "holidays import: a dry run imports nothing" \
	bash -c "'$ADMIN' --data '$T/hol' holidays import '$T/hol.csv' | grep -q 'confirm' && [ ! -e '$T/hol/holidays-imported.csv' ]"
ok "holidays import --confirm writes the year" \
	bash -c "'$ADMIN' --data '$T/hol' holidays import '$T/hol.csv' --confirm >/dev/null && grep -q '2027-01-02' '$T/hol/holidays-imported.csv'"
ok "holidays import: an official year is refused" \
	bash -c "! '$ADMIN' --data '$T/hol' holidays import '$T/hol.csv' --confirm 2>/dev/null"
exit $((T_FAILS > 0))
