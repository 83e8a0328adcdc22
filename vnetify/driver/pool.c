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
#include "support/util.h"

struct pool_state {
	const struct pool_work *w;
	size_t next, done;
	bool progress;
	pthread_mutex_t lock;
};

static void *
worker(void *p)
{
	struct pool_state *s = p;
	const struct pool_work *w = s->w;
	void *ctx = w->ctx_new != NULL ? w->ctx_new() : NULL;
	size_t job, done;

	while (
	    (job = __atomic_fetch_add(&s->next, 1, __ATOMIC_RELAXED)) < w->n) {
		w->run(job, ctx, w->arg);
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

void
pool_run(const struct pool_work *w, unsigned nthreads)
{
	struct pool_state s = {w, 0, 0, false, PTHREAD_MUTEX_INITIALIZER};
	pthread_t *tids;
	unsigned i, started = 0;

	if (nthreads == 0)
		nthreads = 1;
	if (nthreads > w->n)
		nthreads = w->n > 0 ? (unsigned)w->n : 1;
	s.progress = w->n > 1 && isatty(STDERR_FILENO);
	tids = xcalloc(nthreads, sizeof(*tids));
	/* The calling thread works too; a failed create just means fewer. */
	for (i = 1; i < nthreads; i++)
		if (pthread_create(&tids[i], NULL, worker, &s) == 0)
			tids[started++] = tids[i];
	worker(&s);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	if (s.progress)
		fputs("\r\033[K", stderr);
	free(tids);
}

unsigned
pool_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return (n > 0 ? (unsigned)n : 1);
}
