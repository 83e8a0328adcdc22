/*
 * bench_util.c: see bench_util.h.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

#define RUNS 7

volatile long bench_sink;

uint64_t
bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

size_t
bench_rss(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f != NULL) {
		if (fscanf(f, "%lu %lu", &size, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return ((size_t)resident * (size_t)sysconf(_SC_PAGESIZE));
}

size_t
bench_private(int pid)
{
	char path[64], line[256];
	size_t total = 0, kb;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	if ((f = fopen(path, "r")) == NULL)
		return (0);
	while (fgets(line, sizeof(line), f) != NULL)
		if ((sscanf(line, "Private_Clean: %zu kB", &kb) == 1 ||
			sscanf(line, "Private_Dirty: %zu kB", &kb) == 1))
			total += kb * 1024;
	fclose(f);
	return (total);
}

int
bench_rss_pss(int pid, size_t *rss_kib, size_t *pss_kib)
{
	char path[64], line[256];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Rss: %zu kB", rss_kib) == 1 ||
		    sscanf(line, "Pss: %zu kB", pss_kib) == 1)
			found++;
	fclose(f);
	return (found == 2 ? 0 : -1);
}

double
bench_ns_per(long (*fn)(void *, long), void *arg, long n)
{
	uint64_t t0, t, best = UINT64_MAX;
	int i;

	bench_sink += fn(arg, n / 10); /* warm up */
	for (i = 0; i < RUNS; i++) {
		t0 = bench_now_ns();
		bench_sink += fn(arg, n);
		t = bench_now_ns() - t0;
		if (t < best)
			best = t;
	}
	return ((double)best / (double)n);
}
