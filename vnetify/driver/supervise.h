/*
 * supervise.h: parsing in a worker process that a crash, a hang or a
 * runaway allocation in one translation unit cannot take the run down
 * with it.
 *
 * libclang runs in the process that calls it: a unit that overflows its
 * stack (a 100,000-term expression), includes /dev/zero or waits on a
 * FIFO kills or stops the whole run, every other unit's work with it.  So
 * the command runs in a child, the worker, which announces each parse as
 * it starts and ends (phase and job number); the parent watches it.  If
 * the worker dies from a signal, or the parent kills it because a parse
 * went over --tu-timeout, the worker went over --memory-limit, or a parse
 * opened a device, the parses in flight are to blame.  One in flight is
 * excluded, with the reason; several become suspects, run one at a time.
 * Then the command runs again from the start in a new worker, which skips
 * the excluded parses and reports each as its unit's error, so every
 * other unit is still converted (under --force) and the output is what
 * a run without that unit would write.
 *
 * Nothing is written before the parses are done, so a worker that dies
 * has written nothing; its stdout and stderr are the parent's.
 */
#ifndef VNETIFY_SUPERVISE_H
#define VNETIFY_SUPERVISE_H

#include <stdbool.h>
#include <stddef.h>

struct supervise_limits {
	unsigned timeout_s;	 /* per parse; 0: none */
	unsigned long memory_mb; /* the worker's resident memory; 0: none */
};

/* Half the machine's memory, in MB: --memory-limit's default. */
unsigned long supervise_default_memory_mb(void);

/*
 * Returns in the worker; in the parent, exits with the worker's status
 * once a worker has run to its end.
 */
void supervise_start(const struct supervise_limits *);

/*
 * The worker's side, called by the pool around each job of a phase
 * ('C' collect, 'V' verify, 'B' verify's baseline).  Harmless when not
 * supervised.
 */
void supervise_begin(char phase, size_t job);
void supervise_end(char phase, size_t job);
/* Why an earlier worker's run of this job was stopped, or NULL. */
const char *supervise_excluded(char phase, size_t job);
/* Must this job run with no other in flight? */
bool supervise_alone(char phase, size_t job);

#endif /* !VNETIFY_SUPERVISE_H */
