// A struct defined in the declaration itself cannot sit in a macro
// argument: it is named once with a typedef, tagged or not, and the
// declarators that are not selected use the same typedef, so every object
// keeps the very same type.  The definition keeps its layout and comments.
//
// Layout is pinned: FileCheck --strict-whitespace, and each line anchored
// {{^}}...{{$}} (what follows {{^}} is the line's exact indentation, tabs
// included).
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var origin --var anon --var qb --var ub t.c -- 2>&1 | count 0
// RUN: FileCheck --strict-whitespace %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var origin --var anon --var qb --var ub t.c -- -I%runtime_include | count 0

static struct pt { int x, y; } origin = { 1, 2 };
// CHECK:      {{^}}typedef struct pt { int x, y; } origin_t;{{$}}
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(origin_t, origin) = { 1, 2 };{{$}}
struct { int n; } anon = { 3 };
// CHECK-NEXT: {{^}}typedef struct { int n; } anon_t;{{$}}
// CHECK-NEXT: {{^}}VNET_DEFINE(anon_t, anon) = { 3 };{{$}}
static struct q { int z; } qa, qb = { 7 };
// CHECK-NEXT: {{^}}typedef struct q { int z; } qb_t;{{$}}
// CHECK-NEXT: {{^}}static qb_t qa;{{$}}
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(qb_t, qb) = { 7 };{{$}}
static struct {
// CHECK-NEXT: {{^}}#define V_origin VNET(origin){{$}}
// CHECK-NEXT: {{^}}#define V_anon VNET(anon){{$}}
// CHECK-NEXT: {{^}}#define V_qb VNET(qb){{$}}
	long w;		/* width */
} ua, ub, uc;
// CHECK-NEXT: {{^}}typedef struct {{[{]$}}
// CHECK-NEXT: {{^}}	long w;		/* width */{{$}}
// CHECK-NEXT: {{^}}} ub_t;{{$}}
// CHECK-NEXT: {{^}}static ub_t ua;{{$}}
// CHECK-NEXT: {{^}}VNET_DEFINE_STATIC(ub_t, ub);{{$}}
// CHECK-NEXT: {{^}}#define V_ub VNET(ub){{$}}
// CHECK-NEXT: {{^}}static ub_t uc;{{$}}

long
sum(void)
{
	struct pt p = origin;
	struct q r = qb;

	ua = ub;
	uc = ub;
	return (p.x + anon.n + qa.z + r.z + ua.w + uc.w);
}
// CHECK:      {{^}}	struct pt p = V_origin;{{$}}
// CHECK-NEXT: {{^}}	struct q r = V_qb;{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}	ua = V_ub;{{$}}
// CHECK-NEXT: {{^}}	uc = V_ub;{{$}}
// CHECK-NEXT: {{^}}	return (p.x + V_anon.n + qa.z + r.z + ua.w + uc.w);{{$}}
