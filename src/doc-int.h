/* doc: what doc.c and doc-issue.c share (not part of the API). */
#ifndef OGI_DOC_INT_H
#define OGI_DOC_INT_H

#include <stdint.h>

#include "ogi/doc.h"

#define DOC_TEXT_MAX	20000	/* characters of a document's text */

struct doc_seq {
	char		*agency, *group;
	int		 year;
	uint32_t	 last;
};

/* The sequence of agency, group and year (made when missing, with make):
   the last number issued. */
struct doc_seq	*doc_seq_of(struct docs *, const char *agency,
		    const char *group, int year, int make);
/* A record's 文号. */
const char	*doc_rec_number(const struct docs *, const struct doc_rec *);

#endif
