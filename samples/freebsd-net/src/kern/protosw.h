/*
 * protosw.h: how the socket layer and IP input reach a protocol.  Each
 * protocol fills one struct protosw (netinet/in_proto.c); IP input calls
 * pr_input for the packets of its number, sockets call the user requests.
 */
#ifndef KERN_PROTOSW_H
#define KERN_PROTOSW_H

#include "kern/kern.h"

struct mbuf;
struct socket;
struct in_addr;

struct pr_usrreqs {
	int (*pru_attach)(struct socket *so);
	int (
	    *pru_bind)(struct socket *so, struct in_addr laddr, uint16_t lport);
	int (*pru_send)(struct socket *so, struct mbuf *m, struct in_addr faddr,
	    uint16_t fport);
	void (*pru_detach)(struct socket *so);
};

struct protosw {
	int pr_type;	 /* SOCK_DGRAM, SOCK_RAW */
	int pr_protocol; /* IPPROTO_* */
	const char *pr_name;
	/* Takes the packet; *offp is the length of the IP header. */
	int (*pr_input)(struct mbuf **mp, int *offp, int proto);
	struct pr_usrreqs *pr_usrreqs;
};

#define SOCK_DGRAM 2
#define SOCK_RAW   3
#define AF_INET	   2

#define IPPROTO_DONE 257 /* pr_input: the packet was consumed */

/* The protocol for a socket of type and protocol (0: the default). */
struct protosw *pffindproto(int type, int protocol);
/* The protocol that takes IP packets of number proto, or NULL. */
struct protosw *pffindinput(int proto);

#endif /* !KERN_PROTOSW_H */
