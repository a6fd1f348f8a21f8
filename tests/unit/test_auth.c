/*
 * Unit tests of auth: password hashes, the lock after five failed logins
 * for 15 minutes, sessions (MAC, 30 idle minutes, logout, reset), the CSRF
 * token and account changes, with the settings shipped in data/site.csv.
 *
 * Argon2id at the interactive limits costs a second or two under valgrind,
 * so most accounts are written with a hash at libsodium's minimum limits
 * (verification reads the limits from the hash); the tests of auth_hash
 * and of account changes use the real ones.
 */
#include "util.h"

#include <sys/resource.h>
#include <sys/wait.h>

#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <sodium.h>
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include "ogi/auth.h"
#include "ogi/site.h"

static struct site site;
static struct auth au;
static unsigned char key[TOKEN_KEY_BYTES];
static char *dir;
static time_t T0;	/* 2026-03-02 10:00 in Beijing */

#define PW_ZHANG	"zhang-测试-password-1"
#define PW_LI		"li-测试-password-2"

static const char *const staff_header[] = { "login", "name", "role", "agency",
    "hash", "disabled", "gen", "created" };

/* staff.csv with zhang (clerk), li (admin) and zhao, whose login starts
   as zhang's, with cheap hashes. */
static void
cheap_accounts(const char *zhang_disabled)
{
	char hz[crypto_pwhash_STRBYTES], hl[crypto_pwhash_STRBYTES], *path;
	const char *cells[24] = {
		"zhang", "张测试", "clerk", "t", hz, zhang_disabled, "1",
		"2026-01-05T09:00:00+08:00",
		"li", "李测试", "admin", "t", hl, "0", "1", "2026-01-05T09:00:00+08:00",
		"zhao", "赵测试", "clerk", "t", hl, "0", "1", "2026-01-05T09:00:00+08:00",
	};

	assert_int_equal(crypto_pwhash_str(hz, PW_ZHANG, strlen(PW_ZHANG),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	assert_int_equal(crypto_pwhash_str(hl, PW_LI, strlen(PW_LI),
	    crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN), 0);
	path = site_data_path(&site, "staff.csv");
	assert_int_equal(store_replace(path, staff_header, 8, cells, 3), STORE_OK);
	free(path);
}

static int
setup(void **state)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 2, .tm_mday = 2, .tm_hour = 2 };
	const char *why = NULL;

	(void)state;
	T0 = timegm(&tm);
	if (token_init() != 0)
		return -1;
	dir = tmpdir_new();
	if (setenv("OGI_DATA", dir, 1) != 0 || unsetenv("OGI_CONF") != 0)
		return -1;
	if (site_load(&site, &why) != 0) {		/* data/site.csv */
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	randombytes_buf(key, sizeof(key));
	cheap_accounts("0");
	auth_open(&au, &site, key);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	auth_close(&au);
	site_free(&site);
	rm_rf(dir);
	free(dir);
	return 0;
}

/* How many rows of audit.csv have this login and event (and detail). */
static int
audited_detail(const char *login, const char *event, const char *detail)
{
	char *path = site_data_path(&site, "audit.csv"), *text, *p, pat[256];
	int n = 0;

	text = read_file(path, NULL);
	free(path);
	if (text == NULL)
		return 0;
	if (detail != NULL)
		(void)snprintf(pat, sizeof(pat), "\"%s\",\"%s\",\"%s\"\n", login,
		    event, detail);
	else
		(void)snprintf(pat, sizeof(pat), "\"%s\",\"%s\"", login, event);
	for (p = text; (p = strstr(p, pat)) != NULL; p += strlen(pat))
		n++;
	free(text);
	return n;
}

static int
audited(const char *login, const char *event)
{
	return audited_detail(login, event, NULL);
}

/* Rows in audit.csv, header included. */
static int
audit_rows(void)
{
	char *path = site_data_path(&site, "audit.csv"), *text, *p;
	int n = 0;

	text = read_file(path, NULL);
	free(path);
	if (text == NULL)
		return 0;
	for (p = text; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	free(text);
	return n;
}

static enum auth_result
login(const char *who, const char *pw, time_t now, struct session *s)
{
	struct session scratch;

	return auth_login(&au, who, pw, now, s != NULL ? s : &scratch);
}

/* A request's cookie header carrying s's cookie. */
static const char *
header(const struct session *s)
{
	static char h[512];

	(void)snprintf(h, sizeof(h), "lang=zh; " AUTH_COOKIE "=%s; theme=dark",
	    s->cookie);
	return h;
}

static int
session_at(const struct session *s, time_t now, struct session *out)
{
	struct session scratch;

	assert_int_equal(auth_refresh(&au), STORE_OK);
	return auth_session(&au, header(s), now, out != NULL ? out : &scratch);
}

static void
is_hex(const char *s, size_t len)
{
	assert_int_equal(strlen(s), len);
	assert_int_equal(strspn(s, "0123456789abcdef"), len);
}

/* The shipped settings are the ones the rules below are worked out for. */
static void
shipped_settings(void **state)
{
	(void)state;
	assert_int_equal(site.session_idle_minutes, 30);
	assert_int_equal(site.login_max_failures, 5);
	assert_int_equal(site.login_lock_minutes, 15);
	assert_int_equal(au.idle_minutes, 30);
	assert_int_equal(au.max_failures, 5);
	assert_int_equal(au.lock_minutes, 15);
}

/* Argon2id at least at the interactive limits, salted, verified. */
static void
password_hash(void **state)
{
	char *h1 = NULL, *h2 = NULL;
	const char *pw = "一个-long-enough-测试口令";

	(void)state;
	assert_int_equal(auth_hash(pw, &h1), 0);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_int_equal(crypto_pwhash_str_needs_rehash(h1,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	assert_int_equal(crypto_pwhash_str_verify(h1, pw, strlen(pw)), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(h1, "一个-long-enough-测试口令!",
	    strlen(pw) + 1), 0);
	assert_int_equal(auth_hash(pw, &h2), 0);
	assert_string_not_equal(h1, h2);	/* a new salt each time */
	assert_null(strstr(h1, pw));
	free(h1);
	free(h2);
}

static void
login_names(void **state)
{
	char long_name[40];

	(void)state;
	assert_true(auth_login_ok("zhang"));
	assert_true(auth_login_ok("a.b-c_9"));
	memset(long_name, 'a', 32);
	long_name[32] = '\0';
	assert_true(auth_login_ok(long_name));
	long_name[32] = 'a';
	long_name[33] = '\0';
	assert_false(auth_login_ok(long_name));
	assert_false(auth_login_ok(""));
	assert_false(auth_login_ok("Zhang"));
	assert_false(auth_login_ok("zhang san"));
	assert_false(auth_login_ok("张三"));
	assert_false(auth_login_ok("zhang;"));
}

/* A good login: a session, audited.  Wrong password, unknown and invalid
   logins: the same answer, audited as failures; those of logins without
   an account as one row per address and minute, with their count, and
   without the name tried. */
static void
login_good_and_bad(void **state)
{
	struct session s;

	(void)state;
	assert_int_equal(login("zhang", PW_ZHANG, T0, &s), AUTH_OK);
	assert_non_null(s.who);
	assert_string_equal(s.who->login, "zhang");
	assert_string_equal(s.who->name, "张测试");
	assert_int_equal(s.who->role, ROLE_CLERK);
	is_hex(s.sid, 32);
	is_hex(s.csrf, 64);
	assert_int_equal(strncmp(s.cookie, "zhang|1|", 8), 0);
	assert_int_equal(audited("zhang", "login_ok"), 1);

	assert_int_equal(login("zhang", PW_LI, T0, NULL), AUTH_BAD);
	assert_int_equal(login("zhang", "", T0, NULL), AUTH_BAD);
	assert_int_equal(audited("zhang", "login_fail"), 2);
	assert_int_equal(login("wang", PW_ZHANG, T0, NULL), AUTH_BAD);
	assert_int_equal(login("Li Si\"", PW_LI, T0, NULL), AUTH_BAD);
	assert_int_equal(audited("wang", "login_fail"), 0);
	assert_int_equal(audited("(未知登录名)", "login_fail_unknown"), 0);
	assert_int_equal(login("li", PW_LI, T0 + 60, &s), AUTH_OK);
	assert_int_equal(audited_detail("(未知登录名)", "login_fail_unknown", "2 -"), 1);
	assert_int_equal(audited("wang", "login_attempt"), 0);
	assert_int_equal(s.who->role, ROLE_ADMIN);
	/* Each login its own account, matched whole. */
	assert_int_equal(login("zhao", PW_ZHANG, T0, NULL), AUTH_BAD);
	assert_int_equal(login("zhao", PW_LI, T0, &s), AUTH_OK);
	assert_string_equal(s.who->name, "赵测试");
	assert_null(auth_staff(&au, "zha"));
	assert_null(auth_staff(&au, "zhangs"));
}

/*
 * Five failures in a row lock the login for 15 minutes from the fifth:
 * the right password is refused meanwhile (audited, not counted), the lock
 * does not grow with more tries, and ends at 10:15:00 to the second.  Then
 * five more failures lock it again.  Other logins are not affected.
 */
static void
lockout(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(login("zhang", "wrong-password", T0 + i, NULL), AUTH_BAD);
	assert_int_equal(login("zhang", "wrong-password", T0 + 4, NULL), AUTH_LOCKED);
	assert_int_equal(audited("zhang", "login_fail"), 5);
	assert_int_equal(audited("zhang", "locked"), 1);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 5, NULL), AUTH_LOCKED);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 4 + 10 * 60, NULL), AUTH_LOCKED);
	/* Refusals: one row a minute with the count, once it is over. */
	assert_int_equal(audited_detail("zhang", "login_refused", "1 - locked"), 1);
	assert_int_equal(audited("zhang", "login_ok"), 0);
	assert_int_equal(login("li", PW_LI, T0 + 6, NULL), AUTH_OK);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 4 + 15 * 60 - 1, NULL), AUTH_LOCKED);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 4 + 15 * 60, NULL), AUTH_OK);
	for (i = 0; i < 4; i++)
		assert_int_equal(login("zhang", "wrong-password", T0 + 2000 + i, NULL),
		    AUTH_BAD);
	assert_int_equal(login("zhang", "wrong-password", T0 + 2004, NULL), AUTH_LOCKED);
	assert_int_equal(audited("zhang", "locked"), 2);
}

/* A success starts the count over; another process sees the lock. */
static void
lockout_count_and_other_reader(void **state)
{
	struct auth other;
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(login("zhang", "wrong-password", T0, NULL), AUTH_BAD);
	assert_int_equal(login("zhang", PW_ZHANG, T0, NULL), AUTH_OK);
	for (i = 0; i < 4; i++)
		assert_int_equal(login("zhang", "wrong-password", T0, NULL), AUTH_BAD);
	auth_open(&other, &site, key);
	assert_int_equal(auth_login(&other, "zhang", "wrong-password", T0, &(struct session){ 0 }),
	    AUTH_LOCKED);
	auth_close(&other);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 60, NULL), AUTH_LOCKED);
}

/* The numbers come from the site's settings. */
static void
lockout_settings(void **state)
{
	int i;

	(void)state;
	auth_close(&au);
	site.login_max_failures = 3;
	site.login_lock_minutes = 2;
	auth_open(&au, &site, key);
	for (i = 0; i < 2; i++)
		assert_int_equal(login("zhang", "wrong-password", T0, NULL), AUTH_BAD);
	assert_int_equal(login("zhang", "wrong-password", T0, NULL), AUTH_LOCKED);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 119, NULL), AUTH_LOCKED);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 120, NULL), AUTH_OK);
}

/*
 * A session lasts while it is used: each request renews the cookie, and
 * 30 minutes without one end it (30:00 is still in, 30:01 out).  A cookie
 * from the future is refused, and so is any session 12 hours after login.
 */
static void
session_idle(void **state)
{
	struct session s, r, r2;
	time_t t;

	(void)state;
	assert_int_equal(login("zhang", PW_ZHANG, T0, &s), AUTH_OK);
	assert_int_equal(session_at(&s, T0 + 1, &r), 0);
	assert_ptr_equal(r.who, auth_staff(&au, "zhang"));
	assert_string_equal(r.sid, s.sid);
	assert_string_equal(r.csrf, s.csrf);
	assert_int_equal(session_at(&s, T0 + 30 * 60, NULL), 0);
	assert_int_not_equal(session_at(&s, T0 + 30 * 60 + 1, NULL), 0);
	/* Renewed at 10:20: good until 10:50. */
	assert_int_equal(session_at(&s, T0 + 20 * 60, &r), 0);
	assert_string_not_equal(r.cookie, s.cookie);
	assert_int_equal(session_at(&r, T0 + 50 * 60, &r2), 0);
	assert_int_not_equal(session_at(&r, T0 + 50 * 60 + 1, NULL), 0);
	assert_int_not_equal(session_at(&s, T0 + 50 * 60, NULL), 0);
	/* Used at 10:00 and presented at 9:58: from the future. */
	assert_int_not_equal(session_at(&s, T0 - 120, NULL), 0);
	/* In use every 20 minutes: in at 12:00:00 after login (36 × 20
	   minutes), out at the next use. */
	r = s;
	for (t = T0 + 20 * 60; session_at(&r, t, &r2) == 0; t += 20 * 60)
		r = r2;
	assert_int_equal(t - T0, 37 * 20 * 60);
}

/* The MAC covers every part of the cookie, under this installation's key. */
static void
session_mac(void **state)
{
	struct session s, out;
	unsigned char other_key[TOKEN_KEY_BYTES];
	struct auth other;
	char forged[512], *p;

	(void)state;
	assert_int_equal(login("zhang", PW_ZHANG, T0, &s), AUTH_OK);
	assert_int_equal(session_at(&s, T0, NULL), 0);
	/* Another login, gen or time in the body: refused. */
	(void)snprintf(forged, sizeof(forged), AUTH_COOKIE "=li%s", s.cookie + 5);
	assert_int_not_equal(auth_session(&au, forged, T0, &out), 0);
	(void)snprintf(forged, sizeof(forged), AUTH_COOKIE "=%s", s.cookie);
	p = strchr(forged, '|') + 1;	/* gen 1 → 2 */
	*p = '2';
	assert_int_not_equal(auth_session(&au, forged, T0, &out), 0);
	(void)snprintf(forged, sizeof(forged), AUTH_COOKIE "=%s", s.cookie);
	p = strrchr(forged, '|') + 1;	/* the MAC's first and last digits */
	*p = *p == '0' ? '1' : '0';
	assert_int_not_equal(auth_session(&au, forged, T0, &out), 0);
	(void)snprintf(forged, sizeof(forged), AUTH_COOKIE "=%s", s.cookie);
	p = forged + strlen(forged) - 1;
	*p = *p == '0' ? '1' : '0';
	assert_int_not_equal(auth_session(&au, forged, T0, &out), 0);
	(void)snprintf(forged, sizeof(forged), AUTH_COOKIE "=%s", s.cookie);
	*strrchr(forged, '|') = '\0';	/* no MAC */
	assert_int_not_equal(auth_session(&au, forged, T0, &out), 0);
	/* Another cookie that only ends in the name; none at all. */
	(void)snprintf(forged, sizeof(forged), "x" AUTH_COOKIE "=%s", s.cookie);
	assert_int_not_equal(auth_session(&au, forged, T0, &out), 0);
	assert_int_not_equal(auth_session(&au, NULL, T0, &out), 0);
	assert_int_not_equal(auth_session(&au, "", T0, &out), 0);
	/* Another installation's key. */
	randombytes_buf(other_key, sizeof(other_key));
	auth_open(&other, &site, other_key);
	assert_int_equal(auth_refresh(&other), STORE_OK);
	assert_int_not_equal(auth_session(&other, header(&s), T0, &out), 0);
	auth_close(&other);
}

/* Logout ends that session only; a new password or a disabled account
   ends them all, even one marked disabled by hand in staff.csv. */
static void
session_end(void **state)
{
	struct session s1, s2, s3;
	const char *why = NULL;

	(void)state;
	assert_int_equal(login("zhang", PW_ZHANG, T0, &s1), AUTH_OK);
	assert_int_equal(login("zhang", PW_ZHANG, T0, &s2), AUTH_OK);
	assert_string_not_equal(s1.sid, s2.sid);
	auth_logout(&au, &s1, T0 + 60);
	assert_int_equal(audited("zhang", "logout"), 1);
	assert_int_not_equal(session_at(&s1, T0 + 61, NULL), 0);
	assert_int_equal(session_at(&s2, T0 + 61, NULL), 0);

	assert_int_equal(login("li", PW_LI, T0, &s3), AUTH_OK);
	assert_int_equal(auth_disable(&au, "zhang", T0 + 120, &why), 0);
	assert_int_not_equal(session_at(&s2, T0 + 121, NULL), 0);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 122, NULL), AUTH_BAD);
	assert_int_equal(session_at(&s3, T0 + 123, NULL), 0);

	assert_int_equal(login("li", PW_LI, T0, &s3), AUTH_OK);
	cheap_accounts("0");
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 124, &s1), AUTH_OK);
	assert_int_equal(session_at(&s1, T0 + 125, NULL), 0);
	cheap_accounts("1");		/* the same gen */
	assert_int_not_equal(session_at(&s1, T0 + 126, NULL), 0);
	assert_int_equal(session_at(&s3, T0 + 127, NULL), 0);
}

/* The CSRF token: the session's own, kept while the session is renewed,
   never another session's. */
static void
csrf(void **state)
{
	struct session s, t, r;
	char bad[65];

	(void)state;
	assert_int_equal(login("zhang", PW_ZHANG, T0, &s), AUTH_OK);
	assert_int_equal(login("zhang", PW_ZHANG, T0, &t), AUTH_OK);
	assert_true(auth_csrf_ok(&s, s.csrf));
	assert_false(auth_csrf_ok(&s, t.csrf));
	assert_false(auth_csrf_ok(&s, NULL));
	assert_false(auth_csrf_ok(&s, ""));
	memcpy(bad, s.csrf, sizeof(bad));
	bad[63] = bad[63] == 'a' ? 'b' : 'a';
	assert_false(auth_csrf_ok(&s, bad));
	bad[63] = '\0';
	assert_false(auth_csrf_ok(&s, bad));	/* a prefix */
	assert_int_equal(session_at(&s, T0 + 600, &r), 0);
	assert_true(auth_csrf_ok(&r, s.csrf));
	assert_string_not_equal(s.csrf, s.sid);
}

/*
 * ogi-admin's changes: add (checked login, password of 10 or more, no
 * second account of a login), new password (the old one stops working,
 * sessions end), disable.  staff.csv as another process reads it, and
 * every change audited.
 */
static void
account_changes(void **state)
{
	struct session s;
	struct auth other;
	const struct staff *w;
	const char *why = NULL;

	(void)state;
	assert_int_equal(auth_adduser(&au, "Wang Wu", "王测试", ROLE_CLERK, "t",
	    "wang-测试-password", T0, &why), -1);
	assert_non_null(why);
	assert_int_equal(auth_adduser(&au, "wang", "王测试", ROLE_CLERK, "t",
	    "short-pw1", T0, &why), -1);
	assert_int_equal(auth_adduser(&au, "zhang", "另一个张", ROLE_ADMIN, "t",
	    "zhang-another-password", T0, &why), -1);
	assert_int_equal(audited("zhang", "adduser"), 0);
	assert_int_equal(auth_adduser(&au, "wang", "王测试", ROLE_ADMIN, "t",
	    "wang-测试-password", T0, &why), 0);
	assert_int_equal(audited("wang", "adduser"), 1);

	auth_open(&other, &site, key);
	assert_int_equal(auth_refresh(&other), STORE_OK);
	assert_int_equal(other.nstaff, 4);
	w = auth_staff(&other, "wang");
	assert_non_null(w);
	assert_string_equal(w->name, "王测试");
	assert_int_equal(w->role, ROLE_ADMIN);
	assert_int_equal(w->gen, 1);
	assert_false(w->disabled);
	assert_string_equal(w->created, "2026-03-02T10:00:00+08:00");
	assert_null(strstr(w->hash, "wang-测试-password"));
	assert_non_null(auth_staff(&other, "zhang"));	/* the others kept */
	auth_close(&other);

	assert_int_equal(login("wang", "wang-测试-password", T0, &s), AUTH_OK);
	assert_int_equal(auth_set_password(&au, "wang", "too-short", T0, &why), -1);
	assert_int_equal(auth_set_password(&au, "nobody", "nobody-password-1", T0, &why), -1);
	assert_int_equal(auth_set_password(&au, "wang", "wang-new-password", T0 + 60,
	    &why), 0);
	assert_int_equal(audited("wang", "password_reset"), 1);
	assert_int_equal(auth_staff(&au, "wang")->gen, 2);
	assert_int_not_equal(session_at(&s, T0 + 61, NULL), 0);
	assert_int_equal(login("wang", "wang-测试-password", T0 + 62, NULL), AUTH_BAD);
	assert_int_equal(login("wang", "wang-new-password", T0 + 63, NULL), AUTH_OK);

	assert_int_equal(auth_disable(&au, "nobody", T0, &why), -1);
	assert_int_equal(auth_disable(&au, "li", T0 + 120, &why), 0);
	assert_int_equal(audited("li", "disabled"), 1);
	assert_true(auth_staff(&au, "li")->disabled);
	assert_int_equal(auth_staff(&au, "li")->gen, 2);
	assert_int_equal(login("li", PW_LI, T0 + 121, NULL), AUTH_BAD);
}

/* A new password after a lock lifts it (the admin's way out). */
static void
reset_lifts_lock(void **state)
{
	const char *why = NULL;
	int i;

	(void)state;
	for (i = 0; i < 5; i++)
		(void)login("li", "wrong-password", T0, NULL);
	assert_int_equal(login("li", PW_LI, T0 + 1, NULL), AUTH_LOCKED);
	assert_int_equal(auth_set_password(&au, "li", "li-new-password", T0 + 2,
	    &why), 0);
	assert_int_equal(login("li", "li-new-password", T0 + 3, NULL), AUTH_OK);
}

/*
 * A full disk, as tests/http/diskfull.sh makes one with a small tmpfs: here
 * no file of this process may grow (RLIMIT_FSIZE 0, SIGXFSZ ignored: a
 * write fails with EFBIG, as it would with ENOSPC).  The teardown puts the
 * limit back whatever happens.
 */
static void
disk_full(int on)
{
	struct rlimit r;

	assert_int_equal(getrlimit(RLIMIT_FSIZE, &r), 0);
	r.rlim_cur = on ? 0 : r.rlim_max;
	(void)fflush(stdout);
	(void)fflush(stderr);
	(void)signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &r), 0);
}

static int
teardown_disk(void **state)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_FSIZE, &r) == 0) {
		r.rlim_cur = r.rlim_max;
		(void)setrlimit(RLIMIT_FSIZE, &r);
	}
	return teardown(state);
}

/*
 * Fail closed (issue 17, 1): with audit.csv unwritable no login is checked
 * at all: wrong and right passwords alike get AUTH_EIO, so that a full disk
 * neither hides guesses from the lock nor lets the owner's password in
 * unrecorded.  The count goes on once there is room again.
 */
static void
full_disk_refuses_logins(void **state)
{
	int i, rows;

	(void)state;
	assert_int_equal(login("zhang", "wrong-password", T0, NULL), AUTH_BAD);
	rows = audit_rows();
	disk_full(1);
	for (i = 0; i < 20; i++)
		assert_int_equal(login("zhang", "wrong-password", T0 + 1 + i, NULL),
		    AUTH_EIO);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 30, NULL), AUTH_EIO);
	assert_int_equal(login("nobody", PW_ZHANG, T0 + 31, NULL), AUTH_EIO);
	disk_full(0);
	assert_int_equal(audit_rows(), rows);	/* nothing half-written */
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 40, NULL), AUTH_OK);
	assert_int_equal(audited("zhang", "login_ok"), 1);
}

/*
 * A lock whose row cannot be written holds in memory: the fifth failure's
 * try was counted (its attempt row went in), then the disk filled before
 * its result: AUTH_EIO, and the account stays locked for 15 minutes even
 * once there is room, though audit.csv never says "locked".
 */
static void
full_disk_lock_held(void **state)
{
	struct auth_attempt t;
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(login("zhang", "wrong-password", T0, NULL), AUTH_BAD);
	assert_int_equal(auth_login_begin(&au, "zhang", NULL, T0 + 1, &t), AUTH_OK);
	disk_full(1);
	auth_login_verify(&t, "wrong-password");
	assert_int_equal(auth_login_end(&au, &t, T0 + 1, &(struct session){ 0 }),
	    AUTH_EIO);
	disk_full(0);
	assert_int_equal(audited("zhang", "locked"), 0);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 2, NULL), AUTH_LOCKED);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 1 + 15 * 60 - 1, NULL),
	    AUTH_LOCKED);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 1 + 15 * 60, NULL), AUTH_OK);
}

/*
 * Logout on a full disk: auth_logout says it failed (the caller shows it),
 * and the session is over in this process anyway, for good.
 */
static void
full_disk_logout(void **state)
{
	struct session s1, s2;

	(void)state;
	assert_int_equal(login("zhang", PW_ZHANG, T0, &s1), AUTH_OK);
	assert_int_equal(login("zhang", PW_ZHANG, T0, &s2), AUTH_OK);
	disk_full(1);
	assert_int_equal(auth_logout(&au, &s1, T0 + 60), -1);
	disk_full(0);
	assert_int_not_equal(session_at(&s1, T0 + 61, NULL), 0);
	assert_int_not_equal(session_at(&s1, T0 + 3600, NULL), 0);
	assert_int_equal(session_at(&s2, T0 + 62, NULL), 0);
	/* With room, a logout is recorded: 0, and every reader refuses it. */
	assert_int_equal(auth_logout(&au, &s2, T0 + 63), 0);
	assert_int_not_equal(session_at(&s2, T0 + 64, NULL), 0);
}

/*
 * Anonymous failures cannot fill the disk: 300 tries of unknown login
 * names from one address in a minute make one row with their count (and
 * the refusals of the throttle another).
 */
static void
anonymous_failures_aggregated(void **state)
{
	char name[32];
	int i, rows;

	(void)state;
	assert_int_equal(auth_audit(&au, T0, "li", "something", NULL), STORE_OK);
	rows = audit_rows();
	for (i = 0; i < 300; i++) {
		(void)snprintf(name, sizeof(name), "guess%d", i);
		(void)auth_login_addr(&au, name, "pw", "192.0.2.50", T0, &(struct session){ 0 });
	}
	assert_int_equal(audit_rows(), rows);	/* nothing yet: the minute runs */
	/* The next minute's first try writes the last minute's rows. */
	assert_int_equal(auth_login_addr(&au, "zhang", PW_ZHANG, "192.0.2.51",
	    T0 + 60, &(struct session){ 0 }), AUTH_OK);
	assert_int_equal(audited_detail("(未知登录名)", "login_fail_unknown",
	    "5 192.0.2.50"), 1);
	assert_int_equal(audited_detail("(未知登录名)", "login_refused",
	    "295 192.0.2.50 throttled"), 1);
	assert_int_equal(audit_rows(), rows + 4);	/* and zhang's two */
	assert_int_equal(audited("guess7", "login_fail"), 0);
}

/* staff.csv with n more accounts (login PREFIX0…, password PW_ZHANG),
   hashes at the minimum cost but for mem bytes of memory. */
static void
more_accounts(const char *prefix, int n, size_t mem)
{
	char h[crypto_pwhash_STRBYTES], *path, **logins;
	const char **cells;
	int i;

	assert_int_equal(crypto_pwhash_str(h, PW_ZHANG, strlen(PW_ZHANG),
	    crypto_pwhash_OPSLIMIT_MIN, mem), 0);
	cells = calloc((size_t)n * 8, sizeof(*cells));
	logins = calloc((size_t)n, sizeof(*logins));
	for (i = 0; i < n; i++) {
		logins[i] = malloc(40);
		(void)snprintf(logins[i], 40, "%s%d", prefix, i);
		cells[i * 8 + 0] = logins[i];
		cells[i * 8 + 1] = "测试";
		cells[i * 8 + 2] = "clerk";
		cells[i * 8 + 3] = "t";
		cells[i * 8 + 4] = h;
		cells[i * 8 + 5] = "0";
		cells[i * 8 + 6] = "1";
		cells[i * 8 + 7] = "2026-01-05T09:00:00+08:00";
	}
	path = site_data_path(&site, "staff.csv");
	assert_int_equal(store_replace(path, staff_header, 8, cells, (size_t)n),
	    STORE_OK);
	free(path);
	for (i = 0; i < n; i++)
		free(logins[i]);
	free(logins);
	free(cells);
}

/*
 * Read-modify-write under one lock (issue 17, 2): 8 processes, each with
 * its own struct auth, disable 10 accounts each, and two of them first
 * reset the password of one (an Argon2id hash while the others write):
 * all 80 disables and both new passwords are in staff.csv, and every
 * disabled account is refused.
 */
static void
concurrent_account_changes(void **state)
{
	const char *why = NULL;
	char name[32];
	int p, i, status, go[2];
	pid_t pid;

	(void)state;
	more_accounts("w", 80, crypto_pwhash_MEMLIMIT_MIN);
	assert_int_equal(pipe(go), 0);
	for (p = 0; p < 8; p++) {
		if ((pid = fork()) == 0) {
			struct auth mine;
			char c;
			int bad = 0;

			close(go[1]);
			auth_open(&mine, &site, key);
			(void)read(go[0], &c, 1);	/* all at once */
			(void)snprintf(name, sizeof(name), "w%d", p * 10);
			if (p % 4 == 0 && auth_set_password(&mine, name,
			    "a-new-password-1", T0, &why) != 0)
				bad = 1;
			for (i = 0; i < 10; i++) {
				(void)snprintf(name, sizeof(name), "w%d", p * 10 + i);
				if (auth_disable(&mine, name, T0, &why) != 0)
					bad = 1;
			}
			auth_close(&mine);
			_exit(bad);
		}
		assert_true(pid > 0);
	}
	close(go[0]);
	close(go[1]);			/* EOF: go */
	for (p = 0; p < 8; p++) {
		assert_true(wait(&status) > 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(auth_refresh(&au), STORE_OK);
	assert_int_equal(au.nstaff, 80);
	for (i = 0; i < 80; i++) {
		(void)snprintf(name, sizeof(name), "w%d", i);
		assert_non_null(auth_staff(&au, name));
		assert_true(auth_staff(&au, name)->disabled);
		assert_int_equal(auth_staff(&au, name)->gen, i % 40 == 0 ? 3 : 2);
	}
	assert_int_equal(audited_detail("w3", "disabled", NULL), 1);
	assert_int_equal(login("w0", PW_ZHANG, T0 + 1, NULL), AUTH_BAD);
	assert_int_equal(login("w79", PW_ZHANG, T0 + 1, NULL), AUTH_BAD);
}

/*
 * Issue 17, 12: an account is not kept in memory when staff.csv cannot be
 * written (staff.csv.tmp in the way): it does not log in, and the next
 * reader does not see it either.  The audit says the change failed.
 */
static void
adduser_not_kept_on_failure(void **state)
{
	const char *why = NULL;
	char *tmp = site_data_path(&site, "staff.csv.tmp");

	(void)state;
	assert_int_equal(mkdir(tmp, 0700), 0);
	assert_int_equal(auth_adduser(&au, "wang", "王测试", ROLE_CLERK, "t",
	    "wang-测试-password", T0, &why), -1);
	assert_non_null(why);
	assert_null(auth_staff(&au, "wang"));
	assert_int_equal(login("wang", "wang-测试-password", T0 + 1, NULL), AUTH_BAD);
	assert_int_equal(audited("wang", "change_failed"), 1);
	assert_int_equal(auth_disable(&au, "zhang", T0, &why), -1);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 2, NULL), AUTH_OK);
	assert_int_equal(rmdir(tmp), 0);
	free(tmp);
	assert_int_equal(auth_adduser(&au, "wang", "王测试", ROLE_CLERK, "t",
	    "wang-测试-password", T0, &why), 0);
	assert_int_equal(login("wang", "wang-测试-password", T0 + 3, NULL), AUTH_OK);
}

/*
 * Issue 17, 12: the old hash is wiped before it is freed.  The freed
 * memory is looked at only in the plain build (under ASan or valgrind the
 * look itself is the error they catch).
 */
static void
set_password_wipes_old_hash(void **state)
{
	const char *why = NULL;
	char *old, tail[64];
	size_t n;

	(void)state;
	assert_int_equal(auth_refresh(&au), STORE_OK);
	old = auth_staff(&au, "zhang")->hash;
	n = strlen(old);
	assert_true(n > 40 && n - 32 < sizeof(tail));
	memcpy(tail, old + 32, n - 32 + 1);	/* past what free() reuses */
	assert_int_equal(auth_set_password(&au, "zhang", "zhang-new-password",
	    T0, &why), 0);
#if !defined(__SANITIZE_ADDRESS__)
	if (!RUNNING_ON_VALGRIND)
		assert_null(memmem(old + 16, n - 16, tail, n - 32));
#endif
	assert_int_equal(login("zhang", "zhang-new-password", T0 + 1, NULL), AUTH_OK);
}

/*
 * Issue 17, 12: the right password of a disabled account answers as a
 * wrong one: AUTH_BAD, the same rows (an attempt checked, a failure), and
 * it counts towards the lock as a failure does.
 */
static void
disabled_answers_as_wrong(void **state)
{
	const char *why = NULL;
	int i;

	(void)state;
	assert_int_equal(auth_disable(&au, "zhang", T0, &why), 0);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 1, NULL), AUTH_BAD);
	assert_int_equal(login("li", "wrong-password", T0 + 1, NULL), AUTH_BAD);
	assert_int_equal(audited("zhang", "login_attempt"), 1);
	assert_int_equal(audited("li", "login_attempt"), 1);
	assert_int_equal(audited("zhang", "login_fail"), 1);
	assert_int_equal(audited("li", "login_fail"), 1);
	assert_int_equal(audited("zhang", "login_refused"), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(login("zhang", PW_ZHANG, T0 + 2, NULL), AUTH_BAD);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 2, NULL), AUTH_LOCKED);
}

struct par {
	int	 go;		/* read end: EOF means go */
	int	 out;		/* write end: one result byte */
	const char *addr;
};

static void
par_child(const struct par *p)
{
	struct auth mine;
	unsigned char r;
	char c;

	auth_open(&mine, &site, key);
	(void)read(p->go, &c, 1);
	r = (unsigned char)auth_login_addr(&mine, "zhang", "wrong-password",
	    p->addr, T0, &(struct session){ 0 });
	(void)write(p->out, &r, 1);
	auth_close(&mine);
	_exit(0);
}

/* n processes try a wrong password for zhang at the same moment; how many
   answers were of each kind. */
static void
parallel_tries(int n, const char *addr, int count[5])
{
	struct par p;
	int go[2], res[2], i, status;
	unsigned char r;

	memset(count, 0, 5 * sizeof(int));
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(res), 0);
	p.go = go[0];
	p.out = res[1];
	p.addr = addr;
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			close(go[1]);
			close(res[0]);
			par_child(&p);
		}
		assert_true(pid > 0);
	}
	close(go[0]);
	close(res[1]);
	close(go[1]);
	for (i = 0; i < n; i++) {
		assert_int_equal(read(res[0], &r, 1), 1);
		assert_true(r < 5);
		count[r]++;
	}
	close(res[0]);
	for (i = 0; i < n; i++) {
		assert_true(wait(&status) > 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
}

/*
 * Issue 17, 12: parallel wrong passwords get no more tries than the
 * limit.  Eight processes at once, zhang's hash costly enough (8 MiB) that
 * they overlap: exactly 5 are checked (5 attempts, 5 failures in
 * audit.csv), the others refused unchecked; then the account is locked.
 * Within one process the same holds for tries begun before any ends.
 */
static void
parallel_tries_counted(void **state)
{
	struct auth_attempt t[8];
	int count[5], i;

	(void)state;
	{
		char h[crypto_pwhash_STRBYTES], *path;
		const char *cells[8] = { "zhang", "张测试", "clerk", "t", h, "0",
		    "1", "2026-01-05T09:00:00+08:00" };

		assert_int_equal(crypto_pwhash_str(h, PW_ZHANG, strlen(PW_ZHANG),
		    crypto_pwhash_OPSLIMIT_MIN, 8u << 20), 0);
		path = site_data_path(&site, "staff.csv");
		assert_int_equal(store_replace(path, staff_header, 8, cells, 1),
		    STORE_OK);
		free(path);
	}
	parallel_tries(8, NULL, count);
	assert_int_equal(audited("zhang", "login_attempt"), 5);
	assert_int_equal(audited("zhang", "login_fail"), 5);
	assert_int_equal(count[AUTH_OK], 0);
	assert_int_equal(count[AUTH_BAD] + count[AUTH_LOCKED], 8);
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 1, NULL), AUTH_LOCKED);

	/* One process, tries begun before any ended: the sixth is refused. */
	assert_int_equal(login("zhang", PW_ZHANG, T0 + 15 * 60, NULL), AUTH_OK);
	for (i = 0; i < 8; i++)
		assert_int_equal(auth_login_begin(&au, "zhang", NULL, T0 + 15 * 60,
		    &t[i]), i < 5 ? AUTH_OK : AUTH_LOCKED);
	for (i = 0; i < 5; i++) {
		auth_login_verify(&t[i], "wrong-password");
		assert_int_equal(auth_login_end(&au, &t[i], T0 + 15 * 60,
		    &(struct session){ 0 }), i < 4 ? AUTH_BAD : AUTH_LOCKED);
	}
	assert_int_equal(audited("zhang", "login_attempt"), 11);
}

/*
 * Throttle per address before locking the account (issue 17, 8): one
 * address guessing gets 5 tries, then waits 1 s, 2 s, 4 s … after each
 * failure (refused unchecked meanwhile, AUTH_LOCKED by address), and never
 * locks the account: its owner logs in from elsewhere throughout.  An IPv6
 * address counts by its /64.  A success from the address starts it over.
 */
static void
throttle_per_address(void **state)
{
	struct auth_attempt t;
	struct session s;
	time_t now = T0;
	long wait = 0;
	int i;

	(void)state;
	for (i = 0; i < 5; i++)
		assert_int_equal(auth_login_addr(&au, "zhang", "wrong-password",
		    "203.0.113.9", now, &s), AUTH_BAD);
	assert_int_equal(auth_login_begin(&au, "zhang", "203.0.113.9", now, &t),
	    AUTH_LOCKED);
	assert_true(t.by_address);
	assert_int_equal(t.retry_after, 1);
	/* The right password too: not even checked. */
	assert_int_equal(auth_login_addr(&au, "zhang", PW_ZHANG, "203.0.113.9",
	    now, &s), AUTH_LOCKED);
	assert_int_equal(auth_login_addr(&au, "zhang", PW_ZHANG, "198.51.100.7",
	    now, &s), AUTH_OK);
	/* Waits of 1, 2, 4 … 512, then 900 s (15 minutes) at most. */
	for (i = 0; i < 14; i++) {
		long want = i < 10 ? 1L << i : 900;

		assert_int_equal(auth_login_begin(&au, "zhang", "203.0.113.9",
		    now + want - 1, &t), AUTH_LOCKED);
		assert_int_equal(t.retry_after, 1);
		now += want;
		assert_int_equal(auth_login_begin(&au, "zhang", "203.0.113.9",
		    now, &t), AUTH_OK);
		auth_login_verify(&t, "wrong-password");
		assert_int_equal(auth_login_end(&au, &t, now, &s), AUTH_BAD);
		wait = t.retry_after;
		assert_int_equal(wait, i + 1 < 10 ? 1L << (i + 1) : 900);
		/* The owner, elsewhere, is never kept out. */
		assert_int_equal(auth_login_addr(&au, "zhang", PW_ZHANG,
		    "198.51.100.7", now, &s), AUTH_OK);
	}
	assert_int_equal(audited("zhang", "locked"), 0);
	/* Seen by another process, from the attempt rows. */
	{
		struct auth other;

		auth_open(&other, &site, key);
		assert_int_equal(auth_login_begin(&other, "zhang", "203.0.113.9",
		    now + 1, &t), AUTH_LOCKED);
		assert_true(t.by_address);
		auth_close(&other);
	}
	/* IPv6: the /64 is the address. */
	for (i = 0; i < 5; i++)
		assert_int_equal(auth_login_addr(&au, "li", "wrong-password",
		    i % 2 ? "2001:db8:1:2::a" : "2001:db8:1:2:ffff::b", now, &s),
		    AUTH_BAD);
	assert_int_equal(auth_login_addr(&au, "li", PW_LI, "2001:db8:1:2::c",
	    now, &s), AUTH_LOCKED);
	assert_int_equal(auth_login_addr(&au, "li", PW_LI, "2001:db8:1:3::c",
	    now, &s), AUTH_OK);
	/* A success from the address starts it over. */
	for (i = 0; i < 4; i++)
		assert_int_equal(auth_login_addr(&au, "li", "wrong-password",
		    "192.0.2.1", now, &s), AUTH_BAD);
	assert_int_equal(auth_login_addr(&au, "li", PW_LI, "192.0.2.1", now, &s),
	    AUTH_OK);
	for (i = 0; i < 5; i++)
		assert_int_equal(auth_login_addr(&au, "li", "wrong-password",
		    "192.0.2.1", now, &s), AUTH_BAD);
}

/*
 * A distributed attack locks the account: 20 failures from 5 addresses
 * (each within its throttle); then even the owner waits 15 minutes, unless
 * an admin unlocks it (audited).
 */
static void
distributed_attack_locks(void **state)
{
	const char *why = NULL;
	char addr[32];
	struct session s;
	int i;

	(void)state;
	for (i = 0; i < 19; i++) {
		(void)snprintf(addr, sizeof(addr), "198.18.0.%d", i % 5);
		assert_int_equal(auth_login_addr(&au, "zhang", "wrong-password",
		    addr, T0, &s), AUTH_BAD);
	}
	assert_int_equal(auth_login_addr(&au, "zhang", "wrong-password",
	    "198.18.0.4", T0, &s), AUTH_LOCKED);
	assert_int_equal(audited_detail("zhang", "locked",
	    "20 failures from 5 addresses"), 1);
	assert_int_equal(auth_login_addr(&au, "zhang", PW_ZHANG, "198.51.100.7",
	    T0 + 60, &s), AUTH_LOCKED);
	assert_int_equal(auth_unlock(&au, "nobody", "li", T0 + 61, &why), -1);
	assert_int_equal(auth_unlock(&au, "zhang", "li", T0 + 61, &why), 0);
	assert_int_equal(audited_detail("zhang", "unlocked", "li"), 1);
	assert_int_equal(auth_login_addr(&au, "zhang", PW_ZHANG, "198.51.100.7",
	    T0 + 62, &s), AUTH_OK);
	/* Twenty from one address, slowly: no lock (the throttle's job). */
}

/* The verification on another thread while the struct auth serves other
   requests (issue 17, 7): step 2 touches nothing else.  A password changed
   between the steps: the old one, though right, does not log in. */
struct verify_arg {
	struct auth_attempt	*t;
	const char		*pw;
};

static void *
verify_thread(void *p)
{
	struct verify_arg *v = p;

	auth_login_verify(v->t, v->pw);
	return NULL;
}

static void
login_in_three_steps(void **state)
{
	struct auth_attempt t, u;
	struct verify_arg v;
	struct session s, other;
	const char *why = NULL;
	pthread_t th;

	(void)state;
	assert_int_equal(login("li", PW_LI, T0, &other), AUTH_OK);
	assert_int_equal(auth_login_begin(&au, "zhang", "192.0.2.7", T0, &t), AUTH_OK);
	assert_null(strstr(t.hash, "zhang"));
	assert_int_equal(strncmp(t.hash, "$argon2id$", 10), 0);
	v.t = &t;
	v.pw = PW_ZHANG;
	assert_int_equal(pthread_create(&th, NULL, verify_thread, &v), 0);
	/* Meanwhile: other requests. */
	assert_int_equal(session_at(&other, T0 + 1, NULL), 0);
	assert_int_equal(auth_login_begin(&au, "li", "192.0.2.8", T0, &u), AUTH_OK);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(t.hash[0], '\0');	/* wiped once checked */
	assert_true(t.verified);
	assert_int_equal(auth_login_end(&au, &t, T0 + 1, &s), AUTH_OK);
	assert_string_equal(s.who->login, "zhang");
	/* li's password is reset between the steps. */
	assert_int_equal(auth_set_password(&au, "li", "li-new-password", T0 + 1,
	    &why), 0);
	auth_login_verify(&u, PW_LI);
	assert_true(u.verified);
	assert_int_equal(auth_login_end(&au, &u, T0 + 2, &s), AUTH_BAD);
	/* An end without its begin or check gives nothing. */
	assert_int_equal(auth_login_end(&au, &u, T0 + 2, &s), AUTH_EIO);
}

/*
 * Keys kept apart (issue 17, 5): the login form's token is not the /apply
 * form's, either way; a session cookie MAC'd with the installation's key
 * itself (as the public program could make one) is refused.
 */
static void
keys_kept_apart(void **state)
{
	char apply[TOKEN_FORM_LEN + 1], tok[TOKEN_FORM_LEN + 1];
	char id[TOKEN_HASH_HEX + 1], forged[512], body[160], hex[65];
	unsigned char mac[crypto_auth_BYTES];
	struct session s, out;
	time_t issued;

	(void)state;
	token_form_new(key, T0, apply);
	auth_form_new(&au, T0, tok);
	assert_int_equal(auth_form_check(&au, tok, T0 + 10), 0);
	assert_int_equal(auth_form_check(&au, apply, T0 + 10), -1);
	assert_int_equal(token_form_check(key, tok, &issued, id), -1);
	assert_int_equal(token_form_check(key, apply, &issued, id), 0);
	assert_int_equal(auth_form_check(&au, tok, T0 + 3601), -1);
	assert_int_equal(auth_form_check(&au, NULL, T0), -1);

	assert_int_equal(login("zhang", PW_ZHANG, T0, &s), AUTH_OK);
	(void)snprintf(body, sizeof(body), "zhang|1|%lld|%lld|%s",
	    (long long)T0, (long long)T0, s.sid);
	crypto_auth(mac, (const unsigned char *)body, strlen(body), key);
	sodium_bin2hex(hex, sizeof(hex), mac, sizeof(mac));
	(void)snprintf(forged, sizeof(forged), AUTH_COOKIE "=%s|%s", body, hex);
	assert_int_equal(auth_refresh(&au), STORE_OK);
	assert_int_not_equal(auth_session(&au, forged, T0, &out), 0);
	assert_int_equal(session_at(&s, T0, NULL), 0);
}

/* Generated passwords: 4 groups of 5 from an alphabet without 0/o, 1/l/i. */
static void
new_password(void **state)
{
	char a[24], b[24];
	int i;

	(void)state;
	auth_new_password(a);
	auth_new_password(b);
	assert_int_equal(strlen(a), 23);
	assert_string_not_equal(a, b);
	for (i = 0; i < 23; i++)
		if (i % 6 == 5)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("abcdefghjkmnpqrstuvwxyz23456789", a[i]));
}

/* staff.csv of before the email column loads; setting an address
   writes it back whole, audited, and ends no session. */
static void
email_column(void **state)
{
	struct auth b;
	const struct staff *st;
	const char *why = NULL;
	char *path, *text;
	size_t len;
	unsigned gen;

	(void)state;
	cheap_accounts("0");
	assert_int_equal(auth_refresh(&au), STORE_OK);
	st = auth_staff(&au, "zhang");
	assert_non_null(st);
	assert_string_equal(st->email, "");
	gen = st->gen;
	assert_int_equal(auth_set_email(&au, "zhang", "zhang@example.gov.cn", T0, &why), 0);
	assert_string_equal(auth_staff(&au, "zhang")->email, "zhang@example.gov.cn");
	assert_int_equal(auth_staff(&au, "zhang")->gen, gen);
	path = site_data_path(&site, "staff.csv");
	text = read_file(path, &len);
	assert_non_null(strstr(text, "\"created\",\"email\"\n"));
	assert_non_null(strstr(text, "\"zhang@example.gov.cn\"\n"));
	free(text);
	free(path);
	/* Another process reads the new file. */
	auth_open(&b, &site, key);
	assert_int_equal(auth_refresh(&b), STORE_OK);
	assert_string_equal(auth_staff(&b, "zhang")->email, "zhang@example.gov.cn");
	assert_string_equal(auth_staff(&b, "li")->email, "");
	auth_close(&b);
	assert_int_equal(auth_set_email(&au, "zhang", "a@b\nBcc: c@d.cn", T0, &why), -1);
	assert_int_equal(auth_set_email(&au, "zhang", "nobody", T0, &why), -1);
	assert_int_equal(auth_set_email(&au, "nobody", "a@b.cn", T0, &why), -1);
	assert_int_equal(auth_set_email(&au, "zhang", "", T0, &why), 0);
	assert_string_equal(auth_staff(&au, "zhang")->email, "");
	path = site_data_path(&site, "audit.csv");
	text = read_file(path, &len);
	assert_non_null(strstr(text, "\"zhang\",\"email_set\""));
	free(text);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(shipped_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(email_column, setup, teardown),
		cmocka_unit_test_setup_teardown(password_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(login_names, setup, teardown),
		cmocka_unit_test_setup_teardown(login_good_and_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(lockout_count_and_other_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(lockout_settings, setup, teardown),
		cmocka_unit_test_setup_teardown(session_idle, setup, teardown),
		cmocka_unit_test_setup_teardown(session_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(session_end, setup, teardown),
		cmocka_unit_test_setup_teardown(csrf, setup, teardown),
		cmocka_unit_test_setup_teardown(account_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_lifts_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(new_password, setup, teardown),
		cmocka_unit_test_setup_teardown(full_disk_refuses_logins, setup, teardown_disk),
		cmocka_unit_test_setup_teardown(full_disk_lock_held, setup, teardown_disk),
		cmocka_unit_test_setup_teardown(full_disk_logout, setup, teardown_disk),
		cmocka_unit_test_setup_teardown(anonymous_failures_aggregated, setup, teardown),
		cmocka_unit_test_setup_teardown(concurrent_account_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(adduser_not_kept_on_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(set_password_wipes_old_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(disabled_answers_as_wrong, setup, teardown),
		cmocka_unit_test_setup_teardown(parallel_tries_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(throttle_per_address, setup, teardown),
		cmocka_unit_test_setup_teardown(distributed_attack_locks, setup, teardown),
		cmocka_unit_test_setup_teardown(login_in_three_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(keys_kept_apart, setup, teardown),
	};

	return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
