/* Unit tests of token: tracking codes, form tokens, the secret key. */
#include "util.h"

#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sodium.h>

#include "ogi/token.h"

static int
setup(void **state)
{
	(void)state;
	return token_init();
}

static void
codes(void **state)
{
	char a[TOKEN_CODE_SHOWN + 1], b[TOKEN_CODE_SHOWN + 1];
	char n1[TOKEN_CODE_CHARS + 1], n2[TOKEN_CODE_CHARS + 1];
	char h1[TOKEN_HASH_HEX + 1], h2[TOKEN_HASH_HEX + 1];
	size_t i;

	(void)state;
	token_code_new(a);
	token_code_new(b);
	assert_int_equal(strlen(a), 23);
	assert_string_not_equal(a, b);
	for (i = 0; i < strlen(a); i++) {
		if (i % 6 == 5)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", a[i]));
	}
	assert_int_equal(token_code_parse(a, n1), 0);
	token_code_hash(n1, h1);
	assert_int_equal(strlen(h1), 64);
	/* Lower case, spaces, O for 0 and l for 1 read the same. */
	assert_int_equal(token_code_parse(" abcde fghjk-mnpqr 0o1il ", n2), 0);
	assert_string_equal(n2, "ABCDEFGHJKMNPQR00111");
	token_code_hash(n2, h2);
	assert_string_not_equal(h1, h2);
	assert_int_equal(token_code_parse("ABCDE-FGHJK-MNPQR-0011", n2), -1);
	assert_int_equal(token_code_parse("ABCDE-FGHJK-MNPQR-001122", n2), -1);
	assert_int_equal(token_code_parse("ABCDE-FGHJK-MNPQR-001U", n2), -1);
	assert_int_equal(token_code_parse("中文中文中文中文中文中文中文中文中文中文", n2), -1);
	assert_int_equal(token_code_parse("", n2), -1);
}

static void
form_tokens(void **state)
{
	unsigned char k1[TOKEN_KEY_BYTES], k2[TOKEN_KEY_BYTES];
	char t[TOKEN_FORM_LEN + 1], bad[TOKEN_FORM_LEN + 1];
	char id1[TOKEN_HASH_HEX + 1], id2[TOKEN_HASH_HEX + 1];
	char *dir = tmpdir_new(), path[256];
	struct stat st;
	time_t issued;

	(void)state;
	assert_int_equal(token_key_load(dir, k1), 0);
	assert_int_equal(token_key_load(dir, k2), 0);
	assert_memory_equal(k1, k2, TOKEN_KEY_BYTES);	/* made once, kept */
	(void)snprintf(path, sizeof(path), "%s/secret.key", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	token_form_new(k1, 1700000000, t);
	assert_int_equal(strlen(t), TOKEN_FORM_LEN);
	assert_int_equal(token_form_check(k1, t, &issued, id1), 0);
	assert_int_equal(issued, 1700000000);
	assert_int_equal(token_form_check(k1, t, &issued, id2), 0);
	assert_string_equal(id1, id2);
	/* Tampered, truncated, or under another key: refused. */
	memcpy(bad, t, sizeof(bad));
	bad[3] = bad[3] == 'A' ? 'B' : 'A';
	assert_int_equal(token_form_check(k1, bad, &issued, id2), -1);
	bad[TOKEN_FORM_LEN - 1] = '\0';
	assert_int_equal(token_form_check(k1, bad, &issued, id2), -1);
	k2[0] ^= 1;
	assert_int_equal(token_form_check(k2, t, &issued, id2), -1);
	assert_int_equal(token_form_check(k1, "", &issued, id2), -1);
	/* Two forms are two ids. */
	token_form_new(k1, 1700000000, bad);
	assert_int_equal(token_form_check(k1, bad, &issued, id2), 0);
	assert_string_not_equal(id1, id2);
	rm_rf(dir);
	free(dir);
}

/* A form token as the old code made it: the MAC under the installation's
   key itself. */
static void
raw_key_token(const unsigned char key[TOKEN_KEY_BYTES], time_t now,
    char out[TOKEN_FORM_LEN + 1])
{
	unsigned char raw[24 + crypto_auth_BYTES];
	int i;

	for (i = 0; i < 8; i++)
		raw[i] = (unsigned char)((uint64_t)now >> (56 - 8 * i));
	randombytes_buf(raw + 8, 16);
	crypto_auth(raw + 24, raw, 24, key);
	sodium_bin2base64(out, TOKEN_FORM_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/*
 * Domain separation: the installation's key is never a MAC key itself; a
 * form token is made for one purpose and passes only as that purpose's: an
 * /apply token is no staff login token and the other way round.  A token
 * MAC'd under the key itself (as every token was before) passes as none.
 */
static void
purposes(void **state)
{
	unsigned char key[TOKEN_KEY_BYTES], k[TOKEN_FOR__MAX][TOKEN_KEY_BYTES];
	unsigned char again[TOKEN_KEY_BYTES];
	char apply[TOKEN_FORM_LEN + 1], login[TOKEN_FORM_LEN + 1];
	char id[TOKEN_HASH_HEX + 1];
	time_t issued;
	int i, j;

	(void)state;
	randombytes_buf(key, sizeof(key));
	for (i = 0; i < TOKEN_FOR__MAX; i++) {
		token_key_derive(key, (enum token_purpose)i, k[i]);
		assert_memory_not_equal(k[i], key, TOKEN_KEY_BYTES);
		for (j = 0; j < i; j++)
			assert_memory_not_equal(k[i], k[j], TOKEN_KEY_BYTES);
		token_key_derive(key, (enum token_purpose)i, again);
		assert_memory_equal(k[i], again, TOKEN_KEY_BYTES);
	}

	token_form_new(key, 1700000000, apply);
	token_form_new_for(key, TOKEN_FOR_LOGIN, 1700000000, login);
	assert_int_equal(token_form_check(key, apply, &issued, id), 0);
	assert_int_equal(token_form_check_for(key, TOKEN_FOR_APPLY, apply, &issued, id), 0);
	assert_int_equal(token_form_check_for(key, TOKEN_FOR_LOGIN, login, &issued, id), 0);
	assert_int_equal(issued, 1700000000);
	/* Each refused as the other. */
	assert_int_equal(token_form_check_for(key, TOKEN_FOR_LOGIN, apply, &issued, id), -1);
	assert_int_equal(token_form_check(key, login, &issued, id), -1);
	assert_int_equal(token_form_check_for(key, TOKEN_FOR_SESSION, login, &issued, id), -1);
	assert_int_equal(token_form_check_for(key, TOKEN_FOR_CSRF, apply, &issued, id), -1);
}

/* A token MAC'd under the installation's key itself passes as nothing. */
static void
raw_key_refused(void **state)
{
	unsigned char key[TOKEN_KEY_BYTES];
	char raw[TOKEN_FORM_LEN + 1], id[TOKEN_HASH_HEX + 1];
	time_t issued;

	(void)state;
	randombytes_buf(key, sizeof(key));
	raw_key_token(key, 1700000000, raw);
	assert_int_equal(token_form_check(key, raw, &issued, id), -1);
}

/*
 * public.key, the public program's only key: derived from secret.key
 * (TOKEN_FOR_PUBLIC), group-readable, made once.  What it mints passes
 * under no purpose of the staff side's key, and without it and without a
 * readable secret.key the public program has no key at all.
 */
static void
public_key(void **state)
{
	unsigned char master[TOKEN_KEY_BYTES], pub[TOKEN_KEY_BYTES];
	unsigned char want[TOKEN_KEY_BYTES], again[TOKEN_KEY_BYTES];
	char tok[TOKEN_FORM_LEN + 1], id[TOKEN_HASH_HEX + 1], path[300];
	char *dir = tmpdir_new();
	struct stat st;
	time_t issued;
	mode_t old = umask(0);
	int p;

	(void)state;
	assert_int_equal(token_public_key_load(dir, pub), 0);
	assert_int_equal(token_key_load(dir, master), 0);
	token_key_derive(master, TOKEN_FOR_PUBLIC, want);
	assert_memory_equal(pub, want, TOKEN_KEY_BYTES);
	assert_memory_not_equal(pub, master, TOKEN_KEY_BYTES);
	snprintf(path, sizeof(path), "%s/public.key", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	snprintf(path, sizeof(path), "%s/secret.key", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(token_public_key_load(dir, again), 0);
	assert_memory_equal(pub, again, TOKEN_KEY_BYTES);
	/* Every purpose minted from public.key fails under secret.key's. */
	for (p = 0; p < TOKEN_FOR__MAX; p++) {
		token_form_new_for(pub, (enum token_purpose)p, 1700000000, tok);
		assert_int_equal(token_form_check_for(pub, (enum token_purpose)p,
		    tok, &issued, id), 0);
		assert_int_equal(token_form_check_for(master,
		    (enum token_purpose)p, tok, &issued, id), -1);
	}
	/* No public.key, and secret.key unreadable (a directory here, as
	   root reads any file): no key. */
	snprintf(path, sizeof(path), "%s/public.key", dir);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s/secret.key", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(token_public_key_load(dir, again), -1);
	snprintf(path, sizeof(path), "%s/public.key", dir);
	assert_int_equal(stat(path, &st), -1);
	umask(old);
	rm_rf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes),
		cmocka_unit_test(form_tokens),
		cmocka_unit_test(purposes),
		cmocka_unit_test(raw_key_refused),
		cmocka_unit_test(public_key),
	};

	return cmocka_run_group_tests_name("token", tests, setup, NULL);
}
