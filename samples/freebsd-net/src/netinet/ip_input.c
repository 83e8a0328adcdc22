/*
 * ip_input.c: IPv4 input and forwarding, the stack's tunables, and the
 * slow timer.
 *
 * A packet enters the network stack of the interface it came in on
 * (ip_input is the NETISR_IP handler).  It is checked, then delivered to
 * its protocol when it is for one of our addresses, forwarded when this
 * stack routes (net.inet.ip.forwarding), dropped otherwise.
 */
#include "kern/callout.h"
#include "kern/mbuf.h"
#include "kern/protosw.h"
#include "net/if_var.h"
#include "net/netisr.h"
#include "net/route_var.h"
#include "netinet/icmp_var.h"
#include "netinet/ip_var.h"

struct ipstat ipstat;
int ipforwarding = 0;
int ip_defttl = 64;
#ifdef IPSTEALTH
int ipstealth = 0;
#endif

SYSCTL_INT(_net_inet_ip, OID_AUTO, forwarding, CTLFLAG_RW, &ipforwarding, 0,
    "Enable IP forwarding between interfaces");
SYSCTL_INT(_net_inet_ip, OID_AUTO, ttl, CTLFLAG_RW, &ip_defttl, 0,
    "Maximum TTL on IP packets");
SYSCTL_STRUCT(_net_inet_ip, OID_AUTO, stats, CTLFLAG_RW, &ipstat, ipstat,
    "IP statistics (struct ipstat, netinet/ip_var.h)");
#ifdef IPSTEALTH
SYSCTL_INT(_net_inet_ip, OID_AUTO, stealth, CTLFLAG_RW, &ipstealth, 0,
    "IP stealth mode, no TTL decrementation on forwarding");
#endif

/* One timer for the whole system: the slow timeout of every stack. */
static struct callout ip_slowtimo_ch;

static void ip_forward(struct mbuf *m);
static void ip_slowtimo(void *arg);

static const struct netisr_handler ip_nh = {
    .nh_name = "ip",
    .nh_handler = ip_input,
    .nh_proto = NETISR_IP,
};

static void
ip_init(void *unused)
{
	(void)unused;
	netisr_register(&ip_nh);
	callout_init(&ip_slowtimo_ch);
	callout_reset(&ip_slowtimo_ch, hz / 2, ip_slowtimo, NULL);
}
SYSINIT(ip, SI_SUB_PROTO_DOMAIN, SI_ORDER_MIDDLE, ip_init, NULL);

static void
ip_uninit(void *unused)
{
	(void)unused;
	callout_stop(&ip_slowtimo_ch);
	netisr_unregister(&ip_nh);
}
SYSUNINIT(ip, SI_SUB_PROTO_DOMAIN, SI_ORDER_MIDDLE, ip_uninit, NULL);

void
ip_input(struct mbuf *m)
{
	struct ifnet *ifp = m->m_pkthdr.rcvif;
	struct protosw *pr;
	struct ip *ip;
	int hlen, len, off;

	IPSTAT_INC(ips_total);
	if (m->m_len < (int)sizeof(struct ip)) {
		IPSTAT_INC(ips_tooshort);
		goto bad;
	}
	ip = mtod(m, struct ip *);
	if (IP_VHL_V(ip->ip_vhl) != IPVERSION) {
		IPSTAT_INC(ips_badvers);
		goto bad;
	}
	hlen = IP_VHL_HL(ip->ip_vhl) << 2;
	if (hlen < (int)sizeof(struct ip) || hlen > m->m_len) {
		IPSTAT_INC(ips_badhlen);
		goto bad;
	}
	if (in_cksum(ip, hlen) != 0) {
		IPSTAT_INC(ips_badsum);
		goto bad;
	}
	len = ntohs(ip->ip_len);
	if (len < hlen || len > m->m_len) {
		IPSTAT_INC(ips_tooshort);
		goto bad;
	}
	if (m->m_len > len)
		m_adj(m, len - m->m_len);

	if (in_localip(ip->ip_dst) || in_broadcast(ip->ip_dst, ifp))
		goto ours;
	if (!ipforwarding) {
		IPSTAT_INC(ips_cantforward);
		goto bad;
	}
	ip_forward(m);
	return;

ours:
	pr = pffindinput(ip->ip_p);
	if (pr == NULL || pr->pr_input == NULL) {
		IPSTAT_INC(ips_noproto);
		goto bad;
	}
	IPSTAT_INC(ips_delivered);
	off = hlen;
	pr->pr_input(&m, &off, ip->ip_p);
	return;
bad:
	m_freem(m);
}

/*
 * Forwards a packet for another host: one less TTL (unless stealthy),
 * then out by the routing table.  What cannot go on is answered with an
 * ICMP error to its source.
 */
static void
ip_forward(struct mbuf *m)
{
	struct ip *ip = mtod(m, struct ip *);
	struct route ro;

#ifdef IPSTEALTH
	if (!ipstealth) {
#endif
		if (ip->ip_ttl <= IPTTLDEC) {
			IPSTAT_INC(ips_timeexceeded);
			icmp_error(m, ICMP_TIMXCEED, 0);
			return;
		}
		ip->ip_ttl -= IPTTLDEC;
#ifdef IPSTEALTH
	}
#endif
	if (rtalloc(ip->ip_dst, &ro) != 0) {
		IPSTAT_INC(ips_noroute);
		icmp_error(m, ICMP_UNREACH, ICMP_UNREACH_HOST);
		return;
	}
	IPSTAT_INC(ips_forward);
	ip_output(m, IP_FORWARDING);
}

/* Twice a second in every stack: what ages by time alone. */
static void
ip_slowtimo(void *arg)
{
	(void)arg;
	IPSTAT_INC(ips_slowtimo);
	icmp_slowtimo();
	callout_reset(&ip_slowtimo_ch, hz / 2, ip_slowtimo, NULL);
}
