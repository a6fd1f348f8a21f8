/* doc-tmpl: letter templates and their placeholders.  See include/ogi/doc.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/doc.h"
#include "ogi/form.h"

const char *const doc_ph_names[DP__MAX] = {
	[DP_APPLICANT] = "applicant",
	[DP_YOU] = "you",
	[DP_ID] = "id",
	[DP_RECEIVED] = "received",
	[DP_CHANNEL] = "channel",
	[DP_SUBJECT] = "subject",
	[DP_BODY_NAME] = "body_name",
	[DP_CONTACT] = "contact",
	[DP_DUE] = "due",
	[DP_ANSWER_DAYS] = "answer_days",
	[DP_EXTENSION_DAYS] = "extension_days",
	[DP_REVIEW_BODY] = "review_body",
	[DP_COURT] = "court",
	[DP_ITEMS] = "items",
	[DP_SUPP_DAYS] = "supp_days",
	[DP_SUPP_REQUESTED] = "supp_requested",
	[DP_SUPP_DEADLINE] = "supp_deadline",
	[DP_SUPP_DOC] = "supp_doc",
	[DP_REASON] = "reason",
	[DP_APPROVER] = "approver",
	[DP_CONSULTEE] = "consultee",
	[DP_NOTE] = "note",
	[DP_MEDIUM] = "medium",
	[DP_FINDING] = "finding",
	[DP_BASIS] = "basis",
	[DP_ACCORDING] = "according",
	[DP_DECISION] = "decision",
	[DP_REMEDIES] = "remedies",
	[DP_WITHDRAWN] = "withdrawn",
	[DP_FEE_BASIS] = "fee_basis",
	[DP_FEE_METHOD] = "fee_method",
	[DP_FEE_UNITS] = "fee_units",
	[DP_FEE_WORKING] = "fee_working",
	[DP_FEE_AMOUNT] = "fee_amount",
	[DP_PAY_DAYS] = "pay_days",
	[DP_PAY_DEADLINE] = "pay_deadline",
	[DP_DOC_NUMBER] = "doc_number",
	[DP_DATE] = "date",
};

/* What every document can say: the case, the issuer, the time limits. */
#define PH_COMMON (DOC_PH(DP_APPLICANT) | DOC_PH(DP_YOU) | DOC_PH(DP_ID) | \
    DOC_PH(DP_RECEIVED) | DOC_PH(DP_CHANNEL) | DOC_PH(DP_SUBJECT) | \
    DOC_PH(DP_BODY_NAME) | DOC_PH(DP_CONTACT) | DOC_PH(DP_DUE) | \
    DOC_PH(DP_ANSWER_DAYS) | DOC_PH(DP_EXTENSION_DAYS) | \
    DOC_PH(DP_REVIEW_BODY) | DOC_PH(DP_COURT) | DOC_PH(DP_DOC_NUMBER) | \
    DOC_PH(DP_DATE))
#define PH_SUPP (DOC_PH(DP_SUPP_DAYS) | DOC_PH(DP_SUPP_REQUESTED) | \
    DOC_PH(DP_SUPP_DEADLINE))
/* An answer (and the steps that conclude with an outcome). */
#define PH_ANSWER (PH_COMMON | PH_SUPP | DOC_PH(DP_SUPP_DOC) | \
    DOC_PH(DP_REASON) | DOC_PH(DP_MEDIUM) | DOC_PH(DP_FINDING) | \
    DOC_PH(DP_BASIS) | DOC_PH(DP_ACCORDING) | DOC_PH(DP_DECISION) | \
    DOC_PH(DP_REMEDIES) | DOC_PH(DP_WITHDRAWN))

/* The findings are part of an answer: not themselves, nor the remedies. */
const doc_phset doc_ph_finding = PH_ANSWER & ~(DOC_PH(DP_FINDING) |
    DOC_PH(DP_ACCORDING) | DOC_PH(DP_DECISION) | DOC_PH(DP_REMEDIES));
const doc_phset doc_ph_remedies = DOC_PH(DP_YOU) | DOC_PH(DP_REVIEW_BODY) |
    DOC_PH(DP_COURT) | DOC_PH(DP_BODY_NAME);

static doc_phset
ph_for_step(enum ev_type t)
{
	switch (t) {
	case EV_SUPP_REQ:
		return PH_COMMON | PH_SUPP | DOC_PH(DP_ITEMS);
	case EV_EXTEND:
		return PH_COMMON | DOC_PH(DP_REASON) | DOC_PH(DP_APPROVER);
	case EV_CONSULT_START:
		/* To a third party or another body: nothing that names the
		   applicant. */
		return (PH_COMMON & ~(DOC_PH(DP_APPLICANT) | DOC_PH(DP_YOU))) |
		    DOC_PH(DP_CONSULTEE) | DOC_PH(DP_NOTE);
	case EV_ANSWER:
	case EV_SUPP_NONE:
	case EV_WITHDRAW:
	case EV_FEE_UNPAID:
		return PH_ANSWER;
	case EV_FEE_NOTICE:
		return PH_COMMON | DOC_PH(DP_FEE_BASIS) | DOC_PH(DP_FEE_METHOD) |
		    DOC_PH(DP_FEE_UNITS) | DOC_PH(DP_FEE_WORKING) |
		    DOC_PH(DP_FEE_AMOUNT) | DOC_PH(DP_PAY_DAYS) |
		    DOC_PH(DP_PAY_DEADLINE);
	default:
		return PH_COMMON;
	}
}

doc_phset
doc_ph_for_steps(unsigned steps)
{
	doc_phset s = ~(doc_phset)0;
	int t;

	if (steps == 0)
		return PH_COMMON;
	for (t = 0; t < EV__MAX; t++)
		if (steps & (1u << t))
			s &= ph_for_step((enum ev_type)t);
	return s;
}

/* A piece of a template: literal text, or a placeholder. */
struct part {
	int	 ph;		/* enum doc_ph, or -1 for text */
	size_t	 off, len;	/* the text in src */
};

struct doc_tmpl {
	char		*src;
	struct part	*p;
	size_t		 n;
};

static void
add_part(struct doc_tmpl *t, size_t *cap, int ph, size_t off, size_t len)
{
	if (ph < 0 && len == 0)
		return;
	/* Consecutive text is one part. */
	if (ph < 0 && t->n > 0 && t->p[t->n - 1].ph < 0 &&
	    t->p[t->n - 1].off + t->p[t->n - 1].len == off) {
		t->p[t->n - 1].len += len;
		return;
	}
	if (t->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		t->p = xreallocarray(t->p, *cap, sizeof(*t->p));
	}
	t->p[t->n].ph = ph;
	t->p[t->n].off = off;
	t->p[t->n].len = len;
	t->n++;
}

static int
ph_lookup(const char *name, size_t len)
{
	int i;

	for (i = 0; i < DP__MAX; i++)
		if (strlen(doc_ph_names[i]) == len &&
		    memcmp(doc_ph_names[i], name, len) == 0)
			return i;
	return -1;
}

/* Blanks at the start of a paragraph: ASCII and U+3000 (E3 80 80). */
static const char *
skip_indent(const char *s, const char *end)
{
	for (;;) {
		if (s < end && (*s == ' ' || *s == '\t'))
			s++;
		else if (end - s >= 3 && (unsigned char)s[0] == 0xe3 &&
		    (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
			s += 3;
		else
			return s;
	}
}

/*
 * Scan one paragraph [s, end) into t: its text goes to the source buffer
 * (braces unescaped), its placeholders to parts.  0, or -1 with err.
 */
static int
scan(struct doc_tmpl *t, struct buf *src, size_t *cap, const char *s,
    const char *end, doc_phset allowed, const char *where, long line,
    char *err, size_t errlen)
{
	const char *q, *name;
	size_t start = src->len;
	int ph;

	while (s < end) {
		if (*s == '}') {
			if (s + 1 < end && s[1] == '}') {
				buf_addc(src, '}');
				s += 2;
				continue;
			}
			(void)snprintf(err, errlen, "%s:%ld: a \"}\" without "
			    "\"{\" (write \"}}\" for a brace)", where, line);
			return -1;
		}
		if (*s != '{') {
			buf_addc(src, *s++);
			continue;
		}
		if (s + 1 < end && s[1] == '{') {
			buf_addc(src, '{');
			s += 2;
			continue;
		}
		name = s + 1;
		for (q = name; q < end && ((*q >= 'a' && *q <= 'z') ||
		    (*q >= '0' && *q <= '9') || *q == '_'); q++)
			;
		if (q == end || *q != '}') {
			(void)snprintf(err, errlen, "%s:%ld: a placeholder "
			    "\"{%.*s\" without its \"}\" (write \"{{\" for a "
			    "brace)", where, line, (int)(q - name > 40 ? 40 :
			    q - name), name);
			return -1;
		}
		if ((ph = ph_lookup(name, (size_t)(q - name))) < 0) {
			(void)snprintf(err, errlen, "%s:%ld: unknown "
			    "placeholder {%.*s}", where, line, (int)(q - name >
			    40 ? 40 : q - name), name);
			return -1;
		}
		if (!(allowed & DOC_PH(ph))) {
			(void)snprintf(err, errlen, "%s:%ld: placeholder {%s} "
			    "cannot be filled in this document", where, line,
			    doc_ph_names[ph]);
			return -1;
		}
		add_part(t, cap, -1, start, src->len - start);
		add_part(t, cap, ph, 0, 0);
		start = src->len;
		s = q + 1;
	}
	add_part(t, cap, -1, start, src->len - start);
	return 0;
}

struct doc_tmpl *
doc_tmpl_parse(const char *text, size_t len, int lines, doc_phset allowed,
    const char *where, long first_line, char *err, size_t errlen)
{
	struct doc_tmpl *t = xcalloc(1, sizeof(*t));
	struct buf src;
	const char *s = text, *end = text + len, *eol, *e;
	long line = first_line;
	size_t cap = 0, nl;
	int paras = 0;

	buf_init(&src);
	if (!utf8_valid(text, len) || memchr(text, '\0', len) != NULL) {
		(void)snprintf(err, errlen, "%s:%ld: not valid UTF-8 text",
		    where, first_line);
		goto fail;
	}
	if (!lines) {
		if (scan(t, &src, &cap, s, end, allowed, where, line, err,
		    errlen) != 0)
			goto fail;
		goto done;
	}
	for (; s < end; s = eol + 1, line++) {
		if ((eol = memchr(s, '\n', (size_t)(end - s))) == NULL)
			eol = end;
		e = eol;
		while (e > s && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		s = skip_indent(s, e);
		if (s == e || *s == '#') {
			if (eol == end)
				break;
			continue;
		}
		if (paras++ > 0) {
			nl = src.len;
			buf_addc(&src, '\n');
			add_part(t, &cap, -1, nl, 1);
		}
		if (scan(t, &src, &cap, s, e, allowed, where, line, err,
		    errlen) != 0)
			goto fail;
		if (eol == end)
			break;
	}
	if (paras == 0) {
		(void)snprintf(err, errlen, "%s: the template is empty", where);
		goto fail;
	}
done:
	t->src = buf_detach(&src);
	return t;
fail:
	buf_free(&src);
	free(t->p);
	free(t);
	return NULL;
}

void
doc_tmpl_free(struct doc_tmpl *t)
{
	if (t == NULL)
		return;
	free(t->src);
	free(t->p);
	free(t);
}

void
doc_tmpl_fill(const struct doc_tmpl *t, const char *const vals[DP__MAX],
    struct buf *b)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->p[i].ph < 0)
			buf_add(b, t->src + t->p[i].off, t->p[i].len);
		else if (vals[t->p[i].ph] != NULL)
			buf_adds(b, vals[t->p[i].ph]);
	}
}

int
doc_tmpl_uses(const struct doc_tmpl *t, enum doc_ph ph)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->p[i].ph == (int)ph)
			return 1;
	return 0;
}

int
doc_tmpl_ends_with(const struct doc_tmpl *t, enum doc_ph ph)
{
	const struct part *before;

	if (t->n == 0 || t->p[t->n - 1].ph != (int)ph)
		return 0;
	if (t->n == 1)
		return 1;
	/* What comes before it ends a paragraph. */
	before = &t->p[t->n - 2];
	return before->ph < 0 && before->len > 0 &&
	    t->src[before->off + before->len - 1] == '\n';
}
