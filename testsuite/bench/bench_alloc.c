/*
 * bench_alloc.c: the cost of an instance with a 64 KiB data set and 20
 * constructors, against doing the same work by hand (an aligned
 * allocation, a copy of 64 KiB and 20 indirect calls).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vnet/vnet.h>

#include "bench_util.h"

#define NCTOR	20
#define SETSIZE 65536
#define N	20000L

VNET_DEFINE_STATIC(long, counters[NCTOR]);
VNET_DEFINE_STATIC(char, payload[SETSIZE - NCTOR * sizeof(long)]) = {1};
#define V_counters VNET(counters)

#define CTOR(k)                                                         \
	static void ctor_##k(const void *unused)                        \
	{                                                               \
		(void)unused;                                           \
		V_counters[k] += k + 1;                                 \
	}                                                               \
	VNET_SYSINIT(ctor_##k, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST + k, \
	    ctor_##k, NULL)

CTOR(0);
CTOR(1);
CTOR(2);
CTOR(3);
CTOR(4);
CTOR(5);
CTOR(6);
CTOR(7);
CTOR(8);
CTOR(9);
CTOR(10);
CTOR(11);
CTOR(12);
CTOR(13);
CTOR(14);
CTOR(15);
CTOR(16);
CTOR(17);
CTOR(18);
CTOR(19);

static long
alloc_destroy(void *arg, long n)
{
	struct vnet *v;
	long i;

	(void)arg;
	for (i = 0; i < n; i++) {
		v = vnet_alloc();
		bench_sink += VNET_VNET(v, counters)[NCTOR - 1];
		vnet_destroy(v);
	}
	return (0);
}

static char master[SETSIZE] = {1};
static long *by_hand;

static __attribute__((__noinline__)) void
hand_ctor(int k)
{
	by_hand[k] += k + 1;
}

static void (*const hand_ctors[NCTOR])(int) = {hand_ctor, hand_ctor, hand_ctor,
    hand_ctor, hand_ctor, hand_ctor, hand_ctor, hand_ctor, hand_ctor, hand_ctor,
    hand_ctor, hand_ctor, hand_ctor, hand_ctor, hand_ctor, hand_ctor, hand_ctor,
    hand_ctor, hand_ctor, hand_ctor};

/*
 * What an instance must do at least, allocated as the runtime does (a
 * header and the copy in one block, and a name): allocate, copy,
 * construct, free.
 */
static long
by_hand_copy(void *arg, long n)
{
	char *p, *name;
	long i;
	int k;

	(void)arg;
	for (i = 0; i < n; i++) {
		p = aligned_alloc(64, SETSIZE + 64);
		name = strdup("vnet1");
		memcpy(p + 64, master, SETSIZE);
		BENCH_ESCAPE(p);
		by_hand = (long *)(p + 64);
		for (k = 0; k < NCTOR; k++)
			hand_ctors[k](k);
		bench_sink += by_hand[NCTOR - 1] + name[0];
		free(name);
		free(p);
	}
	return (0);
}

int
main(void)
{
	size_t set = (size_t)(__stop_set_vnet - __start_set_vnet);
	double us, base;

	us = bench_ns_per(alloc_destroy, NULL, N) / 1000;
	base = bench_ns_per(by_hand_copy, NULL, N) / 1000;
	printf("vnet_alloc + vnet_destroy\n");
	printf("  data set %zu bytes, %d VNET_SYSINITs\n", set, NCTOR);
	printf("  %-26s %7.2f us  (baseline)\n",
	    "by hand (alloc, copy, "
	    "calls)",
	    base);
	printf("  %-26s %7.2f us  %.2fx the baseline\n", "vnet_alloc+destroy",
	    us, us / base);
	return (0);
}
