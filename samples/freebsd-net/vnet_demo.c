/*
 * vnet_demo.c: runs the converted foo module as several isolated
 * instances in one process.  It is written against the runtime, not
 * converted: it plays the part of the jail code that creates vnets and
 * of the entry points that set curvnet before calling into the stack.
 */
#include <stdio.h>

#include <vnet/sysctl.h>
#include <vnet/vnet.h>

#include "foo.h"

#define NINST 3

static void
show(struct vnet *vnet, const char *knob)
{
	char buf[64];
	int error = vnet_sysctl_get(vnet, knob, buf, sizeof(buf));

	printf("  %-6s %s = %s\n", vnet_name(vnet), knob,
	    error == 0 ? buf : "?");
}

int
main(void)
{
	static const char *const names[NINST] = {"red", "green", "blue"};
	struct vnet *v[NINST];
	int i, k;

	for (i = 0; i < NINST; i++) {
		v[i] = vnet_alloc_named(names[i]);
		if (v[i] == NULL) {
			perror("vnet_alloc");
			return (1);
		}
	}
	/* Different ports and traffic in each instance. */
	for (i = 0; i < NINST; i++) {
		CURVNET_SET(v[i]);
		foo_bind("echo", 7);
		if (i > 0)
			foo_bind("discard", 9);
		for (k = 0; k <= 2 * i; k++)
			foo_output(7, "hello", 5);
		foo_output(13, "nobody", 6);
		CURVNET_RESTORE();
	}
	/* A knob set in one instance changes only that one. */
	vnet_sysctl_set(v[2], "net.foo.mtu", "4");
	{
		CURVNET_SET(v[2]);
		foo_output(7, "too long", 8);
		CURVNET_RESTORE();
	}
	printf("per-instance state:\n");
	for (i = 0; i < NINST; i++) {
		CURVNET_SET(v[i]);
		foo_dump(names[i]);
		CURVNET_RESTORE();
	}
	printf("per-instance knobs:\n");
	for (i = 0; i < NINST; i++) {
		show(v[i], "net.foo.mtu");
		show(v[i], "net.foo.nports");
	}
	{
		CURVNET_SET(vnet0);
		printf("vnet0 was never used: %d ports bound\n",
		    foo_pcb_count());
		CURVNET_RESTORE();
	}
	for (i = 0; i < NINST; i++)
		vnet_destroy(v[i]);
	return (0);
}
