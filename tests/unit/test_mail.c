/*
 * mail: the MIME message, encoded words, the masked address, templates;
 * a tracking code sealed to the outbox and opened by the sender only; a
 * case's new code replacing the old one.
 */
#include "util.h"

#include <sodium.h>

#include "ogi/app.h"
#include "ogi/buf.h"
#include "ogi/fill.h"
#include "ogi/mail.h"
#include "ogi/site.h"
#include "ogi/token.h"

/* Decode every "=?UTF-8?B?...?=" word of a header value (folds too). */
static void
decode_words(const char *v, struct buf *out)
{
	const char *p = v, *e;
	unsigned char bin[256];
	size_t len;

	while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
		p += 10;
		e = strstr(p, "?=");
		assert_non_null(e);
		/* Each word at most 75 characters. */
		assert_true(e + 2 - (p - 10) <= 75);
		assert_int_equal(sodium_base642bin(bin, sizeof(bin), p, (size_t)(e - p),
		    NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
		/* Each word whole characters: valid UTF-8 alone. */
		bin[len] = '\0';
		{
			size_t i = 0;

			while (i < len) {
				unsigned c = bin[i];
				size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2, k;

				assert_true(i + n <= len);
				for (k = 1; k < n; k++)
					assert_int_equal(bin[i + k] & 0xc0, 0x80);
				i += n;
			}
		}
		buf_add(out, bin, len);
		p = e + 2;
	}
}

static void
encoded_words(void **state)
{
	const char *s = "关于申请编号2026-000001的政府信息公开申请已经收到并开始办理，答复期限为二〇二六年三月三十日";
	struct buf b, d;

	(void)state;
	buf_init(&b);
	buf_init(&d);
	mail_encode_words(&b, s);
	assert_non_null(strstr(b.s, "\n "));	/* long: folded */
	decode_words(b.s, &d);
	assert_string_equal(d.s, s);
	buf_free(&b);
	buf_free(&d);
}

static const char *
header(const char *msg, const char *name, char *out, size_t n)
{
	const char *p = msg, *e;
	size_t l = strlen(name);

	for (;;) {
		if (strncmp(p, name, l) == 0 && p[l] == ':') {
			e = strchr(p, '\n');
			while (e != NULL && e[1] == ' ')
				e = strchr(e + 1, '\n');
			(void)snprintf(out, n, "%.*s", (int)(e - p - l - 2), p + l + 2);
			return out;
		}
		if ((p = strchr(p, '\n')) == NULL || p[1] == '\n')
			return NULL;
		p++;
	}
}

static void
message(void **state)
{
	struct mail_msg m;
	struct mail_part part = { "2026-000001-答复书.pdf", "application/pdf", "%PDF-1.5\nx", 10 };
	struct buf b, d;
	char h[512], id1[128];

	(void)state;
	memset(&m, 0, sizeof(m));
	m.from_name = "示例市人民政府办公室";
	m.from = "gk@example.gov.cn";
	m.to = "zhang@example.cn";
	m.subject = "您的申请已答复（2026-000001）";
	m.text = "您好：\n办理结果：予以公开。\n";
	m.key = "ev:123";
	m.date = 1772416800;	/* 2026-03-02 02:00 UTC */
	m.utc_offset = 480;
	buf_init(&b);
	buf_init(&d);
	assert_int_equal(mail_build(&b, &m), 0);
	assert_non_null(header(b.s, "Date", h, sizeof(h)));
	assert_string_equal(h, "Mon, 2 Mar 2026 10:00:00 +0800");
	assert_non_null(header(b.s, "To", h, sizeof(h)));
	assert_string_equal(h, "<zhang@example.cn>");
	assert_non_null(header(b.s, "Subject", h, sizeof(h)));
	decode_words(h, &d);
	assert_string_equal(d.s, m.subject);
	assert_non_null(header(b.s, "From", h, sizeof(h)));
	assert_non_null(strstr(h, "<gk@example.gov.cn>"));
	assert_non_null(header(b.s, "Message-ID", id1, sizeof(id1)));
	assert_non_null(strstr(id1, "@example.gov.cn>"));
	assert_non_null(strstr(b.s, "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: base64\n"));
	assert_null(strstr(b.s, "multipart"));
	/* The same notice again: the same Message-ID, another date. */
	m.date += 3600;
	buf_reset(&b);
	assert_int_equal(mail_build(&b, &m), 0);
	assert_non_null(header(b.s, "Message-ID", h, sizeof(h)));
	assert_string_equal(h, id1);
	/* Another notice, another id. */
	m.key = "ev:124";
	buf_reset(&b);
	assert_int_equal(mail_build(&b, &m), 0);
	assert_non_null(header(b.s, "Message-ID", h, sizeof(h)));
	assert_string_not_equal(h, id1);
	/* With a PDF: multipart/mixed, the name as RFC 2231 says. */
	m.parts = &part;
	m.nparts = 1;
	buf_reset(&b);
	assert_int_equal(mail_build(&b, &m), 0);
	assert_non_null(strstr(b.s, "Content-Type: multipart/mixed; boundary=\"=_ogi_"));
	assert_non_null(strstr(b.s, "Content-Type: application/pdf\n"));
	assert_non_null(strstr(b.s, "filename*=UTF-8''2026-000001-%E7%AD%94%E5%A4%8D%E4%B9%A6.pdf"));
	assert_non_null(strstr(b.s, "JVBERi0xLjUKeA==\n"));	/* "%PDF-1.5\nx" */
	/* Nothing that could add a header. */
	m.nparts = 0;
	m.to = "a@example.cn\nBcc: b@example.cn";
	assert_int_equal(mail_build(&b, &m), -1);
	m.to = "a@example.cn, b@example.cn";
	assert_int_equal(mail_build(&b, &m), -1);
	m.to = "zhang@example.cn";
	m.subject = "x\r\nBcc: b@example.cn";
	assert_int_equal(mail_build(&b, &m), -1);
	buf_free(&b);
	buf_free(&d);
}

static void
mask(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	mail_mask("zhang@example.com", &b);
	assert_string_equal(b.s, "z***@example.com");
	buf_reset(&b);
	mail_mask("张三@example.cn", &b);
	assert_string_equal(b.s, "张***@example.cn");
	buf_reset(&b);
	mail_mask("nonsense", &b);
	assert_string_equal(b.s, "***");
	buf_free(&b);
}

static void
templates(void **state)
{
	char *dir = tmpdir_new(), path[512];
	struct site site;
	struct mail_tmpl t;
	const char *why = NULL;
	const char *vars[] = { "id", "2026-000001", "code", "AAAAA", NULL };
	struct buf b;

	(void)state;
	memset(&site, 0, sizeof(site));
	site.conf_dir = dir;
	/* The shipped wording loads. */
	site.conf_dir = "data";
	assert_int_equal(mail_tmpl_load(&t, &site, &why), 0);
	buf_init(&b);
	fill_vars(&b, t.subject[MAIL_RECEIPT], vars);
	assert_string_equal(b.s, "您的政府信息公开申请已提交（2026-000001）");
	buf_free(&b);
	mail_tmpl_free(&t);
	/* A placeholder the kind does not fill stops the load, named. */
	site.conf_dir = dir;
	(void)snprintf(path, sizeof(path), "cp -r data/mail '%s/'", dir);
	assert_int_equal(system(path), 0);
	(void)snprintf(path, sizeof(path), "%s/mail/received.txt", dir);
	write_file(path, "# note\nSubject: {id}\n\ntext {code}\n", 35);
	assert_int_equal(mail_tmpl_load(&t, &site, &why), -1);
	assert_string_equal(why, "mail/received.txt:4: unknown placeholder {code}");
	write_file(path, "no subject\n", 11);
	assert_int_equal(mail_tmpl_load(&t, &site, &why), -1);
	assert_non_null(strstr(why, "mail/received.txt:1:"));
	rm_rf(dir);
	free(dir);
}

static void
sealed_code(void **state)
{
	char *dir = tmpdir_new();
	unsigned char master[TOKEN_KEY_BYTES], pk[TOKEN_KEY_BYTES], other[TOKEN_KEY_BYTES];
	char code[TOKEN_CODE_SHOWN + 1], norm[TOKEN_CODE_CHARS + 1], back[TOKEN_CODE_CHARS + 1];
	char sealed[TOKEN_SEALED_LEN + 1], path[512];
	struct stat sb;

	(void)state;
	assert_int_equal(token_init(), 0);
	assert_int_equal(token_outbox_key_load(dir, pk), 0);
	(void)snprintf(path, sizeof(path), "%s/outbox.key", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	assert_int_equal(token_key_load(dir, master), 0);
	token_code_new(code);
	assert_int_equal(token_code_parse(code, norm), 0);
	token_code_seal(pk, norm, sealed);
	assert_int_equal(strlen(sealed), TOKEN_SEALED_LEN);
	assert_null(strstr(sealed, norm));
	assert_int_equal(token_code_unseal(master, sealed, back), 0);
	assert_string_equal(back, norm);
	/* Another installation's key opens nothing; nor does a changed box. */
	randombytes_buf(other, sizeof(other));
	assert_int_equal(token_code_unseal(other, sealed, back), -1);
	sealed[10] = sealed[10] == 'A' ? 'B' : 'A';
	assert_int_equal(token_code_unseal(master, sealed, back), -1);
	rm_rf(dir);
	free(dir);
}

static void
new_code(void **state)
{
	char *dir = tmpdir_new();
	struct site site = { .data_dir = dir, .agency = "t", .utc_offset = 480,
	    .body_name = "b" };
	struct apps a, b;
	struct app_new how = { "网络", "", NULL, NULL, 0 };
	char *vals[APP_FIELD__MAX], id[16], code[TOKEN_CODE_SHOWN + 1];
	char code2[TOKEN_CODE_SHOWN + 1], norm[TOKEN_CODE_CHARS + 1];
	char h1[TOKEN_HASH_HEX + 1], h2[TOKEN_HASH_HEX + 1];
	const struct app_rec *dup;
	size_t i;

	(void)state;
	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = "v";
	apps_open(&a, &site);
	apps_open(&b, &site);
	/* A code the caller made (the receipt's notice is queued first). */
	token_code_new(code);
	how.keep_code = 1;
	memcpy(code2, code, sizeof(code));
	assert_int_equal(apps_submit(&a, vals, &how, 1772416800, id, code, &dup), APP_OK);
	assert_string_equal(code, code2);
	assert_int_equal(token_code_parse(code, norm), 0);
	token_code_hash(norm, h1);
	assert_int_equal(apps_refresh(&b), STORE_OK);
	assert_non_null(apps_by_code(&b, h1));	/* b's table made */
	token_code_new(code2);
	assert_int_equal(apps_new_code(&a, id, "王办理", 1772416900, code2), APP_OK);
	assert_int_equal(token_code_parse(code2, norm), 0);
	token_code_hash(norm, h2);
	/* This process at once, another at its next refresh. */
	assert_null(apps_by_code(&a, h1));
	assert_non_null(apps_by_code(&a, h2));
	assert_int_equal(apps_refresh(&b), STORE_OK);
	assert_null(apps_by_code(&b, h1));
	assert_string_equal(apps_by_code(&b, h2)->id, id);
	assert_int_equal(apps_new_code(&a, "2026-000009", "x", 1772416900, code2), APP_EIO);
	apps_close(&a);
	apps_close(&b);
	/* A fresh reader: the new code only. */
	apps_open(&a, &site);
	assert_int_equal(apps_refresh(&a), STORE_OK);
	assert_null(apps_by_code(&a, h1));
	assert_non_null(apps_by_code(&a, h2));
	apps_close(&a);
	rm_rf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encoded_words),
		cmocka_unit_test(message),
		cmocka_unit_test(mask),
		cmocka_unit_test(templates),
		cmocka_unit_test(sealed_code),
		cmocka_unit_test(new_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
