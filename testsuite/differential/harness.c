/*
 * harness.c: runs a virtualized csmith program inside vnets.  The
 * program's main() is renamed csmith_main; it runs once in each of two
 * fresh instances, so both must print the original's checksum: the first
 * shows the initial values were copied and the per-instance initialisers
 * ran, the second that the first run left no trace outside its instance.
 * With HARNESS_ENTRIES the program's entry points set the vnet.
 */
#include <stdio.h>

#include <vnet/vnet.h>

int csmith_main(int, char **);

#ifdef HARNESS_ENTRIES
/*
 * The program's entry points set their vnet from vnet_iter themselves;
 * the harness sets none, and checks that they put it back.
 */
struct vnet *vnet_iter;

static int
run_in(struct vnet *vnet, int argc, char **argv)
{
	int rc;

	vnet_iter = vnet;
	rc = csmith_main(argc, argv);
	fflush(stdout);
	if (curvnet != NULL) {
		printf("curvnet is still set after main\n");
		return (1);
	}
	return (rc);
}
#else
static int
run_in(struct vnet *vnet, int argc, char **argv)
{
	int rc;

	CURVNET_SET(vnet);
	rc = csmith_main(argc, argv);
	CURVNET_RESTORE();
	fflush(stdout);
	return (rc);
}
#endif

int
main(int argc, char **argv)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();

	if (a == NULL || b == NULL) {
		perror("vnet_alloc");
		return (2);
	}
	if (run_in(a, argc, argv) != 0 || run_in(b, argc, argv) != 0)
		return (1);
	vnet_destroy(a);
	vnet_destroy(b);
	return (0);
}
