/*
 * pps.c: packets per second through the stack, and what a stack costs.
 *
 *	pps [-n PACKETS] [-v VNETS]
 *
 * Sends PACKETS UDP datagrams to 127.0.0.1 and reads each back, then as
 * many pings, in the one stack of the plain build or vnet0 of the VIMAGE
 * build, and prints "udp_pps N" and "ping_pps N": the same work through
 * the same code, so the two builds' figures compare.  The VIMAGE build
 * then makes VNETS stacks and prints the time and memory each took
 * ("vnet_create_us", "vnet_bytes").  testsuite/bench/netstack_bench.py
 * runs both builds and prints the ratios.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kern/protosw.h"
#include "kern/syscall.h"
#include "netinet/icmp_var.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static void
check(int error, const char *what)
{
	if (error != 0) {
		fprintf(stderr, "pps: %s: %s\n", what, strerror(error));
		exit(1);
	}
}

static double
udp_pps(long n)
{
	struct in_addr lo, from;
	char buf[64] = "0123456789abcdef0123456789abcdef";
	int rx, tx;
	uint16_t port;
	size_t len;
	double t0;
	long i;

	lo.s_addr = htonl(INADDR_LOOPBACK);
	check(sys_socket(AF_INET, SOCK_DGRAM, 0, &rx), "socket");
	check(sys_socket(AF_INET, SOCK_DGRAM, 0, &tx), "socket");
	check(sys_bind(rx, lo, 5001), "bind");
	t0 = now();
	for (i = 0; i < n; i++) {
		check(sys_sendto(tx, buf, 32, lo, 5001), "sendto");
		check(sys_recvfrom(rx, buf, sizeof(buf), &len, &from, &port),
		    "recvfrom");
	}
	t0 = now() - t0;
	sys_close(rx);
	sys_close(tx);
	return (n / t0);
}

static double
ping_pps(long n)
{
	struct in_addr lo, from;
	int type, code, ttl;
	double t0;
	long i;

	lo.s_addr = htonl(INADDR_LOOPBACK);
	t0 = now();
	for (i = 0; i < n; i++) {
		check(sys_ping(lo, 64, 1, (uint16_t)i, 56, &type, &code, &from,
			  &ttl),
		    "ping");
		if (type != ICMP_ECHOREPLY) {
			fprintf(stderr, "pps: ping: no echo reply\n");
			exit(1);
		}
	}
	return (n / (now() - t0));
}

#ifdef VIMAGE
/* Bytes the heap holds, and the pages the process has. */
static size_t
heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return (mi.uordblks + mi.hblkhd);
}

static void
vnet_cost(int nvnets)
{
	struct vnet **v;
	size_t before;
	double t0;
	int i;

	v = calloc(nvnets, sizeof(*v));
	before = heap_bytes();
	t0 = now();
	for (i = 0; i < nvnets; i++)
		if ((v[i] = vnet_alloc()) == NULL) {
			perror("pps: vnet_alloc");
			exit(1);
		}
	t0 = now() - t0;
	printf("vnet_create_us %.2f\n", t0 * 1e6 / nvnets);
	printf("vnet_bytes %zu\n", (heap_bytes() - before) / nvnets);
	t0 = now();
	for (i = 0; i < nvnets; i++)
		vnet_destroy(v[i]);
	printf("vnet_destroy_us %.2f\n", (now() - t0) * 1e6 / nvnets);
	free(v);
}
#endif

int
main(int argc, char **argv)
{
	long n = 200000;
	int c, nvnets = 1000;

	while ((c = getopt(argc, argv, "n:v:")) != -1)
		switch (c) {
		case 'n':
			n = atol(optarg);
			break;
		case 'v':
			nvnets = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: pps [-n packets] [-v vnets]\n");
			return (2);
		}
	printf("udp_pps %.0f\n", udp_pps(n));
	printf("ping_pps %.0f\n", ping_pps(n));
#ifdef VIMAGE
	vnet_cost(nvnets);
#else
	(void)nvnets;
#endif
	return (0);
}
