/*
 * jail.c: the jail table, jail(8) and jls(8), and moving an interface
 * from one jail's stack to another's.
 *
 * Only vnet jails exist here: a jail is a name for a vnet of its own.
 * The host is vnet0 and heads the table; jails follow in the order they
 * were made, with JIDs counting from 1 and never given out twice, as on
 * FreeBSD.
 */
#include <limits.h>

#include "jail/if_vmove.h"
#include "net/if_var.h"
#include "vnetsh.h"

static TAILQ_HEAD(jailhead, jail) jails = TAILQ_HEAD_INITIALIZER(jails);
static struct jail host = {.j_name = "host"};
#ifdef VIMAGE
static int lastjid;
#endif

void
jail_init(void)
{
#ifdef VIMAGE
	/* The runtime made it before main(); it is not a constant. */
	host.j_vnet = vnet0;
#endif
	TAILQ_INSERT_HEAD(&jails, &host, j_link);
}

struct jail *
jail_host(void)
{
	return (&host);
}

struct jail *
jail_first(void)
{
	return (TAILQ_FIRST(&jails));
}

struct jail *
jail_next(struct jail *j)
{
	return (TAILQ_NEXT(j, j_link));
}

struct jail *
jail_lookup(const char *name)
{
	struct jail *j;
	long jid;

	if (parse_number(name, 0, INT_MAX, &jid) == 0) {
		TAILQ_FOREACH(j, &jails, j_link)
			if (j->j_jid == jid)
				return (j);
		return (NULL);
	}
	TAILQ_FOREACH(j, &jails, j_link)
		if (strcmp(j->j_name, name) == 0)
			return (j);
	return (NULL);
}

void
jail_enter(struct jail *j)
{
#ifdef VIMAGE
	vnet_thread_set_home(j->j_vnet);
#endif
}

void
jail_leave(void)
{
#ifdef VIMAGE
	vnet_thread_set_home(NULL);
#endif
}

#ifdef VIMAGE
static struct jail *
jail_byvnet(struct vnet *vnet)
{
	struct jail *j;

	TAILQ_FOREACH(j, &jails, j_link)
		if (j->j_vnet == vnet)
			return (j);
	return (NULL);
}

#endif /* VIMAGE */

int
jail_ifmove(const char *ifname, struct jail *from, struct jail *to)
{
#ifdef VIMAGE
	struct ifnet *ifp;

	ifp = ifunit_in(from->j_vnet, ifname);
	if (ifp == NULL) {
		sh_warnx("ifconfig: interface %s does not exist in %s", ifname,
		    from->j_name);
		return (1);
	}
	if (from == to) {
		sh_warnx("ifconfig: %s: already in %s", ifname, to->j_name);
		return (1);
	}
	/* lo0 is the stack's own: a stack without one cannot loop back. */
	if (ifp->if_flags & IFF_LOOPBACK) {
		sh_warnx("ifconfig: %s: a loopback interface stays in its "
			 "stack",
		    ifname);
		return (1);
	}
	/* As FreeBSD's if_vmove_loan: names are unique within a stack. */
	if (ifunit_in(to->j_vnet, ifname) != NULL) {
		sh_warnx("ifconfig: %s: %s has an interface of that name",
		    ifname, to->j_name);
		return (1);
	}
	if_vmove(ifp, to->j_vnet);
	return (0);
#else
	return (sh_novimage());
#endif
}

struct vnet *
jail_ifhome(struct jail *j, const char *ifname)
{
#ifdef VIMAGE
	struct ifnet *ifp;

	ifp = ifunit_in(j->j_vnet, ifname);
	return (ifp != NULL ? ifp->if_home_vnet : NULL);
#else
	return (NULL);
#endif
}

#ifdef VIMAGE
/*
 * jail -r: what the jail was lent goes back where it came from first, so
 * that destroying the stack destroys only what was made in it.  A home
 * that is gone itself gives the interface to the host.  Only jail -r
 * says so; the jails left at the end of the script go silently.
 */
static int
jail_remove(struct jail *j, int verbose)
{
	struct if_info *ifs;
	struct ifnet *ifp;
	struct jail *home;
	int error, i, n, pass;

	jail_enter(j);
	error = if_list(&ifs, &n);
	jail_leave();
	if (error != 0) {
		sh_warnc(error, "jail: %s: listing its interfaces", j->j_name);
		return (1);
	}
	/*
	 * Every loan can go home, or none goes and the jail stays: an
	 * interface left in a destroyed stack would point into freed memory.
	 */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			ifp = ifunit_in(j->j_vnet, ifs[i].ii_name);
			if (ifp == NULL || ifp->if_home_vnet == j->j_vnet)
				continue;
			home = jail_byvnet(ifp->if_home_vnet);
			if (home == NULL)
				home = &host;
			if (pass == 1) {
				if_vmove(ifp, home->j_vnet);
				continue;
			}
			if (ifunit_in(home->j_vnet, ifp->if_xname) != NULL) {
				sh_warnx("jail: %s: %s cannot go back to %s, "
					 "which has an interface of that name; "
					 "the jail stays",
				    j->j_name, ifp->if_xname, home->j_name);
				free(ifs);
				return (1);
			}
		}
	}
	free(ifs);
	udp_jail_gone(j);
	TAILQ_REMOVE(&jails, j, j_link);
	vnet_destroy(j->j_vnet);
	if (verbose)
		printf("%s: removed\n", j->j_name);
	free(j->j_name);
	free(j);
	return (0);
}

/* A jail's name must not read as a JID or as the host. */
static int
jail_name_ok(const char *name)
{
	long v;

	return (*name != '\0' && strcmp(name, "host") != 0 &&
	    parse_number(name, 0, LONG_MAX, &v) != 0);
}

/* jail -c name=NAME vnet [persist], the words in any order. */
static int
jail_create(int argc, char **argv)
{
	struct jail *j;
	const char *name;
	int i, vnet;

	name = NULL;
	vnet = 0;
	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "name=", 5) == 0)
			name = argv[i] + 5;
		else if (strcmp(argv[i], "vnet") == 0 ||
		    strcmp(argv[i], "vnet=new") == 0)
			vnet = 1;
		else if (strcmp(argv[i], "persist") == 0)
			continue;
		else {
			sh_warnx("jail: unknown parameter: %s", argv[i]);
			return (1);
		}
	}
	if (name == NULL) {
		sh_warnx("jail: name=NAME is required");
		return (1);
	}
	if (!vnet) {
		sh_warnx("jail: %s: only vnet jails are supported", name);
		return (1);
	}
	if (!jail_name_ok(name)) {
		sh_warnx("jail: \"%s\": not a usable jail name", name);
		return (1);
	}
	if (jail_lookup(name) != NULL) {
		sh_warnx("jail: \"%s\" already exists", name);
		return (1);
	}
	j = calloc(1, sizeof(*j));
	if (j == NULL || (j->j_name = strdup(name)) == NULL) {
		free(j);
		sh_warnc(ENOMEM, "jail: %s", name);
		return (1);
	}
	j->j_vnet = vnet_alloc_named(name);
	if (j->j_vnet == NULL) {
		sh_warnc(errno, "jail: %s: creating its vnet", name);
		free(j->j_name);
		free(j);
		return (1);
	}
	j->j_jid = ++lastjid;
	TAILQ_INSERT_TAIL(&jails, j, j_link);
	printf("%s: created\n", name);
	return (0);
}
#endif /* VIMAGE */

int
cmd_jail(struct jail *cur, int argc, char **argv)
{
#ifdef VIMAGE
	struct jail *j;
	int i, rc;

	if (argc >= 2 && strcmp(argv[1], "-c") == 0)
		return (jail_create(argc - 2, argv + 2));
	if (argc >= 3 && strcmp(argv[1], "-r") == 0) {
		rc = 0;
		for (i = 2; i < argc; i++) {
			j = jail_lookup(argv[i]);
			if (j == NULL || j == &host) {
				sh_warnx("jail: \"%s\" not found", argv[i]);
				rc = 1;
				continue;
			}
			if (jail_remove(j, 1) != 0)
				rc = 1;
		}
		return (rc);
	}
	sh_warnx("usage: jail -c name=NAME vnet [persist] | jail -r NAME...");
	return (1);
#else
	return (sh_novimage());
#endif
}

int
cmd_jls(struct jail *cur, int argc, char **argv)
{
	struct jail *j;

	if (argc != 1) {
		sh_warnx("usage: jls");
		return (1);
	}
	printf("%6s  %s\n", "JID", "NAME");
	TAILQ_FOREACH(j, &jails, j_link)
		if (j != &host)
			printf("%6d  %s\n", j->j_jid, j->j_name);
	return (0);
}

void
jail_fini(void)
{
#ifdef VIMAGE
	struct jail *j;

	/* A jail that cannot go is left to the end of the process. */
	while ((j = TAILQ_LAST(&jails, jailhead)) != &host)
		if (jail_remove(j, 0) != 0) {
			TAILQ_REMOVE(&jails, j, j_link);
			free(j->j_name);
			free(j);
		}
#endif
}
