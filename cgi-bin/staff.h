/*
 * ogi-staff: the staff desk, under /staff/.  The program's context, one
 * request's view of things, and what its page files share.  A page or a
 * close group of pages a file:
 *
 *   staff.c           main, the page table, dispatch (login, CSRF, roles)
 *   staff-shared.c    error page, redirect, cookie, frame, dates
 *   staff-login.c     /staff/login, /staff/logout
 *   staff-queue.c     /staff/            open cases by due date
 *   staff-intake.c    /staff/new         an application that came in person,
 *                                        by fax, letter or e-mail
 *   staff-case.c      /staff/case/ID     the record, its steps, its due date
 *   staff-files.c     a case's papers: list, upload, download
 *   staff-actions.c   the forms of the steps a case's state allows
 *   staff-fee.c       the 信息处理费: the applicant's month, the fee steps
 *   staff-code.c      /staff/case/ID/code  a new tracking code
 *   staff-docs.c      a case's documents: the list, drafts to amend and
 *                     签发, /staff/case/ID/doc/N[.pdf] the letter
 *   staff-accounts.c  /staff/users       staff accounts (admin)
 *   staff-holidays.c  /staff/holidays    a year's holiday notice (admin)
 *   staff-annual.c    /staff/annual/, /staff/annual/YEAR   the annual table
 *   staff-report.c    /staff/annual/YEAR/report   the report's text around
 *                                        it, drafted, checked, published
 *
 * Every page but the login needs a session; every POST carries the
 * session's CSRF token.  Every page writes with html_lit, html_printf and
 * html_esc (include/ogi/html.h).
 *
 * Agency scope (an_reaches, include/ogi/annual.h): an account sees and
 * changes only the cases and annual tables of its agency and the agencies
 * below it; an admin of the site's own agency, every agency's.  A case out
 * of scope is answered as one that does not exist (404), in the queue,
 * its counts and search, the case page and every step; intake writes an
 * agency in scope; an annual table out of scope is refused (403), and the
 * list shows only those in scope.  Accounts and holidays (installation-
 * wide) are for admins of the site's own agency.
 */
#ifndef OGI_STAFF_H
#define OGI_STAFF_H

#include <time.h>

#include "ogi/auth.h"
#include "ogi/boot.h"
#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/cgi.h"
#include "ogi/doc.h"
#include "ogi/files.h"
#include "ogi/form.h"
#include "ogi/out.h"
#include "ogi/outbox.h"

struct desk {
	struct boot	b;	/* site, key, cases, formats, agencies */
	struct auth	auth;
	struct outbox	ob;	/* new codes' notices (outbox.h) */
};

/* One request's view of things. */
struct req {
	struct cgi_req	*r;
	struct cgi_resp	*resp;
	struct desk	*c;
	struct session	 s;
	struct form	 post;		/* the decoded body of a POST */
	struct upload	 up;		/* a multipart POST's files */
	time_t		 now;
	cal_day		 today;
};

/* staff-queue.c: the worklist's filter (who: "mine" — the account's and
   the unassigned —, "all", "none" or a login; state, channel, year, a
   search term), its rows in the order they need action, and the filter
   as a query string for links that keep it (上一件/下一件). */
struct desk_filter {
	const char	*who, *state, *channel, *year, *term;
};
struct qrow {
	const struct app_rec	*r;
	size_t			 i;		/* index in apps */
	struct case_sum		 v;
	const char		*assignee;	/* login, or NULL */
	int			 left;		/* working days to the due day */
};
void	 desk_queue_filter(struct desk_filter *, const struct form *);
void	 desk_queue_query(struct buf *, const struct desk_filter *);
size_t	 desk_queue(struct req *, const struct desk_filter *, struct qrow **,
	    size_t count[CS__MAX]);
/* The cases just before and after r in that order (NULL: none), without
   sorting the queue; 0 when r is not in it. */
int	 desk_queue_near(struct req *, const struct desk_filter *,
	    const struct app_rec *r, const struct app_rec **prev,
	    const struct app_rec **next);
/* staff-actions.c: a step form's labelled input (id "a-STEP-NAME"; maxlen
   0: none). */
void	 desk_text_field(struct buf *, const char *step, const char *name,
	    const char *label, const char *value, const char *type, int maxlen);
/* staff-case.c: the logged-in account becomes the case's 经办人 if it has
   none (registering it, confirming its receipt); recorded and audited. */
void	 desk_assign_self(struct req *, const struct app_rec *);
/* An account's name for a login, 「未指定」 for none. */
const char *desk_staff_name(const struct req *, const char *login);

/* A page's handler: rest is what follows a prefix path ("" otherwise). */
typedef void desk_page(struct req *, const char *rest);

desk_page page_login, page_logout, page_queue, page_new, page_case,
    page_users, page_holidays, page_annuals, page_annual;

/* A year's table being looked at or changed (staff-annual.c). */
struct annual_ctx {
	const struct an_agency	*ag;
	const struct an_format	*f;
	int			 year, rollup;
	struct an_year		 y, last;
	const char		*scope[64];
	size_t			 nscope;
};
/* The live table of year, own standing for the agency's file: 0, or -1
   after an error page. */
int	 annual_compute(struct req *, struct annual_ctx *, struct an_table *,
	    int year, struct an_year *own);
/* /staff/annual/YEAR/report (staff-report.c), a's year loaded. */
void	 page_annual_report(struct req *, struct annual_ctx *);
/* /staff/annual/YEAR/report.pdf: the report as it would be published now
   (the saved text, the drafts where a section was never saved, the table
   from the records), marked 草稿 unless published. */
void	 page_annual_report_pdf(struct req *, struct annual_ctx *);
/* A published year's cells that differ now from the publication. */
void	 annual_changed(struct req *, struct annual_ctx *, const struct an_table *);

/* staff-shared.c */
void	 desk_error(struct req *, int status, const char *msg);
void	 desk_redirect(struct req *, const char *to);
void	 desk_cookie(struct req *, const char *value, int expire);
/* The desk's frame, with who is logged in; the answer is never stored. */
void	 desk_begin(struct req *, const char *title, const char *nav);
void	 desk_csrf_field(struct buf *, const struct req *);
/* A posted value, "" if absent. */
const char *desk_posted(const struct req *, const char *key);
/* A date, or "" when d < 0. */
void	 desk_date(cal_day d, char out[CAL_DATE_LEN]);
/* For pages: 「2026年11月30日」, 「2026年11月30日 22:32」 from an ISO time
   (ISO stays in CSV and form values); "" for no day. */
#define DESK_CN_LEN	40
void	 desk_date_cn(cal_day d, char out[DESK_CN_LEN]);
void	 desk_time_cn(const char *iso, char out[DESK_CN_LEN]);
/* A due date as 「2026年3月30日」, or 「预计 …」 with the note when it rests
   on a year without a holiday notice (from: its first provisional day). */
void	 desk_due(struct buf *, const struct req *, cal_day due, cal_day from);
/* A text as a sentence: escaped, with its lines, and 「。」 after it
   unless it ends in one already (no 「。。」). */
void	 desk_sentence(struct buf *, const char *text);
/* Lines of plain text, each an <li>. */
void	 desk_lines(struct buf *, const char *text);
int	 desk_concluded(enum case_state);
/* Agency scope: may the logged-in account see and change this agency's
   cases and tables; this case.  Out of scope, a case does not exist. */
int	 desk_reaches(const struct req *, const char *agency);
int	 desk_sees(const struct req *, const struct app_rec *);
/* An admin of the site's own agency (the top): every agency, accounts,
   holidays. */
int	 desk_top_admin(const struct req *);
/* A code's label in a table, or the code itself. */
const char *desk_label(const struct form_choice *, const char *code);
/* An issued document as a page of its own (letter.css, printable on A4),
   from the doctype to </main>, with a link back: the caller adds what
   follows and ends it. */

/* staff-case.c: the case page again, with a message and a status. */
void	 desk_case(struct req *, const struct app_rec *, const char *msg,
	    int status);

/* staff-code.c: the case page's section on the tracking code, and the
   new code (POST /staff/case/ID/code). */
void	 desk_code_form(struct buf *, const struct req *, const struct app_rec *);
void	 desk_case_code(struct req *, const struct app_rec *);

/* staff-docs.c: the case page's documents section; the pages under
   /staff/case/ID/ (rest: "doc", "doc/N", "doc/N.pdf"). */
void	 desk_docs(struct buf *, const struct req *, const struct app_rec *);
void	 desk_case_doc(struct req *, const struct app_rec *, const char *rest);
/* staff-files.c: the case's papers on its page; the upload (rest
   "files") and a file (rest "file/SHA256"): 1 if rest was one of them. */
void	 desk_case_files(struct buf *, const struct req *,
	    const struct app_rec *, const struct case_view *);
int	 desk_case_file(struct req *, const struct app_rec *, const char *rest);
/* The case's 答复书 in force (the last of the answer group, not replaced),
   or NULL: what publication (EV_PUBLISH) puts on the register. */

/* staff-fee.c: the 信息处理费 on the case page — the applicant's month and
   the fee's state; a fee step's words in the timeline (1 if e is one);
   the posted fields of a fee step into s; a fee step's form fields. */
void	 desk_fee_facts(struct buf *, const struct req *,
	    const struct app_rec *, const struct case_view *);
int	 desk_fee_step(struct buf *, const struct event *,
	    const struct ev_text *);
void	 desk_fee_posted(const struct req *, struct case_step *);
void	 desk_fee_form(struct buf *, const struct req *, const struct app_rec *,
	    const struct case_view *, enum ev_type, int again);
/* The fees collected in a year by the agencies of a table, for the
   report's 其他需要报告的事项 (the annual page). */
void	 desk_fee_year(struct buf *, const struct req *,
	    const char *const *agencies, size_t n, int year);

/* staff-actions.c: the steps most likely next as buttons (each opens its
   form at the top of the page: ?act=CODE); one step's form (again: with
   what was typed), -1 if the state does not allow it; every other step
   the state allows, each folded (skip: the one shown at the top). */
void	 desk_next_steps(struct buf *, const struct req *,
	    const struct app_rec *, const struct case_view *, enum ev_type shown);
int	 desk_action_form(struct buf *, const struct req *,
	    const struct app_rec *, const struct case_view *, enum ev_type,
	    int again);
void	 desk_actions(struct buf *, const struct req *, const struct app_rec *,
	    const struct case_view *, enum ev_type skip);

#endif
