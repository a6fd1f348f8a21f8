/*
 * auth: staff accounts, sessions, CSRF tokens, login throttling and the
 * audit file.
 *
 * staff.csv (login, name, role, agency, hash, disabled, gen, created) is
 * changed only through store_update (lock, fresh read, change, atomic
 * write), so that concurrent changes of different accounts are all kept.
 * The audit row of a change is written first, under that lock: a change
 * that cannot be audited is not made.  Passwords are Argon2id hashes
 * (crypto_pwhash_str).  gen goes up when a password is reset or an account
 * disabled, which ends its sessions.
 *
 * A session is a cookie MAC'd with the session key: login, gen, issue time,
 * last use, a random session id.  It is re-issued on every request (idle
 * expiry) and refused after logout (the id is recorded in sessions.csv, and
 * kept in memory for the life of the process even when that record cannot
 * be written).  The CSRF token is a MAC of the session id under the CSRF
 * key.  The session key, the CSRF key and the login form's key are each
 * derived from the installation's key for that purpose alone
 * (token_key_derive): an /apply form token is no login form token, and
 * nothing the public program makes passes for a session.
 *
 * A login is three steps, so that no lock is held while Argon2id runs:
 * auth_login_begin (under the program's lock) looks the account up, checks
 * the throttles and counts the try; auth_login_verify (outside any lock)
 * checks the password; auth_login_end (under the lock again) records the
 * result.
 *
 * - Every try is counted before its password is checked: a "login_attempt"
 *   row in audit.csv, under its file lock, so that parallel tries (threads
 *   or processes) get no more than the limit.  A try that cannot be
 *   recorded is refused unchecked (AUTH_EIO), and so is a success whose
 *   "login_ok" row cannot be written.
 * - Per address (an IPv6 address counts by its /64): the first
 *   login_max_failures failures go unhindered; after that a try must wait
 *   1 s, 2 s, 4 s ... (at most login_lock_minutes) after the last failure,
 *   or is refused unchecked (AUTH_LOCKED, by_address, retry_after).  A
 *   success from the address, or 24 hours without a failure, start over.
 * - An account locks (login_lock_minutes) only under a distributed attack:
 *   AUTH_LOCK_FACTOR x login_max_failures failures in a row from at least
 *   login_max_failures addresses.  auth_unlock (ogi-admin unlock) lifts the
 *   lock, and so does a new password.  A lock that cannot be written to
 *   audit.csv holds in memory for the life of the process.
 * - Without an address (auth_login: callers that have none) there is no
 *   throttle and the account locks after login_max_failures failures in a
 *   row, as ogi did before it knew addresses.
 * - A login name without an account is checked against a dummy hash and
 *   counted (address, and a lock of its own, in memory) like one with an
 *   account, but written only as one row per address and minute with a
 *   count ("login_fail_unknown"); refused tries likewise ("login_refused"):
 *   neither can fill the disk.
 * - The right password of a disabled account answers as a wrong one: the
 *   same result, the same work, the same rows.
 *
 * audit.csv (time, login, event, detail) records every login, failure,
 * lock and logout, and every change to an account.  The detail of a login
 * row is the address ("-" when unknown), then what else there is to say.
 */
#ifndef OGI_AUTH_H
#define OGI_AUTH_H

#include <stdint.h>
#include <time.h>

#include "ogi/store.h"
#include "ogi/token.h"

struct site;

enum auth_role { ROLE_CLERK, ROLE_ADMIN };

struct staff {
	char		*login, *name, *agency, *hash, *created;
	char		*email;		/* for the daily digest, or "" */
	enum auth_role	 role;
	int		 disabled;
	unsigned	 gen;
};

#define AUTH_COOKIE	"ogi_staff"
#define AUTH_LOGIN_MAX	32
#define AUTH_ADDR_MAX	48	/* an address as counted: "a:b:c:d::/64" */
#define AUTH_HASH_MAX	128	/* crypto_pwhash_STRBYTES */
#define AUTH_LOCK_FACTOR 4	/* failures for a lock: 4 x login_max_failures */
#define AUTH_LOCK_ADDRS	16	/* addresses told apart per account */
#define AUTH_SEEN_MAX	64	/* refusal rows of others remembered */

struct login_state {		/* from audit.csv, and memory */
	char	*login;
	int	 fails;		/* in a row since the last success, lock,
				   unlock or new password (tries under way
				   included) */
	int	 pending;	/* tries begun and not yet ended */
	time_t	 tried;		/* when the last began */
	time_t	 locked_until;
	int	 naddrs;	/* the addresses of those failures */
	uint64_t addrs[AUTH_LOCK_ADDRS];	/* (told apart by a hash) */
	int	 ghost;		/* no account (now): the least recently
				   used are forgotten */
	time_t	 used;
};

struct auth_addr {		/* failures from one address */
	char	 addr[AUTH_ADDR_MAX];
	int	 fails;
	time_t	 last;
};

struct auth_agg;		/* rows written once a minute is over */
struct auth_held;		/* locks audit.csv could not take */
struct auth_gone;		/* sessions ended in this process */

struct auth {
	const struct site	*site;
	const unsigned char	*key;		/* the installation's */
	unsigned char		 sess_key[TOKEN_KEY_BYTES];
	unsigned char		 csrf_key[TOKEN_KEY_BYTES];
	struct store		 staff_st, audit_st, sess_st;
	struct staff		*staff;
	size_t			 nstaff;
	struct login_state	*ls;
	size_t			 nls, nghosts;
	struct auth_addr	*addrs;
	size_t			 naddrs;
	struct auth_agg		*agg;
	size_t			 nagg;
	struct auth_held	*held;
	size_t			 nheld;
	struct auth_gone	*gone;
	size_t			 ngone;
	char			**revoked;	/* session ids logged out */
	size_t			 nrevoked;
	uint64_t		 seen[AUTH_SEEN_MAX];	/* refusal rows lately read */
	size_t			 nseen;
	int			 flushing;	/* own aggregated rows: counted */
	int			 audit_reset;	/* audit.csv read afresh */
	int			 audit_full;	/* the last append failed */
	int			 idle_minutes, max_failures, lock_minutes;
};

struct session {
	const struct staff	*who;
	char			 sid[33];
	char			 csrf[65];
	char			 cookie[256];	/* the renewed cookie value */
};

/* key: the installation's (boot's), kept by pointer. */
void	 auth_open(struct auth *, const struct site *, const unsigned char *key);
void	 auth_close(struct auth *);	/* writes what is left to write */
enum store_err auth_refresh(struct auth *);
/* An account as last read.  Pointers into the accounts (this, a session's
   who) last until the next auth_refresh or auth_adduser. */
const struct staff *auth_staff(const struct auth *, const char *login);
int	 auth_login_ok(const char *login);	/* [a-z0-9_.-]{1,32} */
const char *auth_role_name(enum auth_role);

enum auth_result {
	AUTH_OK,
	AUTH_BAD,		/* wrong login or password (or a disabled
				   account: told apart only in audit.csv) */
	AUTH_LOCKED,		/* too many failures: wait (retry_after) */
	AUTH_DISABLED,		/* no longer returned: see AUTH_BAD */
	AUTH_EIO		/* cannot read or record: try later */
};

/* The staff login form's token, under its own key: 0 if tok is one this
   site made in the last hour (an /apply form token is refused). */
void	 auth_form_new(const struct auth *, time_t now,
	    char out[TOKEN_FORM_LEN + 1]);
int	 auth_form_check(const struct auth *, const char *tok, time_t now);

/* One login under way: only auth_login_verify may touch it unlocked. */
struct auth_attempt {
	char		 login[AUTH_LOGIN_MAX + 1];	/* "" if invalid */
	char		 addr[AUTH_ADDR_MAX];	/* as counted; "" without */
	char		 hash[AUTH_HASH_MAX];	/* a copy, wiped once checked */
	unsigned	 gen;
	int		 known;		/* an account of that login */
	int		 no_addr;	/* begun without an address */
	int		 begun, checked, verified;
	int		 by_address;	/* AUTH_LOCKED for the address */
	long		 retry_after;	/* seconds, with AUTH_LOCKED (and
					   AUTH_BAD when the address must
					   now wait) */
};

/* Step 1, under the program's lock.  addr: REMOTE_ADDR (NULL or "": none).
   AUTH_OK: go on to auth_login_verify; anything else is the answer, and
   no step follows. */
enum auth_result auth_login_begin(struct auth *, const char *login,
		    const char *addr, time_t now, struct auth_attempt *);
/* Step 2, outside any lock: Argon2id; touches nothing but the attempt. */
void	 auth_login_verify(struct auth_attempt *, const char *password);
/* Step 3, under the program's lock: record the result; on AUTH_OK *s is a
   new session. */
enum auth_result auth_login_end(struct auth *, struct auth_attempt *,
		    time_t now, struct session *s);
/* The three steps at once, holding whatever lock the caller holds. */
enum auth_result auth_login_addr(struct auth *, const char *login,
		    const char *password, const char *addr, time_t now,
		    struct session *s);
/* Without an address: no throttle, the lock after login_max_failures. */
enum auth_result auth_login(struct auth *, const char *login,
		    const char *password, time_t now, struct session *s);

/* Validate a cookie header ("a=b; ogi_staff=…"): 0 and *s, else -1.
   Against the accounts and logouts as last read: call auth_refresh first
   (the staff program does, once per request). */
int	 auth_session(struct auth *, const char *cookie_header, time_t now,
	    struct session *s);
int	 auth_csrf_ok(const struct session *, const char *token);
/* End the session: at once in this process; 0 once sessions.csv and
   audit.csv have it, else -1 (other processes may still take the cookie:
   tell the user the logout could not be recorded). */
int	 auth_logout(struct auth *, const struct session *, time_t now);
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
/* The address the account's daily digest goes to ("" for none): the
   staff.csv column email, optional (files without it still load). */
int	 auth_set_email(struct auth *, const char *login, const char *email,
	    time_t now, const char **why);
/* Lift an account's lock (and its count of failures), audited with by. */
int	 auth_unlock(struct auth *, const char *login, const char *by,
	    time_t now, const char **why);
/* A readable random password (20 characters, about 100 bits). */
void	 auth_new_password(char out[24]);

#endif
