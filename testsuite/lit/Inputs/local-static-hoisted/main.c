
/*
 * Appended to the rewritten file: the statics count as before, and under
 * VIMAGE each instance counts on its own.
 */
#include <stdio.h>

int
main(void)
{
	int a1, a2, b1, h, g1, g2;

	CURVNET_SET(vnet0);	/* nothing without VIMAGE */
	a1 = next_id();
	a2 = next_id();
	h = count_hits(2) + count_hits(3);
	g1 = generation();
	g2 = generation();
	CURVNET_RESTORE();
#ifdef VIMAGE
	{
		struct vnet *b = vnet_alloc();

		CURVNET_SET(b);
		b1 = next_id();
		if (count_hits(1) != 1 || generation() != 1)
			b1 = -1;
		CURVNET_RESTORE();
		vnet_destroy(b);
	}
#else
	b1 = 101;
#endif
	if (a1 != 101 || a2 != 102 || b1 != 101 || h != 7 || g1 != 1 ||
	    g2 != 2) {
		printf("%d %d %d %d\n", a1, a2, b1, h);
		return (1);
	}
	return (0);
}
