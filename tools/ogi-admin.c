/*
 * ogi-admin: staff accounts and ledger import, from the command line.
 *
 *   ogi-admin [--data DIR] adduser LOGIN --role admin|clerk [--name NAME]
 *             [--agency CODE] [--generate]
 *   ogi-admin [--data DIR] reset LOGIN [--generate]
 *   ogi-admin [--data DIR] disable LOGIN
 *   ogi-admin [--data DIR] list
 *   ogi-admin [--data DIR] import-ledger FILE.csv [--agency CODE]
 *
 * The data directory is --data, else $OGI_DATA, else data/var (as make
 * run's).  A password is read from the first line of standard input; when
 * that is a terminal (or with --generate) one is made and printed once.
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
#include "ogi/buf.h"
#include "ogi/ledger.h"
#include "ogi/site.h"
#include "ogi/token.h"

/*
 * Run as root on a directory that belongs to the site's user (www-data),
 * leave no file the site cannot read: hand new files to the directory's
 * owner.
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
		    !S_ISREG(fs.st_mode) || fs.st_uid == ds.st_uid)
			continue;
		if (fchownat(fd, de->d_name, ds.st_uid, ds.st_gid,
		    AT_SYMLINK_NOFOLLOW) != 0)
			fprintf(stderr, "ogi-admin: %s/%s: cannot hand to the "
			    "directory's owner\n", dir, de->d_name);
	}
	closedir(d);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ogi-admin [--data DIR] adduser LOGIN --role admin|clerk"
	    " [--name NAME] [--agency CODE] [--generate]\n"
	    "       ogi-admin [--data DIR] reset LOGIN [--generate]\n"
	    "       ogi-admin [--data DIR] disable LOGIN\n"
	    "       ogi-admin [--data DIR] list\n"
	    "       ogi-admin [--data DIR] import-ledger FILE.csv [--agency CODE]\n");
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

int
main(int argc, char *argv[])
{
	struct site site;
	struct auth a;
	unsigned char key[TOKEN_KEY_BYTES];
	const char *why = NULL, *cmd, *login = NULL, *role = NULL;
	const char *name = NULL, *agency = NULL, *file = NULL;
	char pw[256];
	int i, generate = 0, rc = 1;
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
		else if (argv[i][0] == '-')
			usage();
		else if (login == NULL)
			login = file = argv[i];
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
	if (token_key_load(site.data_dir, key) != 0) {
		fprintf(stderr, "ogi-admin: %s: cannot use the data directory\n",
		    site.data_dir);
		return 1;
	}
	auth_open(&a, &site, key);
	if (strcmp(cmd, "adduser") == 0) {
		if (login == NULL || role == NULL ||
		    (strcmp(role, "admin") != 0 && strcmp(role, "clerk") != 0))
			usage();
		if (password(generate, login, pw, sizeof(pw)) != 0)
			goto out;
		if (auth_adduser(&a, login, name, strcmp(role, "admin") == 0 ?
		    ROLE_ADMIN : ROLE_CLERK, agency ? agency : site.agency, pw,
		    time(NULL), &why) != 0)
			goto fail;
		printf("added %s (%s)\n", login, role);
	} else if (strcmp(cmd, "reset") == 0) {
		if (login == NULL)
			usage();
		if (password(generate, login, pw, sizeof(pw)) != 0)
			goto out;
		if (auth_set_password(&a, login, pw, time(NULL), &why) != 0)
			goto fail;
		printf("new password set for %s; its sessions are ended\n", login);
	} else if (strcmp(cmd, "disable") == 0) {
		if (login == NULL)
			usage();
		if (auth_disable(&a, login, time(NULL), &why) != 0)
			goto fail;
		printf("disabled %s; its sessions are ended\n", login);
	} else if (strcmp(cmd, "list") == 0) {
		if (auth_refresh(&a) != STORE_OK) {
			why = "cannot read staff.csv";
			goto fail;
		}
		for (k = 0; k < a.nstaff; k++)
			printf("%-20s %-6s %-10s %s%s\n", a.staff[k].login,
			    auth_role_name(a.staff[k].role), a.staff[k].agency,
			    a.staff[k].name, a.staff[k].disabled ? " (disabled)" : "");
	} else if (strcmp(cmd, "import-ledger") == 0) {
		if (file == NULL)
			usage();
		if (ledger_import(&site, file, agency, time(NULL), stdout, &why) != 0)
			goto fail;
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
