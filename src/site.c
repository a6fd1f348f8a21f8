/* site: directories, the body's settings, and the clock. */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ogi/buf.h"
#include "ogi/site.h"
#include "ogi/store.h"

static const char *const site_header[] = { "key", "value" };

static int
number(const char *str, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(str, &end, 10);
	if (errno != 0 || *end != '\0' || end == str || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* The contact lines: plain text, each a setting of its own. */
static int
text_setting(struct site *s, const char *key, const char *value)
{
	char **slot = strcmp(key, "office_address") == 0 ? &s->office_address :
	    strcmp(key, "office_hours") == 0 ? &s->office_hours :
	    strcmp(key, "phone") == 0 ? &s->phone :
	    strcmp(key, "fax") == 0 ? &s->fax :
	    strcmp(key, "email") == 0 ? &s->email :
	    strcmp(key, "postcode") == 0 ? &s->postcode : NULL;

	if (slot == NULL)
		return 0;
	free(*slot);
	*slot = xstrdup(value);
	return 1;
}

static int
on_setting(void *ctx, char *const *f, size_t n)
{
	struct site *s = ctx;

	(void)n;
	if (strcmp(f[0], "body_name") == 0) {
		free(s->body_name);
		s->body_name = xstrdup(f[1]);
	} else if (strcmp(f[0], "agency") == 0) {
		free(s->agency);
		s->agency = xstrdup(f[1]);
	} else if (strcmp(f[0], "base_url") == 0) {
		free(s->base_url);
		s->base_url = xstrdup(f[1]);
	} else if (strcmp(f[0], "body_kind") == 0) {
		if (strcmp(f[1], "government") == 0)
			s->government = 1;
		else if (strcmp(f[1], "department") == 0)
			s->government = 0;
		else
			return -1;
	} else if (strcmp(f[0], "sendmail_command") == 0) {
		free(s->sendmail_command);
		s->sendmail_command = xstrdup(f[1]);
	} else if (strcmp(f[0], "mail_from") == 0) {
		free(s->mail_from);
		s->mail_from = xstrdup(f[1]);
	} else if (text_setting(s, f[0], f[1]))
		return 0;
	else if (strcmp(f[0], "digest_hour") == 0)
		return number(f[1], 0, 23, &s->digest_hour);
	else if (strcmp(f[0], "utc_offset_minutes") == 0)
		return number(f[1], -14 * 60, 14 * 60, &s->utc_offset);
	else if (strcmp(f[0], "session_idle_minutes") == 0)
		return number(f[1], 1, 24 * 60, &s->session_idle_minutes);
	else if (strcmp(f[0], "login_max_failures") == 0)
		return number(f[1], 1, 100, &s->login_max_failures);
	else if (strcmp(f[0], "login_lock_minutes") == 0)
		return number(f[1], 1, 24 * 60, &s->login_lock_minutes);
	else if (strcmp(f[0], "apply_min_seconds") == 0)
		return number(f[1], 0, 3600, &s->apply_min_seconds);
	else if (strcmp(f[0], "apply_per_ip_per_hour") == 0)
		return number(f[1], 0, 100000, &s->apply_per_ip_per_hour);
	else if (strcmp(f[0], "id_proof_required") == 0)
		return number(f[1], 0, 1, &s->id_proof_required);
	else if (strcmp(f[0], "max_file_bytes") == 0)
		return number(f[1], 1024, 1024L * 1024 * 1024, &s->max_file_bytes);
	else if (strcmp(f[0], "max_files") == 0)
		return number(f[1], 1, 100, &s->max_files);
	else if (strcmp(f[0], "max_request_bytes") == 0)
		return number(f[1], 65536, 1024L * 1024 * 1024, &s->max_request_bytes);
	return 0;
}

static char *
env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return xstrdup(v != NULL && *v != '\0' ? v : def);
}

int
site_load(struct site *s, const char **why)
{
	struct store st;
	enum store_err e;
	char *path;

	memset(s, 0, sizeof(*s));
	s->data_dir = env_or("OGI_DATA", "data/var");
	s->conf_dir = env_or("OGI_CONF", "data");
	s->body_name = xstrdup("本机关");
	s->agency = xstrdup("default");
	s->base_url = xstrdup("");
	s->sendmail_command = xstrdup("/usr/sbin/sendmail -t -oi");
	s->mail_from = xstrdup("");
	s->digest_hour = 8;
	s->utc_offset = 480;
	s->session_idle_minutes = 30;
	s->login_max_failures = 5;
	s->login_lock_minutes = 15;
	s->apply_min_seconds = 3;
	s->apply_per_ip_per_hour = 10;
	s->id_proof_required = 0;
	s->max_file_bytes = 10 * 1024 * 1024;
	s->max_files = 10;
	s->max_request_bytes = 30 * 1024 * 1024;
	s->office_address = xstrdup("");
	s->office_hours = xstrdup("");
	s->phone = xstrdup("");
	s->fax = xstrdup("");
	s->email = xstrdup("");
	s->postcode = xstrdup("");
	s->government = 0;
	path = site_conf_path(s, "site.csv");
	store_init(&st, path, site_header, 2, on_setting, NULL, s);
	e = store_refresh(&st);
	store_free(&st);
	free(path);
	if (e != STORE_OK) {
		*why = e == STORE_ECALLBACK ?
		    "a setting's value is out of range" :
		    store_strerror(e);
		return -1;
	}
	return 0;
}

void
site_free(struct site *s)
{
	free(s->data_dir);
	free(s->conf_dir);
	free(s->body_name);
	free(s->agency);
	free(s->base_url);
	free(s->office_address);
	free(s->office_hours);
	free(s->phone);
	free(s->fax);
	free(s->email);
	free(s->postcode);
	free(s->sendmail_command);
	free(s->mail_from);
	memset(s, 0, sizeof(*s));
}

static char *
join(const char *dir, const char *name)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b);
}

char *
site_data_path(const struct site *s, const char *name)
{
	return join(s->data_dir, name);
}

char *
site_conf_path(const struct site *s, const char *name)
{
	return join(s->conf_dir, name);
}

time_t
site_now(void)
{
	const char *fake = getenv("OGI_NOW");
	struct tm tm;
	char *end;

	if (fake != NULL && *fake != '\0') {
		memset(&tm, 0, sizeof(tm));
		end = strptime(fake, "%Y-%m-%dT%H:%M:%S", &tm);
		if (end != NULL && *end == '\0')
			return timegm(&tm);
	}
	return time(NULL);
}

void
site_localtime(const struct site *s, time_t t, struct tm *tm)
{
	t += (time_t)s->utc_offset * 60;
	gmtime_r(&t, tm);
}

void
site_isotime(const struct site *s, time_t t, char out[SITE_TIME_LEN])
{
	struct tm tm;
	int off = s->utc_offset < 0 ? -s->utc_offset : s->utc_offset;

	site_localtime(s, t, &tm);
	(void)snprintf(out, SITE_TIME_LEN, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, s->utc_offset < 0 ? '-' : '+',
	    off / 60, off % 60);
}

void
site_report_deadline(const struct site *s, int year, int *month, int *day)
{
	(void)year;
	*month = s->government ? 3 : 1;
	*day = 31;
}

void
site_contact_vars(const struct site *s, const char *v[SITE_CONTACT_VARS])
{
	const char *const name[SITE_CONTACT_VARS / 2] = { "address", "postcode",
	    "phone", "fax", "email", "hours" };
	const char *const value[SITE_CONTACT_VARS / 2] = { s->office_address,
	    s->postcode, s->phone, s->fax, s->email, s->office_hours };
	size_t i;

	for (i = 0; i < SITE_CONTACT_VARS / 2; i++) {
		v[2 * i] = name[i];
		v[2 * i + 1] = value[i] != NULL ? value[i] : "";
	}
}
