/*
 * proto.h: a small virtualized protocol, the mutation test's seed.
 */
#ifndef PROTO_H
#define PROTO_H

#include <stddef.h>
#include <vnet/vnet.h>
#include <vnet/sysctl.h>

struct mbuf {
	struct vnet *m_vnet;
	int m_len;
	struct mbuf *m_next;
};

struct socket {
	struct vnet *so_vnet;
	int so_port;
	int so_error;
};

struct protostat {
	unsigned long ps_in, ps_out, ps_drop, ps_badlen;
};

VNET_DECLARE(struct protostat, protostat);
#define V_protostat VNET(protostat)
VNET_DECLARE(int, proto_ttl);
#define V_proto_ttl VNET(proto_ttl)

#define PROTOSTAT_INC(f)    (V_protostat.f++)
#define PROTOSTAT_ADD(f, n) (V_protostat.f += (n))

int proto_input(struct mbuf *);
int proto_output(struct socket *, struct mbuf *);
int proto_bind(struct socket *, int);
int proto_ctl(struct socket *, int, int *);
void proto_slowtimo(void *);
void proto_drain(void);

#endif /* !PROTO_H */
