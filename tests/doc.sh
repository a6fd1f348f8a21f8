#!/usr/bin/env bash
# Documents from the command line: a made-up case taken through 补正,
# extension and a refusal issues its letters with 文号; each as PDF is A4,
# carries Noto Serif CJK as an embedded subset and gives its Chinese text
# back to pdftotext; the HTML escapes; a spoilt template stops ogi-doc with
# file, line and placeholder; rendering is clean under valgrind and ASan.
#   tests/doc.sh BUILD
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${1:-build}
DOC=$BUILD/ogi-doc
TOOL=$BUILD/tests/doctool
T=$(mktemp -d /tmp/ogi-doc-XXXXXX)
trap 'rm -rf "$T"' EXIT
export OGI_CONF=$top/data
. tests/lib.sh
cp -r "$top/data/letters" "$OGI_CONF/"
D=$T/data
mkdir -p "$D"
export OGI_NOW=2026-04-01T02:00:00	# 10:00 in Beijing

text() {	# the PDF's text, lines joined
	pdftotext "$1" - | tr -d ' \n\f'
}

# Every kind of data/letters/kinds.csv (its rows, counted by the strict
# CSV checker).
kinds=$("$BUILD/tests/csvcheck" data/letters/kinds.csv)
ok "ogi-doc check loads the letters ($kinds kinds) and the font" bash -c "'$DOC' --data '$D' check | grep -q '^$kinds kinds'"

id=$("$TOOL" "$D" case 2026-03-02 person)
ok "a made-up case" test "$id" = 2026-000001
"$TOOL" "$D" act "$id" supplement_request 2026-03-04 "note=请写明会议纪要的召开时间；
请说明所需纪要的议题。" days=10
"$TOOL" "$D" act "$id" supplement_received 2026-03-10
"$TOOL" "$D" act "$id" extend 2026-03-30 reason=王示例 "note=所需信息涉及多个部门，需要协调检索"
"$TOOL" "$D" act "$id" answer 2026-04-01 outcome=refuse_process \
	"reason=该纪要系2025年第3次专题会议的讨论记录，尚未形成正式决定" medium=post
"$DOC" --data "$D" steps "$id" >"$T/steps"
ok "its steps call for a receipt, a 补正 notice, an extension notice and a refusal" \
	bash -c "cut -f1,2 '$T/steps' | tr '\t\n' ' ' | grep -qx 'received:0 receipt supplement_request:1 supplement extend:1 extension answer:1 answer_refuse  reasons '"

n=0
for k in receipt supplement extension answer_refuse; do
	num[n]=$("$DOC" --data "$D" issue "$id" $k --staff 测试员)
	n=$((n + 1))
done
ok "four documents issued, notices and answers numbered apart" \
	test "${num[*]}" = "示例办公开告〔2026〕1号 示例办公开告〔2026〕2号 示例办公开告〔2026〕3号 示例办公开复〔2026〕1号"
ok "a second refusal for the same step is refused" bash -c "! '$DOC' --data '$D' issue '$id' answer_refuse --staff 测试员 2>'$T/err' && grep -q 'already issued' '$T/err'"
ok "a text still asking 【请填写】 is refused, and takes no number" bash -c "! '$DOC' --data '$D' issue '$id' reasons --staff 测试员 2>'$T/err' && grep -q '【请填写：期限】' '$T/err'"
ok "documents.csv parses strictly" bash -c "'$BUILD/tests/csvcheck' '$D/documents.csv' | grep -qx 4"

i=0
for k in receipt supplement extension answer_refuse; do
	f=$T/$k.pdf
	ok "$k: PDF written" "$DOC" --data "$D" pdf "${num[i]}" --out "$f"
	ok "$k: one A4 page or more of 595.276 x 841.89 pt" bash -c "pdfinfo '$f' | grep -q '^Page size: *595.276 x 841.89 pts (A4)'"
	ok "$k: Noto Serif CJK SC embedded as a subset, mapped to Unicode" \
		bash -c "pdffonts '$f' | grep -qE '^[A-Z]{6}\+NotoSerifCJKsc-Regular +CID Type 0C +Identity-H +yes +yes +yes'"
	text "$f" >"$T/$k.txt"
	for want in "${num[i]}" 张示例 2026年3月2日 示例市人民政府办公室 2026年4月1日; do
		ok "$k: pdftotext gives back $want" grep -qF "$want" "$T/$k.txt"
	done
	i=$((i + 1))
done
ok "the receipt says when the answer is due" grep -qF "本机关将自收到申请之日起20个工作日内予以答复" "$T/receipt.txt"
ok "the 补正 notice lists the items" grep -qF "请写明会议纪要的召开时间；请说明所需纪要的议题。" "$T/supplement.txt"
ok "the extension notice gives the reason and 第三十三条第二款" grep -qF "因所需信息涉及多个部门，需要协调检索，本机关不能在20个工作日内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款" "$T/extension.txt"
for want in "属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息。该纪要系2025年第3次专题会议的讨论记录，尚未形成正式决定。" \
	"根据《中华人民共和国政府信息公开条例》第十六条第二款的规定，本机关决定不予公开。" \
	"60日内向示例市人民政府申请行政复议" "6个月内向示例市示例区人民法院提起行政诉讼"; do
	ok "the refusal says: $want" grep -qF "$want" "$T/answer_refuse.txt"
done
ok "a short answer fits on one page" bash -c "pdfinfo '$T/answer_refuse.pdf' | grep -q '^Pages: *1$'"
ok "a reprint is the same file" bash -c "'$DOC' --data '$D' pdf '${num[3]}' | cmp -s - '$T/answer_refuse.pdf'"
"$DOC" --data "$D" pdf "${num[3]}" --out /dev/null --repeat 10 2>"$T/figures"
echo "# answer_refuse: $(cat "$T/figures")"
ok "a letter's PDF is small (under 80 KB: the fonts cut to its glyphs)" \
	test "$(stat -c %s "$T/answer_refuse.pdf")" -lt 81920

"$DOC" --data "$D" html "${num[3]}" >"$T/answer.html"
ok "HTML: the letter with its 文号" grep -qF '<p class="letter-number">示例办公开复〔2026〕1号</p>' "$T/answer.html"
ok "HTML: the addressee and the foot" bash -c "grep -qF '<p class=\"letter-to\">张示例：</p>' '$T/answer.html' && grep -qF '<p class=\"letter-date\">2026年4月1日</p>' '$T/answer.html'"

# A correction names the one it replaces.
printf '张示例：\n更正后的答复。\n' >"$T/fixed"
fix=$("$DOC" --data "$D" issue "$id" answer_refuse --staff 测试员 --text "$T/fixed" --replaces "${num[3]}")
ok "a correction takes the next answer number" test "$fix" = "示例办公开复〔2026〕2号"
ok "the list shows what replaced what" bash -c "'$DOC' --data '$D' list '$id' | grep -qF '${num[3]}	2026-04-01	answer_refuse	$fix'"
"$DOC" --data "$D" pdf "$fix" --out "$T/fix.pdf"
ok "the correction's PDF says which it replaces" bash -c "pdftotext '$T/fix.pdf' - | tr -d ' \n' | grep -qF '（本文书更正并替代${num[3]}）'"

# A spoilt template stops the program at start.
cp -r "$OGI_CONF" "$T/spoilt"
sed -i 's/{items}/{itmes}/' "$T/spoilt/letters/supplement.txt"
ok "an unknown placeholder stops ogi-doc, naming file, line and placeholder" \
	bash -c "! OGI_CONF='$T/spoilt' '$DOC' --data '$D' check 2>'$T/err' && grep -q 'letters/supplement.txt:5: unknown placeholder {itmes}' '$T/err'"

# Clean under valgrind (with the libraries' own leaks, tests/doc.supp) and,
# when it is built, AddressSanitizer (tests/doc.lsan).
if [ -x /usr/bin/valgrind ]; then
	ok "valgrind: rendering leaks and errs nowhere" /usr/bin/valgrind --quiet \
		--num-callers=30 --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite \
		--error-exitcode=99 --suppressions=tests/doc.supp \
		"$DOC" --data "$D" pdf "${num[3]}" --out "$T/vg.pdf" --repeat 2
	ok "valgrind: the same file" cmp -s "$T/vg.pdf" "$T/answer_refuse.pdf"
fi
asan=${BUILD%-asan}-asan
if [ "$asan" != "$BUILD" ] && [ -x "$asan/ogi-doc" ]; then
	ok "AddressSanitizer: rendering, filling and issuing are clean" env \
		ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
		LSAN_OPTIONS=suppressions=tests/doc.lsan:print_suppressions=0 \
		bash -c "'$asan/ogi-doc' --data '$D' pdf '${num[3]}' --out '$T/asan.pdf' --repeat 2 &&
		    '$asan/ogi-doc' --data '$D' fill '$id' answer_refuse >/dev/null &&
		    '$asan/ogi-doc' --data '$D' issue '$id' reasons --staff 测试员 --text '$T/fixed' >/dev/null"
fi
[ "$T_FAILS" -eq 0 ]
