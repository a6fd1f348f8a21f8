/*
 * files: the papers of a case — an applicant's identity proof and
 * supporting papers sent with the application, the papers of a 补正 sent
 * online, staff's scans of paper letters, and the information released
 * with an answer.
 *
 * A file is stored once by its content, DATA/files/ab/cdef… (the SHA-256 in
 * hex, split after two digits), written to a temporary name, synced, and
 * linked into place; only then is its row appended to files.csv (case id,
 * role, label, bytes, sha256, type, public, who, time).  A crash between
 * the two leaves a file without a row (an orphan, reported by ogi-admin
 * fsck), never a row without its file.  Nothing is ever rewritten.
 *
 * An upload is read as it streams in (multipart/form-data): text fields go
 * to a struct form under form_parse's checks, each file part to a
 * temporary file while its hash is taken, refused as soon as it passes the
 * size limit, and checked by its content (filetype.h) when it ends.
 */
#ifndef OGI_FILES_H
#define OGI_FILES_H

#include <sys/types.h>

#include <stdio.h>
#include <time.h>

#include <sodium.h>

#include "ogi/cgi.h"
#include "ogi/filetype.h"
#include "ogi/form.h"
#include "ogi/multipart.h"
#include "ogi/store.h"

struct site;

enum file_role { FR_ID_PROOF, FR_SUPPORTING, FR_SUPPLEMENT, FR_SCAN,
	FR_RELEASE, FR__MAX };
extern const char *const file_role_codes[FR__MAX];	/* "id_proof", … */
extern const char *const file_role_labels[FR__MAX];	/* 身份证明, … */

struct file_rec {
	char		*case_id;
	enum file_role	 role;
	char		*label;
	long long	 bytes;
	char		 sha[65];
	enum ft_kind	 kind;
	int		 public;	/* a release staff marked for the register */
	char		*who;		/* the staff login, or "申请人" */
	char		*when;		/* ISO time */
};

/* A 补正 sent online: its text; its papers are files.csv rows of role
   supplement of the same case and time. */
struct supp_rec {
	char		*case_id;
	char		*when;		/* ISO time */
	char		*text;
	int		 nfiles;
};

struct files {
	struct store	 st;
	struct store	 sst;		/* supplements.csv */
	struct supp_rec	*s;
	size_t		 ns, scap;
	char		*dir;		/* DATA/files */
	struct file_rec	*v;
	size_t		 n, cap;
};

void	files_open(struct files *, const struct site *);
enum store_err files_refresh(struct files *);
void	files_close(struct files *);
/* The path of the file with that hash (a new string). */
char	*files_path(const struct files *, const char *sha);
/* The i-th row of case id from index *at (start at 0), or NULL. */
const struct file_rec *files_next(const struct files *, const char *case_id,
	    size_t *at);
/* The row of case id with that hash (and, if role >= 0, that role), or NULL. */
const struct file_rec *files_find(const struct files *, const char *case_id,
	    const char *sha, int role);
/* The answer of a download: the file's bytes, its exact type, as an
   attachment named after its label (RFC 6266, filename*).  0, or -1 if
   the file cannot be read. */
int	files_send(const struct files *, const struct file_rec *,
	    struct cgi_resp *);
/* supplements.csv: record one (under its own lock), read them. */
enum store_err files_supp_add(struct files *, const char *case_id,
	    const char *text, int nfiles, time_t now, const struct site *);
enum store_err files_supp_refresh(struct files *);
/* "1.2 MB", "830 KB", "120 字节" */
void	files_size(long long bytes, char out[32]);

struct upload_limits {
	long long	max_file;	/* bytes of one file */
	size_t		max_files;	/* files in one request */
	long long	max_request;	/* bytes of the whole body */
};

struct up_file {
	char		 field[MP_NAME_MAX];
	char		 label[FT_LABEL_MAX + 1];
	char		*tmp;		/* its temporary path, NULL once placed */
	int		 fd;
	long long	 bytes;
	char		 sha[65];
	enum ft_kind	 kind;
	int		 created;	/* files_place made its link */
	int		 recorded;	/* files_add wrote its row */
};

enum up_err {
	UP_OK,
	UP_SYNTAX,	/* not a multipart body we can read */
	UP_FORM,	/* a text field refused (form_err in form_err) */
	UP_FIELD,	/* a file in a field that takes none */
	UP_FILE_BIG,	/* one file over max_file (label in bad) */
	UP_TOO_MANY,	/* over max_files */
	UP_REQ_BIG,	/* the body over max_request */
	UP_TYPE,	/* a file of a type not accepted (label in bad) */
	UP_EMPTY,	/* a 0-byte file (label in bad) */
	UP_EIO,
	UP_ENOSPC,
};

struct upload {
	struct form	 form;		/* the text fields */
	struct up_file	*f;
	size_t		 n;
	enum up_err	 err;
	enum form_err	 form_err;
	char		 bad[FT_LABEL_MAX + 1];
	/* reading */
	const struct files *files;
	const struct upload_limits *lim;
	const char *const *fields;	/* the fields that take files */
	struct mp_part	 part;
	int		 in_file;
	struct buf	 text;
	crypto_hash_sha256_state h;
};

/*
 * Read a multipart/form-data body (Content-Type and Content-Length from
 * req) under lim, the file parts only in the fields named (NULL-ended).
 * 0 and u filled (u->err UP_OK), or the HTTP status to refuse with (400,
 * 411, 413, 415, 503) and u->err saying why; what was read of the body is
 * in u->form as far as it got, so that a form can be shown again.  An
 * empty file part with an empty name (a file input left empty) is no file.
 * upload_free unlinks every temporary file not placed.
 */
int	upload_read(struct upload *, struct cgi_req *, const struct files *,
	    const struct upload_limits *, const char *const *fields);
void	upload_free(struct upload *);
/* The message for u->err, in Chinese, naming the file where there is one
   (a new string). */
char	*upload_message(const struct upload *, const struct upload_limits *);

/*
 * files_place puts u's file i in place (fsync, link into files/, fsync
 * the directories; done once); files_add does that if not yet done and
 * appends its row for case id, under the caller's files.csv lock
 * (files_lock): the file first, then the row.
 */
enum store_err files_place(const struct files *, struct upload *, size_t i);
/* The files of u this request put in place and did not record, taken
   away again (an application refused after all) — unless a row names the
   same content meanwhile. */
void	files_discard(struct files *, struct upload *);
enum store_err files_lock(struct files *);
void	files_unlock(struct files *);
enum store_err files_add(struct files *, struct upload *, size_t i,
	    const char *case_id, enum file_role, int public, const char *who,
	    time_t now, const struct site *);

/*
 * ogi-admin fsck: every row's file present with its size and hash, and
 * every stored file named by a row.  Prints what is wrong to out; returns
 * the number of problems (missing or damaged files count, orphans are
 * reported but not counted), or -1 if files.csv cannot be read.
 */
int	files_fsck(struct files *, FILE *out, int *orphans);

#endif
