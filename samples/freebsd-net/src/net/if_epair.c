/*
 * if_epair.c: pairs of Ethernet interfaces joined back to back, as by a
 * cable: what one sends, the other receives.  "ifconfig epair create"
 * makes epairNa and epairNb; either may then move to another network
 * stack, which is how two stacks get connected.
 *
 * The pairs made by a stack are on its list and numbered within it; the
 * link-layer addresses are unique in the whole system, since two halves
 * from different stacks may end up on one wire.  Destroying a pair (or
 * the stack that made it) detaches each half from the stack it is in.
 */
#include "kern/mbuf.h"
#include "net/ethernet.h"
#include "net/if_var.h"

struct epair_softc {
	LIST_ENTRY(epair_softc) sc_list;
	struct ifnet *sc_ifp;
	struct ifnet *sc_peer;
	int sc_unit;
};

static LIST_HEAD(, epair_softc) epair_list = LIST_HEAD_INITIALIZER(epair_list);
static int epair_next_unit;
/* System-wide: link-layer addresses must differ across stacks. */
static unsigned int epair_lladdr_seq;

static int epair_clone_create(struct if_clone *, char *, size_t);
static int epair_clone_destroy(struct if_clone *, struct ifnet *);

static struct if_clone epair_cloner = {
    .ifc_name = "epair",
    .ifc_create = epair_clone_create,
    .ifc_destroy = epair_clone_destroy,
};

static int
epair_transmit(struct ifnet *ifp, struct mbuf *m)
{
	struct epair_softc *sc = ifp->if_softc;
	struct ifnet *peer = sc->sc_peer;

	if (!(ifp->if_flags & IFF_UP) || !(peer->if_flags & IFF_RUNNING)) {
		ifp->if_oerrors++;
		m_freem(m);
		return (ENETDOWN);
	}
	ifp->if_opackets++;
	ifp->if_obytes += m->m_len;
	m->m_flags &= ~M_BCAST;
	peer->if_input(peer, m);
	return (0);
}

static struct ifnet *
epair_alloc_half(struct epair_softc *sc, int unit, char half)
{
	struct ifnet *ifp;
	uint8_t lla[ETHER_ADDR_LEN];
	unsigned int seq;

	ifp = if_alloc(IFT_ETHER);
	snprintf(ifp->if_xname, sizeof(ifp->if_xname), "epair%d%c", unit, half);
	ifp->if_dname = "epair";
	ifp->if_softc = sc;
	ifp->if_transmit = epair_transmit;
	seq = __atomic_add_fetch(&epair_lladdr_seq, 1, __ATOMIC_RELAXED);
	lla[0] = 0x02; /* locally administered */
	lla[1] = 0x00;
	lla[2] = (uint8_t)(seq >> 16);
	lla[3] = (uint8_t)(seq >> 8);
	lla[4] = (uint8_t)seq;
	lla[5] = (uint8_t)(half == 'a' ? 0x0a : 0x0b);
	ether_ifattach(ifp, lla);
	return (ifp);
}

static int
epair_clone_create(struct if_clone *ifc, char *name, size_t len)
{
	struct epair_softc *sca, *scb;
	int unit;

	(void)ifc;
	IFNET_WLOCK();
	unit = epair_next_unit++;
	IFNET_WUNLOCK();
	sca = kmalloc(sizeof(*sca), M_WAITOK | M_ZERO);
	scb = kmalloc(sizeof(*scb), M_WAITOK | M_ZERO);
	sca->sc_unit = scb->sc_unit = unit;
	sca->sc_ifp = epair_alloc_half(sca, unit, 'a');
	scb->sc_ifp = epair_alloc_half(scb, unit, 'b');
	sca->sc_peer = scb->sc_ifp;
	scb->sc_peer = sca->sc_ifp;
	IFNET_WLOCK();
	LIST_INSERT_HEAD(&epair_list, sca, sc_list);
	IFNET_WUNLOCK();
	snprintf(name, len, "%s", sca->sc_ifp->if_xname);
	return (0);
}

/* Takes one half out of the stack it is in, whichever that is. */
static void
epair_detach_half(struct ifnet *ifp)
{
	if_detach(ifp);
}

/* Destroys the pair whose a half has softc sca; the list is unlocked. */
static void
epair_destroy_pair(struct epair_softc *sca)
{
	struct ifnet *ifa = sca->sc_ifp, *ifb = sca->sc_peer;
	struct epair_softc *scb = ifb->if_softc;

	epair_detach_half(ifa);
	epair_detach_half(ifb);
	if_free(ifa);
	if_free(ifb);
	kfree(sca);
	kfree(scb);
}

static int
epair_clone_destroy(struct if_clone *ifc, struct ifnet *ifp)
{
	struct epair_softc *sc = ifp->if_softc, *sca, *it;

	(void)ifc;
	/* The pair is listed under its a half. */
	sca = ifp->if_xname[strlen(ifp->if_xname) - 1] == 'a'
	    ? sc
	    : sc->sc_peer->if_softc;
	IFNET_WLOCK();
	LIST_FOREACH(it, &epair_list, sc_list)
		if (it == sca)
			break;
	if (it == NULL) {
		/* Made by another stack: only that one may destroy it. */
		IFNET_WUNLOCK();
		return (EPERM);
	}
	LIST_REMOVE(sca, sc_list);
	IFNET_WUNLOCK();
	epair_destroy_pair(sca);
	return (0);
}

static void
epair_init(void *unused)
{
	(void)unused;
	if_clone_attach(&epair_cloner);
}
SYSINIT(epair, SI_SUB_PROTO_IFATTACHDOMAIN, SI_ORDER_MIDDLE, epair_init, NULL);

static void
epair_uninit(void *unused)
{
	struct epair_softc *sca;

	(void)unused;
	if_clone_detach(&epair_cloner);
	for (;;) {
		IFNET_WLOCK();
		sca = LIST_FIRST(&epair_list);
		if (sca != NULL)
			LIST_REMOVE(sca, sc_list);
		IFNET_WUNLOCK();
		if (sca == NULL)
			break;
		epair_destroy_pair(sca);
	}
}
SYSUNINIT(epair, SI_SUB_PROTO_IFATTACHDOMAIN, SI_ORDER_MIDDLE, epair_uninit,
    NULL);
