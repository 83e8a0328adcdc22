/*
 * kern.h: the little of a kernel the network stack needs, in userspace.
 *
 * The stack is written against FreeBSD's kernel interfaces and this file
 * supplies them: malloc(9) with M_ZERO, mtx(9) over pthread mutexes,
 * KASSERT (only under INVARIANTS), byte order, and the start-up
 * and tunable machinery (SYSINIT, sysctl) from libvnet's headers.  Like
 * FreeBSD's, the kernel defines curvnet and TD_TO_VNET in every build:
 * without VIMAGE they are null, and structures such as struct ifnet carry
 * their vnet pointer all the same.
 *
 * Nothing here is per network stack: kern/ is shared by every instance.
 */
#ifndef KERN_KERN_H
#define KERN_KERN_H

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <vnet/sysctl.h>
#include <vnet/sysinit.h>
#include <vnet/vnet.h>

#define M_NOWAIT 0x0001
#define M_WAITOK 0x0002
#define M_ZERO	 0x0100

/* Never fails: the stack is not written to survive an empty heap. */
void *kmalloc(size_t size, int flags);
void kfree(void *p);
char *kstrdup(const char *s);

struct mtx {
	pthread_mutex_t mtx_lock;
	const char *mtx_name;
};

void mtx_init(struct mtx *m, const char *name);
void mtx_destroy(struct mtx *m);
#define mtx_lock(m)   pthread_mutex_lock(&(m)->mtx_lock)
#define mtx_unlock(m) pthread_mutex_unlock(&(m)->mtx_lock)

void panic(const char *fmt, ...)
    __attribute__((__noreturn__, __format__(__printf__, 1, 2)));

#ifdef INVARIANTS
#define KASSERT(exp, msg)          \
	do {                       \
		if (!(exp))        \
			panic msg; \
	} while (0)
#else
#define KASSERT(exp, msg) \
	do {              \
	} while (0)
#endif

/* Network byte order. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define htons(x) ((uint16_t)__builtin_bswap16((uint16_t)(x)))
#define htonl(x) ((uint32_t)__builtin_bswap32((uint32_t)(x)))
#else
#define htons(x) ((uint16_t)(x))
#define htonl(x) ((uint32_t)(x))
#endif
#define ntohs(x) htons(x)
#define ntohl(x) htonl(x)

#define nitems(x) (sizeof(x) / sizeof((x)[0]))
#define min(a, b) ((a) < (b) ? (a) : (b))

/*
 * The clock: ticks since boot, hz of them a second (kern_timeout.c).  The
 * timer thread moves it while any thread may read it, so it is read and
 * written atomically; no one waits on it.
 */
extern int kern_ticks;
#define ticks (__atomic_load_n(&kern_ticks, __ATOMIC_RELAXED))
extern int hz;

SYSCTL_DECL(_kern_ipc);
SYSCTL_DECL(_net_inet);
SYSCTL_DECL(_net_link);

#endif /* !KERN_KERN_H */
