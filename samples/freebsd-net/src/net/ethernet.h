/* ethernet.h: the link-layer header, as epair(4) puts it on the wire. */
#ifndef NET_ETHERNET_H
#define NET_ETHERNET_H

#include "kern/kern.h"
#include "net/if_var.h"

struct mbuf;

#define ETHERTYPE_IP  0x0800
#define ETHERTYPE_ARP 0x0806
#define ETHER_HDR_LEN 14

struct ether_header {
	uint8_t ether_dhost[ETHER_ADDR_LEN];
	uint8_t ether_shost[ETHER_ADDR_LEN];
	uint16_t ether_type;
} __attribute__((__packed__));

/* Sends a packet already framed for its type to edst (ARP's way out). */
int ether_output_frame(struct ifnet *ifp, struct mbuf *m, const uint8_t *edst,
    uint16_t type);

extern const uint8_t etherbroadcastaddr[ETHER_ADDR_LEN];

#endif /* !NET_ETHERNET_H */
