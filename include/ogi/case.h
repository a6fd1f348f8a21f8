/*
 * case: a case's steps (events.csv) and what follows from them: its state,
 * its regulation, its due date and how that date was reached.
 *
 * events.csv: case_id, time, date, staff, type, outcome, reason, days,
 * note, medium — one row per step, appended, never rewritten.  The state
 * of a case is derived from its application row and its events; each step
 * is checked against that state before it is appended.
 */
#ifndef OGI_CASE_H
#define OGI_CASE_H

#include <sys/types.h>

#include <stdint.h>
#include <time.h>

#include "ogi/app.h"
#include "ogi/buf.h"
#include "ogi/cal.h"
#include "ogi/law.h"
#include "ogi/store.h"

struct site;

enum ev_type {
	EV_RECEIVED,		/* receipt confirmed: the received date */
	EV_SUPP_REQ,		/* 补正 requested: items (note), limit (days) */
	EV_SUPP_RECV,		/* the supplement arrived: the clock restarts */
	EV_SUPP_NONE,		/* none came in time: other_no_supplement */
	EV_CONSULT_START,	/* third party or other agency (reason) */
	EV_CONSULT_END,
	EV_EXTEND,		/* approver (reason), days from the regulation */
	EV_ANSWER,		/* outcome, reason, note, medium */
	EV_REVIEW_FILED,	/* 行政复议 */
	EV_REVIEW_DECIDED,	/* outcome upheld | corrected | other */
	EV_SUIT_FILED,		/* 行政诉讼: reason direct | after_review */
	EV_SUIT_DECIDED,
	EV_WITHDRAW,		/* the applicant withdrew: outcome other */
	EV_WITHHOLD,		/* staff withhold the subject from the register */
	EV_PUBLISH,		/* staff publish the answer on the register
				   (依申请公开转主动公开, 第四十四条) */
	EV_ASSIGN,		/* the case's 经办人: a staff login (reason) */
	/* 信息处理费 (第四十二条, data/fees.csv): the notice stops the answer
	   clock until the fee is paid or waived. */
	EV_FEE_NOTICE,		/* outcome the method (count, pages), reason
				   the amount in 元, medium the units (the
				   application's place in the applicant's
				   month, or the pages), days to pay */
	EV_FEE_PAID,		/* reason the amount paid in 元, medium the
				   receipt number; note why less was paid */
	EV_FEE_WAIVED,		/* 减免: reason the amount waived, note why */
	EV_FEE_UNPAID,		/* not paid in time: other_fee_unpaid */
	EV__MAX
};

extern const char *const ev_codes[EV__MAX];	/* "supplement_request" … */
extern const char *const ev_labels[EV__MAX];	/* "告知补正" … */
int	ev_parse(const char *, enum ev_type *);

/* What a step carries, as codes with the words staff see: the answer's
   medium, a 复议 or 诉讼 decision, the kind of consultation, of suit. */
extern const struct form_choice case_media[], case_decisions[],
    case_consult_kinds[], case_suit_kinds[];
/* The answer's medium: a case_media code (records before 2026-12), or
   "carrier+delivery": case_carriers (纸质, 电子) and case_deliveries (邮寄,
   电子邮件, 当面领取, 现场查阅, 传真), told apart as the form tells them. */
extern const struct form_choice case_carriers[], case_deliveries[];
int	 case_medium_ok(const char *);
void	 case_medium_label(const char *, char out[64]);

/*
 * What is kept in memory of a step: enough to derive the case (type, date,
 * days, the outcome or kind as a short code) and where its row is.  The
 * rest (time, staff, note, medium, an approver's name) is read from the
 * row when a page shows it: cases_event_text.
 */
struct event {
	uint32_t	 next;		/* next event of the case, index + 1 */
	cal_day		 date;
	uint32_t	 off_lo;	/* where its row starts: off_hi << 32 | off_lo */
	uint8_t		 off_hi;
	uint8_t		 type;		/* enum ev_type */
	uint8_t		 days;		/* 0-255 */
	uint8_t		 word;		/* outcome (or a suit's or consultation's
					   kind) in cases.words; 0 none */
};

struct ev_text {
	char	*time, *staff, *outcome, *reason, *note, *medium;
};

enum case_state {
	CS_PENDING,		/* 待确认收到 */
	CS_OPEN,		/* 办理中 */
	CS_SUPPLEMENT,		/* 待补正 */
	CS_CONSULT,		/* 征求意见中 */
	CS_ANSWERED,		/* 已答复 */
	CS_CLOSED,		/* 已办结 (no answer: withdrawn, no supplement) */
	CS__MAX
};
extern const char *const case_state_labels[CS__MAX];

enum due_status {
	DUE_NONE,		/* not received yet */
	DUE_OK,
	DUE_SUPPLEMENT,		/* waiting for the supplement: clock stopped */
	DUE_CONSULT,		/* consultation open: clock stopped */
	DUE_FEE,		/* a fee notice unpaid: clock stopped */
	DUE_CALENDAR		/* before data/holidays.csv's first year */
};

struct case_view {
	const struct app_rec	*app;
	enum case_state		 state;
	const struct law_limits	*lim;		/* NULL until received */
	cal_day			 received, clock_start;
	cal_day			 supp_requested, supp_deadline, supp_notice_by;
	int			 supp_asked;	/* 补正 asked (once only) */
	int			 extended;
	cal_day			 concluded;	/* or -1 */
	const char		*outcome;	/* code, or NULL */
	enum due_status		 due_status;
	cal_day			 due, due_orig;	/* valid with DUE_OK */
	int			 taken;		/* working days to the answer */
	int			 on_time;	/* concluded by due_orig */
	/* What rests on a year without an official holiday notice: the
	   first such day the due date was counted through (-1 none), and
	   which of the figures may change when the notice is imported. */
	cal_day			 prov_from;
	int			 due_prov, taken_prov, verdict_prov;
	int			 supp_deadline_prov, supp_notice_prov;
	int			 review, suit;	/* 0 none, 1 open, 2 decided */
	const char		*review_outcome, *suit_outcome;
	int			 withheld;
	int			 published;	/* the answer, on the register */
	size_t			 first_event;	/* index + 1, or 0 */
	/* 信息处理费: 0 none, 1 notified and not yet paid (the clock
	   stops), 2 paid, 3 waived, 4 unpaid in time (closed). */
	int			 fee;
	int			 fee_allowed;	/* the regulation has
						   other_fee_unpaid */
	int			 fee_overdue;	/* today is past fee_deadline */
	cal_day			 fee_noticed, fee_deadline, fee_settled;
	size_t			 fee_event;	/* the notice: index + 1, or 0 */
};

/* Fee states (case_view.fee). */
enum { FEE_NONE, FEE_DUE, FEE_PAID, FEE_WAIVED, FEE_UNPAID };

/* What the public register needs of a case, kept up to date as events
   arrive so that a page does not re-derive every case. */
enum timeliness { TL_NONE, TL_ON_TIME, TL_EXTENDED, TL_LATE };

struct case_sum {
	cal_day		 received, concluded, answered, due;
	int16_t		 taken;		/* working days to the answer, or -1 */
	int16_t		 outcome;	/* index into law.out, or -1 */
	unsigned	 state : 3;	/* enum case_state */
	unsigned	 due_status : 3; /* enum due_status */
	unsigned	 extended : 1, withheld : 1;
	unsigned	 timeliness : 2; /* enum timeliness, when concluded */
	unsigned	 due_prov : 1, taken_prov : 1, verdict_prov : 1;
};

struct cases {
	const struct site	*site;
	struct case_sum		*sum;		/* per application */
	unsigned char		*dirty;		/* its events changed */
	size_t			 nsum, ndirty;
	unsigned long		 gen;		/* goes up on every change */
	struct apps		 apps;
	struct store		 st;
	struct event		*ev;
	size_t			 nev, cap;
	uint32_t		*first;		/* per application: index + 1 */
	uint16_t		*assignee;	/* per application: the 经办人,
						   index + 1 in logins; 0 none */
	char			**logins;	/* the logins assignments name */
	size_t			 nlogins;
	size_t			 ncase;
	char			*words[256];	/* the codes events carry */
	int16_t			 word_law[256];	/* their index in law.out, or -1 */
	size_t			 nwords;
	uint8_t			 w_other, w_no_supp;	/* implied outcomes */
	uint8_t			 w_fee_unpaid;
	struct cal_memo		 day_memo;	/* loading: event dates */
	struct cal		 cal;
	char			*cal_path, *cal_overlay;
	struct timespec		 cal_mtime;	/* of the overlay as loaded */
	ino_t			 cal_ino;
	time_t			 cal_seen;	/* last looked at */
	struct law		 law;
};

/* The official years imported (ogi-admin holidays import), in the records
   directory: they replace the reference calendar's rows of their years. */
#define CASES_HOLIDAYS_IMPORTED "holidays-imported.csv"

/* Load the calendar and the law, open the files.  -1 and *why on error. */
int		 cases_open(struct cases *, const struct site *, const char **why);
void		 cases_close(struct cases *);
/* Catch up with both files, and with the calendar's imported years. */
enum store_err	 cases_refresh(struct cases *);
/* Load the calendar again now (after an import): 0, or -1 and *why. */
int		 cases_reload_calendar(struct cases *, const char **why);

/* "按法定节假日推算，国务院公布2027年放假安排后以正式安排为准": why a date
   counted through the days in (from, to] is provisional (plain text). */
void		 case_prov_note(const struct cases *, cal_day from, cal_day to,
		    struct buf *);
/* A due date as text: "2027-01-13", or when it rests on days from `from`
   (a day, or -1 for none) that are not official, "预计 2027-01-13（…）". */
void		 case_due_text(const struct cases *, cal_day due, cal_day from,
		    struct buf *);
/* Derive a case's state; with explain, the due date's working (lines). */
void		 case_view(const struct cases *, const struct app_rec *,
		    cal_day today, struct case_view *, struct buf *explain);
/* An event's outcome and reason codes ("" if none). */
const char	*case_ev_outcome(const struct cases *, const struct event *);
const char	*case_ev_reason(const struct cases *, const struct event *);
/* The whole row of an event, read from the file: 0, or -1 (then all "").
   Free with case_ev_text_free. */
int		 cases_event_text(const struct cases *, const struct event *,
		    struct ev_text *);
void		 case_ev_text_free(struct ev_text *);
/* The day application i was received (-1 not yet), without deriving the
   rest of the case. */
cal_day		 cases_received(const struct cases *, size_t i);
/* The summary of application i, brought up to date if it changed. */
const struct case_sum *cases_sum(struct cases *, size_t i);
/* May this step be taken in the case's state? */
int		 case_allows(const struct case_view *, enum ev_type);

/* Application i's 经办人 (a staff login), or NULL. */
const char	*cases_assignee(const struct cases *, size_t i);

struct case_step {
	enum ev_type	 type;
	const char	*date;		/* YYYY-MM-DD */
	const char	*staff;
	const char	*outcome, *reason, *note, *medium;
	int		 days;
};

enum case_err {
	CASE_OK = 0,
	CASE_ENOCASE,		/* no such application */
	CASE_ESTATE,		/* not allowed in the case's state */
	CASE_EINPUT,		/* a value is wrong: *msg says which */
	CASE_ENOSPC,
	CASE_EIO
};

/* Check a step against the case as it stands on disk and append it. */
enum case_err	 cases_act(struct cases *, const char *id,
		    const struct case_step *, time_t now, const char **msg);
/* For batch writers: an event's row (CASE_EV_COLS cells). */
#define CASE_EV_COLS 10
extern const char *const ev_file_header[CASE_EV_COLS];	/* the header row */
void		 case_fill_event_row(const char *id, const char *when,
		    const char *date, const char *staff, enum ev_type,
		    const char *outcome, const char *reason, const char *days,
		    const char *note, const char *medium, const char **row);
/*
 * The applicant's applications to one agency in one natural month, for
 * 按件计收: those of the same identity (app_identity: the ID type and
 * number, or the unified social credit code, normalised) in the month an
 * application was received (submitted, until received), across every
 * channel.  count: how many; nth: this one's place, by received day then
 * id.  0, or -1 when the application has no identity or cannot be read.
 */
struct case_month {
	int	 year, month;
	size_t	 count, nth;
};
int		 cases_month_count(const struct cases *, const struct app_rec *,
		    struct case_month *);
/* The fee of a notice on the case, in 元, with its working (lines) in b:
   method count uses the month's nth, pages the pages.  -1 and *msg when
   the case cannot be charged that way. */
long		 cases_fee_amount(const struct cases *, const struct app_rec *,
		    const char *method, const char *pages, long *units,
		    struct buf *b, const char **msg);
/* Today in the site's time zone. */
cal_day		 cases_today(const struct cases *, time_t now);

#endif
