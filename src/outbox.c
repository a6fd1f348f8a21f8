/*
 * outbox: the queue of tracking codes, and the sender (see outbox.h).
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "ogi/app.h"
#include "ogi/auth.h"
#include "ogi/boot.h"
#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/doc.h"
#include "ogi/fill.h"
#include "ogi/mail.h"
#include "ogi/outbox.h"
#include "ogi/site.h"
#include "ogi/store.h"

#include "outbox-int.h"
#include "store-int.h"

enum { OB_TIME, OB_KIND, OB_CASE, OB_HASH, OB_SEALED, OB_COLS };
static const char *const outbox_header[OB_COLS] = {
	"time", "kind", "case_id", "code_hash", "sealed",
};


/* The queue */

void
outbox_open(struct outbox *o, const struct site *site)
{
	char *path = site_data_path(site, "outbox.csv");

	memset(o, 0, sizeof(*o));
	store_init(&o->st, path, outbox_header, OB_COLS, NULL, NULL, NULL);
	o->st.append_only = 1;
	free(path);
	o->have_pk = token_outbox_key_load(site->data_dir, o->pk) == 0;
}

void
outbox_close(struct outbox *o)
{
	store_free(&o->st);
	memset(o, 0, sizeof(*o));
}

static int
skip_row(void *ctx, char *const *f, size_t n)
{
	(void)ctx;
	(void)f;
	(void)n;
	return 0;
}

enum store_err
outbox_queue_code(struct outbox *o, const char *kind, const char *case_id,
    const char code[TOKEN_CODE_SHOWN + 1], time_t now)
{
	char norm[TOKEN_CODE_CHARS + 1], hash[TOKEN_HASH_HEX + 1];
	char sealed[TOKEN_SEALED_LEN + 1], when[32];
	const char *row[OB_COLS];
	enum store_err e;

	if (!o->have_pk || token_code_parse(code, norm) != 0)
		return STORE_EIO;
	token_code_hash(norm, hash);
	token_code_seal(o->pk, norm, sealed);
	sodium_memzero(norm, sizeof(norm));
	(void)snprintf(when, sizeof(when), "%lld", (long long)now);
	row[OB_TIME] = when;
	row[OB_KIND] = kind;
	row[OB_CASE] = case_id;
	row[OB_HASH] = hash;
	row[OB_SEALED] = sealed;
	/* Nothing of the file is kept in memory: only appended. */
	o->st.row = skip_row;
	if ((e = store_lock(&o->st)) != STORE_OK)
		return e;
	e = store_append(&o->st, row);
	store_unlock(&o->st);
	return e;
}

/* The sender */

struct sender {
	struct boot		*b;
	struct auth		*a;
	struct ml		 m;
	struct mail_tmpl	 t;
	time_t			 now;
	cal_day			 today;
	FILE			*log;
	struct buf		 track;	/* the /track page's address */
	size_t			 sent, failed;
};

/* Is this notice due for a try now?  Not if sent, or nothing to send, or
   waiting out its back-off. */
static int
due_now(const struct sender *s, const char *key)
{
	const struct ml_ent *e = ml_find(&s->m, key);
	int mins;

	if (e == NULL || e->state == ML_TRY)
		return 1;	/* new, or a hand-over a crash cut short */
	if (e->state != ML_FAIL)
		return 0;
	mins = e->tries >= 7 ? BACKOFF_MAX : 1 << (e->tries - 1);
	if (mins > BACKOFF_MAX)
		mins = BACKOFF_MAX;
	return s->now - e->last >= (time_t)mins * 60;
}

static int
done(const struct sender *s, const char *key)
{
	const struct ml_ent *e = ml_find(&s->m, key);

	return e != NULL && (e->state == ML_SENT || e->state == ML_NONE);
}

/* Build and hand over one notice: try, sendmail, sent or fail. */
static int
hand_over(struct sender *s, const char *key, const char *case_id,
    const char *to, enum mail_kind k, const char *const *vars,
    const struct mail_part *parts, size_t nparts)
{
	struct mail_msg m;
	struct buf subj, text, msg;
	const struct ml_ent *e;
	char detail[128];
	int tries, rc = 0;

	buf_init(&subj);
	buf_init(&text);
	buf_init(&msg);
	fill_vars(&subj, s->t.subject[k], vars);
	fill_vars(&text, s->t.text[k], vars);
	memset(&m, 0, sizeof(m));
	m.from_name = s->b->site.body_name;
	m.from = s->b->site.mail_from;
	m.to = to;
	m.subject = subj.s;
	m.text = text.s;
	m.key = key;
	m.date = s->now;
	m.utc_offset = s->b->site.utc_offset;
	m.parts = parts;
	m.nparts = nparts;
	e = ml_find(&s->m, key);
	tries = (e != NULL && e->state == ML_FAIL ? e->tries : 0) + 1;
	if (mail_build(&msg, &m) != 0) {
		/* An address no MTA would take: say so once, send nothing. */
		rc = ml_write(&s->m, s->now, key, case_id, ML_NONE, 0,
		    "the address cannot go into a header");
		goto out;
	}
	if (ml_write(&s->m, s->now, key, case_id, ML_TRY, tries, "") != 0) {
		rc = -1;	/* not recorded: not sent either */
		goto out;
	}
	if (run_sendmail(s->b->site.sendmail_command, &msg, detail,
	    sizeof(detail)) == 0) {
		rc = ml_write(&s->m, s->now, key, case_id, ML_SENT, tries, "");
		s->sent++;
		if (s->log != NULL)
			fprintf(s->log, "sent %s (%s)\n", key, case_id);
	} else {
		rc = ml_write(&s->m, s->now, key, case_id, ML_FAIL, tries, detail);
		s->failed++;
		if (s->log != NULL)
			fprintf(s->log, "failed %s (%s): %s, try %d\n", key, case_id,
			    detail, tries);
	}
out:
	buf_free(&subj);
	buf_free(&text);
	buf_free(&msg);
	return rc;
}

/* What an application's notices need of its row. */
struct applicant {
	char	*vals[APP_FIELD__MAX];
	int	 have;
};

static int
applicant_read(const struct sender *s, const struct app_rec *r, struct applicant *p)
{
	memset(p, 0, sizeof(*p));
	if (apps_read_fields(&s->b->cases.apps, r, p->vals) != 0)
		return -1;
	p->have = 1;
	return 0;
}

static void
applicant_free(struct applicant *p)
{
	if (p->have)
		form_vals_free(p->vals, APP_FIELD__MAX);
	p->have = 0;
}

/* outbox.csv: the codes */

struct ob_row {
	char	*kind, *case_id, *hash, *sealed;
	time_t	 t;
};
struct ob_rows {
	struct ob_row	*v;
	size_t		 n, cap;
};

static int
on_ob(void *ctx, char *const *f, size_t n)
{
	struct ob_rows *o = ctx;
	struct ob_row *r;

	(void)n;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->v = xreallocarray(o->v, o->cap, sizeof(*o->v));
	}
	r = &o->v[o->n++];
	r->t = (time_t)strtoll(f[OB_TIME], NULL, 10);
	r->kind = xstrdup(f[OB_KIND]);
	r->case_id = xstrdup(f[OB_CASE]);
	r->hash = xstrdup(f[OB_HASH]);
	r->sealed = xstrdup(f[OB_SEALED]);
	return 0;
}

static void send_received(struct sender *, const struct app_rec *,
    struct applicant *);

static void
send_codes(struct sender *s)
{
	struct ob_rows o;
	struct store st;
	struct applicant p;
	const struct app_rec *r;
	char *path, key[64], norm[TOKEN_CODE_CHARS + 1], shown[TOKEN_CODE_SHOWN + 1];
	char when[17];
	size_t i, j, k;
	enum mail_kind kind;

	memset(&o, 0, sizeof(o));
	path = site_data_path(&s->b->site, "outbox.csv");
	store_init(&st, path, outbox_header, OB_COLS, on_ob, NULL, &o);
	free(path);
	if (store_refresh(&st) != STORE_OK && s->log != NULL)
		fprintf(s->log, "outbox.csv: cannot be read\n");
	store_free(&st);
	for (i = 0; i < o.n; i++) {
		kind = strcmp(o.v[i].kind, "code") == 0 ? MAIL_CODE : MAIL_RECEIPT;
		(void)snprintf(key, sizeof(key), "%s:%.16s", mail_kinds[kind], o.v[i].hash);
		if (done(s, key) || !due_now(s, key))
			continue;
		r = apps_by_code(&s->b->cases.apps, o.v[i].hash);
		if (r == NULL || (o.v[i].case_id[0] != '\0' &&
		    strcmp(o.v[i].case_id, r->id) != 0)) {
			/* No application came with it (the form was a
			   double, or storing it failed), or the code was
			   replaced since: a day on, nothing to send. */
			if (s->now - o.v[i].t > 24 * 60 * 60)
				(void)ml_write(&s->m, s->now, key, "", ML_NONE, 0,
				    "no case has this code");
			continue;
		}
		if (token_code_unseal(s->b->key, o.v[i].sealed, norm) != 0) {
			(void)ml_write(&s->m, s->now, key, r->id, ML_NONE, 0,
			    "not sealed to this installation");
			continue;
		}
		/* Grouped as the receipt page shows it. */
		for (j = 0, k = 0; j < TOKEN_CODE_CHARS; j++) {
			if (j > 0 && j % 5 == 0)
				shown[k++] = '-';
			shown[k++] = norm[j];
		}
		shown[k] = '\0';
		sodium_memzero(norm, sizeof(norm));
		if (applicant_read(s, r, &p) != 0)
			continue;
		if (p.vals[APP_EMAIL][0] == '\0')
			(void)ml_write(&s->m, s->now, key, r->id, ML_NONE, 0, "no address");
		else {
			app_submitted(r, when);
			{
				const char *vars[] = { "id", r->id, "body_name",
				    s->b->site.body_name, "track_url", s->track.s,
				    "code", shown, "subject", p.vals[APP_SUBJECT],
				    "submitted", when, NULL };

				(void)hand_over(s, key, r->id, p.vals[APP_EMAIL], kind,
				    vars, NULL, 0);
			}
			if (kind == MAIL_RECEIPT)
				send_received(s, r, &p);
		}
		sodium_memzero(shown, sizeof(shown));
		applicant_free(&p);
	}
	for (i = 0; i < o.n; i++) {
		free(o.v[i].kind);
		free(o.v[i].case_id);
		free(o.v[i].hash);
		sodium_memzero(o.v[i].sealed, strlen(o.v[i].sealed));
		free(o.v[i].sealed);
	}
	free(o.v);
}

/* events.csv: the steps the applicant is told of */

static off_t
ev_off(const struct event *e)
{
	return (off_t)((uint64_t)e->off_hi << 32 | e->off_lo);
}

static void
send_step(struct sender *s, const struct app_rec *r, const struct event *e)
{
	struct cases *cs = &s->b->cases;
	struct applicant p;
	struct case_view v;
	struct ev_text et;
	struct buf due, dl;
	const struct law_outcome *o;
	enum mail_kind k;
	char key[48], rd[CAL_DATE_LEN];

	switch (e->type) {
	case EV_RECEIVED:	k = MAIL_RECEIVED; break;
	case EV_SUPP_REQ:	k = MAIL_SUPPLEMENT; break;
	case EV_EXTEND:		k = MAIL_EXTENSION; break;
	case EV_ANSWER:		k = MAIL_ANSWER; break;
	default:		return;
	}
	(void)snprintf(key, sizeof(key), "ev:%lld", (long long)ev_off(e));
	if (done(s, key) || !due_now(s, key))
		return;
	if (applicant_read(s, r, &p) != 0)
		return;
	if (p.vals[APP_EMAIL][0] == '\0') {
		(void)ml_write(&s->m, s->now, key, r->id, ML_NONE, 0, "no address");
		applicant_free(&p);
		return;
	}
	if (cases_event_text(cs, e, &et) != 0) {
		applicant_free(&p);
		return;
	}
	buf_init(&due);
	buf_init(&dl);
	case_view(cs, r, s->today, &v, NULL);
	if (v.due_status == DUE_OK)
		case_due_text(cs, v.due, v.prov_from, &due);
	else
		buf_adds(&due, "（以本机关的书面告知为准）");
	if (v.supp_deadline >= 0)
		case_due_text(cs, v.supp_deadline, -1, &dl);
	cal_format(v.received, rd);
	o = k == MAIL_ANSWER ? law_outcome(&cs->law, case_ev_outcome(cs, e)) : NULL;
	{
		const char *vars[] = { "id", r->id, "body_name", s->b->site.body_name,
		    "track_url", s->track.s, "subject", p.vals[APP_SUBJECT],
		    "received", v.received >= 0 ? rd : "", "due", due.s,
		    "items", et.note, "deadline", dl.s,
		    "outcome", o != NULL ? (o->public != NULL && o->public[0] ?
		    o->public : o->label) : case_ev_outcome(cs, e), NULL };

		(void)hand_over(s, key, r->id, p.vals[APP_EMAIL], k, vars, NULL, 0);
	}
	buf_free(&due);
	buf_free(&dl);
	case_ev_text_free(&et);
	applicant_free(&p);
}

/* A case registered at the desk with its received date has no receipt
   step: its confirmation, with the due date, follows its receipt notice. */
static void
send_received(struct sender *s, const struct app_rec *r, struct applicant *p)
{
	struct cases *cs = &s->b->cases;
	struct case_view v;
	struct buf due;
	const struct event *e;
	size_t i = (size_t)(r - cs->apps.v);
	uint32_t x;
	char key[48], rd[CAL_DATE_LEN];

	for (x = i < cs->ncase ? cs->first[i] : 0; x != 0; x = e->next) {
		e = &cs->ev[x - 1];
		if (e->type == EV_RECEIVED)
			return;		/* its own notice (send_step) */
	}
	case_view(cs, r, s->today, &v, NULL);
	if (v.received < 0)
		return;
	(void)snprintf(key, sizeof(key), "recv:%s", r->id);
	if (done(s, key) || !due_now(s, key))
		return;
	buf_init(&due);
	if (v.due_status == DUE_OK)
		case_due_text(cs, v.due, v.prov_from, &due);
	else
		buf_adds(&due, "（以本机关的书面告知为准）");
	cal_format(v.received, rd);
	{
		const char *vars[] = { "id", r->id, "body_name", s->b->site.body_name,
		    "track_url", s->track.s, "subject", p->vals[APP_SUBJECT],
		    "received", rd, "due", due.s, NULL };

		(void)hand_over(s, key, r->id, p->vals[APP_EMAIL], MAIL_RECEIVED,
		    vars, NULL, 0);
	}
	buf_free(&due);
}

static void
send_steps(struct sender *s)
{
	struct cases *cs = &s->b->cases;
	const struct event *e;
	size_t i;
	uint32_t x;

	for (i = 0; i < cs->apps.n && i < cs->ncase; i++)
		for (x = cs->first[i]; x != 0; x = e->next) {
			e = &cs->ev[x - 1];
			if (ev_off(e) >= s->m.ev_from)
				send_step(s, &cs->apps.v[i], e);
		}
}

/* documents.csv: each document to the applicant, its PDF attached */

static void
send_docs(struct sender *s)
{
	struct docs *d = &s->b->docs;
	const struct doc_rec *dr;
	const struct app_rec *r;
	const struct doc_kind *kind;
	struct applicant p;
	struct mail_part part;
	struct buf pdf, name;
	const char *why, *number;
	char key[96];
	size_t i;

	for (i = 0; i < d->n; i++) {
		dr = &d->v[i];
		if (dr->off < s->m.doc_from)
			continue;
		kind = dr->kind != DOC_NONE ? &d->kinds[dr->kind] : NULL;
		if (!doc_to_applicant(kind))
			continue;
		number = doc_number(d, dr);
		(void)snprintf(key, sizeof(key), "doc:%s", number);
		if (done(s, key) || !due_now(s, key))
			continue;
		if ((r = apps_by_id(&s->b->cases.apps, dr->case_id)) == NULL ||
		    applicant_read(s, r, &p) != 0)
			continue;
		if (p.vals[APP_EMAIL][0] == '\0') {
			(void)ml_write(&s->m, s->now, key, r->id, ML_NONE, 0, "no address");
			applicant_free(&p);
			continue;
		}
		buf_init(&pdf);
		buf_init(&name);
		if (boot_pdf(s->b, dr, &pdf, &why) != 0) {
			if (s->log != NULL)
				fprintf(s->log, "%s: no PDF: %s\n", key, why);
		} else {
			buf_printf(&name, "%s-%s.pdf", r->id, kind->title);
			part.name = name.s;
			part.type = "application/pdf";
			part.data = pdf.s;
			part.len = pdf.len;
			{
				const char *vars[] = { "id", r->id, "body_name",
				    s->b->site.body_name, "track_url", s->track.s,
				    "title", kind->title, "number", number, NULL };

				(void)hand_over(s, key, r->id, p.vals[APP_EMAIL],
				    MAIL_DOCUMENT, vars, &part, 1);
			}
		}
		buf_free(&pdf);
		buf_free(&name);
		applicant_free(&p);
	}
}

/* The staff digest */

static int
case_open(enum case_state st)
{
	return st != CS_ANSWERED && st != CS_CLOSED;
}

static void
digest_line(struct sender *s, struct buf *b, const struct app_rec *r, cal_day due)
{
	struct applicant p;
	char ds[CAL_DATE_LEN];

	cal_format(due, ds);
	buf_printf(b, "- %s  答复期限 %s  ", r->id, ds);
	if (applicant_read(s, r, &p) == 0) {
		buf_adds(b, p.vals[APP_SUBJECT]);
		applicant_free(&p);
	}
	buf_addc(b, '\n');
}

static void
send_digest(struct sender *s)
{
	struct cases *cs = &s->b->cases;
	const struct staff *st;
	const struct case_sum *sum;
	const struct app_rec *r;
	struct buf due, over, fails;
	const char *to;
	char key[96], ds[CAL_DATE_LEN];
	cal_day lim;
	size_t i, k;
	struct tm tm;
	int admin;

	site_localtime(&s->b->site, s->now, &tm);
	if (!cal_is_workday(&cs->cal, s->today) || tm.tm_hour < s->b->site.digest_hour)
		return;
	if (cal_add_workdays(&cs->cal, s->today, 3, &lim) != 0)
		lim = s->today + 3;
	if (auth_refresh(s->a) != STORE_OK) {
		if (s->log != NULL)
			fprintf(s->log, "digest: staff.csv cannot be read\n");
		return;
	}
	cal_format(s->today, ds);
	for (k = 0; k < s->a->nstaff; k++) {
		st = &s->a->staff[k];
		if (st->disabled || (to = st->email) == NULL || to[0] == '\0')
			continue;
		(void)snprintf(key, sizeof(key), "digest:%s:%s", ds, st->login);
		if (done(s, key) || !due_now(s, key))
			continue;
		admin = st->role == ROLE_ADMIN;
		buf_init(&due);
		buf_init(&over);
		buf_init(&fails);
		for (i = 0; i < cs->apps.n; i++) {
			r = &cs->apps.v[i];
			if (!an_reaches(&s->b->agencies, s->b->site.agency, st->agency,
			    admin, apps_agency(&cs->apps, r)))
				continue;
			sum = cases_sum(cs, i);
			if (!case_open(sum->state) || sum->due_status != DUE_OK)
				continue;
			if (sum->due < s->today)
				digest_line(s, &over, r, sum->due);
			else if (sum->due <= lim)
				digest_line(s, &due, r, sum->due);
		}
		if (admin && strcmp(st->agency, s->b->site.agency) == 0) {
			size_t j, nf = 0;

			for (j = 0; j < s->m.n; j++)
				if (s->m.v[j].state == ML_FAIL) {
					if (nf++ == 0)
						buf_adds(&fails, "\n未能发出的邮件通知（系统会继续重试）：\n");
					buf_printf(&fails, "- %s  %s  已尝试%d次\n",
					    s->m.v[j].case_id[0] ? s->m.v[j].case_id : "—",
					    s->m.v[j].key, s->m.v[j].tries);
				}
		}
		{
			const char *vars[] = { "id", "", "body_name", s->b->site.body_name,
			    "track_url", s->track.s, "date", ds, "name", st->name,
			    "due_list", due.len ? due.s : "（无）\n",
			    "overdue_list", over.len ? over.s : "（无）\n",
			    "failures", fails.s, NULL };

			(void)hand_over(s, key, "", to, MAIL_DIGEST, vars, NULL, 0);
		}
		buf_free(&due);
		buf_free(&over);
		buf_free(&fails);
	}
}

static off_t
file_size(const struct site *site, const char *name)
{
	struct stat sb;
	char *path = site_data_path(site, name);
	off_t n = stat(path, &sb) == 0 ? sb.st_size : 0;

	free(path);
	return n;
}

int
outbox_send(struct boot *b, struct auth *a, time_t now, FILE *log,
    const char **why)
{
	struct sender s;
	char *path, detail[96];
	int lk, rc = -1;

	if (b->site.mail_from[0] == '\0') {
		*why = "site.csv has no mail_from: no mail is sent";
		return -1;
	}
	path = site_data_path(&b->site, "mail.lock");
	lk = store_create(path, O_RDWR);
	free(path);
	if (lk == -1) {
		*why = "mail.lock cannot be opened";
		return -1;
	}
	if (flock(lk, LOCK_EX | LOCK_NB) == -1) {
		close(lk);
		if (log != NULL)
			fprintf(log, "another sender is at work\n");
		return 0;
	}
	memset(&s, 0, sizeof(s));
	s.b = b;
	s.a = a;
	s.now = now;
	s.log = log;
	buf_init(&s.track);
	buf_printf(&s.track, "%s/track", b->site.base_url);
	ml_open(&s.m, &b->site);
	if (mail_tmpl_load(&s.t, &b->site, why) != 0)
		goto out;
	if (store_refresh(&s.m.st) != STORE_OK) {
		*why = "mail.csv cannot be read";
		goto out;
	}
	if (cases_refresh(&b->cases) != STORE_OK || docs_refresh(&b->docs) != STORE_OK) {
		*why = "the records cannot be read";
		goto out;
	}
	if (!s.m.started) {
		/* Mail begins now: the steps on file before are not mailed. */
		(void)snprintf(detail, sizeof(detail), "events=%lld documents=%lld",
		    (long long)file_size(&b->site, "events.csv"),
		    (long long)file_size(&b->site, "documents.csv"));
		if (ml_write(&s.m, now, "", "", ML_NEW, 0, detail) != 0) {
			*why = "mail.csv cannot be written";
			goto out;
		}
		store_rewind(&s.m.st);
		if (store_refresh(&s.m.st) != STORE_OK || !s.m.started) {
			*why = "mail.csv cannot be read";
			goto out;
		}
	}
	s.today = cases_today(&b->cases, now);
	send_codes(&s);
	send_steps(&s);
	send_docs(&s);
	send_digest(&s);
	failing_write(&s.m, &b->site);
	if (log != NULL && (s.sent || s.failed))
		fprintf(log, "%zu sent, %zu failed\n", s.sent, s.failed);
	rc = 0;
out:
	mail_tmpl_free(&s.t);
	ml_close(&s.m);
	buf_free(&s.track);
	close(lk);
	return rc;
}
