/*
 * boot: what every program loads before its first request — the site's
 * settings, the secret key, the records with the calendar and the law, the
 * annual table formats and the agencies, the letters and their records
 * with the PDF fonts — and puts away after its last.  Bad letters data
 * (data/letters) or a missing font stops the program at start.
 */
#ifndef OGI_BOOT_H
#define OGI_BOOT_H

#include "ogi/annual.h"
#include "ogi/case.h"
#include "ogi/doc.h"
#include "ogi/files.h"
#include "ogi/guide.h"
#include "ogi/report.h"
#include "ogi/site.h"
#include "ogi/token.h"

struct boot {
	struct site		site;
	unsigned char		key[TOKEN_KEY_BYTES];
	struct cases		cases;
	struct an_formats	formats;
	struct an_agencies	agencies;
	struct reports		reports;	/* the annual report around its tables */
	struct guide		guide;		/* 政府信息公开指南 */
	struct docs		docs;
	struct files		files;	/* a case's papers (files.csv) */
};

/*
 * 0, or -1 after saying on stderr, as prog, what could not be loaded.  The
 * staff side's key is secret.key (and public.key is made from it when
 * missing); the public side's is public.key alone, and it warns on stderr
 * when it can read the staff side's files.
 */
enum boot_side { BOOT_STAFF, BOOT_PUBLIC };
int	boot_open(struct boot *, const char *prog, enum boot_side);
void	boot_close(struct boot *);

/*
 * An issued document's PDF, appended to out: made once per 文号 and kept
 * (a document never changes, and the same document gives the same bytes),
 * the last BOOT_PDF_KEEP made.  Safe from several threads (pdf.c renders
 * one at a time).  0, or -1 and *why.
 */
#define BOOT_PDF_KEEP	32
int	boot_pdf(struct boot *, const struct doc_rec *, struct buf *out,
	    const char **why);
/*
 * The annual report's PDF (report_pdf; rf NULL or a year without text:
 * the table alone), kept the same way by agency, year and a hash of the
 * year's file — a correction published the same day is a new file.
 */
int	boot_report_pdf(const struct report_format *rf, const struct an_table *,
	    const struct an_year *, const char *agency, const char *body,
	    struct buf *out, const char **why);

#endif
