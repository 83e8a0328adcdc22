/*
 * zerocost_vnet.c: a module converted to virtualized state.  Built
 * without VIMAGE it must compile to exactly zerocost_plain.c, the same
 * module as it was before the conversion.
 */
#include <vnet/sysctl.h>
#include <vnet/vnet.h>

struct zc_stats {
	long in, out;
	int drops[4];
};

VNET_DEFINE(int, zc_count) = 3;
VNET_DEFINE_STATIC(struct zc_stats, zc_stats);
VNET_DEFINE_STATIC(char, zc_name[16]) = "zero";
VNET_DEFINE(int, zc_table[32]);
VNET_DECLARE(long, zc_external);
#define V_zc_count    VNET(zc_count)
#define V_zc_stats    VNET(zc_stats)
#define V_zc_name     VNET(zc_name)
#define V_zc_table    VNET(zc_table)
#define V_zc_external VNET(zc_external)

SYSCTL_NODE(_net, OID_AUTO, zc, CTLFLAG_RW, NULL, "zero cost");
SYSCTL_INT(_net_zc, OID_AUTO, count, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(zc_count), 0, "count");

int
zc_bump(int n)
{
	V_zc_count += n;
	V_zc_stats.in++;
	return (V_zc_count);
}

long
zc_sum(void)
{
	long s = V_zc_external;
	int i;

	for (i = 0; i < 32; i++)
		s += V_zc_table[i];
	return (s);
}

long
zc_each(void)
{
	VNET_ITERATOR_DECL(vnet_iter);
	long total = 0;

	VNET_LIST_RLOCK();
	VNET_FOREACH(vnet_iter) {
		CURVNET_SET(vnet_iter);
		V_zc_stats.out++;
		total += VNET_VNET(vnet_iter, zc_count);
		CURVNET_RESTORE();
	}
	VNET_LIST_RUNLOCK();
	return (total);
}

int
zc_input(const char *p)
{
	int *cp;

	CURVNET_SET(TD_TO_VNET(curthread));
	CURVNET_ASSERT_SET();
	VNET_ASSERT(p != NULL, ("no input"));
	if (IS_DEFAULT_VNET(curvnet))
		V_zc_stats.drops[0]++;
	V_zc_name[0] = p[0];
	cp = VNET_PTR(zc_count);
	CURVNET_RESTORE();
	return (*cp);
}
