/* form: urlencoded decoding and table-driven validation. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/form.h"

int
form_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k;
	uint32_t cp, min;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xE0) == 0xC0) {
			n = 1; cp = s[i] & 0x1F; min = 0x80;
		} else if ((s[i] & 0xF0) == 0xE0) {
			n = 2; cp = s[i] & 0x0F; min = 0x800;
		} else if ((s[i] & 0xF8) == 0xF0) {
			n = 3; cp = s[i] & 0x07; min = 0x10000;
		} else
			return 0;
		if (n >= len - i)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Decode s[0..len) into a new string; '+' is a space. */
static enum form_err
decode(const char *s, size_t len, size_t max, char **out)
{
	enum form_err e = FORM_OK;
	char *d;
	size_t i, n = 0;
	int hi, lo;

	/* Decoded, a value is never longer than encoded. */
	d = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (len - i < 3 || (hi = form_hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = form_hexval((unsigned char)s[i + 2])) < 0) {
				e = FORM_EPCT;
				break;
			}
			d[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			d[n++] = s[i] == '+' ? ' ' : s[i];
		if (n > max) {
			e = FORM_ETOOLONG;
			break;
		}
	}
	d[n] = '\0';
	if (e == FORM_OK && memchr(d, '\0', n) != NULL)
		e = FORM_ENUL;
	if (e == FORM_OK && !utf8_valid(d, n))
		e = FORM_EUTF8;
	if (e != FORM_OK) {
		free(d);
		return e;
	}
	*out = d;
	return FORM_OK;
}

enum form_err
form_parse(struct form *f, const char *s, size_t len)
{
	const char *end = s + len, *amp, *eq;
	enum form_err e = FORM_OK;
	char *key, *val;

	f->p = NULL;
	f->n = 0;
	while (s < end) {
		amp = memchr(s, '&', (size_t)(end - s));
		if (amp == NULL)
			amp = end;
		if (amp == s) {		/* empty pair: "a=1&&b=2" */
			s++;
			continue;
		}
		if (f->n == FORM_MAX_PAIRS) {
			e = FORM_ETOOMANY;
			break;
		}
		eq = memchr(s, '=', (size_t)(amp - s));
		if (eq == NULL)
			eq = amp;
		if ((e = decode(s, (size_t)(eq - s), FORM_MAX_KEY, &key)) != FORM_OK)
			break;
		val = NULL;
		if (eq < amp)
			e = decode(eq + 1, (size_t)(amp - eq - 1), FORM_MAX_VALUE, &val);
		else
			val = xstrdup("");
		if (e != FORM_OK) {
			free(key);
			break;
		}
		f->p = xreallocarray(f->p, f->n + 1, sizeof(*f->p));
		f->p[f->n].key = key;
		f->p[f->n].val = val;
		f->n++;
		s = amp + 1;
	}
	if (e != FORM_OK)
		form_free(f);
	return e;
}

enum form_err
form_add(struct form *f, const char *key, const char *val, size_t len)
{
	size_t klen = strlen(key);

	if (f->n == FORM_MAX_PAIRS)
		return FORM_ETOOMANY;
	if (klen > FORM_MAX_KEY || len > FORM_MAX_VALUE)
		return FORM_ETOOLONG;
	if (memchr(val, '\0', len) != NULL)
		return FORM_ENUL;
	if (!utf8_valid(key, klen) || !utf8_valid(val, len))
		return FORM_EUTF8;
	f->p = xreallocarray(f->p, f->n + 1, sizeof(*f->p));
	f->p[f->n].key = xstrdup(key);
	f->p[f->n].val = xmalloc(len + 1);
	memcpy(f->p[f->n].val, val, len);
	f->p[f->n].val[len] = '\0';
	f->n++;
	return FORM_OK;
}

void
form_free(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->p[i].key);
		free(f->p[i].val);
	}
	free(f->p);
	f->p = NULL;
	f->n = 0;
}

const char *
form_get(const struct form *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->p[i].key, key) == 0)
			return f->p[i].val;
	return NULL;
}

const char *
form_strerror(enum form_err e)
{
	switch (e) {
	case FORM_OK:		return "正常";
	case FORM_EPCT:		return "提交的数据编码有误（%后应为两位十六进制数）。";
	case FORM_EUTF8:	return "提交的数据含有无效字符（不是有效的 UTF-8 编码）。";
	case FORM_ENUL:		return "提交的数据含有空字符。";
	case FORM_ETOOLONG:	return "提交的某项内容过长。";
	case FORM_ETOOMANY:	return "提交的项目过多。";
	}
	return "提交的数据无法识别。";
}

/* Is s[0..n) white space, ASCII or the ideographic space U+3000? */
static size_t
space_at(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r'))
		return 1;
	if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static char *
trim(const char *v)
{
	size_t len = strlen(v), k;
	const char *end;

	while ((k = space_at(v, len)) > 0) {
		v += k;
		len -= k;
	}
	end = v + len;
	for (;;) {
		if (end > v && space_at(end - 1, 1))
			end--;
		else if (end - v >= 3 && space_at(end - 3, 3) == 3)
			end -= 3;
		else
			break;
	}
	return xstrndup(v, (size_t)(end - v));
}

/* CR LF and lone CR become LF. */
static void
unify_newlines(char *s)
{
	char *w = s;

	for (; *s != '\0'; s++) {
		if (*s == '\r') {
			*w++ = '\n';
			if (s[1] == '\n')
				s++;
		} else
			*w++ = *s;
	}
	*w = '\0';
}

/* The code point at s (valid UTF-8) and its length. */
static uint32_t
code_point(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if ((s[0] & 0xE0) == 0xC0) {
		*n = 2;
		return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	}
	if ((s[0] & 0xF0) == 0xE0) {
		*n = 3;
		return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
		    (s[2] & 0x3F);
	}
	*n = 4;
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
	    (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

const char *
text_problem(const char *str, int multiline)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i, len = strlen(str), n;
	uint32_t c;

	if (!utf8_valid(str, len))
		return "含有无法识别的字符（不是有效的 UTF-8 文字）。";
	for (i = 0; i < len; i += n) {
		c = code_point(s + i, &n);
		if (c == '\n' || c == '\t') {
			if (!multiline)
				return "只能填写一行，不能含有换行或制表符。";
			continue;
		}
		if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F))
			return "含有不允许的控制字符。";
		if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
			return "含有改变文字方向的控制字符，可能使内容显示得与实际不同。";
		if ((c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
			return "含有不允许的非字符码位（如 U+FFFE、U+FFFF）。";
	}
	return NULL;
}

static const char *
check_one(const struct form_rule *r, const char *v)
{
	const char *msg;

	switch (r->kind) {
	case FORM_LINE:
	case FORM_TEXT:
		if ((msg = text_problem(v, r->kind == FORM_TEXT)) != NULL)
			return msg;
		break;
	case FORM_CHOICE:
		if (form_choice_index(r->choices, v) < 0)
			return "请从给出的选项中选择。";
		break;
	case FORM_CHOICES:		/* normalised by choices_of */
		break;
	case FORM_FLAG:
		if (strcmp(v, "1") != 0)
			return "选项值无效。";
		break;
	}
	if (r->maxchars > 0 && utf8_len(v) > r->maxchars)
		return "内容过长。";
	return r->check != NULL ? r->check(v) : NULL;
}

/*
 * Every value given for a FORM_CHOICES key, as codes of the table in its
 * order, each once, separated by a space: a new string, "" when none.
 * NULL in *err when a value is not one of the codes.
 */
static char *
choices_of(const struct form *f, const struct form_rule *r, const char **err)
{
	unsigned char seen[64];
	const char *v, *e;
	char code[64];
	size_t i, len, total = 1;
	int k, any = 0;
	char *out, *p;

	memset(seen, 0, sizeof(seen));
	*err = NULL;
	for (i = 0; i < f->n; i++) {
		if (strcmp(f->p[i].key, r->key) != 0)
			continue;
		for (v = f->p[i].val; *v != '\0'; v = e) {
			while (*v == ' ' || *v == ',')
				v++;
			for (e = v; *e != '\0' && *e != ' ' && *e != ','; e++)
				;
			if (e == v)
				continue;
			len = (size_t)(e - v);
			if (len >= sizeof(code)) {
				*err = "请从给出的选项中选择。";
				continue;
			}
			memcpy(code, v, len);
			code[len] = '\0';
			k = form_choice_index(r->choices, code);
			if (k < 0 || k >= (int)sizeof(seen))
				*err = "请从给出的选项中选择。";
			else
				seen[k] = 1;
		}
	}
	for (k = 0; k < (int)sizeof(seen) && r->choices[k].code != NULL; k++)
		if (seen[k])
			total += strlen(r->choices[k].code) + 1;
	out = p = xmalloc(total);
	for (k = 0; k < (int)sizeof(seen) && r->choices[k].code != NULL; k++)
		if (seen[k]) {
			if (any++)
				*p++ = ' ';
			len = strlen(r->choices[k].code);
			memcpy(p, r->choices[k].code, len);
			p += len;
		}
	*p = '\0';
	return out;
}

size_t
form_validate(const struct form *f, const struct form_rule *rules, size_t n,
    unsigned ctx, char **vals, const char **errs)
{
	const struct form_rule *r;
	const char *raw;
	size_t i, nerr = 0;

	for (i = 0; i < n; i++) {
		r = &rules[i];
		errs[i] = NULL;
		raw = form_get(f, r->key);
		if (!(r->applies & ctx)) {	/* e.g. 名称 for a 公民 */
			vals[i] = xstrdup("");
			continue;
		}
		if (r->kind == FORM_CHOICES) {
			vals[i] = choices_of(f, r, &errs[i]);
			if (errs[i] == NULL && vals[i][0] == '\0' &&
			    (r->required & ctx))
				errs[i] = "请选择此项（可多选）。";
			if (errs[i] != NULL)
				nerr++;
			continue;
		}
		if (raw == NULL) {
			vals[i] = xstrdup("");
			if (r->required & ctx) {
				errs[i] = "此项必须填写。";
				nerr++;
			}
			continue;
		}
		vals[i] = trim(raw);
		if (r->kind == FORM_TEXT)
			unify_newlines(vals[i]);
		if (vals[i][0] == '\0') {
			if (r->required & ctx) {
				errs[i] = r->kind == FORM_CHOICE ?
				    "请选择此项。" : "此项必须填写。";
				nerr++;
			}
			continue;
		}
		if ((errs[i] = check_one(r, vals[i])) != NULL)
			nerr++;
	}
	return nerr;
}

void
form_vals_free(char **vals, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(vals[i]);
}

const char *
form_choice_label(const struct form_choice *c, const char *code)
{
	int i = form_choice_index(c, code);

	return i < 0 ? "" : c[i].label;
}

int
form_choice_index(const struct form_choice *c, const char *code)
{
	int i;

	for (i = 0; c[i].code != NULL; i++)
		if (c[i].code[0] == code[0] && strcmp(c[i].code, code) == 0)
			return i;
	return -1;
}
