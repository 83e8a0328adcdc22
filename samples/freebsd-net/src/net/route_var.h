/*
 * route_var.h: the IPv4 routing table.  Routes are kept most specific
 * first, so the first that matches a destination is its longest-prefix
 * match.  Lookups copy what they need out (struct route) under the lock;
 * no route is referenced after it is dropped.
 */
#ifndef NET_ROUTE_VAR_H
#define NET_ROUTE_VAR_H

#include "kern/kern.h"
#include "netinet/in_var.h"

struct ifnet;

#define RTF_UP	      0x0001
#define RTF_GATEWAY   0x0002   /* the next hop is a gateway */
#define RTF_HOST      0x0004   /* a host route: /32 */
#define RTF_STATIC    0x0800   /* added by hand */
#define RTF_LOCAL     0x200000 /* one of our addresses, through lo0 */
#define RTF_CONNECTED 0x400000 /* the prefix of an interface address */

struct rtentry {
	TAILQ_ENTRY(rtentry) rt_link;
	struct in_addr rt_dst;
	struct in_addr rt_mask;
	int rt_plen;
	struct in_addr rt_gateway; /* INADDR_ANY when directly connected */
	struct ifnet *rt_ifp;
	int rt_flags;
	uint64_t rt_use;
};

/* What a lookup returns: enough to send, nothing to release. */
struct route {
	struct ifnet *ro_ifp;
	struct in_addr ro_nexthop; /* the gateway, or the destination */
	int ro_flags;
};

struct rtstat {
	uint64_t rts_lookups;
	uint64_t rts_unreach; /* lookups that found no route */
	uint64_t rts_added;
	uint64_t rts_deleted;
};

/* The route for dst: 0 with *ro filled in, or EHOSTUNREACH. */
int rtalloc(struct in_addr dst, struct route *ro);
/*
 * Adds dst/plen through gateway (or directly through ifp when gateway is
 * INADDR_ANY; with ifp NULL the interface is the one the gateway is on).
 * 0, EEXIST, ENETUNREACH (the gateway is on no interface) or EINVAL.
 */
int rt_add(struct in_addr dst, int plen, struct in_addr gateway,
    struct ifnet *ifp, int flags);
/* Drops dst/plen (through ifp only, unless ifp is NULL): 0 or ESRCH. */
int rt_del(struct in_addr dst, int plen, struct ifnet *ifp);
/* Drops every route through ifp. */
void rt_flushifroutes(struct ifnet *ifp);
/* Calls fn for every route, most specific first, with the lock held. */
void rt_foreach(void (*fn)(const struct rtentry *, void *), void *arg);

#endif /* !NET_ROUTE_VAR_H */
