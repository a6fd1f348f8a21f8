/* boot: a program's start and end.  See include/ogi/boot.h. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "ogi/boot.h"
#include "ogi/pdf.h"

/* The PDFs made last, by key: a document by its 文号 (it never changes),
   a report by its agency, year and a hash of its year's file. */
static struct kept_pdf {
	char		*key;
	struct buf	 pdf;
	unsigned long	 used;
} kept[BOOT_PDF_KEEP];
static unsigned long kept_clock;
static pthread_mutex_t kept_mu = PTHREAD_MUTEX_INITIALIZER;

/*
 * The public program should not reach the staff side's files (SECURITY.md):
 * said once at start, on stderr, when it can read one of them although it
 * is root or not their owner — a two-user layout gone wrong.  Run as the
 * owner it is the one-user layout of a developer's machine or of Apache's
 * mod_fcgid, which SECURITY.md describes; under plain CGI (a start for
 * every request) nothing is said.  Never refused.
 */
static void
boot_warn_reach(const struct boot *b, const char *prog)
{
	static const char *const staff_only[] = {
		"secret.key", "staff.csv", "sessions.csv", "audit.csv",
	};
	struct stat st;
	size_t i;
	char *p;
	int fd;

	if (FCGX_IsCGI())
		return;
	for (i = 0; i < sizeof(staff_only) / sizeof(staff_only[0]); i++) {
		p = site_data_path(&b->site, staff_only[i]);
		fd = open(p, O_RDONLY | O_CLOEXEC);
		free(p);
		if (fd == -1)
			continue;
		if (fstat(fd, &st) == 0 && (geteuid() == 0 ||
		    st.st_uid != geteuid())) {
			close(fd);
			fprintf(stderr, "%s: warning: this program can read %s; "
			    "run it as a user of its own (SECURITY.md)\n", prog,
			    staff_only[i]);
			return;
		}
		close(fd);
	}
}

int
boot_open(struct boot *b, const char *prog, enum boot_side side)
{
	const char *why = NULL;
	unsigned char pub[TOKEN_KEY_BYTES];

	if (token_init() != 0) {
		fprintf(stderr, "%s: libsodium failed to start\n", prog);
		return -1;
	}
	if (site_load(&b->site, &why) != 0) {
		fprintf(stderr, "%s: site.csv: %s\n", prog, why);
		return -1;
	}
	if (side == BOOT_PUBLIC) {
		if (token_public_key_load(b->site.data_dir, b->key) != 0) {
			fprintf(stderr, "%s: %s/public.key: cannot read it, nor "
			    "make it from secret.key (run ogi-admin keys as the "
			    "user of the staff program): %s\n", prog,
			    b->site.data_dir, strerror(errno));
			return -1;
		}
		boot_warn_reach(b, prog);
	} else {
		if (token_key_load(b->site.data_dir, b->key) != 0) {
			fprintf(stderr, "%s: %s/secret.key: cannot read or "
			    "create\n", prog, b->site.data_dir);
			return -1;
		}
		/* Made here, so that a public program that cannot read
		   secret.key finds it. */
		if (token_public_key_load(b->site.data_dir, pub) != 0)
			fprintf(stderr, "%s: %s/public.key: cannot make it: "
			    "%s\n", prog, b->site.data_dir, strerror(errno));
		sodium_memzero(pub, sizeof(pub));
	}
	if (cases_open(&b->cases, &b->site, &why) != 0) {
		fprintf(stderr, "%s: %s\n", prog, why);
		return -1;
	}
	if (an_load(&b->formats, b->site.conf_dir, &why) != 0 ||
	    an_agencies_load(&b->agencies, &b->site, &why) != 0 ||
	    report_load(&b->reports, &b->formats, b->site.conf_dir, &why) != 0 ||
	    guide_load(&b->guide, b->site.conf_dir, &why) != 0) {
		fprintf(stderr, "%s: %s\n", prog, why);
		return -1;
	}
	if (docs_open(&b->docs, &b->site, &b->cases.law, &b->agencies,
	    &why) != 0) {
		fprintf(stderr, "%s: %s\n", prog, why);
		return -1;
	}
	files_open(&b->files, &b->site);
	if (doc_pdf_init(&why) != 0) {
		fprintf(stderr, "%s: %s\n", prog, why);
		files_close(&b->files);
		docs_close(&b->docs);
		return -1;
	}
	return 0;
}

void
boot_close(struct boot *b)
{
	size_t i;

	for (i = 0; i < BOOT_PDF_KEEP; i++) {
		free(kept[i].key);
		kept[i].key = NULL;
		buf_free(&kept[i].pdf);
	}
	doc_pdf_end();
	files_close(&b->files);
	docs_close(&b->docs);
	guide_free(&b->guide);
	report_free(&b->reports);
	an_agencies_free(&b->agencies);
	an_free(&b->formats);
	cases_close(&b->cases);
	site_free(&b->site);
}

/* A kept PDF's bytes appended to out: 1, or 0 when not kept. */
static int
kept_get(const char *key, struct buf *out)
{
	size_t i;

	pthread_mutex_lock(&kept_mu);
	for (i = 0; i < BOOT_PDF_KEEP; i++)
		if (kept[i].key != NULL && strcmp(kept[i].key, key) == 0) {
			kept[i].used = ++kept_clock;
			buf_add(out, kept[i].pdf.s, kept[i].pdf.len);
			pthread_mutex_unlock(&kept_mu);
			return 1;
		}
	pthread_mutex_unlock(&kept_mu);
	return 0;
}

/* Keep pdf (taken) in the slot used longest ago. */
static void
kept_put(const char *key, struct buf *pdf)
{
	struct kept_pdf *old = &kept[0];
	size_t i;

	pthread_mutex_lock(&kept_mu);
	for (i = 0; i < BOOT_PDF_KEEP; i++)
		if (kept[i].used < old->used)
			old = &kept[i];
	free(old->key);
	buf_free(&old->pdf);
	old->key = xstrdup(key);
	old->pdf = *pdf;
	old->used = ++kept_clock;
	pthread_mutex_unlock(&kept_mu);
}

int
boot_pdf(struct boot *b, const struct doc_rec *d, struct buf *out,
    const char **why)
{
	const char *num = doc_number(&b->docs, d);
	struct doc_text t;
	struct buf pdf, key;
	int rc = -1;

	buf_init(&key);
	buf_printf(&key, "doc:%s", num);
	if (kept_get(key.s, out)) {
		buf_free(&key);
		return 0;
	}
	buf_init(&pdf);
	if (docs_read(&b->docs, d, &t) != 0)
		*why = "the document's row cannot be read";
	else {
		if (doc_pdf(&t, &pdf, why) == 0) {
			buf_add(out, pdf.s, pdf.len);
			kept_put(key.s, &pdf);
			buf_init(&pdf);
			rc = 0;
		}
		doc_text_free(&t);
	}
	buf_free(&pdf);
	buf_free(&key);
	return rc;
}

int
boot_report_pdf(const struct report_format *rf, const struct an_table *t,
    const struct an_year *y, const char *agency, const char *body,
    struct buf *out, const char **why)
{
	unsigned char h[16];
	crypto_generichash_state st;
	const char *published = an_year_get(y, "meta", "published");
	struct buf key, pdf;
	size_t i;

	/* Whatever of the year's file the report shows is in the hash, and
	   the table's cells (from the snapshot: the same, but a table from
	   elsewhere would not be taken for it). */
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (i = 0; i < t->f->nrow; i++)
		crypto_generichash_update(&st, (const unsigned char *)t->v[i],
		    t->f->row[i].cs->ncol * sizeof(t->v[i][0]));
	crypto_generichash_update(&st, (const unsigned char *)body,
	    strlen(body) + 1);
	for (i = 0; i < y->n; i++) {
		crypto_generichash_update(&st, (const unsigned char *)y->e[i].code,
		    strlen(y->e[i].code) + 1);
		crypto_generichash_update(&st,
		    (const unsigned char *)y->e[i].column,
		    strlen(y->e[i].column) + 1);
		crypto_generichash_update(&st,
		    (const unsigned char *)y->e[i].value,
		    strlen(y->e[i].value) + 1);
	}
	crypto_generichash_final(&st, h, sizeof(h));
	buf_init(&key);
	buf_printf(&key, "report:%s:%d:", agency, t->year);
	for (i = 0; i < sizeof(h); i++)
		buf_printf(&key, "%02x", h[i]);
	if (kept_get(key.s, out)) {
		buf_free(&key);
		return 0;
	}
	buf_init(&pdf);
	if (report_pdf(rf, t, y, body, published != NULL ? published : "",
	    &pdf, why) != 0) {
		buf_free(&pdf);
		buf_free(&key);
		return -1;
	}
	buf_add(out, pdf.s, pdf.len);
	kept_put(key.s, &pdf);
	buf_free(&key);
	return 0;
}
