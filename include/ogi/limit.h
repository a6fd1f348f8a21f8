/*
 * limit: how many applications one network address sent in the last hour.
 *
 * ratelimit.csv keeps (time, key) rows, the key a keyed BLAKE2b hash of the
 * address under a key of its own (TOKEN_FOR_LIMIT, derived from the key
 * limit_open is given): the file never holds an address.
 * Checking and recording happen under the file's lock, so that processes
 * cannot both let the eleventh through.
 */
#ifndef OGI_LIMIT_H
#define OGI_LIMIT_H

#include <time.h>

#include "ogi/store.h"
#include "ogi/token.h"

struct site;

struct limit_hit {
	time_t	when;
	char	key[33];
};

struct limiter {
	struct store		 st;
	unsigned char		 key[TOKEN_KEY_BYTES];
	struct limit_hit	*v;
	size_t			 n, cap;
};

void	limit_open(struct limiter *, const struct site *,
	    const unsigned char key[TOKEN_KEY_BYTES]);
void	limit_close(struct limiter *);
/* 0: allowed and recorded; 1: over max in the last hour; -1: error. */
int	limit_take(struct limiter *, const char *addr, time_t now, int max);
/* The application limit_take let through was not stored (a full disk):
   its turn is given back (a row "-KEY").  0, or -1 (then it stays used:
   the disk that refused the application refuses this too). */
int	limit_give_back(struct limiter *, const char *addr, time_t now, int max);

#endif
