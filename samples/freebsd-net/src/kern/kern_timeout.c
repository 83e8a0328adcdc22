/*
 * kern_timeout.c: callouts and the thread that runs them (callout.h).
 *
 * Pending callouts wait on one list in the order they fire.  The timer
 * thread moves the clock one tick at a time and runs what has come due,
 * with the list unlocked so that a callout may arm itself or another.
 * The clock moves only when callout_advance asks, which waits until the
 * thread has run every tick asked for: the callouts run on the timer
 * thread as they would in a kernel, and a scenario is reproducible.
 */
#include "kern/callout.h"

int kern_ticks;
int hz = 10;

static TAILQ_HEAD(callout_tailq_head,
    callout) callout_list = TAILQ_HEAD_INITIALIZER(callout_list);
static pthread_mutex_t callout_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t callout_work = PTHREAD_COND_INITIALIZER;
static pthread_cond_t callout_done = PTHREAD_COND_INITIALIZER;
static pthread_once_t callout_once = PTHREAD_ONCE_INIT;
static int callout_ticks_asked; /* not yet run; under callout_mtx */

void
callout_init(struct callout *c)
{
	memset(c, 0, sizeof(*c));
}

static void
callout_remove_locked(struct callout *c)
{
	if (c->c_pending) {
		TAILQ_REMOVE(&callout_list, c, c_link);
		c->c_pending = 0;
	}
}

void
callout_reset(struct callout *c, int delta, void (*func)(void *), void *arg)
{
	struct callout *after;

	if (delta < 1)
		delta = 1;
	pthread_mutex_lock(&callout_mtx);
	callout_remove_locked(c);
	c->c_time = ticks + delta;
	c->c_func = func;
	c->c_arg = arg;
	c->c_pending = 1;
	/* After every callout due no later, so equal times run in order. */
	TAILQ_FOREACH_REVERSE(after, &callout_list, callout_tailq_head, c_link)
	if (after->c_time <= c->c_time)
		break;
	if (after == NULL)
		TAILQ_INSERT_HEAD(&callout_list, c, c_link);
	else
		TAILQ_INSERT_AFTER(&callout_list, after, c, c_link);
	pthread_mutex_unlock(&callout_mtx);
}

int
callout_stop(struct callout *c)
{
	int was;

	pthread_mutex_lock(&callout_mtx);
	was = c->c_pending;
	callout_remove_locked(c);
	pthread_mutex_unlock(&callout_mtx);
	return (was);
}

int
callout_pending(const struct callout *c)
{
	int pending;

	pthread_mutex_lock(&callout_mtx);
	pending = c->c_pending;
	pthread_mutex_unlock(&callout_mtx);
	return (pending);
}

/* One tick: the clock moves, then what is due runs, oldest first. */
static void
callout_tick_locked(void)
{
	struct callout *c;
	void (*func)(void *);
	void *arg;

	__atomic_add_fetch(&kern_ticks, 1, __ATOMIC_RELAXED);
	while ((c = TAILQ_FIRST(&callout_list)) != NULL && c->c_time <= ticks) {
		callout_remove_locked(c);
		func = c->c_func;
		arg = c->c_arg;
		pthread_mutex_unlock(&callout_mtx);
		func(arg);
		pthread_mutex_lock(&callout_mtx);
	}
}

static void *
callout_thread(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&callout_mtx);
	for (;;) {
		while (callout_ticks_asked == 0)
			pthread_cond_wait(&callout_work, &callout_mtx);
		while (callout_ticks_asked > 0) {
			callout_tick_locked();
			callout_ticks_asked--;
		}
		pthread_cond_broadcast(&callout_done);
	}
	return (NULL);
}

static void
callout_start(void)
{
	pthread_t td;

	if (pthread_create(&td, NULL, callout_thread, NULL) != 0)
		panic("callout: cannot start the timer thread");
	pthread_detach(td);
}

void
callout_advance(int nticks)
{
	if (nticks <= 0)
		return;
	pthread_once(&callout_once, callout_start);
	pthread_mutex_lock(&callout_mtx);
	callout_ticks_asked += nticks;
	pthread_cond_signal(&callout_work);
	while (callout_ticks_asked > 0)
		pthread_cond_wait(&callout_done, &callout_mtx);
	pthread_mutex_unlock(&callout_mtx);
}
