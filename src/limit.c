/* limit: applications per address per hour.  See include/ogi/limit.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "ogi/buf.h"
#include "ogi/limit.h"
#include "ogi/site.h"

static const char *const limit_header[] = { "time", "key" };

/* The latest turn of key no longer counts. */
static void
forget_one(struct limiter *l, const char *key)
{
	size_t i;

	for (i = l->n; i > 0; i--)
		if (l->v[i - 1].when != 0 && strcmp(l->v[i - 1].key, key) == 0) {
			l->v[i - 1].when = 0;
			return;
		}
}

static int
on_hit(void *ctx, char *const *f, size_t n)
{
	struct limiter *l = ctx;

	(void)n;
	/* "-KEY": an application that was not stored gives its turn back. */
	if (f[1][0] == '-') {
		forget_one(l, f[1] + 1);
		return 0;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].when = (time_t)strtoll(f[0], NULL, 10);
	(void)snprintf(l->v[l->n].key, sizeof(l->v[l->n].key), "%s", f[1]);
	l->n++;
	return 0;
}

static void
on_reset(void *ctx)
{
	((struct limiter *)ctx)->n = 0;
}

void
limit_open(struct limiter *l, const struct site *site,
    const unsigned char key[TOKEN_KEY_BYTES])
{
	char *p = site_data_path(site, "ratelimit.csv");

	memset(l, 0, sizeof(*l));
	token_key_derive(key, TOKEN_FOR_LIMIT, l->key);
	store_init(&l->st, p, limit_header, 2, on_hit, on_reset, l);
	free(p);
}

void
limit_close(struct limiter *l)
{
	store_free(&l->st);
	free(l->v);
	sodium_memzero(l->key, sizeof(l->key));
	memset(l, 0, sizeof(*l));
}

static void
key_of(const struct limiter *l, const char *addr, char key[33])
{
	unsigned char h[16];

	crypto_generichash(h, sizeof(h), (const unsigned char *)(addr ? addr : ""),
	    addr ? strlen(addr) : 0, l->key, sizeof(l->key));
	sodium_bin2hex(key, 33, h, sizeof(h));
}

int
limit_give_back(struct limiter *l, const char *addr, time_t now, int max)
{
	char key[34], when[24];
	const char *row[2];
	int rc;

	if (max <= 0)
		return 0;
	key[0] = '-';
	key_of(l, addr, key + 1);
	if (store_lock(&l->st) != STORE_OK) {
		forget_one(l, key + 1);		/* in this process at least */
		return -1;
	}
	(void)snprintf(when, sizeof(when), "%lld", (long long)now);
	row[0] = when;
	row[1] = key;
	if ((rc = store_append(&l->st, row) == STORE_OK ? 0 : -1) != 0)
		forget_one(l, key + 1);
	store_unlock(&l->st);
	return rc;
}

int
limit_take(struct limiter *l, const char *addr, time_t now, int max)
{
	char key[33], when[24];
	const char *row[2];
	size_t i, count = 0;
	int rc;

	if (max <= 0)
		return 0;
	key_of(l, addr, key);
	if (store_lock(&l->st) != STORE_OK)
		return -1;
	/* Forget what is over an hour old (the file keeps it). */
	for (i = 0, count = 0; i < l->n; i++)
		if (l->v[i].when > now - 3600)
			l->v[count++] = l->v[i];
	l->n = count;
	count = 0;
	for (i = 0; i < l->n; i++)
		if (l->v[i].when > now - 3600 && strcmp(l->v[i].key, key) == 0)
			count++;
	if (count >= (size_t)max) {
		store_unlock(&l->st);
		return 1;
	}
	(void)snprintf(when, sizeof(when), "%lld", (long long)now);
	row[0] = when;
	row[1] = key;
	rc = store_append(&l->st, row) == STORE_OK ? 0 : -1;
	store_unlock(&l->st);
	return rc;
}
