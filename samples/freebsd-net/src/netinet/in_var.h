/*
 * in_var.h: IPv4 addresses and the addresses configured on interfaces.
 * Addresses are kept in network byte order, as on the wire.
 */
#ifndef NETINET_IN_VAR_H
#define NETINET_IN_VAR_H

#include "kern/kern.h"

struct ifnet;

struct in_addr {
	uint32_t s_addr;
};

#define INADDR_ANY	 ((uint32_t)0x00000000)
#define INADDR_BROADCAST ((uint32_t)0xffffffff)
#define INADDR_LOOPBACK	 ((uint32_t)0x7f000001) /* host order */
#define IN_LOOPBACKNET	 127

#define IPPROTO_IP   0
#define IPPROTO_ICMP 1
#define IPPROTO_UDP  17
#define IPPROTO_RAW  255

#define INET_ADDRSTRLEN 16

/* The mask of a prefix length, in network order. */
static __inline uint32_t
in_plen2mask(int plen)
{
	return (plen <= 0 ? 0 : htonl(~(uint32_t)0 << (32 - plen)));
}

/* "a.b.c.d" to an address: 1, or 0 when it does not parse. */
int in_aton(const char *s, struct in_addr *a);
/* An address as "a.b.c.d" in buf, which holds INET_ADDRSTRLEN. */
char *in_ntoa_r(struct in_addr a, char *buf);

/* An address assigned to an interface. */
struct in_ifaddr {
	TAILQ_ENTRY(in_ifaddr) ia_link;	   /* on in_ifaddrhead */
	TAILQ_ENTRY(in_ifaddr) ia_ifalink; /* on the interface's list */
	struct ifnet *ia_ifp;
	struct in_addr ia_addr;
	struct in_addr ia_mask;
	struct in_addr ia_broadaddr;
	int ia_plen;
};

TAILQ_HEAD(in_ifaddrhead, in_ifaddr);

/* Every address of this stack; in.c. */
extern struct in_ifaddrhead in_ifaddrhead;
extern struct mtx in_ifaddr_mtx;
#define IN_IFADDR_LOCK()   mtx_lock(&in_ifaddr_mtx)
#define IN_IFADDR_UNLOCK() mtx_unlock(&in_ifaddr_mtx)

/* Adds addr/plen to ifp, with its connected route: 0 or an errno. */
int in_control_add(struct ifnet *ifp, struct in_addr addr, int plen);
/* Removes every address of ifp, and their routes. */
void in_ifdetach(struct ifnet *ifp);
/* Is addr one of ours (or a broadcast address of ours)? */
int in_localip(struct in_addr addr);
int in_broadcast(struct in_addr addr, struct ifnet *ifp);
/* ifp's first address, or NULL. */
struct in_ifaddr *in_ifaddr_of(struct ifnet *ifp);

/* The Internet checksum of len bytes. */
uint16_t in_cksum(const void *data, int len);

#endif /* !NETINET_IN_VAR_H */
