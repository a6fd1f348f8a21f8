/* Unit tests of multipart: the streaming multipart/form-data reader. */
#include "util.h"

#include "ogi/multipart.h"

/* What the callbacks saw, as one string: each part is
   "[name|filename|has_filename|type]" then its content then "}". */
struct log {
	char	s[65536];
	size_t	n;
	int	parts, datas, ends;
	int	stop_begin, stop_data, stop_end;	/* stop at the nth */
};

static void
log_put(struct log *l, const char *p, size_t n)
{
	assert_true(l->n + n < sizeof(l->s));
	memcpy(l->s + l->n, p, n);
	l->n += n;
	l->s[l->n] = '\0';
}

static int
on_begin(void *ctx, const struct mp_part *p)
{
	struct log *l = ctx;
	char b[1024];
	int k;

	k = snprintf(b, sizeof(b), "[%s|%s|%d|%s]", p->name, p->filename,
	    p->has_filename, p->type);
	log_put(l, b, (size_t)k);
	return ++l->parts == l->stop_begin;
}

static int
on_data(void *ctx, const char *p, size_t n)
{
	struct log *l = ctx;

	assert_true(n > 0);
	log_put(l, p, n);
	return ++l->datas == l->stop_data;
}

static int
on_end(void *ctx)
{
	struct log *l = ctx;

	log_put(l, "}", 1);
	return ++l->ends == l->stop_end;
}

static const struct mp_callbacks cbs = { on_begin, on_data, on_end };

/* Feed body in the chunks cut at cuts[0..ncut) (ascending), then finish. */
static enum mp_err
run_cuts(const char *bnd, const char *body, size_t len, const size_t *cuts,
    size_t ncut, struct log *l)
{
	struct mp_reader *r;
	enum mp_err e = MP_OK, e2;
	size_t i, at = 0, to;

	memset(l, 0, sizeof(*l));
	assert_non_null(r = mp_new(bnd, &cbs, l));
	for (i = 0; i <= ncut; i++) {
		to = i < ncut ? cuts[i] : len;
		e = mp_feed(r, body + at, to - at);
		at = to;
		if (e != MP_OK)
			break;
	}
	if (e == MP_OK)
		e = mp_finish(r);
	/* Sticky: every later call says the same. */
	e2 = mp_feed(r, "x", 1);
	if (e != MP_OK)
		assert_int_equal(e2, e);
	mp_free(r);
	return e;
}

static enum mp_err
run(const char *bnd, const char *body, struct log *l)
{
	return run_cuts(bnd, body, strlen(body), NULL, 0, l);
}

static enum mp_err
run_len(const char *bnd, const char *body, size_t len, struct log *l)
{
	return run_cuts(bnd, body, len, NULL, 0, l);
}

#define BND "----ogiXyZ09"
#define D "--" BND

static const char body1[] =
	"preamble, to be ignored\r\n"
	D "\r\n"
	"Content-Disposition: form-data; name=\"name\"\r\n"
	"\r\n"
	"张三\r\n"
	D "\r\n"
	"content-disposition: FORM-DATA; NAME=\"id_proof\"; filename=\"a.pdf\"\r\n"
	"Content-Type: application/pdf\r\n"
	"\r\n"
	"%PDF-1.4\r\n--" "----ogiXyZ08 not a boundary?\r\n"
	"\r\n--\r\n-" "\r\r\n--" "----ogiXyZ0\r\n" "\r\n"
	"\r\n"
	D "  \t\r\n"
	"Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
	"Content-Type: application/octet-stream\r\n"
	"\r\n"
	"\r\n"
	D "--\r\n"
	"epilogue\r\n" D "\r\n garbage";

static const char want1[] =
	"[name||0|]张三}"
	"[id_proof|a.pdf|1|application/pdf]"
	"%PDF-1.4\r\n--" "----ogiXyZ08 not a boundary?\r\n"
	"\r\n--\r\n-" "\r\r\n--" "----ogiXyZ0\r\n" "\r\n}"
	"[empty||1|application/octet-stream]}";

static void
reads_whole(void **state)
{
	struct log l;

	(void)state;
	assert_int_equal(run(BND, body1, &l), MP_OK);
	assert_string_equal(l.s, want1);
	assert_int_equal(l.parts, 3);
	assert_int_equal(l.ends, 3);
}

static void
every_split(void **state)
{
	size_t len = sizeof(body1) - 1, i, j, cuts[4096];
	struct log l;

	(void)state;
	assert_true(len < sizeof(cuts) / sizeof(cuts[0]));
	/* One byte at a time. */
	for (i = 0; i < len; i++)
		cuts[i] = i + 1;
	assert_int_equal(run_cuts(BND, body1, len, cuts, len - 1, &l), MP_OK);
	assert_string_equal(l.s, want1);
	/* Every 2-way split, and every 3-way one around the boundaries. */
	for (i = 0; i <= len; i++) {
		cuts[0] = i;
		assert_int_equal(run_cuts(BND, body1, len, cuts, 1, &l), MP_OK);
		assert_string_equal(l.s, want1);
	}
	for (i = 0; i <= 200; i++)
		for (j = i; j <= 200 && j <= len; j += 3) {
			cuts[0] = i;
			cuts[1] = j;
			assert_int_equal(run_cuts(BND, body1, len, cuts, 2, &l),
			    MP_OK);
			assert_string_equal(l.s, want1);
		}
}

/* A small body cut in two everywhere gives the same parts. */
static void
boundary_split_everywhere(void **state)
{
	static const char b[] =
	    "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n"
	    "--x\r\nContent-Disposition: form-data; name=b; filename=f\r\n\r\n"
	    "\r\n--x--";
	size_t i, j, cuts[2];
	struct log l;

	(void)state;
	for (i = 0; i < sizeof(b); i++)
		for (j = i; j < sizeof(b); j++) {
			cuts[0] = i;
			cuts[1] = j;
			assert_int_equal(run_cuts("x", b, sizeof(b) - 1, cuts, 2,
			    &l), MP_OK);
			assert_string_equal(l.s, "[a||0|]1}[b|f|1|]}");
		}
}

/* Boundaries of dashes: the delimiter's own '-' look like content. */
static void
dash_boundary(void **state)
{
	static const char b[] =
	    "---\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "-\r\n--\r\n-\r\n---x\r\n--a---"
	    "\r\n---\r\nContent-Disposition: form-data; name=b\r\n\r\n"
	    "\r\n-----";
	size_t i, j, cuts[2];
	struct log l;

	(void)state;
	for (i = 0; i < sizeof(b); i++)
		for (j = i; j < sizeof(b); j += 2) {
			cuts[0] = i;
			cuts[1] = j;
			assert_int_equal(run_cuts("-", b, sizeof(b) - 1, cuts, 2,
			    &l), MP_ESYNTAX);
		}
	/* "\r\n---x" is the delimiter then x: refused, as above; without
	   it the body reads. */
	assert_int_equal(run("-",
	    "---\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "-\r\n--\r\n-\r\n--x\r\n--a---"
	    "\r\n---\r\nContent-Disposition: form-data; name=b\r\n\r\n"
	    "\r\n-----", &l), MP_OK);
	assert_string_equal(l.s,
	    "[a||0|]-\r\n--\r\n-\r\n--x\r\n--a---}[b||0|]}");
}

static void
zero_byte_file(void **state)
{
	struct log l;

	(void)state;
	assert_int_equal(run("b", "--b\r\nContent-Disposition: form-data; "
	    "name=\"f\"; filename=\"e.txt\"\r\n\r\n\r\n--b--", &l), MP_OK);
	assert_string_equal(l.s, "[f|e.txt|1|]}");
	assert_int_equal(l.datas, 0);
	/* No parts at all. */
	assert_int_equal(run("b", "--b--\r\n", &l), MP_OK);
	assert_string_equal(l.s, "");
}

static void
truncated(void **state)
{
	static const char *cases[] = {
		"",
		"preamble only",
		"--b",
		"--b\r\n",
		"--b\r\nContent-Disposition: form-data; name=a\r\n",
		"--b\r\nContent-Disposition: form-data; name=a\r\n\r\nxyz",
		"--b\r\nContent-Disposition: form-data; name=a\r\n\r\nxyz\r\n--b",
		"--b\r\nContent-Disposition: form-data; name=a\r\n\r\nxyz\r\n--b-",
		"--b\r\nContent-Disposition: form-data; name=a\r\n\r\nxyz\r\n--b\r\n",
		"--b\r\nContent-Disposition: form-data; name=a\r\n\r\nxyz\r\n--",
	};
	struct log l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(run("b", cases[i], &l), MP_ETRUNCATED);
	/* The held-back look-behind is never given as content. */
	assert_int_equal(run("b", cases[6], &l), MP_ETRUNCATED);
	assert_string_equal(l.s, "[a||0|]xyz}");
	assert_int_equal(run("b", cases[9], &l), MP_ETRUNCATED);
	assert_string_equal(l.s, "[a||0|]xyz");
}

static void
padding_and_syntax(void **state)
{
	static const struct {
		const char	*in;
		enum mp_err	 want;
	} cases[] = {
		{ "--b \t \r\nContent-Disposition: form-data; name=a\r\n\r\n"
		  "1\r\n--b--", MP_OK },
		{ "--b--  trailing junk\r\n\r\nmore", MP_OK },
		{ "--bX\r\n", MP_ESYNTAX },
		{ "--b -\r\n", MP_ESYNTAX },
		{ "--b \r\r\n", MP_ESYNTAX },
		{ "--b\n", MP_ESYNTAX },
		{ "--b-x", MP_ESYNTAX },
		{ "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n"
		  "1\r\n--bb\r\n", MP_ESYNTAX },
		/* A boundary not at a line's start is content. */
		{ "x--b\r\n--b\r\nContent-Disposition: form-data; name=a\r\n"
		  "\r\n--b--\r\n--b--", MP_OK },
	};
	struct log l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(run("b", cases[i].in, &l), cases[i].want);
	}
	assert_int_equal(run("b", cases[8].in, &l), MP_OK);
	assert_string_equal(l.s, "[a||0|]--b--}");
}

static void
refuses_headers(void **state)
{
	static const struct {
		const char	*hdr;
		enum mp_err	 want;
	} cases[] = {
		{ "Content-Type: text/plain\r\n", MP_EHEADER },
		{ "", MP_EHEADER },
		{ "Content-Disposition: form-data\r\n", MP_EHEADER },
		{ "Content-Disposition: form-data; name=\"\"\r\n", MP_EHEADER },
		{ "Content-Disposition: form-data; filename=\"a\"\r\n", MP_EHEADER },
		{ "Content-Disposition: attachment; name=\"a\"\r\n", MP_EHEADER },
		{ "Content-Disposition: form-datax; name=\"a\"\r\n", MP_EHEADER },
		{ "Content-Disposition: form-data; name=\"a\r\n", MP_EHEADER },
		{ "Content-Disposition: form-data; name=\"a\"; name=b\r\n",
		  MP_EHEADER },
		{ "Content-Disposition: form-data; name=a\r\n"
		  "Content-Disposition: form-data; name=b\r\n", MP_EHEADER },
		{ "Content-Disposition: form-data; name=a\n", MP_EHEADER },
		{ "Content-Disposition: form-data; name=a\r\n"
		  "X-Foo: bar\rbaz\r\n", MP_EHEADER },
		{ "Content-Disposition: form-data;\r\n name=a\r\n", MP_EHEADER },
		{ "Content-Disposition : form-data; name=a\r\n", MP_EHEADER },
		{ ": x\r\nContent-Disposition: form-data; name=a\r\n", MP_EHEADER },
		{ "Content-Disposition: form-data; name=a; =x\r\n", MP_EHEADER },
		{ "Content-Disposition: form-data; name=a; filename*=UTF-8''a%0\r\n",
		  MP_EHEADER },
		{ "Content-Disposition: form-data; name=a; filename*=UTF-8''a%00b\r\n",
		  MP_EHEADER },
		{ "Content-Disposition: form-data; name=a; filename*=nope\r\n",
		  MP_EHEADER },
		{ "Content-Disposition: form-data; name=a\r\n"
		  "Content-Type: multipart/mixed; boundary=c\r\n", MP_ENESTED },
		{ "Content-Disposition: form-data; name=a\r\n"
		  "content-type:MULTIPART/Form-Data; boundary=c\r\n", MP_ENESTED },
		{ "Content-Disposition: form-data; name=a\r\n"
		  "Content-Type: text/plain\r\nContent-Type: text/html\r\n",
		  MP_EHEADER },
		{ "Content-Disposition: form-data; name=a\r\n"
		  "X-Ignored: whatever; \"\r\n"
		  "Content-Transfer-Encoding: binary\r\n", MP_OK },
	};
	char body[1024];
	struct log l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		(void)snprintf(body, sizeof(body),
		    "--b\r\n%s\r\ncontent\r\n--b--\r\n", cases[i].hdr);
		if (run("b", body, &l) != cases[i].want)
			fail_msg("case %zu: %s", i, cases[i].hdr);
	}
}

static void
refuses_nul(void **state)
{
	static const char name[] =
	    "--b\r\nContent-Disposition: form-data; name=\"a\0b\"\r\n\r\n"
	    "x\r\n--b--";
	static const char fname[] =
	    "--b\r\nContent-Disposition: form-data; name=a; filename=\"x\0.exe\"\r\n"
	    "\r\nx\r\n--b--";
	static const char content[] =
	    "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n"
	    "x\0y\r\n--b--";
	struct log l;

	(void)state;
	assert_int_equal(run_len("b", name, sizeof(name) - 1, &l), MP_EHEADER);
	assert_int_equal(run_len("b", fname, sizeof(fname) - 1, &l), MP_EHEADER);
	assert_int_equal(l.parts, 0);
	/* Content is bytes: a NUL there is fine. */
	assert_int_equal(run_len("b", content, sizeof(content) - 1, &l), MP_OK);
	assert_int_equal(l.n, sizeof("[a||0|]x\0y}") - 1);
	assert_memory_equal(l.s, "[a||0|]x\0y}", l.n);
}

static void
huge_headers(void **state)
{
	static const char cd[] = "Content-Disposition: form-data; name=a\r\n";
	char *body;
	size_t fill, n;
	struct log l;

	(void)state;
	body = malloc(MP_HEADER_MAX + 256);
	/* The block is cd + "X: …\r\n" + "\r\n": exactly MP_HEADER_MAX. */
	fill = MP_HEADER_MAX - (sizeof(cd) - 1) - 2 - 5;
	n = (size_t)sprintf(body, "--b\r\n%sX: ", cd);
	memset(body + n, 'y', fill);
	n += fill;
	n += (size_t)sprintf(body + n, "\r\n\r\nz\r\n--b--");
	assert_int_equal(run_len("b", body, n, &l), MP_OK);
	assert_string_equal(l.s, "[a||0|]z}");
	/* One byte more. */
	n = (size_t)sprintf(body, "--b\r\n%sX: y", cd);
	memset(body + n, 'y', fill);
	n += fill;
	n += (size_t)sprintf(body + n, "\r\n\r\nz\r\n--b--");
	assert_int_equal(run_len("b", body, n, &l), MP_EHEADER);
	assert_int_equal(l.parts, 0);
	/* Endless headers stop at the limit, not at the end. */
	memset(body, 'h', MP_HEADER_MAX + 100);
	memcpy(body, "--b\r\n", 5);
	assert_int_equal(run_len("b", body, MP_HEADER_MAX + 100, &l),
	    MP_EHEADER);
	free(body);
}

static void
quoted_params(void **state)
{
	struct log l;

	(void)state;
	assert_int_equal(run("b", "--b\r\nContent-Disposition: form-data; "
	    "name=\"a\\\"b;c\"; filename=\"x;y=\\\"z\\\\.pdf\"\r\n\r\n1\r\n--b--",
	    &l), MP_OK);
	assert_string_equal(l.s, "[a\"b;c|x;y=\"z\\.pdf|1|]1}");
	/* An old browser's path: the backslashes are kept. */
	assert_int_equal(run("b", "--b\r\nContent-Disposition: form-data; "
	    "name=f; filename=\"C:\\dir\\y.pdf\"\r\n\r\n1\r\n--b--", &l), MP_OK);
	assert_string_equal(l.s, "[f|C:\\dir\\y.pdf|1|]1}");
	/* filename* is preferred, in either order; other charsets ignored. */
	assert_int_equal(run("b", "--b\r\nContent-Disposition: form-data; "
	    "name=f; filename=\"a.pdf\"; filename*=UTF-8''%E4%B8%AD.pdf\r\n\r\n"
	    "\r\n--b--", &l), MP_OK);
	assert_string_equal(l.s, "[f|中.pdf|1|]}");
	assert_int_equal(run("b", "--b\r\nContent-Disposition: form-data; "
	    "name=f; filename*=utf-8'zh'%E4%B8%AD.pdf; filename=\"a.pdf\"\r\n\r\n"
	    "\r\n--b--", &l), MP_OK);
	assert_string_equal(l.s, "[f|中.pdf|1|]}");
	assert_int_equal(run("b", "--b\r\nContent-Disposition: form-data; "
	    "name=f; filename*=iso-8859-1''%E4.pdf; filename=\"a.pdf\"\r\n\r\n"
	    "\r\n--b--", &l), MP_OK);
	assert_string_equal(l.s, "[f|a.pdf|1|]}");
	/* Unknown parameters, odd spacing, a trailing ';'. */
	assert_int_equal(run("b", "--b\r\nCONTENT-DISPOSITION:form-data ;"
	    "x-y = \"q;r\" ;name= n ;\r\n\r\n\r\n--b--", &l), MP_OK);
	assert_string_equal(l.s, "[n||0|]}");
}

static void
long_names(void **state)
{
	char body[4096], want[1024], name[MP_NAME_MAX + 1];
	struct log l;
	size_t i, n;

	(void)state;
	memset(name, 'n', MP_NAME_MAX);
	name[MP_NAME_MAX - 1] = '\0';		/* the longest that fits */
	(void)snprintf(body, sizeof(body), "--b\r\nContent-Disposition: "
	    "form-data; name=\"%s\"\r\n\r\n\r\n--b--", name);
	assert_int_equal(run("b", body, &l), MP_OK);
	name[MP_NAME_MAX - 1] = 'n';
	name[MP_NAME_MAX] = '\0';
	(void)snprintf(body, sizeof(body), "--b\r\nContent-Disposition: "
	    "form-data; name=\"%s\"\r\n\r\n\r\n--b--", name);
	assert_int_equal(run("b", body, &l), MP_EHEADER);
	/* A long filename is cut at a character boundary: 中 is 3 bytes,
	   170 of them fill 510 of 511 bytes, the 171st does not fit. */
	n = (size_t)sprintf(body, "--b\r\nContent-Disposition: form-data; "
	    "name=f; filename=\"");
	for (i = 0; i < 200; i++)
		n += (size_t)sprintf(body + n, "中");
	(void)sprintf(body + n, "\"\r\n\r\n\r\n--b--");
	assert_int_equal(run("b", body, &l), MP_OK);
	n = (size_t)sprintf(want, "[f|");
	for (i = 0; i < 170; i++)
		n += (size_t)sprintf(want + n, "中");
	(void)sprintf(want + n, "|1|]}");
	assert_string_equal(l.s, want);
}

static void
stops(void **state)
{
	static const char b[] =
	    "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nxy\r\n"
	    "--b\r\nContent-Disposition: form-data; name=c\r\n\r\nz\r\n--b--";
	struct mp_reader *r;
	struct log l;

	(void)state;
	memset(&l, 0, sizeof(l));
	l.stop_begin = 2;
	assert_non_null(r = mp_new("b", &cbs, &l));
	assert_int_equal(mp_feed(r, b, sizeof(b) - 1), MP_ESTOPPED);
	assert_string_equal(l.s, "[a||0|]xy}[c||0|]");
	assert_int_equal(mp_feed(r, "", 0), MP_ESTOPPED);
	assert_int_equal(mp_finish(r), MP_ESTOPPED);
	mp_free(r);

	memset(&l, 0, sizeof(l));
	l.stop_data = 1;
	assert_non_null(r = mp_new("b", &cbs, &l));
	assert_int_equal(mp_feed(r, b, sizeof(b) - 1), MP_ESTOPPED);
	assert_string_equal(l.s, "[a||0|]xy");
	assert_int_equal(mp_finish(r), MP_ESTOPPED);
	mp_free(r);

	memset(&l, 0, sizeof(l));
	l.stop_end = 1;
	assert_non_null(r = mp_new("b", &cbs, &l));
	assert_int_equal(mp_feed(r, b, sizeof(b) - 1), MP_ESTOPPED);
	assert_string_equal(l.s, "[a||0|]xy}");
	mp_free(r);

	/* Errors stick: a truncated body stays truncated. */
	memset(&l, 0, sizeof(l));
	assert_non_null(r = mp_new("b", &cbs, &l));
	assert_int_equal(mp_feed(r, b, 10), MP_OK);
	assert_int_equal(mp_finish(r), MP_ETRUNCATED);
	assert_int_equal(mp_feed(r, b + 10, sizeof(b) - 11), MP_ETRUNCATED);
	assert_int_equal(mp_finish(r), MP_ETRUNCATED);
	mp_free(r);

	/* NULL callbacks are allowed. */
	{
		struct mp_callbacks none = { NULL, NULL, NULL };

		assert_non_null(r = mp_new("b", &none, NULL));
		assert_int_equal(mp_feed(r, b, sizeof(b) - 1), MP_OK);
		assert_int_equal(mp_finish(r), MP_OK);
		mp_free(r);
	}
}

static void
new_refuses(void **state)
{
	char b71[72];

	(void)state;
	memset(b71, 'a', 71);
	b71[71] = '\0';
	assert_null(mp_new("", &cbs, NULL));
	assert_null(mp_new(b71, &cbs, NULL));
	assert_null(mp_new("a\r\nb", &cbs, NULL));
	assert_null(mp_new("ends ", &cbs, NULL));
	assert_null(mp_new("semi;colon", &cbs, NULL));
	b71[70] = '\0';
	{
		struct mp_reader *r = mp_new(b71, &cbs, NULL);

		assert_non_null(r);
		mp_free(r);
	}
}

static void
boundary_param(void **state)
{
	static const struct {
		const char	*ct, *want;	/* want NULL: refused */
	} cases[] = {
		{ "multipart/form-data; boundary=----WebKitFormBoundaryx7Q",
		  "----WebKitFormBoundaryx7Q" },
		{ "Multipart/Form-Data;boundary=abc", "abc" },
		{ "  multipart/form-data ; charset=utf-8; BOUNDARY=\"a b'()+_,-./:=?\"",
		  "a b'()+_,-./:=?" },
		{ "multipart/form-data; boundary=\"x\" ", "x" },
		{ "multipart/form-data; boundary=0123456789012345678901234567890123"
		  "456789012345678901234567890123456789",
		  "0123456789012345678901234567890123456789012345678901234567890123"
		  "456789" },
		{ "multipart/form-data; boundary=0123456789012345678901234567890123"
		  "4567890123456789012345678901234567890", NULL },
		{ "multipart/form-data; boundary=\"ends \"", NULL },
		{ "multipart/form-data; boundary=\"\"", NULL },
		{ "multipart/form-data; boundary=", NULL },
		{ "multipart/form-data", NULL },
		{ "multipart/form-data; charset=utf-8", NULL },
		{ "multipart/mixed; boundary=abc", NULL },
		{ "multipart/form-dataX; boundary=abc", NULL },
		{ "application/x-www-form-urlencoded", NULL },
		{ "", NULL },
		{ "multipart/form-data; boundary=a; boundary=b", NULL },
		{ "multipart/form-data; boundary=a\tb", NULL },
		{ "multipart/form-data; boundary=\"a", NULL },
		{ "multipart/form-data; boundary=\"a\\\"b\"", NULL },
		{ "multipart/form-data; boundary=a*b", NULL },
		{ "multipart/form-data; boundary=\"a\xc3\xa9\"", NULL },
		{ "multipart/form-data boundary=abc", NULL },
	};
	char out[MP_BOUNDARY_MAX + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 0, sizeof(out));
		if (cases[i].want == NULL) {
			if (mp_boundary(cases[i].ct, out) != -1)
				fail_msg("case %zu accepted: %s", i, cases[i].ct);
		} else {
			if (mp_boundary(cases[i].ct, out) != 0)
				fail_msg("case %zu refused: %s", i, cases[i].ct);
			assert_string_equal(out, cases[i].want);
		}
	}
	assert_int_equal(mp_boundary(NULL, out), -1);
	assert_non_null(mp_strerror(MP_ETRUNCATED));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_whole),
		cmocka_unit_test(every_split),
		cmocka_unit_test(boundary_split_everywhere),
		cmocka_unit_test(dash_boundary),
		cmocka_unit_test(zero_byte_file),
		cmocka_unit_test(truncated),
		cmocka_unit_test(padding_and_syntax),
		cmocka_unit_test(refuses_headers),
		cmocka_unit_test(refuses_nul),
		cmocka_unit_test(huge_headers),
		cmocka_unit_test(quoted_params),
		cmocka_unit_test(long_names),
		cmocka_unit_test(stops),
		cmocka_unit_test(new_refuses),
		cmocka_unit_test(boundary_param),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
