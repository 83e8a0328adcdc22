// Arrays keep their bound with the name, whatever the bound is written
// with (a number, a macro, nothing with an initializer, several
// dimensions), and sizeof an array still measures the array.
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var tab --var grid --var name --var cells t.c -- 2>&1 | count 0
// RUN: FileCheck %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var tab --var grid --var name --var cells t.c -- -I%runtime_include | count 0
// The sizes are those of the arrays: run it in an instance.
// RUN: cat t.c %inputs/array-bound-stays-with-name/main.c > run.c
// RUN: %cc -DVIMAGE run.c %libvnet -lpthread -o run && ./run

#define NSLOTS 8

int tab[16];
// CHECK:      VNET_DEFINE(int, tab[16]);
static int grid[4][NSLOTS];
// CHECK-NEXT: VNET_DEFINE_STATIC(int, grid[4][NSLOTS]);
static char name[] = "vnet";
// CHECK-NEXT: VNET_DEFINE_STATIC(char, name[]) = "vnet";
// CHECK-NEXT: #define V_tab VNET(tab)
// CHECK-NEXT: #define V_grid VNET(grid)
// CHECK-NEXT: #define V_name VNET(name)
static int cells[] = { 1, 2, 3 }, ncells = 3;
// CHECK-NEXT: VNET_DEFINE_STATIC(int, cells[]) = { 1, 2, 3 };
// CHECK-NEXT: #define V_cells VNET(cells)
// CHECK-NEXT: static int ncells = 3;

unsigned long
tab_len(void)
{
	return (sizeof(tab) / sizeof(tab[0]));
}
// CHECK: return (sizeof(V_tab) / sizeof(V_tab[0]));

unsigned long
sizes(void)
{
	return (sizeof grid + sizeof(name) + sizeof(cells) + (unsigned)ncells);
}
// CHECK: return (sizeof V_grid + sizeof(V_name) + sizeof(V_cells) + (unsigned)ncells);
// Known layout limitation (the line just checked): uses in code get V_
// where they stand and the statement is not laid out again, so this
// 79-column line becomes 85.  style(9) would continue it after a '+':
//	return (sizeof V_grid + sizeof(V_name) + sizeof(V_cells) +
//	    (unsigned)ncells);
