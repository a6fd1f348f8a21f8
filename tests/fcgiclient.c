/*
 * fcgiclient: one FastCGI request, spoken on the wire, for the tests that
 * look at how a program ends a connection.
 *
 *   fcgiclient unix:PATH|tcp:PORT METHOD PATH [QUERY [BODY]]
 *
 * Prints the program's stdout, then, once the answer's END_REQUEST record
 * and the end of the connection have been read, a last line:
 *   "connection: closed"  the program has closed its end (two writes after
 *                         the end of the stream: one of them fails);
 *   "connection: open"    it still reads what is sent (libfcgi's lingering
 *                         close: shutdown of its sending side, then reads).
 * Exit 1 (reason on stderr) on a connection or protocol error, or if no
 * END_REQUEST came within 5 s.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <fastcgi.h>

static unsigned char	 out[1 << 17];
static size_t		 olen;

static void
die(const char *why)
{
	fprintf(stderr, "fcgiclient: %s\n", why);
	exit(1);
}

/* A system call failed: why, and errno's reason. */
static void
die_sys(const char *why)
{
	fprintf(stderr, "fcgiclient: %s: %s\n", why, strerror(errno));
	exit(1);
}

static void
record(int type, const void *p, size_t n)
{
	unsigned char h[FCGI_HEADER_LEN] = { FCGI_VERSION_1, (unsigned char)type,
	    0, 1, (unsigned char)(n >> 8), (unsigned char)n, 0, 0 };

	if (olen + sizeof(h) + n > sizeof(out) || n > 0xffff)
		die("request too big");
	memcpy(out + olen, h, sizeof(h));
	memcpy(out + olen + sizeof(h), p, n);
	olen += sizeof(h) + n;
}

static size_t
lenbytes(unsigned char *d, size_t n)
{
	if (n < 128) {
		d[0] = (unsigned char)n;
		return 1;
	}
	d[0] = (unsigned char)((n >> 24) | 0x80);
	d[1] = (unsigned char)(n >> 16);
	d[2] = (unsigned char)(n >> 8);
	d[3] = (unsigned char)n;
	return 4;
}

static void
param(unsigned char *b, size_t *len, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);

	if (*len + 8 + nl + vl > 4096)
		die("parameters too long");
	*len += lenbytes(b + *len, nl);
	*len += lenbytes(b + *len, vl);
	memcpy(b + *len, name, nl);
	memcpy(b + *len + nl, value, vl);
	*len += nl + vl;
}

static int
connect_to(const char *where)
{
	struct sockaddr_un un;
	struct sockaddr_in in;
	int fd;

	if (strncmp(where, "unix:", 5) == 0) {
		memset(&un, 0, sizeof(un));
		un.sun_family = AF_UNIX;
		if (strlen(where + 5) >= sizeof(un.sun_path))
			die("socket path too long");
		strcpy(un.sun_path, where + 5);
		if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
		    connect(fd, (struct sockaddr *)&un, sizeof(un)) == -1)
			die_sys("connect");
		return fd;
	}
	if (strncmp(where, "tcp:", 4) != 0)
		die("where: unix:PATH or tcp:PORT");
	memset(&in, 0, sizeof(in));
	in.sin_family = AF_INET;
	in.sin_port = htons((unsigned short)atoi(where + 4));
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&in, sizeof(in)) == -1)
		die_sys("connect");
	return fd;
}

/* n bytes, waiting at most 5 s for each read; 0 at the end of the stream. */
static int
read_full(int fd, unsigned char *p, size_t n)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		if (poll(&pfd, 1, 5000) != 1)
			die("no answer within 5 s");
		if ((r = read(fd, p + got, n - got)) == -1)
			die_sys("read");
		if (r == 0) {
			if (got == 0)
				return 0;
			die("answer cut short");
		}
		got += (size_t)r;
	}
	return 1;
}

int
main(int argc, char **argv)
{
	static const unsigned char begin[8] = { 0, FCGI_RESPONDER, 0 };
	unsigned char p[4096], h[FCGI_HEADER_LEN], body[0x10000 + 256];
	const char *query = argc > 4 ? argv[4] : "", *data = argc > 5 ? argv[5] : NULL;
	char clen[24];
	size_t plen = 0, dlen = data != NULL ? strlen(data) : 0, n, off;
	int fd, ended = 0, fails = 0, i;

	if (argc < 4) {
		fprintf(stderr, "usage: fcgiclient unix:PATH|tcp:PORT METHOD PATH [QUERY [BODY]]\n");
		return 2;
	}
	fd = connect_to(argv[1]);
	record(FCGI_BEGIN_REQUEST, begin, sizeof(begin));
	param(p, &plen, "REQUEST_METHOD", argv[2]);
	param(p, &plen, "SCRIPT_NAME", "");
	param(p, &plen, "PATH_INFO", argv[3]);
	param(p, &plen, "QUERY_STRING", query);
	param(p, &plen, "REMOTE_ADDR", "127.0.0.1");
	param(p, &plen, "HTTP_HOST", "127.0.0.1");
	param(p, &plen, "SERVER_PORT", "80");
	if (data != NULL) {
		snprintf(clen, sizeof(clen), "%zu", dlen);
		param(p, &plen, "CONTENT_LENGTH", clen);
		param(p, &plen, "CONTENT_TYPE", "application/x-www-form-urlencoded");
	}
	record(FCGI_PARAMS, p, plen);
	record(FCGI_PARAMS, "", 0);
	for (off = 0; off < dlen; off += n) {
		n = dlen - off < 0x8000 ? dlen - off : 0x8000;
		record(FCGI_STDIN, data + off, n);
	}
	record(FCGI_STDIN, "", 0);
	if (write(fd, out, olen) != (ssize_t)olen)
		die_sys("write");

	/* The answer, to its END_REQUEST record. */
	while (!ended) {
		if (!read_full(fd, h, sizeof(h)))
			die("connection closed before END_REQUEST");
		n = (size_t)h[4] << 8 | h[5];
		if (!read_full(fd, body, n + h[6]))
			die("connection closed inside a record");
		if (h[1] == FCGI_STDOUT)
			fwrite(body, 1, n, stdout);
		else if (h[1] == FCGI_END_REQUEST)
			ended = 1;
	}
	/* Then the end of the stream: the program closed or shut down. */
	if (read_full(fd, h, 1))
		die("bytes after END_REQUEST");
	/* Has it closed, or does it still read?  A closed Unix socket fails
	   the first write; a closed TCP connection answers it with a reset,
	   which fails the second. */
	for (i = 0; i < 2; i++) {
		if (send(fd, "x", 1, MSG_NOSIGNAL) == -1)
			fails++;
		usleep(100 * 1000);
	}
	printf("\nconnection: %s\n", fails > 0 ? "closed" : "open");
	close(fd);
	return 0;
}
