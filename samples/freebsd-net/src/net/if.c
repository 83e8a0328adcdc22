/*
 * if.c: the interface list and its indices (if_var.h).
 *
 * An interface is on the stack's list from if_attach to if_detach and
 * has an index there, the smallest free one.  Detaching takes with it
 * everything the stack keeps about the interface: its addresses and
 * their routes, the routes through it, its neighbours.  The two halves,
 * if_attach_internal and if_detach_internal, leave the interface's
 * memory and driver alone, so that it can leave one stack and join
 * another.
 */
#include "kern/mbuf.h"
#include "net/if_var.h"
#include "net/route_var.h"
#include "netinet/arp_var.h"

#define IF_MAXINDEX 4096

struct ifnethead ifnet = TAILQ_HEAD_INITIALIZER(ifnet);
struct mtx ifnet_mtx;
int if_index; /* the highest index in use */
static struct ifnet *ifindex_table[IF_MAXINDEX + 1];
static LIST_HEAD(, if_clone) if_cloners = LIST_HEAD_INITIALIZER(if_cloners);

static void
if_init(void *unused)
{
	(void)unused;
	mtx_init(&ifnet_mtx, "ifnet");
}
SYSINIT(ifnet, SI_SUB_INIT_IF, SI_ORDER_FIRST, if_init, NULL);

static void
if_uninit(void *unused)
{
	(void)unused;
	mtx_destroy(&ifnet_mtx);
}
SYSUNINIT(ifnet, SI_SUB_INIT_IF, SI_ORDER_FIRST, if_uninit, NULL);

struct ifnet *
if_alloc(int type)
{
	struct ifnet *ifp;

	ifp = kmalloc(sizeof(*ifp), M_WAITOK | M_ZERO);
	ifp->if_type = type;
	ifp->if_mtu = 1500;
	ifp->if_home_vnet = curvnet;
	TAILQ_INIT(&ifp->if_addrhead);
	return (ifp);
}

void
if_free(struct ifnet *ifp)
{
	KASSERT(TAILQ_EMPTY(&ifp->if_addrhead),
	    ("if_free: %s still has addresses", ifp->if_xname));
	kfree(ifp);
}

static int
if_index_alloc(struct ifnet *ifp)
{
	int idx;

	for (idx = 1; idx <= IF_MAXINDEX; idx++)
		if (ifindex_table[idx] == NULL)
			break;
	if (idx > IF_MAXINDEX)
		panic("if_attach: no interface index left for %s",
		    ifp->if_xname);
	ifindex_table[idx] = ifp;
	if (idx > if_index)
		if_index = idx;
	return (idx);
}

static void
if_index_free(int idx)
{
	ifindex_table[idx] = NULL;
	while (if_index > 0 && ifindex_table[if_index] == NULL)
		if_index--;
}

void
if_attach_internal(struct ifnet *ifp)
{
	struct ifnet *after, *it;

	ifp->if_vnet = curvnet;
	IFNET_WLOCK();
	ifp->if_index = if_index_alloc(ifp);
	/* In index order, so that listings are stable. */
	after = NULL;
	TAILQ_FOREACH(it, &ifnet, if_link)
		if (it->if_index < ifp->if_index)
			after = it;
	if (after == NULL)
		TAILQ_INSERT_HEAD(&ifnet, ifp, if_link);
	else
		TAILQ_INSERT_AFTER(&ifnet, after, ifp, if_link);
	IFNET_WUNLOCK();
}

void
if_attach(struct ifnet *ifp)
{
	if_attach_internal(ifp);
	ifp->if_flags |= IFF_RUNNING;
}

void
if_detach_internal(struct ifnet *ifp)
{
	if_down(ifp);
	in_ifdetach(ifp);
	rt_flushifroutes(ifp);
	arp_ifdetach(ifp);
	IFNET_WLOCK();
	TAILQ_REMOVE(&ifnet, ifp, if_link);
	if_index_free(ifp->if_index);
	ifp->if_index = 0;
	IFNET_WUNLOCK();
}

void
if_detach(struct ifnet *ifp)
{
	if_detach_internal(ifp);
	ifp->if_flags &= ~IFF_RUNNING;
}

struct ifnet *
ifunit(const char *name)
{
	struct ifnet *ifp;

	IFNET_WLOCK();
	TAILQ_FOREACH(ifp, &ifnet, if_link)
		if (strcmp(ifp->if_xname, name) == 0)
			break;
	IFNET_WUNLOCK();
	return (ifp);
}

struct ifnet *
ifnet_byindex(int idx)
{
	struct ifnet *ifp = NULL;

	IFNET_WLOCK();
	if (idx > 0 && idx <= if_index)
		ifp = ifindex_table[idx];
	IFNET_WUNLOCK();
	return (ifp);
}

void
if_up(struct ifnet *ifp)
{
	ifp->if_flags |= IFF_UP;
}

void
if_down(struct ifnet *ifp)
{
	ifp->if_flags &= ~IFF_UP;
}

void
if_clone_attach(struct if_clone *ifc)
{
	IFNET_WLOCK();
	LIST_INSERT_HEAD(&if_cloners, ifc, ifc_list);
	IFNET_WUNLOCK();
}

void
if_clone_detach(struct if_clone *ifc)
{
	IFNET_WLOCK();
	LIST_REMOVE(ifc, ifc_list);
	IFNET_WUNLOCK();
}

static struct if_clone *
if_clone_lookup(const char *name)
{
	struct if_clone *ifc;
	size_t len;

	IFNET_WLOCK();
	LIST_FOREACH(ifc, &if_cloners, ifc_list) {
		len = strlen(ifc->ifc_name);
		if (strncmp(name, ifc->ifc_name, len) == 0)
			break;
	}
	IFNET_WUNLOCK();
	return (ifc);
}

int
if_clone_create(const char *cloner, char *name, size_t len)
{
	struct if_clone *ifc;

	ifc = if_clone_lookup(cloner);
	if (ifc == NULL || strcmp(ifc->ifc_name, cloner) != 0)
		return (EINVAL);
	return (ifc->ifc_create(ifc, name, len));
}

int
if_clone_destroy(const char *name)
{
	struct if_clone *ifc;
	struct ifnet *ifp;

	ifp = ifunit(name);
	if (ifp == NULL)
		return (ENXIO);
	ifc = if_clone_lookup(ifp->if_dname);
	if (ifc == NULL || ifc->ifc_destroy == NULL)
		return (EOPNOTSUPP);
	return (ifc->ifc_destroy(ifc, ifp));
}
