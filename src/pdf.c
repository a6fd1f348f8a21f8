/*
 * pdf: the pen — lines of pango layouts and ruled boxes placed on A4
 * pages of a cairo PDF surface, the fonts cut to the file's glyphs.  The
 * documents are laid out by pdf-letter.c (an issued letter) and
 * pdf-report.c (the annual report).  See include/ogi/pdf.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-ft.h>
#include <cairo-pdf.h>

#include "ogi/pdf.h"
#include "pdf-int.h"

#ifdef __SANITIZE_ADDRESS__
/*
 * LeakSanitizer's suppressions for every program that links this module:
 * the two leaks inside the libraries of tests/doc.lsan (fontconfig's
 * configuration, read once; cairo 1.16's CFF font dicts; see
 * tests/doc.supp), here so that a program that loads the fonts at start
 * (boot_open) exits clean without LSAN_OPTIONS.  By module too, as the
 * libraries' frames have no symbols without fast_unwind_on_malloc=0
 * (the module is named as loaded, libcairo.so.2, so this cannot pin
 * cairo 1.16 as tests/doc.supp does for valgrind, which still would
 * catch a leak of a newer cairo).
 */
const char *__lsan_default_options(void);
const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}

const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
	return "leak:FcInitLoadConfigAndFonts\n"
	    "leak:libfontconfig.so.1\n"
	    "leak:cairo_surface_finish\n"
	    "leak:libcairo.so.2\n";
}
#endif

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *fontmap;	/* under mu, as all below */
static FT_Library ft;

static int
init_locked(const char **why)
{
	PangoFontFamily **fams = NULL;
	int n = 0, i, found = 0;

	if (fontmap != NULL)
		return 0;
	if (FT_Init_FreeType(&ft) != 0) {
		*why = "FreeType failed to start";
		return -1;
	}
	fontmap = pango_cairo_font_map_new();
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fontmap), 72.0);
	pango_font_map_list_families(fontmap, &fams, &n);
	for (i = 0; i < n && !found; i++)
		found = strcmp(pango_font_family_get_name(fams[i]), PDF_FONT) == 0;
	g_free(fams);
	if (!found) {
		g_object_unref(fontmap);
		fontmap = NULL;
		FT_Done_FreeType(ft);
		*why = "the font " PDF_FONT " is not installed (Debian package "
		    "fonts-noto-cjk)";
		return -1;
	}
	return 0;
}

int
doc_pdf_init(const char **why)
{
	int rc;

	pthread_mutex_lock(&mu);
	rc = init_locked(why);
	pthread_mutex_unlock(&mu);
	return rc;
}

void
doc_pdf_end(void)
{
	pthread_mutex_lock(&mu);
	if (fontmap != NULL) {
		g_object_unref(fontmap);
		fontmap = NULL;
		/* Only with no surface, context or font left: lets go of
		   the fonts cairo keeps for reuse (and so of their FreeType
		   faces) before FreeType itself. */
		cairo_debug_reset_static_data();
		FT_Done_FreeType(ft);
	}
	pthread_mutex_unlock(&mu);
}

static cairo_status_t
sink(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

void
pdf_lock(void)
{
	pthread_mutex_lock(&mu);
}

void
pdf_unlock(void)
{
	pthread_mutex_unlock(&mu);
}

PangoLayout *
pen_layout(struct pen *p)
{
	PangoLayout *l = pango_layout_new(p->ctx);

	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (p->nlay == p->caplay) {
		p->caplay = p->caplay ? p->caplay * 2 : 32;
		p->lay = xreallocarray(p->lay, p->caplay, sizeof(*p->lay));
	}
	p->lay[p->nlay++] = l;
	return l;
}

void
pen_place(struct pen *p, size_t lay, int line, double x, double base)
{
	struct placed *q;

	if (p->npl == p->cappl) {
		p->cappl = p->cappl ? p->cappl * 2 : 64;
		p->pl = xreallocarray(p->pl, p->cappl, sizeof(*p->pl));
	}
	q = &p->pl[p->npl++];
	q->lay = lay;
	q->line = line;
	q->page = p->page;
	q->order = p->npl - 1;
	q->x = x;
	q->base = base;
}

void
pen_new_page(struct pen *p)
{
	p->page++;
	p->y = TOP;
}

void
pen_box(struct pen *p, double x, double y, double w, double h)
{
	struct box *b;

	if (p->nbox == p->capbox) {
		p->capbox = p->capbox ? p->capbox * 2 : 64;
		p->box = xreallocarray(p->box, p->capbox, sizeof(*p->box));
	}
	b = &p->box[p->nbox++];
	b->page = p->page;
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
}

void
pen_para(struct pen *p, const char *s, int len, const PangoFontDescription *fd,
    PangoAlignment al, double indent, double pitch, double right)
{
	PangoLayout *l = pen_layout(p);
	PangoLayoutIter *it;
	PangoRectangle log;
	int line = 0;

	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)((TEXT_W - right) * PANGO_SCALE));
	pango_layout_set_indent(l, (int)(indent * PANGO_SCALE));
	pango_layout_set_alignment(l, al);
	pango_layout_set_justify(l, al == PANGO_ALIGN_LEFT);
	pango_layout_set_text(l, s, len);
	it = pango_layout_get_iter(l);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &log);
		if (p->y + pitch > BOTTOM + 0.5)
			pen_new_page(p);
		/* The line's box centred in the pitch, on its baseline. */
		pen_place(p, p->nlay - 1, line++, LEFT + log.x / (double)PANGO_SCALE,
		    p->y + (pitch - log.height / (double)PANGO_SCALE) / 2 +
		    (pango_layout_iter_get_baseline(it) - log.y) /
		    (double)PANGO_SCALE);
		p->y += pitch;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

double
pen_width(struct pen *p, const char *s, const PangoFontDescription *fd)
{
	PangoLayout *l = pango_layout_new(p->ctx);
	PangoRectangle log;

	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, s, -1);
	pango_layout_get_extents(l, NULL, &log);
	g_object_unref(l);
	return log.width / (double)PANGO_SCALE;
}

/* "— 2 —" 7 mm under the text block of each page, when there are several. */
void
pen_folios(struct pen *p)
{
	PangoRectangle log;
	PangoLayout *l;
	int pages = p->page, i;
	char s[32];

	if (pages < 2)
		return;
	for (i = 1; i <= pages; i++) {
		(void)snprintf(s, sizeof(s), "— %d —", i);
		l = pen_layout(p);
		pango_layout_set_font_description(l, p->folio);
		pango_layout_set_text(l, s, -1);
		pango_layout_get_extents(l, NULL, &log);
		p->page = i;
		pen_place(p, p->nlay - 1, 0, (PAGE_W - log.width / (double)PANGO_SCALE) / 2,
		    BOTTOM + 7 * MM + pango_layout_get_baseline(l) /
		    (double)PANGO_SCALE);
	}
	p->page = pages;
}

/* Lines in page order (a page's number is placed after its lines), else
   as placed. */
static int
by_page(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* ---- the fonts, cut to the file ---- */

static struct cut *
cut_of(struct pen *p, hb_face_t *src)
{
	size_t i;

	for (i = 0; i < p->ncuts; i++)
		if (p->cuts[i].src == src)
			return &p->cuts[i];
	if (p->ncuts == sizeof(p->cuts) / sizeof(p->cuts[0]))
		return NULL;		/* unusual: drawn uncut */
	memset(&p->cuts[p->ncuts], 0, sizeof(p->cuts[0]));
	p->cuts[p->ncuts].src = hb_face_reference(src);
	p->cuts[p->ncuts].glyphs = hb_set_create();
	return &p->cuts[p->ncuts++];
}

static struct face *
face_of(struct pen *p, PangoFont *pf, int make)
{
	size_t i;

	for (i = 0; i < p->nfaces; i++)
		if (p->faces[i].pf == pf)
			return &p->faces[i];
	if (!make)
		return NULL;
	if (p->nfaces == p->capfaces) {
		p->capfaces = p->capfaces ? p->capfaces * 2 : 4;
		p->faces = xreallocarray(p->faces, p->capfaces, sizeof(*p->faces));
	}
	memset(&p->faces[p->nfaces], 0, sizeof(p->faces[0]));
	p->faces[p->nfaces].pf = g_object_ref(pf);
	p->faces[p->nfaces].cut = cut_of(p,
	    hb_font_get_face(pango_font_get_hb_font(pf)));
	return &p->faces[p->nfaces++];
}

static PangoLayoutLine *
line_of(const struct pen *p, const struct placed *q)
{
	return pango_layout_get_line_readonly(p->lay[q->lay], q->line);
}

/* Which glyphs of which fonts the file uses. */
static void
collect(struct pen *p)
{
	PangoGlyphItem *run;
	PangoGlyphInfo *gi;
	struct face *f;
	GSList *r;
	size_t i;
	int k;

	for (i = 0; i < p->npl; i++)
		for (r = line_of(p, &p->pl[i])->runs; r != NULL; r = r->next) {
			run = r->data;
			if (run->item->analysis.font == NULL)
				continue;
			if ((f = face_of(p, run->item->analysis.font, 1))->cut == NULL)
				continue;
			for (k = 0; k < run->glyphs->num_glyphs; k++) {
				gi = &run->glyphs->glyphs[k];
				if (gi->glyph != PANGO_GLYPH_EMPTY &&
				    !(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
					hb_set_add(f->cut->glyphs, gi->glyph);
			}
		}
}

struct held {
	FT_Face		 face;
	hb_blob_t	*blob;
};

static const cairo_user_data_key_t held_key;

static void
held_free(void *v)
{
	struct held *h = v;

	FT_Done_Face(h->face);
	hb_blob_destroy(h->blob);
	free(h);
}

/* Cut a face to the file's glyphs; on any failure c->cf stays NULL and
   its glyphs are drawn from the whole font (a bigger file, nothing lost). */
static void
cut(struct cut *c)
{
	static const hb_tag_t drop[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
		HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'),
		HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
		HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
		HB_TAG('V', 'O', 'R', 'G'), HB_TAG('k', 'e', 'r', 'n'),
		/* Not needed to draw glyphs by index, and the biggest part
		   of the work: the text comes with the glyphs. */
		HB_TAG('c', 'm', 'a', 'p'),
	};
	hb_subset_input_t *in;
	hb_face_t *sub;
	hb_blob_t *blob;
	struct held *h;
	FT_Face ftf;
	const char *data;
	unsigned len;
	size_t i;

	if ((in = hb_subset_input_create_or_fail()) == NULL)
		return;
	hb_set_union(hb_subset_input_glyph_set(in), c->glyphs);
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG),
		    drop[i]);
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_DESUBROUTINIZE |
	    HB_SUBSET_FLAGS_NO_HINTING);
	/* (hb_subset_preprocess would make the plan a little faster, but
	   takes seconds per font at the first letter.) */
	c->plan = hb_subset_plan_create_or_fail(c->src, in);
	hb_subset_input_destroy(in);
	if (c->plan == NULL || (sub = hb_subset_plan_execute_or_fail(c->plan)) == NULL)
		return;
	blob = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	data = hb_blob_get_data(blob, &len);
	if (len == 0 || FT_New_Memory_Face(ft, (const FT_Byte *)data,
	    (FT_Long)len, 0, &ftf) != 0) {
		hb_blob_destroy(blob);
		return;
	}
	h = xmalloc(sizeof(*h));
	h->face = ftf;
	h->blob = blob;
	c->cf = cairo_ft_font_face_create_for_ft_face(ftf, 0);
	if (cairo_font_face_set_user_data(c->cf, &held_key, h, held_free) !=
	    CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(c->cf);
		c->cf = NULL;
		held_free(h);
		return;
	}
	c->map = hb_subset_plan_old_to_new_glyph_mapping(c->plan);
}

/* pango's font at its size, from the cut face. */
static void
scale(struct face *f)
{
	cairo_font_options_t *fo;
	cairo_matrix_t fm, ctm;
	cairo_scaled_font_t *orig;

	if (f->cut == NULL || f->cut->cf == NULL)
		return;
	orig = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(f->pf));
	if (orig == NULL)
		return;
	cairo_scaled_font_get_font_matrix(orig, &fm);
	cairo_scaled_font_get_ctm(orig, &ctm);
	fo = cairo_font_options_create();
	cairo_scaled_font_get_font_options(orig, fo);
	f->sf = cairo_scaled_font_create(f->cut->cf, &fm, &ctm, fo);
	cairo_font_options_destroy(fo);
	if (cairo_scaled_font_status(f->sf) != CAIRO_STATUS_SUCCESS) {
		cairo_scaled_font_destroy(f->sf);
		f->sf = NULL;
	}
}

static void
faces_free(struct pen *p)
{
	size_t i;

	for (i = 0; i < p->nfaces; i++) {
		if (p->faces[i].sf != NULL)
			cairo_scaled_font_destroy(p->faces[i].sf);
		g_object_unref(p->faces[i].pf);
	}
	free(p->faces);
	for (i = 0; i < p->ncuts; i++) {
		if (p->cuts[i].cf != NULL)
			cairo_font_face_destroy(p->cuts[i].cf);
		if (p->cuts[i].plan != NULL)
			hb_subset_plan_destroy(p->cuts[i].plan);
		hb_set_destroy(p->cuts[i].glyphs);
		hb_face_destroy(p->cuts[i].src);
	}
}

/*
 * One run of glyphs from the cut font, each cluster of glyphs with the
 * bytes of text it shows (what copying from the PDF gives back).  0, or
 * -1 when it is not for this way (right to left): pango draws it then.
 */
static int
draw_cut(cairo_t *cr, const char *text, PangoGlyphItem *run,
    const struct face *f, double x, double y)
{
	PangoGlyphString *gs = run->glyphs;
	PangoGlyphItemIter it;
	cairo_text_cluster_t *cl;
	cairo_glyph_t *g;
	PangoGlyphInfo *gi;
	hb_codepoint_t to;
	int *xs, pos = 0, ng = 0, nc = 0, k, before;
	gboolean more;

	if (run->item->analysis.level % 2 != 0 || gs->num_glyphs == 0)
		return -1;
	xs = xreallocarray(NULL, (size_t)gs->num_glyphs, sizeof(*xs));
	g = xreallocarray(NULL, (size_t)gs->num_glyphs, sizeof(*g));
	cl = xreallocarray(NULL, (size_t)gs->num_glyphs, sizeof(*cl));
	for (k = 0; k < gs->num_glyphs; k++) {
		xs[k] = pos + gs->glyphs[k].geometry.x_offset;
		pos += gs->glyphs[k].geometry.width;
	}
	for (more = pango_glyph_item_iter_init_start(&it, run, text); more;
	    more = pango_glyph_item_iter_next_cluster(&it)) {
		before = ng;
		for (k = it.start_glyph; k < it.end_glyph; k++) {
			gi = &gs->glyphs[k];
			if (gi->glyph == PANGO_GLYPH_EMPTY ||
			    (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) ||
			    (to = hb_map_get(f->cut->map, gi->glyph)) ==
			    HB_MAP_VALUE_INVALID)
				continue;
			g[ng].index = to;
			g[ng].x = x + xs[k] / (double)PANGO_SCALE;
			g[ng].y = y + gi->geometry.y_offset / (double)PANGO_SCALE;
			ng++;
		}
		cl[nc].num_bytes = it.end_index - it.start_index;
		cl[nc].num_glyphs = ng - before;
		if (cl[nc].num_bytes > 0 || cl[nc].num_glyphs > 0)
			nc++;
	}
	cairo_set_scaled_font(cr, f->sf);
	cairo_show_text_glyphs(cr, text + run->item->offset, run->item->length,
	    g, ng, cl, nc, 0);
	free(xs);
	free(g);
	free(cl);
	return 0;
}

static void
draw_line(struct pen *p, const struct placed *q)
{
	PangoLayout *l = p->lay[q->lay];
	const char *text = pango_layout_get_text(l);
	PangoGlyphItem *run;
	struct face *f;
	GSList *r;
	double x = q->x;

	for (r = line_of(p, q)->runs; r != NULL; r = r->next) {
		run = r->data;
		f = run->item->analysis.font != NULL ?
		    face_of(p, run->item->analysis.font, 0) : NULL;
		if (f == NULL || f->sf == NULL ||
		    draw_cut(p->cr, text, run, f, x, q->base) != 0) {
			cairo_move_to(p->cr, x, q->base);
			pango_cairo_show_glyph_item(p->cr, text, run);
		}
		x += pango_glyph_string_get_width(run->glyphs) / (double)PANGO_SCALE;
	}
}


static int
by_box_page(const void *a, const void *b)
{
	const struct box *x = a, *y = b;

	return (x->page > y->page) - (x->page < y->page);
}

int
pen_open(struct pen *p, struct buf *out, const char *title,
    const char *author, const char *date, const char **why)
{
	cairo_font_options_t *fo;

	if (init_locked(why) != 0)
		return -1;
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->start = out->len;
	p->surface = cairo_pdf_surface_create_for_stream(sink, out, PAGE_W,
	    PAGE_H);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE,
	    title);
	if (author[0] != '\0')
		cairo_pdf_surface_set_metadata(p->surface,
		    CAIRO_PDF_METADATA_AUTHOR, author);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR,
	    "ogi");
	/* The file's own date, not the time of printing: a reprint is the
	   same file. */
	if (date[0] != '\0')
		cairo_pdf_surface_set_metadata(p->surface,
		    CAIRO_PDF_METADATA_CREATE_DATE, date);
	p->cr = cairo_create(p->surface);
	p->ctx = pango_font_map_create_context(fontmap);
	pango_context_set_language(p->ctx, pango_language_from_string("zh-cn"));
	pango_cairo_context_set_resolution(p->ctx, 72.0);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(p->ctx, FALSE);
	pango_cairo_update_context(p->cr, p->ctx);
	p->body = pango_font_description_from_string(PDF_FONT " 16");
	p->title = pango_font_description_from_string(PDF_FONT " Bold 22");
	p->folio = pango_font_description_from_string(PDF_FONT " 14");
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	p->y = TOP;
	p->page = 1;
	p->pitch = PITCH;
	return 0;
}

void
pen_clear(struct pen *p)
{
	size_t i;

	for (i = 0; i < p->nlay; i++)
		g_object_unref(p->lay[i]);
	p->nlay = p->npl = p->nbox = 0;
	p->y = TOP;
	p->page = 1;
}

int
pen_close(struct pen *p, const char **why)
{
	static __thread char msg[160];
	cairo_status_t st;
	size_t i, k;
	int page, last = p->page;

	if (p->npl > 0)
		qsort(p->pl, p->npl, sizeof(*p->pl), by_page);
	if (p->nbox > 0)
		qsort(p->box, p->nbox, sizeof(*p->box), by_box_page);
	collect(p);
	for (i = 0; i < p->ncuts; i++)
		cut(&p->cuts[i]);
	for (i = 0; i < p->nfaces; i++)
		scale(&p->faces[i]);
	if (p->npl > 0 && p->pl[p->npl - 1].page > last)
		last = p->pl[p->npl - 1].page;
	cairo_set_line_width(p->cr, 0.5);
	for (page = 1, i = k = 0; page <= last; page++) {
		if (page > 1)
			cairo_show_page(p->cr);
		for (; i < p->npl && p->pl[i].page == page; i++)
			draw_line(p, &p->pl[i]);
		if (k < p->nbox && p->box[k].page == page) {
			for (; k < p->nbox && p->box[k].page == page; k++)
				cairo_rectangle(p->cr, p->box[k].x, p->box[k].y,
				    p->box[k].w, p->box[k].h);
			cairo_stroke(p->cr);
		}
	}

	faces_free(p);
	pen_clear(p);
	free(p->lay);
	free(p->pl);
	free(p->box);
	pango_font_description_free(p->body);
	pango_font_description_free(p->title);
	pango_font_description_free(p->folio);
	g_object_unref(p->ctx);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	st = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		(void)snprintf(msg, sizeof(msg), "cairo: %s",
		    cairo_status_to_string(st));
		*why = msg;
		p->out->len = p->start;
		p->out->s[p->start] = '\0';
		return -1;
	}
	return 0;
}
