/*
 * auth: staff accounts, sessions, CSRF tokens, lock-out and the audit file.
 *
 * staff.csv (login, name, role, agency, hash, disabled, gen, created) is
 * changed only through store_update (lock, fresh read, change, atomic
 * write), so that concurrent changes of different accounts are all kept.
 * The audit row of a change is written first, under that lock: a change
 * that cannot be audited is not made.  Passwords are Argon2id hashes
 * (crypto_pwhash_str).  gen goes up when a password is reset or an account
 * disabled, which ends its sessions.
 *
 * A session is a cookie MAC'd with the session key: login, gen, issue
 * time, last use, a random session id.  It is re-issued on every request
 * (idle expiry) and refused after logout (the id is recorded in
 * sessions.csv).  The CSRF token is a MAC of the session id under the CSRF
 * key.  The session key, the CSRF key and the login form's key are each
 * derived from the installation's key for that purpose alone
 * (token_key_derive): an /apply form token is no login form token, and
 * nothing the public program makes passes for a session.
 *
 * audit.csv (time, login, event, detail) records every login, failure,
 * lock and logout, and every change to an account.
 */
#ifndef OGI_AUTH_H
#define OGI_AUTH_H

#include <time.h>

#include "ogi/store.h"
#include "ogi/token.h"

struct site;

enum auth_role { ROLE_CLERK, ROLE_ADMIN };

struct staff {
	char		*login, *name, *agency, *hash, *created;
	enum auth_role	 role;
	int		 disabled;
	unsigned	 gen;
};

struct login_state {		/* from audit.csv */
	char	*login;
	int	 fails;		/* consecutive, since the last success or lock */
	time_t	 locked_until;
};

struct auth {
	const struct site	*site;
	const unsigned char	*key;		/* the installation's */
	unsigned char		 sess_key[TOKEN_KEY_BYTES];
	unsigned char		 csrf_key[TOKEN_KEY_BYTES];
	struct store		 staff_st, audit_st, sess_st;
	struct staff		*staff;
	size_t			 nstaff;
	struct login_state	*ls;
	size_t			 nls;
	char			**revoked;	/* session ids logged out */
	size_t			 nrevoked;
	int			 idle_minutes, max_failures, lock_minutes;
};

struct session {
	const struct staff	*who;
	char			 sid[33];
	char			 csrf[65];
	char			 cookie[256];	/* the renewed cookie value */
};

#define AUTH_COOKIE	"ogi_staff"
#define AUTH_LOGIN_MAX	32

/* key: the installation's (boot's), kept by pointer. */
void	 auth_open(struct auth *, const struct site *, const unsigned char *key);
void	 auth_close(struct auth *);
enum store_err auth_refresh(struct auth *);
/* An account as last read.  Pointers into the accounts (this, a session's
   who) last until the next auth_refresh or auth_adduser. */
const struct staff *auth_staff(const struct auth *, const char *login);
int	 auth_login_ok(const char *login);	/* [a-z0-9_.-]{1,32} */
const char *auth_role_name(enum auth_role);

enum auth_result {
	AUTH_OK,
	AUTH_BAD,		/* wrong login or password */
	AUTH_LOCKED,		/* too many failures: wait */
	AUTH_DISABLED,
	AUTH_EIO
};
/* The staff login form's token, under its own key: 0 if tok is one this
   site made in the last hour (an /apply form token is refused). */
void	 auth_form_new(const struct auth *, time_t now,
	    char out[TOKEN_FORM_LEN + 1]);
int	 auth_form_check(const struct auth *, const char *tok, time_t now);

/* Check a password, record the attempt, lock after too many failures;
   on success fill *s with a new session. */
enum auth_result auth_login(struct auth *, const char *login,
		    const char *password, time_t now, struct session *s);
/* Validate a cookie header ("a=b; ogi_staff=…"): 0 and *s, else -1.
   Against the accounts and logouts as last read: call auth_refresh first
   (the staff program does, once per request). */
int	 auth_session(struct auth *, const char *cookie_header, time_t now,
	    struct session *s);
int	 auth_csrf_ok(const struct session *, const char *token);
void	 auth_logout(struct auth *, const struct session *, time_t now);
/* Append a row to audit.csv: STORE_OK, or why it is not there. */
enum store_err auth_audit(struct auth *, time_t now, const char *login,
	    const char *event, const char *detail);

/* Account changes (ogi-admin, /staff/users): 0, or -1 and *why (nothing
   changed then, in staff.csv or in memory). */
int	 auth_hash(const char *password, char **hash);
int	 auth_adduser(struct auth *, const char *login, const char *name,
	    enum auth_role, const char *agency, const char *password,
	    time_t now, const char **why);
int	 auth_set_password(struct auth *, const char *login,
	    const char *password, time_t now, const char **why);
int	 auth_disable(struct auth *, const char *login, time_t now,
	    const char **why);
/* A readable random password (20 characters, about 100 bits). */
void	 auth_new_password(char out[24]);

#endif
