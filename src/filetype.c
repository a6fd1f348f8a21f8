/*
 * filetype: a stored file's kind by its content.
 *
 * PDF, JPEG and PNG by their signatures at offset 0 (no leading garbage
 * allowed).  ZIP-based kinds by the central directory, read from the end
 * of the file, every field checked against the file's size:
 *  - the file starts with a local file header (PK\3\4);
 *  - one End Of Central Directory record within the last 22 + 65535
 *    bytes, whose comment length reaches exactly the end of the file (the
 *    last such record counts);
 *  - one disk only, no ZIP64 (0xFFFF / 0xFFFFFFFF fields: FT_NONE), at most
 *    FT_ZIP_ENTRIES entries;
 *  - the directory ends exactly where the EOCD record starts, and its
 *    entries (PK\1\2) fill it exactly;
 *  - a name looked for that occurs twice, or names of two kinds, is
 *    FT_NONE.
 * Nothing is decompressed or read from the local headers.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/filetype.h"
#include "ogi/form.h"

#define FT_ZIP_ENTRIES	10000
#define EOCD_LEN	22
#define CDH_LEN		46
#define TAIL_MAX	(EOCD_LEN + 65535)

/* Where the bytes come from: memory, or a file read with pread. */
struct src {
	const unsigned char	*mem;
	int			 fd;
	uint64_t		 size;
};

/* buf = [off, off + n) of the source: 0, or -1 if out of range or a read
   fails. */
static int
src_read(const struct src *s, uint64_t off, void *buf, size_t n)
{
	size_t done = 0;
	ssize_t k;

	if (off > s->size || n > s->size - off)
		return -1;
	if (s->mem != NULL) {
		memcpy(buf, s->mem + off, n);
		return 0;
	}
	while (done < n) {
		k = pread(s->fd, (char *)buf + done, n - done,
		    (off_t)(off + done));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		done += (size_t)k;
	}
	return 0;
}

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Names looked for in a ZIP's directory. */
enum zname { Z_OFD, Z_CT, Z_DOC, Z_WB, Z__MAX };
static const char *const znames[Z__MAX] = {
	"OFD.xml", "[Content_Types].xml", "word/document.xml",
	"xl/workbook.xml"
};
#define ZNAME_MAX	19	/* the longest of them */

/* The EOCD record's offset in the file: the last one whose comment ends
   exactly at the end of the file; -1 if none. */
static int64_t
find_eocd(const struct src *s)
{
	unsigned char *tail;
	uint64_t start;
	size_t n, i;
	int64_t at = -1;

	if (s->size < EOCD_LEN)
		return -1;
	n = s->size < TAIL_MAX ? (size_t)s->size : TAIL_MAX;
	start = s->size - n;
	if ((tail = malloc(n)) == NULL)
		return -1;
	if (src_read(s, start, tail, n) == 0)
		for (i = n - EOCD_LEN + 1; i-- > 0; )
			if (memcmp(tail + i, "PK\5\6", 4) == 0 &&
			    le16(tail + i + 20) == n - i - EOCD_LEN) {
				at = (int64_t)(start + i);
				break;
			}
	free(tail);
	return at;
}

/* The kind of a ZIP, from its central directory; FT_NONE if it is not a
   well-formed one or none of ours. */
static enum ft_kind
zip_kind(const struct src *s)
{
	unsigned char e[EOCD_LEN], h[CDH_LEN], name[ZNAME_MAX];
	uint64_t pos, cd_end, len;
	uint32_t cd_size, cd_off;
	uint16_t entries, nlen, i;
	int64_t eocd;
	int seen[Z__MAX] = { 0 }, k, kinds;

	if ((eocd = find_eocd(s)) < 0 ||
	    src_read(s, (uint64_t)eocd, e, sizeof(e)) == -1)
		return FT_NONE;
	entries = le16(e + 10);
	cd_size = le32(e + 12);
	cd_off = le32(e + 16);
	if (le16(e + 4) != 0 || le16(e + 6) != 0 || le16(e + 8) != entries)
		return FT_NONE;		/* several disks */
	if (entries == 0xFFFF || cd_size == 0xFFFFFFFF || cd_off == 0xFFFFFFFF)
		return FT_NONE;		/* ZIP64 */
	if (entries == 0 || entries > FT_ZIP_ENTRIES)
		return FT_NONE;
	if ((uint64_t)cd_off + cd_size != (uint64_t)eocd ||
	    cd_size < (uint64_t)entries * CDH_LEN)
		return FT_NONE;
	pos = cd_off;
	cd_end = (uint64_t)eocd;
	for (i = 0; i < entries; i++) {
		if (cd_end - pos < CDH_LEN ||
		    src_read(s, pos, h, sizeof(h)) == -1 ||
		    memcmp(h, "PK\1\2", 4) != 0)
			return FT_NONE;
		nlen = le16(h + 28);
		len = (uint64_t)CDH_LEN + nlen + le16(h + 30) + le16(h + 32);
		if (len > cd_end - pos)
			return FT_NONE;
		if (nlen <= ZNAME_MAX) {
			if (src_read(s, pos + CDH_LEN, name, nlen) == -1)
				return FT_NONE;
			for (k = 0; k < Z__MAX; k++)
				if (strlen(znames[k]) == nlen &&
				    memcmp(name, znames[k], nlen) == 0 &&
				    seen[k]++ > 0)
					return FT_NONE;	/* twice */
		}
		pos += len;
	}
	if (pos != cd_end)
		return FT_NONE;
	kinds = seen[Z_OFD] + (seen[Z_CT] && seen[Z_DOC]) +
	    (seen[Z_CT] && seen[Z_WB]);
	if (kinds != 1)
		return FT_NONE;
	if (seen[Z_OFD])
		return FT_OFD;
	return seen[Z_DOC] ? FT_DOCX : FT_XLSX;
}

static enum ft_kind
sniff(const struct src *s)
{
	static const unsigned char png[16] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	unsigned char head[16];
	size_t n;

	n = s->size < sizeof(head) ? (size_t)s->size : sizeof(head);
	if (src_read(s, 0, head, n) == -1)
		return FT_NONE;
	if (n >= 5 && memcmp(head, "%PDF-", 5) == 0)
		return FT_PDF;
	if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
		return FT_JPEG;
	/* The signature, then IHDR (13 bytes) first, as the PNG spec has it. */
	if (n >= 16 && s->size >= 8 + 8 + 13 + 4 &&
	    memcmp(head, png, sizeof(png)) == 0)
		return FT_PNG;
	if (n >= 4 && memcmp(head, "PK\3\4", 4) == 0)
		return zip_kind(s);
	return FT_NONE;
}

enum ft_kind
ft_sniff_fd(int fd, off_t size)
{
	struct src s = { NULL, fd, 0 };

	if (fd < 0 || size < 0)
		return FT_NONE;
	s.size = (uint64_t)size;
	return sniff(&s);
}

enum ft_kind
ft_sniff_mem(const unsigned char *p, size_t n)
{
	struct src s = { p, -1, n };

	if (p == NULL)
		return FT_NONE;
	return sniff(&s);
}

static const struct {
	const char	*mime, *name, *ext;
} kinds[FT__MAX] = {
	[FT_PDF] = { "application/pdf", "PDF", "pdf" },
	[FT_JPEG] = { "image/jpeg", "JPEG", "jpg" },
	[FT_PNG] = { "image/png", "PNG", "png" },
	[FT_OFD] = { "application/ofd", "OFD", "ofd" },
	[FT_DOCX] = { "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", "Word (DOCX)", "docx" },
	[FT_XLSX] = { "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet", "Excel (XLSX)", "xlsx" },
};

const char *
ft_mime(enum ft_kind k)
{
	return k > FT_NONE && k < FT__MAX ? kinds[k].mime : NULL;
}

const char *
ft_name(enum ft_kind k)
{
	return k > FT_NONE && k < FT__MAX ? kinds[k].name : NULL;
}

const char *
ft_ext(enum ft_kind k)
{
	return k > FT_NONE && k < FT__MAX ? kinds[k].ext : NULL;
}

const char *
ft_accepted(void)
{
	return "PDF、JPEG、PNG、OFD、Word (DOCX)、Excel (XLSX)";
}

enum ft_kind
ft_from_ext(const char *ext)
{
	int k;

	if (ext == NULL)
		return FT_NONE;
	for (k = FT_NONE + 1; k < FT__MAX; k++)
		if (strcmp(ext, kinds[k].ext) == 0)
			return (enum ft_kind)k;
	return FT_NONE;
}

/* The length of the UTF-8 sequence its lead byte announces (1-4), 0 for a
   byte that cannot lead one. */
static size_t
seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if ((c & 0xF8) == 0xF0)
		return 4;
	return 0;
}

/*
 * Each character is judged by form.c's rules: utf8_valid for the encoding,
 * text_problem (one line) for controls, bidi overrides and isolates and
 * noncharacters.  Invalid bytes are dropped one at a time; kept characters
 * are whole, so the cut at FT_LABEL_MAX falls between characters.
 */
#define NO_NAME	"未命名文件"
_Static_assert(sizeof(NO_NAME) <= FT_LABEL_MAX + 1, "the label for no name fits");

void
ft_label(const char *filename, char out[FT_LABEL_MAX + 1])
{
	const char *s, *p;
	char one[5];
	size_t len, i, n, o = 0;

	s = filename != NULL ? filename : "";
	for (p = s; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	len = strlen(s);
	for (i = 0; i < len; i += n) {
		n = seq_len((unsigned char)s[i]);
		if (n == 0 || n > len - i || !utf8_valid(s + i, n)) {
			n = 1;
			continue;
		}
		memcpy(one, s + i, n);
		one[n] = '\0';
		if (text_problem(one, 0) != NULL)
			continue;
		if (o == 0 && (one[0] == '.' || one[0] == ' '))
			continue;
		if (o + n > FT_LABEL_MAX)
			break;
		memcpy(out + o, one, n);
		o += n;
	}
	out[o] = '\0';
	if (o == 0)
		memcpy(out, NO_NAME, sizeof(NO_NAME));
}
