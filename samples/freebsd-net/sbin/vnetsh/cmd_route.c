/*
 * cmd_route.c: route(8) and netstat -r, the routing table.
 *
 *	route add [-net|-host] DST/PLEN|DST|default GATEWAY
 *	route delete [-net|-host] DST/PLEN|DST|default
 *
 * A destination without a prefix length is a host (/32), as route(8)
 * takes it.
 */
#include "net/route_var.h"
#include "vnetsh.h"

/* The letters of netstat -r, in the order netstat(1) prints them. */
static const struct {
	int flag;
	char letter;
} rt_flagletters[] = {
    {RTF_UP, 'U'},
    {RTF_GATEWAY, 'G'},
    {RTF_HOST, 'H'},
    {RTF_STATIC, 'S'},
};

static int
route_dst(const char *s, struct in_addr *dst, int *plenp)
{
	if (strcmp(s, "default") == 0) {
		dst->s_addr = INADDR_ANY;
		*plenp = 0;
		return (0);
	}
	if (strchr(s, '/') != NULL)
		return (parse_prefix(s, dst, plenp));
	*plenp = 32;
	return (parse_addr(s, dst));
}

int
cmd_route(struct jail *cur, int argc, char **argv)
{
	char dstname[PREFIXSTRLEN], gwname[INET_ADDRSTRLEN];
	struct in_addr dst, gw;
	struct rt_info ri;
	const char *what;
	int add, error, i, plen;

	if (argc < 2)
		goto usage;
	if (strcmp(argv[1], "add") == 0)
		add = 1;
	else if (strcmp(argv[1], "delete") == 0 || strcmp(argv[1], "del") == 0)
		add = 0;
	else
		goto usage;
	i = 2;
	/* The kind is implied by the prefix length; the words are habit. */
	if (i < argc &&
	    (strcmp(argv[i], "-net") == 0 || strcmp(argv[i], "-host") == 0))
		i++;
	if (argc - i != (add ? 2 : 1))
		goto usage;
	if (route_dst(argv[i], &dst, &plen) != 0) {
		sh_warnx("route: %s: bad destination", argv[i]);
		return (1);
	}
	/* What route(8) calls it in its report: "net default". */
	ri.ri_dst = dst;
	ri.ri_plen = plen;
	rt_dstname(&ri, dstname);
	what = plen == 32 ? "host" : "net";
	if (add) {
		if (parse_addr(argv[i + 1], &gw) != 0) {
			sh_warnx("route: %s: bad gateway", argv[i + 1]);
			return (1);
		}
		in_ntoa_r(gw, gwname);
		error = sys_rtadd(dst, plen, gw);
		if (error != 0) {
			sh_warnc(error, "route: add %s %s: gateway %s", what,
			    dstname, gwname);
			return (1);
		}
		printf("add %s %s: gateway %s\n", what, dstname, gwname);
	} else {
		error = sys_rtdel(dst, plen);
		if (error != 0) {
			sh_warnc(error, "route: delete %s %s", what, dstname);
			return (1);
		}
		printf("delete %s %s\n", what, dstname);
	}
	return (0);

usage:
	sh_warnx("usage: route [-j jail] add dst/plen|default gateway | "
		 "route [-j jail] delete dst/plen|default");
	return (1);
}

int
netstat_routes(void)
{
	char dst[PREFIXSTRLEN], gw[INET_ADDRSTRLEN + 8], flags[8];
	struct rt_info *ris, *ri;
	struct if_info ii;
	size_t i, k;
	int error, n;

	error = rt_list(&ris, &n);
	if (error != 0) {
		sh_warnc(error, "netstat");
		return (1);
	}
	printf("Routing tables\n\nInternet:\n");
	printf("%-18s %-18s %-6s %8s\n", "Destination", "Gateway", "Flags",
	    "Netif");
	for (ri = ris; ri < ris + n; ri++) {
		rt_dstname(ri, dst);
		if (ri->ri_gateway.s_addr != INADDR_ANY)
			in_ntoa_r(ri->ri_gateway, gw);
		else if (sys_ifinfo(ri->ri_ifname, &ii) == 0)
			snprintf(gw, sizeof(gw), "link#%d", ii.ii_index);
		else
			/* Gone since the list was made: say so, not fail. */
			snprintf(gw, sizeof(gw), "link#?");
		k = 0;
		for (i = 0; i < nitems(rt_flagletters); i++)
			if (ri->ri_flags & rt_flagletters[i].flag)
				flags[k++] = rt_flagletters[i].letter;
		flags[k] = '\0';
		printf("%-18s %-18s %-6s %8s\n", dst, gw, flags, ri->ri_ifname);
	}
	free(ris);
	return (0);
}
