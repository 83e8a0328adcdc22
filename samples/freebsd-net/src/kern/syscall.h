/*
 * syscall.h: the system calls of the network stack, as the tools in
 * sbin/ make them.  Each runs in the network stack of the calling thread
 * (its jail's, TD_TO_VNET(curthread)) and returns 0 or an errno; results
 * come back through the pointers given.
 */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include "kern/kern.h"
#include "netinet/in_var.h"

/* Sockets, by descriptor: one table for the whole system. */
int sys_socket(int domain, int type, int protocol, int *fdp);
int sys_bind(int fd, struct in_addr addr, uint16_t port);
int sys_sendto(int fd, const void *buf, size_t len, struct in_addr to,
    uint16_t port);
/* EAGAIN when nothing waits. */
int sys_recvfrom(int fd, void *buf, size_t len, size_t *lenp,
    struct in_addr *from, uint16_t *port);
int sys_close(int fd);

/* What ifconfig shows of an interface. */
struct if_info {
	char ii_name[16];
	int ii_index;
	int ii_flags;
	int ii_mtu;
	uint8_t ii_lladdr[6];
	struct in_addr ii_addr; /* INADDR_ANY: none */
	int ii_plen;
	uint64_t ii_ipackets, ii_opackets, ii_ierrors, ii_oerrors;
};

/* What netstat -r shows of a route. */
struct rt_info {
	struct in_addr ri_dst;
	int ri_plen;
	struct in_addr ri_gateway;
	char ri_ifname[16];
	int ri_flags;
	uint64_t ri_use;
};

/* What arp -a shows of a neighbour. */
struct arp_info {
	struct in_addr ai_addr;
	uint8_t ai_lladdr[6];
	int ai_resolved;
	int ai_expires; /* seconds */
	char ai_ifname[16];
};

/* ifconfig */
int sys_ifcreate(const char *cloner, char *name, size_t len);
int sys_ifdestroy(const char *name);
int sys_ifaddr(const char *name, struct in_addr addr, int plen);
int sys_ifflags(const char *name, int up);
int sys_ifinfo(const char *name, struct if_info *);
/*
 * The list calls fill in up to max entries of buf and say how many in
 * *countp; ENOMEM (with *countp max) when there are more.
 */
/* The interfaces, in index order. */
int sys_iflist(struct if_info *buf, int max, int *countp);

/* route, netstat -r */
int sys_rtadd(struct in_addr dst, int plen, struct in_addr gw);
int sys_rtdel(struct in_addr dst, int plen);
int sys_rtlist(struct rt_info *buf, int max, int *countp);

/* arp -a */
int sys_arplist(struct arp_info *buf, int max, int *countp);

/*
 * ping: one echo request to dst; when something came back, 0 and *typep
 * (ICMP_ECHOREPLY, ICMP_TIMXCEED, ICMP_UNREACH), *codep, *fromp, *ttlp;
 * ETIMEDOUT when nothing did.
 */
int sys_ping(struct in_addr dst, int ttl, uint16_t id, uint16_t seq,
    int datalen, int *typep, int *codep, struct in_addr *fromp, int *ttlp);

#endif /* !KERN_SYSCALL_H */
