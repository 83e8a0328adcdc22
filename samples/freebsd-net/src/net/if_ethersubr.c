/*
 * if_ethersubr.c: Ethernet framing for the interfaces that use it.
 * Output finds the next hop's link-layer address in the neighbour cache
 * and puts the header on; input checks it is for us, takes it off, and
 * hands the packet to the protocol of its type.
 */
#include "kern/mbuf.h"
#include "net/ethernet.h"
#include "net/netisr.h"
#include "netinet/arp_var.h"

const uint8_t etherbroadcastaddr[ETHER_ADDR_LEN] = {0xff, 0xff, 0xff, 0xff,
    0xff, 0xff};

void
ether_ifattach(struct ifnet *ifp, const uint8_t *lla)
{
	memcpy(ifp->if_lladdr, lla, ETHER_ADDR_LEN);
	ifp->if_flags |= IFF_BROADCAST;
	ifp->if_output = ether_output;
	ifp->if_input = ether_input;
	if_attach(ifp);
}

/* Frames m for edst with type, and puts it on the wire. */
static int
ether_frame(struct ifnet *ifp, struct mbuf *m, const uint8_t *edst,
    uint16_t type)
{
	struct ether_header *eh;

	m = m_prepend(m, ETHER_HDR_LEN);
	if (m == NULL) {
		ifp->if_oerrors++;
		return (ENOBUFS);
	}
	eh = mtod(m, struct ether_header *);
	memcpy(eh->ether_dhost, edst, ETHER_ADDR_LEN);
	memcpy(eh->ether_shost, ifp->if_lladdr, ETHER_ADDR_LEN);
	eh->ether_type = htons(type);
	return (ifp->if_transmit(ifp, m));
}

int
ether_output(struct ifnet *ifp, struct mbuf *m, struct in_addr dst)
{
	uint8_t edst[ETHER_ADDR_LEN];
	int error;

	if ((ifp->if_flags & (IFF_UP | IFF_RUNNING)) !=
	    (IFF_UP | IFF_RUNNING)) {
		m_freem(m);
		return (ENETDOWN);
	}
	if (m->m_flags & M_BCAST)
		memcpy(edst, etherbroadcastaddr, ETHER_ADDR_LEN);
	else {
		error = arpresolve(ifp, m, dst, edst);
		if (error == EWOULDBLOCK)
			return (0); /* sent when the reply comes */
		if (error != 0)
			return (error);
	}
	return (ether_frame(ifp, m, edst, ETHERTYPE_IP));
}

int
ether_output_frame(struct ifnet *ifp, struct mbuf *m, const uint8_t *edst,
    uint16_t type)
{
	if ((ifp->if_flags & (IFF_UP | IFF_RUNNING)) !=
	    (IFF_UP | IFF_RUNNING)) {
		m_freem(m);
		return (ENETDOWN);
	}
	return (ether_frame(ifp, m, edst, type));
}

void
ether_input(struct ifnet *ifp, struct mbuf *m)
{
	struct ether_header *eh;
	uint16_t type;

	if (m->m_len < ETHER_HDR_LEN || !(ifp->if_flags & IFF_UP)) {
		ifp->if_ierrors++;
		m_freem(m);
		return;
	}
	eh = mtod(m, struct ether_header *);
	if (memcmp(eh->ether_dhost, etherbroadcastaddr, ETHER_ADDR_LEN) == 0)
		m->m_flags |= M_BCAST;
	else if (memcmp(eh->ether_dhost, ifp->if_lladdr, ETHER_ADDR_LEN) != 0) {
		m_freem(m); /* for another host on the wire */
		return;
	}
	ifp->if_ipackets++;
	ifp->if_ibytes += m->m_len;
	type = ntohs(eh->ether_type);
	m_adj(m, ETHER_HDR_LEN);
	m->m_pkthdr.rcvif = ifp;
	switch (type) {
	case ETHERTYPE_IP:
		netisr_dispatch(NETISR_IP, m);
		break;
	case ETHERTYPE_ARP:
		netisr_dispatch(NETISR_ARP, m);
		break;
	default:
		ifp->if_ierrors++;
		m_freem(m);
	}
}

char *
ether_sprintf_r(const uint8_t *lla, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", lla[0], lla[1],
	    lla[2], lla[3], lla[4], lla[5]);
	return (buf);
}
