/*
 * callout.h: timers, after callout(9).  A callout runs its function once,
 * on the timer thread, when the clock reaches the tick it was set for; a
 * periodic timer sets itself again from its own function.  The thread
 * knows nothing of network stacks: the function runs with no vnet set.
 */
#ifndef KERN_CALLOUT_H
#define KERN_CALLOUT_H

#include "kern/kern.h"

struct callout {
	TAILQ_ENTRY(callout) c_link;
	int c_time; /* the tick it fires at */
	void (*c_func)(void *);
	void *c_arg;
	int c_pending;
};

void callout_init(struct callout *);
/* (Re)arms c to call func(arg) in delta ticks (at least one). */
void
callout_reset(struct callout *c, int delta, void (*func)(void *), void *arg);
/* Disarms c; 1 if it was pending.  Must not race with its running. */
int callout_stop(struct callout *c);
int callout_pending(const struct callout *c);

/*
 * The clock.  Time moves only when told to, so that a scenario gives the
 * same output on every run: callout_advance(n) has the timer thread run
 * n ticks, every callout due on each, and returns once it has.
 */
void callout_advance(int nticks);

#endif /* !KERN_CALLOUT_H */
