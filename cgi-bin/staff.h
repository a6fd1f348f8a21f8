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
 *   staff-actions.c   the forms of the steps a case's state allows
 *   staff-code.c      /staff/case/ID/code  a new tracking code
 *   staff-docs.c      a case's documents: the list, drafts to amend and
 *                     签发, /staff/case/ID/doc/N[.pdf] the letter
 *   staff-accounts.c  /staff/users       staff accounts (admin)
 *   staff-holidays.c  /staff/holidays    a year's holiday notice (admin)
 *   staff-annual.c    /staff/annual/, /staff/annual/YEAR   the annual table
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
	time_t		 now;
	cal_day		 today;
};

/* A page's handler: rest is what follows a prefix path ("" otherwise). */
typedef void desk_page(struct req *, const char *rest);

desk_page page_login, page_logout, page_queue, page_new, page_case,
    page_users, page_holidays, page_annuals, page_annual;

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
/* The case's 答复书 in force (the last of the answer group, not replaced),
   or NULL: what publication (EV_PUBLISH) puts on the register. */

/* staff-actions.c: the form of each step the case's state allows; again:
   the step whose form is shown again, with what was typed (or EV__MAX). */
void	 desk_actions(struct buf *, const struct req *, const struct app_rec *,
	    const struct case_view *, enum ev_type again);

#endif
