/*
 * out: output helpers both programs share.
 *
 * Open data as CSV, written so that a spreadsheet opens it safely: every
 * cell goes through out_csv_neutral, so that a cell a spreadsheet would
 * run as a formula (= + - @, a tab or a carriage return first) gets a
 * leading apostrophe.  The register's and the annual tables' CSV alike.
 *
 * The core's plain texts as HTML: a due date.
 */
#ifndef OGI_OUT_H
#define OGI_OUT_H

#include <stddef.h>

#include "ogi/buf.h"
#include "ogi/cal.h"

struct cases;

/* v as a cell: v itself, or "'" v in tmp (cut to n bytes). */
const char	*out_csv_neutral(const char *v, char *tmp, size_t n);
/* Would v be run as a formula? */
int		 out_csv_formula(const char *v);
/* The byte order mark that makes Excel read UTF-8: first in the file. */
void		 out_csv_begin(struct buf *);
/* One row, each cell neutralised and quoted (store_format_row). */
void		 out_csv_row(struct buf *, const char *const *cells, size_t n);

/* A due date (case_due_text: "预计 …（…）" when it rests on days from
   `from` without a holiday notice), escaped. */
void		 out_due(struct buf *, const struct cases *, cal_day due,
		    cal_day from);

#endif
