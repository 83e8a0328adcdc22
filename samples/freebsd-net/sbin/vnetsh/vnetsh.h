/*
 * vnetsh.h: what the files of the command interpreter share.
 *
 * vnetsh plays jail(8), ifconfig(8), route(8), ping(8), sysctl(8),
 * netstat(1) and arp(8) over the userspace stack.  It is not converted:
 * it is written against the runtime, as FreeBSD's jail code is, and
 * reaches a stack only through the system calls of kern/syscall.h, which
 * run in the calling thread's home vnet, and through sysctl, which names
 * its vnet.  The one exception is moving an interface between vnets,
 * which is kernel work (if_vmove) and is done in jail.c as FreeBSD does.
 */
#ifndef VNETSH_H
#define VNETSH_H

#include "kern/kern.h"
#include "kern/syscall.h"
#include "netinet/in_var.h"

/*
 * A network stack the script can name: the host (vnet0, always first)
 * or a vnet jail.  Without VIMAGE there is only the host, and its vnet
 * is NULL, which is what the runtime takes for "the one stack".
 */
struct jail {
	TAILQ_ENTRY(jail) j_link;
	char *j_name;
	int j_jid; /* 0 for the host */
	struct vnet *j_vnet;
};

/* The line being run, for messages; 0 outside the script. */
extern int lineno;

/* "vnetsh: line N: " and the message on stderr, after what stdout has. */
void
sh_warnx(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
/* The same, followed by ": " and strerror(error). */
void sh_warnc(int error, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
/* The message for anything that needs more than one stack; returns 1. */
int sh_novimage(void);

/* Arguments. */
int parse_number(const char *s, long lo, long hi, long *vp);
int parse_addr(const char *s, struct in_addr *a);
/* "a.b.c.d/plen", the length required. */
int parse_prefix(const char *s, struct in_addr *a, int *plenp);
/* "a.b.c.d:port", or "port" alone (address INADDR_ANY) if addr_optional. */
int parse_hostport(const char *s, int addr_optional, struct in_addr *a,
    uint16_t *portp);
/* "02:00:00:00:00:0a"; buf holds 18 bytes. */
char *lladdr_ntoa(const uint8_t *lla, char *buf);
/* "a.b.c.d/plen" in buf, which holds PREFIXSTRLEN. */
#define PREFIXSTRLEN (INET_ADDRSTRLEN + 3)
char *prefix_ntoa(struct in_addr a, int plen, char *buf);
/* How netstat -r and topology name a route's destination. */
char *rt_dstname(const struct rt_info *ri, char *buf);

/*
 * The lists of the calling thread's stack, in buffers that grow until
 * everything fits; the caller frees *bufp.  0 or an errno.
 */
int if_list(struct if_info **bufp, int *countp);
int rt_list(struct rt_info **bufp, int *countp);
int arp_list(struct arp_info **bufp, int *countp);

/* The jail table (jail.c). */
void jail_init(void);
/* Removes every jail, newest first, as "jail -r" does. */
void jail_fini(void);
struct jail *jail_host(void);
/* By name or JID; "host" and 0 name the host.  NULL if none. */
struct jail *jail_lookup(const char *name);
struct jail *jail_first(void);
struct jail *jail_next(struct jail *);
/*
 * Makes j's stack the one the thread's system calls run in, and back to
 * the host.  They do not nest: the interpreter enters the jail of -j
 * around a whole command, and a command that visits other stacks itself
 * is not run with -j.
 */
void jail_enter(struct jail *j);
void jail_leave(void);
/*
 * The stack the interface named so in j's was made in (if_home_vnet):
 * the two halves of an epair share it.  NULL if there is no such
 * interface, and always without VIMAGE.
 */
struct vnet *jail_ifhome(struct jail *j, const char *ifname);
/* ifconfig IF vnet / -vnet: 0, or 1 after a message. */
int jail_ifmove(const char *ifname, struct jail *from, struct jail *to);

/* UDP sockets the script keeps open (cmd_udp.c). */
void udp_jail_gone(struct jail *j);
void udp_fini(void);

/* The commands: argv[0] is the command name, -j already taken off. */
int cmd_arp(struct jail *, int, char **);
int cmd_ifconfig(struct jail *, int, char **);
int cmd_jail(struct jail *, int, char **);
int cmd_jls(struct jail *, int, char **);
int cmd_netstat(struct jail *, int, char **);
int cmd_ping(struct jail *, int, char **);
int cmd_route(struct jail *, int, char **);
int cmd_sysctl(struct jail *, int, char **);
int cmd_topology(struct jail *, int, char **);
int cmd_udp(struct jail *, int, char **);

/* netstat -r, in cmd_route.c with the rest of the routing table. */
int netstat_routes(void);

#endif /* !VNETSH_H */
