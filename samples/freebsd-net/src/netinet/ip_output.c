/*
 * ip_output.c: IPv4 output.  The routing table picks the interface and
 * the next hop; the interface's output routine frames the packet for it.
 */
#include "kern/mbuf.h"
#include "net/if_var.h"
#include "net/route_var.h"
#include "netinet/ip_var.h"

int
ip_output(struct mbuf *m, int flags)
{
	static uint16_t ip_id; /* identifies this stack's datagrams */
	struct ip *ip = mtod(m, struct ip *);
	struct route ro;
	struct ifnet *ifp;
	int error, hlen = sizeof(struct ip);

	if (!(flags & IP_FORWARDING)) {
		ip->ip_vhl = IPVERSION << 4 | hlen >> 2;
		ip->ip_off = htons(IP_DF);
		ip->ip_id = htons(ip_id++);
		ip->ip_len = htons((uint16_t)m->m_len);
		IPSTAT_INC(ips_localout);
	}
	error = rtalloc(ip->ip_dst, &ro);
	if (error != 0) {
		IPSTAT_INC(ips_noroute);
		m_freem(m);
		return (error);
	}
	ifp = ro.ro_ifp;
	if (m->m_len > ifp->if_mtu) {
		IPSTAT_INC(ips_toolong);
		m_freem(m);
		return (EMSGSIZE);
	}
	if (in_broadcast(ip->ip_dst, ifp))
		m->m_flags |= M_BCAST;
	ip->ip_sum = 0;
	ip->ip_sum = in_cksum(ip, hlen);
	error = ifp->if_output(ifp, m, ro.ro_nexthop);
	if (error != 0)
		IPSTAT_INC(ips_odropped);
	return (error);
}

int
ip_srcaddr(struct in_addr dst, struct in_addr *src)
{
	struct in_ifaddr *ia;
	struct route ro;
	int error;

	error = rtalloc(dst, &ro);
	if (error != 0)
		return (error);
	if (ro.ro_flags & RTF_LOCAL) {
		*src = dst; /* to ourselves */
		return (0);
	}
	ia = in_ifaddr_of(ro.ro_ifp);
	if (ia == NULL)
		return (EADDRNOTAVAIL);
	*src = ia->ia_addr;
	return (0);
}

struct mbuf *
ip_newpacket(int proto, struct in_addr src, struct in_addr dst, int ttl,
    const void *data, int len)
{
	struct mbuf *m;
	struct ip *ip;

	m = m_gethdr();
	if (m == NULL)
		return (NULL);
	if (m_append(m, len, data) != 0) {
		m_freem(m);
		return (NULL);
	}
	m = m_prepend(m, sizeof(struct ip));
	if (m == NULL)
		return (NULL);
	ip = mtod(m, struct ip *);
	memset(ip, 0, sizeof(*ip));
	ip->ip_p = (uint8_t)proto;
	ip->ip_ttl = (uint8_t)(ttl > 0 ? ttl : ip_defttl);
	ip->ip_src = src;
	ip->ip_dst = dst;
	return (m);
}
