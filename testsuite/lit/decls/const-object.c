// A const object selected by its exact name keeps const where it is the
// pointee's, and has its own const written VNET_CONST: const without
// VIMAGE (so the plain build is what it was), writable per-instance data
// with it (one section cannot hold const and writable objects).  Each gets
// a note, which is not a review item: the exit status stays 0.
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var limit --var ptr --var greeting --var msg --var table --var names t.c -- 2> notes.txt
// RUN: FileCheck %s < t.c
// RUN: FileCheck --check-prefix=CHECKNOTE --implicit-check-not=warning: %s < notes.txt
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var limit --var ptr --var greeting --var msg --var table --var names t.c -- -I%runtime_include | count 0
// A glob passes const objects over: only msg (mutable) is taken.
//
// CHECKNOTE:      t.c:10:18: note: limit is const; it is declared VNET_CONST, which is const only without VIMAGE
// CHECKNOTE-NEXT: t.c:11:19: note: ptr is const; it is declared VNET_CONST
// CHECKNOTE-NEXT: t.c:12:19: note: greeting is const; it is declared VNET_CONST
// CHECKNOTE-NEXT: t.c:14:18: note: table is const; it is declared VNET_CONST
// CHECKNOTE-NEXT: t.c:15:26: note: names is const; it is declared VNET_CONST
// RUN: %strip %s > glob.c
// RUN: %vnetify rewrite -i --var '*' glob.c -- 2>&1 | count 0
// RUN: FileCheck --check-prefix=CHECKGLOB %s < glob.c

static const int limit = 10;
// CHECK:      VNET_DEFINE_STATIC(VNET_CONST int, limit) = 10;
// CHECKGLOB: static const int limit = 10;
static int *const ptr = 0;
// CHECK-NEXT: VNET_DEFINE_STATIC(int *VNET_CONST, ptr) = 0;
const char *const greeting = "hi";
// CHECK-NEXT: VNET_DEFINE(const char *VNET_CONST, greeting) = "hi";
static const char *msg = "hi";
// CHECK-NEXT: VNET_DEFINE_STATIC(const char *, msg) = "hi";
// CHECKGLOB: VNET_DEFINE_STATIC(const char *, msg) = "hi";
static const int table[3] = { 1, 2, 3 };
// CHECK-NEXT: VNET_DEFINE_STATIC(VNET_CONST int, table[3]) = { 1, 2, 3 };
// CHECKGLOB: static const int table[3] = { 1, 2, 3 };
static const char *const names[] = { "a", "b" };
// CHECK-NEXT: VNET_DEFINE_STATIC(const char *VNET_CONST, names[]) = { "a", "b" };
// CHECK-NEXT: #define V_limit VNET(limit)
// CHECK-NEXT: #define V_ptr VNET(ptr)
// CHECK-NEXT: #define V_greeting VNET(greeting)
// CHECK-NEXT: #define V_msg VNET(msg)
// CHECK-NEXT: #define V_table VNET(table)
// CHECK-NEXT: #define V_names VNET(names)
// CHECKGLOB: static const char *const names[] = { "a", "b" };

int
f(void)
{
	return (limit + (ptr != 0) + greeting[0] + msg[0] + table[1] +
	    names[1][0]);
}
// CHECK:      return (V_limit + (V_ptr != 0) + V_greeting[0] + V_msg[0] + V_table[1] +
// CHECK-NEXT: V_names[1][0]);
