// A sysctl on a virtualized variable becomes a per-instance knob: the
// pointer argument becomes &VNET_NAME(x) (the master, which the runtime
// rebases per instance) and CTLFLAG_VNET joins the flags; the visible leaf
// name never changes.  SYSCTL_STRING, _OPAQUE and _PROC alike; a knob
// already flagged gets only its pointer; a call that would pass column 80
// is laid out again, style(9) fashion: arguments packed up to column 80,
// continued four spaces in.  Run: each instance reads and writes its own
// copy by name.
//
// The layout is the point: lines are matched whole ({{^}}...{{$}}) and
// white space byte for byte (--strict-whitespace).
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var 'foo_*' t.c -- -I%runtime_include 2>&1 | count 0
// RUN: FileCheck --strict-whitespace %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var 'foo_*' t.c -- -I%runtime_include | count 0
// RUN: cat t.c %inputs/sysctl/main.c > run.c
// RUN: %cc -DVIMAGE run.c %libvnet -lpthread -o run && ./run

#include <stddef.h>
#include <vnet/sysctl.h>

SYSCTL_NODE(_net, OID_AUTO, foo, CTLFLAG_RW, 0, "foo");
// CHECK:      {{^}}SYSCTL_NODE(_net, OID_AUTO, foo, CTLFLAG_RW, 0, "foo");{{$}}

static int foo_count = 3;
static char foo_name[16] = "foo";
static struct foo_stats { int a, b; } foo_stats = { 1, 2 };
static int foo_mode = 5;
static int foo_plain = 9;

static int
foo_mode_handler(SYSCTL_HANDLER_ARGS)
{
	return (sysctl_handle_int(oidp, arg1, arg2, req));
}

SYSCTL_INT(_net_foo, OID_AUTO, count, CTLFLAG_RW, &foo_count, 0, "count");
// CHECK:      {{^}}SYSCTL_INT(_net_foo, OID_AUTO, count, CTLFLAG_VNET | CTLFLAG_RW,{{$}}
// CHECK-NEXT: {{^    }}&VNET_NAME(foo_count), 0, "count");{{$}}
SYSCTL_STRING(_net_foo, OID_AUTO, name, CTLFLAG_RW, foo_name,
    sizeof(foo_name), "name");
// CHECK-NEXT: {{^}}SYSCTL_STRING(_net_foo, OID_AUTO, name, CTLFLAG_VNET | CTLFLAG_RW,{{$}}
// CHECK-NEXT: {{^    }}VNET_NAME(foo_name), sizeof(V_foo_name), "name");{{$}}
SYSCTL_OPAQUE(_net_foo, OID_AUTO, stats, CTLFLAG_RD, &foo_stats,
    sizeof(foo_stats), "S,foo_stats", "stats");
// CHECK-NEXT: {{^}}SYSCTL_OPAQUE(_net_foo, OID_AUTO, stats, CTLFLAG_VNET | CTLFLAG_RD,{{$}}
// CHECK-NEXT: {{^    }}&VNET_NAME(foo_stats), sizeof(V_foo_stats), "S,foo_stats", "stats");{{$}}
SYSCTL_PROC(_net_foo, OID_AUTO, mode, CTLTYPE_INT | CTLFLAG_RW, &foo_mode, 0,
    foo_mode_handler, "I", "mode");
// CHECK-NEXT: {{^}}SYSCTL_PROC(_net_foo, OID_AUTO, mode, CTLFLAG_VNET | CTLTYPE_INT | CTLFLAG_RW,{{$}}
// CHECK-NEXT: {{^    }}&VNET_NAME(foo_mode), 0, foo_mode_handler, "I", "mode");{{$}}
SYSCTL_INT(_net_foo, OID_AUTO, plain, CTLFLAG_VNET | CTLFLAG_RD, &foo_plain, 0,
    "already flagged");
// A knob already flagged gets only its pointer, and is laid out again
// when the pointer pushes it past column 80.
// CHECK-NEXT: {{^}}SYSCTL_INT(_net_foo, OID_AUTO, plain, CTLFLAG_VNET | CTLFLAG_RD,{{$}}
// CHECK-NEXT: {{^    }}&VNET_NAME(foo_plain), 0, "already flagged");{{$}}

int
foo_get(void)
{
	return (foo_count + foo_mode + foo_stats.a);
}
// CHECK:      {{^}}	return (V_foo_count + V_foo_mode + V_foo_stats.a);{{$}}
