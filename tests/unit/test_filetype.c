/* Unit tests of filetype: sniffing by content, ZIP directories, labels. */
#include "util.h"

#include <stdint.h>

#include "ogi/filetype.h"

/* A ZIP written by hand: stored entries, a central directory, an EOCD. */
struct zip {
	unsigned char	b[16384];
	size_t		n;
};

static void
put(struct zip *z, const void *p, size_t n)
{
	assert_true(z->n + n <= sizeof(z->b));
	memcpy(z->b + z->n, p, n);
	z->n += n;
}

static void
put16(struct zip *z, unsigned v)
{
	unsigned char b[2] = { v & 0xFF, (v >> 8) & 0xFF };

	put(z, b, 2);
}

static void
put32(struct zip *z, uint32_t v)
{
	unsigned char b[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF,
	    (v >> 24) & 0xFF };

	put(z, b, 4);
}

/* names[0..k), each holding "x"; comment appended to the EOCD.  Returns
   the offset of the EOCD. */
static size_t
zip_make(struct zip *z, const char *const *names, size_t k,
    const char *comment)
{
	uint32_t off[64], cd;
	size_t i, eocd;

	z->n = 0;
	assert_true(k <= 64);
	for (i = 0; i < k; i++) {
		off[i] = (uint32_t)z->n;
		put(z, "PK\3\4", 4);
		put16(z, 20); put16(z, 0); put16(z, 0);	/* version, flags, stored */
		put16(z, 0); put16(z, 0);		/* time, date */
		put32(z, 0x8CDC1683);			/* crc32("x") */
		put32(z, 1); put32(z, 1);
		put16(z, (unsigned)strlen(names[i])); put16(z, 0);
		put(z, names[i], strlen(names[i]));
		put(z, "x", 1);
	}
	cd = (uint32_t)z->n;
	for (i = 0; i < k; i++) {
		put(z, "PK\1\2", 4);
		put16(z, 20); put16(z, 20); put16(z, 0); put16(z, 0);
		put16(z, 0); put16(z, 0);
		put32(z, 0x8CDC1683);
		put32(z, 1); put32(z, 1);
		put16(z, (unsigned)strlen(names[i]));
		put16(z, 0); put16(z, 0);		/* extra, comment */
		put16(z, 0); put16(z, 0); put32(z, 0);	/* disk, attrs */
		put32(z, off[i]);
		put(z, names[i], strlen(names[i]));
	}
	eocd = z->n;
	put(z, "PK\5\6", 4);
	put16(z, 0); put16(z, 0);
	put16(z, (unsigned)k); put16(z, (unsigned)k);
	put32(z, (uint32_t)(eocd - cd)); put32(z, cd);
	put16(z, (unsigned)strlen(comment));
	put(z, comment, strlen(comment));
	return eocd;
}

static enum ft_kind
zsniff(const struct zip *z)
{
	return ft_sniff_mem(z->b, z->n);
}

static void
signatures(void **state)
{
	static const unsigned char pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj";
	static const unsigned char jpg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16,
	    'J', 'F', 'I', 'F', 0 };
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1,
	    8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89 };
	static const unsigned char exe[] = "MZ\x90\0\3\0\0\0\4\0\0\0\xff\xff"
	    "This program cannot be run in DOS mode";
	unsigned char buf[64];

	(void)state;
	assert_int_equal(ft_sniff_mem(pdf, sizeof(pdf) - 1), FT_PDF);
	assert_int_equal(ft_sniff_mem((const unsigned char *)"%PDF-", 5), FT_PDF);
	assert_int_equal(ft_sniff_mem((const unsigned char *)"%PDF", 4), FT_NONE);
	assert_int_equal(ft_sniff_mem((const unsigned char *)" %PDF-1.4", 9),
	    FT_NONE);			/* offset 0 only */
	assert_int_equal(ft_sniff_mem(jpg, sizeof(jpg)), FT_JPEG);
	assert_int_equal(ft_sniff_mem(jpg, 2), FT_NONE);
	assert_int_equal(ft_sniff_mem(png, sizeof(png)), FT_PNG);
	assert_int_equal(ft_sniff_mem(png, 16), FT_NONE);	/* no IHDR data */
	memcpy(buf, png, sizeof(png));
	memcpy(buf + 12, "IDAT", 4);
	assert_int_equal(ft_sniff_mem(buf, sizeof(png)), FT_NONE);
	assert_int_equal(ft_sniff_mem(exe, sizeof(exe) - 1), FT_NONE);
	assert_int_equal(ft_sniff_mem((const unsigned char *)"", 0), FT_NONE);
	assert_int_equal(ft_sniff_mem(NULL, 0), FT_NONE);
	assert_int_equal(ft_sniff_mem((const unsigned char *)"GIF89a....", 10),
	    FT_NONE);
}

static void
zips(void **state)
{
	static const char *const ofd[] = { "Doc_0/Document.xml", "OFD.xml" };
	static const char *const docx[] = { "[Content_Types].xml",
	    "_rels/.rels", "word/document.xml" };
	static const char *const xlsx[] = { "xl/workbook.xml",
	    "[Content_Types].xml" };
	static const char *const plain[] = { "readme.txt", "a/OFD.xml",
	    "word/document.xml" };
	static const char *const both[] = { "[Content_Types].xml",
	    "word/document.xml", "xl/workbook.xml" };
	static const char *const twice[] = { "OFD.xml", "OFD.xml" };
	static const char *const mixed[] = { "OFD.xml", "[Content_Types].xml",
	    "xl/workbook.xml" };
	static struct zip z;
	size_t eocd, i;

	(void)state;
	zip_make(&z, ofd, 2, "");
	assert_int_equal(zsniff(&z), FT_OFD);
	zip_make(&z, docx, 3, "");
	assert_int_equal(zsniff(&z), FT_DOCX);
	zip_make(&z, xlsx, 2, "a comment");
	assert_int_equal(zsniff(&z), FT_XLSX);
	zip_make(&z, plain, 3, "");
	assert_int_equal(zsniff(&z), FT_NONE);
	zip_make(&z, both, 3, "");
	assert_int_equal(zsniff(&z), FT_NONE);
	zip_make(&z, twice, 2, "");
	assert_int_equal(zsniff(&z), FT_NONE);
	zip_make(&z, mixed, 3, "");
	assert_int_equal(zsniff(&z), FT_NONE);
	zip_make(&z, ofd, 0, "");
	assert_int_equal(zsniff(&z), FT_NONE);	/* empty: no local header */

	/* Truncated anywhere: never recognised, never out of bounds. */
	eocd = zip_make(&z, docx, 3, "");
	for (i = 0; i < z.n; i++)
		assert_int_equal(ft_sniff_mem(z.b, i), FT_NONE);
	/* Bytes after the EOCD that its comment length does not cover. */
	z.b[z.n++] = 'x';
	assert_int_equal(zsniff(&z), FT_NONE);
	z.n--;
	/* The directory's offset pointing outside the file, or elsewhere. */
	z.b[eocd + 16] = 0xF0;
	assert_int_equal(zsniff(&z), FT_NONE);
	eocd = zip_make(&z, docx, 3, "");
	z.b[eocd + 19] = 0x80;			/* cd_off + cd_size wraps 32 bits */
	assert_int_equal(zsniff(&z), FT_NONE);
	eocd = zip_make(&z, docx, 3, "");
	z.b[eocd + 16]++;
	assert_int_equal(zsniff(&z), FT_NONE);
	/* Entry count too high, too low, ZIP64, several disks. */
	eocd = zip_make(&z, docx, 3, "");
	z.b[eocd + 8] = z.b[eocd + 10] = 4;
	assert_int_equal(zsniff(&z), FT_NONE);
	z.b[eocd + 8] = z.b[eocd + 10] = 2;
	assert_int_equal(zsniff(&z), FT_NONE);
	z.b[eocd + 8] = z.b[eocd + 10] = 0xFF;
	z.b[eocd + 9] = z.b[eocd + 11] = 0xFF;
	assert_int_equal(zsniff(&z), FT_NONE);
	eocd = zip_make(&z, docx, 3, "");
	z.b[eocd + 4] = 1;
	assert_int_equal(zsniff(&z), FT_NONE);
	/* A directory entry's name running past the directory. */
	eocd = zip_make(&z, docx, 3, "");
	{
		uint32_t cd = (uint32_t)(z.b[eocd + 16] | z.b[eocd + 17] << 8);

		z.b[cd + 28] = 0xFF;
		assert_int_equal(zsniff(&z), FT_NONE);
		z.b[cd + 28] = 19;
		assert_int_equal(zsniff(&z), FT_DOCX);
		z.b[cd] = 'Q';			/* a bad signature */
		assert_int_equal(zsniff(&z), FT_NONE);
	}
	/* Something before the ZIP (a self-extractor): refused. */
	zip_make(&z, docx, 3, "");
	memmove(z.b + 2, z.b, z.n);
	memcpy(z.b, "MZ", 2);
	z.n += 2;
	assert_int_equal(zsniff(&z), FT_NONE);
}

/* A ZIP whose EOCD has a maximal comment; the scan covers 65 557 bytes. */
static void
long_comment(void **state)
{
	static const char *const ofd[] = { "OFD.xml" };
	static struct zip z;
	unsigned char *big;
	size_t eocd, n;

	(void)state;
	eocd = zip_make(&z, ofd, 1, "");
	n = z.n + 65535;
	big = calloc(1, n);
	memcpy(big, z.b, z.n);
	big[eocd + 20] = 0xFF;
	big[eocd + 21] = 0xFF;
	assert_int_equal(ft_sniff_mem(big, n), FT_OFD);
	/* A fake EOCD inside the comment does not fit its own comment
	   length, so the real one is still found. */
	memcpy(big + z.n + 100, "PK\5\6", 4);
	assert_int_equal(ft_sniff_mem(big, n), FT_OFD);
	assert_int_equal(ft_sniff_mem(big, n - 1), FT_NONE);
	free(big);
}

static void
fixtures(void **state)
{
	static const struct {
		const char	*path;
		enum ft_kind	 want;
	} cases[] = {
		{ "tests/fixtures/files/sample.docx", FT_DOCX },
		{ "tests/fixtures/files/sample.xlsx", FT_XLSX },
		{ "tests/fixtures/files/sample.ofd", FT_OFD },
		{ "tests/fixtures/files/plain.zip", FT_NONE },
	};
	struct stat st;
	char *p;
	size_t i, n = 0;
	int fd;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fd = open(cases[i].path, O_RDONLY);
		assert_true(fd >= 0);
		assert_int_equal(fstat(fd, &st), 0);
		assert_int_equal(lseek(fd, 3, SEEK_SET), 3);
		assert_int_equal(ft_sniff_fd(fd, st.st_size), cases[i].want);
		assert_int_equal(lseek(fd, 0, SEEK_CUR), 3);	/* left alone */
		/* A size larger than the file: reads fail, not a kind. */
		assert_int_equal(ft_sniff_fd(fd, st.st_size + 10), FT_NONE);
		assert_int_equal(ft_sniff_fd(fd, st.st_size - 1), FT_NONE);
		close(fd);
		p = read_file(cases[i].path, &n);
		assert_non_null(p);
		assert_int_equal(ft_sniff_mem((unsigned char *)p, n),
		    cases[i].want);
		free(p);
	}
	assert_int_equal(ft_sniff_fd(-1, 10), FT_NONE);
}

static void
names(void **state)
{
	int k;

	(void)state;
	assert_null(ft_mime(FT_NONE));
	assert_null(ft_ext(FT_NONE));
	assert_null(ft_name(FT__MAX));
	assert_string_equal(ft_mime(FT_PDF), "application/pdf");
	assert_string_equal(ft_mime(FT_JPEG), "image/jpeg");
	assert_string_equal(ft_ext(FT_JPEG), "jpg");
	assert_string_equal(ft_name(FT_DOCX), "Word (DOCX)");
	assert_string_equal(ft_name(FT_XLSX), "Excel (XLSX)");
	assert_string_equal(ft_accepted(),
	    "PDF、JPEG、PNG、OFD、Word (DOCX)、Excel (XLSX)");
	for (k = FT_NONE + 1; k < FT__MAX; k++) {
		assert_non_null(ft_mime((enum ft_kind)k));
		assert_int_equal(ft_from_ext(ft_ext((enum ft_kind)k)), k);
	}
	assert_int_equal(ft_from_ext("exe"), FT_NONE);
	assert_int_equal(ft_from_ext(""), FT_NONE);
	assert_int_equal(ft_from_ext(NULL), FT_NONE);
	assert_int_equal(ft_from_ext("PDF"), FT_NONE);
}

static void
labels(void **state)
{
	static const struct {
		const char	*in, *want;
	} cases[] = {
		{ "报告.pdf", "报告.pdf" },
		{ "C:\\x\\y.pdf", "y.pdf" },
		{ "../../etc/passwd", "passwd" },
		{ "dir/", "未命名文件" },
		{ "", "未命名文件" },
		{ "..", "未命名文件" },
		{ " . .hidden", "hidden" },
		{ "a\tb\nc\rd\x7f" "e\xc2\x85" "f.pdf", "abcdef.pdf" },
		{ "invoice\xe2\x80\xae" "fdp.exe", "invoicefdp.exe" },
		{ "\xe2\x81\xa6x\xe2\x81\xa9.png", "x.png" },
		{ "bad\xff\xfe\xc0\xaf.jpg", "bad.jpg" },
		{ "cut\xe4\xb8", "cut" },
		{ "\xef\xb7\x90x\xef\xbf\xbe.pdf", "x.pdf" },
		{ "\xed\xa0\x80sur.pdf", "sur.pdf" },
		{ "a b.pdf ", "a b.pdf " },
	};
	char out[FT_LABEL_MAX + 1], in[1024];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'Z', sizeof(out));
		ft_label(cases[i].in, out);
		assert_string_equal(out, cases[i].want);
	}
	ft_label(NULL, out);
	assert_string_equal(out, "未命名文件");
	/* Over-long: cut at a character boundary.  40 × 中 is 120 bytes. */
	for (n = 0, i = 0; i < 50; i++)
		n += (size_t)sprintf(in + n, "中");
	ft_label(in, out);
	assert_int_equal(strlen(out), 120);
	assert_memory_equal(out, in, 120);
	/* "a" + 中…: 1 + 39 × 3 = 118; the 40th does not fit in 120. */
	in[0] = 'a';
	for (n = 1, i = 0; i < 50; i++)
		n += (size_t)sprintf(in + n, "中");
	ft_label(in, out);
	assert_int_equal(strlen(out), 118);
	memset(in, 'x', 500);
	in[500] = '\0';
	ft_label(in, out);
	assert_int_equal(strlen(out), FT_LABEL_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signatures),
		cmocka_unit_test(zips),
		cmocka_unit_test(long_comment),
		cmocka_unit_test(fixtures),
		cmocka_unit_test(names),
		cmocka_unit_test(labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
