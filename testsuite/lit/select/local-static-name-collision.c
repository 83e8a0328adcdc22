// The hoisted name is <function>_<name> unless something in the tree
// already has that name (a global, a function, a type) or this run made
// it for another variable; then a number is added.  Two functions' locals
// of the same name get distinct names.
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var seq --var next_id_seq t.c -- 2>&1 | count 0
// RUN: FileCheck %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var seq --var next_id_seq t.c -- -I%runtime_include | count 0

static int next_id_seq;
// CHECK:      VNET_DEFINE_STATIC(int, next_id_seq);
// CHECK-NEXT: #define V_next_id_seq VNET(next_id_seq)

struct other_fn_seq { int x; };

int
next_id(void)
{
	static int seq = 100;

	return (++seq + next_id_seq);
}
// CHECK:      VNET_DEFINE_STATIC(int, next_id_seq_2) = 100;
// CHECK-NEXT: #define V_next_id_seq_2 VNET(next_id_seq_2)
// CHECK-EMPTY:
// CHECK-NEXT: int
// CHECK-NEXT: next_id(void)
// CHECK:      return (++V_next_id_seq_2 + V_next_id_seq);

int
other_fn(void)
{
	static int seq;

	return (seq++);
}
// CHECK:      VNET_DEFINE_STATIC(int, other_fn_seq_2);
// CHECK-NEXT: #define V_other_fn_seq_2 VNET(other_fn_seq_2)
// CHECK-EMPTY:
// CHECK-NEXT: int
// CHECK-NEXT: other_fn(void)
// CHECK:      return (V_other_fn_seq_2++);

int
third(void)
{
	static int seq;

	return (seq--);
}
// CHECK:      VNET_DEFINE_STATIC(int, third_seq);
// CHECK-NEXT: #define V_third_seq VNET(third_seq)
// CHECK:      return (V_third_seq--);
