/*
 * mbuf.h: packets.  An mbuf here is one contiguous buffer with room in
 * front for the headers each layer prepends on the way out; the packet
 * header names the interface a received packet came in on, which is how
 * input finds its vnet.
 */
#ifndef KERN_MBUF_H
#define KERN_MBUF_H

#include "kern/kern.h"

#define MCLBYTES 2048 /* the whole buffer */
#define MHLEN	 128  /* room kept in front by m_gethdr */

struct ifnet;

struct pkthdr {
	struct ifnet *rcvif; /* the interface it arrived on */
	int len;	     /* the whole packet */
};

struct mbuf {
	STAILQ_ENTRY(mbuf) m_nextpkt; /* on a queue of packets */
	char *m_data;		      /* the first byte of the packet */
	int m_len;
	int m_flags;
	struct pkthdr m_pkthdr;
	char m_buf[MCLBYTES];
};

#define M_BCAST 0x0001 /* sent or received as link broadcast */
#define M_LOOP	0x0002 /* looped back to this host */

STAILQ_HEAD(mbufq, mbuf);

#define mtod(m, t) ((t)((m)->m_data))

/* An empty packet with MHLEN of room in front, or NULL at the limit. */
struct mbuf *m_gethdr(void);
void m_freem(struct mbuf *);
/* Room for len more bytes in front; NULL (m freed) if there is none. */
struct mbuf *m_prepend(struct mbuf *m, int len);
/* Drops len bytes from the front (len > 0) or the back (len < 0). */
void m_adj(struct mbuf *m, int len);
/* Appends len bytes of data; 0, or ENOBUFS when they do not fit. */
int m_append(struct mbuf *m, int len, const void *data);
struct mbuf *m_dup(const struct mbuf *);

/* How many mbufs are out, system-wide (kern.ipc.mbufs_out). */
extern int mbufs_out;

#endif /* !KERN_MBUF_H */
