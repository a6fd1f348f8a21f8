/*
 * multipart: a streaming multipart/form-data reader (RFC 7578, RFC 2046
 * §5.1).
 *
 * The reader is a byte-driven state machine.  It holds the delimiter
 * ("\r\n--" boundary), how many of its bytes have been matched so far (the
 * look-behind: those bytes are the delimiter's own, so they need not be
 * kept) and one part's header block; content goes to the data callback as
 * it arrives.  No recursion, one fixed-size allocation.
 *
 * Choices where the RFCs leave room:
 *  - The preamble and the epilogue are ignored.  The first delimiter may
 *    open the body without a CRLF before it.
 *  - After a delimiter: transport padding (SP, HT) then CRLF, or "--" (the
 *    close delimiter; anything after it is the epilogue).  Anything else
 *    after a boundary, e.g. "--boundaryX", is MP_ESYNTAX: the boundary
 *    must not occur in content (RFC 2046 §5.1.1).
 *  - Header lines end with CRLF; a bare CR or LF, a NUL byte, obsolete line
 *    folding (a line starting with SP or HT) or a header block over
 *    MP_HEADER_MAX bytes (its closing empty line included) is MP_EHEADER.
 *  - Every part needs "Content-Disposition: form-data" with a non-empty
 *    name, at most once; name and filename at most once each.  A name of
 *    MP_NAME_MAX bytes or more is MP_EHEADER; a longer filename is cut at
 *    a UTF-8 character boundary to fit (it is only a label).
 *  - Quoted strings: \" and \\ are escapes; a backslash before anything
 *    else is kept as it is, so an old browser's "C:\dir\f.pdf" survives.
 *  - filename*=UTF-8''%xx… (RFC 5987/8187) is decoded and preferred over
 *    filename; another charset, or a value too long to hold, is ignored;
 *    a malformed %xx or a %00 is MP_EHEADER.
 *  - A Content-Type of multipart/ anything is MP_ENESTED.  A Content-Type
 *    longer than MP_TYPE_MAX - 1 is cut (it is kept only as sent, never
 *    trusted).  Other headers (Content-Transfer-Encoding…) are ignored.
 *  - begin and end come in pairs, except when the body is cut short or a
 *    callback or the input fails: then end may never come.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ogi/form.h"
#include "ogi/multipart.h"

enum mp_state {
	S_PREAMBLE,	/* before the first delimiter */
	S_AFTER,	/* just after a delimiter */
	S_PAD,		/* in transport padding */
	S_CR,		/* CR after a delimiter, LF next */
	S_DASH,		/* one '-' after a delimiter */
	S_HEADERS,	/* a part's header block */
	S_BODY,		/* a part's content */
	S_EPILOGUE	/* after the close delimiter */
};

struct mp_reader {
	struct mp_callbacks cb;
	void		*ctx;
	char		 delim[4 + MP_BOUNDARY_MAX];	/* CR LF - - boundary */
	size_t		 dlen;
	size_t		 match;		/* delim[0..match) seen, held back */
	enum mp_state	 st;
	enum mp_err	 err;
	size_t		 hlen;
	char		 hbuf[MP_HEADER_MAX];
	struct mp_part	 part;
};

/* The bchars of RFC 2046 (space only inside, never last). */
static int
bchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return 1;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

/* 1 if s[0..n) is a valid boundary: 1-70 bchars, not ending in a space. */
static int
boundary_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 1 || n > MP_BOUNDARY_MAX || s[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++)
		if (!bchar((unsigned char)s[i]))
			return 0;
	return 1;
}

static const char *
skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* A bounded string being written: at most cap - 1 bytes and a NUL. */
struct out {
	char	*p;
	size_t	 cap, len;
	int	 trunc;		/* bytes were dropped */
};

/* Append c; once full, drop the rest and any UTF-8 character left
   incomplete at the cut, so what is kept ends on a character boundary. */
static void
out_put(struct out *o, unsigned char c)
{
	if (o->trunc)
		return;
	if (o->len + 1 < o->cap) {
		o->p[o->len++] = (char)c;
		o->p[o->len] = '\0';
		return;
	}
	o->trunc = 1;
	if ((c & 0xC0) != 0x80)
		return;
	while (o->len > 0 && ((unsigned char)o->p[o->len - 1] & 0xC0) == 0x80)
		o->len--;
	if (o->len > 0 && (unsigned char)o->p[o->len - 1] >= 0xC0)
		o->len--;
	o->p[o->len] = '\0';
}

/*
 * One parameter at *sp: OWS ";" OWS key OWS "=" OWS value, where value is
 * a quoted string or a run of bytes other than SP, HT, ';' and '"'.  The
 * key (cut to fit) and value (as struct out has it) are written.
 * Returns 1 and moves *sp past it, 0 at the end of the string (a trailing
 * ";" is allowed), -1 on bad syntax.
 */
static int
next_param(const char **sp, struct out *key, struct out *val)
{
	const char *s = skip_ows(*sp);

	key->len = val->len = 0;
	key->trunc = val->trunc = 0;
	key->p[0] = val->p[0] = '\0';
	if (*s == '\0')
		return 0;
	if (*s != ';')
		return -1;
	s = skip_ows(s + 1);
	if (*s == '\0')
		return 0;
	while (*s != '\0' && *s != '=' && *s != ' ' && *s != '\t' &&
	    *s != ';' && *s != '"')
		out_put(key, (unsigned char)*s++);
	if (key->len == 0 && !key->trunc)
		return -1;
	s = skip_ows(s);
	if (*s != '=')
		return -1;
	s = skip_ows(s + 1);
	if (*s == '"') {
		for (s++; *s != '"'; s++) {
			if (*s == '\0')
				return -1;
			if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
				s++;
			out_put(val, (unsigned char)*s);
		}
		s++;
	} else {
		if (*s == '\0' || *s == ';' || *s == ' ' || *s == '\t')
			return -1;
		while (*s != '\0' && *s != ';' && *s != ' ' && *s != '\t' &&
		    *s != '"')
			out_put(val, (unsigned char)*s++);
	}
	*sp = s;
	return 1;
}

int
mp_boundary(const char *ct, char out[MP_BOUNDARY_MAX + 1])
{
	static const char type[] = "multipart/form-data";
	char kb[32], vb[MP_BOUNDARY_MAX + 2];
	struct out key = { kb, sizeof(kb), 0, 0 };
	struct out val = { vb, sizeof(vb), 0, 0 };
	const char *s;
	int r, found = 0;

	if (ct == NULL)
		return -1;
	s = skip_ows(ct);
	if (strncasecmp(s, type, sizeof(type) - 1) != 0)
		return -1;
	s += sizeof(type) - 1;
	if (*s != '\0' && *s != ';' && *s != ' ' && *s != '\t')
		return -1;
	while ((r = next_param(&s, &key, &val)) == 1) {
		if (key.trunc || strcasecmp(kb, "boundary") != 0)
			continue;
		if (found || val.trunc || !boundary_ok(vb, val.len))
			return -1;
		memcpy(out, vb, val.len + 1);
		found = 1;
	}
	return r == 0 && found ? 0 : -1;
}

struct mp_reader *
mp_new(const char *boundary, const struct mp_callbacks *cb, void *ctx)
{
	struct mp_reader *r;
	size_t n;

	if (boundary == NULL || cb == NULL)
		return NULL;
	n = strlen(boundary);
	if (!boundary_ok(boundary, n))
		return NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->cb = *cb;
	r->ctx = ctx;
	memcpy(r->delim, "\r\n--", 4);
	memcpy(r->delim + 4, boundary, n);
	r->dlen = 4 + n;
	r->st = S_PREAMBLE;
	r->match = 2;		/* the body may open with "--boundary" */
	return r;
}

/*
 * filename*: charset'language'%xx…  Writes the decoded name into p->filename
 * if the charset is UTF-8 (returns 1), leaves it alone otherwise (0), -1
 * if malformed or it decodes to a NUL.
 */
static int
ext_filename(const char *v, struct mp_part *p)
{
	char buf[MP_FILENAME_MAX];
	struct out o = { buf, sizeof(buf), 0, 0 };
	const char *q, *s;
	int h, l;

	buf[0] = '\0';
	if ((q = strchr(v, '\'')) == NULL || (s = strchr(q + 1, '\'')) == NULL)
		return -1;
	if (q - v != 5 || strncasecmp(v, "utf-8", 5) != 0)
		return 0;
	for (s++; *s != '\0'; s++) {
		if (*s != '%') {
			out_put(&o, (unsigned char)*s);
			continue;
		}
		if ((h = form_hexval((unsigned char)s[1])) < 0 ||
		    (l = form_hexval((unsigned char)s[2])) < 0 || (h == 0 && l == 0))
			return -1;
		out_put(&o, (unsigned char)(h << 4 | l));
		s += 2;
	}
	memcpy(p->filename, buf, o.len + 1);
	return 1;
}

/* Content-Disposition's value: form-data with a name.  0 or MP_EHEADER. */
static enum mp_err
disposition(const char *v, struct mp_part *p)
{
	static const char fd[] = "form-data";
	char kb[16], vb[MP_FILENAME_MAX * 3 + 1];
	struct out key = { kb, sizeof(kb), 0, 0 };
	struct out val = { vb, sizeof(vb), 0, 0 };
	int r, has_name = 0, has_plain = 0, has_ext = 0;

	if (strncasecmp(v, fd, sizeof(fd) - 1) != 0)
		return MP_EHEADER;
	v += sizeof(fd) - 1;
	if (*v != '\0' && *v != ';' && *v != ' ' && *v != '\t')
		return MP_EHEADER;
	while ((r = next_param(&v, &key, &val)) == 1) {
		if (key.trunc)
			continue;
		if (strcasecmp(kb, "name") == 0) {
			if (has_name || val.trunc || val.len == 0 ||
			    val.len >= MP_NAME_MAX)
				return MP_EHEADER;
			memcpy(p->name, vb, val.len + 1);
			has_name = 1;
		} else if (strcasecmp(kb, "filename") == 0) {
			if (has_plain)
				return MP_EHEADER;
			has_plain = 1;
			p->has_filename = 1;
			if (has_ext)
				continue;
			/* Cut at a character boundary, as out_put does. */
			{
				struct out f = { p->filename,
				    sizeof(p->filename), 0, 0 };
				size_t i;

				p->filename[0] = '\0';
				for (i = 0; i < val.len; i++)
					out_put(&f, (unsigned char)vb[i]);
			}
		} else if (strcasecmp(kb, "filename*") == 0) {
			if (has_ext)
				return MP_EHEADER;
			if (val.trunc)
				continue;	/* too long: ignored */
			switch (ext_filename(vb, p)) {
			case -1:
				return MP_EHEADER;
			case 1:
				has_ext = 1;
				p->has_filename = 1;
				break;
			default:
				break;
			}
		}
	}
	if (r != 0 || !has_name)
		return MP_EHEADER;
	return MP_OK;
}

/* A header name is a token: visible ASCII but no separators. */
static int
tchar(unsigned char c)
{
	return c > 0x20 && c < 0x7F && strchr("\"(),/:;<=>?@[\\]{}", c) == NULL;
}

/*
 * The header block in r->hbuf[0..hlen) (ending CRLF CRLF, or just CRLF)
 * into r->part.  Lines are NUL-terminated in place.  MP_OK, MP_EHEADER or
 * MP_ENESTED.
 */
static enum mp_err
parse_headers(struct mp_reader *r)
{
	char *line, *end, *colon, *v, *e;
	size_t i;
	int has_cd = 0, has_ct = 0;
	enum mp_err err;

	memset(&r->part, 0, sizeof(r->part));
	if (memchr(r->hbuf, '\0', r->hlen) != NULL)
		return MP_EHEADER;
	/* Every CR is followed by LF and every LF preceded by CR. */
	for (i = 0; i < r->hlen; i++) {
		if (r->hbuf[i] == '\r' &&
		    (i + 1 >= r->hlen || r->hbuf[i + 1] != '\n'))
			return MP_EHEADER;
		if (r->hbuf[i] == '\n' && (i == 0 || r->hbuf[i - 1] != '\r'))
			return MP_EHEADER;
	}
	end = r->hbuf + r->hlen - 2;	/* the empty line's CRLF */
	for (line = r->hbuf; line < end; line = e + 2) {
		e = memchr(line, '\r', (size_t)(end - line));
		if (e == NULL)
			return MP_EHEADER;	/* cannot be: each ends CRLF */
		*e = '\0';
		if (*line == ' ' || *line == '\t')
			return MP_EHEADER;	/* obsolete folding */
		if ((colon = strchr(line, ':')) == NULL || colon == line)
			return MP_EHEADER;
		for (v = line; v < colon; v++)
			if (!tchar((unsigned char)*v))
				return MP_EHEADER;
		*colon = '\0';
		v = (char *)skip_ows(colon + 1);
		for (i = strlen(v); i > 0 && (v[i - 1] == ' ' ||
		    v[i - 1] == '\t'); i--)
			v[i - 1] = '\0';
		if (strcasecmp(line, "Content-Disposition") == 0) {
			if (has_cd++)
				return MP_EHEADER;
			if ((err = disposition(v, &r->part)) != MP_OK)
				return err;
		} else if (strcasecmp(line, "Content-Type") == 0) {
			struct out t = { r->part.type, sizeof(r->part.type),
			    0, 0 };

			if (has_ct++)
				return MP_EHEADER;
			for (; *v != '\0'; v++)
				out_put(&t, (unsigned char)*v);
		}
	}
	if (!has_cd)
		return MP_EHEADER;
	if (strncasecmp(r->part.type, "multipart/", 10) == 0)
		return MP_ENESTED;
	return MP_OK;
}

/* Content to the data callback; 0, or -1 with r->err set. */
static int
emit(struct mp_reader *r, const char *p, size_t n)
{
	if (n == 0 || r->cb.data == NULL)
		return 0;
	if (r->cb.data(r->ctx, p, n) != 0) {
		r->err = MP_ESTOPPED;
		return -1;
	}
	return 0;
}

/*
 * Preamble or content from p[i..n): content not part of a (possible)
 * delimiter goes to the data callback, a delimiter's bytes are held back
 * as r->match.  Returns where it stopped: after a whole delimiter (state
 * S_AFTER), or n.
 */
static size_t
scan(struct mp_reader *r, const char *p, size_t i, size_t n)
{
	int body = r->st == S_BODY;
	size_t run = i;		/* content from here to i not yet given */
	const char *cr;

	while (i < n) {
		if (r->match == 0) {
			if ((cr = memchr(p + i, '\r', n - i)) == NULL) {
				i = n;
				break;
			}
			i = (size_t)(cr - p);
			if (body && emit(r, p + run, i - run) == -1)
				return n;
			r->match = 1;
			run = ++i;
		} else if (p[i] == r->delim[r->match]) {
			run = ++i;
			if (++r->match < r->dlen)
				continue;
			r->match = 0;
			r->st = S_AFTER;
			if (body && r->cb.end != NULL && r->cb.end(r->ctx) != 0)
				r->err = MP_ESTOPPED;
			return i;
		} else {
			/* What was held is content after all; only the
			   delimiter's first byte is a CR, so p[i] is looked
			   at afresh. */
			if (body && emit(r, r->delim, r->match) == -1)
				return n;
			r->match = 0;
			run = i;
		}
	}
	if (body && emit(r, p + run, i - run) == -1)
		return n;
	return n;
}

/* Header bytes from p[i..n); returns where it stopped. */
static size_t
headers(struct mp_reader *r, const char *p, size_t i, size_t n)
{
	char c;

	while (i < n) {
		if (r->hlen == MP_HEADER_MAX) {
			r->err = MP_EHEADER;
			return n;
		}
		c = r->hbuf[r->hlen++] = p[i++];
		/* A bare CR or LF is refused at once. */
		if (r->hlen >= 2 && r->hbuf[r->hlen - 2] == '\r' && c != '\n') {
			r->err = MP_EHEADER;
			return n;
		}
		if (c != '\n')
			continue;
		if (r->hlen < 2 || r->hbuf[r->hlen - 2] != '\r') {
			r->err = MP_EHEADER;
			return n;
		}
		if ((r->hlen == 2 && r->hbuf[0] == '\r') || (r->hlen >= 4 &&
		    memcmp(r->hbuf + r->hlen - 4, "\r\n\r\n", 4) == 0)) {
			if ((r->err = parse_headers(r)) != MP_OK)
				return n;
			if (r->cb.begin != NULL &&
			    r->cb.begin(r->ctx, &r->part) != 0) {
				r->err = MP_ESTOPPED;
				return n;
			}
			r->st = S_BODY;
			r->match = 0;
			return i;
		}
	}
	return n;
}

enum mp_err
mp_feed(struct mp_reader *r, const char *p, size_t n)
{
	size_t i = 0;
	char c;

	while (i < n && r->err == MP_OK) {
		switch (r->st) {
		case S_PREAMBLE:
		case S_BODY:
			i = scan(r, p, i, n);
			continue;
		case S_HEADERS:
			i = headers(r, p, i, n);
			continue;
		case S_EPILOGUE:
			return MP_OK;
		default:
			break;
		}
		c = p[i++];
		switch (r->st) {
		case S_AFTER:
			if (c == '-')
				r->st = S_DASH;
			else if (c == ' ' || c == '\t')
				r->st = S_PAD;
			else if (c == '\r')
				r->st = S_CR;
			else
				r->err = MP_ESYNTAX;
			break;
		case S_PAD:
			if (c == '\r')
				r->st = S_CR;
			else if (c != ' ' && c != '\t')
				r->err = MP_ESYNTAX;
			break;
		case S_CR:
			if (c == '\n') {
				r->st = S_HEADERS;
				r->hlen = 0;
			} else
				r->err = MP_ESYNTAX;
			break;
		case S_DASH:
			if (c == '-')
				r->st = S_EPILOGUE;
			else
				r->err = MP_ESYNTAX;
			break;
		default:
			break;
		}
	}
	return r->err;
}

enum mp_err
mp_finish(struct mp_reader *r)
{
	if (r->err == MP_OK && r->st != S_EPILOGUE)
		r->err = MP_ETRUNCATED;
	return r->err;
}

void
mp_free(struct mp_reader *r)
{
	free(r);
}

const char *
mp_strerror(enum mp_err e)
{
	switch (e) {
	case MP_OK:
		return "ok";
	case MP_ESYNTAX:
		return "malformed multipart body";
	case MP_EHEADER:
		return "bad part headers";
	case MP_ENESTED:
		return "nested multipart part";
	case MP_ESTOPPED:
		return "stopped by the caller";
	case MP_ETRUNCATED:
		return "body ends before the final boundary";
	}
	return "unknown error";
}
