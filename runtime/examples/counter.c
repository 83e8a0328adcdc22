/*
 * counter.c: the README's example.  One module, two virtualized
 * variables, a per-instance constructor and a knob; several instances
 * that do not see each other's state.
 */
#include <stdio.h>

#include <vnet/sysctl.h>
#include <vnet/vnet.h>

VNET_DEFINE_STATIC(int, hits) = 0;
VNET_DEFINE_STATIC(char, label[16]) = "unset";
#define V_hits	VNET(hits)
#define V_label VNET(label)

SYSCTL_NODE(_net, OID_AUTO, counter, CTLFLAG_RW, NULL, "example counter");
SYSCTL_INT(_net_counter, OID_AUTO, hits, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(hits), 0, "hits in this instance");

/* Runs once for every instance, with curvnet set to it. */
static void
counter_vnet_init(const void *unused)
{
	(void)unused;
	snprintf(V_label, sizeof(V_label), "%s", vnet_name(curvnet));
}
VNET_SYSINIT(counter_vnet_init, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY,
    counter_vnet_init, NULL);

static void
counter_hit(struct vnet *vnet, int n)
{
	CURVNET_SET(vnet);
	V_hits += n;
	CURVNET_RESTORE();
}

int
main(void)
{
	struct vnet *a = vnet_alloc_named("red"), *b = vnet_alloc_named("blue");
	char text[32];

	counter_hit(a, 1);
	counter_hit(b, 10);
	counter_hit(a, 2);
	vnet_sysctl_get(b, "net.counter.hits", text, sizeof(text));
	printf("red:  %-5s hits=%d\n", VNET_VNET(a, label), VNET_VNET(a, hits));
	printf("blue: %-5s hits=%d (net.counter.hits=%s)\n",
	    VNET_VNET(b, label), VNET_VNET(b, hits), text);
	printf("vnet0 hits=%d, %u instances\n", VNET_VNET(vnet0, hits),
	    vnet_count());
	vnet_destroy(a);
	vnet_destroy(b);
	return (0);
}
