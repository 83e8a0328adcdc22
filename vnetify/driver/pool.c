/*
 * pool.c: see pool.h.  Jobs are handed out by an atomic counter, so a slow
 * translation unit never holds up the others.  On a terminal, progress is
 * a single rewritten line on stderr; otherwise the pool is silent.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "driver/pool.h"
#include "driver/supervise.h"
#include "support/util.h"

struct pool_state {
	const struct pool_work *w;
	size_t next, done;
	bool progress;
	bool suspects; /* this pass runs the supervisor's suspects */
	pthread_mutex_t lock;
};

/* One job, or what stands for it when the supervisor excluded it. */
static void
run_one(const struct pool_work *w, size_t job, void *ctx)
{
	const char *why = supervise_excluded(w->phase, job);

	if (why != NULL && w->skip != NULL) {
		w->skip(job, why, w->arg);
		return;
	}
	supervise_begin(w->phase, job);
	w->run(job, ctx, w->arg);
	supervise_end(w->phase, job);
}

static void *
worker(void *p)
{
	struct pool_state *s = p;
	const struct pool_work *w = s->w;
	void *ctx = w->ctx_new != NULL ? w->ctx_new() : NULL;
	size_t job, done;

	while (
	    (job = __atomic_fetch_add(&s->next, 1, __ATOMIC_RELAXED)) < w->n) {
		/* Suspects ran alone, before the others. */
		if (s->suspects != supervise_alone(w->phase, job))
			continue;
		run_one(w, job, ctx);
		done = __atomic_add_fetch(&s->done, 1, __ATOMIC_RELAXED);
		if (s->progress) {
			pthread_mutex_lock(&s->lock);
			fprintf(stderr, "\r\033[K[%zu/%zu] %s", done, w->n,
			    w->label != NULL ? w->label(job, w->arg) : "");
			fflush(stderr);
			pthread_mutex_unlock(&s->lock);
		}
	}
	if (w->ctx_free != NULL)
		w->ctx_free(ctx);
	return (NULL);
}

static void
run_threads(struct pool_state *s, unsigned nthreads)
{
	pthread_attr_t attr;
	pthread_t *tids;
	unsigned i, started = 0;

	pthread_attr_init(&attr);
	(void)pthread_attr_setstacksize(&attr, (size_t)POOL_STACK_MB << 20);
	tids = xcalloc(nthreads, sizeof(*tids));
	/* A failed create just means fewer; none, and this thread works. */
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&tids[started], &attr, worker, s) == 0)
			started++;
	if (started == 0)
		worker(s);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	pthread_attr_destroy(&attr);
	free(tids);
}

void
pool_run(const struct pool_work *w, unsigned nthreads)
{
	struct pool_state s = {w, 0, 0, false, false,
	    PTHREAD_MUTEX_INITIALIZER};
	size_t job;

	if (nthreads == 0)
		nthreads = 1;
	if (nthreads > w->n)
		nthreads = w->n > 0 ? (unsigned)w->n : 1;
	s.progress = w->n > 1 && isatty(STDERR_FILENO);
	for (job = 0; job < w->n; job++)
		if (supervise_alone(w->phase, job))
			break;
	if (job < w->n) {
		s.suspects = true;
		run_threads(&s, 1);
		s.suspects = false;
		s.next = 0;
	}
	run_threads(&s, nthreads);
	if (s.progress)
		fputs("\r\033[K", stderr);
}

unsigned
pool_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return (n > 0 ? (unsigned)n : 1);
}
