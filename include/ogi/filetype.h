/*
 * filetype: what a stored file is, by its content alone — never by its
 * name or the type the browser declared.  Accepted: PDF, JPEG, PNG, OFD
 * (GB/T 33190: a ZIP holding OFD.xml at its root), DOCX and XLSX (ZIPs
 * with [Content_Types].xml and word/document.xml, resp. xl/workbook.xml).
 * ZIPs are recognised from their central directory (read from the end of
 * the file), nothing is decompressed.  The checks made on a ZIP (strict:
 * no data before it, no ZIP64, at most 10 000 entries, a directory that
 * fits the file exactly) are listed at the top of src/filetype.c.
 */
#ifndef OGI_FILETYPE_H
#define OGI_FILETYPE_H

#include <stddef.h>
#include <sys/types.h>

enum ft_kind { FT_NONE = 0, FT_PDF, FT_JPEG, FT_PNG, FT_OFD, FT_DOCX, FT_XLSX,
	FT__MAX };

/* The kind of the file open at fd (size bytes; read with pread, the
   offset is left alone), FT_NONE for anything else or on error. */
enum ft_kind	ft_sniff_fd(int fd, off_t size);
/* The same for bytes in memory. */
enum ft_kind	ft_sniff_mem(const unsigned char *p, size_t n);

const char	*ft_mime(enum ft_kind);	/* "application/pdf", …; NULL for FT_NONE */
const char	*ft_name(enum ft_kind);	/* "PDF", "JPEG", "PNG", "OFD", "Word (DOCX)", "Excel (XLSX)" */
const char	*ft_ext(enum ft_kind);	/* "pdf", "jpg", "png", "ofd", "docx", "xlsx" */
/* The kinds accepted, for a message: "PDF、JPEG、PNG、OFD、Word (DOCX)、Excel (XLSX)". */
const char	*ft_accepted(void);
/* By its short name as stored in files.csv ("pdf", "jpg", …): FT_NONE if unknown. */
enum ft_kind	ft_from_ext(const char *);

/*
 * A file name as a display label only: the last path component (after
 * '/' or '\\'), without C0/C1 controls, bidi overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), noncharacters, invalid UTF-8 (dropped),
 * leading dots and spaces, at most FT_LABEL_MAX bytes cut at a character
 * boundary; "" becomes "未命名文件".  out has FT_LABEL_MAX + 1 bytes.
 */
#define FT_LABEL_MAX	120
void		ft_label(const char *filename, char out[FT_LABEL_MAX + 1]);

#endif
