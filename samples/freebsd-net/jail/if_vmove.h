/*
 * if_vmove.h: moving an interface from one network stack to another, the
 * part of jail(8) that vnetsh and the tests share.  VIMAGE builds only.
 */
#ifndef JAIL_IF_VMOVE_H
#define JAIL_IF_VMOVE_H

#include "net/if_var.h"

#ifdef VIMAGE
/* The interface named name in vnet's stack, or NULL. */
struct ifnet *ifunit_in(struct vnet *vnet, const char *name);
/*
 * FreeBSD's if_vmove: the interface leaves its stack, with its addresses
 * and routes, and joins the other one as if newly attached there, which
 * sets if_vnet.  It arrives down.
 */
void if_vmove(struct ifnet *ifp, struct vnet *to);
#endif

#endif /* !JAIL_IF_VMOVE_H */
