/*
 * dso_linked.c: a shared library rt_dso is linked with, so it registers
 * before the program starts and its constructors join vnet0's boot.
 */
#include <vnet/vnet.h>

#include "dso.h"

VNET_DEFINE_STATIC(int, linked_val) = 1234;
#define V_linked_val VNET(linked_val)

static void
linked_vinit(const void *unused)
{
	(void)unused;
	rt_dso_event("linked", curvnet, V_linked_val == 1234);
}
VNET_SYSINIT(linked_vinit, SI_SUB_INIT_IF, SI_ORDER_SECOND, linked_vinit, NULL);

int
linked_get(struct vnet *v)
{
	int n;

	CURVNET_SET(v);
	n = V_linked_val;
	CURVNET_RESTORE();
	return (n);
}

void
linked_set(struct vnet *v, int n)
{
	CURVNET_SET(v);
	V_linked_val = n;
	CURVNET_RESTORE();
}
