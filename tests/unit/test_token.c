/* Unit tests of token: tracking codes, form tokens, the secret key. */
#include "util.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes),
		cmocka_unit_test(form_tokens),
	};

	return cmocka_run_group_tests_name("token", tests, setup, NULL);
}
