/*
 * The benchmark's physical floors, built by the benchmark itself:
 *   floor parse FILE...        libcsv over the files, callbacks that do
 *                              nothing: what any CSV loader must pay
 *   floor append FILE BYTES N  N rows of BYTES bytes, each appended with
 *                              write + fdatasync: what a durable append costs
 * Each prints one line: seconds, and rows per second.
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t fields, rows;

static void on_field(void *s, size_t n, void *ctx) { (void)s; (void)n; (void)ctx; fields++; }
static void on_row(int c, void *ctx) { (void)c; (void)ctx; rows++; }

static int
parse(int argc, char **argv)
{
	static char block[1 << 16];
	struct csv_parser p;
	double t0 = now();
	ssize_t n;
	int i, fd;

	for (i = 0; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY)) < 0)
			err(1, "%s", argv[i]);
		if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
			errx(1, "csv_init");
		while ((n = read(fd, block, sizeof(block))) > 0)
			if (csv_parse(&p, block, (size_t)n, on_field, on_row, NULL) !=
			    (size_t)n)
				errx(1, "%s: %s", argv[i], csv_strerror(csv_error(&p)));
		if (n < 0)
			err(1, "%s", argv[i]);
		csv_fini(&p, on_field, on_row, NULL);
		csv_free(&p);
		close(fd);
	}
	printf("%.3f s %zu rows %zu fields\n", now() - t0, rows, fields);
	return 0;
}

static int
append(const char *path, size_t bytes, long count)
{
	char *row = malloc(bytes);
	double t0, t;
	long i;
	int fd;

	if (row == NULL || bytes < 2)
		errx(1, "row size");
	memset(row, 'x', bytes - 1);
	row[bytes - 1] = '\n';
	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0600)) < 0)
		err(1, "%s", path);
	t0 = now();
	for (i = 0; i < count; i++)
		if (write(fd, row, bytes) != (ssize_t)bytes || fdatasync(fd) != 0)
			err(1, "%s", path);
	t = now() - t0;
	printf("%.3f s %.1f rows/s\n", t, (double)count / t);
	close(fd);
	free(row);
	return 0;
}

int
main(int argc, char *argv[])
{
	if (argc >= 3 && strcmp(argv[1], "parse") == 0)
		return parse(argc - 2, argv + 2);
	if (argc == 5 && strcmp(argv[1], "append") == 0)
		return append(argv[2], (size_t)atol(argv[3]), atol(argv[4]));
	errx(2, "usage: floor parse FILE... | floor append FILE BYTES N");
}
