/*
 * cmd_if.c: ifconfig(8) and arp(8).
 *
 *	ifconfig [-a]
 *	ifconfig CLONER create [PARAM...]
 *	ifconfig IF [PARAM...]
 *
 * with PARAM one of inet A.B.C.D/PLEN (the word inet may be left out),
 * up, down, destroy, vnet JAIL (from the host to the jail) and -vnet
 * JAIL (from the jail back to the host), done in order.
 */
#include "net/if_var.h"
#include "vnetsh.h"

static const struct {
	int flag;
	const char *name;
} if_flagnames[] = {
    {IFF_UP, "UP"},
    {IFF_BROADCAST, "BROADCAST"},
    {IFF_LOOPBACK, "LOOPBACK"},
    {IFF_RUNNING, "RUNNING"},
};

static void
if_print(const struct if_info *ii)
{
	char buf[PREFIXSTRLEN];
	const char *sep;
	size_t i;

	printf("%s: flags=<", ii->ii_name);
	sep = "";
	for (i = 0; i < nitems(if_flagnames); i++) {
		if (ii->ii_flags & if_flagnames[i].flag) {
			printf("%s%s", sep, if_flagnames[i].name);
			sep = ",";
		}
	}
	printf("> mtu %d\n", ii->ii_mtu);
	if (!(ii->ii_flags & IFF_LOOPBACK))
		printf("\tether %s\n", lladdr_ntoa(ii->ii_lladdr, buf));
	if (ii->ii_addr.s_addr != INADDR_ANY)
		printf("\tinet %s\n",
		    prefix_ntoa(ii->ii_addr, ii->ii_plen, buf));
}

static int
if_show_all(void)
{
	struct if_info *ifs;
	int error, i, n;

	error = if_list(&ifs, &n);
	if (error != 0) {
		sh_warnc(error, "ifconfig");
		return (1);
	}
	for (i = 0; i < n; i++)
		if_print(&ifs[i]);
	free(ifs);
	return (0);
}

static int
if_show(const char *name)
{
	struct if_info ii;
	int error;

	error = sys_ifinfo(name, &ii);
	if (error != 0) {
		sh_warnc(error, "ifconfig: %s", name);
		return (1);
	}
	if_print(&ii);
	return (0);
}

static int
if_setaddr(const char *name, const char *arg)
{
	struct in_addr a;
	int error, plen;

	if (parse_prefix(arg, &a, &plen) != 0) {
		sh_warnx("ifconfig: %s: not an address/prefix length", arg);
		return (1);
	}
	error = sys_ifaddr(name, a, plen);
	if (error != 0) {
		sh_warnc(error, "ifconfig: %s: inet %s", name, arg);
		return (1);
	}
	return (0);
}

static int
if_setflags(const char *name, int up)
{
	int error;

	error = sys_ifflags(name, up);
	if (error != 0) {
		sh_warnc(error, "ifconfig: %s: %s", name, up ? "up" : "down");
		return (1);
	}
	return (0);
}

/*
 * vnet JAIL and -vnet JAIL, which as on FreeBSD are run from the host
 * (the parent of every jail here): the jail named, not the host.
 */
static int
if_vnetarg(struct jail *cur, const char *name, const char *jname,
    struct jail **jp)
{
	struct jail *j;

	if (cur != jail_host()) {
		sh_warnx("ifconfig: %s: vnet and -vnet are for the host, "
			 "not -j %s",
		    name, cur->j_name);
		return (1);
	}
	j = jail_lookup(jname);
	if (j == NULL) {
		sh_warnx("ifconfig: %s: jail \"%s\" not found", name, jname);
		return (1);
	}
	if (j == cur) {
		sh_warnx("ifconfig: %s: the host is not a jail", name);
		return (1);
	}
	*jp = j;
	return (0);
}

/* The parameters of one interface, in order, up to the first error. */
static int
if_params(struct jail *cur, const char *name, int argc, char **argv)
{
	struct jail *j;
	struct in_addr a;
	int error, i, plen;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "up") == 0 ||
		    strcmp(argv[i], "down") == 0) {
			if (if_setflags(name, argv[i][0] == 'u'))
				return (1);
		} else if (strcmp(argv[i], "inet") == 0) {
			if (++i == argc) {
				sh_warnx("ifconfig: inet: an address is "
					 "required");
				return (1);
			}
			if (if_setaddr(name, argv[i]))
				return (1);
		} else if (parse_prefix(argv[i], &a, &plen) == 0) {
			if (if_setaddr(name, argv[i]))
				return (1);
		} else if (strcmp(argv[i], "destroy") == 0) {
			error = sys_ifdestroy(name);
			if (error != 0) {
				sh_warnc(error, "ifconfig: %s: destroy", name);
				return (1);
			}
		} else if (strcmp(argv[i], "vnet") == 0 ||
		    strcmp(argv[i], "-vnet") == 0) {
#ifndef VIMAGE
			return (sh_novimage());
#endif
			if (i + 1 == argc) {
				sh_warnx("ifconfig: %s: a jail is required",
				    argv[i]);
				return (1);
			}
			if (if_vnetarg(cur, name, argv[i + 1], &j))
				return (1);
			if (argv[i][0] == 'v' ? jail_ifmove(name, cur, j)
					      : jail_ifmove(name, j, cur))
				return (1);
			i++;
		} else {
			sh_warnx("ifconfig: %s: bad parameter", argv[i]);
			return (1);
		}
	}
	return (0);
}

int
cmd_ifconfig(struct jail *cur, int argc, char **argv)
{
	char name[IFNAMSIZ];
	int error;

	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-a") == 0))
		return (if_show_all());
	if (argv[1][0] == '-') {
		sh_warnx("usage: ifconfig [-j jail] [-a] | ifconfig [-j jail] "
			 "interface [parameters]");
		return (1);
	}
	if (argc == 2)
		return (if_show(argv[1]));
	if (strcmp(argv[2], "create") == 0) {
		error = sys_ifcreate(argv[1], name, sizeof(name));
		if (error != 0) {
			sh_warnc(error, "ifconfig: %s: create", argv[1]);
			return (1);
		}
		/* As ifconfig(8): the name made, for the script to use. */
		printf("%s\n", name);
		return (if_params(cur, name, argc - 3, argv + 3));
	}
	return (if_params(cur, argv[1], argc - 2, argv + 2));
}

/* arp -a: the neighbour cache, as arp(8) prints it. */
int
cmd_arp(struct jail *cur, int argc, char **argv)
{
	char addr[INET_ADDRSTRLEN], lla[18];
	struct arp_info *ais, *ai;
	int error, i, n;

	/* -n changes nothing (no names are looked up) but is habit. */
	if (argc != 2 ||
	    (strcmp(argv[1], "-a") != 0 && strcmp(argv[1], "-an") != 0 &&
		strcmp(argv[1], "-na") != 0)) {
		sh_warnx("usage: arp [-j jail] -a");
		return (1);
	}
	error = arp_list(&ais, &n);
	if (error != 0) {
		sh_warnc(error, "arp");
		return (1);
	}
	for (i = 0; i < n; i++) {
		ai = &ais[i];
		printf("? (%s) at %s on %s", in_ntoa_r(ai->ai_addr, addr),
		    ai->ai_resolved ? lladdr_ntoa(ai->ai_lladdr, lla)
				    : "(incomplete)",
		    ai->ai_ifname);
		if (ai->ai_expires > 0)
			printf(" expires in %d seconds", ai->ai_expires);
		else
			printf(" expired");
		printf(" [ethernet]\n");
	}
	free(ais);
	return (0);
}
