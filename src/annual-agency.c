/*
 * annual-agency: the bodies of one installation (agencies.csv: code, name,
 * parent), the agencies a table covers (a parent's table is the roll-up,
 * 汇总, of its departments) and the agencies a staff account reaches.  See
 * include/ogi/annual.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"
#include "ogi/site.h"
#include "ogi/store.h"

static const char *const ag_header[] = { "code", "name", "parent" };

struct ag_loader {
	struct an_agencies	*l;
	const struct store	*st;
	long long		*line;		/* each agency's */
};

static int
on_agency(void *ctx, char *const *f, size_t n)
{
	struct ag_loader *g = ctx;
	struct an_agencies *l = g->l;

	(void)n;
	if (f[0][0] == '\0' || an_agency(l, f[0]) != NULL)
		return -1;
	l->a = xreallocarray(l->a, l->n + 1, sizeof(*l->a));
	g->line = xreallocarray(g->line, l->n + 1, sizeof(*g->line));
	l->a[l->n].code = xstrdup(f[0]);
	l->a[l->n].name = xstrdup(f[1]);
	l->a[l->n].parent = xstrdup(f[2]);
	g->line[l->n] = (long long)g->st->lineno;
	l->n++;
	return 0;
}

int
an_agencies_load(struct an_agencies *l, const struct site *site, const char **why)
{
	static char msg[512];
	struct ag_loader g;
	struct store st;
	char *p = site_conf_path(site, "agencies.csv");
	enum store_err e;
	size_t i;

	memset(l, 0, sizeof(*l));
	g.l = l;
	g.st = &st;
	g.line = NULL;
	store_init(&st, p, ag_header, 3, on_agency, NULL, &g);
	if ((e = store_refresh(&st)) != STORE_OK)
		(void)snprintf(msg, sizeof(msg), "%s:%lld: %s", p,
		    (long long)st.lineno, e == STORE_ECALLBACK ?
		    "no code, or a code again" : store_strerror(e));
	/* A parent nobody knows would leave its department out of the
	   roll-up without a word. */
	for (i = 0; e == STORE_OK && i < l->n; i++)
		if (l->a[i].parent[0] != '\0' && an_agency(l, l->a[i].parent) == NULL) {
			(void)snprintf(msg, sizeof(msg), "%s:%lld: unknown parent \"%s\"",
			    p, g.line[i], l->a[i].parent);
			e = STORE_ECALLBACK;
		}
	store_free(&st);
	free(g.line);
	free(p);
	if (e != STORE_OK) {
		an_agencies_free(l);
		*why = msg;
		return -1;
	}
	if (l->n == 0) {
		l->a = xcalloc(1, sizeof(*l->a));
		l->a[0].code = xstrdup(site->agency);
		l->a[0].name = xstrdup(site->body_name);
		l->a[0].parent = xstrdup("");
		l->n = 1;
	}
	return 0;
}

void
an_agencies_free(struct an_agencies *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->a[i].code);
		free(l->a[i].name);
		free(l->a[i].parent);
	}
	free(l->a);
	memset(l, 0, sizeof(*l));
}

const struct an_agency *
an_agency(const struct an_agencies *l, const char *code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->a[i].code, code) == 0)
			return &l->a[i];
	return NULL;
}

int
an_has_children(const struct an_agencies *l, const char *code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->a[i].parent, code) == 0)
			return 1;
	return 0;
}

size_t
an_scope(const struct an_agencies *l, const char *code, int rollup,
    const char **out, size_t max)
{
	size_t n = 0, i, k;

	if (max == 0)
		return 0;
	out[n++] = code;
	if (!rollup)
		return n;
	/* Breadth first: children of every agency already in. */
	for (k = 0; k < n; k++)
		for (i = 0; i < l->n && n < max; i++)
			if (strcmp(l->a[i].parent, out[k]) == 0)
				out[n++] = l->a[i].code;
	return n;
}

int
an_reaches(const struct an_agencies *l, const char *top, const char *own,
    int admin, const char *code)
{
	const struct an_agency *a;
	size_t up;

	if (own == NULL || own[0] == '\0' || code == NULL)
		return 0;
	if (admin && strcmp(own, top) == 0)
		return 1;
	/* Up from code through its parents to own; at most one step per
	   agency, so that a circle of parents ends too. */
	for (up = 0; up <= l->n; up++) {
		if (strcmp(code, own) == 0)
			return 1;
		if ((a = an_agency(l, code)) == NULL || a->parent[0] == '\0')
			return 0;
		code = a->parent;
	}
	return 0;
}
