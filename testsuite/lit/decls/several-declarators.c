// In a statement with several declarators only the selected ones become
// VNET_DEFINE; the others stay together, as written, in statements of
// their own, in their order.
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var b --var c --var f --var h t.c -- 2>&1 | count 0
// RUN: FileCheck %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var b --var c --var f --var h t.c -- -I%runtime_include | count 0

static int a, b = 2;
// CHECK:      static int a;
// CHECK-NEXT: VNET_DEFINE_STATIC(int, b) = 2;
// CHECK-NEXT: #define V_b VNET(b)
static int c = 1, d;
// CHECK-NEXT: VNET_DEFINE_STATIC(int, c) = 1;
// CHECK-NEXT: #define V_c VNET(c)
// CHECK-NEXT: static int d;
static long e, f, g = 7;
// CHECK-NEXT: static long e;
// CHECK-NEXT: VNET_DEFINE_STATIC(long, f);
// CHECK-NEXT: #define V_f VNET(f)
// CHECK-NEXT: static long g = 7;
unsigned int h = 1, *hp;
// CHECK-NEXT: VNET_DEFINE(unsigned int, h) = 1;
// CHECK-NEXT: #define V_h VNET(h)
// CHECK-NEXT: unsigned int *hp;

long
sum(void)
{
	return (a + b + c + d + e + f + g + (long)h);
}
// CHECK: return (a + V_b + V_c + d + e + V_f + g + (long)V_h);
