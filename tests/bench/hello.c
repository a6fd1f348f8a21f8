/*
 * The floor for the benchmarks: a FastCGI program that answers "hello",
 * with as many threads as ogi's programs run (OGI_THREADS, default 8),
 * accepting the same way (libfcgi's threaded pattern, accept serialised).
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include <fcgiapp.h>

static pthread_mutex_t accept_lock = PTHREAD_MUTEX_INITIALIZER;

static void *
serve(void *unused)
{
	static const char page[] = "Status: 200 OK\r\nContent-Type: text/html; "
	    "charset=utf-8\r\nContent-Length: 48\r\n\r\n"
	    "<!DOCTYPE html><title>hello</title><p>hello</p>\n";
	FCGX_Request req;
	int rc;

	(void)unused;
	if (FCGX_InitRequest(&req, 0, 0) != 0)
		return NULL;
	for (;;) {
		pthread_mutex_lock(&accept_lock);
		rc = FCGX_Accept_r(&req);
		pthread_mutex_unlock(&accept_lock);
		if (rc < 0)
			break;
		FCGX_PutStr(page, sizeof(page) - 1, req.out);
		FCGX_Finish_r(&req);
	}
	return NULL;
}

int
main(void)
{
	pthread_t t[64];
	sigset_t set;
	const char *v = getenv("OGI_THREADS");
	int n = v != NULL && atoi(v) > 0 && atoi(v) <= 64 ? atoi(v) : 8, i, sig;

	/* libfcgi catches SIGTERM only to stop accepting, which a thread
	   blocked in accept() may never see: this thread waits for it and
	   ends the process. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (FCGX_Init() != 0)
		return 1;
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, serve, NULL) != 0)
			return 1;
	(void)sigwait(&set, &sig);
	return 0;
}
