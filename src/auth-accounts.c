/* auth: staff accounts changed (staff.csv under one lock, audited first).
   See include/ogi/auth.h. */
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

/* ---- Account changes ---- */

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

enum change_kind { CH_ADD, CH_PASSWORD, CH_DISABLE, CH_EMAIL };

struct change {
	struct auth		*a;
	enum change_kind	 what;
	const char		*login, *name, *agency, *hash, *email;
	enum auth_role		 role;
	time_t			 now;
	char			 when[SITE_TIME_LEN];
	const char		*why;
	int			 audited;
	unsigned		 gen;	/* the account's, as written */
};

static const char *const change_event[] = {
	[CH_ADD] = "adduser", [CH_PASSWORD] = "password_reset",
	[CH_DISABLE] = "disabled", [CH_EMAIL] = "email_set",
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
		store_rows_set(r, row, S_EMAIL, "");
		c->gen = 1;
		return 0;
	}
	row = (size_t)i;
	if (c->what == CH_EMAIL) {
		/* Not a matter of access: the sessions stay. */
		store_rows_set(r, row, S_EMAIL, c->email);
		return 0;
	}
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
	e = store_update_min(a->staff_st.path, auth_staff_header, STAFF_COLS,
	    STAFF_COLS_OLD, change_fn, c);
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
		auth_free_staff(a);
		store_rewind(&a->staff_st);
		(void)store_refresh(&a->staff_st);
	} else if ((s = (struct staff *)(uintptr_t)auth_staff(a, c->login)) != NULL &&
	    c->what == CH_EMAIL) {
		free(s->email);
		s->email = xstrdup(c->email);
	} else if (s != NULL) {
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

/* A new password's hash: at least 10 characters.  0, or -1 and *why. */
static int
new_hash(const char *password, char **hash, const char **why)
{
	if (strlen(password) < 10) {
		*why = "password must be at least 10 characters";
		return -1;
	}
	if (auth_hash(password, hash) != 0) {
		*why = "out of memory while hashing";
		return -1;
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
	if (new_hash(password, &hash, why) != 0)
		return -1;
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

	if (new_hash(password, &hash, why) != 0)
		return -1;
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

int
auth_set_email(struct auth *a, const char *login, const char *email,
    time_t now, const char **why)
{
	struct change c;
	const char *at = strchr(email, '@'), *p;

	if (email[0] != '\0') {
		if (at == NULL || at == email || strchr(at, '.') == NULL ||
		    strlen(email) > 254 || strchr(at + 1, '@') != NULL) {
			*why = "not an e-mail address";
			return -1;
		}
		for (p = email; *p != '\0'; p++)
			if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
			    strchr("\"(),:;<>[\\]", *p) != NULL) {
				*why = "not an e-mail address";
				return -1;
			}
	}
	memset(&c, 0, sizeof(c));
	c.what = CH_EMAIL;
	c.login = login;
	c.email = email;
	c.now = now;
	return change(a, &c, why);
}

int
auth_unlock(struct auth *a, const char *login, const char *by, time_t now,
    const char **why)
{
	if (auth_refresh(a) != STORE_OK) {
		*why = "cannot read staff.csv or audit.csv";
		return -1;
	}
	if (!auth_login_ok(login) || auth_staff(a, login) == NULL) {
		*why = "no such login";
		return -1;
	}
	if (auth_audit(a, now, login, "unlocked", by) != STORE_OK) {
		*why = "cannot write audit.csv: not unlocked";
		return -1;
	}
	auth_held_drop(a, login);
	return 0;
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
