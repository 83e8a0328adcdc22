/*
 * in_proto.c: the protocols of the Internet family, and the sysctl nodes
 * they hang their knobs under.  The table is the same in every network
 * stack: it says what code handles what, not what state there is.
 */
#include "kern/protosw.h"
#include "netinet/icmp_var.h"
#include "netinet/in_var.h"
#include "netinet/udp_var.h"

SYSCTL_NODE(_net_inet, IPPROTO_IP, ip, CTLFLAG_RW, 0, "IP");
SYSCTL_NODE(_net_inet, IPPROTO_ICMP, icmp, CTLFLAG_RW, 0, "ICMP");
SYSCTL_NODE(_net_inet, IPPROTO_UDP, udp, CTLFLAG_RW, 0, "UDP");

struct protosw inetsw[] = {
    {
	.pr_type = SOCK_RAW,
	.pr_protocol = IPPROTO_ICMP,
	.pr_name = "icmp",
	.pr_input = icmp_input,
    },
    {
	.pr_type = SOCK_DGRAM,
	.pr_protocol = IPPROTO_UDP,
	.pr_name = "udp",
	.pr_input = udp_input,
	.pr_usrreqs = &udp_usrreqs,
    },
};

struct protosw *
pffindproto(int type, int protocol)
{
	size_t i;

	for (i = 0; i < nitems(inetsw); i++)
		if (inetsw[i].pr_type == type &&
		    (protocol == 0 || inetsw[i].pr_protocol == protocol))
			return (&inetsw[i]);
	return (NULL);
}

struct protosw *
pffindinput(int proto)
{
	size_t i;

	for (i = 0; i < nitems(inetsw); i++)
		if (inetsw[i].pr_protocol == proto)
			return (&inetsw[i]);
	return (NULL);
}
