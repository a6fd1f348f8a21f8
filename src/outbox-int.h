/*
 * outbox's private parts, shared by its two files: outbox.c (the queue of
 * codes and the sender, which finds the notices due) and outbox-ledger.c
 * (mail.csv, the record of what became of each notice, the desk's list of
 * failing ones, and the hand-over to sendmail_command).
 */
#ifndef OGI_OUTBOX_INT_H
#define OGI_OUTBOX_INT_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "ogi/app.h"
#include "ogi/buf.h"
#include "ogi/site.h"
#include "ogi/store.h"

#define BACKOFF_MAX		60	/* minutes between tries, at most */
#define FAILING_AFTER		(24 * 60 * 60)

/* The sender's record: what became of each notice. */
struct ml_ent {
	char	*key;
	int	 state;		/* enum ml_state */
	int	 tries;		/* failures in a row */
	time_t	 last;		/* of the last row */
	time_t	 failing_since;	/* the first failure in a row, or 0 */
	char	 case_id[APP_ID_LEN];
};
enum ml_state { ML_NEW, ML_TRY, ML_SENT, ML_FAIL, ML_NONE };

struct ml {
	struct store	 st;
	struct ml_ent	*v;
	size_t		 n, cap;
	uint32_t	*slot;		/* index + 1 */
	size_t		 nslots;
	int		 started;
	off_t		 ev_from, doc_from;	/* the horizon */
};

/* The entry of a notice, or NULL. */
struct ml_ent	*ml_find(const struct ml *, const char *key);
/* Read mail.csv whole (its horizon and every notice's state). */
void		 ml_open(struct ml *, const struct site *);
void		 ml_close(struct ml *);
/* Append one row, synced: 0, or -1. */
int		 ml_write(struct ml *, time_t now, const char *key,
		    const char *case_id, int state, int tries, const char *detail);
/* mail-failing.csv: the notices failing for a day, for the desk. */
void		 failing_write(const struct ml *, const struct site *);
/* 0 when sendmail_command took the message, else -1 and a word on why in
   detail (never the command's output: it may name the addressee). */
int		 run_sendmail(const char *cmd, const struct buf *msg,
		    char *detail, size_t n);

#endif
