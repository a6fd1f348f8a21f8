/* libFuzzer: the tracking-code parser and the form-token check. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ogi/token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[TOKEN_KEY_BYTES] = { 1, 2, 3 };
	char in[256], norm[TOKEN_CODE_CHARS + 1], hex[TOKEN_HASH_HEX + 1];
	char again[TOKEN_CODE_CHARS + 1];
	time_t issued;

	if (size >= sizeof(in))
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if (token_code_parse(in, norm) == 0) {
		/* A normal form parses to itself. */
		if (strlen(norm) != TOKEN_CODE_CHARS || token_code_parse(norm, again) != 0 ||
		    strcmp(norm, again) != 0)
			__builtin_trap();
		token_code_hash(norm, hex);
	}
	(void)token_form_check(key, in, &issued, hex);
	return 0;
}
