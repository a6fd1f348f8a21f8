/* token: tracking codes and form tokens over libsodium. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "ogi/buf.h"
#include "ogi/token.h"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int
token_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void
token_code_new(char out[TOKEN_CODE_SHOWN + 1])
{
	unsigned char raw[TOKEN_CODE_CHARS];
	size_t i, o = 0;

	/* One uniform 5-bit symbol per byte: 100 bits in all. */
	randombytes_buf(raw, sizeof(raw));
	for (i = 0; i < TOKEN_CODE_CHARS; i++) {
		if (i > 0 && i % 5 == 0)
			out[o++] = '-';
		out[o++] = crockford[raw[i] & 31];
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

int
token_code_parse(const char *in, char norm[TOKEN_CODE_CHARS + 1])
{
	size_t n = 0;
	char c;

	for (; *in != '\0'; in++) {
		c = *in;
		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (strchr(crockford, c) == NULL || c == '\0' ||
		    n == TOKEN_CODE_CHARS)
			return -1;
		norm[n++] = c;
	}
	norm[n] = '\0';
	return n == TOKEN_CODE_CHARS ? 0 : -1;
}

void
token_code_hash(const char norm[TOKEN_CODE_CHARS + 1],
    char hex[TOKEN_HASH_HEX + 1])
{
	unsigned char h[TOKEN_HASH_BYTES];

	crypto_generichash(h, sizeof(h), (const unsigned char *)norm,
	    TOKEN_CODE_CHARS, NULL, 0);
	sodium_bin2hex(hex, TOKEN_HASH_HEX + 1, h, sizeof(h));
}

static int
read_full(int fd, unsigned char *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * DIR/NAME, a key of TOKEN_KEY_BYTES: read, or made by MAKE (mode MODE,
 * whatever the umask) when missing.  A new key is written beside it and
 * linked into place: if two processes race, one key wins and both read
 * it.  -1 with errno when it can be neither read nor made.
 */
static int
key_file(const char *dir, const char *name, mode_t mode,
    int (*make)(const char *dir, unsigned char *), unsigned char key[TOKEN_KEY_BYTES])
{
	struct buf path, tmp;
	unsigned char fresh[TOKEN_KEY_BYTES];
	int fd, rc = -1, saved;

	buf_init(&path);
	buf_init(&tmp);
	buf_printf(&path, "%s/%s", dir, name);
	if ((fd = open(path.s, O_RDONLY | O_CLOEXEC)) != -1)
		goto read;
	if (errno != ENOENT)
		goto out;
	if (make(dir, fresh) != 0)
		goto out;
	buf_printf(&tmp, "%s/%s.%ld", dir, name, (long)getpid());
	fd = open(tmp.s, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1)
		goto out;
	if (fchmod(fd, mode) == -1 ||
	    write(fd, fresh, sizeof(fresh)) != (ssize_t)sizeof(fresh) ||
	    fsync(fd) == -1) {
		close(fd);
		(void)unlink(tmp.s);
		goto out;
	}
	close(fd);
	if (link(tmp.s, path.s) == -1 && errno != EEXIST) {
		(void)unlink(tmp.s);
		goto out;
	}
	(void)unlink(tmp.s);
	if ((fd = open(path.s, O_RDONLY | O_CLOEXEC)) == -1)
		goto out;
read:
	rc = read_full(fd, key, TOKEN_KEY_BYTES);
	close(fd);
out:
	saved = errno;
	sodium_memzero(fresh, sizeof(fresh));
	buf_free(&path);
	buf_free(&tmp);
	errno = saved;
	return rc;
}

static int
make_random(const char *dir, unsigned char *k)
{
	(void)dir;
	randombytes_buf(k, TOKEN_KEY_BYTES);
	return 0;
}

int
token_key_load(const char *dir, unsigned char key[TOKEN_KEY_BYTES])
{
	return key_file(dir, "secret.key", 0600, make_random, key);
}

static int
make_public(const char *dir, unsigned char *k)
{
	unsigned char master[TOKEN_KEY_BYTES];

	if (token_key_load(dir, master) != 0)
		return -1;
	token_key_derive(master, TOKEN_FOR_PUBLIC, k);
	sodium_memzero(master, sizeof(master));
	return 0;
}

int
token_public_key_load(const char *dir, unsigned char key[TOKEN_KEY_BYTES])
{
	return key_file(dir, "public.key", 0640, make_public, key);
}

/* The outbox's key pair: its secret half derived from secret.key, its
   public half kept in outbox.key for the public program to seal with. */
static void
outbox_pair(const unsigned char master[TOKEN_KEY_BYTES],
    unsigned char pk[crypto_box_PUBLICKEYBYTES],
    unsigned char sk[crypto_box_SECRETKEYBYTES])
{
	unsigned char seed[TOKEN_KEY_BYTES];

	token_key_derive(master, TOKEN_FOR_OUTBOX, seed);
	crypto_box_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
}

static int
make_outbox(const char *dir, unsigned char *k)
{
	unsigned char master[TOKEN_KEY_BYTES], sk[crypto_box_SECRETKEYBYTES];

	if (token_key_load(dir, master) != 0)
		return -1;
	outbox_pair(master, k, sk);
	sodium_memzero(master, sizeof(master));
	sodium_memzero(sk, sizeof(sk));
	return 0;
}

int
token_outbox_key_load(const char *dir, unsigned char pk[TOKEN_KEY_BYTES])
{
	return key_file(dir, "outbox.key", 0640, make_outbox, pk);
}

_Static_assert(crypto_box_PUBLICKEYBYTES == TOKEN_KEY_BYTES, "a box key is a key");
#define SEALED_LEN (crypto_box_SEALBYTES + TOKEN_CODE_CHARS)

void
token_code_seal(const unsigned char pk[TOKEN_KEY_BYTES],
    const char norm[TOKEN_CODE_CHARS + 1], char out[TOKEN_SEALED_LEN + 1])
{
	unsigned char c[SEALED_LEN];

	if (crypto_box_seal(c, (const unsigned char *)norm, TOKEN_CODE_CHARS, pk) != 0)
		abort();
	sodium_bin2base64(out, TOKEN_SEALED_LEN + 1, c, sizeof(c),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
token_code_unseal(const unsigned char master[TOKEN_KEY_BYTES],
    const char *sealed, char norm[TOKEN_CODE_CHARS + 1])
{
	unsigned char c[SEALED_LEN], pk[crypto_box_PUBLICKEYBYTES],
	    sk[crypto_box_SECRETKEYBYTES];
	size_t len;
	int rc;

	if (sodium_base642bin(c, sizeof(c), sealed, strlen(sealed), NULL, &len,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof(c))
		return -1;
	outbox_pair(master, pk, sk);
	rc = crypto_box_seal_open((unsigned char *)norm, c, sizeof(c), pk, sk);
	sodium_memzero(sk, sizeof(sk));
	norm[TOKEN_CODE_CHARS] = '\0';
	return rc == 0 ? 0 : -1;
}

/* crypto_kdf's contexts: 8 bytes, here 7 letters and the NUL. */
static const char kdf_ctx[TOKEN_FOR__MAX][crypto_kdf_CONTEXTBYTES] = {
	[TOKEN_FOR_APPLY] = "ogiform",
	[TOKEN_FOR_LOGIN] = "ogilogn",
	[TOKEN_FOR_SESSION] = "ogisess",
	[TOKEN_FOR_CSRF] = "ogicsrf",
	[TOKEN_FOR_LIMIT] = "ogilimt",
	[TOKEN_FOR_PUBLIC] = "ogipubl",
	[TOKEN_FOR_OUTBOX] = "ogimail",
};
_Static_assert(TOKEN_KEY_BYTES == crypto_kdf_KEYBYTES, "the master key is a kdf key");
_Static_assert(TOKEN_KEY_BYTES >= crypto_auth_KEYBYTES, "a derived key is a MAC key");

void
token_key_derive(const unsigned char key[TOKEN_KEY_BYTES],
    enum token_purpose p, unsigned char out[TOKEN_KEY_BYTES])
{
	if ((unsigned)p >= TOKEN_FOR__MAX ||
	    crypto_kdf_derive_from_key(out, TOKEN_KEY_BYTES, 1, kdf_ctx[p], key) != 0)
		abort();	/* a program error: no key to fall back on */
}

#define FORM_RAW (8 + 16 + crypto_auth_BYTES)

void
token_form_new_for(const unsigned char key[TOKEN_KEY_BYTES],
    enum token_purpose p, time_t now, char out[TOKEN_FORM_LEN + 1])
{
	unsigned char raw[FORM_RAW], k[TOKEN_KEY_BYTES];
	uint64_t t = (uint64_t)now;
	int i;

	token_key_derive(key, p, k);
	for (i = 0; i < 8; i++)
		raw[i] = (unsigned char)(t >> (56 - 8 * i));
	randombytes_buf(raw + 8, 16);
	crypto_auth(raw + 24, raw, 24, k);
	sodium_memzero(k, sizeof(k));
	sodium_bin2base64(out, TOKEN_FORM_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
token_form_check_for(const unsigned char key[TOKEN_KEY_BYTES],
    enum token_purpose p, const char *tok, time_t *issued,
    char id_hex[TOKEN_HASH_HEX + 1])
{
	unsigned char raw[FORM_RAW], h[TOKEN_HASH_BYTES], k[TOKEN_KEY_BYTES];
	size_t len;
	uint64_t t = 0;
	int i, bad;

	if (strlen(tok) != TOKEN_FORM_LEN ||
	    sodium_base642bin(raw, sizeof(raw), tok, TOKEN_FORM_LEN, NULL, &len,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof(raw))
		return -1;
	token_key_derive(key, p, k);
	bad = crypto_auth_verify(raw + 24, raw, 24, k) != 0;
	sodium_memzero(k, sizeof(k));
	if (bad)
		return -1;
	for (i = 0; i < 8; i++)
		t = t << 8 | raw[i];
	*issued = (time_t)t;
	crypto_generichash(h, sizeof(h), raw, 24, NULL, 0);
	sodium_bin2hex(id_hex, TOKEN_HASH_HEX + 1, h, sizeof(h));
	return 0;
}

void
token_form_new(const unsigned char key[TOKEN_KEY_BYTES], time_t now,
    char out[TOKEN_FORM_LEN + 1])
{
	token_form_new_for(key, TOKEN_FOR_APPLY, now, out);
}

int
token_form_check(const unsigned char key[TOKEN_KEY_BYTES], const char *tok,
    time_t *issued, char id_hex[TOKEN_HASH_HEX + 1])
{
	return token_form_check_for(key, TOKEN_FOR_APPLY, tok, issued, id_hex);
}
