/*
 * netisr.c: the table of packet handlers (netisr.h).  One table serves
 * every network stack: a protocol registers once, when it loads.
 */
#include "kern/mbuf.h"
#include "net/netisr.h"

static const struct netisr_handler *netisr_proto[NETISR_MAXPROT];
static struct mtx netisr_mtx = {PTHREAD_MUTEX_INITIALIZER, "netisr"};

void
netisr_register(const struct netisr_handler *nh)
{
	KASSERT(nh->nh_proto < NETISR_MAXPROT,
	    ("netisr_register: %s: bad protocol %u", nh->nh_name,
		nh->nh_proto));
	mtx_lock(&netisr_mtx);
	netisr_proto[nh->nh_proto] = nh;
	mtx_unlock(&netisr_mtx);
}

void
netisr_unregister(const struct netisr_handler *nh)
{
	mtx_lock(&netisr_mtx);
	if (netisr_proto[nh->nh_proto] == nh)
		netisr_proto[nh->nh_proto] = NULL;
	mtx_unlock(&netisr_mtx);
}

int
netisr_dispatch(unsigned int proto, struct mbuf *m)
{
	const struct netisr_handler *nh = NULL;

	mtx_lock(&netisr_mtx);
	if (proto < NETISR_MAXPROT)
		nh = netisr_proto[proto];
	mtx_unlock(&netisr_mtx);
	if (nh == NULL) {
		m_freem(m);
		return (EPROTONOSUPPORT);
	}
	nh->nh_handler(m);
	return (0);
}
