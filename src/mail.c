/*
 * mail: MIME messages and the notices' wording (see mail.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "ogi/buf.h"
#include "ogi/mail.h"
#include "ogi/site.h"

const char *const mail_kinds[MAIL__MAX] = {
	[MAIL_RECEIPT] = "receipt",
	[MAIL_RECEIVED] = "received",
	[MAIL_SUPPLEMENT] = "supplement",
	[MAIL_EXTENSION] = "extension",
	[MAIL_DOCUMENT] = "document",
	[MAIL_ANSWER] = "answer",
	[MAIL_CODE] = "code",
	[MAIL_DIGEST] = "digest",
};

/* The placeholders each kind fills (besides id, body_name, track_url). */
static const char *const mail_vars[MAIL__MAX] = {
	[MAIL_RECEIPT] = " code subject submitted ",
	[MAIL_RECEIVED] = " subject received due ",
	[MAIL_SUPPLEMENT] = " subject items deadline ",
	[MAIL_EXTENSION] = " subject due ",
	[MAIL_DOCUMENT] = " title number ",
	[MAIL_ANSWER] = " subject outcome ",
	[MAIL_CODE] = " code ",
	[MAIL_DIGEST] = " date name due_list overdue_list failures ",
};

static int
header_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			return 0;
	return 1;
}

static int
addr_ok(const char *a)
{
	const char *at = strchr(a, '@');

	if (a[0] == '\0' || at == NULL || at == a || at[1] == '\0' ||
	    strlen(a) > 254 || !header_safe(a))
		return 0;
	for (; *a != '\0'; a++)
		if (*a == ' ' || strchr("\"(),:;<>[\\]", *a) != NULL)
			return 0;
	return 1;
}

/* Bytes of the UTF-8 character that starts at s (1 for a stray byte). */
static size_t
u8len(const unsigned char *s)
{
	size_t n = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 1, i;

	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

static void
add_b64(struct buf *out, const void *p, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *s = xmalloc(len);

	sodium_bin2base64(s, len, p, n, sodium_base64_VARIANT_ORIGINAL);
	buf_adds(out, s);
	free(s);
}

void
mail_encode_words(struct buf *out, const char *s)
{
	/* 45 bytes make 60 base64 characters: with "=?UTF-8?B?" and "?="
	   a word is 72 long, under RFC 2047's 75. */
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), start = 0, i = 0, n;
	int first = 1;

	if (len == 0)
		return;
	while (start < len) {
		i = start;
		while (i < len && i - start + (n = u8len(p + i)) <= 45)
			i += n;
		if (i == start)
			i = start + 1;
		if (!first)
			buf_adds(out, "\n ");
		buf_adds(out, "=?UTF-8?B?");
		add_b64(out, p + start, i - start);
		buf_adds(out, "?=");
		first = 0;
		start = i;
	}
}

static int
ascii_only(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Base64 in lines of 76. */
static void
add_b64_lines(struct buf *out, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t off;

	for (off = 0; off < len; off += 57) {
		add_b64(out, p + off, len - off < 57 ? len - off : 57);
		buf_addc(out, '\n');
	}
}

static void
add_date(struct buf *out, time_t t, int off)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t l = t + (time_t)off * 60;
	struct tm tm;
	int a = off < 0 ? -off : off;

	gmtime_r(&l, &tm);
	buf_printf(out, "Date: %s, %d %s %04d %02d:%02d:%02d %c%02d%02d\n",
	    wd[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', a / 60, a % 60);
}

int
mail_build(struct buf *out, const struct mail_msg *m)
{
	unsigned char h[16], bnd[12];
	char hex[33], boundary[40];
	const char *dom;
	size_t i;

	if (!addr_ok(m->from) || !addr_ok(m->to) || !header_safe(m->subject) ||
	    !header_safe(m->from_name) || !ascii_only(m->to) || !ascii_only(m->from))
		return -1;
	for (i = 0; i < m->nparts; i++)
		if (!header_safe(m->parts[i].name) || !header_safe(m->parts[i].type) ||
		    strchr(m->parts[i].type, '"') != NULL)
			return -1;
	buf_adds(out, "From: ");
	if (m->from_name[0] != '\0') {
		mail_encode_words(out, m->from_name);
		buf_adds(out, " ");
	}
	buf_printf(out, "<%s>\nTo: <%s>\nSubject: ", m->from, m->to);
	mail_encode_words(out, m->subject);
	buf_addc(out, '\n');
	add_date(out, m->date, m->utc_offset);
	/* The same notice, the same id: a copy after a crash is seen as
	   one.  The key and the addressee make it. */
	{
		crypto_generichash_state st;

		crypto_generichash_init(&st, NULL, 0, sizeof(h));
		crypto_generichash_update(&st, (const unsigned char *)m->key,
		    strlen(m->key) + 1);
		crypto_generichash_update(&st, (const unsigned char *)m->to,
		    strlen(m->to));
		crypto_generichash_final(&st, h, sizeof(h));
	}
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	dom = strchr(m->from, '@') + 1;
	buf_printf(out, "Message-ID: <%s.ogi@%s>\n", hex, dom);
	buf_adds(out, "MIME-Version: 1.0\nAuto-Submitted: auto-generated\n");
	if (m->nparts == 0) {
		buf_adds(out, "Content-Type: text/plain; charset=UTF-8\n"
		    "Content-Transfer-Encoding: base64\n\n");
		add_b64_lines(out, m->text, strlen(m->text));
		return 0;
	}
	randombytes_buf(bnd, sizeof(bnd));
	(void)snprintf(boundary, sizeof(boundary), "=_ogi_");
	sodium_bin2hex(boundary + 6, sizeof(boundary) - 6, bnd, sizeof(bnd));
	buf_printf(out, "Content-Type: multipart/mixed; boundary=\"%s\"\n\n"
	    "This is a MIME message.\n--%s\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: base64\n\n", boundary, boundary);
	add_b64_lines(out, m->text, strlen(m->text));
	for (i = 0; i < m->nparts; i++) {
		buf_printf(out, "--%s\nContent-Type: %s\n"
		    "Content-Transfer-Encoding: base64\n"
		    "Content-Disposition: attachment; filename*=UTF-8''", boundary,
		    m->parts[i].type);
		{
			/* RFC 2231: the name percent-encoded. */
			const unsigned char *p = (const unsigned char *)m->parts[i].name;

			for (; *p != '\0'; p++)
				if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				    (*p >= '0' && *p <= '9') || strchr("-._", *p))
					buf_addc(out, (char)*p);
				else
					buf_printf(out, "%%%02X", *p);
		}
		buf_adds(out, "\n\n");
		add_b64_lines(out, m->parts[i].data, m->parts[i].len);
	}
	buf_printf(out, "--%s--\n", boundary);
	return 0;
}

void
mail_mask(const char *addr, struct buf *out)
{
	const char *at = strchr(addr, '@');
	size_t n;

	if (at == NULL || at == addr) {
		buf_adds(out, "***");
		return;
	}
	n = u8len((const unsigned char *)addr);
	buf_add(out, addr, n);
	buf_adds(out, "***");
	buf_adds(out, at);
}

/* Is {name} (len bytes) a placeholder kind k fills? */
static int
var_ok(enum mail_kind k, const char *name, size_t len)
{
	static const char common[] = " id body_name track_url ";
	char w[40];

	if (len == 0 || len + 3 > sizeof(w))
		return 0;
	(void)snprintf(w, sizeof(w), " %.*s ", (int)len, name);
	return strstr(common, w) != NULL || strstr(mail_vars[k], w) != NULL;
}

static char why_buf[256];

static int
load_one(struct mail_tmpl *t, const struct site *site, enum mail_kind k,
    const char **why)
{
	char rel[64], *path, *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	struct buf text;
	FILE *f;
	const char *p, *q;

	(void)snprintf(rel, sizeof(rel), "mail/%s.txt", mail_kinds[k]);
	path = site_conf_path(site, rel);
	f = fopen(path, "r");
	free(path);
	if (f == NULL) {
		(void)snprintf(why_buf, sizeof(why_buf), "%s: cannot be read", rel);
		*why = why_buf;
		return -1;
	}
	buf_init(&text);
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] == '#')
			continue;
		for (p = line; (p = strchr(p, '{')) != NULL; p = q + 1) {
			if ((q = strchr(p, '}')) == NULL ||
			    !var_ok(k, p + 1, (size_t)(q - p - 1))) {
				(void)snprintf(why_buf, sizeof(why_buf),
				    "%s:%zu: unknown placeholder %.40s", rel, lineno, p);
				goto bad;
			}
		}
		if (t->subject[k] == NULL) {
			if (strncmp(line, "Subject: ", 9) != 0 || line[9] == '\0') {
				(void)snprintf(why_buf, sizeof(why_buf),
				    "%s:%zu: the first line must be \"Subject: …\"",
				    rel, lineno);
				goto bad;
			}
			t->subject[k] = xstrdup(line + 9);
			continue;
		}
		buf_adds(&text, line);
		buf_addc(&text, '\n');
	}
	if (t->subject[k] == NULL || text.len == 0) {
		(void)snprintf(why_buf, sizeof(why_buf), "%s: no subject or no text", rel);
		goto bad;
	}
	free(line);
	fclose(f);

	t->text[k] = buf_detach(&text);
	return 0;
bad:
	*why = why_buf;
	free(line);
	fclose(f);
	buf_free(&text);
	return -1;
}

int
mail_tmpl_load(struct mail_tmpl *t, const struct site *site, const char **why)
{
	int k;

	memset(t, 0, sizeof(*t));
	for (k = 0; k < MAIL__MAX; k++)
		if (load_one(t, site, (enum mail_kind)k, why) != 0) {
			mail_tmpl_free(t);
			return -1;
		}
	return 0;
}

void
mail_tmpl_free(struct mail_tmpl *t)
{
	int k;

	for (k = 0; k < MAIL__MAX; k++) {
		free(t->subject[k]);
		free(t->text[k]);
	}
	memset(t, 0, sizeof(*t));
}

