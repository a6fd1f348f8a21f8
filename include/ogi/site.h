/*
 * site: where the data lives and what the installation calls itself.
 *
 * OGI_DATA names the records directory (default data/var) and OGI_CONF the
 * reference data (default data).  site.csv in OGI_CONF holds key,value rows:
 * body_name (the body's name on every page), agency (its unit code, written
 * into every record), utc_offset_minutes (480 for 北京时间), and the staff
 * login's session_idle_minutes, login_max_failures, login_lock_minutes, and
 * the public form's apply_min_seconds and apply_per_ip_per_hour, the
 * uploads': id_proof_required (0: optional, staff may ask for it by
 * 补正), max_file_bytes (10 MB), max_files (10), max_request_bytes (30 MB).
 * The guide (政府信息公开指南, 第十二条) and every page's footer give the
 * office's contact lines: office_address, office_hours, phone, fax, email,
 * postcode; body_kind says whether the body is a department (its annual
 * report is due by 31 January) or a people's government (by 31 March,
 * 第四十九条).  Mail:
 * sendmail_command (the standard sendmail interface, default
 * "/usr/sbin/sendmail -t -oi"), mail_from (the sender's address; no mail
 * is sent while it is empty) and digest_hour (the staff digest goes out
 * after this hour of a working day, 8).
 */
#ifndef OGI_SITE_H
#define OGI_SITE_H

#include <time.h>

struct site {
	char	*data_dir;
	char	*conf_dir;
	char	*body_name;
	char	*agency;
	char	*base_url;	/* "https://gk.example.gov.cn", or "" */
	int	 utc_offset;	/* minutes east of UTC */
	int	 session_idle_minutes;	/* staff sessions end after (30) */
	int	 login_max_failures;	/* failed logins before a lock (5) */
	int	 login_lock_minutes;	/* how long the lock lasts (15) */
	int	 apply_min_seconds;	/* a form sent sooner is a robot's (3) */
	int	 apply_per_ip_per_hour;	/* applications per address (10; 0 off) */
	int	 id_proof_required;	/* /apply refuses no 身份证明 (0) */
	int	 max_file_bytes;	/* one uploaded file (10 MB) */
	int	 max_files;		/* files in one request (10) */
	int	 max_request_bytes;	/* a whole upload's body (30 MB) */
	char	*office_address, *office_hours, *phone, *fax, *email, *postcode;
	int	 government;	/* body_kind "government" (1) or "department" */
	char	*sendmail_command;	/* run by /bin/sh, the message on stdin */
	char	*mail_from;	/* "gk@example.gov.cn", or "": no mail */
	int	 digest_hour;	/* local hour the staff digest is due (8) */
};

/* The last day of the annual report of year for this body: 31 January or
   31 March of the year after, as month and day. */
void	 site_report_deadline(const struct site *, int year, int *month,
	    int *day);

/* 0 on success; on failure *why says which file and what went wrong. */
/* The contact lines as fill_vars pairs (include/ogi/fill.h): address,
   postcode, phone, fax, email, hours, each "" when unset. */
#define SITE_CONTACT_VARS 12
void	 site_contact_vars(const struct site *, const char *v[SITE_CONTACT_VARS]);
int	 site_load(struct site *, const char **why);
void	 site_free(struct site *);
/* "DIR/name" in the data or the reference directory (a new string). */
char	*site_data_path(const struct site *, const char *name);
char	*site_conf_path(const struct site *, const char *name);

/* The current time (OGI_NOW=YYYY-MM-DDTHH:MM:SS overrides it, for tests). */
time_t	 site_now(void);
/* Local civil time of t as broken-down fields (no time zone database). */
void	 site_localtime(const struct site *, time_t, struct tm *);
/* "2026-11-28T09:30:00+08:00" */
#define SITE_TIME_LEN 64
void	 site_isotime(const struct site *, time_t, char out[SITE_TIME_LEN]);

#endif
