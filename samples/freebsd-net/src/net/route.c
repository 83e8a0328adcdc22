/*
 * route.c: the IPv4 routing table (route_var.h).
 *
 * A list kept in order of prefix length, longest first, and among equal
 * lengths in order of addition: the first route that matches is the
 * longest-prefix match.  Tables here hold tens of routes, not a full
 * Internet table, which is why a list serves.
 */
#include "kern/mbuf.h"
#include "net/if_var.h"
#include "net/route_var.h"

static TAILQ_HEAD(, rtentry) rt_table = TAILQ_HEAD_INITIALIZER(rt_table);
static struct mtx rt_mtx;
static struct rtstat rtstat;
static unsigned int rt_count;

#define RT_LOCK()   mtx_lock(&rt_mtx)
#define RT_UNLOCK() mtx_unlock(&rt_mtx)

SYSCTL_DECL(_net_route);
SYSCTL_NODE(_net, OID_AUTO, route, CTLFLAG_RW, 0, "Routing");
SYSCTL_STRUCT(_net_route, OID_AUTO, stats, CTLFLAG_RD, &rtstat, rtstat,
    "Routing statistics");
SYSCTL_UINT(_net_route, OID_AUTO, count, CTLFLAG_RD, &rt_count, 0,
    "Routes in the table");

static void
rt_init(void *unused)
{
	(void)unused;
	mtx_init(&rt_mtx, "route");
}
SYSINIT(route, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, rt_init, NULL);

static void
rt_uninit(void *unused)
{
	struct rtentry *rt;

	(void)unused;
	while ((rt = TAILQ_FIRST(&rt_table)) != NULL) {
		TAILQ_REMOVE(&rt_table, rt, rt_link);
		kfree(rt);
	}
	rt_count = 0;
	mtx_destroy(&rt_mtx);
}
SYSUNINIT(route, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, rt_uninit, NULL);

static int
rt_matches(const struct rtentry *rt, struct in_addr dst)
{
	return ((dst.s_addr & rt->rt_mask.s_addr) == rt->rt_dst.s_addr);
}

int
rtalloc(struct in_addr dst, struct route *ro)
{
	struct rtentry *rt;

	RT_LOCK();
	rtstat.rts_lookups++;
	TAILQ_FOREACH(rt, &rt_table, rt_link)
		if (rt_matches(rt, dst) && (rt->rt_ifp->if_flags & IFF_UP))
			break;
	if (rt == NULL) {
		rtstat.rts_unreach++;
		RT_UNLOCK();
		return (EHOSTUNREACH);
	}
	rt->rt_use++;
	ro->ro_ifp = rt->rt_ifp;
	ro->ro_nexthop = (rt->rt_flags & RTF_GATEWAY) ? rt->rt_gateway : dst;
	ro->ro_flags = rt->rt_flags;
	RT_UNLOCK();
	return (0);
}

/* The interface whose connected prefix holds addr, or NULL. */
static struct ifnet *
rt_ifa_ifwithnet(struct in_addr addr)
{
	struct rtentry *rt;

	TAILQ_FOREACH(rt, &rt_table, rt_link)
		if ((rt->rt_flags & RTF_CONNECTED) && rt_matches(rt, addr))
			return (rt->rt_ifp);
	return (NULL);
}

int
rt_add(struct in_addr dst, int plen, struct in_addr gateway, struct ifnet *ifp,
    int flags)
{
	struct rtentry *rt, *it;

	if (plen < 0 || plen > 32)
		return (EINVAL);
	rt = kmalloc(sizeof(*rt), M_WAITOK | M_ZERO);
	rt->rt_mask.s_addr = in_plen2mask(plen);
	rt->rt_dst.s_addr = dst.s_addr & rt->rt_mask.s_addr;
	rt->rt_plen = plen;
	rt->rt_gateway = gateway;
	rt->rt_flags = flags | RTF_UP;
	if (plen == 32)
		rt->rt_flags |= RTF_HOST;
	RT_LOCK();
	if (ifp == NULL) {
		ifp = rt_ifa_ifwithnet(gateway);
		if (ifp == NULL) {
			RT_UNLOCK();
			kfree(rt);
			return (ENETUNREACH);
		}
	}
	rt->rt_ifp = ifp;
	if (gateway.s_addr != INADDR_ANY && !(flags & RTF_LOCAL))
		rt->rt_flags |= RTF_GATEWAY;
	TAILQ_FOREACH(it, &rt_table, rt_link) {
		if (it->rt_plen == plen &&
		    it->rt_dst.s_addr == rt->rt_dst.s_addr) {
			RT_UNLOCK();
			kfree(rt);
			return (EEXIST);
		}
		if (it->rt_plen < plen)
			break;
	}
	if (it == NULL)
		TAILQ_INSERT_TAIL(&rt_table, rt, rt_link);
	else
		TAILQ_INSERT_BEFORE(it, rt, rt_link);
	rt_count++;
	rtstat.rts_added++;
	RT_UNLOCK();
	return (0);
}

int
rt_del(struct in_addr dst, int plen, struct ifnet *ifp)
{
	struct rtentry *rt;
	uint32_t mask = in_plen2mask(plen);

	RT_LOCK();
	TAILQ_FOREACH(rt, &rt_table, rt_link)
		if (rt->rt_plen == plen &&
		    rt->rt_dst.s_addr == (dst.s_addr & mask) &&
		    (ifp == NULL || rt->rt_ifp == ifp))
			break;
	if (rt == NULL) {
		RT_UNLOCK();
		return (ESRCH);
	}
	TAILQ_REMOVE(&rt_table, rt, rt_link);
	rt_count--;
	rtstat.rts_deleted++;
	RT_UNLOCK();
	kfree(rt);
	return (0);
}

void
rt_flushifroutes(struct ifnet *ifp)
{
	struct rtentry *rt, *next;

	RT_LOCK();
	for (rt = TAILQ_FIRST(&rt_table); rt != NULL; rt = next) {
		next = TAILQ_NEXT(rt, rt_link);
		if (rt->rt_ifp != ifp)
			continue;
		TAILQ_REMOVE(&rt_table, rt, rt_link);
		rt_count--;
		rtstat.rts_deleted++;
		kfree(rt);
	}
	RT_UNLOCK();
}

void
rt_foreach(void (*fn)(const struct rtentry *, void *), void *arg)
{
	struct rtentry *rt;

	RT_LOCK();
	TAILQ_FOREACH(rt, &rt_table, rt_link)
		fn(rt, arg);
	RT_UNLOCK();
}
