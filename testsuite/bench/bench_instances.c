/*
 * bench_instances.c: what a network stack costs when a program wants N
 * of them, made with the runtime and made the ways that a user of the
 * legacy stack has without it.
 *
 *	vnet_bench_instances vnet|dlmopen|dlopen|process N [SECONDS]
 *
 * vnet		N vnet_alloc() of the converted stack (VIMAGE) in this
 *		process.
 * dlmopen	The legacy stack as a shared object, loaded N times, each
 *		copy in a link-map namespace of its own (LM_ID_NEWLM).
 * dlopen	The same shared object copied to N files and each copy
 *		dlopen()ed RTLD_LOCAL.  A copy needs a name and an inode of
 *		its own: the dynamic linker hands back the object it has
 *		loaded already when either matches, so one file opened
 *		under N names, or linked to N names, is one stack.  Each
 *		copy is unlinked once loaded; the mapping keeps it.
 * process	N processes, each running the legacy stack
 *		(vnet_bench_instance_child), each spawned and ready before
 *		the next is.
 *
 * The shared object's build (CMakeLists.txt) says what keeps the copies
 * apart.  Once all N exist, every one must answer a ping and list only
 * its own lo0 (instance_check.h); a process does that before it says it
 * is ready, so for processes the time to make one includes the check.
 * Prints
 *
 *	APPROACH N CREATE_US RSS_KIB PSS_KIB
 *
 * that is the mean time to make one, and the resident and proportional
 * memory that each costs, from smaps_rollup: what this process grew by
 * from just before the first was made, or for processes the children's
 * own sums, divided by N.  When an approach cannot make N, or making
 * them takes longer than SECONDS (60), it prints "APPROACH N error: WHY"
 * instead and exits 1; testsuite/bench/alt_instances.py runs it.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"
#include "instance_check.h"

extern char **environ;

/* One instance, as the approach that made it knows it. */
union instance {
	struct vnet *in_vnet;
	void *in_dl; /* dlopen() handle */
	pid_t in_pid;
};

/*
 * One way of making instances.  make(i) makes instance i and check(i)
 * proves it; both return 0, or -1 with why[] set (fail()).  Memory is
 * this process's growth when the instances live in it, else memory(n)
 * sums theirs.  setup and teardown are optional; teardown runs whatever
 * happened and must undo only the instances made.
 */
struct approach {
	const char *a_name;
	int (*a_setup)(int n);
	int (*a_make)(int i);
	int (*a_check)(int i);
	int (*a_memory)(int n, size_t *rss_kib, size_t *pss_kib);
	void (*a_teardown)(int n);
};

/* What run() measures: the mean time to make one, the totals of memory. */
struct figures {
	double f_create_us;
	size_t f_rss_kib, f_pss_kib;
};

static union instance *inst;
static char why[512];
/* The converted stack's entry points, linked in. */
static const struct instance_ops linked_ops = {sys_ping, sys_iflist};

static int
fail(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

static int
fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return (-1);
}

/* What why says, after how far the approach got. */
static int
fail_after(int made, int n)
{
	char what[sizeof(why)];

	memcpy(what, why, sizeof(what));
	return (fail("%d of %d made, then %s", made, n, what));
}

/* instance_check() through a copy's own entry points. */
static int
check_ops(const struct instance_ops *ops, int i)
{
	char what[sizeof(why) - 32];

	if (instance_check(ops, what, sizeof(what)) != 0)
		return (fail("instance %d: %s", i, what));
	return (0);
}

static int
vnet_make(int i)
{
	if ((inst[i].in_vnet = vnet_alloc()) == NULL)
		return (fail("vnet_alloc: %s", strerror(errno)));
	return (0);
}

/* The stack's system calls run in the calling thread's home. */
static int
vnet_check(int i)
{
	int error;

	vnet_thread_set_home(inst[i].in_vnet);
	error = check_ops(&linked_ops, i);
	vnet_thread_set_home(NULL);
	return (error);
}

/* The check in vnet0, the thread's home until it sets another. */
static int
warm_up(void)
{
	char what[sizeof(why) - 32];

	if (instance_check(&linked_ops, what, sizeof(what)) != 0)
		return (fail("vnet0: %s", what));
	return (0);
}

static const char so_path[] = BENCH_NETSTACK_SO;

static int
dlmopen_make(int i)
{
	inst[i].in_dl = dlmopen(LM_ID_NEWLM, so_path, RTLD_NOW | RTLD_LOCAL);
	if (inst[i].in_dl == NULL)
		return (fail("dlmopen: %s", dlerror()));
	return (0);
}

static int
dl_check(int i)
{
	struct instance_ops ops;

	/* POSIX's way from dlsym()'s object pointer to a function's. */
	*(void **)&ops.io_ping = dlsym(inst[i].in_dl, "sys_ping");
	*(void **)&ops.io_iflist = dlsym(inst[i].in_dl, "sys_iflist");
	if (ops.io_ping == NULL || ops.io_iflist == NULL)
		return (fail("instance %d: dlsym: %s", i, dlerror()));
	return (check_ops(&ops, i));
}

/* The shared object's bytes, written out for each copy. */
static char *so_image;
static size_t so_size;
static char copy_dir[PATH_MAX];

static int
dlopen_setup(int n)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;
	ssize_t got;
	int fd;

	(void)n;
	if ((fd = open(so_path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0)
		return (fail("%s: %s", so_path, strerror(errno)));
	so_size = (size_t)st.st_size;
	if ((so_image = malloc(so_size)) == NULL)
		return (fail("%s: %s", so_path, strerror(errno)));
	got = read(fd, so_image, so_size);
	close(fd);
	if (got < 0 || (size_t)got != so_size)
		return (fail("%s: short read", so_path));
	snprintf(copy_dir, sizeof(copy_dir), "%s/vnet_bench_instances.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(copy_dir) == NULL) {
		copy_dir[0] = '\0';
		return (fail("mkdtemp: %s", strerror(errno)));
	}
	return (0);
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t done;

	for (; len > 0; p += done, len -= (size_t)done)
		if ((done = write(fd, p, len)) < 0 && errno != EINTR)
			return (-1);
		else if (done < 0)
			done = 0;
	return (0);
}

/* The copy's file is part of what making an instance takes. */
static int
dlopen_make(int i)
{
	char path[PATH_MAX + 32];
	int error, fd;

	snprintf(path, sizeof(path), "%s/netstack.%d.so", copy_dir, i);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (fd < 0)
		return (fail("%s: %s", path, strerror(errno)));
	error = write_all(fd, so_image, so_size);
	if (close(fd) != 0 || error != 0) {
		error = errno;
		unlink(path);
		return (fail("%s: %s", path, strerror(error)));
	}
	inst[i].in_dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	unlink(path);
	if (inst[i].in_dl == NULL)
		return (fail("dlopen: %s", dlerror()));
	return (0);
}

static void
dlopen_teardown(int n)
{
	(void)n;
	if (copy_dir[0] != '\0')
		rmdir(copy_dir);
	free(so_image);
}

static const char child_path[] = BENCH_INSTANCE_CHILD;
/*
 * Every child's stdin: the parent holds the write end, and closing it
 * tells them all to go.
 */
static int hold[2] = {-1, -1};
static int nchildren;

static int
process_setup(int n)
{
	(void)n;
	if (pipe2(hold, O_CLOEXEC) != 0)
		return (fail("pipe: %s", strerror(errno)));
	return (0);
}

/* A child that is ready has written one byte on its stdout pipe. */
static int
process_make(int i)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = {(char *)child_path, NULL};
	int error, ready[2], status = 0;
	ssize_t got;
	char c;

	if (pipe2(ready, O_CLOEXEC) != 0)
		return (fail("pipe: %s", strerror(errno)));
	/* dup2() clears close-on-exec on the child's copies only. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, hold[0], STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&fa, ready[1], STDOUT_FILENO);
	error =
	    posix_spawn(&inst[i].in_pid, child_path, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(ready[1]);
	if (error != 0) {
		close(ready[0]);
		return (fail("posix_spawn: %s", strerror(error)));
	}
	nchildren++;
	while ((got = read(ready[0], &c, 1)) < 0 && errno == EINTR)
		continue;
	close(ready[0]);
	if (got == 1)
		return (0);
	waitpid(inst[i].in_pid, &status, 0);
	nchildren--;
	return (fail("instance %d exited (status %#x) before it was ready", i,
	    status));
}

static int
process_memory(int n, size_t *rss_kib, size_t *pss_kib)
{
	size_t rss, pss;
	int i;

	*rss_kib = *pss_kib = 0;
	for (i = 0; i < n; i++) {
		if (bench_rss_pss(inst[i].in_pid, &rss, &pss) != 0)
			return (fail("instance %d: no smaps_rollup", i));
		*rss_kib += rss;
		*pss_kib += pss;
	}
	return (0);
}

static void
process_teardown(int n)
{
	int i;

	(void)n;
	if (hold[1] >= 0)
		close(hold[1]);
	for (i = 0; i < nchildren; i++)
		waitpid(inst[i].in_pid, NULL, 0);
}

static const struct approach approaches[] = {
    {"vnet", NULL, vnet_make, vnet_check, NULL, NULL},
    {"dlmopen", NULL, dlmopen_make, dl_check, NULL, NULL},
    {"dlopen", dlopen_setup, dlopen_make, dl_check, NULL, dlopen_teardown},
    {"process", process_setup, process_make, NULL, process_memory,
	process_teardown},
};

/*
 * Makes n instances the approach's way within the time allowed, checks
 * them and measures them: 0 with the figures, or -1 with why[] set.
 */
static int
run(const struct approach *a, int n, double seconds, struct figures *f)
{
	size_t rss0 = 0, pss0 = 0;
	uint64_t t0, t = 0;
	int i;

	if (a->a_setup != NULL && a->a_setup(n) != 0)
		return (-1);
	/*
	 * The pages of code and libc that a check touches first are the
	 * process's once, not any instance's: touch them in vnet0 before
	 * the baseline.
	 */
	if (a->a_memory == NULL) {
		if (warm_up() != 0)
			return (-1);
		if (bench_rss_pss(getpid(), &rss0, &pss0) != 0)
			return (fail("no smaps_rollup"));
	}
	t0 = bench_now_ns();
	for (i = 0; i < n; i++) {
		if (a->a_make(i) != 0)
			return (fail_after(i, n));
		t = bench_now_ns() - t0;
		if (i + 1 < n && t > seconds * 1e9)
			return (fail("%d of %d made in more than %.0f s", i + 1,
			    n, seconds));
	}
	f->f_create_us = (double)t / n / 1e3;
	for (i = 0; i < n && a->a_check != NULL; i++)
		if (a->a_check(i) != 0)
			return (-1);
	if (a->a_memory != NULL)
		return (a->a_memory(n, &f->f_rss_kib, &f->f_pss_kib));
	if (bench_rss_pss(getpid(), &f->f_rss_kib, &f->f_pss_kib) != 0)
		return (fail("no smaps_rollup"));
	f->f_rss_kib -= rss0;
	f->f_pss_kib -= pss0;
	return (0);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: vnet_bench_instances vnet|dlmopen|dlopen|"
	    "process N [SECONDS]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const struct approach *a = NULL;
	struct figures f = {0, 0, 0};
	double seconds = 60;
	int error, n;
	size_t i;

	if (argc < 3 || argc > 4)
		usage();
	for (i = 0; i < nitems(approaches); i++)
		if (strcmp(argv[1], approaches[i].a_name) == 0)
			a = &approaches[i];
	n = atoi(argv[2]);
	if (argc == 4)
		seconds = atof(argv[3]);
	if (a == NULL || n < 1 || seconds <= 0)
		usage();
	if ((inst = calloc((size_t)n, sizeof(*inst))) == NULL) {
		perror("vnet_bench_instances");
		return (1);
	}
	error = run(a, n, seconds, &f);
	if (error == 0)
		printf("%s %d %.2f %.2f %.2f\n", a->a_name, n, f.f_create_us,
		    (double)f.f_rss_kib / n, (double)f.f_pss_kib / n);
	else
		printf("%s %d error: %s\n", a->a_name, n, why);
	if (a->a_teardown != NULL)
		a->a_teardown(n);
	return (error == 0 ? 0 : 1);
}
