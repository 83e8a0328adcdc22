/*
 * if_vmove.c: an interface changes network stacks (if_vmove.h).  Each
 * half of the move runs in the stack it changes.
 */
#include "jail/if_vmove.h"

#ifdef VIMAGE
struct ifnet *
ifunit_in(struct vnet *vnet, const char *name)
{
	struct ifnet *ifp;

	CURVNET_SET(vnet);
	ifp = ifunit(name);
	CURVNET_RESTORE();
	return (ifp);
}

void
if_vmove(struct ifnet *ifp, struct vnet *to)
{
	{
		CURVNET_SET(ifp->if_vnet);
		if_detach_internal(ifp);
		CURVNET_RESTORE();
	}
	{
		CURVNET_SET(to);
		if_attach_internal(ifp);
		CURVNET_RESTORE();
	}
}
#endif
