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
exit $((T_FAILS > 0))
