#!/usr/bin/env bash
# A full disk: the data directory on a small tmpfs that fills up.  A
# submission gets a clear 503 page, nothing half-written remains, and the
# site works again once space is freed.   tests/http/diskfull.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18092}
T=$(mktemp -d /tmp/ogi-full-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
BASE=http://127.0.0.1:$PORT
CSV=$BUILD/tests/csvcheck
. tests/lib.sh
cleanup() {
	tools/ogi-site stop >/dev/null 2>&1
	umount "$DATA" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$DATA"
if ! mount -t tmpfs -o size=256k,mode=0755 tmpfs "$DATA" 2>"$T/mount.err"; then
	echo "not ok - a small tmpfs for the data directory (needs root): $(cat "$T/mount.err")"
	exit 1
fi
# The per-address limit on: a refused submission must not use a turn.
sed -i 's/^apply_per_ip_per_hour,.*/apply_per_ip_per_hour,30/' "$OGI_CONF/site.csv"
tools/ogi-site start "$BUILD" >/dev/null 2>&1
ok "the site starts on a 256 KB data directory" curl -fs -o /dev/null "$BASE/"
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)"
ok "an application while there is room" status_is 200
# Fill the disk, leaving less than a row's worth.
dd if=/dev/zero of="$DATA/filler" bs=1k count=1000 2>/dev/null
avail=$(df -B1 --output=avail "$DATA" | tail -1)
ok "the disk is full ($avail bytes left)" test "$avail" -lt 512
# The file's last page may still hold a row or two: go on until one fails.
for i in $(seq 10); do
	before=$(stat -c %s "$DATA/applications.csv")
	rows=$("$CSV" "$DATA/applications.csv")
	http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)"
	[ "$STATUS" = 200 ] || break
done
ok "a submission on a full disk: 503 (after $((i - 1)) that still fitted)" status_is 503
ok "…with a clear page in Chinese" has '系统暂时无法保存申请，您的申请没有提交'
ok "…keeping what was typed" has 'value="张测试"'
ok "nothing half-written: the file is as it was" test "$(stat -c %s "$DATA/applications.csv")" = "$before"
ok "…and parses strictly" bash -c "'$CSV' '$DATA/applications.csv' >/dev/null"
ok "no application added by the refused one" test "$("$CSV" "$DATA/applications.csv")" = "$rows"
ok "no torn row kept: none was written" bash -c "! ls '$DATA'/*.torn 2>/dev/null"
rm -f "$DATA/filler"
http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)"
ok "with space again, a submission works" status_is 200
ok "numbered on without a gap" bash -c "'$CSV' '$DATA/applications.csv' id | cut -d- -f2 | awk '\$1 + 0 != NR {exit 1}'"
# Refused on a full disk again (until three 503s), then: every stored
# application counts against the address's 30 an hour, no refused one does.
dd if=/dev/zero of="$DATA/filler" bs=1k count=1000 2>/dev/null
refused=0
for i in $(seq 20); do
	http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)"
	[ "$STATUS" = 503 ] && refused=$((refused + 1))
	[ "$refused" = 3 ] && break
done
rm -f "$DATA/filler"
for i in $(seq 40); do
	http POST /apply "${PERSON[@]}" --data-urlencode "form_token=$(token)"
	[ "$STATUS" = 200 ] || break
done
ok "503s use no turn: 30 stored in the hour, then 429 ($refused refused meanwhile)" \
	bash -c "[ '$STATUS' = 429 ] && [ \$('$CSV' '$DATA/applications.csv') = 30 ] && [ $refused = 3 ]"
exit $((T_FAILS > 0))
