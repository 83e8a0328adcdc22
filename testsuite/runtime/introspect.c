/*
 * introspect.c: what a netstat-like tool needs: a virtualized symbol's
 * address in a chosen instance (statics included), the list of
 * instances, and the order constructors run in.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vnet/vnet.h>

#include "rt_util.h"

VNET_DEFINE(int, isp_global) = 1;
VNET_DEFINE_STATIC(long, isp_static[4]) = {4, 3, 2, 1};
VNET_DEFINE_STATIC(char, isp_text[24]) = "introspect";

static void
isp_noop(const void *unused)
{
	(void)unused;
}
VNET_SYSINIT(isp_late, SI_SUB_PROTO_END, SI_ORDER_ANY, isp_noop, NULL);
VNET_SYSINIT(isp_early, SI_SUB_VNET, SI_ORDER_SECOND, isp_noop, NULL);
VNET_SYSUNINIT(isp_late, SI_SUB_PROTO_END, SI_ORDER_ANY, isp_noop, NULL);
VNET_SYSUNINIT(isp_early, SI_SUB_VNET, SI_ORDER_SECOND, isp_noop, NULL);

static void
isp_plain(const void *unused)
{
	(void)unused;
}
SYSINIT(isp_plain, SI_SUB_INIT_IF, SI_ORDER_MIDDLE, isp_plain, NULL);
SYSUNINIT(isp_plain, SI_SUB_INIT_IF, SI_ORDER_MIDDLE, isp_plain, NULL);

RT_TEST(introspect, symbols_are_found_in_the_chosen_instance)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();
	size_t size = 0;
	void *p = NULL;

	cr_assert(a != NULL && b != NULL);
	cr_assert_eq(vnet_symbol_lookup(a, "isp_global", &p, &size), 0);
	cr_expect_eq(p, VNET_VNET_PTR(a, isp_global));
	cr_expect_eq(size, sizeof(int));
	cr_assert_eq(vnet_symbol_lookup(b, "isp_static", &p, &size), 0);
	cr_expect_eq(p, VNET_VNET_PTR(b, isp_static), "a static is missed");
	cr_expect_eq(size, 4 * sizeof(long));
	cr_expect_eq(((long *)p)[0], 4);
	VNET_VNET(b, isp_static)[0] = 40;
	cr_assert_eq(vnet_symbol_lookup(b, "isp_static", &p, NULL), 0);
	cr_expect_eq(((long *)p)[0], 40);
	cr_assert_eq(vnet_symbol_lookup(vnet0, "isp_text", &p, &size), 0);
	cr_expect_str_eq(p, "introspect");
	cr_expect_eq(vnet_symbol_lookup(a, "isp_nosuch", &p, &size), ENOENT);
	/* The prefix is the runtime's business, not the caller's. */
	cr_expect_eq(vnet_symbol_lookup(a, "vnet_entry_isp_global", &p, &size),
	    ENOENT);
	vnet_destroy(a);
	vnet_destroy(b);
}

RT_TEST(introspect, lookup_refuses_what_is_not_an_instance)
{
	struct vnet fake = {0, 1, 0};
	void *p;

	cr_expect_eq(vnet_symbol_lookup(NULL, "isp_global", &p, NULL), EINVAL);
	cr_expect_eq(vnet_symbol_lookup(&fake, "isp_global", &p, NULL), EINVAL);
}

RT_TEST(introspect, null_arguments_are_refused)
{
	void *p;

	cr_expect_eq(vnet_symbol_lookup(vnet0, NULL, &p, NULL), EINVAL);
	cr_expect_eq(vnet_symbol_lookup(vnet0, "isp_global", NULL, NULL),
	    EINVAL);
	cr_expect_eq(vnet_symbol_foreach(NULL, NULL), EINVAL);
	cr_expect_eq(vnet_sysinit_foreach(NULL, NULL), EINVAL);
}

struct seen {
	int global, stat, text, other;
};

static int
see(const char *name, uintptr_t master, size_t size, void *arg)
{
	struct seen *s = arg;

	if (strcmp(name, "isp_global") == 0)
		s->global += master == (uintptr_t)&VNET_NAME(isp_global) &&
		    size == sizeof(int);
	else if (strcmp(name, "isp_static") == 0)
		s->stat += master == (uintptr_t)&VNET_NAME(isp_static) &&
		    size == sizeof(VNET_NAME(isp_static));
	else if (strcmp(name, "isp_text") == 0)
		s->text++;
	else
		s->other++;
	return (0);
}

static int
stop_at_two(const char *name, uintptr_t master, size_t size, void *arg)
{
	(void)name;
	(void)master;
	(void)size;
	return (++*(int *)arg == 2 ? 42 : 0);
}

RT_TEST(introspect, every_definition_is_listed_once)
{
	struct seen s = {0};
	int calls = 0;

	cr_expect_eq(vnet_symbol_foreach(see, &s), 0);
	cr_expect_eq(s.global, 1);
	cr_expect_eq(s.stat, 1);
	cr_expect_eq(s.text, 1);
	cr_expect_eq(s.other, 0, "%d definitions not in this file", s.other);
	cr_expect_eq(vnet_symbol_foreach(stop_at_two, &calls), 42);
	cr_expect_eq(calls, 2);
}

struct order {
	struct vnet_sysinit_info info[64];
	int n;
};

static int
keep(const struct vnet_sysinit_info *si, void *arg)
{
	struct order *o = arg;

	/* The strings are valid during the call only: keep copies. */
	if (o->n < 64) {
		o->info[o->n] = *si;
		o->info[o->n].name = strdup(si->name);
		o->info[o->n].file = strdup(si->file);
		o->n++;
	}
	return (0);
}

static void
order_free(struct order *o)
{
	int i;

	for (i = 0; i < o->n; i++) {
		free((char *)(uintptr_t)o->info[i].name);
		free((char *)(uintptr_t)o->info[i].file);
	}
}

static int
find(const struct order *o, int kind, const char *name)
{
	int i;

	for (i = 0; i < o->n; i++)
		if (o->info[i].kind == kind &&
		    strcmp(o->info[i].name, name) == 0)
			return (i);
	return (-1);
}

static int
key_cmp(const struct vnet_sysinit_info *a, const struct vnet_sysinit_info *b)
{
	if (a->subsystem != b->subsystem)
		return (a->subsystem < b->subsystem ? -1 : 1);
	return (a->order < b->order ? -1 : a->order > b->order);
}

RT_TEST(introspect, constructor_order_is_reported)
{
	struct order o = {0};
	int i, early, late, plain;

	cr_assert_eq(vnet_sysinit_foreach(keep, &o), 0);
	cr_assert_eq(o.n, 6);
	/* Constructors in the order they run, then destructors. */
	for (i = 0; i < 3; i++)
		cr_expect_lt(o.info[i].kind, 2);
	for (i = 3; i < 6; i++)
		cr_expect_geq(o.info[i].kind, 2);
	for (i = 1; i < 3; i++)
		cr_expect_leq(key_cmp(&o.info[i - 1], &o.info[i]), 0);
	for (i = 4; i < 6; i++)
		cr_expect_geq(key_cmp(&o.info[i - 1], &o.info[i]), 0);
	early = find(&o, 1, "isp_noop");
	plain = find(&o, 0, "isp_plain");
	cr_expect(early >= 0 && plain > early, "%d %d", early, plain);
	cr_expect_eq(o.info[early].subsystem, SI_SUB_VNET);
	cr_expect_eq(o.info[early].order, SI_ORDER_SECOND);
	cr_expect_not_null(strstr(o.info[early].file, "introspect.c"));
	cr_expect_gt(o.info[early].line, 0);
	late = find(&o, 3, "isp_noop");
	cr_expect_eq(late, 3, "the last constructor's destructor runs first");
	cr_expect_eq(o.info[late].subsystem, SI_SUB_PROTO_END);
	cr_expect_eq(find(&o, 2, "isp_plain"), 4);
	order_free(&o);
}

static char *
dump(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	cr_assert_not_null(f);
	vnet_dump(f);
	fclose(f);
	return (text);
}

RT_TEST(introspect, dump_shows_modules_instances_and_order)
{
	struct vnet *v = vnet_alloc_named("dumped");
	char *text, *mods, *inst, *order, *first, *plain, line[64];

	cr_assert_not_null(v);
	text = dump();
	mods = strstr(text, "modules:");
	inst = strstr(text, "instances:");
	order = strstr(text, "constructor order:");
	cr_assert(mods != NULL && inst > mods && order > inst, "%s", text);
	cr_expect_not_null(strstr(mods, "(executable)"), "%s", text);
	snprintf(line, sizeof(line), "%u vnet0\n", vnet0->vnet_id);
	cr_expect_not_null(strstr(inst, line), "%s", text);
	snprintf(line, sizeof(line), "%u dumped\n", v->vnet_id);
	cr_expect_not_null(strstr(inst, line), "%s", text);
	/* The early per-instance one, the plain one, then the late one. */
	first = strstr(order, "isp_noop");
	cr_assert_not_null(first, "%s", text);
	plain = strstr(order, "isp_plain (");
	cr_expect(plain > first, "%s", text);
	cr_expect(strstr(first + 1, "isp_noop") > plain, "%s", text);
	cr_expect_not_null(strstr(order, "  VNET_SYSUNINIT "), "%s", text);
	cr_expect_not_null(strstr(order, "  SYSUNINIT "), "%s", text);
	free(text);
	vnet_destroy(v);
	text = dump();
	cr_expect_null(strstr(text, "dumped"), "%s", text);
	free(text);
}

RT_TEST(introspect, instances_are_listed_with_their_ids)
{
	struct vnet *v[4];
	VNET_ITERATOR_DECL(it);
	int i, n = 0, mine = 0;

	for (i = 0; i < 4; i++)
		v[i] = vnet_alloc();
	VNET_LIST_RLOCK();
	VNET_FOREACH(it) {
		n++;
		for (i = 0; i < 4; i++)
			mine += it == v[i];
	}
	VNET_LIST_RUNLOCK();
	cr_expect_eq(n, 5);
	cr_expect_eq(mine, 4);
	for (i = 0; i < 4; i++)
		cr_expect_eq(vnet_lookup_id(v[i]->vnet_id), v[i]);
	cr_expect_eq(vnet_count(), 5);
	for (i = 0; i < 4; i++)
		vnet_destroy(v[i]);
}
