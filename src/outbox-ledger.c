/*
 * outbox-ledger: mail.csv, the sender's record of what became of each
 * notice (a synced "try" row before a hand-over, then "sent" or "fail"),
 * mail-failing.csv for the desk, and the hand-over to sendmail_command.
 * See outbox.h and outbox-int.h.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/app.h"
#include "ogi/buf.h"
#include "ogi/outbox.h"
#include "ogi/site.h"
#include "ogi/store.h"

#include "outbox-int.h"
#include "store-int.h"

#define SENDMAIL_TIMEOUT	120	/* seconds before a hung MTA is killed */

enum { ML_TIME, ML_KEY, ML_CASE, ML_STATE, ML_TRIES, ML_DETAIL, ML_COLS };
static const char *const mail_header[ML_COLS] = {
	"time", "key", "case_id", "state", "tries", "detail",
};

static const char *const ml_states[] = { "start", "try", "sent", "fail", "none" };


static size_t
key_slot(const char *k, size_t nslots)
{
	uint64_t h = 1469598103934665603ull;

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ull;
	return (size_t)h & (nslots - 1);
}

struct ml_ent *
ml_find(const struct ml *m, const char *key)
{
	size_t s;

	if (m->nslots == 0)
		return NULL;
	for (s = key_slot(key, m->nslots); m->slot[s] != 0; s = (s + 1) & (m->nslots - 1))
		if (strcmp(m->v[m->slot[s] - 1].key, key) == 0)
			return &m->v[m->slot[s] - 1];
	return NULL;
}

static void
ml_rehash(struct ml *m)
{
	size_t i, s;

	free(m->slot);
	m->nslots = m->nslots ? m->nslots * 2 : 1024;
	m->slot = xcalloc(m->nslots, sizeof(*m->slot));
	for (i = 0; i < m->n; i++) {
		for (s = key_slot(m->v[i].key, m->nslots); m->slot[s] != 0;
		    s = (s + 1) & (m->nslots - 1))
			;
		m->slot[s] = (uint32_t)(i + 1);
	}
}

static struct ml_ent *
ml_get(struct ml *m, const char *key)
{
	struct ml_ent *e = ml_find(m, key);

	if (e != NULL)
		return e;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->v = xreallocarray(m->v, m->cap, sizeof(*m->v));
	}
	e = &m->v[m->n++];
	memset(e, 0, sizeof(*e));
	e->key = xstrdup(key);
	if (m->n * 2 > m->nslots)
		ml_rehash(m);
	else {
		size_t s;

		for (s = key_slot(key, m->nslots); m->slot[s] != 0;
		    s = (s + 1) & (m->nslots - 1))
			;
		m->slot[s] = (uint32_t)m->n;
	}
	return e;
}

static void
ml_apply(struct ml *m, const char *key, const char *case_id, int state,
    int tries, time_t t)
{
	struct ml_ent *e = ml_get(m, key);

	e->state = state;
	e->last = t;
	if (state == ML_FAIL) {
		e->tries = tries;
		if (e->failing_since == 0)
			e->failing_since = t;
	} else if (state != ML_TRY) {
		e->tries = 0;
		e->failing_since = 0;
	}
	(void)snprintf(e->case_id, sizeof(e->case_id), "%s", case_id);
}

static int
on_ml(void *ctx, char *const *f, size_t n)
{
	struct ml *m = ctx;
	int s;
	long long t;

	(void)n;
	for (s = 0; s < (int)(sizeof(ml_states) / sizeof(ml_states[0])); s++)
		if (strcmp(f[ML_STATE], ml_states[s]) == 0)
			break;
	if (s == (int)(sizeof(ml_states) / sizeof(ml_states[0])))
		return -1;
	t = strtoll(f[ML_TIME], NULL, 10);
	if (s == ML_NEW) {
		long long ev = 0, doc = 0;

		if (sscanf(f[ML_DETAIL], "events=%lld documents=%lld", &ev, &doc) != 2)
			return -1;
		m->started = 1;
		m->ev_from = (off_t)ev;
		m->doc_from = (off_t)doc;
		return 0;
	}
	ml_apply(m, f[ML_KEY], f[ML_CASE], s, atoi(f[ML_TRIES]), (time_t)t);
	return 0;
}

void
ml_open(struct ml *m, const struct site *site)
{
	char *path = site_data_path(site, "mail.csv");

	memset(m, 0, sizeof(*m));
	store_init(&m->st, path, mail_header, ML_COLS, on_ml, NULL, m);
	m->st.append_only = 1;
	free(path);
}

void
ml_close(struct ml *m)
{
	size_t i;

	store_free(&m->st);
	for (i = 0; i < m->n; i++)
		free(m->v[i].key);
	free(m->v);
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

/* Append one row, synced: 0, or -1. */
int
ml_write(struct ml *m, time_t now, const char *key, const char *case_id,
    int state, int tries, const char *detail)
{
	char when[32], nt[16];
	const char *row[ML_COLS];
	enum store_err e;

	(void)snprintf(when, sizeof(when), "%lld", (long long)now);
	(void)snprintf(nt, sizeof(nt), "%d", tries);
	row[ML_TIME] = when;
	row[ML_KEY] = key;
	row[ML_CASE] = case_id;
	row[ML_STATE] = ml_states[state];
	row[ML_TRIES] = nt;
	row[ML_DETAIL] = detail;
	if ((e = store_lock(&m->st)) != STORE_OK)
		return -1;
	e = store_append(&m->st, row);
	store_unlock(&m->st);
	if (e != STORE_OK)
		return -1;
	if (state != ML_NEW)
		ml_apply(m, key, case_id, state, tries, now);
	return 0;
}

/* mail-failing.csv: the notices failing at the end of the sender's last
   run, for the staff desk (a small file replaced each run; mail.csv only
   grows). */
static const char *const failing_header[] = { "key", "case_id", "since", "tries" };

static int
on_failing(void *ctx, char *const *f, size_t n)
{
	struct { time_t now; size_t n; } *c = ctx;

	(void)n;
	if (c->now - (time_t)strtoll(f[2], NULL, 10) >= FAILING_AFTER)
		c->n++;
	return 0;
}

size_t
outbox_failing(const struct site *site, time_t now)
{
	struct { time_t now; size_t n; } c = { now, 0 };
	struct store st;
	char *path = site_data_path(site, "mail-failing.csv");

	store_init(&st, path, failing_header, 4, on_failing, NULL, &c);
	free(path);
	if (store_refresh(&st) != STORE_OK)
		c.n = 0;
	store_free(&st);
	return c.n;
}

void
failing_write(const struct ml *m, const struct site *site)
{
	const char **cells = NULL;
	char (*num)[2][24] = NULL;
	size_t i, n = 0;
	char *path;

	for (i = 0; i < m->n; i++)
		if (m->v[i].state == ML_FAIL)
			n++;
	cells = xreallocarray(NULL, n * 4 + 1, sizeof(*cells));
	num = xreallocarray(NULL, n + 1, sizeof(*num));
	for (i = 0, n = 0; i < m->n; i++) {
		if (m->v[i].state != ML_FAIL)
			continue;
		(void)snprintf(num[n][0], sizeof(num[n][0]), "%lld",
		    (long long)m->v[i].failing_since);
		(void)snprintf(num[n][1], sizeof(num[n][1]), "%d", m->v[i].tries);
		cells[n * 4] = m->v[i].key;
		cells[n * 4 + 1] = m->v[i].case_id;
		cells[n * 4 + 2] = num[n][0];
		cells[n * 4 + 3] = num[n][1];
		n++;
	}
	path = site_data_path(site, "mail-failing.csv");
	(void)store_replace(path, failing_header, 4, cells, n);
	free(path);
	free(cells);
	free(num);
}

/* Handing a message to sendmail */

/* 0 when the command took the message (exit status 0), else -1 and a
   word on why in detail (never the command's output: it may name the
   addressee). */
int
run_sendmail(const char *cmd, const struct buf *msg, char *detail, size_t n)
{
	int fds[2], st, devnull;
	pid_t pid, w;
	size_t off = 0;
	ssize_t k;
	int waited = 0;
	void (*old)(int);

	if (pipe(fds) == -1) {
		(void)snprintf(detail, n, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == -1) {
		close(fds[0]);
		close(fds[1]);
		(void)snprintf(detail, n, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		devnull = open("/dev/null", O_WRONLY);
		if (dup2(fds[0], 0) == -1 || devnull == -1 ||
		    dup2(devnull, 1) == -1 || dup2(devnull, 2) == -1)
			_exit(127);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	old = signal(SIGPIPE, SIG_IGN);
	while (off < msg->len) {
		k = write(fds[1], msg->s + off, msg->len - off);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	close(fds[1]);
	signal(SIGPIPE, old);
	for (;;) {
		w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (w == -1 && errno != EINTR) {
			(void)snprintf(detail, n, "waitpid: %s", strerror(errno));
			return -1;
		}
		if (waited++ >= SENDMAIL_TIMEOUT * 10) {
			(void)kill(pid, SIGKILL);
			(void)waitpid(pid, &st, 0);
			(void)snprintf(detail, n, "sendmail_command timed out");
			return -1;
		}
		usleep(100000);
	}
	if (off < msg->len) {
		(void)snprintf(detail, n, "sendmail_command did not read the message");
		return -1;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		(void)snprintf(detail, n, "sendmail_command exited %d", WEXITSTATUS(st));
	else
		(void)snprintf(detail, n, "sendmail_command killed by signal %d",
		    WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return -1;
}

