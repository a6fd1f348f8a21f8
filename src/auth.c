/* auth: staff, sessions, CSRF, lock-out, audit.  See include/ogi/auth.h. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ogi/auth.h"
#include "ogi/buf.h"
#include "ogi/site.h"

static const char *const staff_header[] = { "login", "name", "role", "agency",
    "hash", "disabled", "gen", "created" };
static const char *const audit_header[] = { "time", "login", "event", "detail" };
static const char *const sess_header[] = { "session", "time", "event" };
#define STAFF_COLS 8
enum { S_LOGIN, S_NAME, S_ROLE, S_AGENCY, S_HASH, S_DISABLED, S_GEN, S_CREATED };
_Static_assert(sizeof(staff_header) / sizeof(staff_header[0]) == STAFF_COLS,
    "staff.csv's columns");

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

static void
free_staff(struct auth *a)
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
	}
	free(a->staff);
	a->staff = NULL;
	a->nstaff = 0;
}

static void
on_staff_reset(void *ctx)
{
	free_staff(ctx);
}

static int
on_staff(void *ctx, char *const *f, size_t n)
{
	struct auth *a = ctx;
	struct staff *s;

	(void)n;
	a->staff = xreallocarray(a->staff, a->nstaff + 1, sizeof(*a->staff));
	s = &a->staff[a->nstaff++];
	s->login = xstrdup(f[0]);
	s->name = xstrdup(f[1]);
	s->role = strcmp(f[2], "admin") == 0 ? ROLE_ADMIN : ROLE_CLERK;
	s->agency = xstrdup(f[3]);
	s->hash = xstrdup(f[4]);
	s->disabled = strcmp(f[5], "1") == 0;
	s->gen = (unsigned)strtoul(f[6], NULL, 10);
	s->created = xstrdup(f[7]);
	return 0;
}

static struct login_state *
state_of(struct auth *a, const char *login)
{
	size_t i;

	for (i = 0; i < a->nls; i++)
		if (strcmp(a->ls[i].login, login) == 0)
			return &a->ls[i];
	a->ls = xreallocarray(a->ls, a->nls + 1, sizeof(*a->ls));
	memset(&a->ls[a->nls], 0, sizeof(*a->ls));
	a->ls[a->nls].login = xstrdup(login);
	return &a->ls[a->nls++];
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

static int
on_audit(void *ctx, char *const *f, size_t n)
{
	struct auth *a = ctx;
	struct login_state *ls;
	time_t t;

	(void)n;
	if (strcmp(f[2], "login_ok") != 0 && strcmp(f[2], "login_fail") != 0 &&
	    strcmp(f[2], "locked") != 0 && strcmp(f[2], "password_reset") != 0)
		return 0;
	ls = state_of(a, f[1]);
	t = parse_time(f[0]);
	if (strcmp(f[2], "login_fail") == 0)
		ls->fails++;
	else if (strcmp(f[2], "locked") == 0) {
		ls->fails = 0;
		ls->locked_until = t + (time_t)a->lock_minutes * 60;
	} else {		/* a success or a new password: start over */
		ls->fails = 0;
		ls->locked_until = 0;
	}
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
	store_init(&a->staff_st, p, staff_header, STAFF_COLS, on_staff,
	    on_staff_reset, a);
	free(p);
	p = site_data_path(site, "audit.csv");
	store_init(&a->audit_st, p, audit_header, 4, on_audit, on_audit_reset, a);
	free(p);
	p = site_data_path(site, "sessions.csv");
	store_init(&a->sess_st, p, sess_header, 3, on_sess, on_sess_reset, a);
	free(p);
}

void
auth_close(struct auth *a)
{
	free_staff(a);
	on_audit_reset(a);
	on_sess_reset(a);
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

	if ((e = store_refresh(&a->staff_st)) != STORE_OK ||
	    (e = store_refresh(&a->audit_st)) != STORE_OK)
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

enum store_err
auth_audit(struct auth *a, time_t now, const char *login, const char *event,
    const char *detail)
{
	char when[SITE_TIME_LEN];
	const char *row[4];
	enum store_err e;

	site_isotime(a->site, now, when);
	row[0] = when;
	row[1] = auth_login_ok(login) ? login : "(无效登录名)";
	row[2] = event;
	row[3] = detail != NULL ? detail : "";
	if ((e = store_lock(&a->audit_st)) == STORE_OK &&
	    (e = store_append(&a->audit_st, row)) != STORE_OK)
		fprintf(stderr, "ogi: audit.csv: %s: %s\n", event, store_strerror(e));
	else if (e != STORE_OK)
		fprintf(stderr, "ogi: audit.csv: cannot lock: %s\n", store_strerror(e));
	store_unlock(&a->audit_st);
	return e;
}

/* Cookie: login|gen|issued|seen|sid|mac (hex HMAC-SHA512-256). */
static void
mac_hex(const unsigned char *key, const char *msg, char out[65])
{
	unsigned char m[crypto_auth_BYTES];

	crypto_auth(m, (const unsigned char *)msg, strlen(msg), key);
	sodium_bin2hex(out, 65, m, sizeof(m));
}

static void
make_cookie(const struct auth *a, struct session *s, time_t issued, time_t now)
{
	char body[160], mac[65];
	unsigned char m[crypto_auth_BYTES];

	(void)snprintf(body, sizeof(body), "%s|%u|%lld|%lld|%s", s->who->login,
	    s->who->gen, (long long)issued, (long long)now, s->sid);
	mac_hex(a->sess_key, body, mac);
	(void)snprintf(s->cookie, sizeof(s->cookie), "%s|%s", body, mac);
	/* The CSRF token: a MAC of the session id under its own key. */
	crypto_auth(m, (const unsigned char *)s->sid, strlen(s->sid), a->csrf_key);
	sodium_bin2hex(s->csrf, sizeof(s->csrf), m, sizeof(m));
}

static void
new_session(struct auth *a, const struct staff *who, time_t now,
    struct session *s)
{
	unsigned char r[16];

	memset(s, 0, sizeof(*s));
	s->who = who;
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(s->sid, sizeof(s->sid), r, sizeof(r));
	make_cookie(a, s, now, now);
}

void
auth_form_new(const struct auth *a, time_t now, char out[TOKEN_FORM_LEN + 1])
{
	token_form_new_for(a->key, TOKEN_FOR_LOGIN, now, out);
}

int
auth_form_check(const struct auth *a, const char *tok, time_t now)
{
	char id[TOKEN_HASH_HEX + 1];
	time_t issued;

	if (tok == NULL || token_form_check_for(a->key, TOKEN_FOR_LOGIN, tok,
	    &issued, id) != 0)
		return -1;
	return now - issued > 3600 || issued > now + 60 ? -1 : 0;
}

/* A hash to verify against when the login is unknown, so that the time
   taken does not tell whether it exists. */
static const char *
dummy_hash(void)
{
	static char h[crypto_pwhash_STRBYTES];

	if (h[0] == '\0' && crypto_pwhash_str(h, "not a password", 14,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		h[0] = '\0';
	return h;
}

enum auth_result
auth_login(struct auth *a, const char *login, const char *password,
    time_t now, struct session *s)
{
	const struct staff *who;
	struct login_state *ls;
	int ok;

	if (auth_refresh(a) != STORE_OK)
		return AUTH_EIO;
	ls = state_of(a, auth_login_ok(login) ? login : "(无效登录名)");
	if (ls->locked_until > now) {
		auth_audit(a, now, login, "login_refused", "locked");
		return AUTH_LOCKED;
	}
	who = auth_login_ok(login) ? auth_staff(a, login) : NULL;
	ok = crypto_pwhash_str_verify(who != NULL ? who->hash : dummy_hash(),
	    password, strlen(password)) == 0 && who != NULL;
	if (ok && who->disabled) {
		auth_audit(a, now, login, "login_refused", "disabled");
		return AUTH_DISABLED;
	}
	if (!ok) {
		auth_audit(a, now, login, "login_fail", NULL);
		(void)store_refresh(&a->audit_st);
		ls = state_of(a, auth_login_ok(login) ? login : "(无效登录名)");
		if (ls->fails >= a->max_failures) {
			auth_audit(a, now, login, "locked", NULL);
			(void)store_refresh(&a->audit_st);
			return AUTH_LOCKED;
		}
		return AUTH_BAD;
	}
	auth_audit(a, now, login, "login_ok", NULL);
	new_session(a, who, now, s);
	return AUTH_OK;
}

int
auth_session(struct auth *a, const char *header, time_t now, struct session *s)
{
	char val[256], body[256], mac[65], login[AUTH_LOGIN_MAX + 1], sid[33];
	const char *p;
	unsigned gen;
	long long issued, seen;
	size_t i, n;
	int end = 0;

	if (header == NULL)
		return -1;
	/* Find "ogi_staff=" at the start or after "; ". */
	for (p = header; (p = strstr(p, AUTH_COOKIE "=")) != NULL; p++)
		if (p == header || p[-1] == ' ' || p[-1] == ';')
			break;
	if (p == NULL)
		return -1;
	p += strlen(AUTH_COOKIE "=");
	n = strcspn(p, ";");
	if (n == 0 || n >= sizeof(val))
		return -1;
	memcpy(val, p, n);
	val[n] = '\0';
	/* Split off the MAC and check it before believing anything. */
	if ((p = strrchr(val, '|')) == NULL || strlen(p + 1) != 64)
		return -1;
	memcpy(body, val, (size_t)(p - val));
	body[p - val] = '\0';
	mac_hex(a->sess_key, body, mac);
	if (sodium_memcmp(mac, p + 1, 64) != 0)
		return -1;
	if (sscanf(body, "%32[a-z0-9_.-]|%u|%lld|%lld|%32[0-9a-f]%n", login,
	    &gen, &issued, &seen, sid, &end) != 5 || body[end] != '\0')
		return -1;
	if (now - seen > (time_t)a->idle_minutes * 60 || seen > now + 60 ||
	    now - issued > 12 * 3600)
		return -1;
	for (i = 0; i < a->nrevoked; i++)
		if (strcmp(a->revoked[i], sid) == 0)
			return -1;
	memset(s, 0, sizeof(*s));
	if ((s->who = auth_staff(a, login)) == NULL || s->who->disabled ||
	    s->who->gen != gen)
		return -1;
	memcpy(s->sid, sid, sizeof(s->sid));
	make_cookie(a, s, (time_t)issued, now);
	return 0;
}

int
auth_csrf_ok(const struct session *s, const char *token)
{
	return token != NULL && strlen(token) == 64 &&
	    sodium_memcmp(token, s->csrf, 64) == 0;
}

void
auth_logout(struct auth *a, const struct session *s, time_t now)
{
	char when[SITE_TIME_LEN];
	const char *row[3];

	site_isotime(a->site, now, when);
	row[0] = s->sid;
	row[1] = when;
	row[2] = "logout";
	if (store_lock(&a->sess_st) == STORE_OK) {
		(void)store_append(&a->sess_st, row);
		store_unlock(&a->sess_st);
	}
	auth_audit(a, now, s->who->login, "logout", NULL);
}

int
auth_hash(const char *password, char **hash)
{
	char h[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str(h, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	*hash = xstrdup(h);
	sodium_memzero(h, sizeof(h));
	return 0;
}

enum change_kind { CH_ADD, CH_PASSWORD, CH_DISABLE };

struct change {
	struct auth		*a;
	enum change_kind	 what;
	const char		*login, *name, *agency, *hash;
	enum auth_role		 role;
	time_t			 now;
	char			 when[SITE_TIME_LEN];
	const char		*why;
	int			 audited;
	unsigned		 gen;	/* the account's, as written */
};

static const char *const change_event[] = {
	[CH_ADD] = "adduser", [CH_PASSWORD] = "password_reset",
	[CH_DISABLE] = "disabled",
};

/* Under staff.csv's lock, on the file as it is: check, audit, change. */
static int
change_fn(void *ctx, struct store_rows *r)
{
	struct change *c = ctx;
	long i = store_rows_find(r, S_LOGIN, c->login);
	char num[16];
	size_t row;

	if (c->what == CH_ADD && i != -1) {
		c->why = "that login exists already";
		return -1;
	}
	if (c->what != CH_ADD && i == -1) {
		c->why = "no such login";
		return -1;
	}
	/* The audit row first: a change that cannot be audited is not
	   made. */
	if (auth_audit(c->a, c->now, c->login, change_event[c->what],
	    c->what == CH_ADD ? auth_role_name(c->role) : NULL) != STORE_OK) {
		c->why = "cannot write audit.csv: nothing changed";
		return -1;
	}
	c->audited = 1;
	if (c->what == CH_ADD) {
		row = store_rows_add(r);
		store_rows_set(r, row, S_LOGIN, c->login);
		store_rows_set(r, row, S_NAME, c->name);
		store_rows_set(r, row, S_ROLE, auth_role_name(c->role));
		store_rows_set(r, row, S_AGENCY, c->agency);
		store_rows_set(r, row, S_HASH, c->hash);
		store_rows_set(r, row, S_DISABLED, "0");
		store_rows_set(r, row, S_GEN, "1");
		store_rows_set(r, row, S_CREATED, c->when);
		c->gen = 1;
		return 0;
	}
	row = (size_t)i;
	c->gen = (unsigned)strtoul(store_rows_get(r, row, S_GEN), NULL, 10) + 1;
	(void)snprintf(num, sizeof(num), "%u", c->gen);
	store_rows_set(r, row, S_GEN, num);
	if (c->what == CH_PASSWORD) {
		store_rows_set(r, row, S_HASH, c->hash);
		store_rows_set(r, row, S_DISABLED, "0");
	} else
		store_rows_set(r, row, S_DISABLED, "1");
	return 0;
}

/* Make the change in staff.csv; then in memory, as written. */
static int
change(struct auth *a, struct change *c, const char **why)
{
	struct staff *s;
	enum store_err e;

	c->a = a;
	site_isotime(a->site, c->now, c->when);
	e = store_update(a->staff_st.path, staff_header, STAFF_COLS, change_fn, c);
	if (e != STORE_OK) {
		if (e != STORE_ECALLBACK)
			c->why = store_strerror(e);
		if (c->audited)	/* best effort: the row above did not hold */
			(void)auth_audit(a, c->now, c->login, "change_failed",
			    change_event[c->what]);
		*why = c->why;
		return -1;
	}
	if (c->what == CH_ADD) {
		/* The accounts as written, read afresh (pointers into them
		   go stale, as with any new account). */
		free_staff(a);
		store_rewind(&a->staff_st);
		(void)store_refresh(&a->staff_st);
	} else if ((s = (struct staff *)(uintptr_t)auth_staff(a, c->login)) != NULL) {
		s->gen = c->gen;
		s->disabled = c->what == CH_DISABLE;
		if (c->what == CH_PASSWORD) {
			sodium_memzero(s->hash, strlen(s->hash));
			free(s->hash);
			s->hash = xstrdup(c->hash);
		}
	}
	return 0;
}

int
auth_adduser(struct auth *a, const char *login, const char *name,
    enum auth_role role, const char *agency, const char *password,
    time_t now, const char **why)
{
	struct change c;
	char *hash;
	int rc;

	if (!auth_login_ok(login)) {
		*why = "login must be 1-32 of a-z 0-9 _ . -";
		return -1;
	}
	if (strlen(password) < 10) {
		*why = "password must be at least 10 characters";
		return -1;
	}
	if (auth_hash(password, &hash) != 0) {
		*why = "out of memory while hashing";
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.what = CH_ADD;
	c.login = login;
	c.name = name != NULL && *name ? name : login;
	c.role = role;
	c.agency = agency;
	c.hash = hash;
	c.now = now;
	rc = change(a, &c, why);
	sodium_memzero(hash, strlen(hash));
	free(hash);
	return rc;
}

int
auth_set_password(struct auth *a, const char *login, const char *password,
    time_t now, const char **why)
{
	struct change c;
	char *hash;
	int rc;

	if (strlen(password) < 10) {
		*why = "password must be at least 10 characters";
		return -1;
	}
	if (auth_hash(password, &hash) != 0) {
		*why = "out of memory while hashing";
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.what = CH_PASSWORD;
	c.login = login;
	c.hash = hash;
	c.now = now;
	rc = change(a, &c, why);
	sodium_memzero(hash, strlen(hash));
	free(hash);
	return rc;
}

int
auth_disable(struct auth *a, const char *login, time_t now, const char **why)
{
	struct change c;

	memset(&c, 0, sizeof(c));
	c.what = CH_DISABLE;
	c.login = login;
	c.now = now;
	return change(a, &c, why);
}

void
auth_new_password(char out[24])
{
	static const char cs[] = "abcdefghjkmnpqrstuvwxyz23456789";
	size_t i, o = 0;

	for (i = 0; i < 20; i++) {
		if (i > 0 && i % 5 == 0)
			out[o++] = '-';
		out[o++] = cs[randombytes_uniform(sizeof(cs) - 1)];
	}
	out[o] = '\0';
}
