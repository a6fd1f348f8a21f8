#!/usr/bin/env bash
# HTTP tests of a case's documents (告知书, 答复书) through nginx, with the
# clock pinned: a letter case taken through 补正, extension and a refusal
# issues three documents, each as an HTML letter and a PDF with its 文号,
# the applicant, the received date, the refusal's reason and basis and the
# remedies with both periods; the tracking page lists them and reaches
# them by a POSTed code only; another case's code cannot; a correction
# names what it replaces; another agency's account gets 404; the register
# shows the 答复书's 文号, and a published answer without personal data; a
# spoilt letter stops the programs at start.
#   tests/http/docs.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18097}
T=$(mktemp -d /tmp/ogi-docs-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
# Wednesday 2026-04-01, 10:00 in Beijing.
export OGI_NOW=2026-04-01T02:00:00
export ASAN_OPTIONS="log_path=$RUN/log/asan:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$RUN/log/ubsan:print_stacktrace=1"
BASE=http://127.0.0.1:$PORT
CSV=$BUILD/tests/csvcheck
ADMIN=$BUILD/ogi-admin
. tests/lib.sh

cleanup() { tools/ogi-site stop >/dev/null 2>&1; [ -n "${KEEP:-}" ] || rm -rf "$T"; }
trap cleanup EXIT

# A spoilt letter stops both programs at start, naming file, line and
# placeholder (boot_open loads the letters).
cp -r "$OGI_CONF" "$T/spoilt"
sed -i 's/{items}/{itmes}/' "$T/spoilt/letters/supplement.txt"
mkdir -p "$T/spoilt-data"
for prog in public staff; do
	ok "ogi-$prog refuses to start on a spoilt letter, naming it" bash -c "! env -i PATH='$PATH' \
	    OGI_CONF='$T/spoilt' OGI_DATA='$T/spoilt-data' REQUEST_METHOD=GET PATH_INFO=/ \
	    '$BUILD/cgi-bin/ogi-$prog' </dev/null >'$T/out' 2>'$T/err' &&
	    grep -q 'letters/supplement.txt:5: unknown placeholder {itmes}' '$T/err'"
done

tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "the site starts with the letters loaded" grep -q serving "$T/start.log"
printf 'clerk-password-1\n' | OGI_DATA=$DATA "$ADMIN" adduser clerk --role clerk --name 王办理 >/dev/null

login() {	# login password jar
	local tok
	tok=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
	http POST /staff/login -c "$3" --data-urlencode "login=$1" \
	    --data-urlencode "password=$2" --data-urlencode "form_token=$tok"
}
login clerk clerk-password-1 "$T/jar"
ok "the clerk logs in" status_is 303
J=(-b "$T/jar" -c "$T/jar")
http GET /staff/ "${J[@]}"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)

# A letter received on Monday 2026-03-02, and a second case.
intake() {	# name received
	http POST /staff/new "${J[@]}" --data-urlencode "csrf=$csrf" \
	    --data-urlencode applicant_type=person --data-urlencode "name=$1" \
	    --data-urlencode id_type=resident --data-urlencode id_number=110105199003071239 \
	    --data-urlencode phone=13900000000 --data-urlencode "address=示例路3号" \
	    --data-urlencode postcode=100000 --data-urlencode "subject=专题会议纪要" \
	    --data-urlencode "description=请提供2025年第3次专题会议纪要。" --data-urlencode medium=paper \
	    --data-urlencode delivery=post --data-urlencode channel=信函 --data-urlencode "received=$2"
	sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body"
}
code=$(intake 张示例 2026-03-02)
ok "a letter is registered with a tracking code" test ${#code} = 23
code2=$(intake 李另案 2026-03-03)
ok "and a second case" test ${#code2} = 23
ID=2026-000001

act() {	# fields...
	http POST /staff/case/$ID "${J[@]}" --data-urlencode "csrf=$csrf" "$@"
	[ "$STATUS" = 303 ] || { echo "#   status $STATUS, wanted 303" >&2; return 1; }
}
ok "补正 asked on 2026-03-04" act --data-urlencode step=supplement_request \
	--data-urlencode date=2026-03-04 --data-urlencode days=10 \
	--data-urlencode "note=请写明会议纪要的召开时间；"
ok "补正 received on 2026-03-10" act --data-urlencode step=supplement_received \
	--data-urlencode date=2026-03-10
ok "extended on 2026-03-30" act --data-urlencode step=extend --data-urlencode date=2026-03-30 \
	--data-urlencode reason=王示例 --data-urlencode "note=所需信息涉及多个部门，需要协调检索"
REASON=该纪要系2025年第3次专题会议的讨论记录，尚未形成正式决定
ok "refused on 2026-04-01" act --data-urlencode step=answer --data-urlencode date=2026-04-01 \
	--data-urlencode outcome=refuse_process --data-urlencode "reason=$REASON" \
	--data-urlencode medium=post

http GET /staff/case/$ID "${J[@]}"
cp "$T/body" "$T/case.html"
ok "the case page offers the documents its steps call for" \
	bash -c "grep -qF '待签发：补正申请告知书' '$T/case.html' && grep -qF '待签发：延期答复告知书' '$T/case.html' && grep -qF '待签发：政府信息公开申请答复书' '$T/case.html'"
ok "filled in from the case, as an editable text" grep -qF "$REASON" "$T/case.html"
ok "nothing issued yet" grep -qF '尚未签发文书' "$T/case.html"

# The filled text of a form: the textarea after a hidden step value.
draft() {	# step key → the textarea's text (HTML-unescaped)
	awk -v key="$1" '
		index($0, "name=\"step\" value=\"" key "\"") { on = 1 }
		on && /<textarea/ { t = 1; sub(/.*<textarea[^>]*>/, "") }
		t { if (sub(/<\/textarea>.*/, "")) { print; exit } print }
	' "$T/case.html" | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/'"'"'/g; s/&amp;/\&/g'
}
issue() {	# kind step [text] → STATUS
	local text=${3:-$(draft "$2")}
	http POST /staff/case/$ID/doc "${J[@]}" --data-urlencode "csrf=$csrf" \
	    --data-urlencode "kind=$1" --data-urlencode "step=$2" --data-urlencode "text=$text" \
	    ${4:+--data-urlencode "replaces=$4"}
}
http POST /staff/case/$ID/doc "${J[@]}" --data-urlencode kind=supplement \
	--data-urlencode step=supplement_request:1 --data-urlencode "text=$(draft supplement_request:1)"
ok "issuing without the CSRF token is refused (403)" status_is 403
# As a browser sends a textarea: lines ended by CR LF.
issue supplement supplement_request:1 "$(draft supplement_request:1 | sed 's/$/\r/')"
ok "the 补正 notice is issued (303 to the letter)" bash -c "[ '$STATUS' = 303 ] && grep -qi '^Location: /staff/case/$ID/doc/1' '$T/hdrs'"
issue extension extend:1
ok "the extension notice is issued" bash -c "[ '$STATUS' = 303 ] && grep -qi '^Location: /staff/case/$ID/doc/2' '$T/hdrs'"
issue answer_refuse answer:1 "$(draft answer:1 | sed 's/尚未形成正式决定/尚未形成正式决定（经办人补充）/')"
ok "the refusal is issued, as amended" bash -c "[ '$STATUS' = 303 ] && grep -qi '^Location: /staff/case/$ID/doc/3' '$T/hdrs'"
issue answer_refuse answer:1
ok "a second refusal for the same step is refused (409)" status_is 409
issue reasons "" "张示例：
【请填写：期限】"
ok "a text still asking 【请填写】 is refused (400), naming it" bash -c "[ '$STATUS' = 400 ] && grep -qF '请填写' '$T/body'"
issue nosuchkind answer:1
ok "an unknown kind is refused (400)" status_is 400
ok "a browser's CR LF is stored as a paragraph a line" bash -c "! grep -q \$'\\r' '$DATA/documents.csv'"
ok "documents.csv holds the three, parsed strictly" bash -c "'$CSV' '$DATA/documents.csv' | grep -qx 3"

N1=示例办公开告〔2026〕1号 N2=示例办公开告〔2026〕2号 N3=示例办公开复〔2026〕1号
http GET /staff/case/$ID "${J[@]}"
ok "the case page lists the three with their 文号" bash -c "grep -qF '$N1' '$T/body' && grep -qF '$N2' '$T/body' && grep -qF '$N3' '$T/body'"
ok "each with its view and PDF" bash -c "grep -qF 'href=\"/staff/case/$ID/doc/3\"' '$T/body' && grep -qF 'href=\"/staff/case/$ID/doc/3.pdf\"' '$T/body'"
ok "an issued step offers a correction instead" grep -qF "更正政府信息公开申请答复书（$N3）" "$T/body"

text() { pdftotext "$1" - | tr -d ' \n\f'; }
i=0
for n in "$N1" "$N2" "$N3"; do
	i=$((i + 1))
	http GET /staff/case/$ID/doc/$i "${J[@]}"
	cp "$T/body" "$T/doc$i.html"
	ok "doc $i: the HTML letter (200) with letter.css" bash -c "[ '$STATUS' = 200 ] && grep -qF '/static/letter.css' '$T/doc$i.html'"
	for want in "$n" 张示例 2026年3月2日; do
		ok "doc $i: the HTML says $want" grep -qF "$want" "$T/doc$i.html"
	done
	http GET /staff/case/$ID/doc/$i.pdf "${J[@]}"
	cp "$T/body" "$T/doc$i.pdf"
	ok "doc $i: a PDF (200, application/pdf)" bash -c "[ '$STATUS' = 200 ] && grep -qi '^Content-Type: application/pdf' '$T/hdrs'"
	ok "doc $i: A4, 595.276 x 841.89 pt" bash -c "pdfinfo '$T/doc$i.pdf' | grep -q '^Page size: *595.276 x 841.89 pts (A4)'"
	text "$T/doc$i.pdf" >"$T/doc$i.txt"
	for want in "$n" 张示例 2026年3月2日; do
		ok "doc $i: pdftotext gives back $want" grep -qF "$want" "$T/doc$i.txt"
	done
done
for want in "$REASON（经办人补充）" 第十六条第二款 "60日内" "6个月内" "行政复议" "行政诉讼"; do
	ok "the refusal's HTML says $want" grep -qF "$want" "$T/doc3.html"
	ok "the refusal's PDF says $want" grep -qF "$want" "$T/doc3.txt"
done
http GET /staff/case/$ID/doc/3.pdf "${J[@]}"
ok "a reprint gives the same PDF" cmp -s "$T/body" "$T/doc3.pdf"
http GET /staff/case/$ID/doc/4 "${J[@]}"
ok "a document the case does not have is 404" status_is 404
http GET /staff/case/2026-000002/doc/1 "${J[@]}"
ok "another case's address does not reach this case's documents (404)" status_is 404
http GET /staff/case/$ID/doc/1 -b "$T/nojar"
ok "without a session the letter is not shown (303 to the login)" status_is 303

# The applicant's tracking page.
http POST /track --data-urlencode "code=$code"
cp "$T/body" "$T/track.html"
ok "/track lists the three documents" bash -c "grep -qF '$N1' '$T/track.html' && grep -qF '$N2' '$T/track.html' && grep -qF '$N3' '$T/track.html'"
ok "each reached by a form that POSTs the code" grep -qF '<form method="post" action="/track/doc"' "$T/track.html"
ok "the code is in no address on the page" bash -c "! grep -oE '(href|action)=\"[^\"]*' '$T/track.html' | grep -qiF '${code%%-*}'"
http POST /track/doc --data-urlencode "code=$code" --data-urlencode n=3 --data-urlencode as=html
cp "$T/body" "$T/pub3.html"
ok "/track/doc shows the refusal as a letter" bash -c "[ '$STATUS' = 200 ] && grep -qF '$N3' '$T/pub3.html' && grep -qF '6个月内' '$T/pub3.html'"
ok "the letter page is not kept by caches" header 'Cache-Control: no-store'
http POST /track/doc --data-urlencode "code=$code" --data-urlencode n=3 --data-urlencode as=pdf
ok "/track/doc gives the same PDF as the desk" bash -c "[ '$STATUS' = 200 ] && cmp -s '$T/body' '$T/doc3.pdf'"
ok "as a download" header 'Content-Disposition: attachment'
http POST /track/doc --data-urlencode "code=$code2" --data-urlencode n=3 --data-urlencode as=html
ok "another case's code cannot reach them (404)" status_is 404
http POST /track/doc --data-urlencode "code=$code2" --data-urlencode n=1 --data-urlencode as=pdf
ok "not even its first (404)" status_is 404
http POST /track/doc --data-urlencode "code=ABCDE-12345-FGHJK-67890" --data-urlencode n=1 --data-urlencode as=pdf
ok "a wrong code gets 404" status_is 404
http POST /track/doc --data-urlencode "number=$N3" --data-urlencode n=3 --data-urlencode as=pdf
ok "the 文号 alone is not enough (400)" status_is 400
http GET "/track/doc?code=$code&n=1&as=pdf"
ok "GET is refused (405), the code is taken from a form's body only" status_is 405
http POST /track --data-urlencode "code=$code2"
ok "the other case's tracking page lists none of them" bash -c "! grep -qF '示例办公开' '$T/body'"

# A consultation's letter goes to the third party, not to the applicant.
ID2=2026-000002
http POST /staff/case/$ID2 "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode step=consult_start \
	--data-urlencode date=2026-03-20 --data-urlencode reason=third_party --data-urlencode "note=示例公司"
ok "the second case consults a third party" status_is 303
cp "$T/case.html" "$T/case1.html"
curl -s "${J[@]}" -o "$T/case.html" "$BASE/staff/case/$ID2"
http POST /staff/case/$ID2/doc "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode kind=consult_third_party \
	--data-urlencode step=consult_start:1 \
	--data-urlencode "text=$(draft consult_start:1 | sed 's/【请填写：[^】]*】/示例公司/g')"
ok "its 征求第三方意见书 is issued" bash -c "[ '$STATUS' = 303 ] && grep -qi '^Location: /staff/case/$ID2/doc/1' '$T/hdrs'"
cp "$T/case1.html" "$T/case.html"
http POST /track --data-urlencode "code=$code2"
ok "the applicant's tracking page does not list it" bash -c "[ '$STATUS' = 200 ] && ! grep -qF '示例办公开' '$T/body'"
http POST /track/doc --data-urlencode "code=$code2" --data-urlencode n=1 --data-urlencode as=html
ok "nor can the applicant's code reach it (404)" status_is 404

# A correction: a new document naming the one it replaces.
issue answer_refuse answer:1 "$(draft answer:1)" "$N3"
ok "a correction is issued" bash -c "[ '$STATUS' = 303 ] && grep -qi '^Location: /staff/case/$ID/doc/4' '$T/hdrs'"
http GET /staff/case/$ID/doc/4 "${J[@]}"
ok "it names the one it replaces" grep -qF "（本文书更正并替代$N3）" "$T/body"
http GET /staff/case/$ID "${J[@]}"
ok "the list marks the old one as corrected" grep -qF "已由示例办公开复〔2026〕2号更正" "$T/body"

# The register: the 答复书's 文号 and date; the answer published
# (依申请公开转主动公开) without the applicant's personal data.
N4=示例办公开复〔2026〕2号
http GET /requests/$ID
ok "/requests/ID shows the 答复书 in force with its 文号 and date" has "<dt>答复书</dt><dd class=\"doc-number\">$N4（2026-04-01）</dd>"
ok "but not its text before publication" hasnt 'class="letter"'
http GET "/requests?view=answered"
ok "the register's row shows the 文号 with the answer date" has "<span class=\"doc-number\">$N4</span>"
http GET /staff/case/$ID "${J[@]}"
ok "the case page offers publication of the 答复书" has "答复书$N4的全文将在公开登记中显示"
act --data-urlencode step=publish_answer --data-urlencode date=2026-04-01
ok "staff publish the answer (303)" status_is 303
ok "audited as a case event naming the 文号" grep -qF "\"publish_answer\",\"\",\"$N4\"" "$DATA/events.csv"
http GET /staff/case/$ID "${J[@]}"
ok "the case page no longer offers it" hasnt "答复书$N4的全文将在公开登记中显示"
http POST /staff/case/$ID "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode step=publish_answer \
	--data-urlencode date=2026-04-01
ok "publishing twice is refused (409)" status_is 409
http GET /requests/$ID
cp "$T/body" "$T/published.html"
ok "/requests/ID shows the published answer's text" bash -c "grep -qF '$N4' '$T/published.html' && grep -qF '不予公开' '$T/published.html' && grep -qF '6个月内' '$T/published.html'"
ok "addressed to 「申请人」" grep -qF '<p class="letter-to">「申请人」：</p>' "$T/published.html"
ok "the issuer's contact line is left whole (its postcode is the applicant's too)" \
	grep -qF '地址示例市示例路1号，邮政编码100000' "$T/published.html"
for pii in 张示例 110105199003071239 13900000000 示例路3号; do
	ok "the published answer does not show $pii" bash -c "! grep -qF '$pii' '$T/published.html'"
done

# Another agency's account: the case and its documents do not exist.
printf 'other-password-1\n' | OGI_DATA=$DATA "$ADMIN" adduser other --role clerk --name 赵别处 --agency elsewhere >/dev/null 2>&1
if OGI_DATA=$DATA "$ADMIN" list | grep -q '^other '; then
	login other other-password-1 "$T/jar2"
	http GET /staff/case/$ID/doc/1 -b "$T/jar2"
	ok "another agency's account gets 404 for a document" status_is 404
fi

tools/ogi-site stop >/dev/null 2>&1
sleep 0.2
ok "no program error was logged (sanitizers report at exit)" \
	bash -c "! grep -qiE 'sanitizer|runtime error|leak' $RUN/log/* 2>/dev/null"
[ "$T_FAILS" -eq 0 ]
