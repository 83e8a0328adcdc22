
/* Appended to the rewritten file: the arrays are whole in an instance. */
#include <stdio.h>

int
main(void)
{
	struct vnet *v = vnet_alloc();
	int ok;

	CURVNET_SET(v);
	ok = tab_len() == 16 && sizeof(V_grid) == 4 * NSLOTS * sizeof(int) &&
	    sizeof(V_name) == 5 && V_name[3] == 't' && V_cells[2] == 3 &&
	    sizes() == sizeof(int) * (32 + 3) + 5 + 3;
	CURVNET_RESTORE();
	vnet_destroy(v);
	if (!ok)
		printf("array sizes differ in an instance\n");
	return (ok ? 0 : 1);
}
