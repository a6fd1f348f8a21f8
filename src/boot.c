/* boot: a program's start and end.  See include/ogi/boot.h. */
#include <stdio.h>

#include "ogi/boot.h"

int
boot_open(struct boot *b, const char *prog)
{
	const char *why = NULL;

	if (token_init() != 0) {
		fprintf(stderr, "%s: libsodium failed to start\n", prog);
		return -1;
	}
	if (site_load(&b->site, &why) != 0) {
		fprintf(stderr, "%s: site.csv: %s\n", prog, why);
		return -1;
	}
	if (token_key_load(b->site.data_dir, b->key) != 0) {
		fprintf(stderr, "%s: %s/secret.key: cannot read or create\n", prog,
		    b->site.data_dir);
		return -1;
	}
	if (cases_open(&b->cases, &b->site, &why) != 0) {
		fprintf(stderr, "%s: %s\n", prog, why);
		return -1;
	}
	if (an_load(&b->formats, b->site.conf_dir, &why) != 0 ||
	    an_agencies_load(&b->agencies, &b->site, &why) != 0) {
		fprintf(stderr, "%s: %s\n", prog, why);
		return -1;
	}
	return 0;
}

void
boot_close(struct boot *b)
{
	an_agencies_free(&b->agencies);
	an_free(&b->formats);
	cases_close(&b->cases);
	site_free(&b->site);
}
