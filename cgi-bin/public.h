/*
 * ogi-public: the citizen's side of the site.  The program's context and
 * what its page files share.  A page or a close group of pages a file:
 *
 *   public.c        main, the page table, dispatch
 *   pub-shared.c    error page, limits in force, dates, due dates, steps,
 *                   the public labels of an applicant and an outcome
 *   pub-home.c      /                 what the service is
 *   pub-apply.c     /apply            the form, its submission, the receipt
 *   pub-track.c     /track            a case found by its tracking code
 *   pub-doc.c       /track's documents, POST /track/doc one of them
 *   pub-files.c     /track's papers, POST /track/file one of them, and
 *                   POST /track/supplement, a 补正 sent online
 *   pub-register.c  /requests         the register, its filters, summary
 *   pub-request.c   /requests/ID      one request, its public steps
 *   pub-opendata.c  /requests.csv, /requests.atom
 *   pub-row.c       a register row, once for HTML and once for CSV
 *   pub-annual.c    /annual/, /annual/YEAR, /annual/YEAR.csv
 *
 * Thin by design: route, decode, call the core, render.  Every page writes
 * with html_lit, html_printf and html_esc (include/ogi/html.h).
 */
#ifndef OGI_PUBLIC_H
#define OGI_PUBLIC_H

#include "ogi/boot.h"
#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/doc.h"
#include "ogi/cgi.h"
#include "ogi/limit.h"
#include "ogi/outbox.h"
#include "ogi/out.h"
#include "ogi/register.h"

struct pub {
	struct boot	 b;	/* site, key, cases, formats, agencies */
	struct reg	 reg;
	struct limiter	 limit;
	struct outbox	 ob;	/* the receipt notices' codes (outbox.h) */
	struct cgi_cache cache;	/* pages every reader sees alike */
	char		*annual_dir;
	int		 annual_fd;	/* the directory, once it exists */
};

/* A page's handler: rest is what follows a prefix path ("" otherwise). */
typedef void pub_page(struct cgi_req *, struct cgi_resp *, struct pub *,
    const char *rest);

pub_page page_home, page_apply, page_track, page_track_doc, page_track_file,
    page_track_supplement, page_requests,
    page_csv, page_atom, page_request, page_annuals, page_annual, page_guide;

/* pub-doc.c: the documents issued to the applicant, each reached by a form
   that carries the tracking code (already checked) in its body. */
void	pub_docs(struct buf *, const struct pub *, const struct app_rec *,
	    const char *code);
/* The case's 答复书 in force (the last issued of the answer group, not
   replaced), or NULL. */
/* /requests/ID of a published answer (EV_PUBLISH): its text with every
   personal field of the applicant replaced by 「申请人」. */
void	pub_published(struct buf *, struct pub *, const struct app_rec *,
	    const struct doc_rec *);

/* pub-files.c: the applicant's own papers and the information released,
   each reached by a form carrying the code; while a 补正 is asked, the
   form that sends it. */
void	pub_files(struct buf *, struct pub *, const struct app_rec *,
	    const struct case_view *, const char *code);

/* pub-shared.c */
void	pub_error(struct cgi_resp *, const struct pub *, int status,
	    const char *msg);
/* The time limits in force today, from data/limits.csv. */
const struct law_limits *pub_limits(const struct pub *);
/* A sentence of the law in force (data/texts.csv), escaped; as a list
   item, or nothing when the regulation has none. */
void	 pub_law(struct buf *, const struct pub *, const struct law_limits *,
	    enum law_text_key);
void	 pub_law_item(struct buf *, const struct pub *,
	    const struct law_limits *, enum law_text_key);
/* An issued document as a page of its own (letter.css, printable on A4),
   from the doctype to </main>: the caller adds what follows and ends it. */
/* A date, or none when d < 0. */
void	pub_date(struct buf *, cal_day d, const char *none);
/* The note under a page whose figures (what) rest on days in (from, to]. */
void	pub_prov_note(struct buf *, const struct cases *, const char *what,
	    cal_day from, cal_day to);
/* The steps anyone may see, as <li>s: no staff names, notes, withholding. */
void	pub_steps(struct buf *, const struct pub *, const struct case_view *);
/* The 条例's word for the applicant: 公民, 法人或其他组织. */
const char *pub_applicant(const struct app_rec *);
/* An outcome in plain words (outcomes.csv's public column), "" if none. */
const char *pub_outcome(const struct pub *, const char *code);
const char *pub_outcome_of(const struct pub *, const struct case_sum *);
/* The register's query from the query string: 0, or -1 after an error
   page. */
int	pub_reg_query(struct cgi_req *, struct cgi_resp *, const struct pub *,
	    struct reg_query *);

/* pub-row.c: a register row, made once, shown as a table row, a list of
   facts (/requests/ID) or a CSV row. */
enum pub_col { PC_ID, PC_RECEIVED, PC_CHANNEL, PC_TYPE, PC_SUBJECT, PC_STATE,
    PC_OUTCOME, PC_ANSWERED, PC_TAKEN, PC_TIMELINESS, PC__MAX };

struct pub_row {
	const char	*v[PC__MAX];	/* each column's text ("" if none) */
	char		 recv[CAL_DATE_LEN], ans[CAL_DATE_LEN], taken[16];
	const char	*doc;		/* the 答复书's 文号, "" if none; shown
					   with 答复日期 on the pages, not in
					   the CSV's fixed columns */
	char		 doc_date[CAL_DATE_LEN];
	int		 taken_prov, verdict_prov;
};

void	pub_row(const struct pub *, const struct app_rec *,
	    const struct case_sum *, struct pub_row *);
/* Do 用时 or 时效 rest on a year without a holiday notice? */
int	pub_row_prov(const struct pub_row *);
void	pub_row_head_html(struct buf *);
void	pub_row_html(struct buf *, const struct pub_row *);
void	pub_row_facts(struct buf *, const struct pub_row *);
void	pub_row_head_csv(struct buf *);
void	pub_row_csv(struct buf *, const struct pub_row *);

#endif
