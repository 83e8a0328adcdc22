/*
 * bench_util.h: clocks, memory and output shared by the benchmark's
 * programs.  The benchmark is run by hand (make bench), never by make
 * check: timings depend on the machine and must not fail a build.
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Monotonic time in nanoseconds. */
uint64_t bench_now_ns(void);
/* This process's resident set, in bytes. */
size_t bench_rss(void);
/* A process's private memory (smaps_rollup Private_*), in bytes. */
size_t bench_private(int pid);
/*
 * A process's resident and proportional set (smaps_rollup Rss, Pss), in
 * KiB: 0, or -1 if it cannot be read (the process is gone).
 */
int bench_rss_pss(int pid, size_t *rss_kib, size_t *pss_kib);

/*
 * Time fn(arg, n) and return nanoseconds per iteration: the best of
 * several runs, since noise only ever adds time.
 */
double bench_ns_per(long (*fn)(void *, long), void *arg, long n);

/* Keeps a result alive so the compiler cannot drop the work. */
extern volatile long bench_sink;
/*
 * Makes the memory p points to look used, so that the compiler cannot
 * elide an allocation or a copy whose result is not otherwise read.
 */
#define BENCH_ESCAPE(p) __asm__ volatile("" : : "r"(p) : "memory")

#endif /* !BENCH_UTIL_H */
