/*
 * ogi-doc: a case's documents from the command line — which its steps
 * call for, one filled in, issued, listed, and shown as HTML or PDF.
 *
 *   ogi-doc [--data DIR] check
 *   ogi-doc [--data DIR] steps CASE
 *   ogi-doc [--data DIR] fill CASE KIND [STEP]
 *   ogi-doc [--data DIR] issue CASE KIND [STEP] --staff NAME
 *           [--text FILE|-] [--replaces NUMBER]
 *   ogi-doc [--data DIR] list CASE
 *   ogi-doc [--data DIR] html NUMBER
 *   ogi-doc [--data DIR] pdf NUMBER [--out FILE] [--repeat N]
 *
 * The records are --data, else $OGI_DATA, else data/var; the letters are
 * $OGI_CONF/letters (data/letters).  check loads the letters and the PDF
 * font and says what is wrong (exit 1), as every program does at start.
 * issue takes the text from FILE (- for standard input), else the filled
 * text as it is; STEP is the key steps prints (the latest step of the
 * kind when left out).  pdf --repeat renders N times and prints the time
 * per document and the size on standard error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ogi/annual.h"
#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/doc.h"
#include "ogi/pdf.h"
#include "ogi/site.h"
#include "ogi/token.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ogi-doc [--data DIR] check\n"
	    "       ogi-doc [--data DIR] steps CASE\n"
	    "       ogi-doc [--data DIR] fill CASE KIND [STEP]\n"
	    "       ogi-doc [--data DIR] issue CASE KIND [STEP] --staff NAME"
	    " [--text FILE|-] [--replaces NUMBER]\n"
	    "       ogi-doc [--data DIR] list CASE\n"
	    "       ogi-doc [--data DIR] html NUMBER\n"
	    "       ogi-doc [--data DIR] pdf NUMBER [--out FILE] [--repeat N]\n");
	exit(2);
}

static char *
read_all(FILE *f)
{
	struct buf b;
	char chunk[4096];
	size_t n;

	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len < 1 << 20)
		buf_add(&b, chunk, n);
	return buf_detach(&b);
}

static const struct app_rec *
find_case(const struct cases *c, const char *id)
{
	const struct app_rec *r = apps_by_id(&c->apps, id);

	if (r == NULL)
		fprintf(stderr, "ogi-doc: no case %s\n", id);
	return r;
}

static const struct doc_rec *
find_doc(const struct docs *d, const char *number, struct doc_text *t)
{
	const struct doc_rec *r = docs_by_number(d, number);

	if (r == NULL) {
		fprintf(stderr, "ogi-doc: no document %s\n", number);
		return NULL;
	}
	if (docs_read(d, r, t) != 0) {
		fprintf(stderr, "ogi-doc: %s: its row cannot be read\n", number);
		return NULL;
	}
	return r;
}

static int
cmd_steps(const struct docs *d, const struct cases *c, const char *id)
{
	struct doc_due due[64];
	const struct app_rec *r;
	size_t n, i;

	if ((r = find_case(c, id)) == NULL)
		return 1;
	n = doc_steps(d, c, r, due, sizeof(due) / sizeof(due[0]));
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\n", due[i].key, due[i].kind->code,
		    due[i].kind->title, due[i].issued != NULL ?
		    doc_number(d, due[i].issued) : "-");
	for (i = 0; i < d->nkinds; i++)
		if (d->kinds[i].steps == 0)
			printf("\t%s\t%s\t(any time)\n", d->kinds[i].code,
			    d->kinds[i].title);
	return 0;
}

static int
cmd_list(const struct docs *d, const char *id)
{
	const struct doc_rec *r;
	char ds[CAL_DATE_LEN];

	for (r = docs_first(d, id); r != NULL; r = docs_next(d, r)) {
		cal_format(r->date, ds);
		printf("%s\t%s\t%s\t%s\n", doc_number(d, r), ds,
		    r->kind < d->nkinds ? d->kinds[r->kind].code : "?",
		    r->replaced_by != 0 ? doc_number(d, &d->v[r->replaced_by - 1]) :
		    "-");
	}
	return 0;
}

static int
cmd_pdf(const struct docs *d, const char *number, const char *out, long repeat)
{
	struct doc_text t;
	struct timespec a, b;
	struct buf pdf;
	const char *why;
	FILE *f = stdout;
	long i;
	int rc = 1;

	if (find_doc(d, number, &t) == NULL)
		return 1;
	buf_init(&pdf);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < repeat; i++) {
		buf_reset(&pdf);
		if (doc_pdf(&t, &pdf, &why) != 0) {
			fprintf(stderr, "ogi-doc: %s\n", why);
			goto out;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (repeat > 1)
		fprintf(stderr, "%ld renders, %.2f ms each, %zu bytes\n", repeat,
		    ((double)(b.tv_sec - a.tv_sec) * 1e3 +
		    (double)(b.tv_nsec - a.tv_nsec) / 1e6) / (double)repeat,
		    pdf.len);
	if (out != NULL && (f = fopen(out, "wb")) == NULL) {
		fprintf(stderr, "ogi-doc: %s: %s\n", out, strerror(errno));
		goto out;
	}
	if (fwrite(pdf.s, 1, pdf.len, f) != pdf.len || fflush(f) != 0) {
		fprintf(stderr, "ogi-doc: cannot write the PDF\n");
		goto out;
	}
	rc = 0;
out:
	if (f != stdout && f != NULL)
		fclose(f);
	buf_free(&pdf);
	doc_text_free(&t);
	return rc;
}

static const char *const errs[] = {
	[DOC_OK] = "", [DOC_ENOCASE] = "no such case",
	[DOC_EKIND] = "kind does not fit", [DOC_ESTEP] = "no such step",
	[DOC_EINPUT] = "refused", [DOC_EDUP] = "already issued",
	[DOC_ESETTINGS] = "settings missing", [DOC_ENOSPC] = "disk full",
	[DOC_EIO] = "storage failed",
};

int
main(int argc, char *argv[])
{
	struct site site;
	struct cases c;
	struct an_agencies ag;
	struct docs d;
	const struct doc_kind *k;
	const struct doc_rec *issued;
	const struct app_rec *r;
	const char *why = NULL, *cmd, *arg[3] = { NULL, NULL, NULL };
	const char *staff = NULL, *textfile = NULL, *replaces = NULL, *out = NULL;
	struct doc_text t;
	struct buf b;
	char *text = NULL, *end;
	long repeat = 1;
	int i, na = 0, rc = 1;
	enum doc_err e;

	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
			setenv("OGI_DATA", argv[i + 1], 1);
		else
			usage();
	}
	if (i >= argc)
		usage();
	cmd = argv[i++];
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--staff") == 0 && i + 1 < argc)
			staff = argv[++i];
		else if (strcmp(argv[i], "--text") == 0 && i + 1 < argc)
			textfile = argv[++i];
		else if (strcmp(argv[i], "--replaces") == 0 && i + 1 < argc)
			replaces = argv[++i];
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
			repeat = strtol(argv[++i], &end, 10);
			if (*end != '\0' || repeat < 1 || repeat > 100000)
				usage();
		} else if (argv[i][0] == '-' && argv[i][1] != '\0')
			usage();
		else if (na < 3)
			arg[na++] = argv[i];
		else
			usage();
	}
	if (token_init() != 0 || site_load(&site, &why) != 0) {
		fprintf(stderr, "ogi-doc: %s\n", why ? why : "libsodium failed");
		return 1;
	}
	if (cases_open(&c, &site, &why) != 0) {
		fprintf(stderr, "ogi-doc: %s\n", why);
		site_free(&site);
		return 1;
	}
	if (an_agencies_load(&ag, &site, &why) != 0) {
		fprintf(stderr, "ogi-doc: %s\n", why);
		goto close_cases;
	}
	if (docs_open(&d, &site, &c.law, &ag, &why) != 0) {
		fprintf(stderr, "ogi-doc: %s\n", why);
		goto close_agencies;
	}
	if (cases_refresh(&c) != STORE_OK || docs_refresh(&d) != STORE_OK) {
		fprintf(stderr, "ogi-doc: the records cannot be read\n");
		goto close;
	}
	buf_init(&b);
	if (strcmp(cmd, "check") == 0 && na == 0) {
		if (doc_pdf_init(&why) != 0)
			fprintf(stderr, "ogi-doc: %s\n", why);
		else {
			printf("%zu kinds, %zu findings; %zu documents on file\n",
			    d.nkinds, d.nfindings, d.n);
			rc = 0;
		}
	} else if (strcmp(cmd, "steps") == 0 && na == 1)
		rc = cmd_steps(&d, &c, arg[0]);
	else if (strcmp(cmd, "list") == 0 && na == 1)
		rc = cmd_list(&d, arg[0]);
	else if ((strcmp(cmd, "fill") == 0 || strcmp(cmd, "issue") == 0) &&
	    na >= 2) {
		if ((r = find_case(&c, arg[0])) == NULL)
			goto done;
		if ((k = docs_kind(&d, arg[1])) == NULL) {
			fprintf(stderr, "ogi-doc: no kind %s\n", arg[1]);
			goto done;
		}
		if (strcmp(cmd, "fill") == 0 || textfile == NULL) {
			if ((e = doc_fill(&d, &c, r, k, arg[2], &b, &why)) != DOC_OK) {
				fprintf(stderr, "ogi-doc: %s: %s\n", errs[e], why);
				goto done;
			}
			if (strcmp(cmd, "fill") == 0) {
				printf("%s\n", b.s);
				rc = 0;
				goto done;
			}
			text = buf_detach(&b);
		} else if (strcmp(textfile, "-") == 0)
			text = read_all(stdin);
		else {
			FILE *f = fopen(textfile, "r");

			if (f == NULL) {
				fprintf(stderr, "ogi-doc: %s: %s\n", textfile,
				    strerror(errno));
				goto done;
			}
			text = read_all(f);
			fclose(f);
		}
		if (staff == NULL)
			usage();
		{
			struct doc_issue in = { arg[0], arg[1], NULL, staff, text,
			    replaces };
			struct doc_due due;

			/* Without a step: the latest of the kind. */
			if (arg[2] == NULL && doc_resolve(&d, &c, r, k, NULL, &due,
			    &why) == DOC_OK)
				in.step = due.key;
			else
				in.step = arg[2];
			e = doc_issue(&d, &c, &in, site_now(), &issued, &why);
		}
		if (e != DOC_OK) {
			fprintf(stderr, "ogi-doc: %s: %s\n", errs[e], why);
			goto done;
		}
		printf("%s\n", issued != NULL ? doc_number(&d, issued) : "");
		rc = 0;
	} else if (strcmp(cmd, "html") == 0 && na == 1) {
		if (find_doc(&d, arg[0], &t) == NULL)
			goto done;
		doc_html(&b, &t);
		fputs(b.s, stdout);
		doc_text_free(&t);
		rc = 0;
	} else if (strcmp(cmd, "pdf") == 0 && na == 1)
		rc = cmd_pdf(&d, arg[0], out, repeat);
	else
		usage();
done:
	free(text);
	buf_free(&b);
	doc_pdf_end();
close:
	docs_close(&d);
close_agencies:
	an_agencies_free(&ag);
close_cases:
	cases_close(&c);
	site_free(&site);
	return rc;
}
