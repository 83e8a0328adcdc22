/* udp_var.h: UDP's header, control blocks and statistics. */
#ifndef NETINET_UDP_VAR_H
#define NETINET_UDP_VAR_H

#include "kern/kern.h"
#include "netinet/in_var.h"

struct mbuf;
struct socket;

struct udphdr {
	uint16_t uh_sport;
	uint16_t uh_dport;
	uint16_t uh_ulen;
	uint16_t uh_sum;
} __attribute__((__packed__));

/* One bound socket: the Internet protocol control block. */
struct inpcb {
	LIST_ENTRY(inpcb) inp_list;
	struct socket *inp_socket;
	struct in_addr inp_laddr;
	uint16_t inp_lport; /* host order; 0 until bound */
};

LIST_HEAD(inpcbhead, inpcb);

/* Every UDP control block of the stack, and their lock. */
struct inpcbinfo {
	struct inpcbhead *ipi_listhead;
	struct mtx ipi_lock;
	unsigned int ipi_count;
	uint16_t ipi_lastport; /* for ephemeral ports */
};
#define INP_INFO_LOCK(ipi)   mtx_lock(&(ipi)->ipi_lock)
#define INP_INFO_UNLOCK(ipi) mtx_unlock(&(ipi)->ipi_lock)

struct udpstat {
	uint64_t udps_ipackets; /* datagrams received */
	uint64_t udps_hdrops;	/* shorter than the header */
	uint64_t udps_badsum;	/* checksum error */
	uint64_t udps_badlen;	/* data length larger than packet */
	uint64_t udps_noport;	/* no socket on the port */
	uint64_t udps_fullsock; /* not delivered: socket full */
	uint64_t udps_opackets; /* datagrams sent */
};

extern struct udpstat udpstat;
#define UDPSTAT_INC(name) (udpstat.name++)

int udp_input(struct mbuf **mp, int *offp, int proto);
extern struct pr_usrreqs udp_usrreqs;

#define IPPORT_EPHEMERALFIRST 49152
#define IPPORT_EPHEMERALLAST  65535

SYSCTL_DECL(_net_inet_udp);

#endif /* !NETINET_UDP_VAR_H */
