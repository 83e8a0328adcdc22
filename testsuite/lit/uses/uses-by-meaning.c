// Uses are found by what the name means, not how it is spelled: a tag, a
// member, a designator, a label, a parameter, a block-scope local, an
// enumerator and a typedef named like the variable are all left alone.
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var foo_count t.c -- 2>&1 | count 0
// RUN: FileCheck %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var foo_count t.c -- -I%runtime_include | count 0

struct foo_count {
	int foo_count;
};
// CHECK:      struct foo_count {
// CHECK-NEXT: int foo_count;

int foo_count;
// CHECK:      VNET_DEFINE(int, foo_count);
// CHECK-NEXT: #define V_foo_count VNET(foo_count)

int
labels(struct foo_count *p, int n)
{
	struct foo_count s = { .foo_count = 1 };

	if (n > 0)
		goto foo_count;
	{
		int foo_count = 2;

		p->foo_count += foo_count;
	}
	foo_count += n;
foo_count:
	s.foo_count = foo_count;
	return (s.foo_count + p->foo_count);
}
// CHECK:      labels(struct foo_count *p, int n)
// CHECK-NEXT: {
// CHECK-NEXT: struct foo_count s = { .foo_count = 1 };
// CHECK-EMPTY:
// CHECK-NEXT: if (n > 0)
// CHECK-NEXT: goto foo_count;
// CHECK-NEXT: {
// CHECK-NEXT: int foo_count = 2;
// CHECK-EMPTY:
// CHECK-NEXT: p->foo_count += foo_count;
// CHECK-NEXT: }
// CHECK-NEXT: V_foo_count += n;
// CHECK-NEXT: foo_count:
// CHECK-NEXT: s.foo_count = V_foo_count;
// CHECK-NEXT: return (s.foo_count + p->foo_count);

int
param(int foo_count)
{
	return (foo_count);
}
// CHECK:      param(int foo_count)
// CHECK-NEXT: {
// CHECK-NEXT: return (foo_count);

int
others(void)
{
	int r = foo_count;

	{
		enum { foo_count = 4 };

		r += foo_count;
	}
	{
		typedef long foo_count;

		r += (int)sizeof(foo_count);
	}
	return (r + foo_count);
}
// CHECK:      int r = V_foo_count;
// CHECK:      enum { foo_count = 4 };
// CHECK-EMPTY:
// CHECK-NEXT: r += foo_count;
// CHECK:      typedef long foo_count;
// CHECK-EMPTY:
// CHECK-NEXT: r += (int)sizeof(foo_count);
// CHECK-NEXT: }
// CHECK-NEXT: return (r + V_foo_count);
