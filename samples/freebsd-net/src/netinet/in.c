/*
 * in.c: IPv4 addresses on interfaces (in_var.h).
 *
 * An interface has at most one address here; giving it another replaces
 * the first.  Each address brings two routes: its prefix, directly
 * through the interface (unless another interface has that prefix
 * already), and the address itself, through lo0, so that packets to it
 * loop back.
 */
#include "kern/mbuf.h"
#include "net/if_var.h"
#include "net/route_var.h"
#include "netinet/in_var.h"

struct in_ifaddrhead in_ifaddrhead = TAILQ_HEAD_INITIALIZER(in_ifaddrhead);
struct mtx in_ifaddr_mtx;

static void
in_init(void *unused)
{
	(void)unused;
	mtx_init(&in_ifaddr_mtx, "in_ifaddr");
}
SYSINIT(in, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, in_init, NULL);

static void
in_uninit(void *unused)
{
	(void)unused;
	mtx_destroy(&in_ifaddr_mtx);
}
SYSUNINIT(in, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, in_uninit, NULL);

int
in_aton(const char *s, struct in_addr *a)
{
	unsigned long part;
	uint32_t addr = 0;
	char *end;
	int i;

	for (i = 0; i < 4; i++) {
		if (*s < '0' || *s > '9')
			return (0);
		part = strtoul(s, &end, 10);
		if (part > 255 || end - s > 3)
			return (0);
		addr = addr << 8 | (uint32_t)part;
		s = end;
		if (i < 3 && *s++ != '.')
			return (0);
	}
	if (*s != '\0')
		return (0);
	a->s_addr = htonl(addr);
	return (1);
}

char *
in_ntoa_r(struct in_addr a, char *buf)
{
	uint32_t h = ntohl(a.s_addr);

	snprintf(buf, INET_ADDRSTRLEN, "%u.%u.%u.%u", h >> 24, (h >> 16) & 0xff,
	    (h >> 8) & 0xff, h & 0xff);
	return (buf);
}

uint16_t
in_cksum(const void *data, int len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; len -= 2, p += 2)
		sum += (uint32_t)(p[0] << 8 | p[1]);
	if (len == 1)
		sum += (uint32_t)(p[0] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (htons((uint16_t)~sum));
}

struct in_ifaddr *
in_ifaddr_of(struct ifnet *ifp)
{
	struct in_ifaddr *ia;

	IN_IFADDR_LOCK();
	ia = TAILQ_FIRST(&ifp->if_addrhead);
	IN_IFADDR_UNLOCK();
	return (ia);
}

static void
in_purgeaddr(struct in_ifaddr *ia)
{
	struct ifnet *ifp = ia->ia_ifp;

	rt_del(ia->ia_addr, ia->ia_plen, ifp);
	if (ia->ia_plen < 32)
		rt_del(ia->ia_addr, 32, loif);
	IN_IFADDR_LOCK();
	TAILQ_REMOVE(&in_ifaddrhead, ia, ia_link);
	TAILQ_REMOVE(&ifp->if_addrhead, ia, ia_ifalink);
	IN_IFADDR_UNLOCK();
	kfree(ia);
}

int
in_control_add(struct ifnet *ifp, struct in_addr addr, int plen)
{
	struct in_ifaddr *ia;
	struct in_addr any;
	int error;

	if (plen < 1 || plen > 32)
		return (EINVAL);
	if (in_localip(addr))
		return (EEXIST);
	ia = in_ifaddr_of(ifp);
	if (ia != NULL)
		in_purgeaddr(ia);
	ia = kmalloc(sizeof(*ia), M_WAITOK | M_ZERO);
	ia->ia_ifp = ifp;
	ia->ia_addr = addr;
	ia->ia_plen = plen;
	ia->ia_mask.s_addr = in_plen2mask(plen);
	ia->ia_broadaddr.s_addr = addr.s_addr | ~ia->ia_mask.s_addr;
	IN_IFADDR_LOCK();
	TAILQ_INSERT_TAIL(&in_ifaddrhead, ia, ia_link);
	TAILQ_INSERT_TAIL(&ifp->if_addrhead, ia, ia_ifalink);
	IN_IFADDR_UNLOCK();
	if_up(ifp);
	/*
	 * A second interface on a prefix adds no second route to it: the
	 * first interface's serves.
	 */
	any.s_addr = INADDR_ANY;
	error = rt_add(addr, plen, any, ifp, RTF_CONNECTED);
	if (error == EEXIST)
		error = 0;
	if (error == 0 && plen < 32)
		error = rt_add(addr, 32, addr, loif, RTF_LOCAL);
	if (error != 0) {
		in_purgeaddr(ia);
		return (error);
	}
	return (0);
}

void
in_ifdetach(struct ifnet *ifp)
{
	struct in_ifaddr *ia;

	while ((ia = in_ifaddr_of(ifp)) != NULL)
		in_purgeaddr(ia);
}

int
in_localip(struct in_addr addr)
{
	struct in_ifaddr *ia;
	int found = 0;

	IN_IFADDR_LOCK();
	TAILQ_FOREACH(ia, &in_ifaddrhead, ia_link)
		if (ia->ia_addr.s_addr == addr.s_addr) {
			found = 1;
			break;
		}
	IN_IFADDR_UNLOCK();
	return (found);
}

int
in_broadcast(struct in_addr addr, struct ifnet *ifp)
{
	struct in_ifaddr *ia;
	int found = 0;

	if (addr.s_addr == INADDR_BROADCAST)
		return (1);
	IN_IFADDR_LOCK();
	TAILQ_FOREACH(ia, &ifp->if_addrhead, ia_ifalink)
		if (ia->ia_plen < 31 &&
		    ia->ia_broadaddr.s_addr == addr.s_addr) {
			found = 1;
			break;
		}
	IN_IFADDR_UNLOCK();
	return (found);
}
