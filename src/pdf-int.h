/*
 * pdf-int: what the PDF modules share — the pen that places lines of
 * pango layouts and ruled boxes on A4 pages, the fonts cut to what a file
 * uses, the lock around pango.  pdf.c is the pen; pdf-letter.c lays out
 * an issued document, pdf-report.c the annual report.
 */
#ifndef OGI_PDF_INT_H
#define OGI_PDF_INT_H

#include <cairo.h>
#include <hb-subset.h>
#include <pango/pangocairo.h>

#include "ogi/buf.h"

#define MM		(72.0 / 25.4)
#define PAGE_W		(210 * MM)	/* 595.28 pt */
#define PAGE_H		(297 * MM)	/* 841.89 pt */
#define TOP		(37 * MM)
#define LEFT		(28 * MM)
#define TEXT_W		(156 * MM)
#define TEXT_H		(225 * MM)
#define BOTTOM		(TOP + TEXT_H)
#define BODY_PT		16.0		/* 三号 */
#define TITLE_PT	22.0		/* 二号 */
#define FOLIO_PT	14.0		/* 四号: the page number */
#define PITCH		(TEXT_H / 22)	/* 22 lines a page: 28.9 pt */
#define TITLE_PITCH	(TITLE_PT * 1.5)

/*
 * Why the glyphs are not drawn with pango's own fonts: cairo 1.16 subsets
 * a CFF font by its glyphs but copies the local subroutines of every font
 * dict it touches whole, and Noto CJK keeps most of each glyph there: a
 * one-page letter came to 150-550 KB.  So each font a file uses is first
 * cut down with HarfBuzz to the file's glyphs, subroutines expanded
 * (hb-subset), and the glyphs are drawn from that, with their text
 * (cairo_show_text_glyphs): 20-40 KB a letter, and the text maps back to
 * Unicode exactly as written.  Pango still shapes and breaks the lines.
 *
 * A font file's face as the file uses it, cut to its glyphs:
 */
struct cut {
	hb_face_t		*src;
	hb_set_t		*glyphs;
	hb_subset_plan_t	*plan;		/* its old → new glyph map */
	const hb_map_t		*map;
	cairo_font_face_t	*cf;		/* NULL: not cut */
};

/* A font of pango's (a face at a size) and the same from the cut face. */
struct face {
	PangoFont		*pf;
	struct cut		*cut;
	cairo_scaled_font_t	*sf;		/* NULL: drawn with pf */
};

/* A line of some layout, placed on a page. */
struct placed {
	size_t	 lay;		/* in pen.lay */
	int	 line;		/* its index there */
	int	 page;
	size_t	 order;		/* as placed */
	double	 x, base;
};

/* A box ruled on a page (a table's cell). */
struct box {
	int	 page;
	double	 x, y, w, h;
};

struct pen {
	cairo_surface_t		*surface;
	struct buf		*out;
	size_t			 start;	/* out's length before */
	cairo_t			*cr;
	PangoContext		*ctx;
	PangoFontDescription	*body, *title, *folio;
	PangoLayout		**lay;
	size_t			 nlay, caplay;
	struct placed		*pl;
	size_t			 npl, cappl;
	struct box		*box;
	size_t			 nbox, capbox;
	struct face		*faces;
	size_t			 nfaces, capfaces;
	struct cut		 cuts[8];
	size_t			 ncuts;
	double			 y;	/* the top of the next line */
	double			 pitch;	/* of the body's lines */
	int			 page;	/* 1, 2, … */
	int			 foot_alone; /* (pdf-letter.c) */
};

/* Around every use of pango and the pen. */
void	pdf_lock(void);
void	pdf_unlock(void);

/*
 * Under the lock: a pen on a new A4 PDF appended to out, with its title,
 * author and date (ISO 8601: the file's, so that the same input makes the
 * same bytes; "" for none).  0, or -1 and *why (the font is missing).
 */
int	pen_open(struct pen *, struct buf *out, const char *title,
	    const char *author, const char *date, const char **why);
/* Draw what was placed and finish the file: 0, or -1 and *why (out is
   then as it was).  The pen is put away either way. */
int	pen_close(struct pen *, const char **why);
/* Drop what was placed: back to the top of page 1 (to lay out again). */
void	pen_clear(struct pen *);

/* A new layout of the pen's (it keeps it), wrapping by word then char. */
PangoLayout *pen_layout(struct pen *);
/* Line `line` of layout `lay` (an index in p->lay) at x, baseline base on
   the pen's page. */
void	pen_place(struct pen *, size_t lay, int line, double x, double base);
void	pen_box(struct pen *, double x, double y, double w, double h);
void	pen_new_page(struct pen *);
/*
 * A paragraph, line by line at a fixed pitch (the lines of the grid),
 * going on to the next page where the text block ends.  right: room kept
 * free at the right margin.
 */
void	pen_para(struct pen *, const char *s, int len,
	    const PangoFontDescription *, PangoAlignment, double indent,
	    double pitch, double right);
/* The width of one line of text. */
double	pen_width(struct pen *, const char *s, const PangoFontDescription *);
/* "— 2 —" under the text block of each page, when there are several. */
void	pen_folios(struct pen *);

#endif
