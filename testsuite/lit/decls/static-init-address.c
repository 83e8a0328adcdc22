// &x in the static initializer of another virtualized object cannot be a
// V_ use (not a constant): the master initializer keeps the master's
// address (VNET_NAME), and under VIMAGE a generated VNET_SYSINIT sets each
// instance's copy from the same initializer written with V_ names.  Run:
// every instance's pointers point into that instance.
//
// Layout is pinned: FileCheck --strict-whitespace, and each line anchored
// {{^}}...{{$}} (what follows {{^}} is the line's exact indentation, tabs
// included).
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var counter --var counter_ptr --var vals --var val_ptrs --var pair t.c -- 2>&1 | count 0
// RUN: FileCheck --strict-whitespace %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var counter --var counter_ptr --var vals --var val_ptrs --var pair t.c -- -I%runtime_include | count 0
// RUN: cat t.c %inputs/static-init-address/main.c > run.c
// RUN: %cc -DVIMAGE run.c %libvnet -lpthread -o run && ./run

struct pair {
	int *a, *b;
};

static int counter = 7;
static int *counter_ptr = &counter;
// CHECK:      {{^}}VNET_DEFINE_STATIC(int, counter) = 7;{{$}}
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(int *, counter_ptr) = &VNET_NAME(counter);{{$}}
// CHECK-NEXT: {{^}}#define V_counter VNET(counter){{$}}
// CHECK-NEXT: {{^}}#define V_counter_ptr VNET(counter_ptr){{$}}
// CHECK-NEXT: {{^}}#ifdef VIMAGE{{$}}
// CHECK-NEXT: {{^}}/* Each instance's counter_ptr points into that instance. */{{$}}
// CHECK-NEXT: {{^}}static void{{$}}
// CHECK-NEXT: {{^}}vnet_counter_ptr_init(const void *unused){{$}}
// CHECK-NEXT: {{^[{]$}}
// CHECK-NEXT: {{^}}	__typeof__(V_counter_ptr) init = &V_counter;{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}	(void)unused;{{$}}
// CHECK-NEXT: {{^}}	V_counter_ptr = init;{{$}}
// CHECK-NEXT: {{^}}}{{$}}
// CHECK-NEXT: {{^}}VNET_SYSINIT(vnet_counter_ptr_init, SI_SUB_VNET, SI_ORDER_ANY,{{$}}
// CHECK-NEXT: {{^    }}vnet_counter_ptr_init, NULL);{{$}}
// CHECK-NEXT: {{^}}#endif{{$}}
static int vals[2] = { 1, 2 };
static int *val_ptrs[2] = { &vals[0], &vals[1] };
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(int, vals[2]) = { 1, 2 };{{$}}
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(int *, val_ptrs[2]) ={{$}}
// CHECK-NEXT: {{^    }}{ &VNET_NAME(vals)[0], &VNET_NAME(vals)[1] };{{$}}
// CHECK-NEXT: {{^}}#define V_vals VNET(vals){{$}}
// CHECK-NEXT: {{^}}#define V_val_ptrs VNET(val_ptrs){{$}}
// CHECK-NEXT: {{^}}#ifdef VIMAGE{{$}}
// CHECK-NEXT: {{^}}/* Each instance's val_ptrs points into that instance. */{{$}}
// CHECK-NEXT: {{^}}static void{{$}}
// CHECK-NEXT: {{^}}vnet_val_ptrs_init(const void *unused){{$}}
// CHECK-NEXT: {{^[{]$}}
// CHECK-NEXT: {{^}}	__typeof__(V_val_ptrs) init = { &V_vals[0], &V_vals[1] };{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}	(void)unused;{{$}}
// CHECK-NEXT: {{^}}	__builtin_memcpy(V_val_ptrs, init, sizeof(V_val_ptrs));{{$}}
// CHECK-NEXT: {{^}}}{{$}}
// CHECK:      {{^}}#endif{{$}}
static struct pair pair = { .a = &counter, .b = &vals[1] };
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(struct pair, pair) ={{$}}
// CHECK-NEXT: {{^    }}{ .a = &VNET_NAME(counter), .b = &VNET_NAME(vals)[1] };{{$}}
// CHECK-NEXT: {{^}}#define V_pair VNET(pair){{$}}
// CHECK-NEXT: {{^}}#ifdef VIMAGE{{$}}
// CHECK:      {{^}}	__typeof__(V_pair) init = { .a = &V_counter, .b = &V_vals[1] };{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}	(void)unused;{{$}}
// CHECK-NEXT: {{^}}	V_pair = init;{{$}}

int
sum(void)
{
	return (*counter_ptr + *val_ptrs[1] + *pair.a + *pair.b);
}
// CHECK:      {{^}}	return (*V_counter_ptr + *V_val_ptrs[1] + *V_pair.a + *V_pair.b);{{$}}
