/*
 * proto.c: the protocol's input, output and control paths, converted the
 * way FreeBSD's are: V_ for every per-vnet variable, CURVNET_SET and
 * CURVNET_RESTORE where a path enters with no vnet.
 */
#include "proto.h"

#define PROTO_NPORTS 16

VNET_DEFINE(struct protostat, protostat);
VNET_DEFINE(int, proto_ttl) = 64;
VNET_DEFINE_STATIC(int, proto_ports[PROTO_NPORTS]);
VNET_DEFINE_STATIC(int, proto_nports);
VNET_DEFINE_STATIC(int, proto_maxlen) = 1500;
VNET_DEFINE_STATIC(struct mbuf *, proto_queue);
#define V_proto_ports  VNET(proto_ports)
#define V_proto_nports VNET(proto_nports)
#define V_proto_maxlen VNET(proto_maxlen)
#define V_proto_queue  VNET(proto_queue)

SYSCTL_NODE(_net, OID_AUTO, proto, CTLFLAG_RW, 0, "proto");
SYSCTL_INT(_net_proto, OID_AUTO, ttl, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(proto_ttl), 0, "default ttl");
SYSCTL_INT(_net_proto, OID_AUTO, maxlen, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(proto_maxlen), 0, "largest datagram");

static int
proto_port_index(int port)
{
	int i;

	for (i = 0; i < V_proto_nports; i++)
		if (V_proto_ports[i] == port)
			return (i);
	return (-1);
}

int
proto_input(struct mbuf *m)
{
	int error = 0;

	CURVNET_SET(m->m_vnet);
	PROTOSTAT_INC(ps_in);
	if (m->m_len <= 0) {
		PROTOSTAT_INC(ps_badlen);
		error = 22;
		goto out;
	}
	if (m->m_len > V_proto_maxlen) {
		PROTOSTAT_INC(ps_drop);
		CURVNET_RESTORE();
		return (27);
	}
	m->m_next = V_proto_queue;
	V_proto_queue = m;
out:
	CURVNET_RESTORE();
	return (error);
}

int
proto_output(struct socket *so, struct mbuf *m)
{
	int len;

	CURVNET_SET(so->so_vnet);
	if (proto_port_index(so->so_port) < 0) {
		so->so_error = 57;
		CURVNET_RESTORE();
		return (57);
	}
	len = m->m_len;
	PROTOSTAT_ADD(ps_out, len);
	CURVNET_RESTORE();
	return (0);
}

int
proto_bind(struct socket *so, int port)
{
	int error;

	CURVNET_SET(so->so_vnet);
	if (port <= 0)
		error = 22;
	else if (proto_port_index(port) >= 0)
		error = 48;
	else if (V_proto_nports == PROTO_NPORTS)
		error = 55;
	else {
		V_proto_ports[V_proto_nports++] = port;
		so->so_port = port;
		error = 0;
	}
	CURVNET_RESTORE();
	return (error);
}

int
proto_ctl(struct socket *so, int cmd, int *arg)
{
	int error = 0;

	CURVNET_SET(so->so_vnet);
	switch (cmd) {
	case 0:
		*arg = V_proto_ttl;
		break;
	case 1:
		if (*arg < 1 || *arg > 255) {
			error = 22;
			break;
		}
		V_proto_ttl = *arg;
		break;
	case 2:
		*arg = (int)V_protostat.ps_in;
		break;
	default:
		CURVNET_RESTORE();
		return (45);
	}
	CURVNET_RESTORE();
	return (error);
}
