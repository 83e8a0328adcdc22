/*
 * dso_mod.c: a module rt_dso loads with dlopen().  Built as a shared
 * object, so its V_x go through the shared-object access path; built a
 * second time with VNET_DEBUG.  Its functions take the instance to act in.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <vnet/sysctl.h>
#include <vnet/vnet.h>

#include "dso.h"

VNET_DEFINE(int, mod_counter) = 500;
VNET_DEFINE_STATIC(char, mod_name[16]) = "unset";
VNET_DEFINE_STATIC(char, mod_pad) = 'p';
_Alignas(64) VNET_DEFINE_STATIC(int, mod_aligned) = 64;
VNET_DEFINE_STATIC(struct vnet *, mod_self);
#define V_mod_counter VNET(mod_counter)
#define V_mod_name    VNET(mod_name)
#define V_mod_aligned VNET(mod_aligned)
#define V_mod_self    VNET(mod_self)

#ifdef VNET_IN_SHARED_OBJECT
int mod_shared_path = 1;
#else
int mod_shared_path = 0;
#endif

SYSCTL_INT(_net, OID_AUTO, rtmod_counter, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(mod_counter), 0, "the module's counter");

static void
mod_load(const void *unused)
{
	(void)unused;
	rt_dso_event("load", curvnet, 1);
}
SYSINIT(mod_load, SI_SUB_PSEUDO, SI_ORDER_ANY, mod_load, NULL);

static void
mod_unload(const void *unused)
{
	(void)unused;
	rt_dso_event("unload", curvnet, 1);
}
SYSUNINIT(mod_unload, SI_SUB_PSEUDO, SI_ORDER_ANY, mod_unload, NULL);

static void
mod_vinit(const void *unused)
{
	(void)unused;
	V_mod_self = curvnet;
	snprintf(V_mod_name, sizeof(V_mod_name), "%s", vnet_name(curvnet));
	rt_dso_event("vinit", curvnet, V_mod_counter == 500);
}
VNET_SYSINIT(mod_vinit, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, mod_vinit, NULL);

static void
mod_vuninit(const void *unused)
{
	(void)unused;
	rt_dso_event("vuninit", curvnet, V_mod_self == curvnet);
}
VNET_SYSUNINIT(mod_vuninit, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, mod_vuninit,
    NULL);

static int
mod_check(const void *unused)
{
	(void)unused;
	if (rt_dso_fail_name != NULL &&
	    strcmp(vnet_name(curvnet), rt_dso_fail_name) == 0)
		return (EIO);
	return (0);
}
VNET_SYSINIT_ERR(mod_check, SI_SUB_PROTO_DOMAIN, SI_ORDER_SECOND, mod_check,
    NULL);

int
mod_get_counter(struct vnet *v)
{
	int n;

	CURVNET_SET(v);
	n = V_mod_counter;
	CURVNET_RESTORE();
	return (n);
}

void
mod_set_counter(struct vnet *v, int n)
{
	CURVNET_SET(v);
	V_mod_counter = n;
	CURVNET_RESTORE();
}

const char *
mod_get_name(struct vnet *v)
{
	const char *s;

	CURVNET_SET(v);
	s = V_mod_name;
	CURVNET_RESTORE();
	return (s);
}

struct vnet *
mod_get_self(struct vnet *v)
{
	struct vnet *s;

	CURVNET_SET(v);
	s = V_mod_self;
	CURVNET_RESTORE();
	return (s);
}

void *
mod_aligned_addr(struct vnet *v)
{
	void *p;

	CURVNET_SET(v);
	p = &V_mod_aligned;
	CURVNET_RESTORE();
	return (p);
}

/* A variable the executable defines: the cross-module path. */
int
mod_bump_exe(struct vnet *v)
{
	int n;

	CURVNET_SET(v);
	n = ++V_exe_shared;
	CURVNET_RESTORE();
	return (n);
}

void
mod_touch_without_curvnet(void)
{
	V_mod_counter = 1;
}
