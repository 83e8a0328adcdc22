/*
 * if_loop.c: the loopback interface, lo0.  Every stack has one, made
 * when the stack starts, with 127.0.0.1/8; packets to any of the stack's
 * own addresses go out through it and come straight back in.
 */
#include "kern/mbuf.h"
#include "net/if_var.h"
#include "net/netisr.h"

#define LOMTU 16384

struct ifnet *loif;

static int
looutput(struct ifnet *ifp, struct mbuf *m, struct in_addr dst)
{
	(void)dst;
	if (!(ifp->if_flags & IFF_UP)) {
		m_freem(m);
		return (ENETDOWN);
	}
	ifp->if_opackets++;
	ifp->if_obytes += m->m_len;
	ifp->if_ipackets++;
	ifp->if_ibytes += m->m_len;
	m->m_pkthdr.rcvif = ifp;
	m->m_flags |= M_LOOP;
	return (netisr_dispatch(NETISR_IP, m));
}

static void
loattach(void *unused)
{
	struct in_addr lo;

	(void)unused;
	loif = if_alloc(IFT_LOOP);
	snprintf(loif->if_xname, sizeof(loif->if_xname), "lo0");
	loif->if_dname = "lo";
	loif->if_mtu = LOMTU;
	loif->if_flags = IFF_LOOPBACK;
	loif->if_output = looutput;
	if_attach(loif);
	if_up(loif);
	lo.s_addr = htonl(INADDR_LOOPBACK);
	in_control_add(loif, lo, 8);
}
SYSINIT(loattach, SI_SUB_PROTO_IFATTACHDOMAIN, SI_ORDER_ANY, loattach, NULL);

static void
lodetach(void *unused)
{
	(void)unused;
	if_detach(loif);
	if_free(loif);
	loif = NULL;
}
SYSUNINIT(lodetach, SI_SUB_PROTO_IFATTACHDOMAIN, SI_ORDER_ANY, lodetach, NULL);
