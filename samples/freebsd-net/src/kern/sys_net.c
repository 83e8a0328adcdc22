/*
 * sys_net.c: the system calls of the network stack (syscall.h).
 *
 * The descriptor table belongs to the system, not to a network stack: a
 * descriptor names a socket wherever the socket lives.  Each call runs in
 * the stack of the calling thread; calls on a socket run in the socket's.
 */
#include "kern/mbuf.h"
#include "kern/socketvar.h"
#include "kern/syscall.h"
#include "net/if_var.h"
#include "net/route_var.h"
#include "netinet/arp_var.h"
#include "netinet/icmp_var.h"

#define NFILES 1024

static struct socket *fdtable[NFILES];
static struct mtx fd_mtx = {PTHREAD_MUTEX_INITIALIZER, "file descriptors"};

static struct socket *
fd_get(int fd)
{
	struct socket *so;

	if (fd < 0 || fd >= NFILES)
		return (NULL);
	mtx_lock(&fd_mtx);
	so = fdtable[fd];
	mtx_unlock(&fd_mtx);
	return (so);
}

int
sys_socket(int domain, int type, int protocol, int *fdp)
{
	struct socket *so;
	int error, fd;

	error = socreate(domain, &so, type, protocol);
	if (error != 0)
		return (error);
	mtx_lock(&fd_mtx);
	for (fd = 0; fd < NFILES && fdtable[fd] != NULL; fd++)
		continue;
	if (fd == NFILES) {
		mtx_unlock(&fd_mtx);
		soclose(so);
		return (EMFILE);
	}
	fdtable[fd] = so;
	mtx_unlock(&fd_mtx);
	*fdp = fd;
	return (0);
}

int
sys_bind(int fd, struct in_addr addr, uint16_t port)
{
	struct socket *so = fd_get(fd);

	if (so == NULL)
		return (EBADF);
	return (sobind(so, addr, port));
}

int
sys_sendto(int fd, const void *buf, size_t len, struct in_addr to,
    uint16_t port)
{
	struct socket *so = fd_get(fd);

	if (so == NULL)
		return (EBADF);
	return (sosend(so, buf, len, to, port));
}

int
sys_recvfrom(int fd, void *buf, size_t len, size_t *lenp, struct in_addr *from,
    uint16_t *port)
{
	struct socket *so = fd_get(fd);
	long n;

	if (so == NULL)
		return (EBADF);
	n = soreceive(so, buf, len, from, port);
	if (n < 0)
		return ((int)-n);
	*lenp = (size_t)n;
	return (0);
}

int
sys_close(int fd)
{
	struct socket *so;

	if (fd < 0 || fd >= NFILES)
		return (EBADF);
	mtx_lock(&fd_mtx);
	so = fdtable[fd];
	fdtable[fd] = NULL;
	mtx_unlock(&fd_mtx);
	if (so == NULL)
		return (EBADF);
	soclose(so);
	return (0);
}

int
sys_ifcreate(const char *cloner, char *name, size_t len)
{
	return (if_clone_create(cloner, name, len));
}

int
sys_ifdestroy(const char *name)
{
	return (if_clone_destroy(name));
}

int
sys_ifaddr(const char *name, struct in_addr addr, int plen)
{
	struct ifnet *ifp;

	ifp = ifunit(name);
	if (ifp == NULL)
		return (ENXIO);
	if (plen < 0 || plen > 32)
		return (EINVAL);
	return (in_control_add(ifp, addr, plen));
}

int
sys_ifflags(const char *name, int up)
{
	struct ifnet *ifp;

	ifp = ifunit(name);
	if (ifp == NULL)
		return (ENXIO);
	if (up)
		if_up(ifp);
	else
		if_down(ifp);
	return (0);
}

static void
if_fill_info(struct ifnet *ifp, struct if_info *ii)
{
	struct in_ifaddr *ia;

	memset(ii, 0, sizeof(*ii));
	snprintf(ii->ii_name, sizeof(ii->ii_name), "%s", ifp->if_xname);
	ii->ii_index = ifp->if_index;
	ii->ii_flags = ifp->if_flags;
	ii->ii_mtu = ifp->if_mtu;
	memcpy(ii->ii_lladdr, ifp->if_lladdr, sizeof(ii->ii_lladdr));
	ia = in_ifaddr_of(ifp);
	if (ia != NULL) {
		ii->ii_addr = ia->ia_addr;
		ii->ii_plen = ia->ia_plen;
	}
	ii->ii_ipackets = ifp->if_ipackets;
	ii->ii_opackets = ifp->if_opackets;
	ii->ii_ierrors = ifp->if_ierrors;
	ii->ii_oerrors = ifp->if_oerrors;
}

int
sys_ifinfo(const char *name, struct if_info *ii)
{
	struct ifnet *ifp;

	ifp = ifunit(name);
	if (ifp == NULL)
		return (ENXIO);
	if_fill_info(ifp, ii);
	return (0);
}

int
sys_iflist(struct if_info *buf, int max, int *countp)
{
	struct ifnet *ifp;
	int n = 0;

	IFNET_WLOCK();
	TAILQ_FOREACH(ifp, &ifnet, if_link) {
		if (n < max)
			if_fill_info(ifp, &buf[n]);
		n++;
	}
	IFNET_WUNLOCK();
	*countp = n < max ? n : max;
	return (n <= max ? 0 : ENOMEM);
}

int
sys_rtadd(struct in_addr dst, int plen, struct in_addr gw)
{
	if (plen < 0 || plen > 32)
		return (EINVAL);
	return (rt_add(dst, plen, gw, NULL, RTF_STATIC));
}

int
sys_rtdel(struct in_addr dst, int plen)
{
	return (rt_del(dst, plen, NULL));
}

struct rt_fill {
	struct rt_info *buf;
	int max, n;
};

static void
rt_fill_one(const struct rtentry *rt, void *arg)
{
	struct rt_fill *f = arg;
	struct rt_info *ri;

	if (f->n < f->max) {
		ri = &f->buf[f->n];
		ri->ri_dst = rt->rt_dst;
		ri->ri_plen = rt->rt_plen;
		ri->ri_gateway = rt->rt_gateway;
		snprintf(ri->ri_ifname, sizeof(ri->ri_ifname), "%s",
		    rt->rt_ifp->if_xname);
		ri->ri_flags = rt->rt_flags;
		ri->ri_use = rt->rt_use;
	}
	f->n++;
}

int
sys_rtlist(struct rt_info *buf, int max, int *countp)
{
	struct rt_fill f = {buf, max, 0};

	rt_foreach(rt_fill_one, &f);
	*countp = f.n < max ? f.n : max;
	return (f.n <= max ? 0 : ENOMEM);
}

struct arp_fill {
	struct arp_info *buf;
	int max, n;
};

static void
arp_fill_one(const struct llentry *la, void *arg)
{
	struct arp_fill *f = arg;
	struct arp_info *ai;

	if (f->n < f->max) {
		ai = &f->buf[f->n];
		ai->ai_addr = la->la_addr;
		memcpy(ai->ai_lladdr, la->la_lladdr, sizeof(ai->ai_lladdr));
		ai->ai_resolved = la->la_resolved;
		ai->ai_expires = (la->la_expire - ticks) / hz;
		snprintf(ai->ai_ifname, sizeof(ai->ai_ifname), "%s",
		    la->la_ifp->if_xname);
	}
	f->n++;
}

int
sys_arplist(struct arp_info *buf, int max, int *countp)
{
	struct arp_fill f = {buf, max, 0};

	arp_foreach(arp_fill_one, &f);
	*countp = f.n < max ? f.n : max;
	return (f.n <= max ? 0 : ENOMEM);
}

int
sys_ping(struct in_addr dst, int ttl, uint16_t id, uint16_t seq, int datalen,
    int *typep, int *codep, struct in_addr *fromp, int *ttlp)
{
	struct icmp_echo_result er;
	int error;

	if (ttl < 1 || ttl > IP_MAXTTL || datalen < 0 || datalen > 1400)
		return (EINVAL);
	error = icmp_echo_send(dst, ttl, id, seq, datalen);
	if (error != 0)
		return (error);
	/* Delivery is direct: whatever comes back has come by now. */
	if (!icmp_echo_result(id, seq, &er))
		return (ETIMEDOUT);
	*typep = er.er_type;
	*codep = er.er_code;
	*fromp = er.er_from;
	*ttlp = er.er_ttl;
	return (0);
}
