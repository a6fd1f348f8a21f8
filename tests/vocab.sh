#!/usr/bin/env bash
# One vocabulary, checked at start: a data file that names a code the
# program does not know stops both programs before they serve, naming the
# file, the line and the value.   tests/vocab.sh BUILD
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${1:-build}
T=$(mktemp -d /tmp/ogi-vocab-XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

# broken NAME FILE SED-EXPRESSION EXPECTED-MESSAGE: each program refuses.
broken() {
	local name=$1 file=$2 expr=$3 want=$4 prog out rc
	rm -rf "$T/conf" "$T/data"
	mkdir -p "$T/conf" "$T/data"
	cp data/*.csv "$T/conf/"
	sed -i "$expr" "$T/conf/$file"
	if cmp -s "data/$file" "$T/conf/$file"; then
		echo "not ok - $name: the test's edit changed nothing"
		T_FAILS=$((T_FAILS + 1))
		return
	fi
	for prog in public staff; do
		out=$(OGI_CONF=$T/conf OGI_DATA=$T/data timeout 10 \
		    "$BUILD/cgi-bin/ogi-$prog" </dev/null 2>&1)
		rc=$?
		ok "$name: ogi-$prog refuses to start" test "$rc" -ne 0 -a "$rc" -ne 124
		ok "$name: ogi-$prog names file, line and value" \
			grep -qF -- "$want" <<<"$out"
		[ "$rc" -ne 0 ] && ! grep -qF -- "$want" <<<"$out" && echo "#   said: $out"
	done
}

# The shipped data starts (the programs then wait for FastCGI on stdin,
# which is not a socket here: they end, but not with a data error).
out=$(OGI_CONF=$top/data OGI_DATA=$T/ok timeout 10 "$BUILD/cgi-bin/ogi-public" </dev/null 2>&1)
ok "the shipped data passes the checks" bash -c "! grep -q 'csv:[0-9]'" <<<"$out"

broken "an outcome of an unknown regulation" outcomes.csv \
	's/"refuse_query","2019"/"refuse_query","2020"/' \
	'outcomes.csv:12: unknown regulation "2020"'
broken "an outcome code twice" outcomes.csv \
	's/^"already_public",/"grant",/' \
	'outcomes.csv:3: outcome "grant" twice'
broken "an outcome without its public words" outcomes.csv \
	's/,"部分公开"$/,""/' \
	'outcomes.csv:4: code, label and public may not be empty'
# The sentences of the law the public pages quote.
broken "an unknown placeholder in a quoted sentence" texts.csv \
	's/{answer_days}个工作日内答复；需要延长的，经批准可/{answer_dayz}个工作日内答复；需要延长的，经批准可/' \
	'texts.csv:9: unknown placeholder "{answer_dayz}"'
broken "a sentence the pages need, missing" texts.csv \
	'/^"2019","supplement"/d' \
	'texts.csv: no "supplement" for regulation 2019'
broken "a sentence of an unknown regulation" texts.csv \
	's/^"2019","received_day"/"2020","received_day"/' \
	'texts.csv:11: unknown regulation "2020"'

# The 信息处理费 scale: a gap or an unknown method would charge what the
# rule does not allow.
broken "a gap in the fee bands" fee-bands.csv \
	's/^"count","31",""/"count","32",""/' \
	'fee-bands.csv:4: count: from "32" should be 31'
broken "an unknown fee method" fee-bands.csv \
	's/^"pages","1",/"sheets","1",/' \
	'fee-bands.csv:5: unknown method "sheets"'
broken "the fee rule without its days to pay" fees.csv \
	's/,"20"$/,""/' \
	'fees.csv:2: pay_days "" is not 1 to 365'

# The annual tables' formats: a typo there would print a silent zero in a
# published statistics table, or skip a consistency check.
broken "an unknown metric in a table's rows" format-2021.csv \
	's/"computed:new"$/"computed:nwe"/' \
	'format-2021.csv:12: unknown metric "nwe"'
broken "an unknown column set" format-2021.csv \
	'12s/"applicant","computed:new"$/"aplicant","computed:new"/' \
	'format-2021.csv:12: unknown column set "aplicant"'
broken "an unknown row in a check" format-2021-checks.csv \
	's/^"n+c","r7+o"/"n+c","r7+oo"/' \
	'format-2021-checks.csv:2: unknown row "oo"'
broken "an unknown outcome in the outcome map" outcome-map-2021.csv \
	's/^"grant","r1"/"grnt","r1"/' \
	'outcome-map-2021.csv:2: unknown outcome "grnt"'
broken "an unknown row in the outcome map" outcome-map-2021.csv \
	's/^"grant","r1"/"grant","r99"/' \
	'outcome-map-2021.csv:2: unknown row "r99"'
# The annual report around the tables, and the guide: a typo there would
# print a wrong number into a drafted sentence, or a section in no place.
broken "an unknown placeholder in a drafted sentence" report-texts.csv \
	's/收到{received}件依申请/收到{recieved}件依申请/' \
	'report-texts.csv:4: unknown placeholder "{recieved}"'
broken "an unknown figure in a sentence's condition" report-texts.csv \
	's/^"2008","request","answered>0"/"2008","request","answerd>0"/' \
	'report-texts.csv:5: unknown figure "answerd"'
broken "an unknown row in a figure" report-figures.csv \
	's/^"2008","received","收到申请数","a1"/"2008","received","收到申请数","a9"/' \
	'report-figures.csv:2: unknown row "a9" of format 2008'
broken "an unknown column in a figure" report-figures.csv \
	's|"n/total"|"n/totl"|' \
	'report-figures.csv:20: unknown column "totl" of row n'
broken "an unknown kind of section" report-sections.csv \
	's/^"2008","overview","一、概述","text"/"2008","overview","一、概述","txt"/' \
	'report-sections.csv:3: unknown kind "txt"'
broken "a table section with no rows of that title" report-sections.csv \
	's/"三、收到和处理政府信息公开申请情况","table"/"三、收到和处理政府信息公开申请情况X","table"/' \
	'report-sections.csv:12: no rows of format 2021 in section "三、收到和处理政府信息公开申请情况X"'
broken "a draft the texts do not have" report-sections.csv \
	's/"四、复议、诉讼和申诉情况","text","review"/"四、复议、诉讼和申诉情况","text","reviews"/' \
	'report-sections.csv:6: unknown draft "reviews"'
broken "a section of an unknown format" report-sections.csv \
	's/^"2021","other"/"2022","other"/' \
	'report-sections.csv:15: unknown format "2022"'
broken "an unknown placeholder in the guide" guide.csv \
	's/传真至{fax}/传真至{fx}/' \
	'guide.csv:7: unknown placeholder "{fx}"'
broken "a body kind that is neither" site.csv \
	's/^body_kind,.*/body_kind,ministry/' \
	'site.csv'
exit $((T_FAILS > 0))
