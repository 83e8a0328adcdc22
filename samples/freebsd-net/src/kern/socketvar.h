/*
 * socketvar.h: datagram sockets.  A socket belongs to the network stack
 * it was created in (so_vnet) for its whole life; what it receives waits
 * on a queue until read.
 */
#ifndef KERN_SOCKETVAR_H
#define KERN_SOCKETVAR_H

#include "kern/kern.h"
#include "netinet/in_var.h"

struct protosw;

/* One datagram waiting to be read, with the address it came from. */
struct so_dgram {
	STAILQ_ENTRY(so_dgram) sd_link;
	struct in_addr sd_from;
	uint16_t sd_fport; /* host order */
	size_t sd_len;
	char sd_data[];
};

struct socket {
	int so_type;
	struct protosw *so_proto;
	void *so_pcb;	       /* the protocol's control block */
	struct vnet *so_vnet;  /* the network stack it was created in */
	struct mtx so_rcv_mtx; /* so_rcv and so_rcv_cc */
	STAILQ_HEAD(, so_dgram) so_rcv;
	size_t so_rcv_cc;
	int so_error;
};

#define SB_MAX 65536 /* bytes a socket holds before it drops */

int socreate(int dom, struct socket **sop, int type, int proto);
int sobind(struct socket *so, struct in_addr laddr, uint16_t lport);
int sosend(struct socket *so, const void *data, size_t len,
    struct in_addr faddr, uint16_t fport);
/* Bytes read, or -EAGAIN when nothing waits. */
long soreceive(struct socket *so, void *buf, size_t len, struct in_addr *from,
    uint16_t *fport);
void soclose(struct socket *so);
/* Queues a datagram for reading: 0, or ENOBUFS (the socket is full). */
int sbappendaddr(struct socket *so, struct in_addr from, uint16_t fport,
    const void *data, size_t len);

/* Sockets open, system-wide (kern.ipc.numopensockets). */
extern int numopensockets;

#endif /* !KERN_SOCKETVAR_H */
