// A selected function-local static moves to file scope, just above its
// function and the function's comment, named <function>_<name>; its uses
// are renamed.  Comments that describe it (on the lines right above it, or
// after it on its line) move with it; several hoisted from one function
// keep their order, after the definition just above the function; an
// unselected declarator stays in the function.  A block left with no
// declarations loses the blank line that separated them from its code.
// The plain build runs as before, and each instance has its own copy.
//
// Layout is pinned: FileCheck --strict-whitespace, and each line anchored
// {{^}}...{{$}} (what follows {{^}} is the line's exact indentation, tabs
// included).
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var seq --var calls --var hits --var gen --var gen_step --var lo --var hi t.c -- 2>&1 | count 0
// RUN: FileCheck --strict-whitespace %s < t.c
// The statement sharing its line goes with the blank after it.
// RUN: grep -q -P '^\treturn \(V_generation_gen' t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var seq --var calls --var hits --var gen --var gen_step --var lo --var hi t.c -- -I%runtime_include | count 0
// RUN: cat t.c %inputs/local-static-hoisted/main.c > run.c
// RUN: %cc -DVIMAGE run.c %libvnet -lpthread -o run && ./run
// RUN: %cc run.c -o run-plain && ./run-plain

static int total;

/*
 * Hand out ids.
 */
int
next_id(void)
{
	static int seq = 100;	/* last id handed out */
	static int calls, other;
	int x = 0;

	calls++;
	other++;
	return (++seq + x + total);
}
// CHECK:      {{^}}static int total;{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(int, next_id_seq) = 100; /* last id handed out */{{$}}
// CHECK-NEXT: {{^}}#define V_next_id_seq VNET(next_id_seq){{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(int, next_id_calls);{{$}}
// CHECK-NEXT: {{^}}#define V_next_id_calls VNET(next_id_calls){{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}/*{{$}}
// CHECK-NEXT: {{^ }}* Hand out ids.{{$}}
// CHECK-NEXT: {{^ }}*/{{$}}
// CHECK-NEXT: {{^}}int{{$}}
// CHECK-NEXT: {{^}}next_id(void){{$}}
// CHECK-NEXT: {{^[{]$}}
// CHECK-NEXT: {{^}}	static int other;{{$}}
// CHECK-NEXT: {{^}}	int x = 0;{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}	V_next_id_calls++;{{$}}
// CHECK-NEXT: {{^}}	other++;{{$}}
// CHECK-NEXT: {{^}}	return (++V_next_id_seq + x + total);{{$}}
// CHECK-NEXT: {{^}}}{{$}}

int
count_hits(int n)
{
	/*
	 * Hits so far; reset
	 * by nobody.
	 */
	static int hits;

	hits += n;
	return (hits);
}
// CHECK:      {{^}}/*{{$}}
// CHECK-NEXT: {{^ }}* Hits so far; reset{{$}}
// CHECK-NEXT: {{^ }}* by nobody.{{$}}
// CHECK-NEXT: {{^ }}*/{{$}}
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(int, count_hits_hits);{{$}}
// CHECK-NEXT: {{^}}#define V_count_hits_hits VNET(count_hits_hits){{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}int{{$}}
// CHECK-NEXT: {{^}}count_hits(int n){{$}}
// CHECK-NEXT: {{^[{]$}}
// CHECK-NEXT: {{^}}	V_count_hits_hits += n;{{$}}
// CHECK-NEXT: {{^}}	return (V_count_hits_hits);{{$}}

static unsigned gen_step = 1;
unsigned
generation(void)
{
	static unsigned gen = 1; return (gen += gen_step) - gen_step;
}
// CHECK:      {{^}}VNET_DEFINE_STATIC(unsigned, gen_step) = 1;{{$}}
// CHECK-NEXT: {{^}}#define V_gen_step VNET(gen_step){{$}}
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(unsigned, generation_gen) = 1;{{$}}
// CHECK-NEXT: {{^}}#define V_generation_gen VNET(generation_gen){{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}unsigned{{$}}
// CHECK-NEXT: {{^}}generation(void){{$}}
// CHECK-NEXT: {{^[{]$}}
// CHECK-NEXT: {{^}}	return (V_generation_gen += V_gen_step) - V_gen_step;{{$}}

int
two_bounds(int v)
{
	static int lo;
	static int hi;

	if (v < lo)
		lo = v;
	if (v > hi)
		hi = v;
	return (hi - lo);
}
// CHECK:      {{^}}VNET_DEFINE_STATIC(int, two_bounds_hi);{{$}}
// CHECK-NEXT: {{^}}#define V_two_bounds_hi VNET(two_bounds_hi){{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}int{{$}}
// CHECK-NEXT: {{^}}two_bounds(int v){{$}}
// CHECK-NEXT: {{^[{]$}}
// CHECK-NEXT: {{^}}	if (v < V_two_bounds_lo){{$}}
