/*
 * mail: notices as MIME messages, and their wording from data/mail/.
 *
 * A message is UTF-8 throughout: the subject and display names as RFC 2047
 * encoded words (base64, each at most 75 characters, cut between
 * characters), the text as base64, and where the notice has a document its
 * PDF as an attachment (multipart/mixed).  Lines end in '\n': the message
 * goes to the local sendmail interface, which writes CRLF on the wire.
 * Date carries the site's offset; Message-ID is made from the notice's key,
 * so a duplicate after a crash has the same one as its first copy.
 *
 * The wording is data: OGI_CONF/mail/KIND.txt, a "Subject: " line, then
 * the text; '#' lines are notes for whoever edits it; placeholders are
 * {name}.  mail_tmpl_load checks every file of mail_kinds at start: a
 * missing file, a missing subject or a placeholder the kind does not fill
 * stops the program with file, line and value.
 */
#ifndef OGI_MAIL_H
#define OGI_MAIL_H

#include <stddef.h>
#include <time.h>

#include "ogi/buf.h"

struct site;

struct mail_part {
	const char	*name;		/* "2026-000001-答复书.pdf" */
	const char	*type;		/* "application/pdf" */
	const void	*data;
	size_t		 len;
};

struct mail_msg {
	const char		*from_name;	/* the body's name */
	const char		*from;		/* address */
	const char		*to;		/* address */
	const char		*subject;	/* UTF-8 */
	const char		*text;		/* UTF-8, '\n' line ends */
	const char		*key;		/* the notice's key */
	time_t			 date;
	int			 utc_offset;	/* minutes east */
	const struct mail_part	*parts;
	size_t			 nparts;
};

/* The message, appended to out: 0, or -1 if an address or the subject
   cannot go into a header (a control character, a missing '@'). */
int	mail_build(struct buf *out, const struct mail_msg *);
/* An address as shown to the applicant: "z***@example.com". */
void	mail_mask(const char *addr, struct buf *out);
/* "=?UTF-8?B?...?=" words of s, folded, appended to out. */
void	mail_encode_words(struct buf *out, const char *s);

/* The kinds of notice, each with its template file. */
enum mail_kind {
	MAIL_RECEIPT,		/* the application arrived: the code */
	MAIL_RECEIVED,		/* receipt confirmed: the due date */
	MAIL_SUPPLEMENT,	/* 补正 requested */
	MAIL_EXTENSION,		/* the time limit extended */
	MAIL_DOCUMENT,		/* a document issued: the PDF */
	MAIL_ANSWER,		/* the answer */
	MAIL_CODE,		/* a new tracking code */
	MAIL_DIGEST,		/* staff: the day's due cases */
	MAIL__MAX
};
extern const char *const mail_kinds[MAIL__MAX];	/* "receipt", … */

struct mail_tmpl {
	char	*subject[MAIL__MAX];
	char	*text[MAIL__MAX];
};

/* 0, or -1 and *why ("mail/receipt.txt:3: {code2}"; static storage). */
int	mail_tmpl_load(struct mail_tmpl *, const struct site *, const char **why);
void	mail_tmpl_free(struct mail_tmpl *);
/* A template is filled with fill_vars (include/ogi/fill.h). */

#endif
