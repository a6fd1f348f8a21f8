/*
 * token: the secrets ogi hands out, all from libsodium.
 *
 * Tracking code: 100 random bits as 20 characters of Crockford's base32
 * (no I, L, O, U), shown in groups of five: "7KQ2M-9XD4T-...".  Typing is
 * forgiving: case, spaces and hyphens are ignored, O reads as 0 and I, L as
 * 1.  Only a BLAKE2b hash of the normalised code is stored.
 *
 * Form token: proves that a POST comes from a form this site served, when
 * it was served, and lets the submission be recognised if it is sent twice.
 * It is the issue time, 16 random bytes and a MAC over both.
 *
 * Keys: the installation's secret key (secret.key in the data directory,
 * made on first use) is never used as it is.  Each use has a key of its
 * own derived from it (crypto_kdf, one context per purpose), so that what
 * is made for one purpose never passes for another: an /apply form token
 * is not a staff login form token, and neither is a session cookie.  A
 * program that needs only one purpose can be handed only that key.
 *
 * The public program is handed only public.key, itself derived from
 * secret.key (TOKEN_FOR_PUBLIC): it derives its own purposes (APPLY,
 * LIMIT) from that, and cannot derive the staff program's.  secret.key is
 * the staff side's alone (mode 0600); public.key is readable by the
 * public program's group (0640).  See SECURITY.md.
 */
#ifndef OGI_TOKEN_H
#define OGI_TOKEN_H

#include <stddef.h>
#include <time.h>

#define TOKEN_CODE_CHARS	20
#define TOKEN_CODE_SHOWN	(TOKEN_CODE_CHARS + TOKEN_CODE_CHARS / 5 - 1)
#define TOKEN_HASH_BYTES	32
#define TOKEN_HASH_HEX		(TOKEN_HASH_BYTES * 2)
#define TOKEN_KEY_BYTES		32
#define TOKEN_FORM_LEN		75	/* base64url of 56 bytes */

int	token_init(void);	/* sodium_init; -1 if it failed */

/* Make a new code: out gets the grouped form (TOKEN_CODE_SHOWN + 1). */
void	token_code_new(char out[TOKEN_CODE_SHOWN + 1]);
/* Normalise what a person typed; -1 unless it is a well-formed code. */
int	token_code_parse(const char *in, char norm[TOKEN_CODE_CHARS + 1]);
/* Hex of the BLAKE2b-256 hash of a normalised code. */
void	token_code_hash(const char norm[TOKEN_CODE_CHARS + 1],
	    char hex[TOKEN_HASH_HEX + 1]);

/* Load DIR/secret.key, creating it (mode 0600) when missing. */
int	token_key_load(const char *dir, unsigned char key[TOKEN_KEY_BYTES]);
/* Load DIR/public.key, making it (mode 0640) from secret.key when missing;
   -1 if it is missing and secret.key cannot be read. */
int	token_public_key_load(const char *dir, unsigned char key[TOKEN_KEY_BYTES]);

/*
 * A tracking code on its way to the applicant's mailbox is kept in the
 * outbox sealed (crypto_box_seal) to the outbox's key pair: its public half
 * is outbox.key (0640, made from secret.key when missing), its secret half
 * is derived from secret.key by the sender alone.  The public program can
 * seal a code but not open one, nor any other.
 */
#define TOKEN_SEALED_LEN	91	/* base64url of 48 + 20 bytes */
int	token_outbox_key_load(const char *dir, unsigned char pk[TOKEN_KEY_BYTES]);
void	token_code_seal(const unsigned char pk[TOKEN_KEY_BYTES],
	    const char norm[TOKEN_CODE_CHARS + 1], char out[TOKEN_SEALED_LEN + 1]);
/* 0 and norm, or -1 (not sealed to this installation's outbox). */
int	token_code_unseal(const unsigned char master[TOKEN_KEY_BYTES],
	    const char *sealed, char norm[TOKEN_CODE_CHARS + 1]);

enum token_purpose {
	TOKEN_FOR_APPLY,	/* the public form's token ("ogiform") */
	TOKEN_FOR_LOGIN,	/* the staff login form's token ("ogilogn") */
	TOKEN_FOR_SESSION,	/* the staff session cookie's MAC ("ogisess") */
	TOKEN_FOR_CSRF,		/* the staff forms' CSRF token ("ogicsrf") */
	TOKEN_FOR_LIMIT,	/* the keyed hash of addresses ("ogilimt") */
	TOKEN_FOR_PUBLIC,	/* public.key, the public program's key ("ogipubl") */
	TOKEN_FOR_OUTBOX,	/* the seed of the outbox's key pair ("ogimail") */
	TOKEN_FOR__MAX
};

/* The key for one purpose, from the installation's key. */
void	token_key_derive(const unsigned char key[TOKEN_KEY_BYTES],
	    enum token_purpose, unsigned char out[TOKEN_KEY_BYTES]);

/* A form token for a purpose (TOKEN_FOR_APPLY or TOKEN_FOR_LOGIN), under
   the key derived from the installation's key. */
void	token_form_new_for(const unsigned char key[TOKEN_KEY_BYTES],
	    enum token_purpose, time_t now, char out[TOKEN_FORM_LEN + 1]);
/* 0 if genuine and made for that purpose: *issued gets its time and id_hex
   a digest that names the form (for recognising a second submission). */
int	token_form_check_for(const unsigned char key[TOKEN_KEY_BYTES],
	    enum token_purpose, const char *tok, time_t *issued,
	    char id_hex[TOKEN_HASH_HEX + 1]);
/* The public form's token: token_form_*_for(TOKEN_FOR_APPLY). */
void	token_form_new(const unsigned char key[TOKEN_KEY_BYTES], time_t now,
	    char out[TOKEN_FORM_LEN + 1]);
int	token_form_check(const unsigned char key[TOKEN_KEY_BYTES],
	    const char *tok, time_t *issued, char id_hex[TOKEN_HASH_HEX + 1]);

#endif
