/*
 * bench_access.c: a plain global and a virtualized one, read the same
 * way.  The compiler barrier in each loop iteration makes every access
 * load again, as an access in real code would, instead of being hoisted
 * out of the loop.  Each loop iteration does the operation eight times.
 */
#include <vnet/vnet.h>

#include "bench_access.h"

#define BARRIER() __asm__ volatile("" ::: "memory")
/* Eight per iteration, so that the loop itself costs little. */
#define X8(s) s s s s s s s s

int bench_plain = 1;
VNET_DEFINE(int, bench_x) = 1;
#define V_bench_x VNET(bench_x)

__attribute__((__noinline__)) int
get_plain(void)
{
	return (bench_plain);
}

__attribute__((__noinline__)) int
get_vnet(void)
{
	return (V_bench_x);
}

__attribute__((__noinline__)) void
set_restore(struct vnet *v)
{
	CURVNET_SET(v);
	BARRIER();
	CURVNET_RESTORE();
}

long
loop_empty(void *arg, long n)
{
	long i;

	(void)arg;
	for (i = 0; i < n; i++) {
		X8(BARRIER();)
	}
	return (0);
}

long
loop_plain(void *arg, long n)
{
	long i, s = 0;

	(void)arg;
	for (i = 0; i < n; i++) {
		X8(BARRIER(); s += bench_plain;)
	}
	return (s);
}

long
loop_vnet(void *arg, long n)
{
	long i, s = 0;

	(void)arg;
	for (i = 0; i < n; i++) {
		X8(BARRIER(); s += V_bench_x;)
	}
	return (s);
}

long
loop_set_restore(void *arg, long n)
{
	long i;

	for (i = 0; i < n; i++) {
		X8({
			CURVNET_SET((struct vnet *)arg);
			BARRIER();
			CURVNET_RESTORE();
			BARRIER();
		})
	}
	return (0);
}
