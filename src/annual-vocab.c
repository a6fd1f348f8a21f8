/*
 * annual-vocab: what a format file may name, as one C table each where the
 * code gives the meaning: the metrics after "computed:", the review and
 * suit columns, the applicant types of the applicant column set, and the
 * "a+b" expressions of sums and checks.  The loader (annual-format.c)
 * refuses any other name.  See include/ogi/annual.h.
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"

const char *const an_results[] = { "upheld", "corrected", "other", "open",
    NULL };

/* computed:<metric>, and what may follow "name:". */
static const struct {
	const char		*name;
	enum an_metric		 m;
	const char *const	*args;	/* NULL: the metric takes none */
} metrics[] = {
	{ "received", AN_M_RECEIVED, app_channels },
	{ "concluded:on_time", AN_M_ON_TIME, NULL },
	{ "concluded:extended", AN_M_EXTENDED, NULL },
	{ "answer", AN_M_ANSWER, NULL },
	{ "result", AN_M_ANSWER, NULL },
	{ "new", AN_M_NEW, NULL },
	{ "carried_in", AN_M_CARRIED_IN, NULL },
	{ "carried_out", AN_M_CARRIED_OUT, NULL },
	{ "review", AN_M_REVIEW, an_results },
	{ "suit", AN_M_SUIT, an_results },
	{ "by_column", AN_M_BY_COLUMN, NULL },
	{ "fees", AN_M_FEES, NULL },
};

/* The litigation columns: "review:upheld", "suit_direct:open" … */
static const struct {
	const char	*name;
	enum an_lit	 lit;
} lits[] = {
	{ "review", AN_LIT_REVIEW },
	{ "suit", AN_LIT_SUIT },
	{ "suit_direct", AN_LIT_SUIT_DIRECT },
	{ "suit_after", AN_LIT_SUIT_AFTER },
};

static int
one_of(const char *v, const char *const *set)
{
	int i;

	for (i = 0; set[i] != NULL; i++)
		if (strcmp(v, set[i]) == 0)
			return i;
	return -1;
}

int
an_metric_parse(const char *m, enum an_metric *out, int *arg)
{
	size_t i, len;

	*arg = -1;
	for (i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++) {
		len = strlen(metrics[i].name);
		if (metrics[i].args == NULL ? strcmp(m, metrics[i].name) == 0 :
		    strncmp(m, metrics[i].name, len) == 0 && m[len] == ':' &&
		    (*arg = one_of(m + len + 1, metrics[i].args)) >= 0) {
			*out = metrics[i].m;
			return 0;
		}
	}
	*out = AN_M_NONE;
	return -1;
}

enum an_lit
an_lit_parse(const char *code, int *result)
{
	const char *colon = strchr(code, ':');
	size_t i, glen;

	*result = -1;
	if (colon == NULL || (*result = one_of(colon + 1, an_results)) < 0)
		return AN_LIT_NONE;
	glen = (size_t)(colon - code);
	for (i = 0; i < sizeof(lits) / sizeof(lits[0]); i++)
		if (strlen(lits[i].name) == glen && strncmp(lits[i].name, code, glen) == 0)
			return lits[i].lit;
	*result = -1;
	return AN_LIT_NONE;
}

int
an_applicant_type(const char *code)
{
	return strcmp(code, "person") == 0 ||
	    app_choice_label(app_org_kinds, code)[0] != '\0';
}

int
an_terms_parse(struct an_terms *t, const char *e, int allow_next,
    int (*at)(const void *, const char *), const void *in,
    const char **bad, size_t *badlen)
{
	char code[64];
	size_t n;
	int i;

	memset(t, 0, sizeof(*t));
	if (allow_next && strncmp(e, "next:", 5) == 0) {
		t->next = 1;
		e += 5;
	}
	for (;;) {
		n = strcspn(e, "+");
		if (n > 0 && n < sizeof(code)) {
			memcpy(code, e, n);
			code[n] = '\0';
		}
		if (n == 0 || n >= sizeof(code) || (i = at(in, code)) < 0) {
			*bad = e;
			*badlen = n;
			free(t->i);
			memset(t, 0, sizeof(*t));
			return -1;
		}
		t->i = xreallocarray(t->i, t->n + 1, sizeof(*t->i));
		t->i[t->n++] = i;
		e += n;
		if (*e == '\0')
			return 0;
		e++;
	}
}
