// An object whose initializer names itself, as TAILQ_HEAD_INITIALIZER
// does (the last-pointer points at the head's own first-pointer): the
// argument becomes VNET_NAME(list) in the master initializer, and the
// generated VNET_SYSINIT sets every instance's head to point into itself,
// through the same macro.  Run: inserting into one instance's list leaves
// the others empty and consistent.
//
// Layout is pinned: FileCheck --strict-whitespace, and each line anchored
// {{^}}...{{$}} (what follows {{^}} is the line's exact indentation, tabs
// included).
//
// RUN: rm -rf %t && mkdir %t && %strip %s > %t/t.c && cd %t
// RUN: %vnetify rewrite -i --var list t.c -- 2>&1 | count 0
// RUN: FileCheck --strict-whitespace %s < t.c
// RUN: %cc -fsyntax-only t.c && %cc -DVIMAGE -fsyntax-only t.c
// RUN: %vnetify rewrite --var list t.c -- -I%runtime_include | count 0
// RUN: cat t.c %inputs/static-init-self-reference/main.c > run.c
// RUN: %cc -DVIMAGE run.c %libvnet -lpthread -o run && ./run

#include <stddef.h>

struct entry {
	struct entry *next;
	int value;
};

struct head {
	struct entry *first;
	struct entry **last;
};

#define HEAD_INITIALIZER(h) { NULL, &(h).first }

static struct head list = HEAD_INITIALIZER(list);
// CHECK:      {{^}}VNET_DEFINE_STATIC(struct head, list) = HEAD_INITIALIZER(VNET_NAME(list));{{$}}
// CHECK-NEXT: {{^}}#define V_list VNET(list){{$}}
// CHECK-NEXT: {{^}}#ifdef VIMAGE{{$}}
// CHECK-NEXT: {{^}}/* Each instance's list points into that instance. */{{$}}
// CHECK-NEXT: {{^}}static void{{$}}
// CHECK-NEXT: {{^}}vnet_list_init(const void *unused){{$}}
// CHECK-NEXT: {{^[{]$}}
// CHECK-NEXT: {{^}}	__typeof__(V_list) init = HEAD_INITIALIZER(V_list);{{$}}
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}	(void)unused;{{$}}
// CHECK-NEXT: {{^}}	V_list = init;{{$}}
// CHECK-NEXT: {{^}}}{{$}}
// CHECK-NEXT: {{^}}VNET_SYSINIT(vnet_list_init, SI_SUB_VNET, SI_ORDER_ANY,{{$}}
// CHECK-NEXT: {{^    }}vnet_list_init, NULL);{{$}}
// CHECK-NEXT: {{^}}#endif{{$}}

void list_insert(struct entry *);

void
list_insert(struct entry *e)
{
	e->next = NULL;
	*list.last = e;
	list.last = &e->next;
}
// CHECK:      {{^}}	*V_list.last = e;{{$}}
// CHECK-NEXT: {{^}}	V_list.last = &e->next;{{$}}
