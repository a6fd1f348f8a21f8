/*
 * html: escaping by context and the shared page frame.
 *
 * Every value that did not come from a string literal in the program goes
 * through html_esc (text and attribute values alike: it escapes & < > " ').
 * buf_printf is for literal markup and numbers only.
 */
#ifndef OGI_HTML_H
#define OGI_HTML_H

#include "ogi/buf.h"

struct site;

void	html_esc(struct buf *, const char *);
void	html_escn(struct buf *, const char *, size_t);
/* Escape and turn newlines into <br>. */
void	html_esc_lines(struct buf *, const char *);
/* Percent-encode for a URL query value. */
void	html_urlarg(struct buf *, const char *);

/* Open a page: doctype, head, the body's banner, main.  nav marks the
   current section ("apply", "track", ...) or is NULL. */
void	html_begin(struct buf *, const struct site *, const char *title,
	    const char *nav);
void	html_end(struct buf *, const struct site *);
/* The staff desk's frame: its own menu, who is logged in, a logout
   button carrying the CSRF token. */
void	html_begin_staff(struct buf *, const struct site *, const char *title,
	    const char *nav, const char *who, const char *csrf, int admin);
/* A whole error page: a heading and one paragraph of explanation. */
void	html_error_page(struct buf *, const struct site *, int status,
	    const char *message);
const char *html_status_text(int status);

#endif
