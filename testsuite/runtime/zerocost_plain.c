/*
 * zerocost_plain.c: zerocost_vnet.c as it was before the conversion,
 * with plain globals.
 */
#include <vnet/sysctl.h>

struct zc_stats {
	long in, out;
	int drops[4];
};

int zc_count = 3;
static struct zc_stats zc_stats;
static char zc_name[16] = "zero";
int zc_table[32];
extern long zc_external;

SYSCTL_NODE(_net, OID_AUTO, zc, CTLFLAG_RW, NULL, "zero cost");
SYSCTL_INT(_net_zc, OID_AUTO, count, CTLFLAG_RW, &zc_count, 0, "count");

int
zc_bump(int n)
{
	zc_count += n;
	zc_stats.in++;
	return (zc_count);
}

long
zc_sum(void)
{
	long s = zc_external;
	int i;

	for (i = 0; i < 32; i++)
		s += zc_table[i];
	return (s);
}

long
zc_each(void)
{
	long total = 0;

	zc_stats.out++;
	total += zc_count;
	return (total);
}

int
zc_input(const char *p)
{
	int *cp;

	zc_stats.drops[0]++;
	zc_name[0] = p[0];
	cp = &zc_count;
	return (*cp);
}
