// Attributes stay where they were written relative to the name: after the
// declarator they follow VNET_DEFINE(...), in the specifiers they stay in
// the type slot; either way the object keeps its alignment, in VIMAGE
// builds (checked on the instance data's master) and without.
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var post_attr --var buf --var pre_attr --var lead_attr t.c -- 2>&1 | count 0
// RUN: FileCheck %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var post_attr --var buf --var pre_attr --var lead_attr t.c -- -I%runtime_include | count 0
// RUN: cat t.c %inputs/attributes-stay-with-name/align.c > align.c
// RUN: %cc -fsyntax-only align.c && %cc -DVIMAGE -fsyntax-only align.c

static int post_attr __attribute__((aligned(64))) = 5;
// CHECK:      VNET_DEFINE_STATIC(int, post_attr) __attribute__((aligned(64))) = 5;
// CHECK-NEXT: #define V_post_attr VNET(post_attr)
static char buf[64] __attribute__((aligned(128))), other[2];
// CHECK-NEXT: VNET_DEFINE_STATIC(char, buf[64]) __attribute__((aligned(128)));
// CHECK-NEXT: #define V_buf VNET(buf)
// CHECK-NEXT: static char other[2];
static int __attribute__((aligned(16))) pre_attr;
// CHECK-NEXT: VNET_DEFINE_STATIC(int __attribute__((aligned(16))), pre_attr);
__attribute__((aligned(32))) static int lead_attr;
// CHECK-NEXT: VNET_DEFINE_STATIC(__attribute__((aligned(32))) int, lead_attr);
// CHECK-NEXT: #define V_pre_attr VNET(pre_attr)
// CHECK-NEXT: #define V_lead_attr VNET(lead_attr)

int
f(void)
{
	return (post_attr + buf[0] + other[0] + pre_attr + lead_attr);
}
// CHECK: return (V_post_attr + V_buf[0] + other[0] + V_pre_attr + V_lead_attr);
