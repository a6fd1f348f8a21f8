/*
 * appform: the application form's fields as HTML, shared by the public
 * form and the staff desk's intake: each field with its label, hint and
 * error tied to it (aria-describedby), every typed value kept and escaped.
 */
#ifndef OGI_APPFORM_H
#define OGI_APPFORM_H

#include <stddef.h>

#include "ogi/app.h"
#include "ogi/buf.h"
#include "ogi/form.h"

struct appform_extra {		/* an error outside the application fields */
	const char	*anchor;	/* the id of the control */
	const char	*msg;
};

struct appform {
	const struct form	*in;	/* what was posted, or NULL */
	const char		**errs;	/* per field, or NULL */
	size_t			 nerr;	/* all errors, extra ones included */
	const char		*token;
	const char		*notice; /* a message above the form */
	struct appform_extra	 extra[4];
	size_t			 nextra;
};

/* What was typed into field f ("" if nothing). */
const char	*appform_typed(const struct appform *, enum app_field);
/* The summary of errors, each a link to its field (nothing if none). */
void		 appform_errors(struct buf *, const struct appform *);
/* The fieldsets: applicant type, person, organisation, contact, request. */
void		 appform_fields(struct buf *, const struct appform *);

#endif
