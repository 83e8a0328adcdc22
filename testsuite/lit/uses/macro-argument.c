// A use written in a macro argument is edited in the argument, at every
// call, nested calls included; the macro itself does not change.  A use
// that reaches code only through the macro's body is not the argument's.
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var count --var limit t.c -- 2>&1 | count 0
// RUN: FileCheck %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var count --var limit t.c -- -I%runtime_include | count 0

#define BUMP(x) ((x)++)
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define TWICE(e) ((e) + (e))
// CHECK:      #define BUMP(x) ((x)++)
// CHECK-NEXT: #define MAX(a, b) ((a) > (b) ? (a) : (b))
// CHECK-NEXT: #define TWICE(e) ((e) + (e))

static int count;
static int limit = 10;

int
f(int n)
{
	BUMP(count);
	n = MAX(count, MAX(n, limit));
	return (TWICE(count) + TWICE(MAX(limit, 1)) + n);
}
// CHECK:      BUMP(V_count);
// CHECK-NEXT: n = MAX(V_count, MAX(n, V_limit));
// CHECK-NEXT: return (TWICE(V_count) + TWICE(MAX(V_limit, 1)) + n);
