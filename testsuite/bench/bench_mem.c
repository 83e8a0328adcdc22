/*
 * bench_mem.c: memory per instance for a 4 KiB data set, 100,000
 * instances, against the goal (within 5% of the set plus 256 bytes), the
 * allocator's own floor for 4 KiB objects, one dlmopen() copy of a
 * module per instance, and one process per instance.  Each measurement
 * runs in a child of its own, so that none inherits another's heap.
 */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vnet/vnet.h>

#include "bench_util.h"

#define SETSIZE 4096
#define N	100000
#define NDLM	15 /* glibc has 16 namespaces, one is taken */
#define NFORK	200

VNET_DEFINE_STATIC(char, blob[SETSIZE]) = {1};

static const double goal = SETSIZE * 1.05 + 256;
/* Measured in one child, compared with in the next: shared memory. */
static struct {
	double floor, vnet; /* bytes per object, per instance */
} *res;
static char master[SETSIZE] = {1};
static char dir[PATH_MAX];

static void
in_child(void (*fn)(void))
{
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
}

static void
floor_malloc(void)
{
	char **p = calloc(N, sizeof(*p));
	uint64_t t0, t;
	size_t rss0;
	int i;

	memset(p, 0, N * sizeof(*p));
	rss0 = bench_rss();
	t0 = bench_now_ns();
	for (i = 0; i < N; i++) {
		p[i] = malloc(SETSIZE);
		memcpy(p[i], master, SETSIZE);
		BENCH_ESCAPE(p[i]);
	}
	t = bench_now_ns() - t0;
	res->floor = (double)(bench_rss() - rss0) / N;
	printf("  %-30s %7.0f bytes  (baseline: the allocator's floor); "
	       "%.2f us each\n",
	    "malloc(4096) + copy", res->floor, (double)t / N / 1000);
}

static void
vnet_instances(void)
{
	struct vnet **v = calloc(N, sizeof(*v));
	size_t rss0, set = (size_t)(__stop_set_vnet - __start_set_vnet);
	uint64_t t0, t;
	double per;
	int i;

	memset(v, 0, N * sizeof(*v));
	rss0 = bench_rss();
	t0 = bench_now_ns();
	for (i = 0; i < N; i++)
		if ((v[i] = vnet_alloc()) == NULL) {
			printf("  vnet_alloc failed at %d\n", i);
			return;
		}
	t = bench_now_ns() - t0;
	per = res->vnet = (double)(bench_rss() - rss0) / N;
	printf("  %-30s %7.0f bytes  %.3fx the baseline, %.3fx the goal "
	       "(%.0f): %s; %.3fx the set (%zu)\n",
	    "vnet instance", per, per / res->floor, per / goal, goal,
	    per <= goal ? "met" : "NOT MET", per / (double)set, set);
	printf("  %-30s %7.2f us each, %u instances live\n", "vnet_alloc",
	    (double)t / N / 1000, vnet_count());
	for (i = 0; i < N; i++)
		vnet_destroy(v[i]);
}

static void
dlmopen_copies(void)
{
	char path[PATH_MAX + 32];
	long (*touch)(void);
	uint64_t t0, t;
	size_t rss0;
	double per;
	void *h;
	int k;

	snprintf(path, sizeof(path), "%s/libvnet_bench_plain4k.so", dir);
	rss0 = bench_rss();
	t0 = bench_now_ns();
	for (k = 0; k < NDLM; k++) {
		if ((h = dlmopen(LM_ID_NEWLM, path, RTLD_NOW)) == NULL)
			break;
		*(void **)&touch = dlsym(h, "plain_touch");
		bench_sink += touch();
	}
	t = bench_now_ns() - t0;
	if (k < NDLM)
		printf("  (dlmopen() stopped after %d copies: %s)\n", k,
		    dlerror());
	if (k == 0)
		return;
	per = (double)(bench_rss() - rss0) / k;
	printf("  %-30s %7.0f bytes  %.1fx a vnet instance; %.0f us each, at "
	       "most %d copies\n",
	    "dlmopen() copy of the module", per, per / res->vnet,
	    (double)t / k / 1000, k);
}

static long
page_tables(int pid)
{
	char path[64], line[128];
	long kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return (0);
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmPTE: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return (kb * 1024);
}

static void
processes(void)
{
	pid_t pid[NFORK];
	size_t priv = 0, pte = 0;
	double per;
	uint64_t t0, t;
	int fds[2], k, n = 0;
	char c;

	if (pipe(fds) != 0)
		return;
	t0 = bench_now_ns();
	for (k = 0; k < NFORK; k++) {
		if ((pid[k] = fork()) == 0) {
			close(fds[1]);
			master[0]++;
			master[SETSIZE - 1]++;
			/* Stay until the parent has looked and hangs up. */
			_exit(read(fds[0], &c, 1) < 0);
		}
		if (pid[k] > 0)
			n++;
	}
	t = bench_now_ns() - t0;
	usleep(200000);
	for (k = 0; k < n; k++) {
		priv += bench_private(pid[k]);
		pte += (size_t)page_tables(pid[k]);
	}
	close(fds[1]);
	close(fds[0]);
	for (k = 0; k < n; k++)
		waitpid(pid[k], NULL, 0);
	per = (double)(priv + pte) / n;
	printf("  %-30s %7.0f bytes  %.1fx a vnet instance (private pages "
	       "%.0f, page tables %.0f); fork %.0f us each\n",
	    "process per instance", per, per / res->vnet, (double)priv / n,
	    (double)pte / n, (double)t / n / 1000);
}

int
main(void)
{
	char self[PATH_MAX];
	ssize_t len;

	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0)
		return (1);
	self[len] = '\0';
	snprintf(dir, sizeof(dir), "%s", dirname(self));
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return (1);
	printf("Memory per instance, %d instances of a %d-byte data set "
	       "(RSS growth / count)\n",
	    N, SETSIZE);
	in_child(floor_malloc);
	in_child(vnet_instances);
	in_child(dlmopen_copies);
	in_child(processes);
	bench_sink += VNET_VNET(vnet0, blob)[0];
	return (0);
}
