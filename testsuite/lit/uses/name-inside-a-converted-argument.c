// A name inside a group of a converted form's argument is a use like any
// other: in VNET_VNET(vnets[idx], hits) idx is edited and hits is left
// alone, while VNET_VNET((vnets[0]), hits) is already converted.
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var idx --var hits t.c -- -I%runtime_include 2>&1 | count 0
// RUN: FileCheck %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var idx --var hits t.c -- -I%runtime_include | count 0

#include <vnet/vnet.h>

VNET_DEFINE_STATIC(int, hits) = 0;
#define V_hits VNET(hits)

static int idx;
static struct vnet *vnets[4];

int get(void);

int
get(void)
{
	return (VNET_VNET(vnets[idx], hits) + VNET_VNET((vnets[0]), hits));
}
// CHECK:      VNET_DEFINE_STATIC(int, idx);
// CHECK:      return (VNET_VNET(vnets[V_idx], hits) + VNET_VNET((vnets[0]), hits));
