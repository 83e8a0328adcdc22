/*
 * topology.c: topology FILE.dot, a picture of what exists now.
 *
 * A Graphviz graph with one cluster per stack (the host first, then the
 * jails as they were made), a node per interface in it but lo0 (which
 * every stack has), the two halves of each epair joined across whatever
 * stacks they are in, and a note in each cluster with its routes: those
 * a reader would draw, not the host routes the stack adds for its own
 * addresses, nor loopback.  It is a digraph because clusters and
 * compound edges are best supported there; dir=none makes it look
 * undirected.  Render it with: dot -Tsvg FILE.dot -o FILE.svg
 */
#include "net/if_var.h"
#include "net/route_var.h"
#include "vnetsh.h"

struct topo_vnet {
	struct jail *tv_jail;
	struct if_info *tv_ifs;
	int tv_nifs;
	struct rt_info *tv_rts;
	int tv_nrts;
};

/*
 * s as a DOT string: quoted, with " and \ escaped, and each newline as
 * nl, which is a line break in a label ("\\n" centres, "\\l" aligns
 * left).
 */
static void
dot_quote(FILE *fp, const char *s, const char *nl)
{
	putc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '\n')
			fputs(nl, fp);
		else {
			if (*s == '"' || *s == '\\')
				putc('\\', fp);
			putc(*s, fp);
		}
	}
	putc('"', fp);
}

/* A node's name: the JID and the interface, unique across stacks. */
static void
dot_nodeid(FILE *fp, const struct jail *j, const char *what)
{
	char buf[IFNAMSIZ + 16];

	snprintf(buf, sizeof(buf), "%d/%s", j->j_jid, what);
	dot_quote(fp, buf, "\\n");
}

static void
topo_edge(FILE *fp, const struct jail *ja, const char *a, const struct jail *jb,
    const char *b)
{
	fprintf(fp, "\t");
	dot_nodeid(fp, ja, a);
	fprintf(fp, " -> ");
	dot_nodeid(fp, jb, b);
	fprintf(fp, " [label=\"%.*s\"];\n", (int)strlen(a) - 1, a);
}

/* Routes worth drawing: not a host route, nor to the loopback net. */
static int
topo_route_shown(const struct rt_info *ri)
{
	if (ri->ri_flags & RTF_HOST)
		return (0);
	if (ri->ri_plen >= 8 &&
	    (ntohl(ri->ri_dst.s_addr) >> 24) == IN_LOOPBACKNET)
		return (0);
	return (1);
}

static void
topo_cluster(FILE *fp, const struct topo_vnet *tv)
{
	char dst[PREFIXSTRLEN], gw[INET_ADDRSTRLEN], pfx[PREFIXSTRLEN];
	char label[IFNAMSIZ + PREFIXSTRLEN + 2], *text, *ntext;
	const struct if_info *ii;
	const struct rt_info *ri;
	size_t len;
	int shown;

	fprintf(fp,
	    "\tsubgraph \"cluster_%d\" {\n\t\tlabel=", tv->tv_jail->j_jid);
	dot_quote(fp, tv->tv_jail->j_name, "\\n");
	fprintf(fp, ";\n");
	shown = 0;
	for (ii = tv->tv_ifs; ii < tv->tv_ifs + tv->tv_nifs; ii++) {
		if (ii->ii_flags & IFF_LOOPBACK)
			continue;
		if (ii->ii_addr.s_addr != INADDR_ANY)
			snprintf(label, sizeof(label), "%s\n%s", ii->ii_name,
			    prefix_ntoa(ii->ii_addr, ii->ii_plen, pfx));
		else
			snprintf(label, sizeof(label), "%s", ii->ii_name);
		fprintf(fp, "\t\t");
		dot_nodeid(fp, tv->tv_jail, ii->ii_name);
		fprintf(fp, " [label=");
		dot_quote(fp, label, "\\n");
		fprintf(fp, "];\n");
		shown++;
	}

	/* The note is built whole first: its label is one string. */
	text = NULL;
	len = 0;
	for (ri = tv->tv_rts; ri < tv->tv_rts + tv->tv_nrts; ri++) {
		if (!topo_route_shown(ri))
			continue;
		rt_dstname(ri, dst);
		ntext = realloc(text,
		    len + sizeof(dst) + sizeof(gw) + sizeof(ri->ri_ifname) +
			16);
		if (ntext == NULL)
			break;
		text = ntext;
		if (ri->ri_gateway.s_addr != INADDR_ANY)
			len += sprintf(text + len, "%s via %s\n", dst,
			    in_ntoa_r(ri->ri_gateway, gw));
		else
			len += sprintf(text + len, "%s on %s\n", dst,
			    ri->ri_ifname);
	}
	if (text != NULL) {
		fprintf(fp, "\t\t");
		dot_nodeid(fp, tv->tv_jail, "routes");
		fprintf(fp, " [shape=note, label=");
		dot_quote(fp, text, "\\l");
		fprintf(fp, "];\n");
		free(text);
		shown++;
	}
	/* An empty cluster is not drawn at all; a jail should be. */
	if (shown == 0) {
		fprintf(fp, "\t\t");
		dot_nodeid(fp, tv->tv_jail, "empty");
		fprintf(fp, " [shape=plaintext, label=\"no interfaces\"];\n");
	}
	fprintf(fp, "\t}\n");
}

/*
 * epairNa to epairNb, wherever each half is.  Every stack numbers the
 * pairs it makes from 0, so two stacks may each have made an epair0:
 * the halves of one pair are those made in the same stack.
 */
static void
topo_links(FILE *fp, const struct topo_vnet *tvs, int ntv)
{
	char peer[IFNAMSIZ];
	const struct if_info *ii, *pi;
	const struct topo_vnet *tv, *pv;
	struct vnet *home;
	size_t len;

	for (tv = tvs; tv < tvs + ntv; tv++) {
		for (ii = tv->tv_ifs; ii < tv->tv_ifs + tv->tv_nifs; ii++) {
			len = strlen(ii->ii_name);
			if (strncmp(ii->ii_name, "epair", 5) != 0 ||
			    ii->ii_name[len - 1] != 'a')
				continue;
			memcpy(peer, ii->ii_name, len + 1);
			peer[len - 1] = 'b';
			home = jail_ifhome(tv->tv_jail, ii->ii_name);
			for (pv = tvs; pv < tvs + ntv; pv++)
				for (pi = pv->tv_ifs;
				    pi < pv->tv_ifs + pv->tv_nifs; pi++)
					if (strcmp(pi->ii_name, peer) == 0 &&
					    jail_ifhome(pv->tv_jail,
						pi->ii_name) == home)
						topo_edge(fp, tv->tv_jail,
						    ii->ii_name, pv->tv_jail,
						    pi->ii_name);
		}
	}
}

static int
topo_write(const char *path, const struct topo_vnet *tvs, int ntv)
{
	FILE *fp;
	int i, rc;

	fp = fopen(path, "w");
	if (fp == NULL) {
		sh_warnc(errno, "topology: %s", path);
		return (1);
	}
	fprintf(fp,
	    "/* Written by vnetsh: one cluster per network stack. */\n"
	    "digraph vnets {\n"
	    "\trankdir=LR;\n"
	    "\tnode [shape=box, style=rounded];\n"
	    "\tedge [dir=none];\n");
	for (i = 0; i < ntv; i++)
		topo_cluster(fp, &tvs[i]);
	topo_links(fp, tvs, ntv);
	fprintf(fp, "}\n");
	rc = 0;
	if (ferror(fp)) {
		sh_warnc(errno, "topology: %s: write", path);
		rc = 1;
	}
	if (fclose(fp) != 0 && rc == 0) {
		sh_warnc(errno, "topology: %s: close", path);
		rc = 1;
	}
	return (rc);
}

int
cmd_topology(struct jail *cur, int argc, char **argv)
{
	struct topo_vnet *tvs;
	struct jail *j;
	int error, i, ntv, rc;

	if (argc != 2) {
		sh_warnx("usage: topology file.dot");
		return (1);
	}
	ntv = 0;
	for (j = jail_first(); j != NULL; j = jail_next(j))
		ntv++;
	tvs = calloc(ntv, sizeof(*tvs));
	if (tvs == NULL) {
		sh_warnc(ENOMEM, "topology");
		return (1);
	}
	rc = 0;
	i = 0;
	for (j = jail_first(); j != NULL; j = jail_next(j), i++) {
		tvs[i].tv_jail = j;
		jail_enter(j);
		error = if_list(&tvs[i].tv_ifs, &tvs[i].tv_nifs);
		if (error == 0) {
			error = rt_list(&tvs[i].tv_rts, &tvs[i].tv_nrts);
			if (error != 0) {
				free(tvs[i].tv_ifs);
				tvs[i].tv_ifs = NULL;
				tvs[i].tv_nifs = 0;
			}
		}
		jail_leave();
		if (error != 0) {
			sh_warnc(error, "topology: %s", j->j_name);
			rc = 1;
			break;
		}
	}
	if (rc == 0)
		rc = topo_write(argv[1], tvs, ntv);
	for (i = 0; i < ntv; i++) {
		free(tvs[i].tv_ifs);
		free(tvs[i].tv_rts);
	}
	free(tvs);
	return (rc);
}
