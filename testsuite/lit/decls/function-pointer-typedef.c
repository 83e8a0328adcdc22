// A type that cannot sit in VNET_DEFINE's type slot (a function pointer,
// a pointer to an array) gets a typedef named after the variable; an
// array of function pointers keeps its bound with the name; a type that
// is already a typedef name needs none.
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var handler --var op2 --var hooks --var rowp --var cmp --var getter t.c -- 2>&1 | count 0
// RUN: FileCheck %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var handler --var op2 --var hooks --var rowp --var cmp --var getter t.c -- -I%runtime_include | count 0

#include <stddef.h>

#define NSLOTS 8

static int (*handler)(int) = NULL;
// CHECK:      typedef int (*handler_t)(int);
// CHECK-NEXT: VNET_DEFINE_STATIC(handler_t, handler) = NULL;
static int (*op)(int, int), (*op2)(int, int);
// CHECK-NEXT: static int (*op)(int, int);
// CHECK-NEXT: typedef int (*op2_t)(int, int);
// CHECK-NEXT: VNET_DEFINE_STATIC(op2_t, op2);
void (*hooks[4])(void);
// CHECK-NEXT: typedef void (*hooks_t)(void);
// CHECK-NEXT: VNET_DEFINE(hooks_t, hooks[4]);
static int (*rowp)[NSLOTS];
// CHECK-NEXT: typedef int (*rowp_t)[NSLOTS];
// CHECK-NEXT: VNET_DEFINE_STATIC(rowp_t, rowp);
static int *(*getter)(void);
// CHECK-NEXT: typedef int *(*getter_t)(void);
// CHECK-NEXT: VNET_DEFINE_STATIC(getter_t, getter);
typedef int (*cmp_fn)(const void *, const void *);
// CHECK-NEXT: #define V_handler VNET(handler)
// CHECK-NEXT: #define V_op2 VNET(op2)
// CHECK-NEXT: #define V_hooks VNET(hooks)
// CHECK-NEXT: #define V_rowp VNET(rowp)
// CHECK-NEXT: #define V_getter VNET(getter)
static cmp_fn cmp;
// CHECK-NEXT: typedef int (*cmp_fn)(const void *, const void *);
// CHECK-NEXT: VNET_DEFINE_STATIC(cmp_fn, cmp);
// CHECK-NEXT: #define V_cmp VNET(cmp)

int
call(int x)
{
	if (hooks[0] != NULL)
		hooks[0]();
	return ((handler != NULL ? handler(x) : 0) + (op != NULL) +
	    (op2 != NULL ? op2(x, x) : 0) + (rowp != NULL ? (*rowp)[1] : 0) +
	    (cmp != NULL) + (getter != NULL ? *getter() : 0));
}
// CHECK:      if (V_hooks[0] != NULL)
// CHECK-NEXT: V_hooks[0]();
// CHECK-NEXT: return ((V_handler != NULL ? V_handler(x) : 0) + (op != NULL) +
// CHECK-NEXT: (V_op2 != NULL ? V_op2(x, x) : 0) + (V_rowp != NULL ? (*V_rowp)[1] : 0) +
// CHECK-NEXT: (V_cmp != NULL) + (V_getter != NULL ? *V_getter() : 0));
// Known layout limitation (the second continuation line just checked):
// uses in code get V_ where they stand and the statement is not laid
// out again, so that 77-column line becomes 85; style(9) would move
// "(V_rowp != NULL ? (*V_rowp)[1] : 0) +" to the next line.
