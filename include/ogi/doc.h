/*
 * doc: the documents a case issues — 告知书 and 答复书 with their 文号.
 *
 * What a document says is data (OGI_CONF/letters/, see its README.md):
 *   kinds.csv     kind, numbering group, title, template file, the steps
 *                 that call for it (ev_codes, space-separated; empty: at
 *                 staff's choice) and for which outcome group or kind of
 *                 consultation, the regulation its articles are cited
 *                 from, and whether it must end with the remedies
 *   *.txt         one template per kind: a paragraph a line, '#' lines are
 *                 notes for whoever edits it, placeholders {name}
 *   findings.csv  per outcome code (and "withdraw"): the finding, the legal
 *                 basis and the decision an answer states
 *   remedies.txt  the paragraph on 行政复议 (60日) and 行政诉讼 (6个月)
 *   numbers.csv   agency, group, prefix of the 文号
 *   issuers.csv   agency, the name signed at the foot, the 复议机关, the
 *                 court, the contact line
 * docs_open checks all of it: an unknown placeholder (or one the kind's
 * steps cannot fill), kind, step, group, outcome or agency, an outcome
 * group of the regulation without its 答复书, an outcome without its
 * finding, or an answer that may refuse without {remedies} as its last
 * paragraph stops the load with file, line and value.
 *
 * The records are documents.csv in the data directory: one row per issued
 * document, appended, never rewritten (an issued document never changes; a
 * correction is a new document naming the one it replaces).  The 文号 is
 * {prefix}〔{year}〕{n}号, n the next of the agency's group in the year of
 * issue, taken from the rows under the file's lock in the same hold as the
 * row is appended: never reused, and not skipped when the append fails.
 *
 * How a page uses it:
 *   doc_steps      the documents the case's steps call for, each with the
 *                  document issued for it, if any
 *   doc_fill       the text of one, filled from the case, for staff to
 *                  amend (plain text, a paragraph a line; {doc_number} and
 *                  {date} stay as they are and are filled at issue)
 *   doc_issue      number and store the amended text
 *   docs_first/next, docs_read   a case's documents and one's whole row
 *   doc_html       the letter as an HTML fragment (www/static/letter.css)
 *   doc_pdf        the letter as PDF (pdf.h)
 */
#ifndef OGI_DOC_H
#define OGI_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ogi/app.h"
#include "ogi/buf.h"
#include "ogi/cal.h"
#include "ogi/case.h"
#include "ogi/store.h"

struct site;
struct law;
struct an_agencies;
struct doc_tmpl;		/* a parsed template: private */

#define DOC_NONE	255	/* a kind no longer in kinds.csv */
#define DOC_STEP_LEN	32	/* "consult_start:2" and its NUL */

struct doc_kind {
	char		*code;		/* "supplement" */
	char		*group;		/* of the numbering: "notice", "answer" */
	char		*title;		/* "补正申请告知书" */
	char		*file;		/* "supplement.txt" */
	char		 version[17];	/* the template's SHA-256, 16 hex digits */
	unsigned	 steps;		/* bit (1u << enum ev_type); 0: any time */
	char		*when;		/* outcome group or consultation kind, or "" */
	char		*regulation;	/* "2019": the 条例 its articles cite */
	int		 remedies;	/* ends with the remedies paragraph */
	struct doc_tmpl	*tmpl;
};

struct doc_issuer {
	char	*agency, *signer, *review_body, *court, *contact;
};

struct doc_prefix {
	char	*agency, *group, *prefix;
};

struct doc_finding {
	char		*code;		/* an outcome code, or "withdraw" */
	char		*basis;
	struct doc_tmpl	*finding, *decision;
};

/* What is kept in memory of an issued document; the rest is read from its
   row (docs_read). */
struct doc_rec {
	off_t		 off;		/* its row in documents.csv */
	char		 case_id[APP_ID_LEN];
	cal_day		 date;		/* of issue */
	uint32_t	 seq;		/* n of the 文号 */
	uint32_t	 next;		/* the case's next document: index + 1 */
	uint32_t	 replaced_by;	/* the correction: index + 1, or 0 */
	uint32_t	 number;	/* the 文号 in docs.text */
	uint16_t	 year;
	uint8_t		 kind;		/* index into docs.kinds, or DOC_NONE */
	uint8_t		 step;		/* enum ev_type, EV__MAX for none */
	uint8_t		 step_n;	/* the step's ordinal among its type */
};

struct doc_seq;			/* the last n per agency, group, year */

struct docs {
	const struct site	*site;
	const struct law	*law;
	struct doc_kind		*kinds;
	size_t			 nkinds;
	struct doc_issuer	*issuers;
	size_t			 nissuers;
	struct doc_prefix	*prefixes;
	size_t			 nprefixes;
	struct doc_finding	*findings;
	size_t			 nfindings;
	struct doc_tmpl		*remedies;
	struct store		 st;
	struct doc_rec		*v;
	size_t			 n, cap;
	struct buf		 text;		/* the 文号, NUL-ended */
	uint32_t		*by_case;	/* first document: index + 1 */
	uint32_t		*by_number;	/* index + 1 */
	size_t			 slots;		/* of both tables */
	struct doc_seq		*seqs;
	size_t			 nseqs;
	unsigned long		 gen;		/* goes up with every row */
};

/* documents.csv's columns. */
enum {
	DOC_C_AGENCY, DOC_C_CASE, DOC_C_KIND, DOC_C_STEP, DOC_C_GROUP,
	DOC_C_YEAR, DOC_C_SEQ, DOC_C_NUMBER, DOC_C_DATE, DOC_C_TIME,
	DOC_C_STAFF, DOC_C_TEMPLATE, DOC_C_REPLACES, DOC_C_TITLE,
	DOC_C_SIGNER, DOC_C_TEXT, DOC_COLS
};
extern const char *const doc_file_header[DOC_COLS];

/* Load the letters from site->conf_dir and open the records.  law is the
   cases' (outcome codes and groups); agencies may be NULL (then only the
   site's own agency is known).  0, or -1 and *why (file:line: value). */
int		 docs_open(struct docs *, const struct site *, const struct law *,
		    const struct an_agencies *, const char **why);
void		 docs_close(struct docs *);
/* Catch up with documents issued by other processes. */
enum store_err	 docs_refresh(struct docs *);

const struct doc_kind *docs_kind(const struct docs *, const char *code);
/* Is a document of this kind addressed to the applicant?  Not a
   consultation's: it goes to a third party or another body, and /track
   must not list it.  A kind no longer in kinds.csv (NULL) is not. */
int		 doc_to_applicant(const struct doc_kind *);
const struct doc_issuer *docs_issuer(const struct docs *, const char *agency);
const char	*docs_prefix(const struct docs *, const char *agency,
		    const char *group);

/* A case's documents, oldest first; NULL at the end. */
const struct doc_rec *docs_first(const struct docs *, const char *case_id);
const struct doc_rec *docs_next(const struct docs *, const struct doc_rec *);
const struct doc_rec *docs_by_number(const struct docs *, const char *number);
const char	*doc_number(const struct docs *, const struct doc_rec *);
/* The correction in force of d (d itself when it was not replaced). */
const struct doc_rec *docs_latest(const struct docs *, const struct doc_rec *);

/* The document in force for a step of a case (doc_step_key), or NULL. */
const struct doc_rec *docs_for_step(const struct docs *, const char *case_id,
		    enum ev_type, int n);

/* A document's whole row, each a string (one allocation). */
struct doc_text {
	char	*f[DOC_COLS];
};
int		 docs_read(const struct docs *, const struct doc_rec *,
		    struct doc_text *);
void		 doc_text_free(struct doc_text *);

/* "consult_start:2": a step of a case, as documents.csv names it ("" for
   a document at staff's choice, "received:0" for the receipt of a case
   registered with its received date). */
void		 doc_step_key(enum ev_type, int n, char out[DOC_STEP_LEN]);

/* The documents a case's steps call for, in the order of the steps. */
struct doc_due {
	const struct doc_kind	*kind;
	const struct event	*ev;	/* the step, or NULL (receipt of a
					   case registered as received) */
	enum ev_type		 step;
	int			 step_n;
	char			 key[DOC_STEP_LEN];
	const struct doc_rec	*issued; /* in force, or NULL */
};
size_t		 doc_steps(const struct docs *, const struct cases *,
		    const struct app_rec *, struct doc_due *, size_t max);

enum doc_err {
	DOC_OK = 0,
	DOC_ENOCASE,		/* no such application */
	DOC_EKIND,		/* the kind does not go with the step or case */
	DOC_ESTEP,		/* the case has no such step */
	DOC_EINPUT,		/* the text or what it replaces: *msg says */
	DOC_EDUP,		/* the step's document was issued already */
	DOC_ESETTINGS,		/* no 文号 prefix or issuer for the agency */
	DOC_ENOSPC,
	DOC_EIO
};

/*
 * Which step of the case a document of kind k is for: the step key as
 * doc_steps gives it ("" or NULL: the latest step that calls for k; ""
 * for a kind at staff's choice).  DOC_OK and *due, or an error and *msg:
 * the case is not received (DOC_ESTEP), falls under another regulation
 * than the template's (DOC_EKIND), or has no such step (DOC_ESTEP).
 */
enum doc_err	 doc_resolve(const struct docs *, const struct cases *,
		    const struct app_rec *, const struct doc_kind *,
		    const char *step_key, struct doc_due *, const char **msg);

/*
 * Fill kind for the case: the step key names the step (as doc_steps
 * gives it; "" for a kind at staff's choice).  The text, a paragraph a
 * line, goes to out.  Where the case lacks something the text needs, it
 * says 【请填写：…】, which doc_issue refuses until staff replace it.  Values
 * typed by the applicant or staff have their ASCII braces made full-width.
 * DOC_OK, or an error with *msg (Chinese, for staff).
 */
enum doc_err	 doc_fill(const struct docs *, const struct cases *,
		    const struct app_rec *, const struct doc_kind *,
		    const char *step_key, struct buf *out, const char **msg);

struct doc_issue {
	const char	*case_id;
	const char	*kind;
	const char	*step;		/* the step key, "" for none */
	const char	*staff;
	const char	*text;		/* as amended by staff */
	const char	*replaces;	/* the 文号 corrected, or NULL / "" */
};

/*
 * Issue a document: check it, number it and append its row under the
 * lock, replacing {doc_number} and {date} in the text.  *out (may be
 * NULL) then points at its record.  A second document for a step that
 * has one in force is DOC_EDUP (*out the one in force) unless it names
 * that one as the document it replaces.
 */
enum doc_err	 doc_issue(struct docs *, struct cases *,
		    const struct doc_issue *, time_t now,
		    const struct doc_rec **out, const char **msg);

/* "2026年3月4日" */
#define DOC_DATE_LEN 32
void		 doc_date_zh(cal_day, char out[DOC_DATE_LEN]);

/*
 * The letter as an HTML fragment: <article class="letter"> with title,
 * 文号, what it corrects, addressee, paragraphs, and at the foot the
 * issuer's name and the date with room for the seal.  Every value is
 * escaped.  The layout is www/static/letter.css.
 */
void		 doc_html(struct buf *, const struct doc_text *);
/* A document as a page of its own, laid out as a letter on A4 (up to the
   body's end, not closed): with a link back when back is not NULL. */
void		 doc_page(struct buf *, const struct site *, const struct doc_text *,
		    const char *back, const char *back_label);
/* The case's answer (答复书) in force, or NULL. */
const struct doc_rec *docs_answer(const struct docs *, const char *case_id);

/*
 * Templates, public so that they can be tested.  A template is text with
 * placeholders {name} ("{{" and "}}" for the braces themselves).  Read
 * from a file, each line is a paragraph: blank lines and lines starting
 * with '#' are left out, and leading blanks (also U+3000) are dropped, as
 * the layout indents.
 */
enum doc_ph {
	DP_APPLICANT,		/* the applicant's name, or organisation's */
	DP_YOU,			/* 您, or 贵单位 for an organisation */
	DP_ID,			/* the application id */
	DP_RECEIVED,		/* the received date, "2026年3月2日" */
	DP_CHANNEL,		/* 当面, 传真, 网络, 信函 */
	DP_SUBJECT,		/* the information asked for */
	DP_BODY_NAME,		/* the issuer's name (issuers.csv) */
	DP_CONTACT,
	DP_DUE,			/* the answer's due date */
	DP_ANSWER_DAYS,		/* 20 */
	DP_EXTENSION_DAYS,	/* 20 */
	DP_REVIEW_BODY,		/* 复议机关 */
	DP_COURT,
	DP_ITEMS,		/* 补正: what to supplement (lines) */
	DP_SUPP_DAYS,		/* 补正: the period in working days */
	DP_SUPP_REQUESTED,	/* 补正: the day asked */
	DP_SUPP_DEADLINE,	/* 补正: the last day */
	DP_SUPP_DOC,		/* "（文号）" of the 补正申请告知书, or "" */
	DP_REASON,		/* the step's reason as staff wrote it */
	DP_APPROVER,		/* extension: who approved */
	DP_CONSULTEE,		/* consultation: to whom */
	DP_NOTE,		/* consultation: what staff noted */
	DP_MEDIUM,		/* answer: how it is provided */
	DP_FINDING,		/* answer: the finding and staff's reason */
	DP_BASIS,		/* answer: the legal basis */
	DP_ACCORDING,		/* "根据{basis}的规定，" or "" */
	DP_DECISION,		/* answer: the decision */
	DP_REMEDIES,		/* the remedies paragraph */
	DP_WITHDRAWN,		/* the day the applicant withdrew */
	DP_FEE_BASIS,		/* fee: 《…》（国办函〔2020〕109号） (fees.csv) */
	DP_FEE_METHOD,		/* fee: 按件计收 or 按量计收 */
	DP_FEE_UNITS,		/* fee: "申请人本月第11件申请" or "250页" */
	DP_FEE_WORKING,		/* fee: the bands and their sums */
	DP_FEE_AMOUNT,		/* fee: the amount in 元, "4700" */
	DP_PAY_DAYS,		/* fee: 20 */
	DP_PAY_DEADLINE,	/* fee: the last day to pay */
	DP_DOC_NUMBER,		/* filled at issue: the 文号 */
	DP_DATE,		/* filled at issue: the date of issue */
	DP__MAX
};
extern const char *const doc_ph_names[DP__MAX];
typedef uint64_t doc_phset;
#define DOC_PH(p)	((doc_phset)1 << (p))
/* What a kind called for by these steps can fill: what every one of them
   can (steps 0: a kind at staff's choice). */
doc_phset	 doc_ph_for_steps(unsigned steps);
extern const doc_phset doc_ph_finding, doc_ph_remedies;

/* Parse: lines set for a file (paragraphs, notes), clear for one cell.
   NULL on error, with err "where:line: unknown placeholder {x}" (line
   counted from first_line). */
struct doc_tmpl	*doc_tmpl_parse(const char *text, size_t len, int lines,
		    doc_phset allowed, const char *where, long first_line,
		    char *err, size_t errlen);
void		 doc_tmpl_free(struct doc_tmpl *);
/* Append the text with vals[p] for each placeholder (NULL: ""). */
void		 doc_tmpl_fill(const struct doc_tmpl *,
		    const char *const vals[DP__MAX], struct buf *);
int		 doc_tmpl_uses(const struct doc_tmpl *, enum doc_ph);
/* Is the last paragraph the placeholder alone? */
int		 doc_tmpl_ends_with(const struct doc_tmpl *, enum doc_ph);

#endif
