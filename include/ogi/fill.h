/*
 * fill: the texts of data/ with {name} placeholders — the regulation's
 * sentences (law.c), the guide, the report's drafts, the notices by mail.
 * Each is checked once, when loaded, against the names its kind may use;
 * filled from name, value pairs.
 */
#ifndef OGI_FILL_H
#define OGI_FILL_H

#include <stddef.h>

#include "ogi/buf.h"

/*
 * Every {name} in s is one of words (NULL-terminated) or one known(ctx,
 * name, len) accepts (known may be NULL): 0; else -1 and the reason in bad
 * ("a \"{\" without its \"}\"", "unknown placeholder \"{x}\"").
 */
int	fill_check(const char *s, const char *const *words,
	    int (*known)(const void *ctx, const char *name, size_t len),
	    const void *ctx, char *bad, size_t badlen);
/* tmpl with each {name} among vars (name, value, …, NULL; a NULL value
   reads as "") replaced: the first pair of that name; any other {…} is
   left as written (the load has ruled it out). */
void	fill_vars(struct buf *out, const char *tmpl, const char *const *vars);

#endif
