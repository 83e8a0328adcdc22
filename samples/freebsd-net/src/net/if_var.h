/*
 * if_var.h: network interfaces.
 *
 * Each interface is one struct ifnet on the stack's list (ifnet), with an
 * index unique within the stack.  A driver allocates it with if_alloc,
 * fills in its name and functions and calls if_attach; if_detach takes
 * it away again, with its addresses, routes and cached neighbours.
 * Like FreeBSD's, the structure records the network stack it is in
 * (if_vnet) and the one it was created in (if_home_vnet) in every build.
 */
#ifndef NET_IF_VAR_H
#define NET_IF_VAR_H

#include "kern/kern.h"
#include "netinet/in_var.h"

struct mbuf;
struct route;

#define IFNAMSIZ       16
#define ETHER_ADDR_LEN 6

#define IFF_UP	      0x0001
#define IFF_BROADCAST 0x0002
#define IFF_LOOPBACK  0x0008
#define IFF_RUNNING   0x0040

#define IFT_ETHER 0x06
#define IFT_LOOP  0x18

struct ifnet {
	TAILQ_ENTRY(ifnet) if_link; /* on ifnet */
	char if_xname[IFNAMSIZ];
	const char *if_dname; /* the driver: "lo", "epair" */
	int if_index;
	int if_type;
	int if_flags;
	int if_mtu;
	uint8_t if_lladdr[ETHER_ADDR_LEN];
	struct vnet *if_vnet;	   /* the stack it is in */
	struct vnet *if_home_vnet; /* the stack it was created in */
	void *if_softc;
	TAILQ_HEAD(, in_ifaddr) if_addrhead;
	/* Sends a packet to dst (next hop), adding the link header. */
	int (*if_output)(struct ifnet *, struct mbuf *, struct in_addr dst);
	/* Puts a framed packet on the wire. */
	int (*if_transmit)(struct ifnet *, struct mbuf *);
	/* Takes a framed packet off the wire. */
	void (*if_input)(struct ifnet *, struct mbuf *);
	uint64_t if_ipackets, if_opackets, if_ierrors, if_oerrors;
	uint64_t if_ibytes, if_obytes;
};

TAILQ_HEAD(ifnethead, ifnet);

/* The stack's interfaces and the lock of the list; if.c. */
extern struct ifnethead ifnet;
extern struct mtx ifnet_mtx;
#define IFNET_WLOCK()	mtx_lock(&ifnet_mtx)
#define IFNET_WUNLOCK() mtx_unlock(&ifnet_mtx)
extern int if_index;

struct ifnet *if_alloc(int type);
void if_attach(struct ifnet *);
void if_detach(struct ifnet *);
void if_free(struct ifnet *);
/*
 * Half of if_detach and of if_attach: the interface leaves or joins the
 * stack's list, addresses and routes, and keeps its memory and driver.
 */
void if_detach_internal(struct ifnet *);
void if_attach_internal(struct ifnet *);
/* The interface named name, or NULL. */
struct ifnet *ifunit(const char *name);
struct ifnet *ifnet_byindex(int idx);
void if_up(struct ifnet *);
void if_down(struct ifnet *);

/* A driver's start-up: cloners are how "ifconfig epair create" works. */
struct if_clone {
	LIST_ENTRY(if_clone) ifc_list;
	const char *ifc_name;
	/* Makes the interface(s); the first one's name in name. */
	int (*ifc_create)(struct if_clone *, char *name, size_t len);
	int (*ifc_destroy)(struct if_clone *, struct ifnet *);
};
void if_clone_attach(struct if_clone *);
void if_clone_detach(struct if_clone *);
int if_clone_create(const char *cloner, char *name, size_t len);
int if_clone_destroy(const char *name);

/* Ethernet framing (if_ethersubr.c). */
void ether_ifattach(struct ifnet *, const uint8_t *lla);
int ether_output(struct ifnet *, struct mbuf *, struct in_addr dst);
void ether_input(struct ifnet *, struct mbuf *);
char *ether_sprintf_r(const uint8_t *lla, char *buf); /* 18 bytes */

/* The loopback interface of this stack, lo0 (if_loop.c). */
extern struct ifnet *loif;

#endif /* !NET_IF_VAR_H */
