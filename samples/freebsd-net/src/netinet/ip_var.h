/*
 * ip_var.h: the IPv4 header, IP's statistics and what the other
 * protocols call.
 */
#ifndef NETINET_IP_VAR_H
#define NETINET_IP_VAR_H

#include "kern/kern.h"
#include "netinet/in_var.h"

struct mbuf;
struct route;

#define IPVERSION 4
#define IP_MAXTTL 255
#define IPTTLDEC  1
#define IP_DF	  0x4000 /* don't fragment */

struct ip {
	uint8_t ip_vhl; /* version << 4 | header length >> 2 */
	uint8_t ip_tos;
	uint16_t ip_len;
	uint16_t ip_id;
	uint16_t ip_off;
	uint8_t ip_ttl;
	uint8_t ip_p;
	uint16_t ip_sum;
	struct in_addr ip_src, ip_dst;
} __attribute__((__packed__));

#define IP_VHL_HL(vhl) ((vhl) & 0x0f)
#define IP_VHL_V(vhl)  ((vhl) >> 4)

struct ipstat {
	uint64_t ips_total;	   /* packets received */
	uint64_t ips_badsum;	   /* checksum bad */
	uint64_t ips_tooshort;	   /* packet too short */
	uint64_t ips_badhlen;	   /* header length too small */
	uint64_t ips_badvers;	   /* not version 4 */
	uint64_t ips_delivered;	   /* datagrams delivered upward */
	uint64_t ips_noproto;	   /* unknown or unsupported protocol */
	uint64_t ips_forward;	   /* packets forwarded */
	uint64_t ips_cantforward;  /* packets received for another host */
	uint64_t ips_localout;	   /* packets sent from here */
	uint64_t ips_noroute;	   /* packets discarded for want of a route */
	uint64_t ips_odropped;	   /* output packets dropped */
	uint64_t ips_toolong;	   /* more than the interface's MTU */
	uint64_t ips_timeexceeded; /* TTL ran out in forwarding */
	uint64_t ips_slowtimo;	   /* runs of the slow timer */
};

extern struct ipstat ipstat;
#define IPSTAT_INC(name)    (ipstat.name++)
#define IPSTAT_ADD(name, n) (ipstat.name += (n))

/* The stack's tunables (ip_input.c). */
extern int ipforwarding; /* net.inet.ip.forwarding */
extern int ip_defttl;	 /* net.inet.ip.ttl */
#ifdef IPSTEALTH
extern int ipstealth; /* net.inet.ip.stealth */
#endif

/* ip_output flags */
#define IP_FORWARDING 0x01 /* the header is complete; do not touch it */
#define IP_ROUTETOIF  0x02 /* ignore gateways */

void ip_input(struct mbuf *);
/*
 * Sends m, whose IP header is filled in except for what ip_output does
 * itself (version, length, id, checksum; all of it with IP_FORWARDING).
 * Consumes m.  0 or an errno.
 */
int ip_output(struct mbuf *m, int flags);
/* A packet for a protocol: IP header in front of len bytes of data. */
struct mbuf *ip_newpacket(int proto, struct in_addr src, struct in_addr dst,
    int ttl, const void *data, int len);
/* The source address for packets to dst: 0, or an errno. */
int ip_srcaddr(struct in_addr dst, struct in_addr *src);

SYSCTL_DECL(_net_inet_ip);

#endif /* !NETINET_IP_VAR_H */
