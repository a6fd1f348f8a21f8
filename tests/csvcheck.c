/*
 * csvcheck: parse a CSV file strictly with libcsv, as the tests' judge.
 *
 *   csvcheck FILE            print the number of data rows
 *   csvcheck FILE COLUMN     print that column of every data row
 *
 * Fails (exit 1, reason on stderr) if the file does not parse in strict
 * mode, a row's column count differs from the header's, or the last row
 * has no newline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

struct state {
	size_t	 ncols, col, rows, want;
	int	 bad, header;
	char	*name;
	long	 want_col;
};

static void
on_field(void *p, size_t len, void *data)
{
	struct state *s = data;

	if (s->header) {
		if (s->name != NULL && len == strlen(s->name) &&
		    memcmp(p, s->name, len) == 0)
			s->want_col = (long)s->col;
	} else if ((long)s->col == s->want_col)
		printf("%.*s\n", (int)len, (const char *)p);
	s->col++;
}

static void
on_row(int c, void *data)
{
	struct state *s = data;

	(void)c;
	if (s->header) {
		s->ncols = s->col;
		s->header = 0;
		if (s->name != NULL && s->want_col < 0) {
			fprintf(stderr, "csvcheck: no column %s\n", s->name);
			s->bad = 1;
		}
	} else {
		if (s->col != s->ncols) {
			fprintf(stderr, "csvcheck: row %zu has %zu columns, not %zu\n",
			    s->rows + 1, s->col, s->ncols);
			s->bad = 1;
		}
		s->rows++;
	}
	s->col = 0;
}

int
main(int argc, char *argv[])
{
	struct csv_parser p;
	struct state s;
	char buf[65536];
	size_t n;
	int last = '\n', first = 1;
	FILE *f;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: csvcheck FILE [COLUMN]\n");
		return 2;
	}
	memset(&s, 0, sizeof(s));
	s.header = 1;
	s.want_col = -1;
	s.name = argc == 3 ? argv[2] : NULL;
	if ((f = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		size_t skip = 0;

		/* A BOM marks the encoding; it is not part of the first field. */
		if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			skip = 3;
		first = 0;
		if (csv_parse(&p, buf + skip, n - skip, on_field, on_row, &s) != n - skip) {
			fprintf(stderr, "csvcheck: %s\n", csv_strerror(csv_error(&p)));
			return 1;
		}
		last = (unsigned char)buf[n - 1];
	}
	if (csv_fini(&p, on_field, on_row, &s) != 0) {
		fprintf(stderr, "csvcheck: %s at the end\n", csv_strerror(csv_error(&p)));
		return 1;
	}
	csv_free(&p);
	fclose(f);
	if (last != '\n') {
		fprintf(stderr, "csvcheck: the last row has no newline\n");
		return 1;
	}
	if (s.bad)
		return 1;
	if (s.name == NULL)
		printf("%zu\n", s.rows);
	return 0;
}
