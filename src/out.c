/* out: CSV for spreadsheets, the core's texts as HTML.  See
   include/ogi/out.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/html.h"
#include "ogi/out.h"
#include "ogi/store.h"

/* The length of a blank at s that a spreadsheet may skip before a
   formula: ASCII space, NBSP, the Unicode spaces U+2000-U+200B, U+2028,
   U+2029, U+202F, U+205F, U+3000 and U+FEFF; 0 if none. */
static size_t
blank_at(const unsigned char *s)
{
	if (s[0] == ' ')
		return 1;
	if (s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (s[0] == 0xE2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8B) ||
	    s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
		return 3;
	if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
		return 3;
	if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3;
	return 0;
}

int
out_csv_formula(const char *v)
{
	const unsigned char *s = (const unsigned char *)v;
	size_t k;

	if (s[0] == '\t' || s[0] == '\r')
		return 1;
	while ((k = blank_at(s)) > 0)
		s += k;
	if (*s != '\0' && strchr("=+-@", *s) != NULL)
		return 1;
	/* The full-width ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20). */
	return s[0] == 0xEF && ((s[1] == 0xBC && (s[2] == 0x9D ||
	    s[2] == 0x8B || s[2] == 0x8D)) || (s[1] == 0xBC && s[2] == 0xA0));
}

const char *
out_csv_neutral(const char *v, char *tmp, size_t n)
{
	if (!out_csv_formula(v))
		return v;
	(void)snprintf(tmp, n, "'%s", v);
	return tmp;
}

void
out_csv_begin(struct buf *b)
{
	buf_add(b, "\xEF\xBB\xBF", 3);
}

void
out_csv_row(struct buf *b, const char *const *cells, size_t n)
{
	const char *small[16] = { NULL }, **cell = n <= 16 ? small :
	    xcalloc(n, sizeof(*cell));
	char **made = NULL;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		cell[i] = cells[i];
		if (!out_csv_formula(cells[i]))
			continue;
		/* Rare: a copy of its own, whatever its length. */
		if (made == NULL)
			made = xcalloc(n, sizeof(*made));
		made[k] = xmalloc(strlen(cells[i]) + 2);
		made[k][0] = '\'';
		memcpy(made[k] + 1, cells[i], strlen(cells[i]) + 1);
		cell[i] = made[k++];
	}
	store_format_row(b, cell, n);
	while (k > 0)
		free(made[--k]);
	free(made);
	if (cell != small)
		free(cell);
}

void
out_due(struct buf *b, const struct cases *cs, cal_day due, cal_day from)
{
	struct buf t;

	buf_init(&t);
	case_due_text(cs, due, from, &t);
	html_esc(b, t.s);
	buf_free(&t);
}
