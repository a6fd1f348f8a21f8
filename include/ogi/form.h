/*
 * form: application/x-www-form-urlencoded decoding and field validation.
 *
 * form_parse() decodes a body or query string into key/value pairs and
 * refuses, as a whole, input that is malformed: a bad %xx escape, bytes that
 * are not valid UTF-8 (overlong forms and surrogates included), a NUL byte,
 * a key or value over its limit, too many pairs.
 *
 * form_validate() applies a table of rules; a handler then sees either a
 * clean, trimmed value or a message naming the problem in Chinese.
 */
#ifndef OGI_FORM_H
#define OGI_FORM_H

#include <stddef.h>

enum form_err {
	FORM_OK = 0,
	FORM_EPCT,		/* malformed %xx */
	FORM_EUTF8,		/* not valid UTF-8 */
	FORM_ENUL,		/* a NUL byte */
	FORM_ETOOLONG,		/* a key or value over the limit */
	FORM_ETOOMANY		/* too many pairs */
};

struct form_pair {
	char	*key;
	char	*val;
};

struct form {
	struct form_pair *p;
	size_t		  n;
};

#define FORM_MAX_PAIRS	64
#define FORM_MAX_KEY	64
#define FORM_MAX_VALUE	32768	/* bytes, after decoding */

enum form_err	 form_parse(struct form *, const char *, size_t);
void		 form_free(struct form *);
/* One pair more, under form_parse's checks (a multipart body's text
   fields): the limits, no NUL, valid UTF-8.  f starts zeroed. */
enum form_err	 form_add(struct form *, const char *key, const char *val,
		    size_t len);
/* The first value given for key, or NULL. */
const char	*form_get(const struct form *, const char *key);
const char	*form_strerror(enum form_err);

/* Strict UTF-8: shortest forms only, no surrogates, at most U+10FFFF. */
int		 utf8_valid(const char *, size_t);
size_t		 utf8_len(const char *);	/* code points */
int		 form_hexval(unsigned char);	/* a hex digit's value, or -1 */
/* Why a text may not be stored, or NULL: invalid UTF-8, C0 and C1
   controls (newline and tab only where multiline), bidi overrides and
   isolates (U+202A-U+202E, U+2066-U+2069), noncharacters (U+FDD0-U+FDEF,
   U+xxFFFE, U+xxFFFF).  The message is Chinese, for the user. */
const char	*text_problem(const char *, int multiline);

enum form_kind {
	FORM_LINE,		/* one line: no control characters */
	FORM_TEXT,		/* several lines: CR LF and CR become LF */
	FORM_CHOICE,		/* one of rule->choices */
	FORM_CHOICES,		/* one or more of rule->choices: the key
				   repeated, or codes separated by spaces;
				   kept as codes in the table's order, each
				   once, separated by a space */
	FORM_FLAG		/* "1" or absent */
};

/* A value's code (what is stored) and its label (what is shown); tables
   of them end with a NULL code. */
struct form_choice {
	const char	*code, *label;
};
const char	*form_choice_label(const struct form_choice *, const char *code);
/* The index of code in the table, or -1. */
int		 form_choice_index(const struct form_choice *, const char *code);

/* Returns NULL when the (trimmed, non-empty) value is acceptable. */
typedef const char *(*form_check_fn)(const char *);

struct form_rule {
	const char		*key;
	const char		*label;		/* for messages: 姓名 */
	enum form_kind		 kind;
	unsigned		 applies;	/* contexts the field belongs to */
	unsigned		 required;	/* contexts it must be given in */
	size_t			 maxchars;
	const struct form_choice *choices;	/* FORM_CHOICE */
	form_check_fn		 check;
};

/*
 * Validate f against n rules in context ctx (a bit of applies/required).
 * vals[i] receives the normalised value of rule i (a new string, "" when
 * absent or not applicable); errs[i] a message or NULL.  Returns the number
 * of fields in error.
 */
size_t		 form_validate(const struct form *, const struct form_rule *,
		    size_t n, unsigned ctx, char **vals, const char **errs);
void		 form_vals_free(char **, size_t);

#endif
