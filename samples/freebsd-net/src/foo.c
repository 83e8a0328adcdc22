/*
 * foo.c: the foo protocol.  Bound ports live on a list, counters in
 * foostat, tunables are sysctls.  All of it is global state.
 */
#include <stdio.h>
#include <string.h>

#include "foo.h"

struct foo_stats foostat;
int foo_mtu = 1500;
static int foo_debug = 0;
static int foo_nports;
static TAILQ_HEAD(, foo_pcb) foo_pcbs = TAILQ_HEAD_INITIALIZER(foo_pcbs);
static struct foo_pcb foo_pcb_pool[FOO_MAXPORT];

SYSCTL_NODE(_net, OID_AUTO, foo, CTLFLAG_RW, 0, "foo protocol");
SYSCTL_INT(_net_foo, OID_AUTO, mtu, CTLFLAG_RW, &foo_mtu, 0,
    "largest datagram accepted");
SYSCTL_INT(_net_foo, OID_AUTO, debug, CTLFLAG_RW, &foo_debug, 0,
    "log every datagram");
SYSCTL_INT(_net_foo, OID_AUTO, nports, CTLFLAG_RD, &foo_nports, 0,
    "bound ports");
SYSCTL_STRUCT(_net_foo, OID_AUTO, stats, CTLFLAG_RD, &foostat, foo_stats,
    "foo statistics");

#ifdef FOO_COMPAT_KNOBS
/*
 * Hosts too old for sysctl read the tunables through this table.  No
 * build of this tree defines FOO_COMPAT_KNOBS any more.
 */
int *foo_compat_knobs[] = {&foo_mtu, &foo_debug};
#endif

static struct foo_pcb *
foo_lookup(uint16_t port)
{
	struct foo_pcb *fp;

	TAILQ_FOREACH(fp, &foo_pcbs, fp_link)
		if (fp->fp_port == port)
			return (fp);
	return (NULL);
}

int
foo_bind(const char *name, uint16_t port)
{
	struct foo_pcb *fp;

	if (foo_nports == FOO_MAXPORT || foo_lookup(port) != NULL)
		return (-1);
	fp = &foo_pcb_pool[foo_nports++];
	memset(fp, 0, sizeof(*fp));
	fp->fp_port = port;
	snprintf(fp->fp_name, sizeof(fp->fp_name), "%s", name);
	TAILQ_INSERT_TAIL(&foo_pcbs, fp, fp_link);
	return (0);
}

int
foo_input(uint16_t port, const char *data, int len)
{
	struct foo_pcb *fp;

	FOOSTAT_INC(fs_ipackets);
	if (len > foo_mtu) {
		FOOSTAT_INC(fs_toolong);
		return (-1);
	}
	fp = foo_lookup(port);
	if (fp == NULL) {
		FOOSTAT_INC(fs_noport);
		return (-1);
	}
	fp->fp_received++;
	if (foo_debug)
		printf("foo: %s got %d bytes: %.*s\n", fp->fp_name, len, len,
		    data);
	return (0);
}

/* Every datagram carries an identifier, unique per sender. */
uint32_t
foo_next_ident(void)
{
	static uint32_t foo_ident = 1000;

	return (foo_ident++);
}

int
foo_output(uint16_t port, const char *data, int len)
{
	uint32_t id = foo_next_ident();

	FOOSTAT_INC(fs_opackets);
	(void)id;
	/* A loopback: what goes out comes back in. */
	return (foo_input(port, data, len));
}

int
foo_pcb_count(void)
{
	struct foo_pcb *fp;
	int n = 0;

	TAILQ_FOREACH(fp, &foo_pcbs, fp_link)
		n++;
	return (n);
}

void
foo_dump(const char *who)
{
	struct foo_pcb *fp;

	printf("%-6s ports=%d in=%llu out=%llu noport=%llu toolong=%llu "
	       "mtu=%d next-id=%u\n",
	    who, foo_pcb_count(), (unsigned long long)foostat.fs_ipackets,
	    (unsigned long long)foostat.fs_opackets,
	    (unsigned long long)foostat.fs_noport,
	    (unsigned long long)foostat.fs_toolong, foo_mtu,
	    (unsigned)foo_next_ident());
	TAILQ_FOREACH(fp, &foo_pcbs, fp_link)
		printf("       port %u (%s): %llu datagrams\n", fp->fp_port,
		    fp->fp_name, (unsigned long long)fp->fp_received);
}
