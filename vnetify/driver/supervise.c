/*
 * supervise.c: see supervise.h.
 *
 * The worker writes "B <phase> <job>" and "E <phase> <job>" lines to a
 * pipe; each is shorter than PIPE_BUF, so lines from several threads
 * never mix.  The parent keeps the parses in flight with their start
 * times and looks at the worker every 100 ms: its resident memory
 * (/proc/PID/statm) and the files it has open (/proc/PID/fd).  What the
 * parent learns goes into marks[], which the next worker inherits
 * through fork().
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "driver/supervise.h"
#include "support/diag.h"
#include "support/util.h"

/* A job an earlier worker was running when it was stopped. */
struct mark {
	char phase;
	size_t job;
	char *reason; /* NULL: a suspect, to run alone */
};

static VEC(struct mark) marks;
static int report_fd = -1;
static volatile sig_atomic_t worker_pid, stop_signal;

/*
 * A descriptor the command was started with: the worker has it too, and
 * it is not a parse's doing whatever it names (3</dev/zero).
 */
struct inherited {
	int fd;
	dev_t dev;
	ino_t ino;
};
static VEC(struct inherited) inherited;

/*
 * Each worker excludes a parse or isolates the ones in flight, so the
 * number of workers is bounded by twice the parses; this is a backstop.
 */
#define MAX_ATTEMPTS 100000

static void
report(char what, char phase, size_t job)
{
	char line[64];
	int n;

	if (report_fd < 0)
		return;
	n = snprintf(line, sizeof(line), "%c %c %zu\n", what, phase, job);
	(void)!write(report_fd, line, (size_t)n);
}

void
supervise_begin(char phase, size_t job)
{
	report('B', phase, job);
}

void
supervise_end(char phase, size_t job)
{
	report('E', phase, job);
}

static struct mark *
find_mark(char phase, size_t job)
{
	size_t i;

	for (i = 0; i < marks.n; i++)
		if (marks.v[i].phase == phase && marks.v[i].job == job)
			return (&marks.v[i]);
	return (NULL);
}

const char *
supervise_excluded(char phase, size_t job)
{
	struct mark *k = find_mark(phase, job);

	return (k != NULL ? k->reason : NULL);
}

bool
supervise_alone(char phase, size_t job)
{
	struct mark *k = find_mark(phase, job);

	return (k != NULL && k->reason == NULL);
}

unsigned long
supervise_default_memory_mb(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	if (pages <= 0 || size <= 0)
		return (0);
	return ((unsigned long)pages / 2 * (unsigned long)size >> 20);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

struct flight {
	char phase;
	size_t job;
	long long since;
	bool overdue;
};

struct flights {
	struct flight *v;
	size_t n, cap;
};

struct watch {
	struct flights inflight;
	struct flights blamed; /* in flight when the parent stopped it */
	char *reason;	       /* why the parent stopped the worker, or NULL */
	bool blame_overdue;
};

static void
take_line(struct watch *w, const char *line)
{
	struct flight f;
	char what, phase;
	size_t job, i;

	if (sscanf(line, "%c %c %zu", &what, &phase, &job) != 3)
		return;
	if (what == 'B') {
		f.phase = phase;
		f.job = job;
		f.since = now_ms();
		f.overdue = false;
		VEC_PUSH(&w->inflight, f);
		return;
	}
	for (i = 0; i < w->inflight.n; i++)
		if (w->inflight.v[i].phase == phase &&
		    w->inflight.v[i].job == job) {
			w->inflight.v[i] = w->inflight.v[--w->inflight.n];
			return;
		}
}

/* The worker's resident memory in MB, or 0 if unknown. */
static unsigned long
resident_mb(pid_t pid)
{
	char path[64];
	unsigned long size, rss = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/statm", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return (0);
	if (fscanf(f, "%lu %lu", &size, &rss) != 2)
		rss = 0;
	fclose(f);
	return (rss * (unsigned long)sysconf(_SC_PAGESIZE) >> 20);
}

static bool
was_inherited(int fd, const struct stat *st)
{
	size_t i;

	for (i = 0; i < inherited.n; i++)
		if (inherited.v[i].fd == fd &&
		    inherited.v[i].dev == st->st_dev &&
		    inherited.v[i].ino == st->st_ino)
			return (true);
	return (false);
}

/* The descriptors this process has now, above the standard three. */
static void
note_inherited(void)
{
	struct inherited in;
	struct dirent *de;
	struct stat st;
	char *p;
	DIR *d = opendir("/proc/self/fd");

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		in.fd = atoi(de->d_name);
		if (de->d_name[0] == '.' || in.fd <= 2 || in.fd == dirfd(d))
			continue;
		p = xasprintf("/proc/self/fd/%s", de->d_name);
		if (stat(p, &st) == 0) {
			in.dev = st.st_dev;
			in.ino = st.st_ino;
			VEC_PUSH(&inherited, in);
		}
		free(p);
	}
	closedir(d);
}

/*
 * A device or a named pipe the worker has open: no source is one, and
 * reading one never ends (/dev/zero) or waits (a FIFO).  The devices
 * libraries open for themselves are left alone.
 */
static char *
device_open(pid_t pid)
{
	static const char *const benign[] = {"/dev/null", "/dev/urandom",
	    "/dev/random", "/dev/tty", NULL};
	char dir[64], *p, link[4096], *found = NULL;
	struct dirent *de;
	struct stat st;
	ssize_t n;
	size_t i;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%ld/fd", (long)pid);
	if ((d = opendir(dir)) == NULL)
		return (NULL);
	while (found == NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || atoi(de->d_name) <= 2)
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		n = readlink(p, link, sizeof(link) - 1);
		if (n > 0 && stat(p, &st) == 0 &&
		    !was_inherited(atoi(de->d_name), &st)) {
			link[n] = '\0';
			for (i = 0; benign[i] != NULL; i++)
				if (strcmp(link, benign[i]) == 0)
					break;
			if (benign[i] == NULL && link[0] == '/' &&
			    (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ||
				S_ISFIFO(st.st_mode)))
				found = xasprintf("reads %s, a %s and not a "
						  "source file",
				    link,
				    S_ISFIFO(st.st_mode) ? "named pipe"
							 : "device");
		}
		free(p);
	}
	closedir(d);
	return (found);
}

/*
 * The path a thread blocked in openat(2) is opening, read from the
 * worker's memory (a parent may); NULL if that cannot be had.
 */
static char *
opening_path(pid_t pid, const char *task)
{
#if defined(__x86_64__) || defined(__aarch64__)
#if defined(__x86_64__)
	const long sys_openat = 257;
#else
	const long sys_openat = 56;
#endif
	char path[384], buf[4096];
	unsigned long long addr;
	long nr;
	ssize_t n;
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/task/%s/syscall", (long)pid,
	    task);
	if ((f = fopen(path, "r")) == NULL)
		return (NULL);
	n = fscanf(f, "%ld %*x %llx", &nr, &addr) == 2 ? 1 : 0;
	fclose(f);
	if (n == 0 || nr != sys_openat)
		return (NULL);
	snprintf(path, sizeof(path), "/proc/%ld/mem", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return (NULL);
	n = pread(fd, buf, sizeof(buf) - 1, (off_t)addr);
	close(fd);
	if (n <= 0)
		return (NULL);
	buf[n] = '\0';
	return (strlen(buf) < (size_t)n ? xstrdup(buf) : NULL);
#else
	(void)pid;
	(void)task;
	return (NULL);
#endif
}

/* A thread of the worker waiting for a writer to open a FIFO. */
static char *
fifo_wait(pid_t pid)
{
	char dir[64], path[384], wchan[64], *what, *found = NULL;
	struct dirent *de;
	size_t n;
	FILE *f;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%ld/task", (long)pid);
	if ((d = opendir(dir)) == NULL)
		return (NULL);
	while (found == NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/wchan", dir, de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		n = fread(wchan, 1, sizeof(wchan) - 1, f);
		fclose(f);
		wchan[n] = '\0';
		if (strcmp(wchan, "wait_for_partner") != 0 &&
		    strcmp(wchan, "fifo_open") != 0)
			continue;
		what = opening_path(pid, de->d_name);
		found = xasprintf("waits to open %s, a named pipe and not a "
				  "source file",
		    what != NULL ? what : "a file it includes");
		free(what);
	}
	closedir(d);
	return (found);
}

/* Look at the worker until its pipe closes; stop it if it must. */
static void
watch(pid_t pid, int fd, const struct supervise_limits *lim, struct watch *w)
{
	char buf[4096], *nl;
	struct strbuf pending = STRBUF_INIT;
	struct pollfd pf = {fd, POLLIN, 0};
	long long t, last = 0;
	unsigned long mb;
	ssize_t n;
	size_t i, k;

	for (;;) {
		if (poll(&pf, 1, 100) > 0) {
			n = read(fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			sb_add(&pending, buf, (size_t)n);
			while ((nl = memchr(sb_str(&pending), '\n',
				    pending.len)) != NULL) {
				*nl = '\0';
				take_line(w, sb_str(&pending));
				k = (size_t)(nl - sb_str(&pending)) + 1;
				memmove(pending.s, pending.s + k,
				    pending.len - k);
				pending.len -= k;
			}
		}
		if (w->reason != NULL || w->inflight.n == 0 ||
		    (t = now_ms()) - last < 100)
			continue;
		last = t;
		for (i = 0; lim->timeout_s > 0 && i < w->inflight.n; i++)
			if (t - w->inflight.v[i].since >
			    (long long)lim->timeout_s * 1000) {
				w->inflight.v[i].overdue = true;
				w->blame_overdue = true;
			}
		if (w->blame_overdue)
			w->reason = xasprintf("took longer than %u s "
					      "(--tu-timeout)",
			    lim->timeout_s);
		if (w->reason == NULL && lim->memory_mb > 0 &&
		    (mb = resident_mb(pid)) > lim->memory_mb)
			w->reason = xasprintf("took the worker over %lu MB of "
					      "memory (--memory-limit)",
			    lim->memory_mb);
		if (w->reason == NULL)
			w->reason = device_open(pid);
		if (w->reason == NULL)
			w->reason = fifo_wait(pid);
		if (w->reason == NULL)
			continue;
		/*
		 * What to blame is what is running now: lines still in the
		 * pipe may say a parse ended after it was judged.
		 */
		kill(pid, SIGKILL);
		for (i = 0; i < w->inflight.n; i++)
			if (!w->blame_overdue || w->inflight.v[i].overdue)
				VEC_PUSH(&w->blamed, w->inflight.v[i]);
	}
	sb_free(&pending);
}

static bool
is_crash(int sig)
{
	return (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
	    sig == SIGFPE || sig == SIGABRT || sig == SIGTRAP || sig == SIGSYS);
}

static void
forward(int sig)
{
	if (worker_pid > 0)
		kill((pid_t)worker_pid, sig);
	else
		stop_signal = sig;
}

/* The signals that stop a run, and whether each was ignored at start. */
static const int stop_signals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT};
static bool ignored_at_start[4];

/*
 * The signals a person sends reach the worker, and the parent waits for
 * it: a kill sent to the parent alone is passed on, one the terminal
 * sends to both (SIGINT, SIGQUIT) is the worker's.  A signal the command
 * was started ignoring (nohup) stays ignored in both.
 */
static void
parent_signals(void)
{
	struct sigaction sa, old;
	size_t i;

	for (i = 0; i < 4; i++) {
		sigaction(stop_signals[i], NULL, &old);
		ignored_at_start[i] = old.sa_handler == SIG_IGN;
		if (ignored_at_start[i])
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler =
		    stop_signals[i] == SIGINT || stop_signals[i] == SIGQUIT
		    ? SIG_IGN
		    : forward;
		sigaction(stop_signals[i], &sa, NULL);
	}
}

static void
worker_signals(void)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (!ignored_at_start[i])
			signal(stop_signals[i], SIG_DFL);
}

/*
 * The parses to blame become marks: one alone is excluded; of several,
 * each becomes a suspect, to run alone next time, unless all of them are
 * suspects already (then nothing would be learnt: all are excluded).
 */
static void
blame(struct watch *w, const char *reason)
{
	struct mark *k, m;
	size_t i, n = 0, nsuspect = 0;

	n = w->inflight.n;
	for (i = 0; i < n; i++)
		nsuspect += supervise_alone(w->inflight.v[i].phase,
		    w->inflight.v[i].job);
	for (i = 0; i < n; i++) {
		k = find_mark(w->inflight.v[i].phase, w->inflight.v[i].job);
		if (k == NULL) {
			m.phase = w->inflight.v[i].phase;
			m.job = w->inflight.v[i].job;
			m.reason = NULL;
			VEC_PUSH(&marks, m);
			k = &marks.v[marks.n - 1];
		}
		if (n == 1 || nsuspect == n)
			k->reason = xstrdup(reason);
	}
}

void
supervise_start(const struct supervise_limits *lim)
{
	struct watch w;
	char *reason;
	pid_t parent = getpid();
	int p[2], status, sig, attempt;

	parent_signals();
	note_inherited();
	for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		if (stop_signal != 0) {
			/* Asked to stop between two workers. */
			signal(stop_signal, SIG_DFL);
			raise(stop_signal);
		}
		if (pipe2(p, O_CLOEXEC) != 0)
			fatal("cannot make a pipe: %s", strerror(errno));
		fflush(NULL);
		if ((worker_pid = fork()) < 0)
			fatal("cannot start the worker: %s", strerror(errno));
		if (worker_pid == 0) {
			/* The worker dies with its parent, never alone. */
			(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(EXIT_USAGE);
			worker_signals();
			close(p[0]);
			report_fd = p[1];
			return;
		}
		close(p[1]);
		memset(&w, 0, sizeof(w));
		watch((pid_t)worker_pid, p[0], lim, &w);
		close(p[0]);
		while (waitpid((pid_t)worker_pid, &status, 0) < 0 &&
		    errno == EINTR)
			;
		worker_pid = 0;
		/* A worker ends of itself only when no parse is running. */
		if (w.reason == NULL && WIFEXITED(status) && w.inflight.n == 0)
			exit(WEXITSTATUS(status));
		sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		if (w.reason == NULL && WIFEXITED(status))
			w.reason =
			    xasprintf("ended the worker (exit status %d, "
				      "as a sanitizer or an abort does)",
				WEXITSTATUS(status));
		if (w.reason == NULL && !is_crash(sig)) {
			/* Killed from outside: go the same way. */
			signal(sig, SIG_DFL);
			raise(sig);
			exit(EXIT_USAGE);
		}
		reason = w.reason != NULL
		    ? w.reason
		    : xasprintf("crashed libclang or vnetify (%s)",
			  strsignal(sig));
		if (w.reason != NULL) {
			/* The parent's judgement stands, not the pipe's. */
			VEC_FREE(&w.inflight);
			w.inflight = w.blamed;
			memset(&w.blamed, 0, sizeof(w.blamed));
		}
		if (w.inflight.n == 0) {
			diag_error(NULL, 0, 0,
			    "vnetify %s outside any parse; that is a bug in "
			    "vnetify: please report it with the command line",
			    reason);
			exit(EXIT_USAGE);
		}
		blame(&w, reason);
		diag_note(NULL, 0, 0, "a parse %s; running again %s", reason,
		    w.inflight.n > 1 ? "with the parses that were running, "
				       "one at a time, to find which"
				     : "without it");
		free(reason);
		VEC_FREE(&w.inflight);
	}
	fatal("gave up after %d workers stopped; run with -j 1 to see which "
	      "unit stops them",
	    MAX_ATTEMPTS);
}
