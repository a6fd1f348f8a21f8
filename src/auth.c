/* auth: staff, sessions, CSRF, throttling, audit.  See include/ogi/auth.h. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ogi/auth.h"
#include "ogi/buf.h"
#include "ogi/site.h"
#include "auth-int.h"

const char *const auth_staff_header[] = { "login", "name", "role", "agency",
    "hash", "disabled", "gen", "created", "email" };
static const char *const audit_header[] = { "time", "login", "event", "detail" };
static const char *const sess_header[] = { "session", "time", "event" };
_Static_assert(sizeof(auth_staff_header) / sizeof(auth_staff_header[0]) == STAFF_COLS,
    "staff.csv's columns");
_Static_assert(AUTH_HASH_MAX >= crypto_pwhash_STRBYTES, "room for a hash");

/* What audit.csv says in place of a login name it does not record. */
#define INVALID_LOGIN	"(无效登录名)"
#define UNKNOWN_LOGIN	"(未知登录名)"
#define LABEL_MAX	(AUTH_LOGIN_MAX + 8)

#define ADDRS_MAX	1024	/* addresses remembered */
#define GHOSTS_MAX	1024	/* unknown login names remembered */
#define AGG_MAX		256	/* aggregated rows waiting for their minute */
#define HELD_MAX	1024
#define FORGET_SECONDS	(24 * 3600)

enum agg_kind { AGG_UNKNOWN, AGG_REFUSED };

struct auth_agg {
	enum agg_kind	 kind;
	char		 login[LABEL_MAX];
	char		 addr[AUTH_ADDR_MAX];
	const char	*why;		/* a literal */
	time_t		 minute, last;
	unsigned	 n;
};

struct auth_held {
	char	 login[LABEL_MAX];
	time_t	 until;
};


const char *
auth_role_name(enum auth_role r)
{
	return r == ROLE_ADMIN ? "admin" : "clerk";
}

int
auth_login_ok(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_' || *s == '.' || *s == '-'))
			return 0;
	return n >= 1 && n <= AUTH_LOGIN_MAX;
}

/* An address as it is counted: IPv4 as is, IPv6 by its /64 (a host has
   a whole /64 to pick from), anything else as one "?". */
static void
addr_norm(const char *in, char out[AUTH_ADDR_MAX])
{
	unsigned char b[16];
	struct in_addr v4;
	size_t n;

	out[0] = '\0';
	if (in == NULL || *in == '\0')
		return;
	if (inet_pton(AF_INET, in, &v4) == 1) {
		(void)inet_ntop(AF_INET, &v4, out, AUTH_ADDR_MAX);
		return;
	}
	if (inet_pton(AF_INET6, in, b) == 1) {
		if (IN6_IS_ADDR_V4MAPPED((const struct in6_addr *)(void *)b)) {
			memcpy(&v4, b + 12, 4);
			(void)inet_ntop(AF_INET, &v4, out, AUTH_ADDR_MAX);
			return;
		}
		memset(b + 8, 0, 8);
		if (inet_ntop(AF_INET6, b, out, AUTH_ADDR_MAX - 3) != NULL) {
			n = strlen(out);
			memcpy(out + n, "/64", 4);
			return;
		}
	}
	memcpy(out, "?", 2);
}

/* The address that starts a login row's detail ("-": none). */
static void
detail_addr(const char *detail, char out[AUTH_ADDR_MAX])
{
	size_t n = strcspn(detail, " ");

	if (n == 0 || n >= AUTH_ADDR_MAX || (n == 1 && detail[0] == '-'))
		n = 0;
	memcpy(out, detail, n);
	out[n] = '\0';
}

void
auth_free_staff(struct auth *a)
{
	size_t i;

	for (i = 0; i < a->nstaff; i++) {
		struct staff *s = &a->staff[i];

		free(s->login);
		free(s->name);
		free(s->agency);
		if (s->hash != NULL)
			sodium_memzero(s->hash, strlen(s->hash));
		free(s->hash);
		free(s->created);
		free(s->email);
	}
	free(a->staff);
	a->staff = NULL;
	a->nstaff = 0;
}

static void
on_staff_reset(void *ctx)
{
	auth_free_staff(ctx);
}

static int
on_staff(void *ctx, char *const *f, size_t n)
{
	struct auth *a = ctx;
	struct staff *s;

	(void)n;
	a->staff = xreallocarray(a->staff, a->nstaff + 1, sizeof(*a->staff));
	s = &a->staff[a->nstaff++];
	s->login = xstrdup(f[S_LOGIN]);
	s->name = xstrdup(f[S_NAME]);
	s->role = strcmp(f[S_ROLE], "admin") == 0 ? ROLE_ADMIN : ROLE_CLERK;
	s->agency = xstrdup(f[S_AGENCY]);
	s->hash = xstrdup(f[S_HASH]);
	s->disabled = strcmp(f[S_DISABLED], "1") == 0;
	s->gen = (unsigned)strtoul(f[S_GEN], NULL, 10);
	s->created = xstrdup(f[S_CREATED]);
	s->email = xstrdup(f[S_EMAIL]);
	return 0;
}

/* ---- Counting failures: per login, per address. ---- */

static void
ls_forget(struct auth *a, size_t i)
{
	if (a->ls[i].ghost)
		a->nghosts--;
	free(a->ls[i].login);
	a->ls[i] = a->ls[--a->nls];
}

/* The state of a login, made when missing.  A ghost (a login without an
   account) is kept in memory only, and the least recently used makes room
   for a new one.  The pointer lasts until the next call. */
static struct login_state *
state_of(struct auth *a, const char *login, int ghost, time_t now)
{
	struct login_state *ls;
	size_t i, old = 0;

	for (i = 0; i < a->nls; i++)
		if (strcmp(a->ls[i].login, login) == 0) {
			ls = &a->ls[i];
			if (ls->ghost && !ghost) {
				ls->ghost = 0;
				a->nghosts--;
			}
			if (now > ls->used)
				ls->used = now;
			return ls;
		}
	if (ghost && a->nghosts >= GHOSTS_MAX) {
		for (i = 0; i < a->nls; i++)
			if (a->ls[i].ghost && (!a->ls[old].ghost ||
			    a->ls[i].used < a->ls[old].used))
				old = i;
		ls_forget(a, old);
	}
	a->ls = xreallocarray(a->ls, a->nls + 1, sizeof(*a->ls));
	ls = &a->ls[a->nls++];
	memset(ls, 0, sizeof(*ls));
	ls->login = xstrdup(login);
	ls->ghost = ghost;
	ls->used = now;
	if (ghost)
		a->nghosts++;
	return ls;
}

static void
ls_clear(struct login_state *ls)
{
	ls->fails = 0;
	ls->naddrs = 0;
}

/* An address, as a login's state tells addresses apart (FNV-1a). */
static uint64_t
addr_tag(const char *addr)
{
	uint64_t h = 14695981039346656037ull;

	for (; *addr != '\0'; addr++)
		h = (h ^ (unsigned char)*addr) * 1099511628211ull;
	return h;
}

static void
ls_fail(struct login_state *ls, const char *addr)
{
	uint64_t tag;
	int i;

	ls->fails++;
	if (addr[0] == '\0')
		return;
	tag = addr_tag(addr);
	for (i = 0; i < ls->naddrs; i++)
		if (ls->addrs[i] == tag)
			return;
	if (ls->naddrs < AUTH_LOCK_ADDRS)
		ls->addrs[ls->naddrs++] = tag;
}

static const struct auth_addr *
addr_get(const struct auth *a, const char *addr)
{
	size_t i;

	for (i = 0; i < a->naddrs; i++)
		if (strcmp(a->addrs[i].addr, addr) == 0)
			return &a->addrs[i];
	return NULL;
}

static struct auth_addr *
addr_find(struct auth *a, const char *addr, int make)
{
	size_t i, old = 0;

	for (i = 0; i < a->naddrs; i++)
		if (strcmp(a->addrs[i].addr, addr) == 0)
			return &a->addrs[i];
	if (!make)
		return NULL;
	if (a->naddrs == ADDRS_MAX) {
		/* The one quiet the longest makes room. */
		for (i = 1; i < a->naddrs; i++)
			if (a->addrs[i].last < a->addrs[old].last)
				old = i;
		i = old;
	} else {
		a->addrs = xreallocarray(a->addrs, a->naddrs + 1,
		    sizeof(*a->addrs));
		i = a->naddrs++;
	}
	memset(&a->addrs[i], 0, sizeof(a->addrs[i]));
	(void)snprintf(a->addrs[i].addr, AUTH_ADDR_MAX, "%s", addr);
	return &a->addrs[i];
}

static void
addr_fail(struct auth *a, const char *addr, unsigned n, time_t t)
{
	struct auth_addr *s;

	if (addr[0] == '\0' || n == 0)
		return;
	s = addr_find(a, addr, 1);
	if (t - s->last >= FORGET_SECONDS)
		s->fails = 0;
	s->fails += (int)n;
	if (t > s->last)
		s->last = t;
}

static int
max_failures(const struct auth *a)
{
	return a->max_failures > 0 ? a->max_failures : 1;
}

/* Seconds the address must wait before its next try (0: none). */
static long
addr_wait(const struct auth *a, const char *addr, time_t now)
{
	const struct auth_addr *s;
	long cap = a->lock_minutes > 0 ? (long)a->lock_minutes * 60 : 1;
	long delay, wait;
	int k;

	if (addr[0] == '\0' ||
	    (s = addr_get(a, addr)) == NULL ||
	    now - s->last >= FORGET_SECONDS || s->fails < max_failures(a))
		return 0;
	k = s->fails - max_failures(a);
	delay = k >= 30 ? cap : 1L << k;
	if (delay > cap)
		delay = cap;
	wait = (long)(s->last + delay - now);
	return wait > 0 ? wait : 0;
}

/* Has the login had failures enough for a lock?  With under_way, the
   tries under way count as failures (no more may begin); else only those
   that ended (it locks when the last of them has). */
static int
lock_due(const struct auth *a, const struct login_state *ls, int no_addr,
    int under_way)
{
	int addrs = max_failures(a) < AUTH_LOCK_ADDRS ? max_failures(a) :
	    AUTH_LOCK_ADDRS;
	int fails = under_way ? ls->fails : ls->fails - ls->pending;

	if (no_addr)
		return fails >= max_failures(a);
	return fails >= AUTH_LOCK_FACTOR * max_failures(a) &&
	    ls->naddrs >= addrs;
}

static time_t
parse_time(const char *s)
{
	struct tm tm;
	int oh = 0, om = 0, sign = 1;
	const char *p;

	memset(&tm, 0, sizeof(tm));
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return 0;
	if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2)
			return 0;
	}
	return timegm(&tm) - sign * (oh * 3600 + om * 60);
}

void
auth_held_drop(struct auth *a, const char *login)
{
	size_t i;

	for (i = 0; i < a->nheld;)
		if (strcmp(a->held[i].login, login) == 0)
			a->held[i] = a->held[--a->nheld];
		else
			i++;
}

/* One row of audit.csv, as it bears on logins. */
static void
apply(struct auth *a, time_t t, const char *login, const char *event,
    const char *detail)
{
	struct login_state *ls;
	struct auth_addr *s;
	char addr[AUTH_ADDR_MAX];
	int ghost = auth_staff(a, login) == NULL;

	detail_addr(detail, addr);
	if (strcmp(event, "login_attempt") == 0) {
		ls = state_of(a, login, ghost, t);
		ls_fail(ls, addr);
		ls->pending++;
		ls->tried = t;
		addr_fail(a, addr, 1, t);
	} else if (strcmp(event, "login_fail") == 0) {
		ls = state_of(a, login, ghost, t);
		if (ls->pending > 0)
			ls->pending--;	/* counted at its attempt */
		else {			/* a row from before attempts */
			ls_fail(ls, addr);
			addr_fail(a, addr, 1, t);
		}
	} else if (strcmp(event, "login_ok") == 0) {
		ls = state_of(a, login, ghost, t);
		ls_clear(ls);
		ls->pending = 0;
		ls->locked_until = 0;
		if (addr[0] != '\0' && (s = addr_find(a, addr, 0)) != NULL)
			s->fails = 0;
	} else if (strcmp(event, "locked") == 0) {
		ls = state_of(a, login, ghost, t);
		ls_clear(ls);
		ls->locked_until = t + (time_t)a->lock_minutes * 60;
	} else if (strcmp(event, "unlocked") == 0 ||
	    strcmp(event, "password_reset") == 0) {
		ls = state_of(a, login, ghost, t);
		ls_clear(ls);
		ls->locked_until = 0;
		auth_held_drop(a, login);
	} else if (strcmp(event, "login_refused") == 0) {
		/* Another process's row of the minute: this one's count of
		   the same is not written again (a process per request,
		   as under plain CGI, would write one row per refusal). */
		size_t i = a->nseen % AUTH_SEEN_MAX;

		a->seen[i] = addr_tag(login) ^ addr_tag(addr) * 31 ^
		    (uint64_t)(t / 60);
		a->nseen++;
	} else if (strcmp(event, "login_fail_unknown") == 0 && !a->flushing) {
		/* "N ADDR": counted here unless this process wrote it (its
		   count is in memory since the failures). */
		char *end;
		unsigned long n = strtoul(detail, &end, 10);

		if (*end == ' ' && n > 0 && n < 1000000) {
			detail_addr(end + 1, addr);
			addr_fail(a, addr, (unsigned)n, t);
		}
	}
}

static int
on_audit(void *ctx, char *const *f, size_t n)
{
	(void)n;
	apply(ctx, parse_time(f[0]), f[1], f[2], f[3]);
	return 0;
}

static void
on_audit_reset(void *ctx)
{
	struct auth *a = ctx;
	size_t i;

	for (i = 0; i < a->nls; i++)
		free(a->ls[i].login);
	free(a->ls);
	a->ls = NULL;
	a->nls = 0;
	a->nghosts = 0;
	free(a->addrs);
	a->addrs = NULL;
	a->naddrs = 0;
	a->audit_reset = 1;
}

/* After audit.csv was read afresh: what only memory holds, again. */
static void
restore(struct auth *a)
{
	struct login_state *ls;
	size_t i;

	if (!a->audit_reset)
		return;
	a->audit_reset = 0;
	for (i = 0; i < a->nheld; i++) {
		ls = state_of(a, a->held[i].login,
		    auth_staff(a, a->held[i].login) == NULL, 0);
		if (a->held[i].until > ls->locked_until)
			ls->locked_until = a->held[i].until;
	}
	for (i = 0; i < a->nagg; i++)
		if (a->agg[i].kind == AGG_UNKNOWN)
			addr_fail(a, a->agg[i].addr, a->agg[i].n, a->agg[i].last);
}

static enum store_err
audit_lock(struct auth *a)
{
	enum store_err e = store_lock(&a->audit_st);

	restore(a);
	return e;
}

static int
on_sess(void *ctx, char *const *f, size_t n)
{
	struct auth *a = ctx;

	(void)n;
	a->revoked = xreallocarray(a->revoked, a->nrevoked + 1, sizeof(char *));
	a->revoked[a->nrevoked++] = xstrdup(f[0]);
	return 0;
}

static void
on_sess_reset(void *ctx)
{
	struct auth *a = ctx;
	size_t i;

	for (i = 0; i < a->nrevoked; i++)
		free(a->revoked[i]);
	free(a->revoked);
	a->revoked = NULL;
	a->nrevoked = 0;
}

void
auth_open(struct auth *a, const struct site *site, const unsigned char *key)
{
	char *p;

	memset(a, 0, sizeof(*a));
	a->site = site;
	a->key = key;
	token_key_derive(key, TOKEN_FOR_SESSION, a->sess_key);
	token_key_derive(key, TOKEN_FOR_CSRF, a->csrf_key);
	a->idle_minutes = site->session_idle_minutes;
	a->max_failures = site->login_max_failures;
	a->lock_minutes = site->login_lock_minutes;
	p = site_data_path(site, "staff.csv");
	store_init(&a->staff_st, p, auth_staff_header, STAFF_COLS, on_staff,
	    on_staff_reset, a);
	a->staff_st.min_cols = STAFF_COLS_OLD;
	free(p);
	p = site_data_path(site, "audit.csv");
	store_init(&a->audit_st, p, audit_header, 4, on_audit, on_audit_reset, a);
	free(p);
	p = site_data_path(site, "sessions.csv");
	store_init(&a->sess_st, p, sess_header, 3, on_sess, on_sess_reset, a);
	free(p);
}

static enum store_err flush(struct auth *, time_t now, int all);

void
auth_close(struct auth *a)
{
	if (a->nagg > 0) {
		/* The last minute's counts go to the file now. */
		if (audit_lock(a) != STORE_OK || flush(a, 0, 1) != STORE_OK)
			fprintf(stderr, "ogi: audit.csv: %zu rows of refused "
			    "logins could not be written\n", a->nagg);
		store_unlock(&a->audit_st);
	}
	auth_free_staff(a);
	on_audit_reset(a);
	on_sess_reset(a);
	free(a->agg);
	free(a->held);
	free(a->gone);
	store_free(&a->staff_st);
	store_free(&a->audit_st);
	store_free(&a->sess_st);
	sodium_memzero(a->sess_key, sizeof(a->sess_key));
	sodium_memzero(a->csrf_key, sizeof(a->csrf_key));
}

enum store_err
auth_refresh(struct auth *a)
{
	enum store_err e;

	if ((e = store_refresh(&a->staff_st)) != STORE_OK)
		return e;
	e = store_refresh(&a->audit_st);
	restore(a);
	if (e != STORE_OK)
		return e;
	return store_refresh(&a->sess_st);
}

const struct staff *
auth_staff(const struct auth *a, const char *login)
{
	size_t i;

	for (i = 0; i < a->nstaff; i++)
		if (strcmp(a->staff[i].login, login) == 0)
			return &a->staff[i];
	return NULL;
}

/* ---- audit.csv ---- */

/* A row, audit.csv locked. */
static enum store_err
audit_put(struct auth *a, time_t t, const char *login, const char *event,
    const char *detail)
{
	char when[SITE_TIME_LEN];
	const char *row[4];
	enum store_err e;

	site_isotime(a->site, t, when);
	row[0] = when;
	row[1] = login;
	row[2] = event;
	row[3] = detail != NULL ? detail : "";
	e = store_append(&a->audit_st, row);
	a->audit_full = e != STORE_OK;
	if (e != STORE_OK)
		fprintf(stderr, "ogi: audit.csv: %s: %s\n", event, store_strerror(e));
	return e;
}

enum store_err
auth_audit(struct auth *a, time_t now, const char *login, const char *event,
    const char *detail)
{
	enum store_err e;

	if ((e = audit_lock(a)) == STORE_OK)
		e = audit_put(a, now, auth_login_ok(login) ? login : INVALID_LOGIN,
		    event, detail);
	else {
		a->audit_full = 1;
		fprintf(stderr, "ogi: audit.csv: cannot lock: %s\n",
		    store_strerror(e));
	}
	store_unlock(&a->audit_st);
	return e;
}

static int
seen_refusal(const struct auth *a, const struct auth_agg *g)
{
	uint64_t k = addr_tag(g->login) ^ addr_tag(g->addr) * 31 ^
	    (uint64_t)g->minute;
	size_t i, n = a->nseen < AUTH_SEEN_MAX ? a->nseen : AUTH_SEEN_MAX;

	for (i = 0; i < n; i++)
		if (a->seen[i] == k)
			return 1;
	return 0;
}

/* Write the aggregated rows whose minute is over (all: every one), audit.csv
   locked.  What cannot be written is kept for the next time. */
static enum store_err
flush(struct auth *a, time_t now, int all)
{
	char detail[AUTH_ADDR_MAX + 48];
	enum store_err e = STORE_OK;
	struct auth_agg *g;
	size_t i, o = 0;

	for (i = 0; i < a->nagg; i++) {
		g = &a->agg[i];
		if (e == STORE_OK && g->kind == AGG_REFUSED &&
		    (all || g->minute < now / 60) && seen_refusal(a, g))
			continue;	/* its minute has its row already */
		if (e == STORE_OK && (all || g->minute < now / 60)) {
			if (g->kind == AGG_UNKNOWN)
				(void)snprintf(detail, sizeof(detail), "%u %s", g->n,
				    g->addr[0] != '\0' ? g->addr : "-");
			else
				(void)snprintf(detail, sizeof(detail), "%u %s %s", g->n,
				    g->addr[0] != '\0' ? g->addr : "-", g->why);
			a->flushing = 1;
			e = audit_put(a, g->last, g->login, g->kind == AGG_UNKNOWN ?
			    "login_fail_unknown" : "login_refused", detail);
			a->flushing = 0;
			if (e == STORE_OK)
				continue;
		}
		a->agg[o++] = *g;
	}
	a->nagg = o;
	return e;
}

/* Count one more in the row of its address and minute, audit.csv locked. */
static void
agg_add(struct auth *a, enum agg_kind kind, const char *login,
    const char *addr, const char *why, time_t now)
{
	struct auth_agg *g;
	size_t i;

	for (i = 0; i < a->nagg; i++) {
		g = &a->agg[i];
		if (g->kind == kind && g->minute == now / 60 && g->why == why &&
		    strcmp(g->login, login) == 0 && strcmp(g->addr, addr) == 0) {
			g->n++;
			if (now > g->last)
				g->last = now;
			return;
		}
	}
	if (a->nagg == AGG_MAX && flush(a, now, 1) != STORE_OK) {
		a->agg[AGG_MAX - 1].n++;	/* full and unwritable: lumped */
		return;
	}
	a->agg = xreallocarray(a->agg, a->nagg + 1, sizeof(*a->agg));
	g = &a->agg[a->nagg++];
	memset(g, 0, sizeof(*g));
	g->kind = kind;
	(void)snprintf(g->login, sizeof(g->login), "%s", login);
	(void)snprintf(g->addr, sizeof(g->addr), "%s", addr);
	g->why = why;
	g->minute = now / 60;
	g->last = now;
	g->n = 1;
}

/* A lock that audit.csv did not take: it holds in memory. */
static void
hold(struct auth *a, const char *login, time_t until, time_t now)
{
	size_t i;

	for (i = 0; i < a->nheld;)
		if (a->held[i].until <= now)
			a->held[i] = a->held[--a->nheld];
		else
			i++;
	if (a->nheld == HELD_MAX)
		return;
	a->held = xreallocarray(a->held, a->nheld + 1, sizeof(*a->held));
	(void)snprintf(a->held[a->nheld].login, LABEL_MAX, "%s", login);
	a->held[a->nheld++].until = until;
}

/* ---- Keys, cookies, tokens ---- */

/*
 * A hash to verify against when the login is unknown, so that the time
 * taken does not tell whether it exists: made with the cost of the
 * accounts' own hashes (the first account's; the interactive limits when
 * there is none), under the lock, once per cost.
 */
static const char *
dummy_hash(const struct auth *a)
{
	static char h[crypto_pwhash_STRBYTES];
	static unsigned long long have_ops;
	static size_t have_mem;
	unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	unsigned long m, t, p;

	if (a->nstaff > 0 && sscanf(a->staff[0].hash,
	    "$argon2id$v=19$m=%lu,t=%lu,p=%lu$", &m, &t, &p) == 3 &&
	    t >= crypto_pwhash_OPSLIMIT_MIN && t <= 64 &&
	    m * 1024 >= crypto_pwhash_MEMLIMIT_MIN && m <= 4ul * 1024 * 1024) {
		ops = t;
		mem = (size_t)m * 1024;
	}
	if (h[0] != '\0' && ops == have_ops && mem == have_mem)
		return h;
	if (crypto_pwhash_str(h, "not a password", 14, ops, mem) != 0) {
		h[0] = '\0';
		return h;
	}
	have_ops = ops;
	have_mem = mem;
	return h;
}

/* The name a login's state goes by. */
static const char *
state_name(const struct auth_attempt *t)
{
	return t->login[0] != '\0' ? t->login : INVALID_LOGIN;
}

/* A try refused unchecked: counted in its address's row of the minute. */
static void
refused(struct auth *a, const struct auth_attempt *t, const char *why,
    time_t now)
{
	agg_add(a, AGG_REFUSED, t->known ? t->login : UNKNOWN_LOGIN, t->addr,
	    why, now);
}

/* Lock the login now: "locked" in audit.csv when it has an account and
   the file can be written, else held in memory.  The error, for a login
   with an account. */
static enum store_err
lock_login(struct auth *a, const struct auth_attempt *t, int can_write,
    time_t now)
{
	struct login_state *ls = state_of(a, state_name(t), !t->known, now);
	char detail[64];
	enum store_err e = STORE_EIO;

	(void)snprintf(detail, sizeof(detail), "%d failures from %d addresses",
	    ls->fails, ls->naddrs);
	if (t->known && can_write)
		e = audit_put(a, now, t->login, "locked", detail);
	if (e != STORE_OK) {
		/* Held in memory: a full disk does not lift it. */
		ls = state_of(a, state_name(t), !t->known, now);
		ls_clear(ls);
		ls->locked_until = now + (time_t)a->lock_minutes * 60;
		hold(a, state_name(t), ls->locked_until, now);
	}
	return t->known ? e : STORE_OK;
}

enum auth_result
auth_login_begin(struct auth *a, const char *login, const char *addr,
    time_t now, struct auth_attempt *t)
{
	const struct staff *who;
	struct login_state *ls;
	const char *h;
	long wait;

	memset(t, 0, sizeof(*t));
	t->no_addr = addr == NULL || *addr == '\0';
	addr_norm(addr, t->addr);
	if (auth_login_ok(login))
		memcpy(t->login, login, strlen(login) + 1);
	if (auth_refresh(a) != STORE_OK || audit_lock(a) != STORE_OK) {
		store_unlock(&a->audit_st);
		return AUTH_EIO;
	}
	(void)flush(a, now, 0);
	who = t->login[0] != '\0' ? auth_staff(a, t->login) : NULL;
	t->known = who != NULL;
	/* The address first: a try too early is not checked at all. */
	if ((wait = addr_wait(a, t->addr, now)) > 0) {
		refused(a, t, "throttled", now);
		store_unlock(&a->audit_st);
		t->by_address = 1;
		t->retry_after = wait;
		return AUTH_LOCKED;
	}
	ls = state_of(a, state_name(t), !t->known, now);
	/* Failures enough for a lock, and no try under way that will lock it
	   when it ends (one begun a minute ago is not coming back): lock. */
	if (ls->locked_until <= now && lock_due(a, ls, t->no_addr, 1) &&
	    (ls->pending == 0 || now - ls->tried >= 60))
		(void)lock_login(a, t, 1, now);
	ls = state_of(a, state_name(t), !t->known, now);
	if (ls->locked_until > now || lock_due(a, ls, t->no_addr, 1)) {
		refused(a, t, "locked", now);
		store_unlock(&a->audit_st);
		t->retry_after = ls->locked_until > now ?
		    (long)(ls->locked_until - now) : 1;
		return AUTH_LOCKED;
	}
	if (who != NULL) {
		if (strlen(who->hash) >= sizeof(t->hash))
			h = "";		/* not a hash: never verifies */
		else
			h = who->hash;
		t->gen = who->gen;
		memcpy(t->hash, h, strlen(h) + 1);
		/* Counted before it is checked: a try that cannot be
		   recorded is not made. */
		if (audit_put(a, now, t->login, "login_attempt",
		    t->addr[0] != '\0' ? t->addr : "-") != STORE_OK) {
			store_unlock(&a->audit_st);
			sodium_memzero(t->hash, sizeof(t->hash));
			return AUTH_EIO;
		}
	} else {
		h = dummy_hash(a);
		/* On a disk known to be full, write the row at once: answer
		   as a known login would. */
		agg_add(a, AGG_UNKNOWN, UNKNOWN_LOGIN, t->addr, NULL, now);
		if (a->audit_full && flush(a, now, 1) != STORE_OK) {
			store_unlock(&a->audit_st);
			return AUTH_EIO;
		}
		ls = state_of(a, state_name(t), 1, now);
		ls_fail(ls, t->addr);
		ls->pending++;
		ls->tried = now;
		addr_fail(a, t->addr, 1, now);
		memcpy(t->hash, h, strlen(h) + 1);
		/* Wait for a sync as a known login's answer does. */
		(void)store_touch(&a->audit_st);
	}
	store_unlock(&a->audit_st);
	t->begun = 1;
	return AUTH_OK;
}

void
auth_login_verify(struct auth_attempt *t, const char *password)
{
	int ok;

	ok = t->hash[0] != '\0' &&
	    crypto_pwhash_str_verify(t->hash, password, strlen(password)) == 0;
	t->verified = ok && t->known;
	sodium_memzero(t->hash, sizeof(t->hash));
	t->checked = 1;
}

enum auth_result
auth_login_end(struct auth *a, struct auth_attempt *t, time_t now,
    struct session *s)
{
	const struct staff *who = NULL;
	struct login_state *ls;
	enum store_err e, el = STORE_OK;
	char detail[AUTH_ADDR_MAX + 16];
	const char *addr = t->addr[0] != '\0' ? t->addr : "-";
	int fresh;

	if (!t->begun || !t->checked)
		return AUTH_EIO;	/* a program error: no session */
	t->begun = 0;
	fresh = store_refresh(&a->staff_st) == STORE_OK;
	e = audit_lock(a);
	if (t->known)
		who = auth_staff(a, t->login);
	/* Still the account whose hash was checked, and not disabled. */
	if (t->verified && fresh && who != NULL && !who->disabled &&
	    who->gen == t->gen) {
		if (e == STORE_OK)
			e = audit_put(a, now, t->login, "login_ok", addr);
		if (e == STORE_OK)
			(void)flush(a, now, 0);
		store_unlock(&a->audit_st);
		if (e != STORE_OK)
			return AUTH_EIO;	/* the try stays a failure */
		auth_new_session(a, who, now, s);
		return AUTH_OK;
	}
	/* Anything else is a wrong password, down to the rows written. */
	if (t->known && e == STORE_OK) {
		(void)snprintf(detail, sizeof(detail), "%s%s", addr,
		    t->verified ? " disabled" : "");
		e = audit_put(a, now, t->login, "login_fail", detail);
	}
	ls = state_of(a, state_name(t), !t->known, now);
	if ((!t->known || e != STORE_OK) && ls->pending > 0)
		ls->pending--;		/* no row to end it */
	if (ls->locked_until <= now && lock_due(a, ls, t->no_addr, 0))
		el = lock_login(a, t, e == STORE_OK, now);
	ls = state_of(a, state_name(t), !t->known, now);
	if (e == STORE_OK)
		(void)flush(a, now, 0);
	store_unlock(&a->audit_st);
	if ((t->known && (e != STORE_OK || el != STORE_OK)) ||
	    (!t->known && a->audit_full) || !fresh)
		return AUTH_EIO;
	if (ls->locked_until > now) {
		t->retry_after = (long)(ls->locked_until - now);
		return AUTH_LOCKED;
	}
	t->retry_after = addr_wait(a, t->addr, now);
	return AUTH_BAD;
}

enum auth_result
auth_login_addr(struct auth *a, const char *login, const char *password,
    const char *addr, time_t now, struct session *s)
{
	struct auth_attempt t;
	enum auth_result r;

	if ((r = auth_login_begin(a, login, addr, now, &t)) != AUTH_OK)
		return r;
	auth_login_verify(&t, password);
	return auth_login_end(a, &t, now, s);
}

enum auth_result
auth_login(struct auth *a, const char *login, const char *password,
    time_t now, struct session *s)
{
	return auth_login_addr(a, login, password, NULL, now, s);
}

/* ---- Sessions ---- */

