#!/usr/bin/env bash
# Slow clients (slowloris) behind the web server: 1 500 connections that
# send their request a few bytes at a time and never finish it, and a
# person's pages (/ and /requests) still answer 200 within 1 s.
#   tests/http/slow.sh BUILD PORT        (SERVER from the environment)
#
# Two attacks, each held for 12 s once all its connections are open (longer
# than the servers' 10 s time-outs, so the attacker's reconnections are in
# it): slow request headers from 127.0.0.1, and slow form bodies (POST
# /apply) from 150 addresses, 127.0.1.1-127.0.1.150, 10 each.  The person
# comes from 127.0.0.2: every client here is this machine, and a person
# never shares the attacker's address.  127.0.0.1 is exempt from nginx's
# per-address limits (LIMIT_EXEMPT), the 150 addresses are not; neither
# attack is stopped by a per-address limit, only by the servers' room for
# connections and their time-outs.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
PORT=${2:-18120}
SLOW=${SLOW:-1500}
S=${SERVER:-nginx}
T=$(mktemp -d /tmp/ogi-slow-XXXXXX)
chmod 755 "$T"
export PORT DATA=$T/data RUN=$T/run
BASE=http://127.0.0.1:$PORT
. tests/lib.sh
client=
cleanup() {
	[ -n "$client" ] && kill "$client" 2>/dev/null && wait "$client" 2>/dev/null
	tools/ogi-site stop >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT

# The attacker: a small C client (epoll; one descriptor a connection).
cat >"$T/slowc.c" <<'C'
/* Slow clients (slowloris): N connections to 127.0.0.1:PORT, each sending
   its request a few bytes at a time and never finishing it; one the server
   lets go of (a close, a 408, a 429) is opened again a second later, and
   new connections are opened at 500 a second at most.  Prints a line a
   second: "SECONDS open N connecting N closed N failed N" (closed: by the
   server; failed: connections refused or reset).
     slowc PORT N SECONDS INTERVAL header|body[:PATH] SRC...
   header: a request line and a Host line, then a line "X-a: b" every
   INTERVAL seconds.  body: a whole header of a POST to PATH (/apply)
   announcing 64 KB of form, then a byte of it every INTERVAL seconds.
   SRC: the source addresses, taken in turn; A-B for a range
   (127.0.1.1-127.0.1.150). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { FREE, CONNECTING, OPEN, WAITING, RATE = 500, MAXSRC = 4096 };
struct conn { int fd, state; double next; };

static struct conn *cs;
static struct in_addr srcs[MAXSRC];
static unsigned nsrc, nextsrc;
static int ep, port;
static long closed, failed;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Close connection i; open it again in a second. */
static void
let_go(int i, long *count)
{
	if (cs[i].fd >= 0)
		close(cs[i].fd);
	cs[i].fd = -1;
	cs[i].state = WAITING;
	cs[i].next = now() + 1;
	(*count)++;
}

static void
open_one(int i)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct sockaddr_in from = { .sin_family = AF_INET };
	struct epoll_event ev = { .events = EPOLLOUT | EPOLLIN | EPOLLRDHUP, .data.u32 = i };

	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	from.sin_addr = srcs[nextsrc++ % nsrc];
	cs[i].fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (cs[i].fd < 0 || bind(cs[i].fd, (struct sockaddr *)&from, sizeof(from)) != 0 ||
	    (connect(cs[i].fd, (struct sockaddr *)&to, sizeof(to)) != 0 &&
	    errno != EINPROGRESS) || epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &ev) != 0) {
		let_go(i, &failed);
		return;
	}
	cs[i].state = CONNECTING;
}

int
main(int argc, char **argv)
{
	struct epoll_event evs[256];
	struct rlimit rl;
	char head[512];
	const char *more;
	double secs, every, t, t0, tick, last, budget = 0;
	int n, i, k, m, body;

	if (argc < 7) {
		fprintf(stderr, "usage: slowc PORT N SECONDS INTERVAL header|body[:PATH] SRC...\n");
		return 2;
	}
	port = atoi(argv[1]);
	n = atoi(argv[2]);
	secs = atof(argv[3]);
	every = atof(argv[4]);
	body = strncmp(argv[5], "body", 4) == 0;
	for (k = 6; k < argc; k++) {
		char *dash = strchr(argv[k], '-');
		struct in_addr lo, hi;
		uint32_t a;

		if (dash)
			*dash = 0;
		if (inet_pton(AF_INET, argv[k], &lo) != 1 ||
		    (dash && inet_pton(AF_INET, dash + 1, &hi) != 1)) {
			fprintf(stderr, "slowc: not an address: %s\n", argv[k]);
			return 2;
		}
		if (!dash)
			hi = lo;
		for (a = ntohl(lo.s_addr); a <= ntohl(hi.s_addr) && nsrc < MAXSRC; a++)
			srcs[nsrc++].s_addr = htonl(a);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)n + 32) {
		rl.rlim_cur = rl.rlim_max < (rlim_t)n + 32 ? rl.rlim_max : (rlim_t)n + 32;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < (rlim_t)n + 16) {
		fprintf(stderr, "slowc: not enough descriptors for %d connections\n", n);
		return 2;
	}
	if (body)
		snprintf(head, sizeof(head), "POST %.200s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    "Content-Type: application/x-www-form-urlencoded\r\n"
		    "Content-Length: 65536\r\n\r\n",
		    argv[5][4] == ':' ? argv[5] + 5 : "/apply");
	else
		snprintf(head, sizeof(head), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
	more = body ? "a" : "X-a: b\r\n";
	cs = calloc(n, sizeof(*cs));
	ep = epoll_create1(0);
	if (cs == NULL || ep < 0) {
		perror("slowc");
		return 2;
	}
	for (i = 0; i < n; i++)
		cs[i].fd = -1;
	srand(getpid());
	setvbuf(stdout, NULL, _IOLBF, 0);
	t0 = tick = last = now();
	for (;;) {
		m = epoll_wait(ep, evs, 256, 50);
		for (k = 0; k < m; k++) {
			i = evs[k].data.u32;
			if (cs[i].state == CONNECTING) {
				struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.u32 = i };
				int err = 0;
				socklen_t len = sizeof(err);

				getsockopt(cs[i].fd, SOL_SOCKET, SO_ERROR, &err, &len);
				if (err != 0) {
					let_go(i, &failed);
					continue;
				}
				if (!(evs[k].events & EPOLLOUT))
					continue;
				epoll_ctl(ep, EPOLL_CTL_MOD, cs[i].fd, &ev);
				if (send(cs[i].fd, head, strlen(head), MSG_NOSIGNAL) < 0) {
					let_go(i, &closed);
					continue;
				}
				cs[i].state = OPEN;
				cs[i].next = now() + every * (rand() / (RAND_MAX + 1.0));
			}
			/* Whatever the server says, it has let go. */
			if (cs[i].state == OPEN && (evs[k].events &
			    (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
				let_go(i, &closed);
		}
		t = now();
		budget += (t - last) * RATE;
		if (budget > RATE / 10.0)
			budget = RATE / 10.0;
		last = t;
		for (i = 0; i < n; i++) {
			if (cs[i].state == FREE ||
			    (cs[i].state == WAITING && cs[i].next <= t)) {
				if (budget >= 1) {
					budget--;
					open_one(i);
				}
			} else if (cs[i].state == OPEN && cs[i].next <= t) {
				if (send(cs[i].fd, more, strlen(more), MSG_NOSIGNAL) < 0)
					let_go(i, &closed);
				else
					cs[i].next = t + every;
			}
		}
		if (t - tick >= 1 || t - t0 >= secs) {
			int open = 0, connecting = 0;

			for (i = 0; i < n; i++) {
				open += cs[i].state == OPEN;
				connecting += cs[i].state == CONNECTING;
			}
			printf("%.0f open %d connecting %d closed %ld failed %ld\n",
			    t - t0, open, connecting, closed, failed);
			tick = t;
			if (t - t0 >= secs)
				return 0;
		}
	}
}
C
ok "the slow client builds" cc -std=c11 -D_GNU_SOURCE -O2 -o "$T/slowc" "$T/slowc.c"

tools/ogi-site start "$BUILD" >"$T/start.log" 2>&1
ok "$S: the site starts" curl -fs -o /dev/null "$BASE/"

# A person's page from 127.0.0.2: prints "STATUS SECONDS".
page() {
	curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --interface 127.0.0.2 \
	    --max-time 3 "$BASE$1" || true
}
# Connections the server has taken: established (/proc/net/tcp, state 01),
# less those still in its accept queue (the listening socket's rx_queue).
held() {
	local est queue
	read -r est queue < <(awk -v port="$(printf '%04X' "$PORT")" '
		NR > 1 && substr($2, length($2) - 3) == port {
			if ($4 == "01") n++
			if ($4 == "0A") { split($5, q, ":"); queue = q[2] }
		}
		END { print n + 0, (queue == "" ? "0" : queue) }' /proc/net/tcp)
	echo $((est - 16#$queue))
}
for p in / /requests; do
	echo "# $S: $p with no attack: $(page "$p")"
done

attack() {	# name, header|body, source addresses...
	local name=$1 mode=$2 open=0 i t0 p code secs bad=0 n=0 most=0 h
	shift 2
	"$T/slowc" "$PORT" "$SLOW" 40 5 "$mode" "$@" >"$T/slowc.log" 2>&1 &
	client=$!
	for i in $(seq 100); do
		open=$(tail -1 "$T/slowc.log" | awk '$2 == "open" {print $3}')
		[ "${open:-0}" -ge "$SLOW" ] && break
		sleep 0.1
	done
	echo "# $S: $name: $(tail -1 "$T/slowc.log")"
	t0=$SECONDS
	while [ $((SECONDS - t0)) -lt 12 ] && [ $bad -lt 4 ]; do
		for p in / /requests; do
			read -r code secs < <(page "$p")
			n=$((n + 1))
			if [ "$code" != 200 ] || ! awk "BEGIN { exit !($secs < 1) }"; then
				bad=$((bad + 1))
				echo "#   $p: $code after ${secs}s, $((SECONDS - t0)) s into the attack"
			fi
			echo "$secs" >>"$T/times"
		done
		h=$(held)
		[ "$h" -gt "$most" ] && most=$h
		sleep 0.5
	done
	echo "# $S: $name: $(tail -1 "$T/slowc.log")"
	echo "# $S: $name: the server held up to $most connections; the person's pages took $(sort -n "$T/times" |
	    awk '{ t[NR] = $1 } END { printf "%.3f s (median), %.3f s (slowest)", t[int((NR + 1) / 2)], t[NR] }'); $bad of $n late or failed"
	rm -f "$T/times"
	ok "$S: $name: the attack is on (the server took at least half of its connections)" test "$most" -ge $((SLOW / 2))
	ok "$S: $name: $SLOW connections open, / and /requests still answer 200 within 1 s" test $bad -eq 0
	kill "$client" 2>/dev/null
	wait "$client" 2>/dev/null
	client=
	sleep 1
}
attack "slow headers from 127.0.0.1" header 127.0.0.1
attack "slow bodies from 150 addresses" body 127.0.1.1-127.0.1.150
ok "$S: the site still answers" curl -fs -o /dev/null "$BASE/requests"
exit $((T_FAILS > 0))
