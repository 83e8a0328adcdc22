// A file-scope static becomes VNET_DEFINE_STATIC with its V_ macro on the
// next line; every use by meaning gets the prefix; a shadowing local, a
// member and a designator of the same name stay.
//
// Layout is pinned: FileCheck --strict-whitespace, and each line anchored
// {{^}}...{{$}} (what follows {{^}} is the line's exact indentation, tabs
// included).
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var foo_count t.c --
// RUN: FileCheck --strict-whitespace %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var foo_count t.c -- -I%runtime_include | count 0

struct s { int foo_count; };

static int foo_count = 3;
// CHECK:      {{^}}#include <vnet/vnet.h>{{$}}
// CHECK:      {{^}}VNET_DEFINE_STATIC(int, foo_count) = 3;{{$}}
// CHECK-NEXT: {{^}}#define V_foo_count VNET(foo_count){{$}}

int
bump(struct s *p)
{
	struct s local = { .foo_count = 1 };

	foo_count++;
	p->foo_count = foo_count + local.foo_count;
	return (sizeof foo_count);
}
// CHECK:      {{^}}	struct s local = { .foo_count = 1 };{{$}}
// CHECK:      {{^}}	V_foo_count++;{{$}}
// CHECK-NEXT: {{^}}	p->foo_count = V_foo_count + local.foo_count;{{$}}
// CHECK-NEXT: {{^}}	return (sizeof V_foo_count);{{$}}

int
shadow(int foo_count)
{
	return (foo_count);
}
// CHECK:      {{^}}shadow(int foo_count){{$}}
// CHECK-NEXT: {{^[{]$}}
// CHECK-NEXT: {{^}}	return (foo_count);{{$}}
