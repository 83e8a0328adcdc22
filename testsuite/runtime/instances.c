/*
 * instances.c: creating, naming, finding and destroying instances, at
 * the scale the performance targets promise.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vnet/vnet.h>

#include "rt_util.h"

VNET_DEFINE_STATIC(long, rt_val) = -1;
VNET_DEFINE_STATIC(char, rt_tag[12]) = "fresh";
VNET_DEFINE_STATIC(int, rt_seen);
#define V_rt_val  VNET(rt_val)
#define V_rt_tag  VNET(rt_tag)
#define V_rt_seen VNET(rt_seen)

#define MANY 10000

RT_TEST(instances, vnet0_exists_and_is_the_default)
{
	struct vnet *v;

	cr_assert_not_null(vnet0);
	cr_expect_str_eq(vnet_name(vnet0), "vnet0");
	cr_expect(IS_DEFAULT_VNET(vnet0));
	cr_expect_eq(vnet_count(), 1);
	cr_expect_eq(vnet_lookup_name("vnet0"), vnet0);
	cr_expect_eq(vnet_lookup_id(vnet0->vnet_id), vnet0);
	v = vnet_alloc();
	cr_assert_not_null(v);
	cr_expect_not(IS_DEFAULT_VNET(v));
	vnet_destroy(v);
}

RT_TEST(instances, names_and_ids)
{
	struct vnet *a, *b;
	char name[16] = "red", expect[32];

	a = vnet_alloc_named(name);
	/* The name is copied, not borrowed. */
	strcpy(name, "XXX");
	b = vnet_alloc();
	cr_assert(a != NULL && b != NULL);
	cr_expect_str_eq(vnet_name(a), "red");
	snprintf(expect, sizeof(expect), "vnet%u", b->vnet_id);
	cr_expect_str_eq(vnet_name(b), expect);
	cr_expect_neq(a->vnet_id, 0);
	cr_expect_neq(b->vnet_id, 0);
	cr_expect_neq(a->vnet_id, b->vnet_id);
	cr_expect_neq(a->vnet_id, vnet0->vnet_id);
	cr_expect_eq(vnet_lookup_name("red"), a);
	cr_expect_eq(vnet_lookup_name(expect), b);
	cr_expect_eq(vnet_lookup_id(a->vnet_id), a);
	cr_expect_null(vnet_lookup_name("XXX"));
	cr_expect_eq(vnet_count(), 3);
	vnet_destroy(a);
	cr_expect_null(vnet_lookup_name("red"));
	cr_expect_eq(vnet_count(), 2);
	vnet_destroy(b);
	cr_expect_eq(vnet_count(), 1);
	cr_expect_str_eq(vnet_name(NULL), "(none)");
}

RT_TEST_WITH(instances, ten_thousand_with_distinct_values, .timeout = 600)
{
	struct vnet **v = calloc(MANY, sizeof(*v));
	VNET_ITERATOR_DECL(it);
	int i, seen = 0, bad = 0;

	cr_assert_not_null(v);
	for (i = 0; i < MANY; i++) {
		v[i] = vnet_alloc();
		cr_assert_not_null(v[i], "instance %d", i);
		CURVNET_SET(v[i]);
		cr_assert_eq(V_rt_val, -1, "instance %d not fresh", i);
		V_rt_val = 7L * i + 1;
		snprintf(V_rt_tag, sizeof(V_rt_tag), "t%d", i);
		CURVNET_RESTORE();
	}
	cr_expect_eq(vnet_count(), MANY + 1);
	for (i = 0; i < MANY; i++) {
		CURVNET_SET(v[i]);
		if (V_rt_val != 7L * i + 1 || atoi(V_rt_tag + 1) != i)
			bad++;
		CURVNET_RESTORE();
		if (VNET_VNET(v[i], rt_val) != 7L * i + 1)
			bad++;
	}
	cr_expect_eq(bad, 0, "%d wrong values", bad);
	cr_expect_eq(VNET_VNET(vnet0, rt_val), -1);
	VNET_LIST_RLOCK();
	VNET_FOREACH(it) {
		CURVNET_SET(it);
		V_rt_seen++;
		seen++;
		CURVNET_RESTORE();
	}
	VNET_LIST_RUNLOCK();
	cr_expect_eq(seen, MANY + 1);
	for (i = 0; i < MANY; i++)
		if (VNET_VNET(v[i], rt_seen) != 1)
			bad++;
	cr_expect_eq(bad, 0, "%d instances visited other than once", bad);
	for (i = 0; i < MANY; i++)
		vnet_destroy(v[i]);
	cr_expect_eq(vnet_count(), 1);
	free(v);
}

RT_TEST(instances, destroyed_instance_leaves_nothing_behind)
{
	struct vnet *v[100];
	uint32_t maxid = 0;
	int i;

	for (i = 0; i < 100; i++) {
		v[i] = vnet_alloc();
		cr_assert_not_null(v[i]);
		if (v[i]->vnet_id > maxid)
			maxid = v[i]->vnet_id;
		VNET_VNET(v[i], rt_val) = 1000 + i;
		strcpy(VNET_VNET(v[i], rt_tag), "used");
	}
	for (i = 0; i < 100; i++)
		vnet_destroy(v[i]);
	/* Ids are reused, and what is reused starts from the master. */
	for (i = 0; i < 100; i++) {
		v[i] = vnet_alloc();
		cr_assert_not_null(v[i]);
		cr_expect_leq(v[i]->vnet_id, maxid);
		cr_expect_eq(VNET_VNET(v[i], rt_val), -1);
		cr_expect_str_eq(VNET_VNET(v[i], rt_tag), "fresh");
	}
	for (i = 0; i < 100; i++)
		vnet_destroy(v[i]);
}

RT_TEST(instances, every_live_instance_is_listed_once)
{
	struct vnet *v[20];
	VNET_ITERATOR_DECL(it);
	int i, found[20] = {0}, others = 0;

	for (i = 0; i < 20; i++)
		v[i] = vnet_alloc();
	for (i = 0; i < 20; i += 2)
		vnet_destroy(v[i]);
	VNET_LIST_RLOCK_NOSLEEP();
	VNET_FOREACH(it) {
		for (i = 0; i < 20 && it != v[i]; i++)
			;
		if (i < 20)
			found[i]++;
		else
			others++;
	}
	VNET_LIST_RUNLOCK_NOSLEEP();
	for (i = 0; i < 20; i++)
		cr_expect_eq(found[i], i % 2, "instance %d listed %d times", i,
		    found[i]);
	cr_expect_eq(others, 1, "vnet0 and nothing else besides");
	for (i = 1; i < 20; i += 2)
		vnet_destroy(v[i]);
}

static void
destroy_vnet0(void *arg)
{
	(void)arg;
	vnet_destroy(vnet0);
}

static void
destroy_curvnet(void *arg)
{
	struct vnet *v = vnet_alloc_named("busy");

	(void)arg;
	CURVNET_SET(v);
	vnet_destroy(v);
	CURVNET_RESTORE();
}

RT_TEST(instances, destroying_vnet0_or_curvnet_is_refused)
{
	struct rt_child c;

	cr_assert_eq(rt_run_child(destroy_vnet0, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT, "status %d/%d", c.code,
	    c.signo);
	cr_expect_not_null(strstr(c.err, "vnet0 cannot be destroyed"), "%s",
	    c.err);
	cr_assert_eq(rt_run_child(destroy_curvnet, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT);
	cr_expect_not_null(strstr(c.err, "busy is this thread's curvnet"), "%s",
	    c.err);
}

static void
rebase_into_fake(void *arg)
{
	struct vnet fake = {0, 1, 0};

	(void)arg;
	VNET_VNET(&fake, rt_val) = 1;
}

RT_TEST(instances, master_addresses_rebase_into_the_named_instance)
{
	struct vnet *v = vnet_alloc();
	struct rt_child c;

	cr_assert_not_null(v);
	VNET_VNET(v, rt_val) = 42;
	cr_expect_eq(vnet_instance_addr(v, (uintptr_t)&VNET_NAME(rt_val)),
	    (void *)VNET_VNET_PTR(v, rt_val));
	cr_expect_eq(*(long *)vnet_instance_addr(v,
			 (uintptr_t)&VNET_NAME(rt_val)),
	    42);
	cr_expect_eq(vnet_instance_addr(vnet0, (uintptr_t)VNET_NAME(rt_tag)),
	    (void *)VNET_VNET(vnet0, rt_tag));
	vnet_destroy(v);
	cr_assert_eq(rt_run_child(rebase_into_fake, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT, "status %d/%d", c.code,
	    c.signo);
	cr_expect_not_null(strstr(c.err, "VNET_VNET_PTR: "), "%s", c.err);
	cr_expect_not_null(strstr(c.err, "is not a vnet"), "%s", c.err);
}

RT_TEST(instances, lookups_that_find_nothing_say_why)
{
	errno = 0;
	cr_expect_null(vnet_lookup_name(NULL));
	cr_expect_eq(errno, EINVAL);
	errno = 0;
	cr_expect_null(vnet_lookup_name("nosuch"));
	cr_expect_eq(errno, ENOENT);
	errno = 0;
	cr_expect_null(vnet_lookup_id(0));
	cr_expect_eq(errno, ENOENT);
	cr_expect_eq(vnet_lookup_name("vnet0"), vnet0);
}

static void
destroy_under_list_lock(void *arg)
{
	struct vnet *v = vnet_alloc_named("listed");

	(void)arg;
	alarm(10); /* a deadlock ends the child too, if not as expected */
	VNET_LIST_RLOCK();
	vnet_destroy(v);
	VNET_LIST_RUNLOCK();
}

static void
home_in_fake(void *arg)
{
	struct vnet fake = {0, 1, 0};

	(void)arg;
	vnet_thread_set_home(&fake);
}

RT_TEST(instances, what_would_deadlock_or_corrupt_is_refused)
{
	struct rt_child c;

	cr_assert_eq(rt_run_child(destroy_under_list_lock, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT, "status %d/%d: %s", c.code,
	    c.signo, c.err);
	cr_expect_not_null(
	    strstr(c.err,
		"vnet_destroy(listed) while this thread holds "
		"the vnet list lock (VNET_LIST_RLOCK; VNET_DEBUG "
		"names the place)"),
	    "%s", c.err);
	cr_assert_eq(rt_run_child(home_in_fake, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT, "status %d/%d", c.code,
	    c.signo);
	cr_expect_not_null(strstr(c.err, "vnet_thread_set_home: "), "%s",
	    c.err);
	/* Not a mistake: back to vnet0. */
	vnet_thread_set_home(NULL);
	cr_expect_eq(TD_TO_VNET(curthread), vnet0);
}

struct doomed {
	struct vnet *v;
	atomic_int destroyed;
};

static void *
destroyer(void *arg)
{
	struct doomed *d = arg;

	vnet_destroy(d->v);
	atomic_store(&d->destroyed, 1);
	return (NULL);
}

/* The contract vnet.h gives a lookup's result: the list lock keeps it. */
RT_TEST(instances, a_lookup_under_the_list_lock_lives_until_the_unlock)
{
	struct doomed d = {vnet_alloc_named("held"), 0};
	struct vnet *found;
	pthread_t t;

	cr_assert_not_null(d.v);
	VNET_LIST_RLOCK();
	found = vnet_lookup_name("held");
	cr_assert_eq(found, d.v);
	cr_assert_eq(pthread_create(&t, NULL, destroyer, &d), 0);
	usleep(200000);
	cr_expect_not(atomic_load(&d.destroyed), "destroyed under the lock");
	cr_expect_eq(found->vnet_magic_n, VNET_MAGIC_N);
	cr_expect_str_eq(vnet_name(found), "held");
	VNET_LIST_RUNLOCK();
	pthread_join(t, NULL);
	cr_expect(atomic_load(&d.destroyed));
	cr_expect_null(vnet_lookup_name("held"));
}
