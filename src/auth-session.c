/* auth: sessions — the cookie, its MAC and idle time, the CSRF token, the
   login form's token, logout.  See include/ogi/auth.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ogi/auth.h"
#include "ogi/buf.h"
#include "ogi/site.h"
#include "auth-int.h"

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

void
auth_new_session(struct auth *a, const struct staff *who, time_t now,
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

/* ---- Logins ---- */


static int
gone(const struct auth *a, const char *sid)
{
	size_t i;

	for (i = 0; i < a->ngone; i++)
		if (strcmp(a->gone[i].sid, sid) == 0)
			return 1;
	for (i = 0; i < a->nrevoked; i++)
		if (strcmp(a->revoked[i], sid) == 0)
			return 1;
	return 0;
}

int
auth_session(struct auth *a, const char *header, time_t now, struct session *s)
{
	char val[256], body[256], mac[65], login[AUTH_LOGIN_MAX + 1], sid[33];
	const char *p;
	unsigned gen;
	long long issued, seen;
	size_t n;
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
	    now - issued > SESSION_MAX_SECONDS)
		return -1;
	if (gone(a, sid))
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

int
auth_logout(struct auth *a, const struct session *s, time_t now)
{
	char when[SITE_TIME_LEN];
	const char *row[3];
	enum store_err e, ea;
	size_t i;

	/* Ended in this process whatever the disk says; forgotten once no
	   cookie of it could be taken anyway. */
	for (i = 0; i < a->ngone;)
		if (now - a->gone[i].when > SESSION_MAX_SECONDS + 60)
			a->gone[i] = a->gone[--a->ngone];
		else
			i++;
	a->gone = xreallocarray(a->gone, a->ngone + 1, sizeof(*a->gone));
	memcpy(a->gone[a->ngone].sid, s->sid, sizeof(s->sid));
	a->gone[a->ngone++].when = now;

	site_isotime(a->site, now, when);
	row[0] = s->sid;
	row[1] = when;
	row[2] = "logout";
	if ((e = store_lock(&a->sess_st)) == STORE_OK)
		e = store_append(&a->sess_st, row);
	store_unlock(&a->sess_st);
	if (e != STORE_OK)
		fprintf(stderr, "ogi: sessions.csv: logout: %s\n",
		    store_strerror(e));
	ea = auth_audit(a, now, s->who->login, "logout",
	    e != STORE_OK ? "not recorded in sessions.csv" : NULL);
	return e == STORE_OK && ea == STORE_OK ? 0 : -1;
}
