// sizeof, __alignof__, __typeof__ and & in code are uses like any other: the
// V_ form has the variable's type and size, and its address is the
// current instance's copy.
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var foo_count --var foo_tab t.c -- 2>&1 | count 0
// RUN: FileCheck %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var foo_count --var foo_tab t.c -- -I%runtime_include | count 0
// RUN: cat t.c %inputs/sizeof-and-address-of/main.c > run.c
// RUN: %cc -DVIMAGE run.c %libvnet -lpthread -o run && ./run

static long foo_count = 3;
static short foo_tab[5];

static void
bump(long *p)
{
	(*p)++;
}

unsigned long
sizes(void)
{
	__typeof__(foo_count) copy = foo_count;

	return (sizeof foo_count + sizeof(foo_tab) + __alignof__(foo_count) +
	    sizeof(foo_tab[0]) + (unsigned long)copy);
}
// CHECK:      __typeof__(V_foo_count) copy = V_foo_count;
// CHECK-EMPTY:
// CHECK-NEXT: return (sizeof V_foo_count + sizeof(V_foo_tab) + __alignof__(V_foo_count) +
// CHECK-NEXT: sizeof(V_foo_tab[0]) + (unsigned long)copy);
// Known layout limitation (the return's first line just checked): uses
// in code get V_ where they stand and the statement is not laid out
// again, so that 77-column line becomes 83; style(9) would move
// "__alignof__(V_foo_count) +" to the next line.

long *
addresses(void)
{
	short *q = &foo_tab[2];

	bump(&foo_count);
	*q = 1;
	return (&foo_count);
}
// CHECK:      short *q = &V_foo_tab[2];
// CHECK-EMPTY:
// CHECK-NEXT: bump(&V_foo_count);
// CHECK-NEXT: *q = 1;
// CHECK-NEXT: return (&V_foo_count);
