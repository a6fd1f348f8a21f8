/*
 * ledger: import a body's Excel 台账 saved as CSV, with the header
 *   received,channel,applicant_kind,subject,extended,answered,outcome
 * Each row becomes an application (received that day) and its events
 * (an extension, an answer), checked as the desk checks them.  The whole
 * file is checked first; a bad row stops the import with its line number
 * and nothing is written.  The rows go in with one write per file.  The
 * cases belong to agency (NULL: the site's own).
 */
#ifndef OGI_LEDGER_H
#define OGI_LEDGER_H

#include <stdio.h>
#include <time.h>

struct site;

/* 0 on success (a summary on out); -1 and *why (with the line) if not. */
int	ledger_import(const struct site *, const char *path, const char *agency,
	    time_t now, FILE *out, const char **why);

#endif
