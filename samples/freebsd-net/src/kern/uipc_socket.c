/*
 * uipc_socket.c: the socket layer (socketvar.h).  A socket is made in
 * the network stack of the thread that asks and stays in it: every later
 * call on it runs there (so_vnet), whichever thread makes it.
 */
#include "kern/mbuf.h"
#include "kern/protosw.h"
#include "kern/socketvar.h"

int numopensockets;
static struct mtx sock_mtx = {PTHREAD_MUTEX_INITIALIZER, "socket count"};

SYSCTL_INT(_kern_ipc, OID_AUTO, numopensockets, CTLFLAG_RD, &numopensockets, 0,
    "Number of open sockets");

int
socreate(int dom, struct socket **sop, int type, int proto)
{
	struct protosw *prp;
	struct socket *so;
	int error;

	if (dom != AF_INET)
		return (EAFNOSUPPORT);
	prp = pffindproto(type, proto);
	if (prp == NULL || prp->pr_usrreqs == NULL)
		return (EPROTONOSUPPORT);
	so = kmalloc(sizeof(*so), M_WAITOK | M_ZERO);
	so->so_type = type;
	so->so_proto = prp;
	so->so_vnet = curvnet;
	mtx_init(&so->so_rcv_mtx, "so_rcv");
	STAILQ_INIT(&so->so_rcv);
	error = prp->pr_usrreqs->pru_attach(so);
	if (error != 0) {
		mtx_destroy(&so->so_rcv_mtx);
		kfree(so);
		return (error);
	}
	mtx_lock(&sock_mtx);
	numopensockets++;
	mtx_unlock(&sock_mtx);
	*sop = so;
	return (0);
}

int
sobind(struct socket *so, struct in_addr laddr, uint16_t lport)
{
	return (so->so_proto->pr_usrreqs->pru_bind(so, laddr, lport));
}

int
sosend(struct socket *so, const void *data, size_t len, struct in_addr faddr,
    uint16_t fport)
{
	struct mbuf *m;

	if (len > MCLBYTES - MHLEN)
		return (EMSGSIZE);
	m = m_gethdr();
	if (m == NULL)
		return (ENOBUFS);
	if (m_append(m, (int)len, data) != 0) {
		m_freem(m);
		return (EMSGSIZE);
	}
	return (so->so_proto->pr_usrreqs->pru_send(so, m, faddr, fport));
}

long
soreceive(struct socket *so, void *buf, size_t len, struct in_addr *from,
    uint16_t *fport)
{
	struct so_dgram *sd;
	size_t n;

	mtx_lock(&so->so_rcv_mtx);
	sd = STAILQ_FIRST(&so->so_rcv);
	if (sd == NULL) {
		mtx_unlock(&so->so_rcv_mtx);
		return (-EAGAIN);
	}
	STAILQ_REMOVE_HEAD(&so->so_rcv, sd_link);
	so->so_rcv_cc -= sd->sd_len;
	mtx_unlock(&so->so_rcv_mtx);
	n = min(len, sd->sd_len);
	memcpy(buf, sd->sd_data, n);
	if (from != NULL)
		*from = sd->sd_from;
	if (fport != NULL)
		*fport = sd->sd_fport;
	kfree(sd);
	return ((long)n);
}

int
sbappendaddr(struct socket *so, struct in_addr from, uint16_t fport,
    const void *data, size_t len)
{
	struct so_dgram *sd;

	mtx_lock(&so->so_rcv_mtx);
	if (so->so_rcv_cc + len > SB_MAX) {
		mtx_unlock(&so->so_rcv_mtx);
		return (ENOBUFS);
	}
	sd = kmalloc(sizeof(*sd) + len, M_WAITOK);
	sd->sd_from = from;
	sd->sd_fport = fport;
	sd->sd_len = len;
	memcpy(sd->sd_data, data, len);
	STAILQ_INSERT_TAIL(&so->so_rcv, sd, sd_link);
	so->so_rcv_cc += len;
	mtx_unlock(&so->so_rcv_mtx);
	return (0);
}

void
soclose(struct socket *so)
{
	struct so_dgram *sd;

	so->so_proto->pr_usrreqs->pru_detach(so);
	while ((sd = STAILQ_FIRST(&so->so_rcv)) != NULL) {
		STAILQ_REMOVE_HEAD(&so->so_rcv, sd_link);
		kfree(sd);
	}
	mtx_destroy(&so->so_rcv_mtx);
	kfree(so);
	mtx_lock(&sock_mtx);
	numopensockets--;
	mtx_unlock(&sock_mtx);
}
