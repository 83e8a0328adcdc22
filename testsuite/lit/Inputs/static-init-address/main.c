
/* Appended to the rewritten file: no instance points into another. */
#include <stdio.h>

static int
check(struct vnet *v, int expect)
{
	int ok;

	CURVNET_SET(v);
	ok = V_counter_ptr == &V_counter && V_val_ptrs[0] == &V_vals[0] &&
	    V_val_ptrs[1] == &V_vals[1] && V_pair.a == &V_counter &&
	    V_pair.b == &V_vals[1] && sum() == expect;
	CURVNET_RESTORE();
	return (ok);
}

int
main(void)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();

	VNET_VNET(a, counter) = 100;
	if (!check(vnet0, 7 + 2 + 7 + 2) || !check(a, 100 + 2 + 100 + 2) ||
	    !check(b, 7 + 2 + 7 + 2) ||
	    VNET_VNET(a, counter_ptr) == VNET_VNET(b, counter_ptr) ||
	    VNET_VNET(a, counter_ptr) == &VNET_NAME(counter)) {
		printf("an instance points outside itself\n");
		return (1);
	}
	vnet_destroy(a);
	vnet_destroy(b);
	return (0);
}
