/*
 * guide: the body's 政府信息公开指南 (《条例》第十二条) — its name and the
 * office's contact lines from site.csv, then the text of data/guide.csv
 * (title, text: a row with a title starts a section, each row a
 * paragraph): the ways to apply and where, the procedure and time limits,
 * fees, remedies.  {body} {address} {hours} {phone} {fax} {email}
 * {postcode} {website} and the time limits of the regulation in force
 * {answer_days} {extension_days} {supplement_notice_days} are filled in;
 * any other placeholder stops the load with "guide.csv:LINE: ...".
 */
#ifndef OGI_GUIDE_H
#define OGI_GUIDE_H

#include "ogi/buf.h"

struct site;
struct law_limits;

struct guide_para {
	char	*title, *text;
};

struct guide {
	struct guide_para	*p;
	size_t			 n;
};

int	guide_load(struct guide *, const char *conf_dir, const char **why);
void	guide_free(struct guide *);
/* The guide as HTML: the contact lines (id "contact"), then the text. */
void	guide_html(struct buf *, const struct guide *, const struct site *,
	    const struct law_limits *);
/* The footer's contact line, plain text (empty settings left out). */
void	guide_contact_line(struct buf *, const struct site *);

#endif
