/*
 * netisr.h: where received packets go after the link layer.  A protocol
 * registers one handler for its packets; the link layer hands each packet
 * to the handler of its type.  Dispatch is direct: the handler runs in
 * the caller's thread, before netisr_dispatch returns.  The handler is
 * where a packet enters the network stack of the interface it came in on
 * (m->m_pkthdr.rcvif->if_vnet).
 */
#ifndef NET_NETISR_H
#define NET_NETISR_H

#include "kern/kern.h"

struct mbuf;

#define NETISR_IP      1
#define NETISR_ARP     2
#define NETISR_MAXPROT 4

struct netisr_handler {
	const char *nh_name;
	void (*nh_handler)(struct mbuf *);
	unsigned int nh_proto;
};

void netisr_register(const struct netisr_handler *);
void netisr_unregister(const struct netisr_handler *);
/* 0, or EPROTONOSUPPORT (the packet freed) when none is registered. */
int netisr_dispatch(unsigned int proto, struct mbuf *);

#endif /* !NET_NETISR_H */
