/*
 * dso.c: virtualized data in shared objects.  A library linked with the
 * program joins vnet0's boot; a module dlopen()ed later gets its data
 * copied into every live instance and its constructors run in each, and
 * dlclose() runs its destructors everywhere and forgets it.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <vnet/sysctl.h>
#include <vnet/vnet.h>

#include "dso.h"
#include "rt_util.h"

VNET_DEFINE(int, exe_shared) = 10;

static void
exe_vinit(const char *what)
{
	rt_dso_event(what, curvnet, 1);
}
VNET_SYSINIT(exe_first, SI_SUB_INIT_IF, SI_ORDER_FIRST, exe_vinit, "exe_first");
VNET_SYSINIT(exe_third, SI_SUB_INIT_IF, SI_ORDER_THIRD, exe_vinit, "exe_third");

struct rt_ev {
	char what[16];
	struct vnet *cur;
	int ok;
};
static struct rt_ev ev[4096];
static int nev;
const char *rt_dso_fail_name;

void
rt_dso_event(const char *what, struct vnet *cur, int ok)
{
	if (nev < (int)(sizeof(ev) / sizeof(ev[0]))) {
		snprintf(ev[nev].what, sizeof(ev[nev].what), "%s", what);
		ev[nev].cur = cur;
		ev[nev].ok = ok;
	}
	nev++;
}

/* How many events called what, all from cur unless cur is NULL. */
static int
count_events(const char *what, struct vnet *cur)
{
	int i, n = 0;

	for (i = 0; i < nev; i++)
		if (strcmp(ev[i].what, what) == 0 &&
		    (cur == NULL || ev[i].cur == cur))
			n++;
	return (n);
}

static int
events_ok(void)
{
	int i;

	for (i = 0; i < nev; i++)
		if (!ev[i].ok)
			return (0);
	return (1);
}

int linked_get(struct vnet *);
void linked_set(struct vnet *, int);

/* The module, resolved by name as a plugin would be. */
struct mod {
	void *h;
	int *shared_path;
	int (*get_counter)(struct vnet *);
	void (*set_counter)(struct vnet *, int);
	const char *(*get_name)(struct vnet *);
	struct vnet *(*get_self)(struct vnet *);
	void *(*aligned_addr)(struct vnet *);
	int (*bump_exe)(struct vnet *);
	void (*touch_without_curvnet)(void);
};

static void *
sym(void *h, const char *name)
{
	void *p = dlsym(h, name);

	cr_assert_not_null(p, "%s: %s", name, dlerror());
	return (p);
}

static void
mod_open(struct mod *m, const char *path)
{
	m->h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	cr_assert_not_null(m->h, "%s", dlerror());
	m->shared_path = sym(m->h, "mod_shared_path");
	m->get_counter = (int (*)(struct vnet *))sym(m->h, "mod_get_counter");
	m->set_counter =
	    (void (*)(struct vnet *, int))sym(m->h, "mod_set_counter");
	m->get_name = (const char *(*)(struct vnet *))sym(m->h, "mod_get_name");
	m->get_self =
	    (struct vnet * (*)(struct vnet *)) sym(m->h, "mod_get_self");
	m->aligned_addr =
	    (void *(*)(struct vnet *))sym(m->h, "mod_aligned_addr");
	m->bump_exe = (int (*)(struct vnet *))sym(m->h, "mod_bump_exe");
	m->touch_without_curvnet =
	    (void (*)(void))sym(m->h, "mod_touch_without_curvnet");
}

static void
mod_close(struct mod *m)
{
	cr_assert_eq(dlclose(m->h), 0, "%s", dlerror());
	/* Unloaded means unmapped; a module that stayed would fool us. */
	cr_assert_null(dlopen(RT_MOD_PATH, RTLD_NOW | RTLD_NOLOAD),
	    "the module is still loaded");
	cr_assert_null(dlopen(RT_MOD_DEBUG_PATH, RTLD_NOW | RTLD_NOLOAD),
	    "the debug module is still loaded");
}

/* The module's state in v is what a fresh load gives. */
static void
expect_module_fresh(const struct mod *m, struct vnet *v)
{
	cr_expect_eq(m->get_counter(v), 500, "%s", vnet_name(v));
	cr_expect_str_eq(m->get_name(v), vnet_name(v));
	cr_expect_eq(m->get_self(v), v);
	cr_expect_eq((uintptr_t)m->aligned_addr(v) % 64, 0, "%p",
	    m->aligned_addr(v));
	cr_expect_eq(*(int *)m->aligned_addr(v), 64);
}

RT_TEST(dso, linked_library_joins_the_boot_of_vnet0)
{
	struct vnet *v;
	int i, first = -1, linked = -1, third = -1;

	for (i = 0; i < nev; i++) {
		if (ev[i].cur != vnet0)
			continue;
		if (strcmp(ev[i].what, "exe_first") == 0)
			first = i;
		else if (strcmp(ev[i].what, "linked") == 0)
			linked = i;
		else if (strcmp(ev[i].what, "exe_third") == 0)
			third = i;
	}
	cr_expect(first >= 0 && linked > first && third > linked,
	    "boot order: exe_first %d, linked %d, exe_third %d", first, linked,
	    third);
	cr_expect(events_ok());
	v = vnet_alloc();
	cr_assert_not_null(v);
	cr_expect_eq(count_events("linked", v), 1);
	cr_expect_eq(linked_get(v), 1234);
	linked_set(v, 1);
	cr_expect_eq(linked_get(v), 1);
	cr_expect_eq(linked_get(vnet0), 1234);
	vnet_destroy(v);
}

RT_TEST(dso, dlopen_reaches_every_live_instance_and_dlclose_undoes_it)
{
	struct vnet *v[4], *late;
	struct mod m;
	int i;

	v[0] = vnet0;
	for (i = 1; i < 4; i++)
		v[i] = vnet_alloc();
	nev = 0;
	mod_open(&m, RT_MOD_PATH);
	cr_expect_eq(*m.shared_path, 1,
	    "the module is not position "
	    "independent");
	cr_expect_eq(count_events("load", NULL), 1);
	cr_expect_eq(count_events("vinit", NULL), 4);
	for (i = 0; i < 4; i++) {
		cr_expect_eq(count_events("vinit", v[i]), 1);
		expect_module_fresh(&m, v[i]);
	}
	/* Each instance has its own copy. */
	m.set_counter(v[1], 1);
	m.set_counter(v[2], 2);
	cr_expect_eq(m.get_counter(v[1]), 1);
	cr_expect_eq(m.get_counter(v[2]), 2);
	cr_expect_eq(m.get_counter(v[3]), 500);
	cr_expect_eq(m.get_counter(vnet0), 500);
	/* Instances made later get the module too. */
	late = vnet_alloc();
	cr_assert_not_null(late);
	cr_expect_eq(count_events("vinit", late), 1);
	expect_module_fresh(&m, late);
	nev = 0;
	vnet_destroy(late);
	cr_expect_eq(count_events("vuninit", late), 1);
	nev = 0;
	mod_close(&m);
	cr_expect_eq(count_events("vuninit", NULL), 4);
	for (i = 0; i < 4; i++)
		cr_expect_eq(count_events("vuninit", v[i]), 1);
	cr_expect_eq(count_events("unload", NULL), 1);
	cr_expect_eq(strcmp(ev[nev - 1].what, "unload"), 0,
	    "SYSUNINIT before the VNET_SYSUNINITs");
	cr_expect(events_ok(), "a destructor saw the wrong instance");
	nev = 0;
	late = vnet_alloc();
	cr_expect_eq(count_events("vinit", NULL), 0,
	    "an unloaded module's constructor ran");
	vnet_destroy(late);
	for (i = 1; i < 4; i++)
		vnet_destroy(v[i]);
}

RT_TEST(dso, module_base_tables_grow_with_the_instances)
{
	struct vnet *v[300];
	struct mod m;
	int i;

	mod_open(&m, RT_MOD_PATH);
	for (i = 0; i < 300; i++) {
		v[i] = vnet_alloc();
		cr_assert_not_null(v[i]);
		m.set_counter(v[i], i);
	}
	for (i = 0; i < 300; i++) {
		cr_expect_eq(m.get_counter(v[i]), i);
		cr_expect_eq(m.get_self(v[i]), v[i]);
		cr_expect_eq((uintptr_t)m.aligned_addr(v[i]) % 64, 0);
	}
	cr_expect_eq(m.get_counter(vnet0), 500);
	for (i = 0; i < 300; i += 2)
		vnet_destroy(v[i]);
	nev = 0;
	mod_close(&m);
	cr_expect_eq(count_events("vuninit", NULL), 151);
	for (i = 1; i < 300; i += 2)
		vnet_destroy(v[i]);
}

RT_TEST(dso, reloading_starts_from_the_master_again)
{
	struct mod m;

	mod_open(&m, RT_MOD_PATH);
	m.set_counter(vnet0, 9);
	mod_close(&m);
	mod_open(&m, RT_MOD_PATH);
	cr_expect_eq(m.get_counter(vnet0), 500);
	mod_close(&m);
}

RT_TEST(dso, module_knobs_come_and_go)
{
	struct vnet *v = vnet_alloc();
	char buf[32];
	struct mod m;

	cr_assert_not_null(v);
	cr_expect_eq(vnet_sysctl_get(v, "net.rtmod_counter", buf, sizeof(buf)),
	    ENOENT);
	mod_open(&m, RT_MOD_PATH);
	cr_expect_eq(vnet_sysctl_get(v, "net.rtmod_counter", buf, sizeof(buf)),
	    0);
	cr_expect_str_eq(buf, "500");
	cr_expect_eq(vnet_sysctl_set(v, "net.rtmod_counter", "3"), 0);
	cr_expect_eq(m.get_counter(v), 3);
	cr_expect_eq(m.get_counter(vnet0), 500);
	mod_close(&m);
	cr_expect_eq(vnet_sysctl_get(v, "net.rtmod_counter", buf, sizeof(buf)),
	    ENOENT);
	vnet_destroy(v);
}

RT_TEST(dso, module_symbols_come_and_go)
{
	struct mod m;
	size_t size;
	void *p;

	cr_expect_eq(vnet_symbol_lookup(vnet0, "mod_counter", &p, &size),
	    ENOENT);
	mod_open(&m, RT_MOD_PATH);
	cr_assert_eq(vnet_symbol_lookup(vnet0, "mod_counter", &p, &size), 0);
	cr_expect_eq(size, sizeof(int));
	m.set_counter(vnet0, 77);
	cr_expect_eq(*(int *)p, 77);
	mod_close(&m);
	cr_expect_eq(vnet_symbol_lookup(vnet0, "mod_counter", &p, &size),
	    ENOENT);
}

RT_TEST(dso, module_reaches_a_variable_of_the_executable)
{
	struct vnet *v = vnet_alloc();
	struct mod m;

	cr_assert_not_null(v);
	mod_open(&m, RT_MOD_PATH);
	cr_expect_eq(m.bump_exe(v), 11);
	cr_expect_eq(m.bump_exe(v), 12);
	cr_expect_eq(VNET_VNET(v, exe_shared), 12);
	cr_expect_eq(VNET_VNET(vnet0, exe_shared), 10);
	cr_expect_eq(m.bump_exe(vnet0), 11);
	mod_close(&m);
	vnet_destroy(v);
}

RT_TEST_WITH(dso, failing_late_constructor_leaves_the_module_out,
    .init = cr_redirect_stderr)
{
	struct vnet *v[3];
	char buf[32], err[1024];
	struct mod m;
	size_t n;
	void *h;
	int i;

	v[0] = vnet_alloc();
	v[1] = vnet_alloc_named("modfail");
	v[2] = vnet_alloc();
	rt_dso_fail_name = "modfail";
	nev = 0;
	h = dlopen(RT_MOD_PATH, RTLD_NOW | RTLD_LOCAL);
	cr_assert_not_null(h, "%s", dlerror());
	/* Whatever ran was undone, once, in the instance it ran in. */
	cr_expect_gt(count_events("vinit", NULL), 0);
	cr_expect_eq(count_events("vinit", NULL),
	    count_events("vuninit", NULL));
	for (i = 0; i < 3; i++)
		cr_expect_eq(count_events("vinit", v[i]),
		    count_events("vuninit", v[i]));
	cr_expect_eq(count_events("vinit", vnet0),
	    count_events("vuninit", vnet0));
	cr_expect_eq(count_events("load", NULL), 1);
	cr_expect_eq(count_events("unload", NULL), 1);
	cr_expect(events_ok());
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rtmod_counter", buf,
			 sizeof(buf)),
	    ENOENT);
	fflush(stderr);
	n = fread(err, 1, sizeof(err) - 1, cr_get_redirected_stderr());
	err[n] = '\0';
	cr_expect_not_null(strstr(err, "failed for modfail"), "%s", err);
	cr_expect_not_null(strstr(err, "not attached"), "%s", err);
	nev = 0;
	dlclose(h);
	cr_expect_eq(nev, 0, "a detached module's destructors ran again");
	/* Unloading forgets the failure: the next load is a new try. */
	rt_dso_fail_name = NULL;
	mod_open(&m, RT_MOD_PATH);
	for (i = 0; i < 3; i++)
		expect_module_fresh(&m, v[i]);
	mod_close(&m);
	for (i = 0; i < 3; i++)
		vnet_destroy(v[i]);
}

static void
touch_release(void *arg)
{
	struct mod m;

	(void)arg;
	mod_open(&m, RT_MOD_PATH);
	m.touch_without_curvnet();
}

static void
touch_debug(void *arg)
{
	struct mod m;

	(void)arg;
	mod_open(&m, RT_MOD_DEBUG_PATH);
	m.touch_without_curvnet();
}

RT_TEST(dso, module_access_without_curvnet_fails)
{
	struct rt_child c;

	cr_assert_eq(rt_run_child(touch_release, NULL, &c), 0);
	cr_expect(rt_died_of_segv(&c), "exit %d/%d signal %d/%d: %s", c.exited,
	    c.code, c.signaled, c.signo, c.err);
	cr_assert_eq(rt_run_child(touch_debug, NULL, &c), 0);
	cr_expect(c.signaled && c.signo == SIGABRT);
	cr_expect_not_null(strstr(c.err, "dso_mod.c:"), "%s", c.err);
	cr_expect_not_null(strstr(c.err, "V_mod_counter used with no curvnet"),
	    "%s", c.err);
}

RT_TEST(dso, debug_build_of_a_module_works_the_same)
{
	struct vnet *v = vnet_alloc();
	struct mod m;

	cr_assert_not_null(v);
	mod_open(&m, RT_MOD_DEBUG_PATH);
	expect_module_fresh(&m, vnet0);
	expect_module_fresh(&m, v);
	m.set_counter(v, 5);
	cr_expect_eq(m.get_counter(v), 5);
	cr_expect_eq(m.get_counter(vnet0), 500);
	cr_expect_eq(m.bump_exe(v), 11);
	mod_close(&m);
	vnet_destroy(v);
}
