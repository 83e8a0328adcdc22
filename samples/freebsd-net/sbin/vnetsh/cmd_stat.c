/*
 * cmd_stat.c: netstat(1) and sysctl(8).
 *
 *	netstat -r | -i | -s [-p ip|icmp|udp]
 *	sysctl NAME[=VALUE]...
 *
 * The statistics are the stacks' own structures, read as netstat(1)
 * reads them on FreeBSD: whole, through an opaque sysctl of the jail's
 * vnet.  A counter is printed only when it is not zero, in words of
 * netstat(1)'s kind.
 */
#include <inttypes.h>
#include <stddef.h>

#include "net/if_var.h"
#include "netinet/icmp_var.h"
#include "netinet/ip_var.h"
#include "netinet/udp_var.h"
#include "vnetsh.h"

/*
 * A counter and how to say it: the format takes the value (%ju) and, if
 * it has a %s, the plural ending.
 */
struct stat_line {
	size_t sl_off;
	const char *sl_fmt;
};

#define STAT(type, field, fmt) {offsetof(struct type, field), fmt}

static const struct stat_line ip_lines[] = {
    STAT(ipstat, ips_total, "%ju total packet%s received"),
    STAT(ipstat, ips_badsum, "%ju bad header checksum%s"),
    STAT(ipstat, ips_tooshort, "%ju packet%s too short"),
    STAT(ipstat, ips_badhlen, "%ju with header length too small"),
    STAT(ipstat, ips_badvers, "%ju with incorrect version number"),
    STAT(ipstat, ips_delivered, "%ju packet%s for this host"),
    STAT(ipstat, ips_noproto, "%ju packet%s for unknown/unsupported protocol"),
    STAT(ipstat, ips_forward, "%ju packet%s forwarded"),
    STAT(ipstat, ips_cantforward,
	"%ju packet%s for another host, not forwarded"),
    STAT(ipstat, ips_localout, "%ju packet%s sent from this host"),
    STAT(ipstat, ips_noroute, "%ju output packet%s discarded due to no route"),
    STAT(ipstat, ips_odropped, "%ju output packet%s dropped"),
    STAT(ipstat, ips_toolong,
	"%ju output packet%s larger than the interface MTU"),
    STAT(ipstat, ips_timeexceeded,
	"%ju packet%s not forwarded: time to live exceeded"),
    STAT(ipstat, ips_slowtimo, "%ju run%s of the slow timer"),
};

/* The histograms come between these, as in netstat(1). */
static const struct stat_line icmp_lines_head[] = {
    STAT(icmpstat, icps_error, "%ju call%s to icmp_error"),
    STAT(icmpstat, icps_oldicmp,
	"%ju error%s not generated in response to an icmp message"),
};
static const struct stat_line icmp_lines_mid[] = {
    STAT(icmpstat, icps_badcode, "%ju message%s with bad code fields"),
    STAT(icmpstat, icps_tooshort, "%ju message%s less than the minimum length"),
    STAT(icmpstat, icps_checksum, "%ju message%s with bad checksum"),
};
static const struct stat_line icmp_lines_tail[] = {
    STAT(icmpstat, icps_reflect, "%ju message response%s generated"),
    STAT(icmpstat, icps_ratelimited,
	"%ju error%s not sent: over the rate limit"),
};

static const struct stat_line udp_lines[] = {
    STAT(udpstat, udps_ipackets, "%ju datagram%s received"),
    STAT(udpstat, udps_hdrops, "%ju with incomplete header"),
    STAT(udpstat, udps_badsum, "%ju with bad checksum"),
    STAT(udpstat, udps_badlen, "%ju with bad data length field"),
    STAT(udpstat, udps_noport, "%ju dropped due to no socket"),
    STAT(udpstat, udps_fullsock, "%ju dropped due to full socket buffers"),
    STAT(udpstat, udps_opackets, "%ju datagram%s output"),
};

/* netstat(1)'s names of the ICMP types, for the histograms. */
static const char *const icmpnames[ICMP_MAXTYPE + 1] = {
    "echo reply",
    "#1",
    "#2",
    "destination unreachable",
    "source quench",
    "routing redirect",
    "#6",
    "#7",
    "echo",
    "router advertisement",
    "router solicitation",
    "time exceeded",
    "parameter problem",
    "time stamp",
    "time stamp reply",
    "information request",
    "information request reply",
    "address mask request",
    "address mask reply",
};

static void
stat_print(const void *st, const struct stat_line *lines, size_t n)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < n; i++) {
		memcpy(&v, (const char *)st + lines[i].sl_off, sizeof(v));
		if (v == 0)
			continue;
		putchar('\t');
		printf(lines[i].sl_fmt, (uintmax_t)v, v == 1 ? "" : "s");
		putchar('\n');
	}
}

static void
hist_print(const char *title, const uint64_t *hist)
{
	int first, i;

	first = 1;
	for (i = 0; i <= ICMP_MAXTYPE; i++) {
		if (hist[i] == 0)
			continue;
		if (first) {
			printf("\t%s histogram:\n", title);
			first = 0;
		}
		printf("\t\t%s: %ju\n", icmpnames[i], (uintmax_t)hist[i]);
	}
}

/* A statistics structure, whole: 0, or 1 after a message. */
static int
stat_fetch(struct jail *j, const char *name, void *st, size_t size)
{
	size_t len;
	int error;

	len = size;
	error = vnet_sysctlbyname(j->j_vnet, name, st, &len, NULL, 0);
	if (error != 0) {
		sh_warnc(error, "netstat: %s", name);
		return (1);
	}
	if (len != size) {
		/* The stack and vnetsh were built from other headers. */
		sh_warnx("netstat: %s: %zu bytes where vnetsh expects %zu",
		    name, len, size);
		return (1);
	}
	return (0);
}

static int
ip_stats(struct jail *j)
{
	struct ipstat st;

	if (stat_fetch(j, "net.inet.ip.stats", &st, sizeof(st)))
		return (1);
	printf("ip:\n");
	stat_print(&st, ip_lines, nitems(ip_lines));
	return (0);
}

static int
icmp_stats(struct jail *j)
{
	struct icmpstat st;

	if (stat_fetch(j, "net.inet.icmp.stats", &st, sizeof(st)))
		return (1);
	printf("icmp:\n");
	stat_print(&st, icmp_lines_head, nitems(icmp_lines_head));
	hist_print("Output", st.icps_outhist);
	stat_print(&st, icmp_lines_mid, nitems(icmp_lines_mid));
	hist_print("Input", st.icps_inhist);
	stat_print(&st, icmp_lines_tail, nitems(icmp_lines_tail));
	return (0);
}

static int
udp_stats(struct jail *j)
{
	struct udpstat st;

	if (stat_fetch(j, "net.inet.udp.stats", &st, sizeof(st)))
		return (1);
	printf("udp:\n");
	stat_print(&st, udp_lines, nitems(udp_lines));
	return (0);
}

static const struct {
	const char *name;
	int (*fn)(struct jail *);
} protos[] = {
    {"ip", ip_stats},
    {"icmp", icmp_stats},
    {"udp", udp_stats},
};

/* netstat -i: a line for each interface and one for its address. */
static int
if_stats(void)
{
	char net[PREFIXSTRLEN], addr[INET_ADDRSTRLEN], lla[18], link[24];
	struct if_info *ifs, *ii;
	struct in_addr a;
	int error, n;

	error = if_list(&ifs, &n);
	if (error != 0) {
		sh_warnc(error, "netstat");
		return (1);
	}
	printf("%-9s %5s %-15s %-17s %8s %5s %8s %5s\n", "Name", "Mtu",
	    "Network", "Address", "Ipkts", "Ierrs", "Opkts", "Oerrs");
	for (ii = ifs; ii < ifs + n; ii++) {
		snprintf(link, sizeof(link), "<Link#%d>", ii->ii_index);
		printf("%-9s %5d %-15s %-17s %8ju %5ju %8ju %5ju\n",
		    ii->ii_name, ii->ii_mtu, link,
		    ii->ii_flags & IFF_LOOPBACK
			? ii->ii_name
			: lladdr_ntoa(ii->ii_lladdr, lla),
		    (uintmax_t)ii->ii_ipackets, (uintmax_t)ii->ii_ierrors,
		    (uintmax_t)ii->ii_opackets, (uintmax_t)ii->ii_oerrors);
		if (ii->ii_addr.s_addr == INADDR_ANY)
			continue;
		/* The stack counts by interface only, not by address. */
		a.s_addr = ii->ii_addr.s_addr & in_plen2mask(ii->ii_plen);
		printf("%-9s %5s %-15s %-17s %8s %5s %8s %5s\n", ii->ii_name,
		    "-", prefix_ntoa(a, ii->ii_plen, net),
		    in_ntoa_r(ii->ii_addr, addr), "-", "-", "-", "-");
	}
	free(ifs);
	return (0);
}

int
cmd_netstat(struct jail *j, int argc, char **argv)
{
	const char *proto, *p;
	int i, iflag, rc, rflag, sflag;
	size_t k;

	iflag = rflag = sflag = 0;
	proto = NULL;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-p") == 0) {
			if (++i == argc)
				goto usage;
			proto = argv[i];
			continue;
		}
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			goto usage;
		for (p = argv[i] + 1; *p != '\0'; p++) {
			switch (*p) {
			case 'i':
				iflag = 1;
				break;
			case 'n':
				/* Nothing is looked up by name anyway. */
				break;
			case 'r':
				rflag = 1;
				break;
			case 's':
				sflag = 1;
				break;
			default:
				goto usage;
			}
		}
	}
	if (iflag + rflag + sflag != 1 || (proto != NULL && !sflag))
		goto usage;
	if (rflag)
		return (netstat_routes());
	if (iflag)
		return (if_stats());
	rc = 0;
	for (k = 0; k < nitems(protos); k++)
		if (proto == NULL || strcmp(proto, protos[k].name) == 0) {
			rc |= protos[k].fn(j);
			if (proto != NULL)
				return (rc);
		}
	if (proto != NULL) {
		sh_warnx("netstat: %s: unknown protocol", proto);
		return (1);
	}
	return (rc);

usage:
	sh_warnx("usage: netstat [-j jail] -r | -i | -s [-p protocol]");
	return (1);
}

/*
 * sysctl: one knob's value as text, in a buffer that grows to fit; the
 * caller frees it.  0 or an errno.
 */
static int
sysctl_text(struct jail *j, const char *name, char **textp)
{
	char *buf, *nbuf;
	size_t len;
	int error;

	buf = NULL;
	for (len = 256; len <= 1024 * 1024; len *= 2) {
		nbuf = realloc(buf, len);
		if (nbuf == NULL) {
			error = ENOMEM;
			break;
		}
		buf = nbuf;
		error = vnet_sysctl_get(j->j_vnet, name, buf, len);
		if (error != ENOMEM) {
			if (error == 0) {
				*textp = buf;
				return (0);
			}
			break;
		}
	}
	free(buf);
	return (error);
}

/* In sysctl(8)'s words; value is what was to be set, or NULL. */
static void
sysctl_complain(int error, const char *name, const char *value)
{
	if (error == ENOENT)
		sh_warnx("sysctl: unknown oid '%s'", name);
	else if (error == EPERM)
		sh_warnx("sysctl: oid '%s' is read only", name);
	else if (error == ENOTDIR)
		sh_warnx("sysctl: oid '%s' is a node, not a value", name);
	else if (value != NULL)
		sh_warnc(error, "sysctl: %s=%s", name, value);
	else
		sh_warnc(error, "sysctl: %s", name);
}

/* The knobs under a node, as sysctl(8) lists them: not the opaque ones. */
struct sysctl_names {
	const char *sn_prefix;
	size_t sn_prefixlen;
	char **sn_names;
	size_t sn_count, sn_cap;
	int sn_error;
};

/*
 * The index is locked while this runs, so the names are only collected
 * here and read after.
 */
static int
sysctl_collect(struct sysctl_oid *oidp, void *arg)
{
	struct sysctl_names *sn = arg;
	char **nnames;
	int type;

	type = oidp->oid_kind & CTLTYPE;
	if (type == CTLTYPE_NODE || type == CTLTYPE_OPAQUE ||
	    strncmp(oidp->oid_path, sn->sn_prefix, sn->sn_prefixlen) != 0 ||
	    oidp->oid_path[sn->sn_prefixlen] != '.')
		return (0);
	if (sn->sn_count == sn->sn_cap) {
		sn->sn_cap = sn->sn_cap == 0 ? 32 : sn->sn_cap * 2;
		nnames =
		    realloc(sn->sn_names, sn->sn_cap * sizeof(*sn->sn_names));
		if (nnames == NULL) {
			sn->sn_error = ENOMEM;
			return (1);
		}
		sn->sn_names = nnames;
	}
	sn->sn_names[sn->sn_count] = strdup(oidp->oid_path);
	if (sn->sn_names[sn->sn_count] == NULL) {
		sn->sn_error = ENOMEM;
		return (1);
	}
	sn->sn_count++;
	return (0);
}

static int
sysctl_node(struct jail *j, const char *name)
{
	struct sysctl_names sn;
	char *text;
	size_t i;
	int error, rc;

	memset(&sn, 0, sizeof(sn));
	sn.sn_prefix = name;
	sn.sn_prefixlen = strlen(name);
	sysctl_foreach(sysctl_collect, &sn);
	rc = 0;
	if (sn.sn_error != 0) {
		sh_warnc(sn.sn_error, "sysctl: %s", name);
		rc = 1;
	}
	for (i = 0; i < sn.sn_count; i++) {
		if (rc == 0) {
			error = sysctl_text(j, sn.sn_names[i], &text);
			/* Knobs may go while the list is read: not an error. */
			if (error == 0) {
				printf("%s: %s\n", sn.sn_names[i], text);
				free(text);
			} else if (error != ENOENT) {
				sysctl_complain(error, sn.sn_names[i], NULL);
				rc = 1;
			}
		}
		free(sn.sn_names[i]);
	}
	free(sn.sn_names);
	return (rc);
}

/* NAME or NAME=VALUE; arg is split in place. */
static int
sysctl_one(struct jail *j, char *arg)
{
	char *name, *value, *old, *new;
	int error;

	name = arg;
	value = strchr(arg, '=');
	if (value != NULL)
		*value++ = '\0';
	error = sysctl_text(j, name, &old);
	if (error == ENOTDIR && value == NULL)
		return (sysctl_node(j, name));
	if (error != 0) {
		sysctl_complain(error, name, NULL);
		return (1);
	}
	if (value == NULL) {
		printf("%s: %s\n", name, old);
		free(old);
		return (0);
	}
	error = vnet_sysctl_set(j->j_vnet, name, value);
	if (error == 0)
		error = sysctl_text(j, name, &new);
	if (error != 0) {
		sysctl_complain(error, name, value);
		free(old);
		return (1);
	}
	printf("%s: %s -> %s\n", name, old, new);
	free(old);
	free(new);
	return (0);
}

int
cmd_sysctl(struct jail *j, int argc, char **argv)
{
	int i, rc;

	if (argc < 2 || argv[1][0] == '-') {
		sh_warnx("usage: sysctl [-j jail] name[=value]...");
		return (1);
	}
	rc = 0;
	for (i = 1; i < argc; i++)
		rc |= sysctl_one(j, argv[i]);
	return (rc);
}
