/* Helpers shared by the unit tests. */
#ifndef OGI_TEST_UTIL_H
#define OGI_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <cmocka.h>

static inline char *
tmpdir_new(void)
{
	char tmpl[] = "/tmp/ogi-unit-XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	return strdup(d);
}

static inline void
rm_rf(const char *dir)
{
	char cmd[512];

	(void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static inline void
write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static inline char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return p;
}

/* A site for the tests: records in dir, the shipped reference data,
   北京时间.  The struct site is declared by the test (include ogi/site.h). */
#define TEST_SITE(s, dir, agency_, body) do {				\
	memset(&(s), 0, sizeof(s));					\
	(s).data_dir = (dir);						\
	(s).conf_dir = "data";						\
	(s).agency = (agency_);						\
	(s).body_name = (body);						\
	(s).utc_offset = 480;						\
} while (0)

#endif
