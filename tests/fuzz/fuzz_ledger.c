/* libFuzzer: the ledger import (run from the top of the tree: data/). */
#include <sys/stat.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include "ogi/ledger.h"
#include "ogi/site.h"
#include "ogi/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct site site;
	static char dir[64], file[96], apps[96], evs[96];
	const char *why = NULL;
	FILE *devnull;
	int fd;

	if (dir[0] == '\0') {
		(void)snprintf(dir, sizeof(dir), "/dev/shm/ogi-fuzz-ledger-%d", (int)getpid());
		(void)mkdir(dir, 0700);
		setenv("OGI_DATA", dir, 1);
		if (token_init() != 0 || site_load(&site, &why) != 0)
			abort();
		(void)snprintf(file, sizeof(file), "%s/in.csv", dir);
		(void)snprintf(apps, sizeof(apps), "%s/applications.csv", dir);
		(void)snprintf(evs, sizeof(evs), "%s/events.csv", dir);
	}
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || (size > 0 && write(fd, data, size) != (ssize_t)size))
		abort();
	close(fd);
	devnull = fopen("/dev/null", "w");
	(void)ledger_import(&site, file, NULL, time(NULL), devnull, &why);
	fclose(devnull);
	/* Start every input from an empty directory. */
	unlink(apps);
	unlink(evs);
	return 0;
}
