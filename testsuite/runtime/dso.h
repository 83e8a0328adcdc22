/*
 * dso.h: what rt_dso's executable and the libraries it links or loads
 * share.  The executable defines the event log and exe_shared; the
 * libraries call back into it, which is why it exports its symbols.
 */
#ifndef RT_DSO_H
#define RT_DSO_H

#include <vnet/vnet.h>

/* A constructor or destructor of a library ran; ok is its own check. */
void rt_dso_event(const char *what, struct vnet *cur, int ok);
/* The instance in which the module's checking constructor must fail. */
extern const char *rt_dso_fail_name;

VNET_DECLARE(int, exe_shared);
#define V_exe_shared VNET(exe_shared)

#endif /* !RT_DSO_H */
