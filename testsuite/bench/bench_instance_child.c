/*
 * bench_instance_child.c: one legacy network stack in a process of its
 * own, as bench_instances' process approach runs N of them.
 *
 * The stack comes up before main, in the runtime's start-up (its
 * SYSINITs).  main proves it works (instance_check), says so with one
 * byte on stdout, and then stays, doing nothing, until stdin ends: the
 * parent hangs up once it has measured all the children, and if the
 * parent dies first the children go with it.
 */
#include <stdio.h>
#include <unistd.h>

#include "instance_check.h"

int
main(void)
{
	struct instance_ops ops = {sys_ping, sys_iflist};
	char why[256], c;

	if (instance_check(&ops, why, sizeof(why)) != 0) {
		fprintf(stderr, "vnet_bench_instance_child: %s\n", why);
		return (1);
	}
	if (write(STDOUT_FILENO, "r", 1) != 1)
		return (1);
	while (read(STDIN_FILENO, &c, 1) > 0)
		continue;
	return (0);
}
