/*
 * html: escaping by context and the shared page frame.
 *
 * Escaping by construction: markup is written with html_lit, which
 * compiles only for a string literal, and html_printf, whose format must
 * be a literal and whose %s values are escaped.  Every other value goes
 * through html_esc (text and attribute values alike: it escapes
 * & < > " ') or html_urlarg (a URL's query value or path segment).
 * A page never writes into its buffer with buf_adds or buf_printf.
 */
#ifndef OGI_HTML_H
#define OGI_HTML_H

#include "ogi/buf.h"

struct site;

/* Markup from a string literal: html_lit(b, "<p>") compiles,
   html_lit(b, s) does not ("" s "" is not an expression). */
#define html_lit(b, lit)	html_raw_((b), "" lit "", sizeof("" lit "") - 1)
/*
 * printf for markup: the format is a literal (html_printf(b, fmt) with a
 * variable fmt does not compile) and is copied as it is; each %s value is
 * escaped as html_esc does (%.Ns, %.*s: its first N bytes); %d %i %u %x with
 * the length modifiers hh h l ll z j t are numbers; %% is '%'.  Any other
 * conversion (%c, %p, %n, floating point, '*') is a program error: abort.
 */
#define html_printf(b, ...)	html_printf_((b), "" __VA_ARGS__)

void	html_raw_(struct buf *, const char *, size_t);	/* use html_lit */
void	html_printf_(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	html_vprintf_(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));

void	html_esc(struct buf *, const char *);
void	html_escn(struct buf *, const char *, size_t);
/* Escape and turn newlines into <br>. */
void	html_esc_lines(struct buf *, const char *);
/* <option value="value" [selected]>label</option> and a newline. */
void	html_option(struct buf *, const char *value, const char *label,
	    int selected);
/* Options in groups: opens <optgroup label="group"> when group is not the
   one open (*open), closing that one first; group NULL closes the last. */
void	html_optgroup(struct buf *, const char **open, const char *group);
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
