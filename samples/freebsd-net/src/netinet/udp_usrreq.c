/*
 * udp_usrreq.c: UDP.  Every bound socket of the stack has a control
 * block on udb; a datagram goes to the first block bound to its port and
 * to its address or to any, and when there is none the sender gets an
 * ICMP port unreachable.
 */
#include "kern/mbuf.h"
#include "kern/protosw.h"
#include "kern/socketvar.h"
#include "net/if_var.h"
#include "netinet/icmp_var.h"
#include "netinet/ip_var.h"
#include "netinet/udp_var.h"

static struct inpcbhead udb = LIST_HEAD_INITIALIZER(udb);
struct inpcbinfo udbinfo = {
    .ipi_listhead = &udb,
    .ipi_lastport = IPPORT_EPHEMERALFIRST - 1,
};
struct udpstat udpstat;
static int udp_cksum = 1;

SYSCTL_INT(_net_inet_udp, OID_AUTO, checksum, CTLFLAG_RW, &udp_cksum, 0,
    "Compute UDP checksums");
SYSCTL_STRUCT(_net_inet_udp, OID_AUTO, stats, CTLFLAG_RW, &udpstat, udpstat,
    "UDP statistics (struct udpstat, netinet/udp_var.h)");
SYSCTL_UINT(_net_inet_udp, OID_AUTO, pcbcount, CTLFLAG_RD, &udbinfo.ipi_count,
    0, "Number of bound UDP sockets");

static void
udp_init(void *unused)
{
	(void)unused;
	mtx_init(&udbinfo.ipi_lock, "udp");
}
SYSINIT(udp, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY, udp_init, NULL);

static void
udp_destroy(void *unused)
{
	(void)unused;
	KASSERT(LIST_EMPTY(udbinfo.ipi_listhead),
	    ("udp_destroy: %u sockets still bound", udbinfo.ipi_count));
	mtx_destroy(&udbinfo.ipi_lock);
}
SYSUNINIT(udp, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY, udp_destroy, NULL);

/* The checksum of a UDP datagram with the IPv4 pseudo-header. */
static uint16_t
udp_sum(struct in_addr src, struct in_addr dst, const void *udp, int len)
{
	char buf[12 + MCLBYTES];

	memcpy(buf, &src, 4);
	memcpy(buf + 4, &dst, 4);
	buf[8] = 0;
	buf[9] = IPPROTO_UDP;
	buf[10] = (char)(len >> 8);
	buf[11] = (char)len;
	memcpy(buf + 12, udp, len);
	return (in_cksum(buf, 12 + len));
}

int
udp_input(struct mbuf **mp, int *offp, int proto)
{
	struct mbuf *m = *mp;
	struct ip *ip = mtod(m, struct ip *);
	struct udphdr *uh;
	struct inpcb *inp;
	uint16_t dport;
	int len, hlen = *offp, error;

	(void)proto;
	*mp = NULL;
	UDPSTAT_INC(udps_ipackets);
	if (m->m_len < hlen + (int)sizeof(*uh)) {
		UDPSTAT_INC(udps_hdrops);
		goto drop;
	}
	uh = (struct udphdr *)(m->m_data + hlen);
	len = ntohs(uh->uh_ulen);
	if (len < (int)sizeof(*uh) || len > m->m_len - hlen) {
		UDPSTAT_INC(udps_badlen);
		goto drop;
	}
	if (uh->uh_sum != 0 && udp_sum(ip->ip_src, ip->ip_dst, uh, len) != 0) {
		UDPSTAT_INC(udps_badsum);
		goto drop;
	}
	dport = ntohs(uh->uh_dport);
	INP_INFO_LOCK(&udbinfo);
	LIST_FOREACH(inp, udbinfo.ipi_listhead, inp_list)
		if (inp->inp_lport == dport &&
		    (inp->inp_laddr.s_addr == INADDR_ANY ||
			inp->inp_laddr.s_addr == ip->ip_dst.s_addr))
			break;
	if (inp == NULL) {
		INP_INFO_UNLOCK(&udbinfo);
		UDPSTAT_INC(udps_noport);
		if (m->m_flags & M_BCAST)
			goto drop;
		icmp_error(m, ICMP_UNREACH, ICMP_UNREACH_PORT);
		return (IPPROTO_DONE);
	}
	error = sbappendaddr(inp->inp_socket, ip->ip_src, ntohs(uh->uh_sport),
	    uh + 1, len - sizeof(*uh));
	INP_INFO_UNLOCK(&udbinfo);
	if (error != 0)
		UDPSTAT_INC(udps_fullsock);
drop:
	m_freem(m);
	return (IPPROTO_DONE);
}

static int
udp_attach(struct socket *so)
{
	struct inpcb *inp;

	inp = kmalloc(sizeof(*inp), M_WAITOK | M_ZERO);
	inp->inp_socket = so;
	so->so_pcb = inp;
	INP_INFO_LOCK(&udbinfo);
	LIST_INSERT_HEAD(udbinfo.ipi_listhead, inp, inp_list);
	udbinfo.ipi_count++;
	INP_INFO_UNLOCK(&udbinfo);
	return (0);
}

static int
udp_port_in_use_locked(struct in_addr laddr, uint16_t lport)
{
	struct inpcb *inp;

	LIST_FOREACH(inp, udbinfo.ipi_listhead, inp_list)
		if (inp->inp_lport == lport &&
		    (inp->inp_laddr.s_addr == INADDR_ANY ||
			laddr.s_addr == INADDR_ANY ||
			inp->inp_laddr.s_addr == laddr.s_addr))
			return (1);
	return (0);
}

/* The next free ephemeral port, or 0 when every one is taken. */
static uint16_t
udp_ephemeral_locked(struct in_addr laddr)
{
	int tries;
	uint16_t port;

	for (tries = 0; tries <= IPPORT_EPHEMERALLAST - IPPORT_EPHEMERALFIRST;
	    tries++) {
		port = udbinfo.ipi_lastport;
		port = port >= IPPORT_EPHEMERALLAST ? IPPORT_EPHEMERALFIRST
						    : port + 1;
		udbinfo.ipi_lastport = port;
		if (!udp_port_in_use_locked(laddr, port))
			return (port);
	}
	return (0);
}

static int
udp_bind(struct socket *so, struct in_addr laddr, uint16_t lport)
{
	struct inpcb *inp = so->so_pcb;

	if (inp->inp_lport != 0)
		return (EINVAL);
	if (laddr.s_addr != INADDR_ANY && !in_localip(laddr))
		return (EADDRNOTAVAIL);
	INP_INFO_LOCK(&udbinfo);
	if (lport == 0)
		lport = udp_ephemeral_locked(laddr);
	else if (udp_port_in_use_locked(laddr, lport)) {
		INP_INFO_UNLOCK(&udbinfo);
		return (EADDRINUSE);
	}
	if (lport == 0) {
		INP_INFO_UNLOCK(&udbinfo);
		return (EADDRNOTAVAIL);
	}
	inp->inp_laddr = laddr;
	inp->inp_lport = lport;
	INP_INFO_UNLOCK(&udbinfo);
	return (0);
}

static int
udp_send(struct socket *so, struct mbuf *m, struct in_addr faddr,
    uint16_t fport)
{
	struct inpcb *inp = so->so_pcb;
	struct in_addr src;
	struct udphdr *uh;
	struct ip *ip;
	int error, len;

	if (inp->inp_lport == 0) {
		error = udp_bind(so, inp->inp_laddr, 0);
		if (error != 0)
			goto bad;
	}
	src = inp->inp_laddr;
	if (src.s_addr == INADDR_ANY) {
		error = ip_srcaddr(faddr, &src);
		if (error != 0)
			goto bad;
	}
	len = m->m_len + (int)sizeof(*uh);
	m = m_prepend(m, sizeof(*uh));
	if (m == NULL)
		return (ENOBUFS);
	uh = mtod(m, struct udphdr *);
	uh->uh_sport = htons(inp->inp_lport);
	uh->uh_dport = htons(fport);
	uh->uh_ulen = htons((uint16_t)len);
	uh->uh_sum = 0;
	if (udp_cksum) {
		uh->uh_sum = udp_sum(src, faddr, uh, len);
		if (uh->uh_sum == 0)
			uh->uh_sum = 0xffff;
	}
	m = m_prepend(m, sizeof(*ip));
	if (m == NULL)
		return (ENOBUFS);
	ip = mtod(m, struct ip *);
	memset(ip, 0, sizeof(*ip));
	ip->ip_p = IPPROTO_UDP;
	ip->ip_ttl = (uint8_t)ip_defttl;
	ip->ip_src = src;
	ip->ip_dst = faddr;
	UDPSTAT_INC(udps_opackets);
	return (ip_output(m, 0));
bad:
	m_freem(m);
	return (error);
}

static void
udp_detach(struct socket *so)
{
	struct inpcb *inp = so->so_pcb;

	INP_INFO_LOCK(&udbinfo);
	LIST_REMOVE(inp, inp_list);
	udbinfo.ipi_count--;
	INP_INFO_UNLOCK(&udbinfo);
	so->so_pcb = NULL;
	kfree(inp);
}

struct pr_usrreqs udp_usrreqs = {
    .pru_attach = udp_attach,
    .pru_bind = udp_bind,
    .pru_send = udp_send,
    .pru_detach = udp_detach,
};
