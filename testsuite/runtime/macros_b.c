/*
 * macros_b.c: one of two files that each define a static vnet variable
 * of the same name; they must link and stay independent.
 */
#include "macros.h"

static VNET_DEFINE(int, rt_same_name) = 200;
#define V_rt_same_name VNET(rt_same_name)

int
same_b_get(struct vnet *vnet)
{
	int v;

	CURVNET_SET(vnet);
	v = V_rt_same_name;
	CURVNET_RESTORE();
	return (v);
}

void
same_b_set(struct vnet *vnet, int v)
{
	CURVNET_SET(vnet);
	V_rt_same_name = v;
	CURVNET_RESTORE();
}
