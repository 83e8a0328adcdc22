/*
 * arp_var.h: the neighbour cache.  An entry maps an address on a
 * directly connected network to its link-layer address; it expires
 * arpt_keep seconds after it was learned.  An entry still being asked
 * for holds the last packet for it, sent once the reply comes.
 */
#ifndef NETINET_ARP_VAR_H
#define NETINET_ARP_VAR_H

#include "kern/callout.h"
#include "kern/kern.h"
#include "net/if_var.h"

struct mbuf;

struct llentry {
	LIST_ENTRY(llentry) la_link;
	struct in_addr la_addr;
	struct ifnet *la_ifp;
	uint8_t la_lladdr[ETHER_ADDR_LEN];
	int la_resolved;
	int la_asked;	      /* requests sent while unresolved */
	struct mbuf *la_hold; /* waiting for the reply */
	int la_expire;	      /* tick */
	struct callout la_timer;
};

/*
 * The link-layer address for dst on ifp in lla: 0, or EWOULDBLOCK when a
 * request went out and m waits for the answer (m is then the cache's).
 */
int
arpresolve(struct ifnet *ifp, struct mbuf *m, struct in_addr dst, uint8_t *lla);
void arp_ifdetach(struct ifnet *ifp);
/* Calls fn for every entry with the lock held. */
void arp_foreach(void (*fn)(const struct llentry *, void *), void *arg);

#endif /* !NETINET_ARP_VAR_H */
