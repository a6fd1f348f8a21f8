/*
 * doctool: made-up cases for tests/doc.sh, through the core's own calls.
 *
 *   doctool DATA case RECEIVED person|org     prints the new case's id
 *   doctool DATA act ID STEP DATE [outcome=… reason=… note=… medium=… days=N]
 *
 * The applicant is made up (张示例 or 示例科技有限公司); the reference data
 * is $OGI_CONF, the clock the programs' (OGI_NOW).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/case.h"
#include "ogi/site.h"
#include "ogi/token.h"

static void
usage(void)
{
	fprintf(stderr, "usage: doctool DATA case RECEIVED person|org\n"
	    "       doctool DATA act ID STEP DATE [outcome=… reason=… note=… "
	    "medium=… days=N]\n");
	exit(2);
}

static int
new_case(struct cases *c, const char *received, const char *type, time_t now)
{
	char *vals[APP_FIELD__MAX], id[16], code[TOKEN_CODE_SHOWN + 1];
	struct app_new how = { "信函", received, NULL, NULL, 0 };
	const struct app_rec *dup;
	size_t i;
	int org = strcmp(type, "org") == 0;

	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = "";
	vals[APP_APPLICANT_TYPE] = org ? "org" : "person";
	if (org) {
		vals[APP_ORG_NAME] = "示例科技有限公司";
		vals[APP_ORG_CODE] = "91110000MA0012345C";
		vals[APP_ORG_KIND] = "business";
		vals[APP_LEGAL_REP] = "李示例";
		vals[APP_CONTACT_NAME] = "王示例";
	} else {
		vals[APP_NAME] = "张示例";
		vals[APP_ID_TYPE] = "resident";
		vals[APP_ID_NUMBER] = "110105199003071239";
	}
	vals[APP_PHONE] = "13800000000";
	vals[APP_ADDRESS] = "示例市示例路1号";
	vals[APP_POSTCODE] = "100000";
	vals[APP_SUBJECT] = "2025年示例道路改造工程会议纪要";
	vals[APP_DESCRIPTION] = "请提供该工程2025年的专题会议纪要。";
	vals[APP_MEDIUM] = "paper";
	vals[APP_DELIVERY] = "post";
	if (apps_submit(&c->apps, vals, &how, now, id, code, &dup) != APP_OK) {
		fprintf(stderr, "doctool: the application was not stored\n");
		return 1;
	}
	printf("%s\n", id);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct site site;
	struct cases c;
	struct case_step s;
	const char *why = NULL, *msg = NULL;
	time_t now;
	int i, rc = 1;

	if (argc < 4)
		usage();
	setenv("OGI_DATA", argv[1], 1);
	if (token_init() != 0 || site_load(&site, &why) != 0) {
		fprintf(stderr, "doctool: %s\n", why ? why : "libsodium");
		return 1;
	}
	if (cases_open(&c, &site, &why) != 0) {
		fprintf(stderr, "doctool: %s\n", why);
		return 1;
	}
	now = site_now();
	if (cases_refresh(&c) != STORE_OK)
		goto out;
	if (strcmp(argv[2], "case") == 0 && argc == 5)
		rc = new_case(&c, argv[3], argv[4], now);
	else if (strcmp(argv[2], "act") == 0 && argc >= 6) {
		memset(&s, 0, sizeof(s));
		if (ev_parse(argv[4], &s.type) != 0)
			usage();
		s.date = argv[5];
		s.staff = "测试员";
		for (i = 6; i < argc; i++) {
			if (strncmp(argv[i], "outcome=", 8) == 0)
				s.outcome = argv[i] + 8;
			else if (strncmp(argv[i], "reason=", 7) == 0)
				s.reason = argv[i] + 7;
			else if (strncmp(argv[i], "note=", 5) == 0)
				s.note = argv[i] + 5;
			else if (strncmp(argv[i], "medium=", 7) == 0)
				s.medium = argv[i] + 7;
			else if (strncmp(argv[i], "days=", 5) == 0)
				s.days = atoi(argv[i] + 5);
			else
				usage();
		}
		if (cases_act(&c, argv[3], &s, now, &msg) != CASE_OK)
			fprintf(stderr, "doctool: %s\n", msg ? msg : "refused");
		else
			rc = 0;
	} else
		usage();
out:
	cases_close(&c);
	site_free(&site);
	return rc;
}
