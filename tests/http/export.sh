#!/usr/bin/env bash
# A big export (the register's CSV of every case, over the page cache's
# 512 KB) is kept as a file, made again only when the records change, and
# sent mapped from it.   tests/http/export.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18096}
T=$(mktemp -d /tmp/ogi-export-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run OGI_NOW=2026-11-30T02:00:00
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
BASE=http://127.0.0.1:$PORT
ADMIN=$BUILD/ogi-admin
CSV=$BUILD/tests/csvcheck
. tests/lib.sh
cleanup() { tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT

# 6 000 made-up cases from a ledger: a CSV of about 800 KB.
{
	echo "received,channel,applicant_kind,subject,extended,answered,outcome"
	for i in $(seq 6000); do
		printf '2026-%02d-%02d,letter,person,示例事项第%d号（台账）,0,,\n' $((i % 10 + 1)) $((i % 27 + 1)) "$i"
	done
} >"$T/ledger.csv"
tools/ogi-site start "$BUILD" >/dev/null 2>&1
ok "the site starts" curl -fs -o /dev/null "$BASE/"
OGI_DATA=$DATA "$ADMIN" import-ledger "$T/ledger.csv" >/dev/null
chmod -R a+rw "$DATA"/*.csv
get() { curl -s --max-time 30 "$@" -o "$T/body" -w '%{http_code} %{size_download}' "$BASE/requests.csv?view=received"; }
r1=$(get)
ok "the CSV of 6 000 cases answers 200 ($r1 bytes)" bash -c "[ '${r1%% *}' = 200 ] && [ ${r1#* } -gt 524288 ]"
ok "…with every case" test "$("$CSV" "$T/body")" = 6000
cp "$T/body" "$T/first"
ok "it is kept as files in the data directory's pages/" \
	bash -c "ls '$DATA'/pages/page-*.body >/dev/null 2>&1 && ls '$DATA'/pages/page-*.gz >/dev/null 2>&1"
r2=$(get)
ok "the second answer, from the kept file, is the same" cmp -s "$T/first" "$T/body"
curl -s --max-time 30 -H 'Accept-Encoding: gzip' -D "$T/hdrs" -o "$T/gz" "$BASE/requests.csv?view=received"
ok "…compressed for a browser that takes gzip" grep -qi '^Content-Encoding: gzip' "$T/hdrs"
ok "…the same once unpacked" bash -c "gzip -dc '$T/gz' | cmp -s - '$T/first'"
curl -s --max-time 30 -I -o "$T/head" "$BASE/requests.csv?view=received"
ok "HEAD answers with the length and no body" grep -qi "^Content-Length: ${r1#* }" "$T/head"
before=$(ls "$DATA"/pages/)
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2026-11-27,letter,person,再一件,0,,\n' >"$T/one.csv"
OGI_DATA=$DATA "$ADMIN" import-ledger "$T/one.csv" >/dev/null
sleep 1.1	# the programs look at the files' paths once a second
get >/dev/null
ok "a new case: the export is made again (6 001 cases)" test "$("$CSV" "$T/body")" = 6001
ok "…and the old kept file is gone" bash -c "[ \"\$(ls '$DATA'/pages/)\" != '$before' ]"
tools/ogi-site stop >/dev/null 2>&1
ok "no program error was logged" bash -c "! grep -qiE 'sanitizer|runtime error|leak' $RUN/log/* 2>/dev/null"
exit $((T_FAILS > 0))
