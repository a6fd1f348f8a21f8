/* app: applications.csv — the records, their indexes (id, tracking code,
   form), the labels of a record, submission.  The form's rules are
   app-rules.c's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/app.h"
#include "ogi/buf.h"
#include "ogi/site.h"

/* applications.csv */

enum {
	COL_ID, COL_AGENCY, COL_CHANNEL, COL_STATE, COL_SUBMITTED,
	COL_RECEIVED, COL_FIELDS,
	COL_CODE_HASH = COL_FIELDS + APP_FIELD__MAX,
	COL_FORM_ID,
	COL__MAX
};
_Static_assert(COL__MAX == APP_COLS, "APP_COLS matches the columns");

const char *const app_file_header[COL__MAX] = {
	"id", "agency", "channel", "state", "submitted_at", "received_date",
	"applicant_type", "name", "employer", "id_type", "id_number",
	"org_name", "org_code", "org_kind", "legal_rep", "contact_name",
	"phone", "email", "address", "postcode", "subject", "description",
	"doc_number", "medium", "delivery", "publish_subject",
	"code_hash", "form_id",
};

/* Labels of a record */

const char *
app_channel(const struct app_rec *r)
{
	return r->channel < 4 ? app_channels[r->channel] : "";
}

const char *
app_org_kind(const struct app_rec *r)
{
	return r->org && r->org_kind < 5 ? app_org_kinds[r->org_kind].code : "";
}

const char *
app_type(const struct app_rec *r)
{
	return r->org ? "org" : "person";
}

void
app_submitted(const struct app_rec *r, char out[17])
{
	int h, m;

	if (r->sub_day < 0) {
		out[0] = '\0';
		return;
	}
	cal_format(r->sub_day, out);	/* 10 characters and a NUL */
	if (r->sub_min < 0)
		return;
	h = r->sub_min / 60 % 100;
	m = r->sub_min % 60;
	out[10] = ' ';
	out[11] = (char)('0' + h / 10);
	out[12] = (char)('0' + h % 10);
	out[13] = ':';
	out[14] = (char)('0' + m / 10);
	out[15] = (char)('0' + m % 10);
	out[16] = '\0';
}

static uint8_t
choice_index(const struct app_choice *set, const char *v)
{
	int i = form_choice_index(set, v);

	return i < 0 || i >= APP_NONE ? APP_NONE : (uint8_t)i;
}

static uint8_t
index_of(const char *const *set, const char *v)
{
	size_t i;

	for (i = 0; set[i] != NULL && i < APP_NONE; i++)
		if (set[i][0] == v[0] && strcmp(set[i], v) == 0)
			return (uint8_t)i;
	return APP_NONE;
}

/* Indexes */

/* Forms submitted in the last days: a form can be sent again only while
   its token is good (a day), so older ones need not be remembered. */
struct apps_form {
	uint32_t	 i;
	cal_day		 day;
	unsigned char	 id[16];
};

/* Numbers of one year: by[seq - 1] is the index + 1 of its record. */
struct apps_year {
	int		 year;
	uint32_t	*by;
	size_t		 cap;
	size_t		 max;		/* the highest number on file */
};

/* A hex digit's value + 1, or 0: a table, since digits and letters mix
   at random in a hash (a branch per digit would be mispredicted). */
static const unsigned char hex1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* The first n bytes of a hex string; -1 unless there are 2n hex digits. */
static int
unhex(const char *hex, unsigned char *out, size_t n)
{
	size_t i;
	unsigned h, l;

	for (i = 0; i < n; i++) {
		/* Not past a short string's NUL. */
		if ((h = hex1[(unsigned char)hex[2 * i]]) == 0 ||
		    (l = hex1[(unsigned char)hex[2 * i + 1]]) == 0)
			return -1;
		out[i] = (unsigned char)((h - 1) << 4 | (l - 1));
	}
	return 0;
}

static size_t
code_slot(const unsigned char *code, size_t slots)
{
	uint64_t h;

	memcpy(&h, code, sizeof(h));	/* a hash already: uniform */
	return (size_t)h & (slots - 1);
}

static void
code_put(struct apps *a, size_t i)
{
	size_t s;

	for (s = code_slot(a->v[i].code, a->slots); a->by_code[s] != 0;
	    s = (s + 1) & (a->slots - 1))
		;
	a->by_code[s] = (uint32_t)(i + 1);
}

static int
has_code(const struct app_rec *r)
{
	static const unsigned char none[APP_CODE_KEY];

	return memcmp(r->code, none, APP_CODE_KEY) != 0;
}

static void
rehash(struct apps *a)
{
	size_t i;

	free(a->by_code);
	a->slots = 1024;
	while (a->slots < a->n * 2)
		a->slots *= 2;
	a->by_code = xcalloc(a->slots, sizeof(*a->by_code));
	for (i = 0; i < a->n; i++)
		if (has_code(&a->v[i]))
			code_put(a, i);
}

/* "2026-000123" → 2026, 123; -1 unless exactly that shape. */
static int
parse_id(const char *id, int *year, int *seq)
{
	int i, y = 0, n = 0;

	for (i = 0; i < 4; i++) {
		if (id[i] < '0' || id[i] > '9')
			return -1;
		y = y * 10 + id[i] - '0';
	}
	if (id[4] != '-')
		return -1;
	for (i = 5; i < 11; i++) {
		if (id[i] < '0' || id[i] > '9')
			return -1;
		n = n * 10 + id[i] - '0';
	}
	if (id[11] != '\0' || n == 0)
		return -1;
	*year = y;
	*seq = n;
	return 0;
}

static struct apps_year *
year_of(const struct apps *a, int year)
{
	size_t i;

	for (i = a->nyears; i > 0; i--)	/* the newest are asked for most */
		if (a->years[i - 1].year == year)
			return &a->years[i - 1];
	return NULL;
}

static void
id_put(struct apps *a, int year, int seq, size_t i)
{
	struct apps_year *y = year_of(a, year);
	size_t n;

	if (y == NULL) {
		a->years = xreallocarray(a->years, a->nyears + 1, sizeof(*a->years));
		y = &a->years[a->nyears++];
		memset(y, 0, sizeof(*y));
		y->year = year;
	}
	if ((size_t)seq > y->cap) {
		n = y->cap ? y->cap : 1024;
		while (n < (size_t)seq)
			n *= 2;
		y->by = xreallocarray(y->by, n, sizeof(*y->by));
		memset(y->by + y->cap, 0, (n - y->cap) * sizeof(*y->by));
		y->cap = n;
	}
	if (y->by[seq - 1] == 0)	/* the first of a number counts */
		y->by[seq - 1] = (uint32_t)(i + 1);
	if ((size_t)seq > y->max)
		y->max = (size_t)seq;
}

/* The forms are found through their own small table: index + 1. */
static size_t
form_slot(const unsigned char *id, size_t slots)
{
	uint64_t h;

	memcpy(&h, id, sizeof(h));
	return (size_t)h & (slots - 1);
}

static void
forms_rehash(struct apps *a)
{
	size_t i, s;

	free(a->form_slots);
	a->form_nslots = 64;
	while (a->form_nslots < a->capforms * 2)
		a->form_nslots *= 2;
	a->form_slots = xcalloc(a->form_nslots, sizeof(*a->form_slots));
	for (i = 0; i < a->nforms; i++) {
		for (s = form_slot(a->forms[i].id, a->form_nslots);
		    a->form_slots[s] != 0; s = (s + 1) & (a->form_nslots - 1))
			;
		a->form_slots[s] = (uint32_t)(i + 1);
	}
}

static const struct app_rec *
form_seen(const struct apps *a, const char *hex)
{
	unsigned char id[16];
	const struct apps_form *f;
	size_t s;

	if (a->form_nslots == 0 || strlen(hex) != TOKEN_HASH_HEX ||
	    unhex(hex, id, sizeof(id)) != 0)
		return NULL;
	for (s = form_slot(id, a->form_nslots); a->form_slots[s] != 0;
	    s = (s + 1) & (a->form_nslots - 1)) {
		f = &a->forms[a->form_slots[s] - 1];
		if (memcmp(f->id, id, sizeof(id)) == 0)
			return &a->v[f->i];
	}
	return NULL;
}

static void
form_put(struct apps *a, const char *hex, size_t i)
{
	struct apps_form *f;
	size_t j, k, s;

	if (a->nforms == a->capforms) {
		/* Forget forms more than two days older than the newest. */
		for (j = k = 0; j < a->nforms; j++)
			if (a->forms[j].day >= a->newest - 2)
				a->forms[k++] = a->forms[j];
		a->nforms = k;
		if (a->capforms == 0 || a->nforms * 2 > a->capforms) {
			a->capforms = a->capforms ? a->capforms * 2 : 64;
			a->forms = xreallocarray(a->forms, a->capforms,
			    sizeof(*a->forms));
		}
		forms_rehash(a);
	}
	f = &a->forms[a->nforms];
	if (unhex(hex, f->id, sizeof(f->id)) != 0)
		return;
	f->i = (uint32_t)i;
	f->day = a->v[i].sub_day;
	for (s = form_slot(f->id, a->form_nslots); a->form_slots[s] != 0;
	    s = (s + 1) & (a->form_nslots - 1))
		;
	a->form_slots[s] = (uint32_t)++a->nforms;
}

static uint16_t
agency_index(struct apps *a, const char *code)
{
	size_t i;

	/* Rows of one agency tend to come together. */
	if (a->last_agency < a->nagency &&
	    strcmp(a->agency[a->last_agency], code) == 0)
		return a->last_agency;
	for (i = a->nagency; i > 0; i--)
		if (strcmp(a->agency[i - 1], code) == 0)
			return a->last_agency = (uint16_t)(i - 1);
	if (a->nagency == UINT16_MAX)
		return 0;
	a->agency = xreallocarray(a->agency, a->nagency + 1, sizeof(*a->agency));
	a->agency[a->nagency] = xstrdup(code);
	return a->last_agency = (uint16_t)a->nagency++;
}

/* "2026-11-28T09:30:00+08:00": the day and the minutes as written. */
static void
parse_submitted(struct cal_memo *memo, const char *v, struct app_rec *r)
{
	char day[CAL_DATE_LEN];

	r->sub_day = -1;
	r->sub_min = -1;
	if (strlen(v) < 10)
		return;
	memcpy(day, v, 10);
	day[10] = '\0';
	if (cal_parse_memo(memo, day, &r->sub_day) != 0) {
		r->sub_day = -1;
		return;
	}
	if (v[10] == 'T' && v[11] >= '0' && v[11] <= '2' && v[12] >= '0' &&
	    v[12] <= '9' && v[13] == ':' && v[14] >= '0' && v[14] <= '5' &&
	    v[15] >= '0' && v[15] <= '9')
		r->sub_min = (int16_t)(((v[11] - '0') * 10 + v[12] - '0') * 60 +
		    (v[14] - '0') * 10 + v[15] - '0');
}

static int
on_app(void *ctx, char *const *f, size_t n)
{
	struct apps *a = ctx;
	struct app_rec *r;
	const char *subj;
	int year, seq;

	(void)n;
	if (parse_id(f[COL_ID], &year, &seq) != 0 || a->n >= UINT32_MAX - 1)
		return -1;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
		if (a->keep_names)
			a->name_at = xreallocarray(a->name_at, a->cap,
			    sizeof(*a->name_at));
	}
	r = &a->v[a->n];
	memset(r, 0, sizeof(*r));
	memcpy(r->id, f[COL_ID], APP_ID_LEN);
	r->year = (uint16_t)year;
	r->channel = index_of(app_channels, f[COL_CHANNEL]);
	parse_submitted(&a->day_memo[0], f[COL_SUBMITTED], r);
	if (f[COL_RECEIVED][0] == '\0' ||
	    cal_parse_memo(&a->day_memo[1], f[COL_RECEIVED], &r->received) != 0)
		r->received = -1;
	if (strlen(f[COL_CODE_HASH]) == TOKEN_HASH_HEX &&
	    unhex(f[COL_CODE_HASH], r->code, APP_CODE_KEY) != 0)
		memset(r->code, 0, APP_CODE_KEY);
	r->org = strcmp(f[COL_FIELDS + APP_APPLICANT_TYPE], "org") == 0;
	r->org_kind = r->org ? choice_index(app_org_kinds,
	    f[COL_FIELDS + APP_ORG_KIND]) : APP_NONE;
	r->agency = agency_index(a, f[COL_AGENCY]);
	subj = f[COL_FIELDS + APP_SUBJECT];
	if (strcmp(f[COL_FIELDS + APP_PUBLISH_SUBJECT], "1") == 0 &&
	    a->text.len < UINT32_MAX - strlen(subj) - 2) {
		r->subject = (uint32_t)a->text.len + 1;
		buf_add(&a->text, subj, strlen(subj) + 1);
	}
	if (a->keep_names) {
		a->name_at[a->n] = (uint32_t)a->names.len;
		buf_adds(&a->names, f[COL_FIELDS + APP_NAME]);
		buf_addc(&a->names, '\x1f');
		buf_adds(&a->names, f[COL_FIELDS + APP_ORG_NAME]);
		buf_addc(&a->names, '\x1f');
		buf_adds(&a->names, f[COL_FIELDS + APP_CONTACT_NAME]);
		buf_addc(&a->names, '\x1f');
		buf_adds(&a->names, f[COL_FIELDS + APP_SUBJECT]);
		buf_add(&a->names, "", 1);
	}
	r->off = a->st.row_off;
	if (r->sub_day > a->newest)
		a->newest = r->sub_day;
	a->n++;
	id_put(a, year, seq, a->n - 1);
	if (f[COL_FORM_ID][0] != '\0' && r->sub_day >= a->newest - 2)
		form_put(a, f[COL_FORM_ID], a->n - 1);
	if (a->slots == 0)
		;			/* no table yet: made when first asked */
	else if (a->n * 2 > a->slots)
		rehash(a);
	else if (has_code(r))
		code_put(a, a->n - 1);
	return 0;
}

const struct app_rec *
apps_by_form(const struct apps *a, const char *form_hex)
{
	return form_seen(a, form_hex);
}

/* codes.csv: a new tracking code for a case replaces the one before. */
static const char *const codes_header[] = { "case_id", "time", "staff", "code_hash" };
#define CODES_COLS 4

static int
on_code(void *ctx, char *const *f, size_t n)
{
	struct apps *a = ctx;
	struct app_rec *r;

	(void)n;
	r = (struct app_rec *)apps_by_id(a, f[0]);
	if (r == NULL)
		return 0;	/* a case not (yet) read: nothing to replace */
	if (strlen(f[3]) != TOKEN_HASH_HEX || unhex(f[3], r->code, APP_CODE_KEY) != 0) {
		memset(r->code, 0, APP_CODE_KEY);
		return 0;
	}
	/* The old code's slot stays, pointing at a record whose code is no
	   longer the one looked for: it is not found, as any wrong code. */
	if (a->slots != 0)
		code_put(a, (size_t)(r - a->v));
	return 0;
}

enum app_err
apps_new_code(struct apps *a, const char *id, const char *staff, time_t now,
    const char code[TOKEN_CODE_SHOWN + 1])
{
	char norm[TOKEN_CODE_CHARS + 1], hash[TOKEN_HASH_HEX + 1], when[SITE_TIME_LEN];
	const char *row[CODES_COLS];
	enum store_err e;

	if (apps_by_id(a, id) == NULL || token_code_parse(code, norm) != 0)
		return APP_EIO;
	token_code_hash(norm, hash);
	site_isotime(a->site, now, when);
	row[0] = id;
	row[1] = when;
	row[2] = staff;
	row[3] = hash;
	if ((e = store_lock(&a->codes)) != STORE_OK)
		return e == STORE_ENOSPC ? APP_ENOSPC : APP_EIO;
	e = store_append(&a->codes, row);
	store_unlock(&a->codes);
	if (e != STORE_OK)
		return e == STORE_ENOSPC ? APP_ENOSPC : APP_EIO;
	(void)store_refresh(&a->codes);
	return APP_OK;
}

static void
forget(struct apps *a)
{
	size_t i;

	for (i = 0; i < a->nyears; i++)
		free(a->years[i].by);
	free(a->years);
	a->years = NULL;
	a->nyears = 0;
	a->n = 0;
	a->nforms = 0;
	if (a->form_nslots > 0)
		memset(a->form_slots, 0, a->form_nslots * sizeof(*a->form_slots));
	a->newest = 0;
	buf_reset(&a->text);
	buf_reset(&a->names);
}

static void
on_reset(void *ctx)
{
	struct apps *a = ctx;

	forget(a);
	free(a->by_code);
	a->by_code = NULL;
	a->slots = 0;
	store_rewind(&a->codes);
}

void
apps_open(struct apps *a, const struct site *site)
{
	char *path;

	memset(a, 0, sizeof(*a));
	a->site = site;
	buf_init(&a->text);
	buf_init(&a->names);
	path = site_data_path(site, "applications.csv");
	store_init(&a->st, path, app_file_header, COL__MAX, on_app, on_reset, a);
	a->st.append_only = 1;
	free(path);
	path = site_data_path(site, "codes.csv");
	store_init(&a->codes, path, codes_header, CODES_COLS, on_code, NULL, a);
	a->codes.append_only = 1;
	free(path);
}

void
apps_close(struct apps *a)
{
	size_t i;

	store_free(&a->st);
	store_free(&a->codes);
	forget(a);
	for (i = 0; i < a->nagency; i++)
		free(a->agency[i]);
	free(a->agency);
	free(a->v);
	free(a->by_code);
	free(a->forms);
	free(a->form_slots);
	free(a->name_at);
	buf_free(&a->text);
	buf_free(&a->names);
	memset(a, 0, sizeof(*a));
}

/* The columns on_app reads: the others (most of an applicant's personal
   data) are not even copied out of the parser. */
static uint64_t
cols_read(int names)
{
	uint64_t m = 1ull << COL_ID | 1ull << COL_AGENCY | 1ull << COL_CHANNEL |
	    1ull << COL_SUBMITTED | 1ull << COL_RECEIVED |
	    1ull << COL_CODE_HASH | 1ull << COL_FORM_ID |
	    1ull << (COL_FIELDS + APP_APPLICANT_TYPE) |
	    1ull << (COL_FIELDS + APP_ORG_KIND) |
	    1ull << (COL_FIELDS + APP_SUBJECT) |
	    1ull << (COL_FIELDS + APP_PUBLISH_SUBJECT);

	if (names)
		m |= 1ull << (COL_FIELDS + APP_NAME) |
		    1ull << (COL_FIELDS + APP_ORG_NAME) |
		    1ull << (COL_FIELDS + APP_CONTACT_NAME);
	return m;
}
_Static_assert(COL__MAX <= 64, "a column mask holds every column");

enum store_err
apps_refresh(struct apps *a)
{
	enum store_err e;

	a->st.skip = ~cols_read(a->keep_names);
	if ((e = store_refresh(&a->st)) != STORE_OK)
		return e;
	return store_refresh(&a->codes);
}

const struct app_rec *
apps_by_code(struct apps *a, const char *code_hash)
{
	unsigned char code[APP_CODE_KEY];
	const struct app_rec *r;
	size_t s;

	if (strlen(code_hash) != TOKEN_HASH_HEX ||
	    unhex(code_hash, code, sizeof(code)) != 0)
		return NULL;
	/* The table of codes is made when first needed (a worker that only
	   serves the register never needs it), then kept up to date. */
	if (a->slots == 0)
		rehash(a);
	for (s = code_slot(code, a->slots); a->by_code[s] != 0;
	    s = (s + 1) & (a->slots - 1)) {
		r = &a->v[a->by_code[s] - 1];
		if (memcmp(r->code, code, APP_CODE_KEY) == 0)
			return r;
	}
	return NULL;
}

const struct app_rec *
apps_by_id(const struct apps *a, const char *id)
{
	const struct apps_year *y;
	int year, seq;

	if (parse_id(id, &year, &seq) != 0 || (y = year_of(a, year)) == NULL ||
	    (size_t)seq > y->cap || y->by[seq - 1] == 0)
		return NULL;
	return &a->v[y->by[seq - 1] - 1];
}

const char *
apps_agency(const struct apps *a, const struct app_rec *r)
{
	return r->agency < a->nagency ? a->agency[r->agency] : "";
}

const char *
apps_subject(const struct apps *a, const struct app_rec *r)
{
	return r->subject != 0 ? a->text.s + r->subject - 1 : NULL;
}

static int
on_full(void *ctx, char *const *f, size_t n)
{
	char **vals = ctx;
	size_t i;

	(void)n;
	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = xstrdup(f[COL_FIELDS + i]);
	return 0;
}

int
apps_read_fields(const struct apps *a, const struct app_rec *r, char **vals)
{
	return store_read_row(&a->st, r->off, on_full, vals) ==
	    STORE_OK ? 0 : -1;
}

int
apps_next_seq(const struct apps *a, int year)
{
	const struct apps_year *y = year_of(a, year);

	return y == NULL ? 1 : (int)y->max + 1;
}

void
app_fill_row(const struct apps *a, char *const *vals, const struct app_new *how,
    const char *id, const char *when, const char *code_hash, const char **row)
{
	size_t i;

	row[COL_ID] = id;
	row[COL_AGENCY] = how->agency != NULL ? how->agency : a->site->agency;
	row[COL_CHANNEL] = how->channel;
	row[COL_STATE] = how->received[0] == '\0' ? "待确认收到" : "办理中";
	row[COL_SUBMITTED] = when;
	row[COL_RECEIVED] = how->received;
	for (i = 0; i < APP_FIELD__MAX; i++)
		row[COL_FIELDS + i] = vals[i];
	row[COL_CODE_HASH] = code_hash;
	row[COL_FORM_ID] = how->form_id != NULL ? how->form_id : "";
}

enum app_err
apps_submit(struct apps *a, char *const *vals, const struct app_new *how,
    time_t now, char id[16], char code[TOKEN_CODE_SHOWN + 1],
    const struct app_rec **dup)
{
	const char *row[COL__MAX];
	char norm[TOKEN_CODE_CHARS + 1], hash[TOKEN_HASH_HEX + 1], when[SITE_TIME_LEN];
	struct tm tm;
	enum store_err e;
	int year, seq;

	*dup = NULL;
	if ((e = store_lock(&a->st)) != STORE_OK)
		return e == STORE_ENOSPC ? APP_ENOSPC : APP_EIO;
	if (how->form_id != NULL && (*dup = form_seen(a, how->form_id)) != NULL) {
		store_unlock(&a->st);
		return APP_DUP;
	}
	site_localtime(a->site, now, &tm);
	site_isotime(a->site, now, when);
	year = tm.tm_year + 1900;
	seq = apps_next_seq(a, year);
	if (year < 1000 || year > 9999 || seq > 999999) {
		store_unlock(&a->st);
		return APP_EIO;		/* the id format has no room */
	}
	(void)snprintf(id, 16, "%04u-%06u", (unsigned)year % 10000u,
	    (unsigned)seq % 1000000u);
	if (!how->keep_code)
		token_code_new(code);
	(void)token_code_parse(code, norm);
	token_code_hash(norm, hash);

	app_fill_row(a, vals, how, id, when, hash, row);
	e = store_append(&a->st, row);
	store_unlock(&a->st);
	if (e != STORE_OK)
		return e == STORE_ENOSPC ? APP_ENOSPC : APP_EIO;
	return APP_OK;
}

void
apps_names(const struct apps *a, size_t i, char *who, size_t whosz,
    char *subject, size_t subsz)
{
	const char *p, *f[4];
	size_t k, len;

	who[0] = subject[0] = '\0';
	if (!a->keep_names || i >= a->n)
		return;
	p = a->names.s + a->name_at[i];
	for (k = 0; k < 4; k++) {
		f[k] = p;
		p += strcspn(p, "\x1f");
		if (*p == '\x1f')
			p++;
	}
	/* A citizen's name, else the organisation's. */
	p = f[0][0] != '\x1f' && f[0][0] != '\0' ? f[0] : f[1];
	len = strcspn(p, "\x1f");
	(void)snprintf(who, whosz, "%.*s", (int)len, p);
	(void)snprintf(subject, subsz, "%s", f[3]);
}

size_t
apps_find_by_name(const struct apps *a, const char *q, size_t *out, size_t max)
{
	size_t i, n = 0;

	if (q[0] == '\0' || !a->keep_names)
		return 0;
	for (i = 0; i < a->n && n < max; i++)
		if (strstr(a->names.s + a->name_at[i], q) != NULL)
			out[n++] = i;
	return n;
}
