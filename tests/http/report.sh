#!/usr/bin/env bash
# HTTP tests of the whole annual report (issue 21): the 2016 seed's text
# entered section by section and published with its table as 附件1; the
# drafted sentences; the text-table check that warns and never corrects; a
# 2021-format year with its tables in place; the list of years with their
# deadline; the staff reminder; the 政府信息公开指南.
#   tests/http/report.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18099}
T=$(mktemp -d /tmp/ogi-report-XXXXXX)
chmod 755 "$T"
mkdir -p "$T/conf"
cp data/*.csv "$T/conf/"
sed -i 's/^agency,.*/agency,city/' "$T/conf/site.csv"
export PORT DATA=$T/data RUN=$T/run OGI_CONF=$T/conf
export OGI_NOW=2026-12-02T02:00:00
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$RUN/log/ubsan:print_stacktrace=1"
BASE=http://127.0.0.1:$PORT
CSV=$BUILD/tests/csvcheck
ADMIN=$BUILD/ogi-admin
SEED=tests/fixtures/seed-2016-report.txt
. tests/lib.sh
cleanup() { tools/ogi-site stop >/dev/null 2>&1; [ -n "${KEEP:-}" ] || rm -rf "$T"; }
trap cleanup EXIT
fold() { sed 's/（/(/g; s/）/)/g; s/：/:/g; s/，/,/g; s/；/;/g; s/ //g'; }

# The seed's one application of 2016: online, answered on time as already
# public.
mkdir -p "$DATA"
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2016-03-01,online,person,某文件,0,2016-03-10,already_public\n' >"$T/seed.csv"
"$ADMIN" --data "$DATA" import-ledger "$T/seed.csv" >/dev/null
tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "the site starts" grep -q serving "$T/start.log"
adminpw=$(sed -n 's/.*password for admin (shown once): //p' "$T/start.log")
printf 'clerk-password-1\n' | "$ADMIN" --data "$DATA" adduser clerk --role clerk >/dev/null
login() {
	local tok
	tok=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
	curl -s -o /dev/null -c "$2" --data-urlencode "login=$1" --data-urlencode "password=$3" \
	    --data-urlencode "form_token=$tok" "$BASE/staff/login"
}
login clerk "$T/cj" clerk-password-1
login admin "$T/aj" "$adminpw"
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1; }
# The text of textarea NAME in the page.
textarea() {
	tr '\n' '\r' <"$T/body" | sed -n "s|.*<textarea id=\"$1\" name=\"$1\" rows=\"8\">\([^<]*\)</textarea>.*|\1|p" |
		tr '\r' '\n' | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/'"'"'/g; s/&amp;/\&/g'
}

# The seed's narrative, section by section (lines of the seed file).
sect() { sed -n "$1p" "$SEED"; }
opening=$(sect 1,2); overview=$(sect 4,12); active=$(sect 14); request=$(sect 16)
review=$(sect 18); problems=$(sect 20,21)

http GET /staff/annual/2016/report -b "$T/cj"
ok "the report page answers 200" status_is 200
csrf=$(csrf_of)
ok "one textarea per narrative section of the 2008-era report (six)" \
	test "$(grep -c '<textarea ' "$T/body")" = 6
ok "the annex is named, not typed" has '附件1：统计表全表'
draft3=$(textarea t:request)
echo "# drafted 三: $draft3"
ok "the drafted 三 says 1 application received" grep -qF '收到1件依申请公开政府信息申请' <<<"$draft3"
ok "…answered on time" grep -qF '答复1件' <<<"$draft3"
ok "…within the time limits" grep -qF '按时限要求进行了答复' <<<"$draft3"
ok "…and by its one non-zero outcome" grep -qF '属于已主动公开范围的1件' <<<"$draft3"
ok "…and no zero outcome" bash -c "! grep -qF '不同意公开' <<<'$draft3'"
ok "the drafted 四 says there were none" \
	grep -qF '未接到政府信息公开工作行政复议、诉讼和申诉' <<<"$(textarea t:review)"
draft0=$(textarea t:opening)
ok "the drafted opening gives the period" grep -qF '从2016年1月1日起至2016年12月31日止' <<<"$draft0"
ok "…and the contact lines from site.csv" grep -qF '电话：0000-1234567' <<<"$draft0"
ok "a drafted section says so" has 'id="d-t:request"'
ok "a section without a draft is empty" test -z "$(textarea t:overview)"

# The table's entered cells, from the seed, through the table's form.
mapfile -t codes < <("$CSV" data/format-2008.csv code)
mapfile -t sources < <("$CSV" data/format-2008.csv source)
mapfile -t values < <("$CSV" tests/fixtures/seed-2016-table.csv value)
table=(--data-urlencode "csrf=$csrf" --data-urlencode "unit=示例市人民政府办公室"
	--data-urlencode "head=示例甲" --data-urlencode "reviewer=示例乙"
	--data-urlencode "preparer=示例丙" --data-urlencode "phone=0000-1234567"
	--data-urlencode "date=2017年3月10日")
for i in "${!codes[@]}"; do
	[ "${sources[i]}" = entered ] && table+=(--data-urlencode "v:${codes[i]}:value=${values[i]}")
done
http POST /staff/annual/2016 -b "$T/cj" "${table[@]}" --data-urlencode step=save
ok "the table's cells are saved" status_is 303

# The report's text as the seed has it; NAME=TEXT replaces a section.
report() {
	local -A t=([opening]=$opening [overview]=$overview [active]=$active
		[request]=$request [review]=$review [problems]=$problems)
	local kv k
	for kv in "$@"; do t[${kv%%=*}]=${kv#*=}; done
	printf '%s\0' --data-urlencode "csrf=$csrf"
	for k in "${!t[@]}"; do printf '%s\0' --data-urlencode "t:$k=${t[$k]}"; done
}
mapfile -d '' two < <(report "request=2016年，全市收到2件依申请公开政府信息申请，并按时限要求进行了答复。")
http POST /staff/annual/2016/report -b "$T/cj" "${two[@]}" --data-urlencode step=publish
ok "a text that says 2 applications where the table says 1: not published (409)" status_is 409
ok "…the warning names the clause and both numbers" \
	has '「全市收到2件依申请公开政府信息申请」：文中为2件，统计表“收到申请数”为1件'
ok "…the text is kept as typed, not corrected" has '全市收到2件依申请公开政府信息申请'
http GET /annual/2016
ok "…and nothing is public (404)" status_is 404
http POST /staff/annual/2016/report -b "$T/cj" "${two[@]}" --data-urlencode step=save
ok "saving the same text is allowed (303)" status_is 303
ok "saving is audited" grep -q '"clerk","annual_report_save","city 2016"' "$DATA/audit.csv"
http GET /staff/annual/2016/report -b "$T/cj"
ok "the saved text is warned about on the page" has '文中为2件，统计表“收到申请数”为1件'
ok "the saved text is shown, not the draft" test "$(textarea t:request)" = "2016年，全市收到2件依申请公开政府信息申请，并按时限要求进行了答复。"
# Publishing from the table's page with that text: the cells are saved,
# the publication held, and the report's page says where they disagree.
http POST /staff/annual/2016 -b "$T/cj" "${table[@]}" --data-urlencode step=publish
ok "publishing the table with a disagreeing text is held (303 to the report page)" \
	bash -c "[ '$STATUS' = 303 ] && grep -qi '^location: .*/staff/annual/2016/report' '$T/hdrs'"
http GET /annual/2016
ok "…nothing is public (404)" status_is 404
ok "…and no publication is audited" bash -c "! grep -q 'annual_publish\|annual_report_publish' '$DATA/audit.csv'"

mapfile -d '' seedtext < <(report)
http POST /staff/annual/2016/report -b "$T/cj" "${seedtext[@]}" --data-urlencode step=publish
ok "the seed's text publishes with the table (303)" status_is 303
ok "publishing is audited" grep -q '"clerk","annual_report_publish","city 2016"' "$DATA/audit.csv"
http GET /staff/annual/2016/report -b "$T/cj"
ok "the seed's own text agrees with the table" has '与统计表一致'
ok "one publication: the table page says published too" \
	bash -c "curl -s -b '$T/cj' '$BASE/staff/annual/2016' | grep -q '已发布'"

http GET /annual/2016
ok "the public report answers 200" status_is 200
cp "$T/body" "$T/2016.html"
ok "its title" has '<h1 class="report-title">示例市人民政府办公室2016年政府信息公开工作年度报告</h1>'
missing=0
while IFS= read -r line; do
	[ -z "$line" ] && continue
	grep -qF -- "<p>$line</p>" "$T/body" || { echo "# missing: ${line:0:40}" >&2; missing=1; }
done < <(sect 1,21 | grep -v '^[一二三四五]、')
ok "every paragraph of the seed's text, as typed" test $missing = 0
# Section by section: the page's text of each, width folded, equals the seed's.
pagesect() {
	tr '\n' '\r' <"$T/2016.html" | sed -n "s|.*<section class=\"report-section\" id=\"s-$1\">\(.*\)|\1|p" |
		sed 's|</section>.*||' | tr '\r' '\n' | sed -n 's|^<p>\(.*\)</p>$|\1|p'
}
same=1
for k in opening overview active request review problems; do
	want=${!k}
	[ "$(pagesect $k | fold)" = "$(printf '%s\n' "$want" | fold)" ] ||
		{ echo "# section $k differs" >&2; same=0; }
done
ok "each section's text equals the seed's, width folded" test $same = 1
order=$(grep -o '<h2>[^<]*</h2>\|<p class="annex">[^<]*</p>' "$T/body" | grep -v '图示' | sed 's/<[^>]*>//g' | tr '\n' ' ')
ok "the sections in the seed's order, the table as 附件1 after them" \
	test "$order" = "一、概述 二、主动公开政府信息情况 三、依申请公开政府信息情况 四、复议、诉讼和申诉情况 五、存在的问题和改进措施 附件1 "
ok "the seed's headings, width folded" test "$(grep -o '<h2>[^<]*</h2>' "$T/body" | grep -v '图示' | sed 's/<[^>]*>//g' | fold)" = \
	"$(sect 1,21 | grep '^[一二三四五]、' | fold)"
bad_cell=
for i in "${!codes[@]}"; do
	[ "${values[i]}" = —— ] && continue
	grep -qF "id=\"v-${codes[i]}\">${values[i]}<" "$T/body" || { echo "# ${codes[i]}" >&2; bad_cell=1; }
done
ok "附件1 holds every value of the seed's table" test -z "$bad_cell"
ok "the annex starts a page when printed" has '<section class="report-annex" id="s-annex">'
ok "print rules: the annex on a new page, table headers repeated" \
	bash -c "grep -q 'report-annex { break-before: page; }' www/static/print.css && grep -q 'thead { display: table-header-group; }' www/static/print.css"
ok "no script" hasnt '<script'
http GET /annual/2016.csv
"$CSV" "$T/body" value >"$T/csv.v"
ok "the CSV's values are the seed's" test "$(cat "$T/csv.v")" = "$(printf '%s\n' "${values[@]}")"

# The same report as a PDF made by ogi (pdf-report.c).
# Its text, blanks out, without the page numbers: pdftext FILE [-f N -l N]
pdftext() { pdftotext -layout "$@" - | tr -d ' \f' | grep -vE '^—[0-9]+—$'; }
http GET /annual/2016.pdf
ok "the report's PDF answers 200, as a PDF to save" bash -c "[ '$STATUS' = 200 ] &&
	grep -qi '^content-type: application/pdf' '$T/hdrs' && grep -qi 'attachment; filename=\"annual-2016.pdf\"' '$T/hdrs'"
cp "$T/body" "$T/2016.pdf"
ok "…A4 pages, titled as the report" bash -c "pdfinfo '$T/2016.pdf' | grep -q '^Page size: *595.276 x 841.89 pts (A4)' &&
	pdfinfo '$T/2016.pdf' | grep -q '^Title: *示例市人民政府办公室2016年政府信息公开工作年度报告'"
ok "…dated its publication, not the download" bash -c "pdfinfo '$T/2016.pdf' | grep -q '^CreationDate:.* Dec  2 00:00:00 2026'"
ok "…its fonts embedded as subsets (Noto Serif CJK, Noto Sans CJK for the headings)" bash -c "
	pdffonts '$T/2016.pdf' | grep -qE '^[A-Z]{6}\+NotoSerifCJKsc-Regular .* yes +yes +yes' &&
	pdffonts '$T/2016.pdf' | grep -qE '^[A-Z]{6}\+NotoSansCJKsc-Regular .* yes +yes +yes'"
pdftext "$T/2016.pdf" >"$T/2016.pdf.txt"
tr -d '\n' <"$T/2016.pdf.txt" >"$T/2016.pdf.all"
missing=0
while IFS= read -r line; do
	line=${line// /}
	[ -z "$line" ] && continue
	grep -qF -- "$line" "$T/2016.pdf.all" || { echo "# not in the PDF: ${line:0:40}" >&2; missing=1; }
done < <(sect 1,21)
ok "the PDF gives back every line of the seed's text and its headings" test $missing = 0
at() { grep -ob -- "$1" "$T/2016.pdf.all" | head -1 | cut -d: -f1; }
ok "the PDF's sections in the seed's order, 附件1 after them" bash -c "
	[ $(at 一、概述) -lt $(at 二、主动公开) ] && [ $(at 二、主动公开) -lt $(at 三、依申请公开) ] &&
	[ $(at 三、依申请公开) -lt $(at 四、复议) ] && [ $(at 四、复议) -lt $(at 五、存在) ] &&
	[ $(at 五、存在) -lt $(at 附件1) ]"
pages=$(pdfinfo "$T/2016.pdf" | sed -n 's/^Pages: *//p')
annex=
for ((pg = 1; pg <= pages; pg++)); do
	pdftext "$T/2016.pdf" -f $pg -l $pg >"$T/p$pg.txt"
	[ -z "$annex" ] && grep -qx '附件1' "$T/p$pg.txt" && annex=$pg
done
ok "附件1 starts a page of its own" bash -c "[ -n '$annex' ] && [ \"\$(grep -v '^$' '$T/p$annex.txt' | head -1)\" = 附件1 ]"
mapfile -t labels < <("$CSV" data/format-2008.csv label)
mapfile -t units < <("$CSV" data/format-2008.csv unit)
for ((pg = annex; pg <= pages; pg++)); do cat "$T/p$pg.txt"; done | grep -vx 附件1 >"$T/annex.txt"
# Each row's unit and value close its line (a long label wraps around
# them): in the table's order they are the seed's, row by row …
unitre=$(printf '%s\n' "${units[@]}" | sort -u | paste -sd'|')
got=$(grep -oE "($unitre)(——|[0-9.]+)$" "$T/annex.txt" | paste -sd' ')
want=$(for i in "${!codes[@]}"; do printf '%s%s\n' "${units[i]}" "${values[i]}"; done | paste -sd' ')
ok "the PDF's 附件1 holds the seed's table, unit and value, row by row" test "$got" = "$want"
# … and without them the labels read in order, each whole.
sed -E "s/($unitre)(——|[0-9.]+)$//" "$T/annex.txt" | tr -d '\n' >"$T/annex.all"
ok "…under the seed's labels, in order" python3 -c '
import sys
text = open(sys.argv[1]).read(); at = 0
for label in sys.argv[2:]:
    at = text.find(label.replace(" ", ""), at)
    if at < 0:
        sys.exit("# label not in order: " + label)
    at += 1
' "$T/annex.all" "${labels[@]}"
runs=0 heads=0
for ((pg = annex; pg <= pages; pg++)); do
	grep -qE '件[0-9]+$' "$T/p$pg.txt" || continue
	runs=$((runs + 1))
	grep -qx '统计指标单位统计数' "$T/p$pg.txt" && heads=$((heads + 1))
done
echo "# the table runs over $runs pages"
ok "the table runs over pages and every one repeats its header" bash -c "[ $runs -ge 2 ] && [ $heads = $runs ]"
signers=$(grep -l '^单位负责人：' "$T"/p[0-9]*.txt | head -1)
ok "the signers' lines stand on a page with the table's rows" bash -c "[ -n '$signers' ] && grep -qE '($unitre)(——|[0-9.]+)$' '$signers'"
http GET /annual/2016.pdf
ok "the same report is the same file" cmp -s "$T/body" "$T/2016.pdf"
http GET /annual/2019.pdf
ok "a year not published: 404, in Chinese" bash -c "[ '$STATUS' = 404 ] && grep -q '尚未发布' '$T/body'"
http GET /annual/2016.pdfx
ok "another ending: 404" status_is 404
http GET /annual/2016
ok "the report's page offers its PDF" has '<a href="/annual/2016.pdf?agency=city">下载年度报告 PDF</a>'

# After publication: a clerk cannot change the text, an admin can (audited,
# and it is published again at once).
http POST /staff/annual/2016/report -b "$T/cj" "${seedtext[@]}" --data-urlencode step=save
ok "a clerk cannot change a published report (403)" status_is 403
http GET /staff/annual/2016/report -b "$T/aj"
csrf=$(csrf_of)
mapfile -d '' esc < <(report "problems=<script>alert(1)</script> & “改进”")
http POST /staff/annual/2016/report -b "$T/aj" "${esc[@]}" --data-urlencode step=save
ok "an admin can (303)" status_is 303
ok "…audited" grep -q '"admin","annual_report_change_after_publish","city 2016"' "$DATA/audit.csv"
http GET /annual/2016
ok "…published at once, and escaped" has '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; “改进”</p>'

http GET /annual/2016.pdf
ok "a correction makes a new PDF (not the one kept)" bash -c "pdftotext '$T/body' - | tr -d ' \n' | grep -qF '<script>alert(1)</script>&“改进”'"

# The 2021 format: a synthetic 2021 with carry-over into 2022.
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n' >"$T/y2021.csv"
printf '%s\n' \
	"2021-02-01,online,person,甲,0,2021-02-20,grant" \
	"2021-03-01,letter,business,乙,0,2021-03-25,partial" \
	"2021-04-01,online,person,丙,0,2021-04-20,unable_not_held" \
	"2021-12-20,online,legal,丁,0,2022-01-10,grant" >>"$T/y2021.csv"
"$ADMIN" --data "$DATA" import-ledger "$T/y2021.csv" >/dev/null
http GET /staff/annual/2021 -b "$T/cj"
csrf=$(csrf_of)
http POST /staff/annual/2021 -b "$T/cj" --data-urlencode "csrf=$csrf" --data-urlencode step=save \
	$(for c in s20_1a s20_1b; do for k in made repealed in_force; do echo --data-urlencode "v:$c:$k=1"; done; done) \
	--data-urlencode v:s20_5a:decisions=3 --data-urlencode v:s20_6a:decisions=4 \
	--data-urlencode v:s20_6b:decisions=5 --data-urlencode v:s20_8a:amount=0.25
ok "2021's table saved" status_is 303
http GET /staff/annual/2021/report -b "$T/cj"
ok "2021: one textarea per section and the opening, the three table sections with a lead (seven)" \
	test "$(grep -c '<textarea ' "$T/body")" = 7
d3=$(textarea t:request)
echo "# drafted 三 (2021): $d3"
ok "2021: the drafted 三 gives the year's counts" \
	grep -qF '新收政府信息公开申请4件，上年结转0件；本年度办理完毕3件，其中予以公开1件，部分公开1件；结转下年度继续办理1件。' <<<"$d3"
ok "2021: the drafted 四 says there were none" grep -qF '未发生因政府信息公开引起的行政复议、行政诉讼' <<<"$(textarea t:review)"
ok "2021: the draft agrees with the table (no warning)" has '与统计表一致'
ok "the report page offers a draft PDF" has 'href="/staff/annual/2021/report.pdf?agency=city">预览（草稿） PDF</a>'
http GET /staff/annual/2021/report.pdf -b "$T/cj"
ok "the draft PDF: 200, a PDF" bash -c "[ '$STATUS' = 200 ] && grep -qi '^content-type: application/pdf' '$T/hdrs'"
pdftotext "$T/body" - | tr -d ' \n\f' >"$T/draft.txt"
ok "…marked as a draft under its title" grep -qF '2021年政府信息公开工作年度报告（草稿，非正式发布版本）' "$T/draft.txt"
ok "…with the drafted 三 sentence where nothing was saved" grep -qF -- "${d3// /}" "$T/draft.txt"
http GET /staff/annual/2021/report.pdf
ok "…for staff only" bash -c "[ '$STATUS' = 303 ] || [ '$STATUS' = 403 ] || [ '$STATUS' = 401 ]"
http GET /annual/2021.pdf
ok "…and nothing public yet (404)" status_is 404
sec21=(--data-urlencode "csrf=$csrf" --data-urlencode "t:opening=$(textarea t:opening)"
	--data-urlencode "t:general=2021年，本机关认真贯彻《条例》。"
	--data-urlencode "t:active=" --data-urlencode "t:request=$d3"
	--data-urlencode "t:review=$(textarea t:review)"
	--data-urlencode "t:problems=一是公开深度不够。" --data-urlencode "t:other=无。")
http POST /staff/annual/2021/report -b "$T/cj" "${sec21[@]}" --data-urlencode step=publish
ok "2021 publishes (303)" status_is 303
http GET /annual/2021
ok "2021: the public report" status_is 200
cp "$T/body" "$T/2021.html"
order=$(grep -o '<h2>[^<]*</h2>' "$T/body" | grep -v '图示' | sed 's/<[^>]*>//g' | tr '\n' ' ')
ok "2021: the six section titles in order" test "$order" = \
	"一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项 "
# Which section each table cell is in.
insect() {	# section-key cell-id
	tr '\n' '\r' <"$T/body" | sed -n "s|.*<section class=\"report-section\" id=\"s-$1\">\(.*\)|\1|p" |
		sed 's|</section>.*||' | grep -q "id=\"$2\""
}
ok "2021: 二's tables in 二" insect active v-s20_1a-made
ok "2021: 三's table in 三, after its lead" insect request v-n-total
ok "2021: 四's table in 四" insect review v-lit-review:total
ok "2021: no table in 一" bash -c "! tr '\n' '\r' <'$T/body' | sed -n 's|.*id=\"s-general\">\(.*\)|\1|p' | sed 's|</section>.*||' | grep -q 'id=\"v-'"
ok "2021: no annex" hasnt 'class="report-annex"'
n=$(grep -o 'id="v-n-total">[0-9]*<' "$T/body" | sed 's/.*>\([0-9]*\)</\1/')
r7=$(grep -o 'id="v-r7-total">[0-9]*<' "$T/body" | sed 's/.*>\([0-9]*\)</\1/')
o=$(grep -o 'id="v-o-total">[0-9]*<' "$T/body" | sed 's/.*>\([0-9]*\)</\1/')
ok "2021: the published 三 sentence agrees with the table (新收 $n, 办结 $r7, 结转 $o)" \
	has "新收政府信息公开申请${n}件，上年结转0件；本年度办理完毕${r7}件"
ok "…and the table's counts are the ledger's" test "$n/$r7/$o" = 4/3/1

http GET /annual/2021.pdf
ok "2021: the PDF" status_is 200
cp "$T/body" "$T/2021.pdf"
pdftext "$T/2021.pdf" | tr -d '\n' >"$T/2021.pdf.all"
at21() { grep -ob -- "$1" "$T/2021.pdf.all" | head -1 | cut -d: -f1; }
ok "2021 PDF: the six titles in order, each table in its section" bash -c "
	[ $(at21 一、总体情况) -lt $(at21 二、主动公开) ] &&
	[ $(at21 二、主动公开) -lt $(at21 第二十条第（一）项) ] && [ $(at21 第二十条第（一）项) -lt $(at21 三、收到和处理) ] &&
	[ $(at21 三、收到和处理) -lt $(at21 申请人情况) ] && [ $(at21 申请人情况) -lt $(at21 四、政府信息公开行政复议) ] &&
	[ $(at21 四、政府信息公开行政复议) -lt $(at21 未经复议直接起诉) ] && [ $(at21 未经复议直接起诉) -lt $(at21 五、存在的主要问题) ] &&
	[ $(at21 五、存在的主要问题) -lt $(at21 六、其他需要报告) ]"
ok "2021 PDF: the drafted 三 sentence, as the page has it" grep -qF -- "${d3// /}" "$T/2021.pdf.all"
pages=$(pdfinfo "$T/2021.pdf" | sed -n 's/^Pages: *//p')
runs=0 heads=0
for ((pg = 1; pg <= pages; pg++)); do
	pdftext "$T/2021.pdf" -f $pg -l $pg >"$T/q.txt"
	grep -qE '^（[一二三四五六七]）|^[0-9]\.' "$T/q.txt" && grep -q '申请' "$T/q.txt" || continue
	runs=$((runs + 1))
	grep -q '申请人情况' "$T/q.txt" && heads=$((heads + 1))
done
ok "2021 PDF: 三's table repeats its header on each of its pages ($runs)" bash -c "[ $runs -ge 2 ] && [ $heads = $runs ]"

# The list of years: publication date and the deadline (a department's:
# 31 January).
http GET /annual/
ok "the list links the 2016 report" has 'href="/annual/2016?agency=city"'
ok "…and its PDF" has '<a href="/annual/2016.pdf?agency=city">下载 PDF</a></li>'
ok "…with its publication date" has '<span class="published">2026-12-02发布</span>'
ok "…late against 31 January 2017" has '逾期（应于2017年1月31日前）'
sed -i 's/^"meta","published",.*/"meta","published","2022-01-20"/; s/^"meta","first_published",.*/"meta","first_published","2022-01-20"/' "$DATA/annual/city-2021.csv"
touch "$DATA/annual"
http GET /annual/
sed -i 's/^"meta","published",.*/"meta","published","2022-05-01"/' "$DATA/annual/city-2021.csv"
touch "$DATA/annual/x" && rm "$DATA/annual/x"
http GET /annual/
ok "a correction after the deadline: still on time, by the first publication, and the correction said" \
	has '<span class="published">2022-01-20发布</span> · <span class="on-time">按期（2022年1月31日前）</span> · <span class="corrected">2022-05-01更正</span>'
sed -i 's/^"meta","published",.*/"meta","published","2022-01-20"/' "$DATA/annual/city-2021.csv"
touch "$DATA/annual/x" && rm "$DATA/annual/x"
http GET /annual/
ok "a report published by 31 January is on time" has '<span class="published">2022-01-20发布</span> · <span class="on-time">按期（2022年1月31日前）</span>'

# A 2016 application registered after publication: the desk says which
# figures now differ from the published ones; the public keeps them.
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2016-05-03,letter,person,另一文件,0,2016-05-20,grant\n' >"$T/late.csv"
"$ADMIN" --data "$DATA" import-ledger "$T/late.csv" >/dev/null
http GET /staff/annual/2016/report -b "$T/aj"
ok "after publication, the report page names the figures the records changed" \
	bash -c "grep -qF '<h2>发布后的变化</h2>' '$T/body' && grep -qF '<li>（一）收到申请数：已发布 1，现为 2</li>' '$T/body'"
ok "…and says an admin's change would publish the new ones" has '将按现在的数字重新发布'
http GET /staff/annual/2016 -b "$T/aj"
ok "the table page says so too" has '<li>（一）收到申请数：已发布 1，现为 2</li>'
http GET /annual/2016
ok "the public report keeps the published figure" has 'id="v-a1">1<'
http GET /staff/annual/2021/report -b "$T/aj"
ok "a year the records did not change says nothing of it" hasnt '发布后的变化'

# The reminder, from 1 December (OGI_NOW is 2 December 2026): admins only.
http GET /staff/ -b "$T/aj"
ok "an admin's desk reminds of the 2026 report and its deadline" \
	has '2026年政府信息公开工作年度报告应于2027年1月31日前公布'
ok "…with a link to write it" has 'href="/staff/annual/2026/report?agency=city"'
http GET /staff/ -b "$T/cj"
ok "a clerk's desk does not" bash -c "grep -q '待办案件' '$T/body' && ! grep -q '年度报告应于' '$T/body'"

# The guide (第十二条): contact lines from site.csv, how to apply, limits.
http GET /guide
ok "the guide answers 200" status_is 200
ok "its title" has '<h1>示例市人民政府办公室政府信息公开指南</h1>'
for kv in 办公地址:示例市示例路1号 办公时间:工作日上午9:00 联系电话:0000-1234567 传真:0000-1234568 \
	电子邮箱:gk@example.gov.cn 邮政编码:000000; do
	ok "the guide gives ${kv%%:*}" grep -qF "<dt>${kv%%:*}</dt><dd>${kv#*:}" "$T/body"
done
ok "the ways to apply: online, letter, fax, in person" \
	bash -c "grep -q '网上申请' '$T/body' && grep -q '信函申请' '$T/body' && grep -q '传真申请' '$T/body' && grep -q '当面申请' '$T/body'"
ok "the time limits of the regulation in force (20 working days)" has '自收到申请之日起20个工作日内予以答复'
ok "fees and remedies" bash -c "grep -q '四、收费' '$T/body' && grep -q '行政复议或者提起行政诉讼' '$T/body'"
http GET /apply
ok "every page's footer has the contact lines and the guide" \
	has '电话：0000-1234567　传真：0000-1234568　电子邮箱：gk@example.gov.cn · <a href="/guide">政府信息公开指南</a>'
http GET /track
ok "the tracking form says where to turn when the code is lost" has '查询码遗失的，请按<a href="/guide#contact">政府信息公开指南</a>'

tools/ogi-site stop
ok "no program error was logged" bash -c "! grep -qiE 'sanitizer|runtime error|leak' $RUN/log/* 2>/dev/null"
exit $((T_FAILS > 0))
