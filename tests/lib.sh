# Shared by the shell test suites: TAP-style results and HTTP helpers.
# Each check prints "ok - NAME" or "not ok - NAME"; tests/run counts them.

# The suites submit many forms at once from one address: they run with the
# shipped reference data but the public form's abuse limits off (the abuse
# suite turns them on).  Needs T, the suite's scratch directory.
if [ -n "${T:-}" ] && [ -z "${OGI_KEEP_LIMITS:-}" ]; then
	if [ "${OGI_CONF:-}" != "$T/conf" ]; then
		mkdir -p "$T/conf"
		cp "${OGI_CONF:-data}"/*.csv "$T/conf/"
	fi
	sed -i 's/^apply_min_seconds,.*/apply_min_seconds,0/; s/^apply_per_ip_per_hour,.*/apply_per_ip_per_hour,0/' \
	    "$T/conf/site.csv"
	chmod -R a+rX "$T/conf"
	export OGI_CONF=$T/conf
fi
# The letters (data/letters) go with a suite's own copy of the reference
# data, their 文号 prefixes and issuer made the copy's agency's.
if [ -n "${T:-}" ] && [ -n "${OGI_CONF:-}" ] && [ "${OGI_CONF#"$T"/}" != "$OGI_CONF" ] &&
    [ -f "$OGI_CONF/site.csv" ] && [ ! -d "$OGI_CONF/letters" ]; then
	cp -r data/letters "$OGI_CONF/"
	t_agency=$(sed -n 's/^agency,//p' "$OGI_CONF/site.csv")
	sed -i "s/^\"demo\",/\"$t_agency\",/" "$OGI_CONF/letters/numbers.csv" \
	    "$OGI_CONF/letters/issuers.csv"
	chmod -R a+rX "$OGI_CONF/letters"
fi

T_FAILS=0
ok() {
	local name=$1
	shift
	if "$@"; then
		echo "ok - $name"
	else
		echo "not ok - $name"
		T_FAILS=$((T_FAILS + 1))
	fi
}

# http METHOD PATH [curl args...]: sets STATUS; body in $T/body, headers in $T/hdrs.
http() {
	local method=$1 path=$2
	shift 2
	local head=()
	[ "$method" = HEAD ] && head=(-I)
	STATUS=$(curl -s -o "$T/body" -D "$T/hdrs" -w '%{http_code}' -X "$method" \
	    "${head[@]}" --max-time 20 "$@" "$BASE$path")
}

has() { grep -qF -- "$1" "$T/body"; }
hasnt() { ! grep -qF -- "$1" "$T/body"; }
header() { grep -qi -- "^$1" "$T/hdrs"; }
status_is() { [ "$STATUS" = "$1" ] || { echo "#   status $STATUS, wanted $1" >&2; return 1; }; }

# A fresh form token, as a browser gets it with the form.
token() {
	curl -s --max-time 20 "$BASE/apply" |
		sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p'
}

# Made-up applicants.  The resident ID's check digit is right.
PERSON=(--data-urlencode applicant_type=person --data-urlencode "name=张测试"
	--data-urlencode "employer=示例公司" --data-urlencode id_type=resident
	--data-urlencode id_number=110105199003071239
	--data-urlencode phone=13800000000 --data-urlencode email=zhang@example.cn
	--data-urlencode "address=示例市示例路1号" --data-urlencode postcode=100000
	--data-urlencode "subject=2025年部门预算" --data-urlencode
	"description=请提供2025年部门预算全文，包括“三公”经费说明。"
	--data-urlencode "doc_number=示财〔2025〕1号" --data-urlencode medium=electronic
	--data-urlencode delivery=email --data-urlencode publish_subject=1)
ORG=(--data-urlencode applicant_type=org --data-urlencode "org_name=示例科技有限公司"
	--data-urlencode org_code=91110000MA0012345C --data-urlencode org_kind=business
	--data-urlencode "legal_rep=李示例" --data-urlencode "contact_name=王示例"
	--data-urlencode phone=010-12345678 --data-urlencode "address=示例市示例路2号"
	--data-urlencode postcode=100001 --data-urlencode "subject=某项目环评批复"
	--data-urlencode "description=请提供某项目的环境影响评价批复文件。"
	--data-urlencode medium=paper --data-urlencode delivery=post)
