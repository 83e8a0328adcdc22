/*
 * foo.h: the "foo" datagram protocol, a legacy module written with plain
 * globals.  One instance per process, as such code always was.
 */
#ifndef _NET_FOO_H_
#define _NET_FOO_H_

#include <stdint.h>
#include <sys/queue.h>

#include <vnet/sysctl.h>

#define FOO_MAXPORT 16

struct foo_stats {
	uint64_t fs_ipackets; /* datagrams received */
	uint64_t fs_opackets; /* datagrams sent */
	uint64_t fs_noport;   /* received for a port nobody bound */
	uint64_t fs_toolong;  /* longer than the MTU */
};

/* Protocol control block: one bound port. */
struct foo_pcb {
	TAILQ_ENTRY(foo_pcb) fp_link;
	uint16_t fp_port;
	uint64_t fp_received;
	char fp_name[16];
};

extern struct foo_stats foostat;
extern int foo_mtu;

/* Statistics are bumped through a macro, as BSD stacks do. */
#define FOOSTAT_INC(name) (foostat.name++)

SYSCTL_DECL(_net_foo);

int foo_bind(const char *name, uint16_t port);
int foo_input(uint16_t port, const char *data, int len);
int foo_output(uint16_t port, const char *data, int len);
uint32_t foo_next_ident(void);
int foo_pcb_count(void);
void foo_dump(const char *who);

#endif /* !_NET_FOO_H_ */
