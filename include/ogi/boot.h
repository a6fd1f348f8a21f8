/*
 * boot: what every program loads before its first request — the site's
 * settings, the secret key, the records with the calendar and the law, the
 * annual table formats and the agencies — and puts away after its last.
 */
#ifndef OGI_BOOT_H
#define OGI_BOOT_H

#include "ogi/annual.h"
#include "ogi/case.h"
#include "ogi/site.h"
#include "ogi/token.h"

struct boot {
	struct site		site;
	unsigned char		key[TOKEN_KEY_BYTES];
	struct cases		cases;
	struct an_formats	formats;
	struct an_agencies	agencies;
};

/* 0, or -1 after saying on stderr, as prog, what could not be loaded. */
int	boot_open(struct boot *, const char *prog);
void	boot_close(struct boot *);

#endif
