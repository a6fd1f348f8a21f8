/*
 * pdf: an issued document as a PDF letter on A4 (595.28 × 841.89 pt),
 * laid out with pango on a cairo PDF surface in Noto Serif CJK SC
 * (fonts-noto-cjk).  Each font is first cut to the letter's glyphs with
 * HarfBuzz's subsetter, which cairo 1.16 then embeds whole (30-40 KB a
 * letter, where cairo alone embedded 150-550 KB of Noto CJK's
 * subroutines), with the text of each glyph: it can be copied and
 * searched as written.  The same document gives the same bytes (the
 * creation date is the time of issue): a PDF may be kept once made.
 *
 * The layout follows the usual proportions of 党政机关公文格式 (GB/T
 * 9704-2012): margins 37 mm top, 28 mm left, a text block 156 × 225 mm,
 * the title in 22 pt (二号) bold, the body in 16 pt (三号) at 22 lines a
 * page, each paragraph indented by two characters, the issuer's name
 * centred over the date at the foot, the date four characters from the
 * right margin, two lines of room above them for the seal that covers
 * both.  A letter of several pages has its page numbers under the text.
 *
 * One font map serves every call, made on the first (or by doc_pdf_init
 * at start, to find out then that the font is missing: about 10 ms).
 * Pango and fontconfig are not made for several threads rendering at
 * once: a lock makes the calls one at a time.  cairo keeps the last 256
 * fonts it was given for reuse, the cut ones too: a process that renders
 * grows by some 20 MB over its first few hundred letters, then stays.
 * doc_pdf_end lets all of it go (at exit; valgrind then sees only the
 * libraries' own leaks, tests/doc.supp).
 */
#ifndef OGI_PDF_H
#define OGI_PDF_H

#include "ogi/buf.h"
#include "ogi/doc.h"

#define PDF_FONT	"Noto Serif CJK SC"

/* Load the fonts now: 0, or -1 and *why (the font is not installed). */
int	doc_pdf_init(const char **why);
/* The PDF of the document, appended to out: 0, or -1 and *why. */
int	doc_pdf(const struct doc_text *, struct buf *out, const char **why);
struct report_format;
struct an_table;
struct an_year;
/*
 * The whole annual report as a PDF (pdf-report.c): the title, each
 * section's heading and paragraphs in 三号, the tables in place or, for
 * the 2008-era report, 附件1 on a page of its own; the tables ruled, as
 * an_layout lays them out, their headers repeated on every page they run
 * on, a group's label kept on the page with its rows (rf NULL, or a year
 * without text: the table alone, as the form).  Dated published
 * (YYYY-MM-DD, the snapshot's day): the same report is the same bytes;
 * "" for a staff preview, which says under its title that it is a draft.
 */
int	report_pdf(const struct report_format *, const struct an_table *,
	    const struct an_year *, const char *body, const char *published,
	    struct buf *out, const char **why);
/* Put the font map and cairo's caches away (at exit, for valgrind). */
void	doc_pdf_end(void);

#endif
