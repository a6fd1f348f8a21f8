#!/usr/bin/env bash
# HTTP tests of a case's files through the web server (SERVER, default
# nginx), with the clock pinned: a PDF and a JPEG sent with an application
# come back to staff byte for byte; a program renamed .pdf, an empty file,
# an 11 MB file and a body over the server's limit are refused with
# nothing stored (the typed fields kept where the program answers); a file
# of case A cannot be fetched with case B's code nor without a login; a
# 补正 sent online is received when staff confirm it; staff attach a scan
# and the information released; nothing uploaded is public; ogi-admin
# fsck finds a missing file and an orphan; kill -9 during uploads leaves
# no row without its file.
#   tests/http/files.sh BUILD PORT
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18098}
S=${SERVER:-nginx}
T=$(mktemp -d /tmp/ogi-files-XXXXXX)
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

# Made-up files of each kind, and what must be refused.
F=$T/fx
mkdir -p "$F"
python3 - "$F" <<'EOF'
import sys, zipfile, os
d = sys.argv[1]
open(f"{d}/scan.pdf", "wb").write(b"%PDF-1.4\n1 0 obj<<>>endobj\n" + os.urandom(3000) + b"\n%%EOF\n")
open(f"{d}/photo.jpg", "wb").write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(5000) + b"\xff\xd9")
open(f"{d}/page.png", "wb").write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + os.urandom(500))
with zipfile.ZipFile(f"{d}/letter.docx", "w") as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("word/document.xml", "<w:document/>")
open(f"{d}/virus.pdf", "wb").write(b"MZ\x90\x00" + os.urandom(4000))
open(f"{d}/empty.pdf", "wb").write(b"")
open(f"{d}/big.pdf", "wb").write(b"%PDF-1.4\n" + b"\0" * (11 * 1024 * 1024))
open(f"{d}/mid.pdf", "wb").write(b"%PDF-1.4\n" + os.urandom(6 * 1024 * 1024))
open(f"{d}/huge.pdf", "wb").write(b"%PDF-1.4\n" + b"\0" * (40 * 1024 * 1024))
EOF
sha() { sha256sum "$1" | cut -d' ' -f1; }
rows() { "$CSV" "$DATA/$1.csv" 2>/dev/null || echo 0; }
MP=(--form-string applicant_type=person --form-string "name=张测试"
	--form-string id_type=resident --form-string id_number=110105199003071239
	--form-string phone=13800000000 --form-string email=zhang@example.cn
	--form-string "address=示例市示例路1号" --form-string postcode=100000
	--form-string "subject=2025年部门预算" --form-string
	"description=请提供2025年部门预算全文。" --form-string medium=electronic
	--form-string delivery=email)

tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "$S: the site starts" grep -q serving "$T/start.log"

http GET /apply
ok "$S: the form is sent as multipart/form-data" has 'enctype="multipart/form-data"'
ok "$S: it has an identity proof input" has 'name="id_proof" multiple'
ok "$S: …and one for other papers" has 'name="files" multiple'
ok "$S: …saying what is accepted" has 'PDF、JPEG、PNG、OFD'

# An application with an ID copy (PDF) and a photo (JPEG).
http POST /apply "${MP[@]}" --form-string "form_token=$(token)" \
	-F "id_proof=@$F/scan.pdf;filename=身份证.pdf" -F "files=@$F/photo.jpg;type=application/octet-stream"
ok "$S: an application with two files is accepted" status_is 200
ok "$S: the receipt lists the files" bash -c "grep -q '身份证.pdf（身份证明）' '$T/body' && grep -q 'photo.jpg（其他材料）' '$T/body'"
A=$(sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/body")
codeA=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body")
ok "$S: files.csv has a row for each" test "$(rows files)" = 2
ok "$S: …with the PDF's SHA-256 as id_proof" grep -q "\"$A\",\"id_proof\",\"身份证.pdf\",\"$(stat -c %s "$F/scan.pdf")\",\"$(sha "$F/scan.pdf")\",\"pdf\"" "$DATA/files.csv"
ok "$S: …and the JPEG's, typed by content (jpg), not by what was declared" grep -q "\"$(sha "$F/photo.jpg")\",\"jpg\"" "$DATA/files.csv"
p=$(sha "$F/scan.pdf")
ok "$S: stored by content under files/" cmp -s "$F/scan.pdf" "$DATA/files/${p:0:2}/${p:2}"
ok "$S: no temporary file is left" bash -c "[ -z \"\$(find '$DATA/files' -name '.up-*')\" ]"

# Refusals: nothing stored, the typed fields kept.
napps=$(rows applications)
http POST /apply "${MP[@]}" --form-string "form_token=$(token)" -F "id_proof=@$F/virus.pdf"
ok "$S: a program renamed .pdf is refused (400)" status_is 400
ok "$S: …naming the file and what is accepted" bash -c "grep -q '文件“virus.pdf”的格式不能接受' '$T/body' && grep -q 'PDF、JPEG' '$T/body'"
ok "$S: …keeping what was typed" has 'value="张测试"'
ok "$S: …and saying the file must be chosen again" has '请在下面重新选择文件'
http POST /apply "${MP[@]}" --form-string "form_token=$(token)" -F "files=@$F/empty.pdf"
ok "$S: an empty file is refused (400)" bash -c "[ '$STATUS' = 400 ] && grep -q '空文件' '$T/body'"
http POST /apply "${MP[@]}" --form-string "form_token=$(token)" -F "id_proof=@$F/big.pdf"
ok "$S: an 11 MB file is refused (413)" status_is 413
ok "$S: …by the program, naming it and keeping what was typed" bash -c "grep -q '文件“big.pdf”超过了每个文件10 MB' '$T/body' && grep -q 'value=\"张测试\"' '$T/body'"
http POST /apply "${MP[@]}" --form-string "form_token=$(token)" -F "id_proof=@$F/huge.pdf"
ok "$S: a 40 MB body is refused (413) by the web server" status_is 413
ok "$S: …with the friendly page" has '上传文件合计不超过30 MB'
ok "$S: no refused application was stored" test "$(rows applications)" = "$napps"
ok "$S: no refused file was recorded" test "$(rows files)" = 2
ok "$S: no refused file was kept" bash -c "[ \$(find '$DATA/files' -type f | wc -l) = 2 ]"

# A second applicant, case B; the same form sent again with another file
# keeps nothing of it.
btok=$(token)
http POST /apply "${MP[@]}" --form-string "form_token=$btok" -F "files=@$F/page.png"
B=$(sed -n 's/.*class="app-id">\([^<]*\)<.*/\1/p' "$T/body")
codeB=$(sed -n 's/.*<dd class="code">\([^<]*\)<.*/\1/p' "$T/body")
ok "$S: case B with a PNG" test -n "$B" -a "$(rows files)" = 3
d=$(sha "$F/letter.docx")
http POST /apply "${MP[@]}" --form-string "form_token=$btok" -F "files=@$F/letter.docx"
ok "$S: the same form again keeps none of its new files" bash -c \
	"[ '$(rows files)' = 3 ] && [ ! -e '$DATA/files/${d:0:2}/${d:2}' ] && [ \$(find '$DATA/files' -type f | wc -l) = 3 ]"

# Staff see every file and fetch it byte for byte.
printf 'clerk-password-1\n' | OGI_DATA=$DATA "$ADMIN" adduser clerk --role clerk --name 王办理 >/dev/null
tok=$(curl -s "$BASE/staff/login" | sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p')
http POST /staff/login -c "$T/jar" --data-urlencode login=clerk \
	--data-urlencode password=clerk-password-1 --data-urlencode "form_token=$tok"
J=(-b "$T/jar" -c "$T/jar")
http GET "/staff/case/$A" "${J[@]}"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)
ok "$S: the case page lists the files" bash -c "grep -q '身份证.pdf' '$T/body' && grep -q 'photo.jpg' '$T/body'"
ok "$S: …with their type and size" bash -c "grep -q '<td>PDF</td>' '$T/body' && grep -q '<td>JPEG</td>' '$T/body' && grep -q ' KB</td>' '$T/body'"
curl -s -D "$T/fh" -o "$T/got" "${J[@]}" "$BASE/staff/case/$A/file/$p"
ok "$S: staff download the PDF byte for byte" test "$(sha "$T/got")" = "$p"
ok "$S: …as an attachment" grep -qi '^Content-Disposition: attachment' "$T/fh"
ok "$S: …of its exact type" grep -qi '^Content-Type: application/pdf' "$T/fh"
ok "$S: …not to be sniffed" grep -qi '^X-Content-Type-Options: nosniff' "$T/fh"
j=$(sha "$F/photo.jpg")
curl -s -o "$T/got" "${J[@]}" "$BASE/staff/case/$A/file/$j"
ok "$S: …and the JPEG" test "$(sha "$T/got")" = "$j"
http GET "/staff/case/$A/file/$p"
ok "$S: without a login, no file (303 to the login)" status_is 303
http GET "/staff/case/$B/file/$p" "${J[@]}"
ok "$S: case A's file through case B is 404" status_is 404

# The applicant sees their files and fetches them with the code.
http POST /track --data-urlencode "code=$codeA"
ok "$S: /track lists the applicant's files" bash -c "grep -q '身份证.pdf' '$T/body' && grep -q 'name=\"sha\" value=\"$p\"' '$T/body'"
ok "$S: …with no code in a link" bash -c "! grep -q 'href=\"[^\"]*$codeA' '$T/body'"
curl -s -o "$T/got" "$BASE/track/file" --data-urlencode "code=$codeA" --data-urlencode "sha=$p"
ok "$S: the applicant downloads their PDF" test "$(sha "$T/got")" = "$p"
http POST /track/file --data-urlencode "code=$codeB" --data-urlencode "sha=$p"
ok "$S: case A's file with case B's code is 404" status_is 404
http POST /track/file --data-urlencode "code=AAAAA-BBBBB-CCCCC-DDDDD" --data-urlencode "sha=$p"
ok "$S: …and with a wrong code" status_is 404
http GET "/track/file?sha=$p"
ok "$S: GET /track/file is 405" status_is 405

# A 补正 sent online.
http POST "/staff/case/$A" "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode step=received \
	--data-urlencode date=2026-04-01
ok "$S: staff confirm receipt of A" status_is 303
http POST "/staff/case/$A" "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode step=supplement_request \
	--data-urlencode date=2026-04-01 --data-urlencode days=10 --data-urlencode "note=请写明所需预算的单位"
ok "$S: staff ask for a 补正" status_is 303
http POST /track --data-urlencode "code=$codeA"
ok "$S: /track offers the 补正 form" has 'action="/track/supplement"'
http POST /track/supplement --form-string "code=$codeB" --form-string "text=x"
ok "$S: case B, not asked, cannot send a 补正 (409)" status_is 409
http POST /track/supplement --form-string "code=$codeA" --form-string "text=需要的是示例局的预算" \
	-F "supplement=@$F/page.png" -F "supplement=@$F/letter.docx"
ok "$S: the applicant sends a 补正 with two files" status_is 200
ok "$S: …told that it counts from staff's confirmation" has '确认收到，答复期限自确认之日起重新计算'
ok "$S: …the files recorded as supplement" test "$(grep -c "\"$A\",\"supplement\"" "$DATA/files.csv")" = 2
ok "$S: …the DOCX typed by content" grep -q '"letter.docx","[0-9]*","[0-9a-f]*","docx"' "$DATA/files.csv"
ok "$S: …and not yet received (still 待补正)" bash -c "! grep -q 'supplement_received' '$DATA/events.csv'"
http GET "/staff/case/$A" "${J[@]}"
ok "$S: staff see the online 补正 and a button to confirm it" bash -c "grep -q '需要的是示例局的预算' '$T/body' && grep -q '确认收到补正' '$T/body'"
http POST "/staff/case/$A" "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode step=supplement_received \
	--data-urlencode date=2026-04-01 --data-urlencode "note=网上提交的补正材料，经核对确认收到"
ok "$S: staff confirm it" status_is 303
ok "$S: …received on the day of confirmation" grep -q "\"$A\",.*\"2026-04-01\",.*\"supplement_received\"" "$DATA/events.csv"
http POST /track --data-urlencode "code=$codeA"
ok "$S: the clock runs again from the confirmation (办理中, no 补正 wait)" bash -c \
	"grep -q '<dd class=\"state\">办理中' '$T/body' && ! grep -q '等待您补正' '$T/body'"
ok "$S: …and the 补正 form is gone" hasnt 'action="/track/supplement"'

# Staff attach a scan and the information released.
http POST "/staff/case/$A/files" "${J[@]}" --form-string "csrf=$csrf" --form-string role=scan \
	-F "files=@$F/page.png;filename=来信扫描.png"
ok "$S: staff attach a scan" status_is 303
http POST "/staff/case/$A/files" "${J[@]}" --form-string "csrf=$csrf" --form-string role=release \
	-F "files=@$F/scan.pdf;filename=2025年部门预算.pdf"
ok "$S: …and the information released" status_is 303
http POST "/staff/case/$A/files" "${J[@]}" --form-string "csrf=bad" --form-string role=scan \
	-F "files=@$F/page.png"
ok "$S: an upload without the CSRF token is refused (403)" status_is 403
ok "$S: files.csv: the scan and the release, by the clerk" bash -c \
	"grep -q '\"$A\",\"scan\",\"来信扫描.png\".*\"clerk\"' '$DATA/files.csv' && grep -q '\"$A\",\"release\"' '$DATA/files.csv'"
http POST /track --data-urlencode "code=$codeA"
ok "$S: the released information is not the applicant's before the answer" hasnt '2025年部门预算.pdf'
r=$(sha "$F/scan.pdf")
http POST "/staff/case/$A" "${J[@]}" --data-urlencode "csrf=$csrf" --data-urlencode step=answer \
	--data-urlencode date=2026-04-01 --data-urlencode outcome=grant --data-urlencode carrier=electronic \
	--data-urlencode delivery=email
ok "$S: staff answer A" status_is 303
http POST /track --data-urlencode "code=$codeA"
ok "$S: the applicant then sees the released information" has '2025年部门预算.pdf'
ok "$S: …but not staff's scan" hasnt '来信扫描.png'
http POST /staff/new "${J[@]}" --form-string "csrf=$csrf" -F "files=@$F/page.png"
ok "$S: a page that takes no files refuses them (415)" status_is 415
http POST /staff/login -F "files=@$F/mid.pdf"
ok "$S: only a case's upload takes a big body: /staff/login refuses 6 MB (413)" status_is 413

# Nothing uploaded is public.
leak=0
for u in /requests "/requests/$A" /requests.csv /requests.atom; do
	curl -s "$BASE$u" | grep -q -e '身份证.pdf' -e "$p" -e 'photo.jpg' && leak=1
done
ok "$S: no file's name or hash on a public page" test $leak = 0

# The files' owners (two users, SECURITY.md).
if [ "$(id -u)" -eq 0 ] && [ "$S" != apache ]; then
	ok "$S: an applicant's file belongs to ogi-public, group ogi, mode 0640" \
		test "$(stat -c '%U:%G:%a' "$DATA/files/${p:0:2}/${p:2}")" = "ogi-public:ogi:640"
	ok "$S: files.csv is group-writable (0660), not world-readable" test "$(stat -c %a "$DATA/files.csv")" = 660
	ok "$S: all 256 files/ab/ are ogi's (setgid, sticky): neither program owns one" bash -c \
		"[ \$(find '$DATA/files' -mindepth 1 -maxdepth 1 -type d -user ogi -perm 3770 | wc -l) = 256 ]"
fi

# fsck: clean, then a missing file and an orphan.
ok "$S: ogi-admin fsck finds nothing wrong" bash -c "OGI_DATA='$DATA' '$ADMIN' fsck | grep -q 'fsck: 0 missing or damaged, 0 orphans'"
mv "$DATA/files/${j:0:2}/${j:2}" "$T/moved"
mkdir -p "$DATA/files/00"
echo stray >"$DATA/files/00/$(printf '0%.0s' $(seq 62))"
OGI_DATA=$DATA "$ADMIN" fsck >"$T/fsck" 2>&1
st=$?
ok "$S: fsck reports the missing file and fails" bash -c "[ $st != 0 ] && grep -q 'missing: .*${j:2}' '$T/fsck'"
ok "$S: …and the orphan" grep -q 'orphan: .*/00/0000' "$T/fsck"
mv "$T/moved" "$DATA/files/${j:0:2}/${j:2}"
rm -f "$DATA/files/00/$(printf '0%.0s' $(seq 62))"

# kill -9 during uploads: no row without its file.
if [ "$S" = nginx ]; then
	for i in $(seq 6); do
		curl -s -o /dev/null --max-time 20 "$BASE/apply" "${MP[@]}" \
		    --form-string "form_token=$(token)" -F "id_proof=@$F/mid.pdf;filename=x$i.pdf" \
		    -F "files=@$F/scan.pdf" &
	done
	sleep 0.3
	kill -9 $(cat "$RUN/public.pid") 2>/dev/null
	wait
	OGI_DATA=$DATA "$ADMIN" fsck >"$T/fsck2" 2>&1
	ok "$S: after kill -9 during uploads, no row lacks its file" grep -q 'fsck: 0 missing or damaged' "$T/fsck2"
	ok "$S: …and files.csv parses strictly" "$CSV" "$DATA/files.csv"
fi
ok "$S: no sanitizer reports" bash -c "! ls '$RUN'/log/asan* '$RUN'/log/ubsan* 2>/dev/null | grep -q ."
exit $((T_FAILS > 0))
