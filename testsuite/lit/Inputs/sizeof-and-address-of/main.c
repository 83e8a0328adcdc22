
/* Appended to the rewritten file: sizes and addresses per instance. */
#include <stdio.h>

int
main(void)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();
	long *pa, *pb, va, vb;
	unsigned long sa;

	CURVNET_SET(a);
	sa = sizes();
	pa = addresses();
	addresses();
	va = *pa;
	CURVNET_RESTORE();
	{
		CURVNET_SET(b);
		pb = addresses();
		vb = *pb;
		CURVNET_RESTORE();
	}
	if (sa != sizeof(long) + 5 * sizeof(short) + _Alignof(long) +
	    sizeof(short) + 3 || pa == pb || pa != &VNET_VNET(a, foo_count) ||
	    va != 5 || vb != 4 || VNET_VNET(a, foo_tab)[2] != 1) {
		printf("sizes %lu, %p %p, %ld %ld\n", sa, (void *)pa, (void *)pb,
		    va, vb);
		return (1);
	}
	vnet_destroy(a);
	vnet_destroy(b);
	return (0);
}
