#!/usr/bin/env bash
# HTTP tests of the annual tables: the 2016 seed reproduced through the
# staff form, the 2021 format against counts worked out here, the checks,
# and the roll-up of two departments.   tests/http/annual.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18098}
T=$(mktemp -d /tmp/ogi-annual-XXXXXX)
chmod 755 "$T"
# Our own reference data: the shipped files plus two departments.
mkdir -p "$T/conf"
cp data/*.csv "$T/conf/"
printf 'code,name,parent\ncity,示例市人民政府办公室,\nregion,示例区人民政府办公室,\ndept1,示例区甲局,region\ndept2,示例区乙局,region\n' \
	>"$T/conf/agencies.csv"
sed -i 's/^agency,.*/agency,city/' "$T/conf/site.csv"
export PORT DATA=$T/data RUN=$T/run OGI_CONF=$T/conf
export OGI_NOW=2026-11-20T02:00:00
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$RUN/log/ubsan:print_stacktrace=1"
BASE=http://127.0.0.1:$PORT
CSV=$BUILD/tests/csvcheck
ADMIN=$BUILD/ogi-admin
. tests/lib.sh
cleanup() { tools/ogi-site stop >/dev/null 2>&1; rm -rf "$T"; }
trap cleanup EXIT
fold() { sed 's/（/(/g; s/）/)/g; s/：/:/g; s/ //g'; }

# The seed: one online application received in 2016, answered on time as
# already public; everything else is entered through the form.
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
http GET /staff/ -b "$T/aj"
ok "before 1 December no reminder of the annual report" bash -c "grep -q '待办案件' '$T/body' && ! grep -q '年度报告应于' '$T/body'"
http GET /staff/annual/2016 -b "$T/cj"
ok "the staff form answers 200" status_is 200
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)
ok "one input per entered cell of the 2008-era table" test "$(grep -c 'name="v:' "$T/body")" = 27
ok "inputs are labelled as printed" has '<label for="v:o3_1:value">1.专职人员数（不包括政府公报及政府网站工作人员数）</label>'

# The entered cells, from the seed's table in printed order.
mapfile -t codes < <("$CSV" data/format-2008.csv code)
mapfile -t sources < <("$CSV" data/format-2008.csv source)
mapfile -t values < <("$CSV" tests/fixtures/seed-2016-table.csv value)
mapfile -t labels < <("$CSV" tests/fixtures/seed-2016-table.csv label)
mapfile -t units < <("$CSV" tests/fixtures/seed-2016-table.csv unit)
ok "the format has the seed's 65 rows" test ${#codes[@]} = 65 -a ${#values[@]} = 65
# The form as the seed fills it; NAME=VALUE arguments replace cells.
seedform() {
	local -A over=()
	local kv i v
	for kv in "$@"; do over[${kv%%=*}]=${kv#*=}; done
	printf '%s\0' --data-urlencode "csrf=$csrf" --data-urlencode "unit=示例市人民政府办公室" \
	    --data-urlencode "head=示例甲" --data-urlencode "reviewer=示例乙" \
	    --data-urlencode "preparer=示例丙" --data-urlencode "phone=0000-1234567" \
	    --data-urlencode "date=2017年3月10日"
	for i in "${!codes[@]}"; do
		[ "${sources[i]}" = entered ] || continue
		v=${values[i]}
		[ -n "${over[${codes[i]}]+x}" ] && v=${over[${codes[i]}]}
		printf '%s\0' --data-urlencode "v:${codes[i]}:value=$v"
	done
}
mapfile -d '' form < <(seedform)
mapfile -d '' bad < <(seedform o3=2 p1=abc)
http POST /staff/annual/2016 -b "$T/cj" "${bad[@]}" --data-urlencode step=save
ok "a value that is not a number is refused (400)" status_is 400
ok "the bad cell is named" has 'id="e-v:p1:value"'
ok "the typed value is kept" has 'value="abc"'
ok "…the draft kept the valid cells (o3 = 2 on file)" grep -q '"o3","value","2"' "$DATA/annual/city-2016.csv"
ok "…but not the wrong one" bash -c "! grep -q '\"p1\",\"value\",\"abc\"' '$DATA/annual/city-2016.csv'"
ok "…and says so" has '草稿已保存'
mapfile -d '' gap < <(seedform o3=2 p1=)
http POST /staff/annual/2016 -b "$T/cj" "${gap[@]}" --data-urlencode step=save
ok "a draft may leave a cell empty for later (303)" status_is 303
http POST /staff/annual/2016 -b "$T/cj" "${gap[@]}" --data-urlencode step=review
ok "…but not to publish (400)" status_is 400
mapfile -d '' odd < <(seedform o3=2 fee=1.5)
http POST /staff/annual/2016 -b "$T/cj" "${odd[@]}" --data-urlencode step=save
ok "saved" status_is 303
http GET /staff/annual/2016 -b "$T/cj"
ok "a staff count that breaks its sum is reported with its rows and difference" \
	has '从事政府信息公开工作人员数 = 专职人员数 + 兼职人员数：（三）从事政府信息公开工作人员数 = 2，1.专职人员数（不包括政府公报及政府网站工作人员数） + 2.兼职人员数 = 1，相差 1'
ok "the number is not silently corrected" has 'id="v-o3">2<'
ok "万元 keeps its decimals" has 'id="v-fee">1.5<'
ok "saving is audited" grep -q '"clerk","annual_save","city 2016"' "$DATA/audit.csv"
http GET /annual/2016
ok "not public before it is published (404)" status_is 404
mapfile -d '' off < <(seedform o3=2 fee=1.5)
http POST /staff/annual/2016 -b "$T/cj" "${off[@]}" --data-urlencode step=review
ok "发布… asks for confirmation first (200, nothing published)" bash -c \
	"[ '$STATUS' = 200 ] && grep -q '确认发布2016年度统计表' '$T/body' && [ \"\$(curl -s -o /dev/null -w '%{http_code}' '$BASE/annual/2016')\" = 404 ]"
ok "…showing the failing check" has '相差 1'
ok "…and what publication freezes" has '统计表冻结为发布时的数据'
ok "…carrying what was typed" has 'name="v:o3:value" value="2"'
ok "…with 确认发布" has 'name="step" value="publish" class="primary">确认发布'
http POST /staff/annual/2016 -b "$T/cj" "${form[@]}" --data-urlencode step=publish
ok "published" status_is 303
ok "publishing is audited" grep -q '"clerk","annual_publish","city 2016"' "$DATA/audit.csv"
http GET /staff/annual/2016 -b "$T/cj"
ok "consistent now" has '各项勾稽关系均已核对一致'

http GET /annual/2016.csv
ok "the CSV answers 200" status_is 200
ok "the CSV starts with a BOM" bash -c "[ \"\$(head -c 3 '$T/body' | od -An -tx1 | tr -d ' ')\" = efbbbf ]"
ok "the CSV parses strictly" bash -c "'$CSV' '$T/body' >/dev/null"
cp "$T/body" "$T/2016.csv"
ok "the CSV has the seed's rows, in order, labels equal with width folded" \
	test "$("$CSV" "$T/2016.csv" label | fold)" = "$(printf '%s\n' "${labels[@]}" | fold)"
ok "…and the same units" test "$("$CSV" "$T/2016.csv" unit)" = "$(printf '%s\n' "${units[@]}")"
ok "…and the same values, row for row" test "$("$CSV" "$T/2016.csv" value)" = "$(printf '%s\n' "${values[@]}")"
ok "labels print the official full-width forms" grep -q '"（一）收到申请数"' "$T/2016.csv"
http GET /annual/2016
ok "the public page answers 200" status_is 200
for i in "${!codes[@]}"; do
	[ "${values[i]}" = —— ] && continue
	grep -qF "id=\"v-${codes[i]}\">${values[i]}<" "$T/body" || { echo "# ${codes[i]}" >&2; bad_cell=1; }
done
ok "the page shows every value of the seed" test -z "${bad_cell:-}"
ok "the page shows the 填报单位" has '填报单位（盖章）：示例市人民政府办公室'
ok "and the signatures line" has '单位负责人：示例甲　审核人：示例乙　填报人：示例丙'
ok "an SVG chart, no script" bash -c "grep -q '<svg' '$T/body' && ! grep -q '<script' '$T/body'"
http GET /annual/
ok "the list of years links 2016" has 'href="/annual/2016?agency=city"'
http POST /staff/annual/2016 -b "$T/cj" "${form[@]}" --data-urlencode step=save
ok "after publishing a clerk cannot change it (403)" status_is 403
csrf=$(curl -s -b "$T/aj" "$BASE/staff/annual/2016" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
mapfile -d '' changed < <(seedform c=7)
http POST /staff/annual/2016 -b "$T/aj" "${changed[@]}" --data-urlencode step=save
ok "an admin can, and it is recorded" bash -c "grep -q '\"admin\",\"annual_change_after_publish\",\"city 2016\"' '$DATA/audit.csv'"
http GET /annual/2016
ok "the published table follows the admin's change" has 'id="v-c">7<'

# The 2021 format: a ledger over 2021-2023 with carry-over both ways.
kinds=(person business research nonprofit legal other)
outs=(grant partial refuse_state_secret refuse_process unable_not_held decline_duplicate other_no_supplement already_public)
{
	echo "received,channel,applicant_kind,subject,extended,answered,outcome"
	for i in $(seq 0 299); do
		y=$((2021 + i % 3)); m=$((1 + i % 12)); d=$((1 + i % 28))
		rec=$(printf '%d-%02d-%02d' $y $m $d)
		case $((i % 4)) in
		0) ans="," ;;	# still open
		1) ans="$(printf '%d-%02d-%02d' $y $m 28),${outs[i % 8]}" ;;
		2) ans="$((y + 1))-01-15,${outs[(i + 3) % 8]}" ;;	# answered next year
		3) ans="$(printf '%d-12-31' $y),${outs[(i + 5) % 8]}" ;;
		esac
		echo "$rec,letter,${kinds[i % 6]},事项$i,0,$ans"
	done
} | awk -F, 'NR == 1 || $6 == "" || $6 <= "2026-11-20"' >"$T/grid.csv"
"$ADMIN" --data "$DATA" import-ledger "$T/grid.csv" >/dev/null
csrf=$(curl -s -b "$T/cj" "$BASE/staff/annual/2022" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
http POST /staff/annual/2022 -b "$T/cj" --data-urlencode "csrf=$csrf" --data-urlencode step=publish \
	$(for c in s20_1a s20_1b; do for k in made repealed in_force; do echo --data-urlencode "v:$c:$k=1"; done; done) \
	--data-urlencode v:s20_5a:decisions=3 --data-urlencode v:s20_6a:decisions=4 \
	--data-urlencode v:s20_6b:decisions=5 --data-urlencode v:s20_8a:amount=0.25
ok "2022 (2021 format) published" status_is 303
http GET /annual/2022.csv
cp "$T/body" "$T/2022.csv"
ok "the 2021-format CSV parses strictly" bash -c "'$CSV' '$T/2022.csv' >/dev/null"
paste -d'\t' <("$CSV" "$T/2022.csv" code) <("$CSV" "$T/2022.csv" column) <("$CSV" "$T/2022.csv" value) >"$T/cells"
got() { awk -F'\t' -v c="$1" -v k="$2" '$1 == c && $2 == k {print $3}' "$T/cells"; }
# Expected counts, worked out from the ledger itself.
expect() {	# metric kind-column
	awk -F, -v metric="$1" -v kind="$2" '
	NR == 1 { next }
	{ k = $3; if (kind != "总计" && k != kind) next
	  rec = $1; ans = $6; out = $7
	  if (metric == "n") n += substr(rec, 1, 4) == "2022"
	  if (metric == "c") n += rec < "2022-01-01" && (ans == "" || ans >= "2022-01-01")
	  if (metric == "o") n += rec <= "2022-12-31" && (ans == "" || ans > "2022-12-31")
	  if (metric == "r") n += substr(ans, 1, 4) == "2022"
	  if (metric ~ /^out:/) n += substr(ans, 1, 4) == "2022" && out == substr(metric, 5)
	}
	END { print n + 0 }' "$T/grid.csv"
}
declare -A col=([person]=自然人 [business]="法人或其他组织|商业企业" [research]="法人或其他组织|科研机构"
	[nonprofit]="法人或其他组织|社会公益组织" [legal]="法人或其他组织|法律服务机构"
	[other]="法人或其他组织|其他" [总计]=总计)
allok=1
for k in person business research nonprofit legal other 总计; do
	for m in n c o; do
		[ "$(got $m "${col[$k]}")" = "$(expect $m $k)" ] ||
			{ echo "# $m $k: $(got $m "${col[$k]}") != $(expect $m $k)" >&2; allok=0; }
	done
	[ "$(got r7 "${col[$k]}")" = "$(expect r $k)" ] || { echo "# r7 $k" >&2; allok=0; }
	for pair in r1:grant r2:partial r3_1:refuse_state_secret r3_6:refuse_process \
		r4_1:unable_not_held r5_2:decline_duplicate r6_1:other_no_supplement; do
		want=$(expect "out:${pair#*:}" $k)
		[ "${pair%%:*}" = r1 ] && want=$((want + $(expect out:already_public $k)))
		[ "$(got "${pair%%:*}" "${col[$k]}")" = "$want" ] || { echo "# $pair $k" >&2; allok=0; }
	done
	n=$(got n "${col[$k]}"); c=$(got c "${col[$k]}"); r7=$(got r7 "${col[$k]}"); o=$(got o "${col[$k]}")
	[ $((n + c)) = $((r7 + o)) ] || { echo "# 一+二 != 三（七）+四 for $k" >&2; allok=0; }
done
ok "every computed cell of 2022 matches the ledger, and 一+二 = 三（七）+四 in every column" test $allok = 1
ok "carry-over both ways is not empty" bash -c "[ '$(got c 总计)' -gt 0 ] && [ '$(got o 总计)' -gt 0 ]"
ok "the entered 万元 cell" test "$(got s20_8a '本年收费金额（单位：万元）')" = 0.25
http GET /annual/2022
ok "the 2021 grid shows 申请人情况 over the applicant columns" has '<th colspan="7" scope="colgroup">申请人情况</th>'
ok "the result groups span their rows" has '<th scope="rowgroup" rowspan="8" class="group">（三）不予公开</th>'
ok "行政诉讼 spans its two groups" has '<th scope="colgroup" colspan="10">行政诉讼</th>'
http GET /staff/annual/2022 -b "$T/cj"
ok "2022 against 2023: 四 equals next year's 二" has '各项勾稽关系均已核对一致'

# Roll-up: two departments and the city's own cases, worked on by a clerk
# of the region (the city's clerk has only the city's tables).
printf 'region-password\n' | "$ADMIN" --data "$DATA" adduser rclerk --role clerk --agency region >/dev/null
login rclerk "$T/rj" region-password
rcsrf=$(curl -s -b "$T/rj" "$BASE/staff/annual/2023?agency=region" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2023-03-01,fax,person,甲,0,2023-03-20,grant\n2023-04-01,letter,legal,甲,0,,\n' >"$T/d1.csv"
printf 'received,channel,applicant_kind,subject,extended,answered,outcome\n2023-05-08,in_person,business,乙,0,2023-05-20,partial\n' >"$T/d2.csv"
"$ADMIN" --data "$DATA" import-ledger "$T/d1.csv" --agency dept1 >/dev/null
"$ADMIN" --data "$DATA" import-ledger "$T/d2.csv" --agency dept2 >/dev/null
pub() {	# agency
	curl -s -o /dev/null -w '%{http_code}' -b "$T/rj" "$BASE/staff/annual/2023?agency=$1" \
	    --data-urlencode "csrf=$rcsrf" --data-urlencode step=publish \
	    $(for c in s20_1a s20_1b; do for k in made repealed in_force; do echo --data-urlencode "v:$c:$k=$2"; done; done) \
	    --data-urlencode v:s20_5a:decisions=$2 --data-urlencode v:s20_6a:decisions=$2 \
	    --data-urlencode v:s20_6b:decisions=$2 --data-urlencode v:s20_8a:amount=$2
}
ok "dept1 publishes" test "$(pub dept1 1)" = 303
ok "dept2 publishes" test "$(pub dept2 2)" = 303
ok "the region publishes its roll-up" test "$(pub region 4)" = 303
for a in dept1 dept2 region; do
	curl -s "$BASE/annual/2023.csv?agency=$a" >"$T/$a.csv"
	"$CSV" "$T/$a.csv" value >"$T/$a.v"
done
"$CSV" "$T/region.csv" code >"$T/codes"
paste -d' ' "$T/codes" "$T/dept1.v" "$T/dept2.v" "$T/region.v" >"$T/sum"
# Computed cells: the departments' sum; entered ones: 1 + 2 + the region's 4.
ok "the roll-up is the cell-wise sum" awk '
	{ want = $2 + $3; if ($1 ~ /^s20/) want += 4
	  if ($4 != want) { print "# " $0 > "/dev/stderr"; bad = 1 } }
	END { exit bad }' "$T/sum"
# 总计 of 本年新收: dept1 has 2, dept2 1.
ok "the departments' cases are in it" grep -q '^n 2 1 3$' "$T/sum"
http GET "/annual/2023?agency=region"
ok "the roll-up page says it is one" has '汇总'

# A department's year that cannot be read stops the roll-up: the desk says
# which file, nothing is computed as if it were empty, nothing published.
printf '"code","column","value"\n"s20_1a","made","abc"\n' >"$DATA/annual/dept2-2024.csv"
http GET "/staff/annual/2024?agency=region" -b "$T/rj"
ok "a corrupt department year: the roll-up is not shown (503)" status_is 503
ok "the page names the department's file" has 'dept2-2024.csv'
ok "the region cannot publish over it (503)" test "$(curl -s -o /dev/null -w '%{http_code}' \
	-b "$T/rj" "$BASE/staff/annual/2024?agency=region" --data-urlencode "csrf=$rcsrf" \
	--data-urlencode step=publish $(for c in s20_1a s20_1b; do for k in made repealed in_force; do
	echo --data-urlencode "v:$c:$k=5"; done; done) --data-urlencode v:s20_5a:decisions=5 \
	--data-urlencode v:s20_6a:decisions=5 --data-urlencode v:s20_6b:decisions=5 \
	--data-urlencode v:s20_8a:amount=5)" = 503
http GET "/annual/2024?agency=region"
ok "nothing was published" status_is 404
rm "$DATA/annual/dept2-2024.csv"
http GET "/staff/annual/2024?agency=region" -b "$T/rj"
ok "repaired, the roll-up is shown again" status_is 200

# A save racing a publication (issue 17, item 3): whether the year is
# published is decided on the file as it is under its lock, the lock the
# write takes, never on a copy read before.
yr=2020
yf=$DATA/annual/city-$yr.csv
ccsrf=$(curl -s -b "$T/cj" "$BASE/staff/annual/$yr" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
grid() {	# value step → the status; every entered cell of 2020 is value
	curl -s -o /dev/null -w '%{http_code}' --max-time 20 -b "$T/cj" \
	    "$BASE/staff/annual/$yr?agency=city" --data-urlencode "csrf=$ccsrf" \
	    --data-urlencode "step=$2" $(for c in s20_1a s20_1b; do for k in made repealed in_force; do
	    echo --data-urlencode "v:$c:$k=$1"; done; done) --data-urlencode v:s20_5a:decisions=$1 \
	    --data-urlencode v:s20_6a:decisions=$1 --data-urlencode v:s20_6b:decisions=$1 \
	    --data-urlencode v:s20_8a:amount=$1
}
# "published VALUE" when the file is published and every entered cell and
# its published cell hold VALUE; else what is wrong.
yearstate() {
	paste -d'\t' <("$CSV" "$yf" code) <("$CSV" "$yf" column) <("$CSV" "$yf" value) | awk -F'\t' '
	$1 == "meta" && $2 == "published" { pub = $3 }
	$1 ~ /^s20_/ { n++; entered[$1 "|" $2] = $3; vals[$3] = 1 }
	$1 ~ /^cell:s20_/ { snap[substr($1, 6) "|" $2] = $3 }
	END {
		if (pub == "") { print "not published"; exit }
		for (k in entered) if (snap[k] != entered[k]) { print "published " k " " snap[k] " != entered " entered[k]; exit }
		nv = 0; for (v in vals) { nv++; val = v }
		if (n != 10 || nv != 1) { print "published, entered cells mixed"; exit }
		print "published " val
	}'
}
grid 1 save >/dev/null
cp -p "$yf" "$T/saved.csv"
ok "2020: published by the clerk" test "$(grid 2 publish)" = 303
cp -p "$yf" "$T/published.csv"
cp -p "$T/saved.csv" "$yf"
# Another writer holds the year's lock, and publishes (the published file
# put in place) just after the clerk's save has started.
flock "$yf.lock" sh -c "sleep 2; cp -p '$T/published.csv' '$yf.new' && mv '$yf.new' '$yf'" &
sleep 0.5
st=$(grid 3 save)
wait
ok "a save that started before a publication and ends after it is refused (403)" test "$st" = 403
ok "…and the table stays published as published" test "$(yearstate)" = "published 2"
http GET "/annual/$yr?agency=city"
ok "…on the public page too" status_is 200
# 20 rounds of a save and a publication sent at once (two processes).
bad=0 refused=0
for i in $(seq 20); do
	cp -p "$T/saved.csv" "$yf"
	grid 1 save >"$T/s.st" &
	grid 2 publish >"$T/p.st" &
	wait
	[ "$(cat "$T/s.st")" = 403 ] && refused=$((refused + 1))
	got=$(yearstate)
	if [ "$(cat "$T/p.st")" != 303 ] || [ "$got" != "published 2" ]; then
		echo "# round $i: save $(cat "$T/s.st"), publish $(cat "$T/p.st"): $got" >&2
		bad=$((bad + 1))
	fi
done
echo "# $refused of 20 saves came after the publication and were refused"
ok "20 rounds of save racing publish: each ends published, with the published values" test $bad = 0

tools/ogi-site stop
ok "no program error was logged" bash -c "! grep -qiE 'sanitizer|runtime error|leak' $RUN/log/* 2>/dev/null"
exit $((T_FAILS > 0))
