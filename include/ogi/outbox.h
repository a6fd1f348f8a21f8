/*
 * outbox: notices by e-mail, and the sender that hands them to sendmail.
 *
 * What a notice says follows from the records, so most notices are not
 * queued at all: the sender (ogi-admin send-mail, every minute) finds them
 * in the records as they are on disk —
 *   events.csv     receipt confirmed, 补正 requested, extension, the answer
 *   documents.csv  each document issued to the applicant (its PDF attached)
 *   staff.csv      the staff digest, once a working day after site.csv's
 *                  digest_hour, to each account with an e-mail address
 * — and only what the records do not hold is queued: a tracking code,
 * which is stored hashed.  outbox.csv (time, kind, case_id, code_hash,
 * sealed) gets a row, sealed to the outbox's key (token.h), when the public
 * program receives an application with an e-mail address ("receipt",
 * written before the application and sent only when an application with
 * that code is on file, so that a crash between the two sends nothing
 * wrong) and when staff issue a new code ("code", sent only while it is the
 * case's code).  No page waits for mail.
 *
 * A case registered at the desk with its received date (no receipt step)
 * gets its confirmation ("recv:ID") right after its receipt notice.
 *
 * mail.csv (time, key, case_id, state, tries, detail; 0600) is the sender's
 * record of every hand-over.  Its first row ("start") holds where
 * events.csv and documents.csv ended when mail began: older steps are not
 * mailed.  For each notice (its key: "ev:OFFSET", "doc:文号",
 * "receipt:HASH", "code:HASH", "digest:DATE:LOGIN") the sender appends
 * "try" (synced) before it runs sendmail_command with the message on its
 * standard input, then "sent" when it exits 0, else "fail" with the
 * attempt's number; a failed notice is tried again after 1, 2, 4 … 60
 * minutes, for ever, and counted as failing on the staff desk once it has
 * failed for 24 hours.  "none": nothing to send (no address given).
 *
 * The bound: a notice is lost never (it is sent until a "sent" row is on
 * disk), and handed to sendmail twice only when the sender died after
 * sendmail took it and before "sent" was written — at most one duplicate
 * per sender crash during that notice's hand-over, which with the
 * Message-ID made from the key a mail client can recognise.  One sender
 * runs at a time (mail.lock); a second exits at once.
 */
#ifndef OGI_OUTBOX_H
#define OGI_OUTBOX_H

#include <stdio.h>
#include <time.h>

#include "ogi/store.h"
#include "ogi/token.h"

struct site;
struct boot;
struct auth;

/* The queue side (the public and staff programs). */
struct outbox {
	struct store	 st;
	unsigned char	 pk[TOKEN_KEY_BYTES];	/* outbox.key */
	int		 have_pk;
};

void		 outbox_open(struct outbox *, const struct site *);
void		 outbox_close(struct outbox *);
/* Queue a tracking code (kind "receipt" or "code") for the applicant of
   case_id ("" when not yet known: a receipt is matched by its code).
   STORE_EIO also when outbox.key could not be read. */
enum store_err	 outbox_queue_code(struct outbox *, const char *kind,
		    const char *case_id, const char code[TOKEN_CODE_SHOWN + 1],
		    time_t now);

/* The sender.  0, or -1 and *why.  log gets one line per notice handed
   over or failed (key and case id: never an address). */
int		 outbox_send(struct boot *, struct auth *, time_t now, FILE *log,
		    const char **why);
/* Notices that have failed for 24 hours or more (the staff desk), as the
   sender's last run left them in mail-failing.csv (0600): a small file
   replaced at the end of each run, so that a page need not read mail.csv. */
size_t		 outbox_failing(const struct site *, time_t now);

#endif
