/* files: a case's papers, stored by content.  See include/ogi/files.h. */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "ogi/buf.h"
#include "ogi/files.h"
#include "ogi/site.h"

const char *const file_role_codes[FR__MAX] = {
	"id_proof", "supporting", "supplement", "scan", "release",
};
const char *const file_role_labels[FR__MAX] = {
	"身份证明", "其他材料", "补正材料", "扫描件", "公开的信息",
};

enum { C_CASE, C_ROLE, C_LABEL, C_BYTES, C_SHA, C_TYPE, C_PUBLIC, C_WHO,
	C_WHEN, C__MAX };
static const char *const files_header[C__MAX] = {
	"case_id", "role", "label", "bytes", "sha256", "type", "public", "who",
	"time",
};

/* The directories: files/ and files/ab/ setgid and sticky, group
   writable (the two programs' users share the group, SECURITY.md): each
   may add, none may remove another's file. */
#define DIR_MODE	(S_ISGID | S_ISVTX | 0770)
#define FILE_MODE	0640

enum { S_CASE, S_WHEN, S_TEXT, S_FILES, S__MAX };
static const char *const supp_header[S__MAX] = {
	"case_id", "time", "text", "files",
};

static int
on_supp(void *ctx, char *const *f, size_t n)
{
	struct files *fs = ctx;
	struct supp_rec *r;

	(void)n;
	if (fs->ns == fs->scap) {
		fs->scap = fs->scap ? fs->scap * 2 : 16;
		fs->s = xreallocarray(fs->s, fs->scap, sizeof(*fs->s));
	}
	r = &fs->s[fs->ns++];
	r->case_id = xstrdup(f[S_CASE]);
	r->when = xstrdup(f[S_WHEN]);
	r->text = xstrdup(f[S_TEXT]);
	r->nfiles = atoi(f[S_FILES]);
	return 0;
}

static void
forget_supp(void *ctx)
{
	struct files *fs = ctx;
	size_t i;

	for (i = 0; i < fs->ns; i++) {
		free(fs->s[i].case_id);
		free(fs->s[i].when);
		free(fs->s[i].text);
	}
	fs->ns = 0;
}

static int
role_of(const char *s)
{
	int i;

	for (i = 0; i < FR__MAX; i++)
		if (strcmp(s, file_role_codes[i]) == 0)
			return i;
	return -1;
}

static int
sha_ok(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

static int
on_row(void *ctx, char *const *f, size_t n)
{
	struct files *fs = ctx;
	struct file_rec *r;
	int role;
	char *end;

	(void)n;
	if ((role = role_of(f[C_ROLE])) < 0 || !sha_ok(f[C_SHA]))
		return -1;
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 64;
		fs->v = xreallocarray(fs->v, fs->cap, sizeof(*fs->v));
	}
	r = &fs->v[fs->n];
	memset(r, 0, sizeof(*r));
	r->bytes = strtoll(f[C_BYTES], &end, 10);
	if (*end != '\0' || r->bytes < 0)
		return -1;
	r->case_id = xstrdup(f[C_CASE]);
	r->role = (enum file_role)role;
	r->label = xstrdup(f[C_LABEL]);
	memcpy(r->sha, f[C_SHA], 65);
	r->kind = ft_from_ext(f[C_TYPE]);
	r->public = strcmp(f[C_PUBLIC], "1") == 0;
	r->who = xstrdup(f[C_WHO]);
	r->when = xstrdup(f[C_WHEN]);
	fs->n++;
	return 0;
}

static void
forget(void *ctx)
{
	struct files *fs = ctx;
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].case_id);
		free(fs->v[i].label);
		free(fs->v[i].who);
		free(fs->v[i].when);
	}
	fs->n = 0;
}

void
files_open(struct files *fs, const struct site *site)
{
	char *p = site_data_path(site, "files.csv");

	memset(fs, 0, sizeof(*fs));
	fs->dir = site_data_path(site, "files");
	store_init(&fs->st, p, files_header, C__MAX, on_row, forget, fs);
	fs->st.append_only = 1;
	free(p);
	p = site_data_path(site, "supplements.csv");
	store_init(&fs->sst, p, supp_header, S__MAX, on_supp, forget_supp, fs);
	fs->sst.append_only = 1;
	free(p);
}

enum store_err
files_supp_refresh(struct files *fs)
{
	return store_refresh(&fs->sst);
}

enum store_err
files_supp_add(struct files *fs, const char *case_id, const char *text,
    int nfiles, time_t now, const struct site *site)
{
	const char *row[S__MAX];
	char when[SITE_TIME_LEN], n[16];
	enum store_err e;

	site_isotime(site, now, when);
	(void)snprintf(n, sizeof(n), "%d", nfiles);
	row[S_CASE] = case_id;
	row[S_WHEN] = when;
	row[S_TEXT] = text;
	row[S_FILES] = n;
	if ((e = store_lock(&fs->sst)) != STORE_OK)
		return e;
	e = store_append(&fs->sst, row);
	store_unlock(&fs->sst);
	return e;
}

int
files_send(const struct files *fs, const struct file_rec *r,
    struct cgi_resp *resp)
{
	char *path = files_path(fs, r->sha), chunk[65536], hex[65];
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state hs;
	struct stat st;
	const char *ext = ft_ext(r->kind), *dot;
	struct buf name;
	ssize_t k;
	size_t i;
	int fd;

	/* Only the file itself, as recorded: not a link put in its place,
	   not other bytes of the same length. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		free(path);
		return -1;
	}
	free(path);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (long long)st.st_size != r->bytes) {
		close(fd);
		return -1;
	}
	buf_reset(&resp->body);
	crypto_hash_sha256_init(&hs);
	while ((k = read(fd, chunk, sizeof(chunk))) > 0) {
		buf_add(&resp->body, chunk, (size_t)k);
		crypto_hash_sha256_update(&hs, (const unsigned char *)chunk, (size_t)k);
	}
	close(fd);
	crypto_hash_sha256_final(&hs, h);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (k < 0 || (long long)resp->body.len != r->bytes ||
	    strcmp(hex, r->sha) != 0) {
		buf_reset(&resp->body);
		return -1;
	}
	resp->content_type = ft_mime(r->kind);
	/* The label, percent-encoded as RFC 5987 has it, with the type's
	   extension when it has none; a plain ASCII name for old clients. */
	buf_init(&name);
	for (i = 0; r->label[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)r->label[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch) != NULL)
			buf_addc(&name, (char)ch);
		else
			buf_printf(&name, "%%%02X", ch);
	}
	dot = strrchr(r->label, '.');
	if (dot == NULL || strcasecmp(dot + 1, ext) != 0)
		buf_printf(&name, ".%s", ext);
	(void)cgi_header(resp, "Content-Disposition",
	    "attachment; filename=\"file-%.12s.%s\"; filename*=UTF-8''%s",
	    r->sha, ext, name.s);
	buf_free(&name);
	return 0;
}

enum store_err
files_refresh(struct files *fs)
{
	return store_refresh(&fs->st);
}

void
files_close(struct files *fs)
{
	forget(fs);
	free(fs->v);
	store_free(&fs->st);
	forget_supp(fs);
	free(fs->s);
	store_free(&fs->sst);
	free(fs->dir);
	memset(fs, 0, sizeof(*fs));
}

char *
files_path(const struct files *fs, const char *sha)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s/%.2s/%s", fs->dir, sha, sha + 2);
	return buf_detach(&b);
}

const struct file_rec *
files_next(const struct files *fs, const char *case_id, size_t *at)
{
	for (; *at < fs->n; (*at)++)
		if (strcmp(fs->v[*at].case_id, case_id) == 0)
			return &fs->v[(*at)++];
	return NULL;
}

const struct file_rec *
files_find(const struct files *fs, const char *case_id, const char *sha,
    int role)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].case_id, case_id) == 0 &&
		    strcmp(fs->v[i].sha, sha) == 0 &&
		    (role < 0 || fs->v[i].role == (enum file_role)role))
			return &fs->v[i];
	return NULL;
}

void
files_size(long long bytes, char out[32])
{
	if (bytes >= 1024 * 1024)
		(void)snprintf(out, 32, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
	else if (bytes >= 1024)
		(void)snprintf(out, 32, "%lld KB", (bytes + 1023) / 1024);
	else
		(void)snprintf(out, 32, "%lld 字节", bytes);
}

/* A directory made with DIR_MODE whatever the umask (or already there). */
static int
make_dir(const char *path)
{
	if (mkdir(path, 0770) == 0)
		return chmod(path, DIR_MODE);
	return errno == EEXIST ? 0 : -1;
}

static int
sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* --- reading an upload ------------------------------------------------ */

static int
is_file_field(const struct upload *u, const char *name)
{
	size_t i;

	for (i = 0; u->fields != NULL && u->fields[i] != NULL; i++)
		if (strcmp(u->fields[i], name) == 0)
			return 1;
	return 0;
}

static int
fail(struct upload *u, enum up_err e, const char *label)
{
	if (u->err == UP_OK) {
		u->err = e;
		if (label != NULL)
			(void)snprintf(u->bad, sizeof(u->bad), "%s", label);
	}
	return -1;
}

static int
on_begin(void *ctx, const struct mp_part *p)
{
	struct upload *u = ctx;
	struct up_file *f;
	struct buf tmp;
	int fd;

	u->part = *p;
	u->in_file = 0;
	buf_reset(&u->text);
	if (!p->has_filename)
		return 0;
	if (p->filename[0] == '\0')	/* a file input left empty */
		return 0;
	if (!is_file_field(u, p->name))
		return fail(u, UP_FIELD, NULL);
	if (u->n >= u->lim->max_files)
		return fail(u, UP_TOO_MANY, NULL);
	if (make_dir(u->files->dir) != 0)
		return fail(u, errno == ENOSPC ? UP_ENOSPC : UP_EIO, NULL);
	buf_init(&tmp);
	buf_printf(&tmp, "%s/.up-XXXXXX", u->files->dir);
	if ((fd = mkostemp(tmp.s, O_CLOEXEC)) == -1) {
		buf_free(&tmp);
		return fail(u, errno == ENOSPC ? UP_ENOSPC : UP_EIO, NULL);
	}
	(void)fchmod(fd, FILE_MODE);
	u->f = xreallocarray(u->f, u->n + 1, sizeof(*u->f));
	f = &u->f[u->n++];
	memset(f, 0, sizeof(*f));
	(void)snprintf(f->field, sizeof(f->field), "%s", p->name);
	ft_label(p->filename, f->label);
	f->tmp = buf_detach(&tmp);
	f->fd = fd;
	crypto_hash_sha256_init(&u->h);
	u->in_file = 1;
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int
on_data(void *ctx, const char *p, size_t n)
{
	struct upload *u = ctx;
	struct up_file *f;

	if (!u->in_file) {
		if (!u->part.has_filename || u->part.filename[0] == '\0') {
			if (u->part.has_filename)	/* an empty input's bytes */
				return 0;
			if (u->text.len + n > FORM_MAX_VALUE) {
				u->form_err = FORM_ETOOLONG;
				return fail(u, UP_FORM, NULL);
			}
			buf_add(&u->text, p, n);
		}
		return 0;
	}
	f = &u->f[u->n - 1];
	if (f->bytes + (long long)n > u->lim->max_file)
		return fail(u, UP_FILE_BIG, f->label);
	if (write_all(f->fd, p, n) != 0)
		return fail(u, errno == ENOSPC || errno == EDQUOT ? UP_ENOSPC :
		    UP_EIO, NULL);
	crypto_hash_sha256_update(&u->h, (const unsigned char *)p, n);
	f->bytes += (long long)n;
	return 0;
}

static int
on_end(void *ctx)
{
	struct upload *u = ctx;
	struct up_file *f;
	unsigned char h[crypto_hash_sha256_BYTES];
	enum form_err fe;

	if (!u->in_file) {
		if (u->part.has_filename)
			return 0;
		if ((fe = form_add(&u->form, u->part.name, u->text.s != NULL ?
		    u->text.s : "", u->text.len)) != FORM_OK) {
			u->form_err = fe;
			return fail(u, UP_FORM, NULL);
		}
		return 0;
	}
	u->in_file = 0;
	f = &u->f[u->n - 1];
	crypto_hash_sha256_final(&u->h, h);
	sodium_bin2hex(f->sha, sizeof(f->sha), h, sizeof(h));
	if (f->bytes == 0)
		return fail(u, UP_EMPTY, f->label);
	f->kind = ft_sniff_fd(f->fd, (off_t)f->bytes);
	if (f->kind == FT_NONE)
		return fail(u, UP_TYPE, f->label);
	return 0;
}

int
upload_read(struct upload *u, struct cgi_req *req, const struct files *fs,
    const struct upload_limits *lim, const char *const *fields)
{
	static const struct mp_callbacks cb = { on_begin, on_data, on_end };
	char boundary[MP_BOUNDARY_MAX + 1], chunk[65536];
	struct mp_reader *mp;
	enum mp_err me = MP_OK;
	long long len, got = 0;
	ssize_t k;

	memset(u, 0, sizeof(*u));
	u->files = fs;
	u->lim = lim;
	u->fields = fields;
	buf_init(&u->text);
	if (req->content_type == NULL ||
	    mp_boundary(req->content_type, boundary) != 0) {
		u->err = UP_SYNTAX;
		return 415;
	}
	if ((len = cgi_body_length(req)) < 0) {
		u->err = UP_SYNTAX;
		return 411;
	}
	if (len > lim->max_request) {
		cgi_drain(req, (size_t)len);
		u->err = UP_REQ_BIG;
		return 413;
	}
	if ((mp = mp_new(boundary, &cb, u)) == NULL) {
		cgi_drain(req, (size_t)len);
		u->err = UP_EIO;
		return 503;
	}
	while (got < len) {
		k = cgi_read_some(req, chunk, (size_t)(len - got) < sizeof(chunk) ?
		    (size_t)(len - got) : sizeof(chunk));
		if (k <= 0)
			break;
		got += k;
		if (me == MP_OK)
			me = mp_feed(mp, chunk, (size_t)k);
		/* After an error the rest is read and dropped: a server
		   answered before the body is taken reports a failure. */
	}
	if (me == MP_OK)
		me = got < len ? MP_ETRUNCATED : mp_finish(mp);
	mp_free(mp);
	if (u->err == UP_OK && me != MP_OK)
		u->err = UP_SYNTAX;
	switch (u->err) {
	case UP_OK:
		return 0;
	case UP_FILE_BIG:
	case UP_REQ_BIG:
		return 413;
	case UP_EIO:
	case UP_ENOSPC:
		return 503;
	default:
		return 400;
	}
}

void
upload_free(struct upload *u)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		if (u->f[i].fd != -1)
			close(u->f[i].fd);
		if (u->f[i].tmp != NULL) {
			(void)unlink(u->f[i].tmp);
			free(u->f[i].tmp);
		}
	}
	free(u->f);
	form_free(&u->form);
	buf_free(&u->text);
	memset(u, 0, sizeof(*u));
}

char *
upload_message(const struct upload *u, const struct upload_limits *lim)
{
	struct buf b;

	buf_init(&b);
	switch (u->err) {
	case UP_OK:
		break;
	case UP_SYNTAX:
		buf_printf(&b, "提交的数据不完整或无法识别，没有保存。请使用本网站的表单重新提交。");
		break;
	case UP_FORM:
		buf_printf(&b, "%s", form_strerror(u->form_err));
		break;
	case UP_FIELD:
		buf_printf(&b, "这个表单不接受该项上传的文件。");
		break;
	case UP_FILE_BIG:
		buf_printf(&b, "文件“%s”超过了每个文件%lld MB的上限，没有保存。"
		    "请压缩或分拆后重新选择。", u->bad,
		    lim->max_file / (1024 * 1024));
		break;
	case UP_TOO_MANY:
		buf_printf(&b, "一次最多上传%zu个文件，没有保存。请减少文件后重新选择。",
		    lim->max_files);
		break;
	case UP_REQ_BIG:
		buf_printf(&b, "提交的内容超过了%lld MB的上限，没有保存。请减少或压缩文件后重新提交。",
		    lim->max_request / (1024 * 1024));
		break;
	case UP_TYPE:
		buf_printf(&b, "文件“%s”的格式不能接受，没有保存。可以上传的格式：%s。",
		    u->bad, ft_accepted());
		break;
	case UP_EMPTY:
		buf_printf(&b, "文件“%s”是空文件（0 字节），没有保存。请重新选择。", u->bad);
		break;
	case UP_EIO:
	case UP_ENOSPC:
		buf_printf(&b, "系统暂时无法保存文件，没有保存。请稍后再次提交。");
		break;
	}
	return buf_detach(&b);
}

/* --- storing ------------------------------------------------------------ */

enum store_err
files_lock(struct files *fs)
{
	return store_lock(&fs->st);
}

void
files_unlock(struct files *fs)
{
	store_unlock(&fs->st);
}

/* Put the temporary file in place under its hash: the same content
   already there is the same file. */
enum store_err
files_place(const struct files *fs, struct upload *u, size_t i)
{
	struct up_file *f = &u->f[i];
	struct buf sub;
	char *path;
	enum store_err e = STORE_OK;

	if (f->tmp == NULL)
		return STORE_OK;
	if (fsync(f->fd) == -1)
		return errno == ENOSPC || errno == EDQUOT ? STORE_ENOSPC : STORE_EIO;
	buf_init(&sub);
	buf_printf(&sub, "%s/%.2s", fs->dir, f->sha);
	path = files_path(fs, f->sha);
	if (make_dir(sub.s) != 0)
		e = errno == ENOSPC || errno == EDQUOT ? STORE_ENOSPC : STORE_EIO;
	else if (link(f->tmp, path) == 0)
		f->created = 1;
	else if (errno != EEXIST)
		e = errno == ENOSPC || errno == EDQUOT ? STORE_ENOSPC : STORE_EIO;
	if (e == STORE_OK && sync_dir(sub.s) != 0)
		e = STORE_EIO;
	if (e == STORE_OK) {
		(void)unlink(f->tmp);
		(void)sync_dir(fs->dir);
		free(f->tmp);
		f->tmp = NULL;
	}
	free(path);
	buf_free(&sub);
	return e;
}

enum store_err
files_add(struct files *fs, struct upload *u, size_t i, const char *case_id,
    enum file_role role, int public, const char *who, time_t now,
    const struct site *site)
{
	struct up_file *f = &u->f[i];
	const char *row[C__MAX];
	char bytes[24], when[SITE_TIME_LEN];
	enum store_err e;

	if (f->tmp != NULL && (e = files_place(fs, u, i)) != STORE_OK)
		return e;
	(void)snprintf(bytes, sizeof(bytes), "%lld", f->bytes);
	site_isotime(site, now, when);
	row[C_CASE] = case_id;
	row[C_ROLE] = file_role_codes[role];
	row[C_LABEL] = f->label;
	row[C_BYTES] = bytes;
	row[C_SHA] = f->sha;
	row[C_TYPE] = ft_ext(f->kind);
	row[C_PUBLIC] = public ? "1" : "0";
	row[C_WHO] = who;
	row[C_WHEN] = when;
	if ((e = store_append(&fs->st, row)) == STORE_OK)
		f->recorded = 1;
	return e;
}

void
files_discard(struct files *fs, struct upload *u)
{
	size_t i, k;
	char *path;
	int named;

	if (files_lock(fs) != STORE_OK)
		return;		/* kept: an orphan fsck reports */
	for (i = 0; i < u->n; i++) {
		if (!u->f[i].created || u->f[i].recorded)
			continue;
		for (k = 0, named = 0; k < fs->n && !named; k++)
			named = strcmp(fs->v[k].sha, u->f[i].sha) == 0;
		if (named)
			continue;
		path = files_path(fs, u->f[i].sha);
		(void)unlink(path);
		free(path);
		u->f[i].created = 0;
	}
	files_unlock(fs);
}

/* --- fsck ---------------------------------------------------------------- */

static int
check_one(const struct files *fs, const struct file_rec *r, FILE *out)
{
	unsigned char h[crypto_hash_sha256_BYTES], chunk[65536];
	crypto_hash_sha256_state st;
	char hex[65], *path = files_path(fs, r->sha);
	long long n = 0;
	ssize_t k;
	int fd, bad = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		fprintf(out, "missing: %s (case %s, %s)\n", path, r->case_id,
		    file_role_codes[r->role]);
		free(path);
		return 1;
	}
	crypto_hash_sha256_init(&st);
	while ((k = read(fd, chunk, sizeof(chunk))) > 0) {
		crypto_hash_sha256_update(&st, chunk, (size_t)k);
		n += k;
	}
	close(fd);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (k < 0 || n != r->bytes || strcmp(hex, r->sha) != 0) {
		fprintf(out, "damaged: %s (case %s: %lld bytes on file, %lld "
		    "recorded)\n", path, r->case_id, n, r->bytes);
		bad = 1;
	}
	free(path);
	return bad;
}

int
files_fsck(struct files *fs, FILE *out, int *orphans)
{
	struct dirent *de, *fe;
	DIR *d, *sd;
	struct buf sub;
	char sha[65];
	size_t i;
	int problems = 0, known;

	*orphans = 0;
	if (files_refresh(fs) != STORE_OK)
		return -1;
	for (i = 0; i < fs->n; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (strcmp(fs->v[j].sha, fs->v[i].sha) == 0)
				break;
		if (j == i)
			problems += check_one(fs, &fs->v[i], out);
	}
	if ((d = opendir(fs->dir)) == NULL)
		return problems;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, ".up-", 4) == 0) {
			fprintf(out, "orphan: %s/%s (an upload cut short)\n",
			    fs->dir, de->d_name);
			(*orphans)++;
			continue;
		}
		if (strlen(de->d_name) != 2 || de->d_name[0] == '.')
			continue;
		buf_init(&sub);
		buf_printf(&sub, "%s/%s", fs->dir, de->d_name);
		if ((sd = opendir(sub.s)) != NULL) {
			while ((fe = readdir(sd)) != NULL) {
				if (fe->d_name[0] == '.')
					continue;
				if (strlen(fe->d_name) != 62) {
					fprintf(out, "orphan: %s/%s (not a "
					    "stored file's name)\n", sub.s,
					    fe->d_name);
					(*orphans)++;
					continue;
				}
				memcpy(sha, de->d_name, 2);
				memcpy(sha + 2, fe->d_name, 63);
				known = 0;
				for (i = 0; i < fs->n && !known; i++)
					known = strcmp(fs->v[i].sha, sha) == 0;
				if (!known) {
					fprintf(out, "orphan: %s/%s (no row "
					    "in files.csv)\n", sub.s, fe->d_name);
					(*orphans)++;
				}
			}
			closedir(sd);
		}
		buf_free(&sub);
	}
	closedir(d);
	return problems;
}
