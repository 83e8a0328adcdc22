/*
 * instance_check.h: what shows that a network stack works and is its
 * own, for bench_instances.c and the child it spawns.  The stack's entry
 * points come as pointers, since a dlopen()ed copy is reached through
 * dlsym() and the others are linked in.
 */
#ifndef INSTANCE_CHECK_H
#define INSTANCE_CHECK_H

#include <stddef.h>

#include "kern/syscall.h"

struct instance_ops {
	__typeof__(sys_ping) *io_ping;
	__typeof__(sys_iflist) *io_iflist;
};

/*
 * In the stack the calling thread is in: a ping to 127.0.0.1 must come
 * back as an echo reply, and the stack must list one interface, lo0.  A
 * copy that used another's globals would list the other's lo0 as well,
 * so the second test tells shared state from private once several
 * stacks exist.  0, or -1 with what failed in why.
 */
int instance_check(const struct instance_ops *, char *why, size_t len);

#endif /* !INSTANCE_CHECK_H */
