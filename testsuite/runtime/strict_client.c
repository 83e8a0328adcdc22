/*
 * strict_client.c: a client of the runtime written as a legacy code base
 * is, in C89, using every macro of the headers.  strict.sh compiles it
 * with old standards and strict warnings, with and without VIMAGE, and
 * runs what it links: the headers must add no diagnostic of their own.
 * Hence no // comment, no declaration after a statement, and each
 * CURVNET_SET after its block's declarations.
 */
#include <stdio.h>
#include <string.h>

#include <vnet/module.h>
#include <vnet/sysctl.h>
#include <vnet/sysinit.h>
#include <vnet/vnet.h>

struct sc_conn {
	struct vnet *vnet;
	int n;
};

VNET_DECLARE(int, sc_count);
VNET_DEFINE(int, sc_count) = 3;
VNET_DEFINE_STATIC(char, sc_name[16]) = "strict";
VNET_DEFINE_STATIC(VNET_CONST int, sc_const) = 7;
VNET_DEFINE_STATIC(int, sc_inits);
VNET_DEFINE_STATIC(int, sc_default) = -1;
#define V_sc_count   VNET(sc_count)
#define V_sc_name    VNET(sc_name)
#define V_sc_const   VNET(sc_const)
#define V_sc_inits   VNET(sc_inits)
#define V_sc_default VNET(sc_default)

static int sc_boots, sc_proc_calls;

SYSCTL_DECL(_net_strict);
SYSCTL_NODE(_net, OID_AUTO, strict, CTLFLAG_RW, NULL, "strict client");
SYSCTL_INT(_net_strict, OID_AUTO, count, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(sc_count), 0, "count");
SYSCTL_STRING(_net_strict, OID_AUTO, name, CTLFLAG_VNET | CTLFLAG_RW,
    VNET_NAME(sc_name), sizeof(VNET_NAME(sc_name)), "name");
SYSCTL_INT(_net_strict, OID_AUTO, boots, CTLFLAG_RD, &sc_boots, 0, "boots");

/* Reports count + const, computed with V_ names in the chosen instance. */
static int
sc_sum_handler(SYSCTL_HANDLER_ARGS)
{
	int v;

	(void)arg1;
	(void)arg2;
	sc_proc_calls++;
	v = V_sc_count + V_sc_const;
	return (sysctl_handle_int(oidp, &v, 0, req));
}
SYSCTL_PROC(_net_strict, OID_AUTO, sum, CTLTYPE_INT | CTLFLAG_VNET | CTLFLAG_RD,
    NULL, 0, sc_sum_handler, "I", "count plus const");

static void
sc_boot(void *unused)
{
	(void)unused;
	sc_boots++;
}
SYSINIT(sc_boot, SI_SUB_PSEUDO, SI_ORDER_FIRST, sc_boot, NULL);
SYSUNINIT(sc_boot, SI_SUB_PSEUDO, SI_ORDER_FIRST, sc_boot, NULL);

static void
sc_init(const void *unused)
{
	(void)unused;
	CURVNET_ASSERT_SET();
	VNET_ASSERT(V_sc_inits == 0, ("constructor ran twice"));
	V_sc_count += 1;
	V_sc_inits++;
}
VNET_SYSINIT(sc_init, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY, sc_init, NULL);

static int
sc_check(const void *unused)
{
	(void)unused;
	V_sc_default = IS_DEFAULT_VNET(curvnet);
	return (0);
}
VNET_SYSINIT_ERR(sc_check, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, sc_check, NULL);

static void
sc_uninit(const void *unused)
{
	(void)unused;
	V_sc_inits--;
}
VNET_SYSUNINIT(sc_init, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY, sc_uninit, NULL);

int sc_bump(const struct sc_conn *c);
int sc_total(void);
int sc_home(void);

int
sc_bump(const struct sc_conn *c)
{
	int v;
	CURVNET_SET(c->vnet);
	V_sc_count += c->n;
	v = V_sc_count;
	V_sc_name[0] = 'S';
	CURVNET_RESTORE();
	return (v);
}

int
sc_total(void)
{
	VNET_ITERATOR_DECL(vnet_iter);
	int total = 0;

	VNET_LIST_RLOCK();
	VNET_FOREACH(vnet_iter) {
		CURVNET_SET(vnet_iter);
		total += V_sc_count;
		CURVNET_RESTORE();
	}
	VNET_LIST_RUNLOCK();
	VNET_LIST_RLOCK_NOSLEEP();
	VNET_LIST_RUNLOCK_NOSLEEP();
	return (total);
}

/* A block of its own for the CURVNET_SET, after statements. */
int
sc_home(void)
{
	int n = 0;

	n++;
	{
		CURVNET_SET_QUIET(TD_TO_VNET(curthread));
		n += *VNET_PTR(sc_const);
		CURVNET_RESTORE();
	}
	return (n);
}

int
main(void)
{
	struct sc_conn c;
	char count[16] = "", sum[16] = "", name[16] = "";
	int total, bad = 0;
#ifdef VIMAGE
	const int want_total = 18, want_default = 0;
#else
	const int want_total = 14, want_default = 1;
#endif

	c.vnet = vnet_alloc_named("strict");
	c.n = 10;
	if (c.vnet == NULL || sc_bump(&c) != 14)
		bad |= 1;
	total = sc_total();
	if (total != want_total)
		bad |= 2;
	if (vnet_sysctl_get(c.vnet, "net.strict.count", count, sizeof(count)) !=
		0 ||
	    strcmp(count, "14") != 0)
		bad |= 4;
	if (vnet_sysctl_get(c.vnet, "net.strict.sum", sum, sizeof(sum)) != 0 ||
	    strcmp(sum, "21") != 0 || sc_proc_calls != 1)
		bad |= 8;
	if (vnet_sysctl_get(c.vnet, "net.strict.name", name, sizeof(name)) !=
		0 ||
	    strcmp(name, "Strict") != 0)
		bad |= 16;
	if (*VNET_VNET_PTR(c.vnet, sc_count) != 14 ||
	    VNET_VNET(vnet0, sc_inits) != 1 ||
	    VNET_VNET(vnet0, sc_default) != 1 ||
	    VNET_VNET(c.vnet, sc_default) != want_default || sc_boots != 1)
		bad |= 32;
	if (sc_home() != 8)
		bad |= 64;
	vnet_destroy(c.vnet);
	printf("%s (%#x): total %d, count %s, sum %s, name %s, boots %d\n",
	    bad ? "FAILED" : "ok", (unsigned int)bad, total, count, sum, name,
	    sc_boots);
	return (bad);
}
