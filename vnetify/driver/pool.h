/*
 * pool.h: run independent jobs on a fixed number of threads, each thread
 * with its own context (for vnetify, its own libclang index: libclang is
 * safe across indexes, not within one).
 */
#ifndef VNETIFY_POOL_H
#define VNETIFY_POOL_H

#include <stddef.h>

struct pool_work {
	size_t n; /* jobs 0 .. n-1 */
	/*
	 * The phase the supervisor knows these jobs by (driver/supervise.h),
	 * and what to do instead of a job it has excluded: skip is called
	 * with the reason.  A job it suspects runs with no other.
	 */
	char phase;
	void (*skip)(size_t job, const char *reason, void *arg);
	void *(*ctx_new)(void); /* per thread, may be NULL */
	void (*ctx_free)(void *);
	void (*run)(size_t job, void *ctx, void *arg);
	void *arg;
	const char *(
	    *label)(size_t job, void *arg); /* for progress, may be NULL */
};

/*
 * Returns when every job has run.  Jobs run on threads with deep stacks
 * (POOL_STACK_MB), since libclang recurses as deep as the code nests.
 */
#define POOL_STACK_MB 512
void pool_run(const struct pool_work *, unsigned nthreads);
unsigned pool_default_threads(void);

#endif /* !VNETIFY_POOL_H */
