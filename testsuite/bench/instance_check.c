/*
 * instance_check.c: see instance_check.h.
 */
#include <stdio.h>
#include <string.h>

#include "instance_check.h"
#include "netinet/icmp_var.h"

int
instance_check(const struct instance_ops *ops, char *why, size_t len)
{
	struct if_info ifs[2];
	struct in_addr lo, from;
	int code, count, error, ttl, type;

	lo.s_addr = htonl(INADDR_LOOPBACK);
	error = ops->io_ping(lo, 64, 1, 1, 56, &type, &code, &from, &ttl);
	if (error != 0) {
		snprintf(why, len, "ping 127.0.0.1: %s", strerror(error));
		return (-1);
	}
	if (type != ICMP_ECHOREPLY) {
		snprintf(why, len,
		    "ping 127.0.0.1: ICMP type %d, not an echo "
		    "reply",
		    type);
		return (-1);
	}
	/* Room for more than the one expected, which a shared list shows. */
	error = ops->io_iflist(ifs, (int)nitems(ifs), &count);
	if (error != 0 && error != ENOMEM) {
		snprintf(why, len, "listing interfaces: %s", strerror(error));
		return (-1);
	}
	if (error == 0 && count == 1 && strcmp(ifs[0].ii_name, "lo0") == 0)
		return (0);
	if (error == ENOMEM)
		snprintf(why, len,
		    "more than %d interfaces listed, not only "
		    "its own lo0: the stack is not its own",
		    (int)nitems(ifs));
	else
		snprintf(why, len,
		    "%d interfaces listed, not only its own lo0: "
		    "the stack is not its own",
		    count);
	return (-1);
}
