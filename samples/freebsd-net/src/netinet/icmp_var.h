/* icmp_var.h: ICMP messages, statistics and the echo replies ping reads. */
#ifndef NETINET_ICMP_VAR_H
#define NETINET_ICMP_VAR_H

#include "kern/kern.h"
#include "netinet/in_var.h"
#include "netinet/ip_var.h"

struct mbuf;

#define ICMP_ECHOREPLY	  0
#define ICMP_UNREACH	  3
#define ICMP_UNREACH_NET  0
#define ICMP_UNREACH_HOST 1
#define ICMP_UNREACH_PORT 3
#define ICMP_ECHO	  8
#define ICMP_TIMXCEED	  11
#define ICMP_MAXTYPE	  18

struct icmp {
	uint8_t icmp_type;
	uint8_t icmp_code;
	uint16_t icmp_cksum;
	uint16_t icmp_id;
	uint16_t icmp_seq;
	/* an error carries the IP header and 8 bytes of what it is about */
} __attribute__((__packed__));

#define ICMP_MINLEN 8

struct icmpstat {
	uint64_t icps_error;   /* icmp_error calls */
	uint64_t icps_oldicmp; /* no error about an error */
	uint64_t icps_outhist[ICMP_MAXTYPE + 1];
	uint64_t icps_badcode;
	uint64_t icps_tooshort;
	uint64_t icps_checksum;
	uint64_t icps_reflect;
	uint64_t icps_inhist[ICMP_MAXTYPE + 1];
	uint64_t icps_ratelimited; /* errors not sent: over icmplim */
};

extern struct icmpstat icmpstat;
#define ICMPSTAT_INC(name) (icmpstat.name++)

/*
 * What came back for an echo this host sent: the echo reply, or the error
 * a router sent about it.
 */
struct icmp_echo_result {
	uint16_t er_id, er_seq;
	int er_type; /* ICMP_ECHOREPLY, ICMP_TIMXCEED, ICMP_UNREACH */
	int er_code;
	int er_ttl; /* of the reply */
	struct in_addr er_from;
};

/* Sends an error about packet m (consumed) to its source. */
void icmp_error(struct mbuf *m, int type, int code);
int icmp_input(struct mbuf **mp, int *offp, int proto);
/* Sends an echo request: 0 or an errno. */
int icmp_echo_send(struct in_addr dst, int ttl, uint16_t id, uint16_t seq,
    int datalen);
/* The result for (id, seq) if one came, taken off the list: 1, else 0. */
int icmp_echo_result(uint16_t id, uint16_t seq, struct icmp_echo_result *);
void icmp_slowtimo(void);

SYSCTL_DECL(_net_inet_icmp);

#endif /* !NETINET_ICMP_VAR_H */
