/*
 * bench_mod.c: the same accesses from a shared object, which reaches
 * its own variables through its table of per-instance distances and the
 * executable's through the runtime's slow path.
 */
#include <vnet/vnet.h>

#define BARRIER() __asm__ volatile("" ::: "memory")
#define X8(s)	  s s s s s s s s

/* Exported, as a library's globals are: reached through the GOT. */
int mod_plain = 1;
VNET_DEFINE_STATIC(int, mod_x) = 1;
#define V_mod_x VNET(mod_x)
VNET_DECLARE(int, bench_x);
#define V_bench_x VNET(bench_x)

__attribute__((__noinline__)) int
mod_get_plain(void)
{
	return (mod_plain);
}

__attribute__((__noinline__)) int
mod_get_vnet(void)
{
	return (V_mod_x);
}

long
mod_loop_plain(void *arg, long n)
{
	long i, s = 0;

	(void)arg;
	for (i = 0; i < n; i++) {
		X8(BARRIER(); s += mod_plain;)
	}
	return (s);
}

long
mod_loop_vnet(void *arg, long n)
{
	long i, s = 0;

	(void)arg;
	for (i = 0; i < n; i++) {
		X8(BARRIER(); s += V_mod_x;)
	}
	return (s);
}

long
mod_loop_exe(void *arg, long n)
{
	long i, s = 0;

	(void)arg;
	for (i = 0; i < n; i++) {
		X8(BARRIER(); s += V_bench_x;)
	}
	return (s);
}
