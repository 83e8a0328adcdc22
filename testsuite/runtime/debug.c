/*
 * debug.c: the checks of VNET_DEBUG builds (this file is compiled with
 * it).  Each failure must stop the program with a message that names
 * the place to fix: the variable and line for a V_x without curvnet, the
 * function and line of a CURVNET_SET or CURVNET_RESTORE gone wrong.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vnet/vnet.h>

#include "rt_util.h"

#ifndef VNET_DEBUG
#error "debug.c tests the VNET_DEBUG build of the macros"
#endif

VNET_DEFINE_STATIC(int, dbg_x) = 8;
#define V_dbg_x VNET(dbg_x)

/* The child announces the line of its fatal access before making it. */
static int
announced_line(const char *err)
{
	const char *p = strstr(err, "line=");

	return (p != NULL ? atoi(p + 5) : -1);
}

static void
touch(void *arg)
{
	(void)arg;
	fprintf(stderr, "line=%d\n", __LINE__ + 1);
	V_dbg_x = 1;
}

static void *
touch_thread(void *arg)
{
	touch(arg);
	return (NULL);
}

static void
touch_in_new_thread(void *arg)
{
	pthread_t t;

	CURVNET_SET(vnet0);
	pthread_create(&t, NULL, touch_thread, arg);
	pthread_join(t, NULL);
	CURVNET_RESTORE();
}

static void
expect_named_fault(const struct rt_child *c)
{
	char where[64];

	cr_expect(c->signaled && c->signo == SIGABRT, "exit %d signal %d",
	    c->code, c->signo);
	snprintf(where, sizeof(where), "debug.c:%d: V_dbg_x",
	    announced_line(c->err));
	cr_expect_not_null(strstr(c->err, where), "no \"%s\" in: %s", where,
	    c->err);
	cr_expect_not_null(strstr(c->err, "no curvnet"), "%s", c->err);
}

RT_TEST(debug, access_without_curvnet_names_the_variable_and_line)
{
	struct rt_child c;

	cr_assert_eq(rt_run_child(touch, NULL, &c), 0);
	expect_named_fault(&c);
	cr_assert_eq(rt_run_child(touch_in_new_thread, NULL, &c), 0);
	expect_named_fault(&c);
}

RT_TEST(debug, access_with_curvnet_reaches_the_instance)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();

	cr_assert(a != NULL && b != NULL);
	{
		CURVNET_SET(a);
		cr_expect_eq(V_dbg_x, 8);
		V_dbg_x = 1;
		CURVNET_RESTORE();
	}
	{
		CURVNET_SET(b);
		V_dbg_x = 2;
		cr_expect_eq(&V_dbg_x, VNET_VNET_PTR(b, dbg_x));
		CURVNET_RESTORE();
	}
	cr_expect_eq(VNET_VNET(a, dbg_x), 1);
	cr_expect_eq(VNET_VNET(b, dbg_x), 2);
	cr_expect_eq(VNET_VNET(vnet0, dbg_x), 8);
	vnet_destroy(a);
	vnet_destroy(b);
}

static void
set_fake(void *arg)
{
	struct vnet fake = {0, 1, 0};

	(void)arg;
	CURVNET_SET(&fake);
	CURVNET_RESTORE();
}

static void
access_corrupt(void *arg)
{
	struct vnet *v = vnet_alloc();

	(void)arg;
	CURVNET_SET(v);
	v->vnet_magic_n = 0;
	V_dbg_x = 1;
	CURVNET_RESTORE();
}

static void
restore_corrupt(void *arg)
{
	struct vnet *v = vnet_alloc();

	(void)arg;
	CURVNET_SET(v);
	v->vnet_magic_n = 0;
	CURVNET_RESTORE();
}

RT_TEST(debug, magic_numbers_are_checked)
{
	struct rt_child c;

	cr_assert_eq(rt_run_child(set_fake, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT);
	cr_expect_not_null(strstr(c.err, "set_fake(): CURVNET_SET of"), "%s",
	    c.err);
	cr_expect_not_null(strstr(c.err, "which is not a vnet"), "%s", c.err);
	cr_assert_eq(rt_run_child(access_corrupt, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT);
	cr_expect_not_null(strstr(c.err, "V_dbg_x: curvnet"), "%s", c.err);
	cr_expect_not_null(strstr(c.err, "is not a vnet"), "%s", c.err);
	cr_assert_eq(rt_run_child(restore_corrupt, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT);
	cr_expect_not_null(strstr(c.err, "restore_corrupt(): CURVNET_RESTORE"),
	    "%s", c.err);
}

static int recurse_line, other_line;

static void
recurse_here(struct vnet *v)
{
	CURVNET_SET(v);
	recurse_line = __LINE__ - 1;
	CURVNET_RESTORE();
}

static void
recurse_there(struct vnet *v)
{
	CURVNET_SET(v);
	other_line = __LINE__ - 1;
	CURVNET_RESTORE();
}

static void
recurse_quietly(struct vnet *v)
{
	CURVNET_SET_QUIET(v);
	CURVNET_RESTORE();
}

static char *
redirected_stderr(void)
{
	static char buf[8192];
	size_t n;

	fflush(stderr);
	n = fread(buf, 1, sizeof(buf) - 1, cr_get_redirected_stderr());
	buf[n] = '\0';
	return (buf);
}

RT_TEST_WITH(debug, recursion_is_logged_once_per_site,
    .init = cr_redirect_stderr)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();
	char here[64], there[64];
	const char *err;
	int i;

	cr_assert(a != NULL && b != NULL);
	/* Not a recursion: nothing was set. */
	recurse_here(a);
	recurse_quietly(a);
	CURVNET_SET(a);
	for (i = 0; i < 3; i++) {
		recurse_here(b);
		recurse_there(a);
		recurse_quietly(b);
	}
	CURVNET_RESTORE();
	err = redirected_stderr();
	snprintf(here, sizeof(here), "debug.c:%d: recurse_here(): CURVNET_SET",
	    recurse_line);
	snprintf(there, sizeof(there),
	    "debug.c:%d: recurse_there(): CURVNET_SET", other_line);
	cr_expect_eq(rt_count(err, here), 1, "\"%s\" in: %s", here, err);
	cr_expect_eq(rt_count(err, there), 1, "\"%s\" in: %s", there, err);
	cr_expect_eq(rt_count(err, "recursed"), 2, "%s", err);
	cr_expect_null(strstr(err, "recurse_quietly"), "%s", err);
	vnet_destroy(a);
	vnet_destroy(b);
}

/* The classic bug: an early return that skips the restore. */
static void
leave_early(struct vnet *v, int early)
{
	CURVNET_SET(v);
	if (early)
		return;
	CURVNET_RESTORE();
}

static void
unbalanced(void *arg)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();

	(void)arg;
	CURVNET_SET(a);
	leave_early(b, 0);
	leave_early(b, 1);
	CURVNET_RESTORE();
}

RT_TEST(debug, unbalanced_restore_is_detected)
{
	struct rt_child c;

	cr_assert_eq(rt_run_child(unbalanced, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT, "exit %d signal %d", c.code,
	    c.signo);
	cr_expect_not_null(strstr(c.err,
			       "unbalanced(): unbalanced "
			       "CURVNET_RESTORE"),
	    "%s", c.err);
	cr_expect_not_null(strstr(c.err, "curvnet is vnet"), "%s", c.err);
}

/* Destroying takes the list lock exclusive: this would wait for itself. */
static void
destroy_while_iterating(void *arg)
{
	struct vnet *v = vnet_alloc_named("victim");

	(void)arg;
	alarm(10); /* a deadlock ends the child too, if not as expected */
	fprintf(stderr, "line=%d\n", __LINE__ + 1);
	VNET_LIST_RLOCK();
	vnet_destroy(v);
	VNET_LIST_RUNLOCK();
}

static void
alloc_while_iterating(void *arg)
{
	VNET_ITERATOR_DECL(it);

	(void)arg;
	alarm(10);
	fprintf(stderr, "line=%d\n", __LINE__ + 1);
	VNET_LIST_RLOCK_NOSLEEP();
	VNET_FOREACH(it) {
		/* Nested: the message names the outer one. */
		VNET_LIST_RLOCK();
		(void)vnet_alloc();
		VNET_LIST_RUNLOCK();
	}
	VNET_LIST_RUNLOCK_NOSLEEP();
}

static void
destroy_self(void *arg)
{
	vnet_destroy(arg);
}

static void
destroy_from_foreach_call(void *arg)
{
	(void)arg;
	alarm(10);
	vnet_foreach_call(destroy_self, vnet_alloc_named("victim"));
}

/* The child stops with the message; %d in what is its announced line. */
static void
expect_deadlock_refused(void (*fn)(void *), const char *what)
{
	struct rt_child c;
	char want[256];

	cr_assert_eq(rt_run_child(fn, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT, "exit %d signal %d: %s",
	    c.code, c.signo, c.err);
	snprintf(want, sizeof(want), what, announced_line(c.err));
	cr_expect_not_null(strstr(c.err, want), "no \"%s\" in: %s", want,
	    c.err);
}

RT_TEST(debug, creating_or_destroying_under_the_list_lock_is_refused)
{
	expect_deadlock_refused(destroy_while_iterating,
	    "vnet: vnet_destroy(victim) while this thread holds the vnet list "
	    "lock (VNET_LIST_RLOCK at " __FILE__ ":%d)");
	expect_deadlock_refused(alloc_while_iterating,
	    "vnet: vnet_alloc while this thread holds the vnet list "
	    "lock (VNET_LIST_RLOCK at " __FILE__ ":%d)");
	expect_deadlock_refused(destroy_from_foreach_call,
	    "vnet: vnet_destroy(victim) while this thread holds the vnet list "
	    "lock (in vnet_foreach_call())");
}
