/*
 * doc: the letters' data, the record of issued documents and issuing.
 * See include/ogi/doc.h.  Filling is doc-fill.c, the HTML doc-html.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ogi/annual.h"
#include "ogi/buf.h"
#include "ogi/doc.h"
#include "doc-int.h"
#include "ogi/form.h"
#include "ogi/law.h"
#include "ogi/site.h"

const char *const doc_file_header[DOC_COLS] = {
	[DOC_C_AGENCY] = "agency", [DOC_C_CASE] = "case_id",
	[DOC_C_KIND] = "kind", [DOC_C_STEP] = "step", [DOC_C_GROUP] = "group",
	[DOC_C_YEAR] = "year", [DOC_C_SEQ] = "seq", [DOC_C_NUMBER] = "number",
	[DOC_C_DATE] = "date", [DOC_C_TIME] = "time", [DOC_C_STAFF] = "staff",
	[DOC_C_TEMPLATE] = "template", [DOC_C_REPLACES] = "replaces",
	[DOC_C_TITLE] = "title", [DOC_C_SIGNER] = "signer",
	[DOC_C_TEXT] = "text",
};

#define TMPL_MAX	(64 * 1024)

/* Loading is at start, in one thread: the message of a failed load. */
static char why_buf[512];

struct load {
	struct docs		*d;
	const struct an_agencies *agencies;
	const char		*path;
	struct store		*st;
	const char		*bad;	/* set by a callback that refuses */
	char			 msg[400];
};

static int
is_code(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

/* A template's file name: [a-z0-9_-]+.txt */
static int
is_file_name(const char *s)
{
	size_t n = strlen(s), i;

	if (n <= 4 || strcmp(s + n - 4, ".txt") != 0)
		return 0;
	for (i = 0; i < n - 4; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static int
agency_known(const struct load *l, const char *code)
{
	return strcmp(code, l->d->site->agency) == 0 ||
	    (l->agencies != NULL && an_agency(l->agencies, code) != NULL);
}

/* Is g the group of some outcome of the law? */
static int
outcome_group(const struct law *law, const char *g)
{
	size_t i;

	for (i = 0; i < law->nout; i++)
		if (strcmp(law->out[i].group, g) == 0)
			return 1;
	return 0;
}

static int
regulation_known(const struct law *law, const char *r)
{
	size_t i;

	for (i = 0; i < law->nlim; i++)
		if (strcmp(law->lim[i].regulation, r) == 0)
			return 1;
	return 0;
}

/* Steps that conclude the case with an outcome (its group picks the kind). */
#define OUTCOME_STEPS ((1u << EV_ANSWER) | (1u << EV_SUPP_NONE) | \
    (1u << EV_WITHDRAW) | (1u << EV_FEE_UNPAID))

static void
sha_hex(const char *data, size_t len, char out[17])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	static const char hex[] = "0123456789abcdef";
	int i;

	crypto_hash_sha256(h, (const unsigned char *)data, len);
	for (i = 0; i < 8; i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[16] = '\0';
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	size_t n;

	if (f == NULL)
		return NULL;
	p = xmalloc(TMPL_MAX + 1);
	n = fread(p, 1, TMPL_MAX + 1, f);
	if (ferror(f) || n > TMPL_MAX) {
		fclose(f);
		free(p);
		errno = EFBIG;
		return NULL;
	}
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
}

/* A template file of the letters directory. */
static struct doc_tmpl *
load_tmpl(const struct docs *d, const char *name, doc_phset allowed,
    char *version, char *err, size_t errlen)
{
	struct doc_tmpl *t;
	char *path, *text;
	struct buf rel;
	size_t len;

	buf_init(&rel);
	buf_printf(&rel, "letters/%s", name);
	path = site_conf_path(d->site, rel.s);
	buf_free(&rel);
	if ((text = slurp(path, &len)) == NULL) {
		(void)snprintf(err, errlen, "%s: %s", path, errno == EFBIG ?
		    "larger than 64 KB" : strerror(errno));
		free(path);
		return NULL;
	}
	t = doc_tmpl_parse(text, len, 1, allowed, path, 1, err, errlen);
	if (t != NULL && version != NULL)
		sha_hex(text, len, version);
	free(text);
	free(path);
	return t;
}

static int
on_kind(void *ctx, char *const *f, size_t n)
{
	struct load *l = ctx;
	struct docs *d = l->d;
	struct doc_kind *k;
	char steps[256], *s, *p, err[400];
	enum ev_type t;
	unsigned bits = 0;
	const struct law_outcome *grant;

	(void)n;
	if (!is_code(f[0]) || !is_code(f[1]) || f[2][0] == '\0' ||
	    !is_file_name(f[3])) {
		l->bad = "kind and group must be codes [a-z0-9_], title not "
		    "empty, template a file name ending in .txt";
		return -1;
	}
	if (docs_kind(d, f[0]) != NULL) {
		(void)snprintf(l->msg, sizeof(l->msg), "kind \"%.40s\" twice", f[0]);
		return -1;
	}
	if (d->nkinds >= DOC_NONE) {
		l->bad = "too many kinds";
		return -1;
	}
	(void)snprintf(steps, sizeof(steps), "%s", f[4]);
	for (s = strtok_r(steps, " ", &p); s != NULL; s = strtok_r(NULL, " ", &p)) {
		if (ev_parse(s, &t) != 0) {
			(void)snprintf(l->msg, sizeof(l->msg),
			    "unknown step \"%.40s\" (not one of events.csv's types)", s);
			return -1;
		}
		bits |= 1u << t;
	}
	if ((bits & OUTCOME_STEPS) ? !outcome_group(d->law, f[5]) :
	    (bits & (1u << EV_CONSULT_START)) ?
	    form_choice_index(case_consult_kinds, f[5]) < 0 : f[5][0] != '\0') {
		(void)snprintf(l->msg, sizeof(l->msg), "unknown \"when\" \"%.60s\" "
		    "(an outcome group of outcomes.csv for an answer, a kind of "
		    "consultation, else empty)", f[5]);
		return -1;
	}
	if (!regulation_known(d->law, f[6])) {
		(void)snprintf(l->msg, sizeof(l->msg),
		    "unknown regulation \"%.20s\" (not in limits.csv)", f[6]);
		return -1;
	}
	if (strcmp(f[7], "0") != 0 && strcmp(f[7], "1") != 0) {
		l->bad = "remedies must be 0 or 1";
		return -1;
	}
	/* An answer that may refuse must tell how to seek a remedy. */
	grant = law_outcome(d->law, "grant");
	if ((bits & OUTCOME_STEPS) && f[7][0] == '0' &&
	    (grant == NULL || strcmp(grant->group, f[5]) != 0)) {
		(void)snprintf(l->msg, sizeof(l->msg), "kind \"%.40s\" answers "
		    "without granting in full: remedies must be 1", f[0]);
		return -1;
	}
	d->kinds = xreallocarray(d->kinds, d->nkinds + 1, sizeof(*d->kinds));
	k = &d->kinds[d->nkinds];
	memset(k, 0, sizeof(*k));
	k->tmpl = load_tmpl(d, f[3], doc_ph_for_steps(bits), k->version, err,
	    sizeof(err));
	if (k->tmpl == NULL) {
		/* The template's own file and line, not kinds.csv's. */
		(void)snprintf(why_buf, sizeof(why_buf), "%s", err);
		l->bad = why_buf;
		return -1;
	}
	if (f[7][0] == '1' && !doc_tmpl_ends_with(k->tmpl, DP_REMEDIES)) {
		doc_tmpl_free(k->tmpl);
		(void)snprintf(why_buf, sizeof(why_buf), "letters/%s: the last "
		    "paragraph must be {remedies} (kind %s, remedies 1)", f[3], f[0]);
		l->bad = why_buf;
		return -1;
	}
	k->code = xstrdup(f[0]);
	k->group = xstrdup(f[1]);
	k->title = xstrdup(f[2]);
	k->file = xstrdup(f[3]);
	k->steps = bits;
	k->when = xstrdup(f[5]);
	k->regulation = xstrdup(f[6]);
	k->remedies = f[7][0] == '1';
	d->nkinds++;
	return 0;
}

static int
on_finding(void *ctx, char *const *f, size_t n)
{
	struct load *l = ctx;
	struct docs *d = l->d;
	struct doc_finding *x;
	struct doc_tmpl *fi, *de;
	char err[400];
	size_t i;

	(void)n;
	if (strcmp(f[0], "withdraw") != 0 && law_outcome(d->law, f[0]) == NULL) {
		(void)snprintf(l->msg, sizeof(l->msg), "unknown outcome "
		    "\"%.40s\" (not in outcomes.csv, nor \"withdraw\")", f[0]);
		return -1;
	}
	for (i = 0; i < d->nfindings; i++)
		if (strcmp(d->findings[i].code, f[0]) == 0) {
			(void)snprintf(l->msg, sizeof(l->msg),
			    "outcome \"%.40s\" twice", f[0]);
			return -1;
		}
	if (f[1][0] == '\0' || f[3][0] == '\0') {
		l->bad = "finding and decision may not be empty";
		return -1;
	}
	if (text_problem(f[2], 0) != NULL || strchr(f[2], '{') != NULL ||
	    strchr(f[2], '}') != NULL) {
		l->bad = "the basis is one line of text without braces";
		return -1;
	}
	fi = doc_tmpl_parse(f[1], strlen(f[1]), 0, doc_ph_finding, l->path,
	    (long)l->st->lineno, err, sizeof(err));
	de = fi == NULL ? NULL : doc_tmpl_parse(f[3], strlen(f[3]), 0,
	    doc_ph_finding, l->path, (long)l->st->lineno, err, sizeof(err));
	if (de == NULL) {
		doc_tmpl_free(fi);
		(void)snprintf(why_buf, sizeof(why_buf), "%s", err);
		l->bad = why_buf;
		return -1;
	}
	d->findings = xreallocarray(d->findings, d->nfindings + 1,
	    sizeof(*d->findings));
	x = &d->findings[d->nfindings++];
	x->code = xstrdup(f[0]);
	x->basis = xstrdup(f[2]);
	x->finding = fi;
	x->decision = de;
	return 0;
}

static int
group_used(const struct docs *d, const char *g)
{
	size_t i;

	for (i = 0; i < d->nkinds; i++)
		if (strcmp(d->kinds[i].group, g) == 0)
			return 1;
	return 0;
}

static int
on_number(void *ctx, char *const *f, size_t n)
{
	struct load *l = ctx;
	struct docs *d = l->d;
	struct doc_prefix *p;

	(void)n;
	if (!agency_known(l, f[0])) {
		(void)snprintf(l->msg, sizeof(l->msg), "unknown agency \"%.40s\" "
		    "(not site.csv's, nor in agencies.csv)", f[0]);
		return -1;
	}
	if (!group_used(d, f[1])) {
		(void)snprintf(l->msg, sizeof(l->msg), "unknown group \"%.40s\" "
		    "(no kind of kinds.csv has it)", f[1]);
		return -1;
	}
	if (f[2][0] == '\0' || text_problem(f[2], 0) != NULL ||
	    utf8_len(f[2]) > 30) {
		l->bad = "the prefix is one line of at most 30 characters";
		return -1;
	}
	if (docs_prefix(d, f[0], f[1]) != NULL) {
		(void)snprintf(l->msg, sizeof(l->msg), "agency \"%.40s\" and "
		    "group \"%.40s\" twice", f[0], f[1]);
		return -1;
	}
	d->prefixes = xreallocarray(d->prefixes, d->nprefixes + 1,
	    sizeof(*d->prefixes));
	p = &d->prefixes[d->nprefixes++];
	p->agency = xstrdup(f[0]);
	p->group = xstrdup(f[1]);
	p->prefix = xstrdup(f[2]);
	return 0;
}

static int
on_issuer(void *ctx, char *const *f, size_t n)
{
	struct load *l = ctx;
	struct docs *d = l->d;
	struct doc_issuer *x;
	size_t i;

	(void)n;
	if (!agency_known(l, f[0])) {
		(void)snprintf(l->msg, sizeof(l->msg), "unknown agency \"%.40s\" "
		    "(not site.csv's, nor in agencies.csv)", f[0]);
		return -1;
	}
	if (docs_issuer(d, f[0]) != NULL) {
		(void)snprintf(l->msg, sizeof(l->msg), "agency \"%.40s\" twice", f[0]);
		return -1;
	}
	for (i = 1; i < 5; i++)
		if ((i < 4 && f[i][0] == '\0') || text_problem(f[i], 0) != NULL ||
		    strchr(f[i], '{') != NULL || strchr(f[i], '}') != NULL) {
			l->bad = "signer, review_body and court are one line of "
			    "text each, contact one line or empty (no braces)";
			return -1;
		}
	d->issuers = xreallocarray(d->issuers, d->nissuers + 1,
	    sizeof(*d->issuers));
	x = &d->issuers[d->nissuers++];
	x->agency = xstrdup(f[0]);
	x->signer = xstrdup(f[1]);
	x->review_body = xstrdup(f[2]);
	x->court = xstrdup(f[3]);
	x->contact = xstrdup(f[4]);
	return 0;
}

static int
load_csv(struct load *l, const char *name, const char *const *hdr,
    size_t ncols, store_row_fn fn, const char **why)
{
	struct store st;
	struct buf rel;
	enum store_err e;
	char *path;
	int missing;

	buf_init(&rel);
	buf_printf(&rel, "letters/%s", name);
	path = site_conf_path(l->d->site, rel.s);
	buf_free(&rel);
	l->bad = NULL;
	l->msg[0] = '\0';
	l->path = path;
	l->st = &st;
	store_init(&st, path, hdr, ncols, fn, NULL, l);
	e = store_refresh(&st);
	missing = e == STORE_OK && st.nrows == 0 && !st.header_seen;
	if (missing)
		(void)snprintf(why_buf, sizeof(why_buf), "%s: missing", path);
	else if (e != STORE_OK && e == STORE_ECALLBACK && l->bad == why_buf)
		;	/* a template's message, with its own file and line */
	else if (e != STORE_OK)
		(void)snprintf(why_buf, sizeof(why_buf), "%s:%lld: %s", path,
		    (long long)st.lineno, e != STORE_ECALLBACK ?
		    store_strerror(e) : l->msg[0] ? l->msg : l->bad != NULL ?
		    l->bad : "a value is not valid");
	store_free(&st);
	free(path);
	if (e != STORE_OK || missing) {
		*why = why_buf;
		return -1;
	}
	return 0;
}

/* What the files must hold together, once all are read. */
static int
check_whole(const struct docs *d, const char **why)
{
	const struct law *law = d->law;
	const char *agency = d->site->agency;
	size_t i, j;

	for (i = 0; i < d->nkinds; i++) {
		const struct doc_kind *a = &d->kinds[i];

		for (j = i + 1; j < d->nkinds; j++) {
			const struct doc_kind *b = &d->kinds[j];

			if ((a->steps & b->steps) && strcmp(a->when, b->when) == 0 &&
			    strcmp(a->regulation, b->regulation) == 0) {
				(void)snprintf(why_buf, sizeof(why_buf),
				    "letters/kinds.csv: kinds \"%s\" and \"%s\" "
				    "are both for the same step", a->code, b->code);
				goto fail;
			}
		}
		if (docs_prefix(d, agency, a->group) == NULL) {
			(void)snprintf(why_buf, sizeof(why_buf),
			    "letters/numbers.csv: no prefix for agency \"%s\" "
			    "and group \"%s\"", agency, a->group);
			goto fail;
		}
	}
	/* Every outcome of a regulation that has answers: its 答复书 and
	   its finding. */
	for (i = 0; i < law->nout; i++) {
		const struct law_outcome *o = &law->out[i];

		for (j = 0; j < d->nkinds; j++) {
			const struct doc_kind *k = &d->kinds[j];

			if ((k->steps & (1u << EV_ANSWER)) &&
			    law_outcome_in(o, k->regulation))
				break;
		}
		if (j == d->nkinds)
			continue;	/* no answers under its regulations */
		for (j = 0; j < d->nkinds; j++) {
			const struct doc_kind *k = &d->kinds[j];

			if ((k->steps & (1u << EV_ANSWER)) &&
			    law_outcome_in(o, k->regulation) &&
			    strcmp(k->when, o->group) == 0)
				break;
		}
		if (j == d->nkinds) {
			(void)snprintf(why_buf, sizeof(why_buf),
			    "letters/kinds.csv: no 答复书 for outcome \"%s\" "
			    "(group %s)", o->code, o->group);
			goto fail;
		}
		for (j = 0; j < d->nfindings; j++)
			if (strcmp(d->findings[j].code, o->code) == 0)
				break;
		if (j == d->nfindings) {
			(void)snprintf(why_buf, sizeof(why_buf),
			    "letters/findings.csv: no row for outcome \"%s\"",
			    o->code);
			goto fail;
		}
	}
	for (i = 0; i < d->nkinds; i++)
		if (d->kinds[i].steps & (1u << EV_WITHDRAW))
			break;
	if (i < d->nkinds) {
		for (j = 0; j < d->nfindings; j++)
			if (strcmp(d->findings[j].code, "withdraw") == 0)
				break;
		if (j == d->nfindings) {
			(void)snprintf(why_buf, sizeof(why_buf),
			    "letters/findings.csv: no row for \"withdraw\"");
			goto fail;
		}
	}
	if (docs_issuer(d, agency) == NULL) {
		(void)snprintf(why_buf, sizeof(why_buf),
		    "letters/issuers.csv: no row for agency \"%s\"", agency);
		goto fail;
	}
	return 0;
fail:
	*why = why_buf;
	return -1;
}

/* ---- the records ---- */

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

const char *
doc_rec_number(const struct docs *d, const struct doc_rec *r)
{
	return d->text.s + r->number;
}

/* The slot of key in a table: where it is, or the empty one to take. */
static size_t
slot_case(const struct docs *d, const char *id)
{
	size_t i = (size_t)hash_str(id) & (d->slots - 1);

	while (d->by_case[i] != 0 &&
	    strcmp(d->v[d->by_case[i] - 1].case_id, id) != 0)
		i = (i + 1) & (d->slots - 1);
	return i;
}

static size_t
slot_number(const struct docs *d, const char *num)
{
	size_t i = (size_t)hash_str(num) & (d->slots - 1);

	while (d->by_number[i] != 0 &&
	    strcmp(doc_rec_number(d, &d->v[d->by_number[i] - 1]), num) != 0)
		i = (i + 1) & (d->slots - 1);
	return i;
}

static void
rehash(struct docs *d)
{
	size_t i, s;

	d->slots = d->slots ? d->slots * 2 : 256;
	free(d->by_case);
	free(d->by_number);
	d->by_case = xcalloc(d->slots, sizeof(*d->by_case));
	d->by_number = xcalloc(d->slots, sizeof(*d->by_number));
	for (i = 0; i < d->n; i++) {
		s = slot_case(d, d->v[i].case_id);
		if (d->by_case[s] == 0)
			d->by_case[s] = (uint32_t)i + 1;
		s = slot_number(d, doc_rec_number(d, &d->v[i]));
		if (d->by_number[s] == 0)
			d->by_number[s] = (uint32_t)i + 1;
	}
}

struct doc_seq *
doc_seq_of(struct docs *d, const char *agency, const char *group, int year,
    int make)
{
	struct doc_seq *q;
	size_t i;

	for (i = 0; i < d->nseqs; i++) {
		q = &d->seqs[i];
		if (q->year == year && strcmp(q->group, group) == 0 &&
		    strcmp(q->agency, agency) == 0)
			return q;
	}
	if (!make)
		return NULL;
	d->seqs = xreallocarray(d->seqs, d->nseqs + 1, sizeof(*d->seqs));
	q = &d->seqs[d->nseqs++];
	q->agency = xstrdup(agency);
	q->group = xstrdup(group);
	q->year = year;
	q->last = 0;
	return q;
}

static int
parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "consult_start:2" → type and n; "" → EV__MAX, 0. */
static int
parse_step(const char *s, enum ev_type *t, int *n)
{
	char code[DOC_STEP_LEN];
	const char *colon = strchr(s, ':');
	unsigned long k;

	*t = EV__MAX;
	*n = 0;
	if (*s == '\0')
		return 0;
	if (colon == NULL || (size_t)(colon - s) >= sizeof(code) ||
	    parse_uint(colon + 1, 255, &k) != 0)
		return -1;
	memcpy(code, s, (size_t)(colon - s));
	code[colon - s] = '\0';
	if (ev_parse(code, t) != 0)
		return -1;
	*n = (int)k;
	return 0;
}

void
doc_step_key(enum ev_type t, int n, char out[DOC_STEP_LEN])
{
	if ((unsigned)t >= EV__MAX)
		out[0] = '\0';
	else
		(void)snprintf(out, DOC_STEP_LEN, "%s:%d", ev_codes[t], n);
}

static int
on_doc(void *ctx, char *const *f, size_t n)
{
	struct docs *d = ctx;
	struct doc_rec *r;
	struct doc_seq *q;
	unsigned long year, seq;
	enum ev_type t;
	cal_day date;
	size_t s, k;
	int sn;

	(void)n;
	/* A row that does not say its number plainly: the numbering cannot
	   go on from it, and the store refuses to append after it. */
	if (parse_uint(f[DOC_C_YEAR], 9999, &year) != 0 || year < 1900 ||
	    parse_uint(f[DOC_C_SEQ], UINT32_MAX - 1, &seq) != 0 || seq == 0 ||
	    cal_parse(f[DOC_C_DATE], &date) != 0 || f[DOC_C_NUMBER][0] == '\0' ||
	    strlen(f[DOC_C_CASE]) >= APP_ID_LEN || d->n >= UINT32_MAX - 1)
		return -1;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	r = &d->v[d->n];
	memset(r, 0, sizeof(*r));
	r->off = d->st.row_off;
	memcpy(r->case_id, f[DOC_C_CASE], strlen(f[DOC_C_CASE]) + 1);
	r->date = date;
	r->year = (uint16_t)year;
	r->seq = (uint32_t)seq;
	r->kind = DOC_NONE;
	for (k = 0; k < d->nkinds; k++)
		if (strcmp(d->kinds[k].code, f[DOC_C_KIND]) == 0)
			r->kind = (uint8_t)k;
	if (parse_step(f[DOC_C_STEP], &t, &sn) != 0) {
		t = EV__MAX;
		sn = 0;
	}
	r->step = (uint8_t)t;
	r->step_n = (uint8_t)sn;
	r->number = (uint32_t)d->text.len;
	buf_add(&d->text, f[DOC_C_NUMBER], strlen(f[DOC_C_NUMBER]) + 1);
	d->n++;
	if (d->n * 2 >= d->slots)
		rehash(d);	/* takes the new row in too */
	else {
		s = slot_number(d, f[DOC_C_NUMBER]);
		if (d->by_number[s] == 0)
			d->by_number[s] = (uint32_t)d->n;
		s = slot_case(d, r->case_id);
		if (d->by_case[s] == 0)
			d->by_case[s] = (uint32_t)d->n;
	}
	/* At the end of the case's chain (a case has few documents). */
	s = slot_case(d, r->case_id);
	if (d->by_case[s] != (uint32_t)d->n) {
		for (k = d->by_case[s]; d->v[k - 1].next != 0; k = d->v[k - 1].next)
			;
		d->v[k - 1].next = (uint32_t)d->n;
	}
	if (f[DOC_C_REPLACES][0] != '\0') {
		const struct doc_rec *old = docs_by_number(d, f[DOC_C_REPLACES]);

		if (old != NULL && old != r && old->replaced_by == 0)
			d->v[old - d->v].replaced_by = (uint32_t)d->n;
	}
	q = doc_seq_of(d, f[DOC_C_AGENCY], f[DOC_C_GROUP], (int)year, 1);
	if (seq > q->last)
		q->last = (uint32_t)seq;
	d->gen++;
	return 0;
}

static void
forget_docs(struct docs *d)
{
	size_t i;

	d->n = 0;
	buf_reset(&d->text);
	if (d->slots > 0) {
		memset(d->by_case, 0, d->slots * sizeof(*d->by_case));
		memset(d->by_number, 0, d->slots * sizeof(*d->by_number));
	}
	for (i = 0; i < d->nseqs; i++) {
		free(d->seqs[i].agency);
		free(d->seqs[i].group);
	}
	d->nseqs = 0;
	d->gen++;
}

static void
on_docs_reset(void *ctx)
{
	forget_docs(ctx);
}

int
docs_open(struct docs *d, const struct site *site, const struct law *law,
    const struct an_agencies *agencies, const char **why)
{
	static const char *const kind_h[] = { "kind", "group", "title",
	    "template", "steps", "when", "regulation", "remedies" };
	static const char *const find_h[] = { "code", "finding", "basis",
	    "decision" };
	static const char *const num_h[] = { "agency", "group", "prefix" };
	static const char *const iss_h[] = { "agency", "signer", "review_body",
	    "court", "contact" };
	struct load l;
	char err[400], *path;

	memset(d, 0, sizeof(*d));
	d->site = site;
	d->law = law;
	buf_init(&d->text);
	memset(&l, 0, sizeof(l));
	l.d = d;
	l.agencies = agencies;
	if (load_csv(&l, "kinds.csv", kind_h, 8, on_kind, why) != 0 ||
	    load_csv(&l, "findings.csv", find_h, 4, on_finding, why) != 0 ||
	    load_csv(&l, "numbers.csv", num_h, 3, on_number, why) != 0 ||
	    load_csv(&l, "issuers.csv", iss_h, 5, on_issuer, why) != 0)
		goto fail;
	if ((d->remedies = load_tmpl(d, "remedies.txt", doc_ph_remedies, NULL,
	    err, sizeof(err))) == NULL) {
		(void)snprintf(why_buf, sizeof(why_buf), "%s", err);
		*why = why_buf;
		goto fail;
	}
	if (check_whole(d, why) != 0)
		goto fail;
	path = site_data_path(site, "documents.csv");
	store_init(&d->st, path, doc_file_header, DOC_COLS, on_doc,
	    on_docs_reset, d);
	d->st.append_only = 1;
	free(path);
	rehash(d);
	if (store_refresh(&d->st) != STORE_OK) {
		(void)snprintf(why_buf, sizeof(why_buf), "%s:%lld: cannot be read "
		    "(a row without a valid year, number or date?)", d->st.path,
		    (long long)d->st.lineno);
		*why = why_buf;
		goto fail;
	}
	return 0;
fail:
	docs_close(d);
	return -1;
}

void
docs_close(struct docs *d)
{
	size_t i;

	for (i = 0; i < d->nkinds; i++) {
		struct doc_kind *k = &d->kinds[i];

		free(k->code);
		free(k->group);
		free(k->title);
		free(k->file);
		free(k->when);
		free(k->regulation);
		doc_tmpl_free(k->tmpl);
	}
	for (i = 0; i < d->nfindings; i++) {
		free(d->findings[i].code);
		free(d->findings[i].basis);
		doc_tmpl_free(d->findings[i].finding);
		doc_tmpl_free(d->findings[i].decision);
	}
	for (i = 0; i < d->nprefixes; i++) {
		free(d->prefixes[i].agency);
		free(d->prefixes[i].group);
		free(d->prefixes[i].prefix);
	}
	for (i = 0; i < d->nissuers; i++) {
		free(d->issuers[i].agency);
		free(d->issuers[i].signer);
		free(d->issuers[i].review_body);
		free(d->issuers[i].court);
		free(d->issuers[i].contact);
	}
	doc_tmpl_free(d->remedies);
	if (d->st.path != NULL) {
		forget_docs(d);
		store_free(&d->st);
	}
	free(d->kinds);
	free(d->findings);
	free(d->prefixes);
	free(d->issuers);
	free(d->v);
	free(d->by_case);
	free(d->by_number);
	free(d->seqs);
	buf_free(&d->text);
	memset(d, 0, sizeof(*d));
}

enum store_err
docs_refresh(struct docs *d)
{
	return store_refresh(&d->st);
}

const struct doc_kind *
docs_kind(const struct docs *d, const char *code)
{
	size_t i;

	for (i = 0; i < d->nkinds; i++)
		if (strcmp(d->kinds[i].code, code) == 0)
			return &d->kinds[i];
	return NULL;
}

int
doc_to_applicant(const struct doc_kind *k)
{
	return k != NULL && !(k->steps & (1u << EV_CONSULT_START));
}

const struct doc_issuer *
docs_issuer(const struct docs *d, const char *agency)
{
	size_t i;

	for (i = 0; i < d->nissuers; i++)
		if (strcmp(d->issuers[i].agency, agency) == 0)
			return &d->issuers[i];
	return NULL;
}

const char *
docs_prefix(const struct docs *d, const char *agency, const char *group)
{
	size_t i;

	for (i = 0; i < d->nprefixes; i++)
		if (strcmp(d->prefixes[i].agency, agency) == 0 &&
		    strcmp(d->prefixes[i].group, group) == 0)
			return d->prefixes[i].prefix;
	return NULL;
}

const struct doc_rec *
docs_first(const struct docs *d, const char *case_id)
{
	size_t s;

	if (d->slots == 0)
		return NULL;
	s = slot_case(d, case_id);
	return d->by_case[s] != 0 ? &d->v[d->by_case[s] - 1] : NULL;
}

const struct doc_rec *
docs_next(const struct docs *d, const struct doc_rec *r)
{
	return r->next != 0 ? &d->v[r->next - 1] : NULL;
}

const struct doc_rec *
docs_by_number(const struct docs *d, const char *number)
{
	size_t s;

	if (d->slots == 0)
		return NULL;
	s = slot_number(d, number);
	return d->by_number[s] != 0 ? &d->v[d->by_number[s] - 1] : NULL;
}

const char *
doc_number(const struct docs *d, const struct doc_rec *r)
{
	return doc_rec_number(d, r);
}

const struct doc_rec *
docs_latest(const struct docs *d, const struct doc_rec *r)
{
	size_t hops = 0;

	while (r->replaced_by != 0 && hops++ < d->n)
		r = &d->v[r->replaced_by - 1];
	return r;
}

static int
on_text(void *ctx, char *const *f, size_t n)
{
	struct doc_text *t = ctx;
	size_t len[DOC_COLS], total = 0, i;
	char *p;

	(void)n;
	for (i = 0; i < DOC_COLS; i++)
		total += (len[i] = strlen(f[i])) + 1;
	p = xmalloc(total);
	for (i = 0; i < DOC_COLS; i++) {
		memcpy(p, f[i], len[i] + 1);
		t->f[i] = p;
		p += len[i] + 1;
	}
	return 0;
}

int
docs_read(const struct docs *d, const struct doc_rec *r, struct doc_text *t)
{
	memset(t, 0, sizeof(*t));
	if (store_read_row(&d->st, r->off, on_text, t) == STORE_OK &&
	    t->f[0] != NULL)
		return 0;
	doc_text_free(t);
	return -1;
}

void
doc_text_free(struct doc_text *t)
{
	free(t->f[0]);		/* all of them */
	memset(t, 0, sizeof(*t));
}

void
doc_date_zh(cal_day day, char out[DOC_DATE_LEN])
{
	int y, m, dd;

	cal_to_ymd(day, &y, &m, &dd);
	(void)snprintf(out, DOC_DATE_LEN, "%d年%d月%d日", y, m, dd);
}
