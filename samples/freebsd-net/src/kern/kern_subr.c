/*
 * kern_subr.c: memory, locks and panic for the stack (kern.h).
 */
#include <stdarg.h>

#include "kern/kern.h"

SYSCTL_NODE(_kern, OID_AUTO, ipc, CTLFLAG_RW, 0, "IPC");
SYSCTL_NODE(_net, OID_AUTO, inet, CTLFLAG_RW, 0, "Internet Family");
SYSCTL_NODE(_net, OID_AUTO, link, CTLFLAG_RW, 0, "Link layers");

void *
kmalloc(size_t size, int flags)
{
	void *p;

	p = (flags & M_ZERO) ? calloc(1, size) : malloc(size);
	if (p == NULL)
		panic("kmalloc: out of memory for %zu bytes", size);
	return (p);
}

void
kfree(void *p)
{
	free(p);
}

char *
kstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return (memcpy(kmalloc(len, M_WAITOK), s, len));
}

void
mtx_init(struct mtx *m, const char *name)
{
	pthread_mutex_init(&m->mtx_lock, NULL);
	m->mtx_name = name;
}

void
mtx_destroy(struct mtx *m)
{
	pthread_mutex_destroy(&m->mtx_lock);
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("panic: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
