/*
 * app: an application for government information (依申请公开申请).
 *
 * The fields of the form, the rules they must meet, and the file they are
 * kept in: applications.csv, one row per application, appended once and
 * never rewritten.  Later steps are events (see the staff desk).
 */
#ifndef OGI_APP_H
#define OGI_APP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ogi/buf.h"
#include "ogi/cal.h"

#include "ogi/form.h"
#include "ogi/store.h"
#include "ogi/token.h"

struct site;

/* Contexts for form rules: which applicant type the form is for. */
#define APP_CTX_PERSON	1u
#define APP_CTX_ORG	2u
#define APP_CTX_COMMON	4u

/* The form's fields, in rule-table and column order. */
enum app_field {
	APP_APPLICANT_TYPE,
	APP_NAME,
	APP_EMPLOYER,
	APP_ID_TYPE,
	APP_ID_NUMBER,
	APP_ORG_NAME,
	APP_ORG_CODE,
	APP_ORG_KIND,
	APP_LEGAL_REP,
	APP_CONTACT_NAME,
	APP_PHONE,
	APP_EMAIL,
	APP_ADDRESS,
	APP_POSTCODE,
	APP_SUBJECT,
	APP_DESCRIPTION,
	APP_DOC_NUMBER,
	APP_MEDIUM,
	APP_DELIVERY,
	APP_PUBLISH_SUBJECT,
	APP_FIELD__MAX
};

extern const struct form_rule app_rules[APP_FIELD__MAX];

/* A code and its label, for select lists and radio buttons. */
#define app_choice form_choice	/* {code, label}, ending with a NULL code */
extern const struct app_choice app_id_types[], app_org_kinds[],
    app_media[], app_deliveries[], app_applicant_types[];
/* The form offers the first ones; the rest are accepted and shown. */
extern const size_t app_media_offered, app_deliveries_offered;
const char	*app_choice_label(const struct app_choice *, const char *code);
/* Several codes (medium: "paper email") as labels, "纸质文本、电子邮件",
   in b; returns b's text ("" for none). */
const char	*app_choices_label(const struct app_choice *, const char *codes,
		    struct buf *b);

/*
 * Validate a submitted form: the rule table, then the checks that span
 * fields (ID number by type, e-mail for delivery by e-mail, postcode for
 * post).  vals/errs as form_validate.  Returns the number of errors.
 */
size_t		 app_validate(const struct form *, char **vals, const char **errs);

/* Who applied, for counting one applicant's applications (never shown on
   a public page): "resident:11010519900307123X" for a person (the ID type
   and number), "org:91110000MA0012345C" for an organisation (the unified
   social credit code), upper-case without spaces.  0, or -1 when the
   record has none. */
int		 app_identity(char *const *vals, char *out, size_t size);
/* 18-digit resident ID (GB 11643): birth date and check digit. */
int		 app_resident_id_ok(const char *);
/* 18-character unified social credit code (GB 32100): check character. */
int		 app_credit_code_ok(const char *);

/*
 * What the programs keep in memory of each application: no personal data,
 * and small, since a million of them may be on file.  Everything else is
 * read from the application's row when a page needs it.
 */
#define APP_ID_LEN	12		/* "2026-000123" and its NUL */
#define APP_CODE_KEY	12		/* bytes of the code's hash kept */
#define APP_NONE	255		/* a code not among the known ones */

struct app_rec {
	off_t		 off;		/* where its row starts in the file */
	char		 id[APP_ID_LEN];
	unsigned char	 code[APP_CODE_KEY];	/* the tracking code's hash */
	cal_day		 received;	/* -1 until confirmed */
	cal_day		 sub_day;	/* submitted: the day, local time */
	uint32_t	 subject;	/* in apps.text, + 1; 0: not published */
	uint16_t	 year;
	int16_t		 sub_min;	/* minutes into that day, or -1 */
	uint16_t	 agency;	/* index into apps.agency */
	uint8_t		 channel;	/* index into app_channels, or APP_NONE */
	uint8_t		 org_kind;	/* index into app_org_kinds, or APP_NONE */
	uint8_t		 org;		/* an organisation (else a citizen) */
};

/* The labels and codes of a record. */
const char	*app_channel(const struct app_rec *);
const char	*app_org_kind(const struct app_rec *);	/* "" for a citizen */
const char	*app_type(const struct app_rec *);	/* person, org */
/* "2026-11-28 09:30" (or the day alone if the time is not known). */
void		 app_submitted(const struct app_rec *, char out[17]);

struct apps_form;		/* forms submitted lately: private */

struct apps {
	const struct site *site;
	struct store	 st;
	struct store	 codes;		/* codes.csv: codes issued anew */
	struct app_rec	*v;
	size_t		 n, cap;
	uint32_t	*by_code;	/* open addressing: index + 1 */
	size_t		 slots;
	struct apps_year *years;	/* by year, index + 1 by number */
	size_t		 nyears;
	char		**agency;	/* the agencies named in the file */
	size_t		 nagency;
	struct buf	 text;		/* published subjects, NUL-ended */
	struct apps_form *forms;	/* the last days' form ids */
	size_t		 nforms, capforms;
	uint32_t	*form_slots;	/* open addressing: index + 1 */
	size_t		 form_nslots;
	cal_day		 newest;	/* the latest day submitted */
	int		 keep_names;	/* staff: applicants' names in names */
	struct buf	 names;		/* "name\x1forg\x1fcontact\x1fsubject"
					   per record */
	uint32_t	*name_at;	/* offset of each record's names */
	struct cal_memo	 day_memo[2];	/* loading: submitted, received */
	uint16_t	 last_agency;	/* loading: the last row's agency */
};

enum app_err {
	APP_OK = 0,
	APP_DUP,		/* this form was submitted already */
	APP_ENOSPC,		/* the disk is full: nothing stored */
	APP_EIO			/* storage failed: nothing stored */
};

void		 apps_open(struct apps *, const struct site *);
void		 apps_close(struct apps *);
enum store_err	 apps_refresh(struct apps *);
/* How an application came in. */
struct app_new {
	const char	*channel;	/* 网络 (the web form), 当面, 传真, 信函 */
	const char	*received;	/* YYYY-MM-DD, or "" until confirmed */
	const char	*form_id;	/* the form that sent it, or NULL */
	const char	*agency;	/* NULL: the site's own */
	int		 keep_code;	/* the code argument holds a code the
					   caller made (token_code_new) */
};

/*
 * Store a new application from validated vals.  On success id and code
 * receive the application id and the tracking code (shown once).  If the
 * form was seen before, returns APP_DUP and *dup points at that record.
 */
enum app_err	 apps_submit(struct apps *, char *const *vals,
		    const struct app_new *, time_t now, char id[16],
		    char code[TOKEN_CODE_SHOWN + 1], const struct app_rec **dup);
/*
 * A new tracking code for a case (staff, for an applicant who lost theirs):
 * a row of codes.csv (case_id, time, staff, code_hash).  From then on the
 * case is found by the new code only; the old one is not found, as any
 * wrong code.  code is made by the caller (token_code_new).
 */
enum app_err	 apps_new_code(struct apps *, const char *id, const char *staff,
		    time_t now, const char code[TOKEN_CODE_SHOWN + 1]);
/* By the hash of a tracking code (the table of hashes is made on the
   first call, hence not const). */
const struct app_rec *apps_by_code(struct apps *, const char *code_hash);
const struct app_rec *apps_by_id(const struct apps *, const char *id);
/* Staff (keep_names): record i's applicant (a citizen's name, else the
   organisation's) and 所需信息名称, cut to fit; "" when not kept. */
void		 apps_names(const struct apps *, size_t i, char *who,
		    size_t whosz, char *subject, size_t subsz);
/* The application a form (its token's id) sent lately, or NULL. */
const struct app_rec *apps_by_form(const struct apps *, const char *form_hex);
/* The record's agency code, and its subject if published (else NULL). */
const char	*apps_agency(const struct apps *, const struct app_rec *);
const char	*apps_subject(const struct apps *, const struct app_rec *);
/* Read a record's whole row (personal data included) from the file:
   vals[i] for each field (free with form_vals_free). */
int		 apps_read_fields(const struct apps *, const struct app_rec *,
		    char **vals);
/* For batch writers (ledger import): the next number of a year, and an
   application's row (APP_COLS cells; row points into its arguments). */
#define APP_COLS (6 + APP_FIELD__MAX + 2)
extern const char *const app_file_header[APP_COLS];	/* the header row */
int		 apps_next_seq(const struct apps *, int year);
void		 app_fill_row(const struct apps *, char *const *vals,
		    const struct app_new *, const char *id, const char *when,
		    const char *code_hash, const char **row);
/* Staff search: up to max records whose applicant's name, organisation or
   contact contains q (kept in memory only with keep_names, set before the
   first refresh; else nothing is found). */
size_t		 apps_find_by_name(const struct apps *, const char *q,
		    size_t *out, size_t max);
/* The stored channel labels. */
extern const char *const app_channels[];		/* the labels */
extern const struct app_choice app_channel_choices[];	/* code, label */

#endif
