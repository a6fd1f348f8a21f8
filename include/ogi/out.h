/*
 * out: open data as CSV, written so that a spreadsheet opens it safely.
 *
 * Every cell goes through out_csv_neutral: a cell a spreadsheet would run
 * as a formula (= + - @, a tab or a carriage return first) gets a leading
 * apostrophe.  The register's and the annual tables' CSV alike.
 */
#ifndef OGI_OUT_H
#define OGI_OUT_H

#include <stddef.h>

#include "ogi/buf.h"

/* v as a cell: v itself, or "'" v in tmp (cut to n bytes). */
const char	*out_csv_neutral(const char *v, char *tmp, size_t n);
/* Would v be run as a formula? */
int		 out_csv_formula(const char *v);
/* The byte order mark that makes Excel read UTF-8: first in the file. */
void		 out_csv_begin(struct buf *);
/* One row, each cell neutralised and quoted (store_format_row). */
void		 out_csv_row(struct buf *, const char *const *cells, size_t n);

#endif
