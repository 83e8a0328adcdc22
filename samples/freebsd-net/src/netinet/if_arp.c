/*
 * if_arp.c: ARP, the neighbour cache of IPv4 over Ethernet (arp_var.h).
 *
 * Output asks the cache for the next hop's link-layer address; a miss
 * makes an incomplete entry that holds the packet and broadcasts a
 * request.  Input answers requests for our addresses and learns the
 * sender of any ARP packet addressed to us, sending what was held.
 * Each entry has its own timer: an incomplete entry goes after
 * arpt_down seconds, a complete one after net.link.ether.inet.max_age.
 */
#include "kern/callout.h"
#include "kern/mbuf.h"
#include "net/ethernet.h"
#include "net/if_var.h"
#include "net/netisr.h"
#include "netinet/arp_var.h"
#include "netinet/in_var.h"

#define ARPOP_REQUEST 1
#define ARPOP_REPLY   2
#define ARPHRD_ETHER  1

struct ether_arp {
	uint16_t ar_hrd;
	uint16_t ar_pro;
	uint8_t ar_hln;
	uint8_t ar_pln;
	uint16_t ar_op;
	uint8_t arp_sha[ETHER_ADDR_LEN];
	uint8_t arp_spa[4];
	uint8_t arp_tha[ETHER_ADDR_LEN];
	uint8_t arp_tpa[4];
} __attribute__((__packed__));

struct arpstat {
	uint64_t txrequests; /* requests sent */
	uint64_t txreplies;  /* replies sent */
	uint64_t rxrequests; /* requests received */
	uint64_t rxreplies;  /* replies received */
	uint64_t received;   /* ARP packets received */
	uint64_t dropped;    /* held packets dropped */
	uint64_t timeouts;   /* entries expired */
};

static LIST_HEAD(, llentry) arp_cache = LIST_HEAD_INITIALIZER(arp_cache);
static struct mtx arp_mtx;
static struct arpstat arpstat;
static int arpt_keep = 1200; /* seconds a complete entry lives */
static int arpt_down = 20;   /* seconds an incomplete entry lives */
static int arp_maxtries = 5;

#define ARP_LOCK()	  mtx_lock(&arp_mtx)
#define ARP_UNLOCK()	  mtx_unlock(&arp_mtx)
#define ARPSTAT_INC(name) (arpstat.name++)

SYSCTL_DECL(_net_link_ether);
SYSCTL_DECL(_net_link_ether_inet);
SYSCTL_NODE(_net_link, OID_AUTO, ether, CTLFLAG_RW, 0, "Ethernet");
SYSCTL_NODE(_net_link_ether, OID_AUTO, inet, CTLFLAG_RW, 0, "ARP");
SYSCTL_INT(_net_link_ether_inet, OID_AUTO, max_age, CTLFLAG_RW, &arpt_keep, 0,
    "ARP entry lifetime in seconds");
SYSCTL_INT(_net_link_ether_inet, OID_AUTO, maxtries, CTLFLAG_RW, &arp_maxtries,
    0, "ARP resolution attempts before returning error");
SYSCTL_STRUCT(_net_link_ether_inet, OID_AUTO, stats, CTLFLAG_RD, &arpstat,
    arpstat, "ARP statistics (struct arpstat, netinet/if_arp.c)");

static void arpintr(struct mbuf *);
static void arptimer(void *);

static const struct netisr_handler arp_nh = {
    .nh_name = "arp",
    .nh_handler = arpintr,
    .nh_proto = NETISR_ARP,
};

static void
arp_init(void *unused)
{
	(void)unused;
	mtx_init(&arp_mtx, "arp");
	netisr_register(&arp_nh);
}
SYSINIT(arp, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY, arp_init, NULL);

static void
arp_uninit(void *unused)
{
	(void)unused;
	netisr_unregister(&arp_nh);
	mtx_destroy(&arp_mtx);
}
SYSUNINIT(arp, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY, arp_uninit, NULL);

static struct llentry *
arp_lookup_locked(struct ifnet *ifp, struct in_addr addr)
{
	struct llentry *la;

	LIST_FOREACH(la, &arp_cache, la_link)
		if (la->la_ifp == ifp && la->la_addr.s_addr == addr.s_addr)
			return (la);
	return (NULL);
}

static void
arp_free_locked(struct llentry *la)
{
	LIST_REMOVE(la, la_link);
	callout_stop(&la->la_timer);
	if (la->la_hold != NULL) {
		ARPSTAT_INC(dropped);
		m_freem(la->la_hold);
	}
	kfree(la);
}

/* Sends an ARP packet of op about tpa, to tha (NULL: broadcast). */
static void
arp_send(struct ifnet *ifp, int op, struct in_addr spa, struct in_addr tpa,
    const uint8_t *tha)
{
	struct ether_arp ea;
	struct mbuf *m;

	m = m_gethdr();
	if (m == NULL)
		return;
	memset(&ea, 0, sizeof(ea));
	ea.ar_hrd = htons(ARPHRD_ETHER);
	ea.ar_pro = htons(ETHERTYPE_IP);
	ea.ar_hln = ETHER_ADDR_LEN;
	ea.ar_pln = 4;
	ea.ar_op = htons((uint16_t)op);
	memcpy(ea.arp_sha, ifp->if_lladdr, ETHER_ADDR_LEN);
	memcpy(ea.arp_spa, &spa, 4);
	if (tha != NULL)
		memcpy(ea.arp_tha, tha, ETHER_ADDR_LEN);
	memcpy(ea.arp_tpa, &tpa, 4);
	m_append(m, sizeof(ea), &ea);
	if (op == ARPOP_REQUEST)
		ARPSTAT_INC(txrequests);
	else
		ARPSTAT_INC(txreplies);
	ether_output_frame(ifp, m, tha != NULL ? tha : etherbroadcastaddr,
	    ETHERTYPE_ARP);
}

int
arpresolve(struct ifnet *ifp, struct mbuf *m, struct in_addr dst, uint8_t *lla)
{
	struct in_ifaddr *ia;
	struct llentry *la;
	int ask;

	ARP_LOCK();
	la = arp_lookup_locked(ifp, dst);
	if (la != NULL && la->la_resolved) {
		memcpy(lla, la->la_lladdr, ETHER_ADDR_LEN);
		ARP_UNLOCK();
		return (0);
	}
	if (la == NULL) {
		la = kmalloc(sizeof(*la), M_WAITOK | M_ZERO);
		la->la_addr = dst;
		la->la_ifp = ifp;
		la->la_expire = ticks + arpt_down * hz;
		callout_init(&la->la_timer);
		LIST_INSERT_HEAD(&arp_cache, la, la_link);
		callout_reset(&la->la_timer, arpt_down * hz, arptimer, la);
	}
	if (la->la_hold != NULL) {
		ARPSTAT_INC(dropped);
		m_freem(la->la_hold);
	}
	la->la_hold = m;
	ask = la->la_asked++ < arp_maxtries;
	ARP_UNLOCK();
	ia = in_ifaddr_of(ifp);
	if (ask && ia != NULL)
		arp_send(ifp, ARPOP_REQUEST, ia->ia_addr, dst, NULL);
	return (EWOULDBLOCK);
}

/* Learns that spa is at sha on ifp; sends what waited for it. */
static void
arp_learn(struct ifnet *ifp, struct in_addr spa, const uint8_t *sha)
{
	struct llentry *la;
	struct mbuf *hold;

	ARP_LOCK();
	la = arp_lookup_locked(ifp, spa);
	if (la == NULL) {
		la = kmalloc(sizeof(*la), M_WAITOK | M_ZERO);
		la->la_addr = spa;
		la->la_ifp = ifp;
		callout_init(&la->la_timer);
		LIST_INSERT_HEAD(&arp_cache, la, la_link);
	}
	memcpy(la->la_lladdr, sha, ETHER_ADDR_LEN);
	la->la_resolved = 1;
	la->la_asked = 0;
	la->la_expire = ticks + arpt_keep * hz;
	callout_reset(&la->la_timer, arpt_keep * hz, arptimer, la);
	hold = la->la_hold;
	la->la_hold = NULL;
	ARP_UNLOCK();
	if (hold != NULL)
		ether_output_frame(ifp, hold, sha, ETHERTYPE_IP);
}

static void
arpintr(struct mbuf *m)
{
	struct ifnet *ifp = m->m_pkthdr.rcvif;
	struct ether_arp *ea;
	struct in_ifaddr *ia;
	struct in_addr spa, tpa;
	uint8_t sha[ETHER_ADDR_LEN];
	int op;

	ARPSTAT_INC(received);
	if (m->m_len < (int)sizeof(*ea))
		goto drop;
	ea = mtod(m, struct ether_arp *);
	if (ntohs(ea->ar_hrd) != ARPHRD_ETHER ||
	    ntohs(ea->ar_pro) != ETHERTYPE_IP || ea->ar_pln != 4)
		goto drop;
	op = ntohs(ea->ar_op);
	memcpy(&spa, ea->arp_spa, 4);
	memcpy(&tpa, ea->arp_tpa, 4);
	memcpy(sha, ea->arp_sha, ETHER_ADDR_LEN);
	ia = in_ifaddr_of(ifp);
	if (ia == NULL || ia->ia_addr.s_addr != tpa.s_addr)
		goto drop; /* not about us */
	if (op == ARPOP_REQUEST)
		ARPSTAT_INC(rxrequests);
	else
		ARPSTAT_INC(rxreplies);
	m_freem(m);
	arp_learn(ifp, spa, sha);
	if (op == ARPOP_REQUEST)
		arp_send(ifp, ARPOP_REPLY, tpa, spa, sha);
	return;
drop:
	m_freem(m);
}

/* An entry's time is up, unless it was learned again meanwhile. */
static void
arptimer(void *arg)
{
	struct llentry *la = arg;

	ARP_LOCK();
	if (la->la_expire - ticks > 0) {
		callout_reset(&la->la_timer, la->la_expire - ticks, arptimer,
		    la);
		ARP_UNLOCK();
		return;
	}
	ARPSTAT_INC(timeouts);
	arp_free_locked(la);
	ARP_UNLOCK();
}

void
arp_ifdetach(struct ifnet *ifp)
{
	struct llentry *la, *next;

	ARP_LOCK();
	for (la = LIST_FIRST(&arp_cache); la != NULL; la = next) {
		next = LIST_NEXT(la, la_link);
		if (la->la_ifp == ifp)
			arp_free_locked(la);
	}
	ARP_UNLOCK();
}

void
arp_foreach(void (*fn)(const struct llentry *, void *), void *arg)
{
	struct llentry *la;

	ARP_LOCK();
	LIST_FOREACH(la, &arp_cache, la_link)
		fn(la, arg);
	ARP_UNLOCK();
}
