/*
 * threads.c: several threads, each with two network stacks of its own,
 * all sending at once while the timer thread runs the slow timeout of
 * every stack.  Each pair is wired the same way, with the same addresses
 * and ports (10.0.0.1 and 10.0.0.2, UDP port 7), so any state shared by
 * mistake shows as a datagram or an echo reply in the wrong pair.
 *
 *	threads [-t THREADS] [-n ROUNDS]
 *
 * Prints TAP: one line per thread, and one for the sums.  Built with
 * -fsanitize=thread it is the stack's race test.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jail/if_vmove.h"
#include "kern/callout.h"
#include "kern/protosw.h"
#include "kern/syscall.h"
#include "netinet/icmp_var.h"

struct worker {
	pthread_t w_td;
	int w_id;
	int w_rounds;
	char w_why[160]; /* the first thing that went wrong */
	long w_udp, w_echo;
};

/* All at once: traffic starts when every pair is wired, and ends together. */
static pthread_barrier_t traffic_start, traffic_done;

#define FAIL(w, ...)                                                           \
	do {                                                                   \
		if ((w)->w_why[0] == '\0')                                     \
			snprintf((w)->w_why, sizeof((w)->w_why), __VA_ARGS__); \
	} while (0)

static struct in_addr
addr(const char *s)
{
	struct in_addr a;

	if (!in_aton(s, &a))
		abort();
	return (a);
}

/* The thread back home, and what the call it made there returned. */
static int
home_again(int error)
{
	vnet_thread_set_home(NULL);
	return (error);
}
/* A system call made in vnet's stack, as a process jailed there would. */
#define IN(vnet, call) (vnet_thread_set_home(vnet), home_again(call))

static void
traffic(struct worker *w, struct vnet *left, struct vnet *right)
{
	struct in_addr from, a1 = addr("10.0.0.1"), a2 = addr("10.0.0.2");
	char msg[64], got[64];
	int tx, rx, type, code, ttl, i, error;
	uint16_t port;
	size_t len;

	if ((error = IN(left, sys_socket(AF_INET, SOCK_DGRAM, 0, &tx))) != 0 ||
	    (error = IN(right, sys_socket(AF_INET, SOCK_DGRAM, 0, &rx))) != 0 ||
	    (error = IN(right, sys_bind(rx, a2, 7))) != 0) {
		FAIL(w, "socket: %s", strerror(error));
		return;
	}
	for (i = 0; i < w->w_rounds; i++) {
		snprintf(msg, sizeof(msg), "thread %d round %d", w->w_id, i);
		error = IN(left, sys_sendto(tx, msg, strlen(msg), a2, 7));
		if (error != 0) {
			FAIL(w, "sendto: %s", strerror(error));
			break;
		}
		error = IN(right,
		    sys_recvfrom(rx, got, sizeof(got) - 1, &len, &from, &port));
		if (error != 0) {
			FAIL(w, "round %d: recvfrom: %s", i, strerror(error));
			break;
		}
		got[len] = '\0';
		if (strcmp(got, msg) != 0 || from.s_addr != a1.s_addr) {
			FAIL(w, "round %d: got \"%s\" for \"%s\"", i, got, msg);
			break;
		}
		w->w_udp++;
		error = IN(left,
		    sys_ping(a2, 64, (uint16_t)w->w_id, (uint16_t)i, 56, &type,
			&code, &from, &ttl));
		if (error != 0 || type != ICMP_ECHOREPLY) {
			FAIL(w, "round %d: no echo reply (%s)", i,
			    strerror(error));
			break;
		}
		w->w_echo++;
	}
	IN(left, sys_close(tx));
	IN(right, sys_close(rx));
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct vnet *left, *right;
	struct ifnet *ifp;
	struct in_addr from;
	char name[16];
	int error, type, code, ttl;

	snprintf(name, sizeof(name), "t%d-left", w->w_id);
	left = vnet_alloc_named(name);
	snprintf(name, sizeof(name), "t%d-right", w->w_id);
	right = vnet_alloc_named(name);
	if (left == NULL || right == NULL) {
		FAIL(w, "vnet_alloc failed");
		pthread_barrier_wait(&traffic_start);
		pthread_barrier_wait(&traffic_done);
		return (NULL);
	}
	/* epair0 made in left; its b half lent to right. */
	error = IN(left, sys_ifcreate("epair", name, sizeof(name)));
	if (error == 0 && (ifp = ifunit_in(left, "epair0b")) != NULL)
		if_vmove(ifp, right);
	if (error == 0)
		error = IN(left, sys_ifaddr("epair0a", addr("10.0.0.1"), 24));
	if (error == 0)
		error = IN(right, sys_ifaddr("epair0b", addr("10.0.0.2"), 24));
	/*
	 * One echo before the clock starts: the neighbours are learned while
	 * no time passes.  Once the timer thread runs, 25 s pass in a blink,
	 * and an entry still asking would expire with its packet, as it
	 * should.
	 */
	if (error == 0 &&
	    (error = IN(left,
		 sys_ping(addr("10.0.0.2"), 64, (uint16_t)w->w_id, 0xffff, 56,
		     &type, &code, &from, &ttl))) != 0)
		FAIL(w, "first echo: %s", strerror(error));
	else if (error != 0)
		FAIL(w, "setting up: %s", strerror(error));
	pthread_barrier_wait(&traffic_start);
	if (error == 0)
		traffic(w, left, right);
	pthread_barrier_wait(&traffic_done);
	/* Home first, then the stacks go: right, then left with the pair. */
	if ((ifp = ifunit_in(right, "epair0b")) != NULL)
		if_vmove(ifp, left);
	vnet_destroy(right);
	vnet_destroy(left);
	return (NULL);
}

int
main(int argc, char **argv)
{
	struct worker *w;
	long udp = 0, echo = 0;
	int c, i, nthreads = 8, rounds = 500, failed = 0;

	while ((c = getopt(argc, argv, "t:n:")) != -1)
		switch (c) {
		case 't':
			nthreads = atoi(optarg);
			break;
		case 'n':
			rounds = atoi(optarg);
			break;
		default:
			fprintf(stderr,
			    "usage: threads [-t threads] [-n rounds]\n");
			return (2);
		}
	w = calloc(nthreads, sizeof(*w));
	pthread_barrier_init(&traffic_start, NULL, nthreads + 1);
	pthread_barrier_init(&traffic_done, NULL, nthreads + 1);
	for (i = 0; i < nthreads; i++) {
		w[i].w_id = i;
		w[i].w_rounds = rounds;
		pthread_create(&w[i].w_td, NULL, worker_main, &w[i]);
	}
	/*
	 * The slow timeout runs over every stack meanwhile; it stops before
	 * the stacks go, since a callout must not run while its stack is
	 * destroyed.
	 */
	pthread_barrier_wait(&traffic_start);
	for (i = 0; i < 50; i++)
		callout_advance(hz / 2);
	pthread_barrier_wait(&traffic_done);
	for (i = 0; i < nthreads; i++) {
		pthread_join(w[i].w_td, NULL);
		udp += w[i].w_udp;
		echo += w[i].w_echo;
		if (w[i].w_why[0] != '\0') {
			printf("not ok - thread %d: %s\n", i, w[i].w_why);
			failed++;
		} else
			printf("ok - thread %d: %ld datagrams and %ld echoes "
			       "in its own pair of stacks\n",
			    i, w[i].w_udp, w[i].w_echo);
	}
	if (udp == (long)nthreads * rounds && echo == udp)
		printf("ok - %ld datagrams and %ld echoes in all\n", udp, echo);
	else {
		printf("not ok - %ld datagrams and %ld echoes, not %ld each\n",
		    udp, echo, (long)nthreads * rounds);
		failed++;
	}
	if (vnet_count() != 1) {
		printf("not ok - %u stacks left, not vnet0 alone\n",
		    vnet_count());
		failed++;
	} else
		printf("ok - every stack destroyed\n");
	printf("1..%d\n", nthreads + 2);
	free(w);
	return (failed != 0);
}
