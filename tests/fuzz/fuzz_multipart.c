/*
 * libFuzzer: the multipart reader.  The input is 8 bytes of chunk sizes
 * then a body; the boundary is "AaB03x" or, by the top bits of the first
 * byte, one of dashes and spaces.  The body is read three ways:
 * in chunks whose sizes come from the input, whole, and cut in two at a
 * fixed point; what the callbacks see and the result must not depend on
 * the cutting.  The input as a Content-Type goes to mp_boundary too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	uint64_t	h;	/* FNV-1a over every event and byte */
	int		open;	/* between begin and end */
};

static void
mix(struct seen *s, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++) {
		s->h ^= c[i];
		s->h *= 0x100000001b3ULL;
	}
}

static int
on_begin(void *ctx, const struct mp_part *p)
{
	struct seen *s = ctx;

	if (s->open || p->name[0] == '\0' ||
	    memchr(p->name, '\0', sizeof(p->name)) == NULL ||
	    memchr(p->filename, '\0', sizeof(p->filename)) == NULL ||
	    memchr(p->type, '\0', sizeof(p->type)) == NULL)
		__builtin_trap();
	s->open = 1;
	mix(s, "B", 1);
	mix(s, p->name, strlen(p->name) + 1);
	mix(s, p->filename, strlen(p->filename) + 1);
	mix(s, p->type, strlen(p->type) + 1);
	mix(s, &p->has_filename, sizeof(p->has_filename));
	return 0;
}

static int
on_data(void *ctx, const char *p, size_t n)
{
	struct seen *s = ctx;

	if (!s->open || n == 0)
		__builtin_trap();
	mix(s, p, n);
	return 0;
}

static int
on_end(void *ctx)
{
	struct seen *s = ctx;

	if (!s->open)
		__builtin_trap();
	s->open = 0;
	mix(s, "E", 1);
	return 0;
}

static const struct mp_callbacks cbs = { on_begin, on_data, on_end };
static const char *const boundaries[4] = { "AaB03x", "-", "--a", "a -" };
static const char *bnd;

/* Read body[0..n) in the chunks sizes[] gives (cycled; 0: all the rest). */
static enum mp_err
read_body(const uint8_t *body, size_t n, const uint8_t *sizes, size_t nsizes,
    struct seen *s)
{
	struct mp_reader *r;
	enum mp_err e = MP_OK;
	size_t at = 0, k = 0, c;

	memset(s, 0, sizeof(*s));
	s->h = 0xcbf29ce484222325ULL;
	if ((r = mp_new(bnd, &cbs, s)) == NULL)
		__builtin_trap();
	while (at < n && e == MP_OK) {
		c = nsizes > 0 ? sizes[k++ % nsizes] : 0;
		if (c == 0 || c > n - at)
			c = n - at;
		e = mp_feed(r, (const char *)body + at, c);
		at += c;
	}
	if (e == MP_OK)
		e = mp_finish(r);
	if (mp_feed(r, "x", 1) != e || mp_finish(r) != e)
		__builtin_trap();
	mp_free(r);
	return e;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t two[2];
	char ct[256], out[MP_BOUNDARY_MAX + 1];
	struct seen a, b, c;
	enum mp_err ea, eb, ec;
	size_t n;

	if (size < 8)
		return 0;
	bnd = boundaries[data[0] >> 6];
	ea = read_body(data + 8, size - 8, data, 8, &a);
	eb = read_body(data + 8, size - 8, NULL, 0, &b);
	two[0] = (uint8_t)((size - 8) / 2 > 255 ? 255 : (size - 8) / 2);
	two[1] = 0;
	ec = read_body(data + 8, size - 8, two, 2, &c);
	if (ea != eb || eb != ec || a.h != b.h || b.h != c.h)
		__builtin_trap();
	if (eb == MP_OK && b.open)
		__builtin_trap();

	n = size < sizeof(ct) ? size : sizeof(ct) - 1;
	memcpy(ct, data, n);
	ct[n] = '\0';
	if (mp_boundary(ct, out) == 0 &&
	    (out[0] == '\0' || strlen(out) > MP_BOUNDARY_MAX))
		__builtin_trap();
	return 0;
}
