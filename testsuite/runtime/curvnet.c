/*
 * curvnet.c: the current instance.  It is per thread, starts unset in
 * every new thread, nests, and when unset makes V_x fault at once instead
 * of touching some instance's data.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

#include <vnet/vnet.h>

#include "rt_util.h"

VNET_DEFINE_STATIC(int, rt_x) = 5;
VNET_DEFINE_STATIC(int, rt_visits);
#define V_rt_x	    VNET(rt_x)
#define V_rt_visits VNET(rt_visits)

/*
 * An x86-64 address whose bits 63..47 are not all equal is one that Linux
 * never maps for a process (it maps above bit 47 only when asked to).
 */
static int
non_canonical(const void *p)
{
	uintptr_t top = (uintptr_t)p >> 47;

	return (top != 0 && top != ((uintptr_t)-1 >> 47));
}

struct thread_view {
	struct vnet *cur;
	struct vnet *home;
	struct vnet *home_after;
	int wild;
	int x;
	struct vnet *set;
};

static void *
look_around(void *arg)
{
	struct thread_view *tv = arg;

	tv->cur = curvnet;
	tv->home = TD_TO_VNET(curthread);
	tv->wild = non_canonical(VNET_PTR(rt_x));
	if (tv->set != NULL) {
		vnet_thread_set_home(tv->set);
		tv->home_after = TD_TO_VNET(curthread);
		CURVNET_SET(TD_TO_VNET(curthread));
		tv->x = V_rt_x;
		CURVNET_RESTORE();
	}
	return (NULL);
}

RT_TEST(current, a_new_thread_has_no_curvnet_and_vnet0_as_home)
{
	struct vnet *v = vnet_alloc();
	struct thread_view tv = {0};
	pthread_t t;

	cr_assert_not_null(v);
	VNET_VNET(v, rt_x) = 77;
	tv.set = v;
	CURVNET_SET(v);
	cr_assert_eq(pthread_create(&t, NULL, look_around, &tv), 0);
	pthread_join(t, NULL);
	CURVNET_RESTORE();
	cr_expect_null(tv.cur, "a new thread inherited curvnet");
	cr_expect_eq(tv.home, vnet0);
	cr_expect(tv.wild, "V_x in a new thread is a usable address");
	cr_expect_eq(tv.home_after, v);
	cr_expect_eq(tv.x, 77);
	/* Another thread's choice of home is its own. */
	cr_expect_eq(TD_TO_VNET(curthread), vnet0);
	vnet_destroy(v);
}

RT_TEST(current, home_can_be_changed_and_reset)
{
	struct vnet *v = vnet_alloc();

	cr_assert_not_null(v);
	cr_expect_eq(TD_TO_VNET(curthread), vnet0);
	vnet_thread_set_home(v);
	cr_expect_eq(TD_TO_VNET(curthread), v);
	cr_expect_null(curvnet, "setting the home set curvnet");
	vnet_thread_set_home(NULL);
	cr_expect_eq(TD_TO_VNET(curthread), vnet0);
	vnet_destroy(v);
}

struct pingpong {
	struct vnet *mine;
	pthread_barrier_t *bar;
	struct vnet *seen;
	int x;
};

static void *
hold_curvnet(void *arg)
{
	struct pingpong *p = arg;

	CURVNET_SET(p->mine);
	V_rt_x = p->mine->vnet_id * 10;
	/* Both threads have set theirs before either looks. */
	pthread_barrier_wait(p->bar);
	p->seen = curvnet;
	p->x = V_rt_x;
	pthread_barrier_wait(p->bar);
	CURVNET_RESTORE();
	return (NULL);
}

RT_TEST(current, is_per_thread)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();
	pthread_barrier_t bar;
	struct pingpong pa, pb;
	pthread_t ta, tb;

	cr_assert(a != NULL && b != NULL);
	pthread_barrier_init(&bar, NULL, 2);
	pa = (struct pingpong){a, &bar, NULL, 0};
	pb = (struct pingpong){b, &bar, NULL, 0};
	pthread_create(&ta, NULL, hold_curvnet, &pa);
	pthread_create(&tb, NULL, hold_curvnet, &pb);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&bar);
	cr_expect_eq(pa.seen, a);
	cr_expect_eq(pb.seen, b);
	cr_expect_eq(pa.x, (int)a->vnet_id * 10);
	cr_expect_eq(pb.x, (int)b->vnet_id * 10);
	cr_expect_null(curvnet);
	vnet_destroy(a);
	vnet_destroy(b);
}

/* Adds 100 to c's rt_x from inside a nested CURVNET_SET_QUIET. */
static void
inner(struct vnet *c, struct vnet *outer)
{
	CURVNET_SET_QUIET(c);
	cr_expect_eq(curvnet, c);
	cr_expect_eq(saved_vnet, outer, "saved_vnet is not the outer one");
	cr_expect_eq(&V_rt_x, VNET_VNET_PTR(c, rt_x));
	V_rt_x += 100;
	CURVNET_RESTORE();
	cr_expect_eq(curvnet, outer);
}

/* Adds 100 to b's and c's rt_x, the second time by nesting b in b. */
static void
middle(struct vnet *b, struct vnet *c, struct vnet *outer)
{
	int x0;

	CURVNET_SET_VERBOSE(b);
	cr_expect_eq(curvnet, b);
	x0 = V_rt_x;
	inner(c, b);
	cr_expect_eq(V_rt_x, c == b ? x0 + 100 : x0,
	    "restore did not bring back the base");
	inner(b, b);
	cr_expect_eq(V_rt_x, c == b ? x0 + 200 : x0 + 100);
	CURVNET_RESTORE();
	cr_expect_eq(curvnet, outer);
}

RT_TEST(current, set_and_restore_nest)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc(), *c = vnet_alloc();

	cr_assert(a && b && c);
	VNET_VNET(a, rt_x) = 1;
	VNET_VNET(b, rt_x) = 2;
	VNET_VNET(c, rt_x) = 3;
	cr_expect_null(curvnet);
	CURVNET_SET(a);
	cr_expect_eq(V_rt_x, 1);
	middle(b, c, a);
	cr_expect_eq(V_rt_x, 1);
	CURVNET_RESTORE();
	cr_expect_null(curvnet);
	cr_expect(non_canonical(VNET_PTR(rt_x)),
	    "V_x usable again after the outermost restore");
	cr_expect_eq(VNET_VNET(b, rt_x), 102);
	cr_expect_eq(VNET_VNET(c, rt_x), 103);
	vnet_destroy(a);
	vnet_destroy(b);
	vnet_destroy(c);
}

RT_TEST(current, nesting_the_same_instance)
{
	struct vnet *a = vnet_alloc();

	cr_assert_not_null(a);
	VNET_VNET(a, rt_x) = 2;
	CURVNET_SET(a);
	middle(a, a, a);
	cr_expect_eq(V_rt_x, 202);
	CURVNET_RESTORE();
	cr_expect_null(curvnet);
	vnet_destroy(a);
}

RT_TEST(current, assert_set_passes_with_curvnet)
{
	CURVNET_SET(vnet0);
	CURVNET_ASSERT_SET();
	CURVNET_RESTORE();
}

static void
assert_without_curvnet(void *arg)
{
	(void)arg;
	CURVNET_ASSERT_SET();
}

RT_TEST(current, assert_set_fails_without_curvnet)
{
	struct rt_child c;

	cr_assert_eq(rt_run_child(assert_without_curvnet, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT, "exit %d signal %d", c.code,
	    c.signo);
	cr_expect_not_null(strstr(c.err, "assert_without_curvnet"), "%s",
	    c.err);
	cr_expect_not_null(strstr(c.err, "curvnet is not set"), "%s", c.err);
	cr_expect_not_null(strstr(c.err, "curvnet.c:"), "%s", c.err);
}

static void
touch_without_curvnet(void *arg)
{
	(void)arg;
	V_rt_x = 1;
}

static void *
touch_thread(void *arg)
{
	touch_without_curvnet(arg);
	return (NULL);
}

static void
touch_in_new_thread(void *arg)
{
	struct vnet *v = vnet_alloc();
	pthread_t t;

	/* The parent has a curvnet; that must not help the child. */
	CURVNET_SET(v);
	pthread_create(&t, NULL, touch_thread, arg);
	pthread_join(t, NULL);
	CURVNET_RESTORE();
}

RT_TEST(current, access_without_curvnet_faults)
{
	struct rt_child c;

	cr_expect(non_canonical(VNET_PTR(rt_x)), "%p", (void *)VNET_PTR(rt_x));
	cr_assert_eq(rt_run_child(touch_without_curvnet, NULL, &c), 0);
	cr_expect(rt_died_of_segv(&c), "exit %d/%d signal %d/%d: %s", c.exited,
	    c.code, c.signaled, c.signo, c.err);
	cr_assert_eq(rt_run_child(touch_in_new_thread, NULL, &c), 0);
	cr_expect(rt_died_of_segv(&c), "exit %d/%d signal %d/%d: %s", c.exited,
	    c.code, c.signaled, c.signo, c.err);
}

struct fanout {
	int calls;
	struct vnet *seen[8];
};

static void
visit(void *arg)
{
	struct fanout *f = arg;

	V_rt_visits++;
	if (f->calls < 8)
		f->seen[f->calls] = curvnet;
	f->calls++;
}

RT_TEST(current, foreach_call_runs_once_in_every_instance)
{
	struct vnet *v[5];
	struct fanout f = {0};
	int i, j, found;

	for (i = 0; i < 5; i++)
		v[i] = vnet_alloc();
	vnet_foreach_call(visit, &f);
	cr_expect_eq(f.calls, 6);
	cr_expect_null(curvnet);
	cr_expect_eq(VNET_VNET(vnet0, rt_visits), 1);
	for (i = 0; i < 5; i++) {
		cr_expect_eq(VNET_VNET(v[i], rt_visits), 1);
		for (j = found = 0; j < f.calls && j < 8; j++)
			found += f.seen[j] == v[i];
		cr_expect_eq(found, 1);
	}
	for (i = 0; i < 5; i++)
		vnet_destroy(v[i]);
}
