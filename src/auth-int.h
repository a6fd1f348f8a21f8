/* auth: what its two files share (not part of the API). */
#ifndef OGI_AUTH_INT_H
#define OGI_AUTH_INT_H

#include "ogi/auth.h"

/* staff.csv; a file of before the e-mail column (its first 8) is read
   too, and written back whole at the next change. */
#define STAFF_COLS 9
#define STAFF_COLS_OLD 8
extern const char *const auth_staff_header[STAFF_COLS];	/* staff.csv */
enum { S_LOGIN, S_NAME, S_ROLE, S_AGENCY, S_HASH, S_DISABLED, S_GEN, S_CREATED,
    S_EMAIL };

#define SESSION_MAX_SECONDS (12 * 3600)	/* a session at most */

struct auth_gone {
	char	 sid[33];
	time_t	 when;
};

/* A new session for who (a new id, the cookie and CSRF token made). */
void	 auth_new_session(struct auth *, const struct staff *, time_t now,
	    struct session *);

/* Forget the accounts read (staff.csv is read afresh after a change). */
void	 auth_free_staff(struct auth *);
/* Forget a lock held in memory for a login (its password was reset or
   it was unlocked). */
void	 auth_held_drop(struct auth *, const char *login);

#endif
