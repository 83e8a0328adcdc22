/*
 * sysinit.c: constructors and destructors.  VNET_SYSINITs run for every
 * instance in (subsystem, order) order with curvnet set to it, before the
 * instance is listed; destructors run in reverse; a failing constructor
 * undoes exactly the work of those before it.  Plain SYSINITs run once, at
 * boot, interleaved with vnet0's constructors.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <vnet/vnet.h>

#include "rt_util.h"

enum { EV_PLAIN_INIT, EV_VNET_INIT, EV_VNET_UNINIT };

struct rt_step {
	const char *label;
	unsigned int sub, order;
	int line; /* that of its SYSINIT, for introspection */
};

/* What one constructor or destructor saw when it ran. */
struct rt_event {
	int kind;
	const struct rt_step *step;
	struct vnet *cur;
	int is_default;
	int listed;
	char vname[32];
};

#define MAXEV 256
static struct rt_event events[MAXEV];
static int nevents;

static void
record(int kind, const struct rt_step *step)
{
	struct rt_event *e;

	cr_assert_lt(nevents, MAXEV);
	e = &events[nevents++];
	e->kind = kind;
	e->step = step;
	e->cur = curvnet;
	if (e->cur != NULL) {
		e->is_default = IS_DEFAULT_VNET(curvnet);
		e->listed = vnet_lookup_id(curvnet->vnet_id) == curvnet;
		snprintf(e->vname, sizeof(e->vname), "%s", vnet_name(curvnet));
	}
}

/* An instance named "fail:<label>" makes that constructor fail. */
static int
vinit(const struct rt_step *step)
{
	const char *name = vnet_name(curvnet);

	record(EV_VNET_INIT, step);
	if (strncmp(name, "fail:", 5) == 0 &&
	    strcmp(name + 5, step->label) == 0)
		return (EADDRINUSE);
	return (0);
}

static void
vinit_void(const struct rt_step *step)
{
	record(EV_VNET_INIT, step);
}

static void
vuninit(const struct rt_step *step)
{
	record(EV_VNET_UNINIT, step);
}

static void
pinit(const struct rt_step *step)
{
	record(EV_PLAIN_INIT, step);
}

#define STEP(name, sub, order) \
	static const struct rt_step name = {#name, sub, order, __LINE__}

/* A per-instance step that can fail, and its destructor. */
#define VSTEP(name, sub, order)                           \
	STEP(name, sub, order);                           \
	VNET_SYSINIT_ERR(name, sub, order, vinit, &name); \
	VNET_SYSUNINIT(name, sub, order, vuninit, &name)
/* One that cannot. */
#define VSTEP_VOID(name, sub, order)                       \
	STEP(name, sub, order);                            \
	VNET_SYSINIT(name, sub, order, vinit_void, &name); \
	VNET_SYSUNINIT(name, sub, order, vuninit, &name)
/* A destructor with no constructor. */
#define VUSTEP(name, sub, order) \
	STEP(name, sub, order);  \
	VNET_SYSUNINIT(name, sub, order, vuninit, &name)
#define PSTEP(name, sub, order) \
	STEP(name, sub, order); \
	SYSINIT(name, sub, order, pinit, &name)

/* Deliberately out of order: the source order must not matter. */
VSTEP(proto_any, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY);
PSTEP(p_proto_end, SI_SUB_PROTO_END, SI_ORDER_MIDDLE);
VSTEP(if_middle, SI_SUB_INIT_IF, SI_ORDER_MIDDLE);
VSTEP(vnet_second, SI_SUB_VNET, SI_ORDER_SECOND);
VUSTEP(proto_second, SI_SUB_PROTO_DOMAIN, SI_ORDER_SECOND);
VSTEP(proto_first, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST);
PSTEP(p_if_first, SI_SUB_INIT_IF, SI_ORDER_FIRST);
VSTEP_VOID(protoif_third, SI_SUB_PROTO_IF, SI_ORDER_THIRD);
VSTEP(vnet_first, SI_SUB_VNET, SI_ORDER_FIRST);
PSTEP(p_vnet_done, SI_SUB_VNET_DONE, SI_ORDER_ANY);
VSTEP(proto_middle, SI_SUB_PROTO_DOMAIN, SI_ORDER_MIDDLE);
PSTEP(p_lock, SI_SUB_LOCK, SI_ORDER_FIRST);
/* Plain ones at the very keys of per-instance ones, and in between. */
PSTEP(p_proto_first, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST);
PSTEP(p_vnet_second, SI_SUB_VNET, SI_ORDER_SECOND);
PSTEP(p_proto_second, SI_SUB_PROTO_DOMAIN, SI_ORDER_SECOND);

static void
plain_uninit(const struct rt_step *step)
{
	(void)step;
	cr_assert_fail("a plain SYSUNINIT of the executable ran");
}
SYSUNINIT(p_uninit, SI_SUB_PROTO_END, SI_ORDER_MIDDLE, plain_uninit,
    &p_proto_end);

static const struct rt_step *const vinits[] = {&proto_any, &if_middle,
    &vnet_second, &proto_first, &protoif_third, &vnet_first, &proto_middle};
static const struct rt_step *const vuninits[] = {&proto_any, &if_middle,
    &vnet_second, &proto_second, &proto_first, &protoif_third, &vnet_first,
    &proto_middle};
static const struct rt_step *const pinits[] = {&p_proto_end, &p_if_first,
    &p_vnet_done, &p_lock, &p_proto_first, &p_vnet_second, &p_proto_second};
#define NV  (sizeof(vinits) / sizeof(vinits[0]))
#define NVU (sizeof(vuninits) / sizeof(vuninits[0]))
#define NP  (sizeof(pinits) / sizeof(pinits[0]))

static int
key_cmp(const struct rt_step *a, const struct rt_step *b)
{
	if (a->sub != b->sub)
		return (a->sub < b->sub ? -1 : 1);
	return (a->order < b->order ? -1 : a->order > b->order);
}

/* What the test expects, built from the table rather than written out. */
struct rt_expect {
	int kind;
	const struct rt_step *step;
};

/* At equal keys a plain constructor runs before a per-instance one. */
static int
expect_cmp(const void *pa, const void *pb)
{
	const struct rt_expect *a = pa, *b = pb;
	int c = key_cmp(a->step, b->step);

	return (c != 0 ? c : a->kind - b->kind);
}

static size_t
expect_sorted(struct rt_expect *out, int kind,
    const struct rt_step *const *steps, size_t n, int descending)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (struct rt_expect){kind, steps[i]};
	qsort(out, n, sizeof(*out), expect_cmp);
	for (i = 0; descending && i < n / 2; i++) {
		struct rt_expect t = out[i];

		out[i] = out[n - 1 - i];
		out[n - 1 - i] = t;
	}
	return (n);
}

static void
expect_events(const struct rt_expect *want, size_t n, int first)
{
	size_t i;

	cr_assert_eq((size_t)(nevents - first), n, "%d events, expected %zu",
	    nevents - first, n);
	for (i = 0; i < n; i++) {
		cr_expect(events[first + i].step == want[i].step &&
			events[first + i].kind == want[i].kind,
		    "event %zu: %s (kind %d), expected %s (kind %d)", i,
		    events[first + i].step->label, events[first + i].kind,
		    want[i].step->label, want[i].kind);
	}
}

RT_TEST(sysinit, boot_runs_plain_and_vnet0_constructors_in_one_order)
{
	struct rt_expect want[NV + NP];
	int i;

	expect_sorted(want, EV_VNET_INIT, vinits, NV, 0);
	expect_sorted(want + NV, EV_PLAIN_INIT, pinits, NP, 0);
	qsort(want, NV + NP, sizeof(*want), expect_cmp);
	expect_events(want, NV + NP, 0);
	for (i = 0; i < nevents; i++) {
		if (events[i].kind != EV_VNET_INIT)
			continue;
		cr_expect_eq(events[i].cur, vnet0, "%s", events[i].step->label);
		cr_expect(events[i].is_default,
		    "%s: IS_DEFAULT_VNET(curvnet) is false while vnet0 is "
		    "built",
		    events[i].step->label);
		cr_expect_not(events[i].listed, "%s: vnet0 listed too early",
		    events[i].step->label);
	}
}

/* What vnet_sysinit_foreach() lists as this file's constructors. */
struct rt_listed {
	struct vnet_sysinit_info info[MAXEV];
	int n;
};

static int
list_constructor(const struct vnet_sysinit_info *si, void *arg)
{
	struct rt_listed *l = arg;

	/* The strings are the runtime's copies, valid during the call. */
	if (si->kind <= 1 && strstr(si->file, "sysinit.c") != NULL &&
	    l->n < MAXEV) {
		l->info[l->n] = *si;
		l->info[l->n].name = l->info[l->n].file = NULL;
		l->n++;
	}
	return (0);
}

/*
 * Introspection and boot walk the same merge; were they two, a change to
 * one (how ties break, say) would list an order that does not run.
 */
RT_TEST(sysinit, introspection_lists_constructors_in_the_order_they_ran)
{
	static struct rt_listed l;
	const struct rt_event *e;
	int i, ties = 0;

	cr_assert_eq(vnet_sysinit_foreach(list_constructor, &l), 0);
	cr_assert_eq(l.n, nevents, "%d listed, %d ran at boot", l.n, nevents);
	for (i = 0; i < l.n; i++) {
		e = &events[i];
		cr_expect(l.info[i].kind ==
			    (e->kind == EV_PLAIN_INIT ? 0 : 1) &&
			l.info[i].line == e->step->line &&
			l.info[i].subsystem == e->step->sub &&
			l.info[i].order == e->step->order,
		    "constructor %d: listed kind %d at line %d, ran %s (kind "
		    "%d) of line %d",
		    i, l.info[i].kind, l.info[i].line, e->step->label, e->kind,
		    e->step->line);
		if (i > 0 && l.info[i].kind != l.info[i - 1].kind &&
		    l.info[i].subsystem == l.info[i - 1].subsystem &&
		    l.info[i].order == l.info[i - 1].order)
			ties++;
	}
	cr_expect_geq(ties, 2, "the test lost its equal keys");
}

/*
 * FreeBSD boots the vnet subsystems with curvnet set to vnet0, so plain
 * constructors from SI_SUB_VNET up to SI_SUB_VNET_DONE may use V_ names.
 */
RT_TEST(sysinit, boot_plain_constructors_see_vnet0_in_the_vnet_window)
{
	int i, seen = 0;

	for (i = 0; i < nevents; i++) {
		const struct rt_step *st = events[i].step;
		bool window =
		    st->sub >= SI_SUB_VNET && st->sub < SI_SUB_VNET_DONE;

		if (events[i].kind != EV_PLAIN_INIT)
			continue;
		seen++;
		cr_expect_eq(events[i].cur, window ? vnet0 : NULL,
		    "%s: curvnet %p", st->label, (void *)events[i].cur);
	}
	cr_expect_eq(seen, (int)NP);
}

RT_TEST(sysinit, constructors_run_in_order_for_each_instance)
{
	struct rt_expect want[NV];
	struct vnet *v;
	int i, first = nevents;

	v = vnet_alloc_named("ordered");
	cr_assert_not_null(v);
	expect_events(want, expect_sorted(want, EV_VNET_INIT, vinits, NV, 0),
	    first);
	for (i = first; i < nevents; i++) {
		cr_expect_eq(events[i].cur, v);
		cr_expect_str_eq(events[i].vname, "ordered");
		cr_expect_not(events[i].is_default);
		cr_expect_not(events[i].listed,
		    "%s: instance listed before it was complete",
		    events[i].step->label);
	}
	cr_expect_eq(vnet_lookup_name("ordered"), v);
	cr_expect_null(curvnet, "curvnet left set by vnet_alloc");
	vnet_destroy(v);
}

RT_TEST(sysinit, destructors_run_in_reverse_order)
{
	struct rt_expect want[NVU];
	struct vnet *v;
	int i, first;

	v = vnet_alloc_named("doomed");
	cr_assert_not_null(v);
	first = nevents;
	vnet_destroy(v);
	expect_events(want,
	    expect_sorted(want, EV_VNET_UNINIT, vuninits, NVU, 1), first);
	for (i = first; i < nevents; i++) {
		cr_expect_eq(events[i].cur, v);
		cr_expect_str_eq(events[i].vname, "doomed");
		cr_expect_not(events[i].listed,
		    "%s: a dying instance is still listed",
		    events[i].step->label);
	}
	cr_expect_null(curvnet);
}

/*
 * Fail at failed: the constructors up to it ran, then the destructors
 * that sort strictly before it, in reverse; nothing was listed.
 */
static void
check_rollback(const struct rt_step *failed)
{
	struct rt_expect want[NV + NVU];
	const struct rt_step *before[NVU];
	char name[64];
	size_t n, nb = 0, i;
	unsigned int count = vnet_count();
	int first = nevents;

	snprintf(name, sizeof(name), "fail:%s", failed->label);
	errno = 0;
	cr_assert_null(vnet_alloc_named(name), "%s", name);
	cr_expect_eq(errno, EADDRINUSE, "%s: errno %d", name, errno);
	n = expect_sorted(want, EV_VNET_INIT, vinits, NV, 0);
	for (i = 0; i < n && key_cmp(want[i].step, failed) <= 0; i++)
		;
	n = i;
	for (i = 0; i < NVU; i++)
		if (key_cmp(vuninits[i], failed) < 0)
			before[nb++] = vuninits[i];
	n += expect_sorted(want + n, EV_VNET_UNINIT, before, nb, 1);
	expect_events(want, n, first);
	for (i = (size_t)first; i < (size_t)nevents; i++)
		cr_expect_not(events[i].listed);
	cr_expect_eq(vnet_count(), count);
	cr_expect_null(vnet_lookup_name(name));
	cr_expect_null(curvnet);
}

RT_TEST_WITH(sysinit, failure_rolls_back_in_the_middle,
    .init = cr_redirect_stderr)
{
	char buf[512];
	size_t n;

	check_rollback(&proto_middle);
	fflush(stderr);
	n = fread(buf, 1, sizeof(buf) - 1, cr_get_redirected_stderr());
	buf[n] = '\0';
	cr_expect_not_null(strstr(buf, "vinit"), "no report: %s", buf);
	cr_expect_not_null(strstr(buf, "fail:proto_middle"), "%s", buf);
}

RT_TEST_WITH(sysinit, failure_rolls_back_at_the_first_constructor,
    .init = cr_redirect_stderr)
{
	check_rollback(&vnet_first);
}

RT_TEST_WITH(sysinit, failure_rolls_back_at_the_last_constructor,
    .init = cr_redirect_stderr)
{
	check_rollback(&proto_any);
}

RT_TEST_WITH(sysinit, instances_work_after_a_failure,
    .init = cr_redirect_stderr)
{
	struct vnet *v;
	int i, first;

	for (i = 0; i < 50; i++) {
		nevents = 0;
		cr_assert_null(vnet_alloc_named("fail:if_middle"));
		first = nevents;
		v = vnet_alloc_named("fine");
		cr_assert_not_null(v);
		cr_expect_eq(nevents - first, (int)NV);
		vnet_destroy(v);
	}
	cr_expect_eq(vnet_count(), 1);
}

RT_TEST(sysinit, plain_constructors_run_once)
{
	struct vnet *v = vnet_alloc();
	int i, n = 0;

	cr_assert_not_null(v);
	vnet_destroy(v);
	for (i = 0; i < nevents; i++)
		n += events[i].kind == EV_PLAIN_INIT;
	cr_expect_eq(n, (int)NP);
	/* Asking again is harmless. */
	sysinit_run_pending();
	for (i = n = 0; i < nevents; i++)
		n += events[i].kind == EV_PLAIN_INIT;
	cr_expect_eq(n, (int)NP);
}
