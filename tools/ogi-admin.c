/*
 * ogi-admin: staff accounts and ledger import, from the command line.
 *
 *   ogi-admin [--data DIR] adduser LOGIN --role admin|clerk [--name NAME]
 *             [--agency CODE] [--generate]
 *   ogi-admin [--data DIR] reset LOGIN [--generate]
 *   ogi-admin [--data DIR] disable LOGIN
 *   ogi-admin [--data DIR] unlock LOGIN
 *   ogi-admin [--data DIR] list
 *   ogi-admin [--data DIR] import-ledger FILE.csv [--agency CODE]
 *   ogi-admin [--data DIR] holidays import FILE.csv [--confirm]
 *   ogi-admin [--data DIR] send-mail
 *   ogi-admin [--data DIR] mail LOGIN ADDRESS|""
 *
 * send-mail hands the notices due to sendmail_command (outbox.h: run it
 * every minute, from a timer or cron); mail sets the address a staff
 * member's daily digest goes to.
 * The data directory is --data, else $OGI_DATA, else data/var (as make
 * run's).  A password is read from the first line of standard input; when
 * that is a terminal (or with --generate) one is made and printed once.
 * The clock is the programs' own (site_now: OGI_NOW in tests).
 *
 * holidays import checks a year's official notice (date,kind,name rows),
 * prints every case date it changes, and with --confirm imports it.
 *
 * unlock lifts an account's lock after a distributed attack (and its count
 * of failures), audited as done by "ogi-admin"; the running programs see
 * it at their next request.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "ogi/auth.h"
#include "ogi/boot.h"
#include "ogi/buf.h"
#include "ogi/files.h"
#include "ogi/holidays.h"
#include "ogi/ledger.h"
#include "ogi/outbox.h"
#include "ogi/site.h"
#include "ogi/token.h"

/*
 * Run as root on a directory that belongs to the site's user, leave no
 * file the site cannot read: hand the files root made to the directory's
 * owner (their modes are the store's, store_mode).  Files of the public
 * program's user (ratelimit.csv) stay its own.
 */
static void
match_owner(const char *dir)
{
	struct dirent *de;
	struct stat ds, fs;
	DIR *d;
	int fd;

	if (geteuid() != 0 || stat(dir, &ds) != 0 || ds.st_uid == 0 ||
	    (d = opendir(dir)) == NULL)
		return;
	fd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (fstatat(fd, de->d_name, &fs, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(fs.st_mode) || fs.st_uid != 0)
			continue;
		if (fchownat(fd, de->d_name, ds.st_uid, ds.st_gid,
		    AT_SYMLINK_NOFOLLOW) != 0)
			fprintf(stderr, "ogi-admin: %s/%s: cannot hand to the "
			    "directory's owner\n", dir, de->d_name);
	}
	closedir(d);
}

/* A whole small file, NUL-terminated; NULL and errno on failure. */
static char *
read_whole(const char *path, size_t *len)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len < 1 << 20)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	buf_addc(&b, '\0');
	return b.s;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ogi-admin [--data DIR] adduser LOGIN --role admin|clerk"
	    " [--name NAME] [--agency CODE] [--generate]\n"
	    "       ogi-admin [--data DIR] reset LOGIN [--generate]\n"
	    "       ogi-admin [--data DIR] disable LOGIN\n"
	    "       ogi-admin [--data DIR] unlock LOGIN\n"
	    "       ogi-admin [--data DIR] list\n"
	    "       ogi-admin [--data DIR] keys\n"
	    "       ogi-admin [--data DIR] fsck\n"
	    "       ogi-admin [--data DIR] send-mail\n"
	    "       ogi-admin [--data DIR] mail LOGIN ADDRESS|\"\"\n"
	    "       ogi-admin [--data DIR] import-ledger FILE.csv [--agency CODE]\n"
	    "       ogi-admin [--data DIR] holidays import FILE.csv [--confirm]\n");
	exit(2);
}

/* The password: generated (and printed) or the first line of stdin. */
static int
password(int generate, const char *login, char *out, size_t n)
{
	size_t len;

	if (generate || isatty(STDIN_FILENO)) {
		auth_new_password(out);
		printf("password for %s (shown once): %s\n", login, out);
		return 0;
	}
	if (fgets(out, (int)n, stdin) == NULL) {
		fprintf(stderr, "ogi-admin: no password on standard input\n");
		return -1;
	}
	len = strcspn(out, "\r\n");
	out[len] = '\0';
	return 0;
}

/* Check a year's notice, show what it changes, import it if confirmed. */
static int
holidays_import(const struct site *site, struct auth *a, const char *file,
    int confirm, time_t now)
{
	struct cases cs;
	struct hol_import h;
	struct hol_change *ch = NULL;
	struct buf err, detail;
	const char *why = NULL;
	char *text;
	size_t len, n = 0, i, open_n = 0;
	int rc = -1;

	buf_init(&err);
	buf_init(&detail);
	if ((text = read_whole(file, &len)) == NULL) {
		fprintf(stderr, "ogi-admin: %s: %s\n", file, strerror(errno));
		return -1;
	}
	if (cases_open(&cs, site, &why) != 0 || cases_refresh(&cs) != STORE_OK) {
		fprintf(stderr, "ogi-admin: %s\n", why ? why : "cannot read the records");
		free(text);
		return -1;
	}
	if (hol_parse(&h, &cs.cal, text, len, &err) != 0) {
		fprintf(stderr, "ogi-admin: %s:\n%s", file, err.s);
		goto out;
	}
	if (hol_changes(&cs, &h, cases_today(&cs, now), &ch, &n, &why) != 0) {
		fprintf(stderr, "ogi-admin: %s\n", why);
		goto done;
	}
	printf("%d年：%zu 个日期（放假和调休上班），改变 %zu 个期限：\n", h.year, h.n, n);
	for (i = 0; i < n; i++) {
		printf("%s %s：%s%s → %s%s%s\n", cs.apps.v[ch[i].app].id,
		    ch[i].what, ch[i].old_prov ? "预计 " : "", ch[i].old,
		    ch[i].new_prov ? "预计 " : "", ch[i].new,
		    ch[i].concluded ? "（已办结）" : "");
		open_n += !ch[i].concluded;
	}
	if (!confirm) {
		printf("未导入：确认无误后加 --confirm 再运行一次。\n");
		rc = 0;
		goto done;
	}
	if (hol_apply(&cs, &h, &why) != 0) {
		fprintf(stderr, "ogi-admin: %s\n", why);
		goto done;
	}
	buf_printf(&detail, "%d: %zu days, %zu dates changed (%zu open)",
	    h.year, h.n, n, open_n);
	if (auth_audit(a, now, "ogi-admin", "holidays_import", detail.s) != STORE_OK)
		fprintf(stderr, "ogi-admin: imported, but audit.csv could not "
		    "record it\n");
	printf("已导入%d年的正式放假安排；各期限自此按正式安排计算。\n", h.year);
	rc = 0;
done:
	free(ch);
	hol_free(&h);
out:
	cases_close(&cs);
	free(text);
	buf_free(&err);
	buf_free(&detail);
	return rc;
}

int
main(int argc, char *argv[])
{
	struct site site;
	struct auth a;
	unsigned char key[TOKEN_KEY_BYTES], pub[TOKEN_KEY_BYTES];
	const char *why = NULL, *cmd, *login = NULL, *role = NULL;
	const char *name = NULL, *agency = NULL, *file = NULL, *sub = NULL;
	const char *addr = NULL;
	char pw[256];
	int i, generate = 0, confirm = 0, rc = 1;
	time_t now = site_now();
	size_t k;

	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
			setenv("OGI_DATA", argv[i + 1], 1);
		else
			usage();
	}
	if (i >= argc)
		usage();
	cmd = argv[i++];
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
			role = argv[++i];
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--agency") == 0 && i + 1 < argc)
			agency = argv[++i];
		else if (strcmp(argv[i], "--generate") == 0)
			generate = 1;
		else if (strcmp(argv[i], "--confirm") == 0)
			confirm = 1;
		else if (argv[i][0] == '-')
			usage();
		else if (strcmp(cmd, "holidays") == 0 && sub == NULL)
			sub = argv[i];
		else if (login == NULL)
			login = file = argv[i];
		else if (strcmp(cmd, "mail") == 0 && addr == NULL)
			addr = argv[i];
		else
			usage();
	}
	if (token_init() != 0 || site_load(&site, &why) != 0) {
		fprintf(stderr, "ogi-admin: %s\n", why ? why : "libsodium failed");
		return 1;
	}
	/* A new installation: make the records directory. */
	if (mkdir(site.data_dir, 0750) == -1 && errno != EEXIST) {
		fprintf(stderr, "ogi-admin: %s: %s\n", site.data_dir, strerror(errno));
		return 1;
	}
	/* secret.key, and public.key made from it for the public program. */
	if (token_key_load(site.data_dir, key) != 0 ||
	    token_public_key_load(site.data_dir, pub) != 0 ||
	    token_outbox_key_load(site.data_dir, pub) != 0) {
		fprintf(stderr, "ogi-admin: %s: cannot use the data directory\n",
		    site.data_dir);
		match_owner(site.data_dir);
		return 1;
	}
	sodium_memzero(pub, sizeof(pub));
	auth_open(&a, &site, key);
	if (strcmp(cmd, "adduser") == 0) {
		if (login == NULL || role == NULL ||
		    (strcmp(role, "admin") != 0 && strcmp(role, "clerk") != 0))
			usage();
		if (password(generate, login, pw, sizeof(pw)) != 0)
			goto out;
		if (auth_adduser(&a, login, name, strcmp(role, "admin") == 0 ?
		    ROLE_ADMIN : ROLE_CLERK, agency ? agency : site.agency, pw,
		    now, &why) != 0)
			goto fail;
		printf("added %s (%s)\n", login, role);
	} else if (strcmp(cmd, "reset") == 0) {
		if (login == NULL)
			usage();
		if (password(generate, login, pw, sizeof(pw)) != 0)
			goto out;
		if (auth_set_password(&a, login, pw, now, &why) != 0)
			goto fail;
		printf("new password set for %s; its sessions are ended\n", login);
	} else if (strcmp(cmd, "disable") == 0) {
		if (login == NULL)
			usage();
		if (auth_disable(&a, login, now, &why) != 0)
			goto fail;
		printf("disabled %s; its sessions are ended\n", login);
	} else if (strcmp(cmd, "unlock") == 0) {
		if (login == NULL)
			usage();
		if (auth_unlock(&a, login, "ogi-admin", now, &why) != 0)
			goto fail;
		printf("unlocked %s\n", login);
	} else if (strcmp(cmd, "list") == 0) {
		if (auth_refresh(&a) != STORE_OK) {
			why = "cannot read staff.csv";
			goto fail;
		}
		for (k = 0; k < a.nstaff; k++)
			printf("%-20s %-6s %-10s %s%s\n", a.staff[k].login,
			    auth_role_name(a.staff[k].role), a.staff[k].agency,
			    a.staff[k].name, a.staff[k].disabled ? " (disabled)" : "");
	} else if (strcmp(cmd, "fsck") == 0) {
		struct files fs;
		int orphans, bad;

		files_open(&fs, &site);
		bad = files_fsck(&fs, stdout, &orphans);
		files_close(&fs);
		if (bad < 0) {
			why = "files.csv cannot be read";
			goto fail;
		}
		printf("fsck: %d missing or damaged, %d orphan%s\n", bad, orphans,
		    orphans == 1 ? "" : "s");
		if (bad > 0)
			goto out;
	} else if (strcmp(cmd, "keys") == 0) {
		printf("keys ready: %s/secret.key (staff program), "
		    "%s/public.key (public program), %s/outbox.key (the public "
		    "half of the mail sender's)\n", site.data_dir, site.data_dir,
		    site.data_dir);
	} else if (strcmp(cmd, "send-mail") == 0) {
		struct boot b;

		if (boot_open(&b, "ogi-admin", BOOT_STAFF) != 0)
			goto out;
		k = outbox_send(&b, &a, now, stdout, &why) == 0;
		boot_close(&b);
		if (!k)
			goto fail;
	} else if (strcmp(cmd, "mail") == 0) {
		if (login == NULL || addr == NULL)
			usage();
		if (auth_set_email(&a, login, addr, now, &why) != 0)
			goto fail;
		printf(addr[0] ? "the digest of %s goes to the address given\n" :
		    "no digest for %s\n", login);
	} else if (strcmp(cmd, "import-ledger") == 0) {
		if (file == NULL)
			usage();
		if (ledger_import(&site, file, agency, now, stdout, &why) != 0)
			goto fail;
	} else if (strcmp(cmd, "holidays") == 0) {
		if (sub == NULL || strcmp(sub, "import") != 0 || file == NULL)
			usage();
		if (holidays_import(&site, &a, file, confirm, now) != 0)
			goto out;
	} else
		usage();
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "ogi-admin: %s\n", why);
out:
	match_owner(site.data_dir);
	sodium_memzero(pw, sizeof(pw));
	auth_close(&a);
	site_free(&site);
	return rc;
}
