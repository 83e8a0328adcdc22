
/* Appended to the rewritten file: each instance's list is its own. */
#include <stdio.h>

int
main(void)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();
	struct entry e1 = { NULL, 1 }, e2 = { NULL, 2 };
	int ok;

	CURVNET_SET(a);
	list_insert(&e1);
	list_insert(&e2);
	ok = V_list.first == &e1 && e1.next == &e2 && V_list.last == &e2.next;
	CURVNET_RESTORE();
	ok = ok && VNET_VNET(b, list).first == NULL &&
	    VNET_VNET(b, list).last == &VNET_VNET(b, list).first &&
	    VNET_NAME(list).first == NULL &&
	    VNET_NAME(list).last == &VNET_NAME(list).first;
	if (!ok) {
		printf("the instances' lists are tangled\n");
		return (1);
	}
	vnet_destroy(a);
	vnet_destroy(b);
	return (0);
}
