
/* Appended to the rewritten file: each instance counts in its own copy. */
int
main(void)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();
	int ra, rb;

	{
		CURVNET_SET(a);
		ra = f();
		CURVNET_RESTORE();
	}
	{
		CURVNET_SET(b);
		(void)f();
		rb = f();
		CURVNET_RESTORE();
	}
	/* count: 1 + 3 per call; *ptrs[0] is this instance's count. */
	return (ra == 4 + 4 + 0 && rb == 7 + 7 + 0 &&
	    VNET_VNET(a, todo) == 3 && VNET_VNET(b, half) == 2 ? 0 : 1);
}
