// A use under a unary operator inside sizeof is only measured, as one
// right under sizeof is: in a static initializer both are V_t, with no
// master name and nothing to review, and scan counts neither as a read
// (nor sizeof &t as an address taken).
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify scan t.c -- | FileCheck --check-prefix=SCAN %s
// RUN: %vnetify rewrite -i --var t t.c -- 2>&1 | count 0
// RUN: FileCheck %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var t t.c -- -I%runtime_include | count 0
//
// SCAN: name linkage type size file line function uses reads writes address_taken macro_uses static_init_uses thread_local
// SCAN-NEXT: t static int[4] 16 t.c {{[0-9]+}} - 5 1 0 0 0 2 no

static int t[4] = {1, 2, 3, 4};
static const unsigned long n = sizeof(t) / sizeof(*t);
// CHECK:      VNET_DEFINE_STATIC(int, t[4]) = {1, 2, 3, 4};
// CHECK-NEXT: #define V_t VNET(t)
// CHECK-NEXT: static const unsigned long n = sizeof(V_t) / sizeof(*V_t);

unsigned long f(void);

unsigned long
f(void)
{
	return (n + sizeof &t + sizeof(-t[0]) + (unsigned long)t[1]);
}
// CHECK:      return (n + sizeof &V_t + sizeof(-V_t[0]) + (unsigned long)V_t[1]);
