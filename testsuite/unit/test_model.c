/*
 * test_model.c: the merged model (model/model.h): facts of translation
 * units and configurations folded into one variable per USR, declarations
 * and uses de-duplicated with their configurations OR-ed, the order
 * model_finish() puts things in, owners, skipped ranges, and files.
 * The facts are made by hand, as collect.c would report them.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "support/util.h"
#include "tmptree.h"

#define ROOT "/vnetify-model-test"

static struct model m;
static struct srcfile *ac, *bh, *zc;

static void
setup(void)
{
	model_init(&m, ROOT);
	/* Made out of path order, so that ranks are the sort's work. */
	zc = model_file(&m, ROOT "/z.c");
	bh = model_file(&m, ROOT "/b.h");
	ac = model_file(&m, ROOT "/a.c");
}

static void
teardown(void)
{
	model_free(&m);
}

TestSuite(model, .init = setup, .fini = teardown);

static void
tu_init(struct tu_facts *t, struct srcfile *main, unsigned config)
{
	memset(t, 0, sizeof(*t));
	t->main = main;
	t->config = config;
	VEC_PUSH(&t->parsed, main);
}

/* A declaration of usr in f: the name at name_off, the statement at start. */
static struct var *
tu_var(struct tu_facts *t, const char *usr, struct srcfile *f,
    uint32_t name_off, uint32_t start, bool is_def)
{
	struct var *v;
	struct decl d;

	if (t->nvars == t->capvars) {
		t->capvars = t->capvars ? 2 * t->capvars : 4;
		t->vars = xrealloc(t->vars, t->capvars * sizeof(*t->vars));
	}
	v = &t->vars[t->nvars++].v;
	memset(v, 0, sizeof(*v));
	v->usr = xstrdup(usr);
	v->name = xstrdup(strrchr(usr, '@') + 1);
	v->type = xstrdup("int");
	v->size = 4;
	v->external = !is_def;
	v->defined = is_def;
	memset(&d, 0, sizeof(d));
	d.file = f;
	d.name_off = name_off;
	d.start = start;
	d.init_start = d.init_end = NO_OFFSET;
	d.func_start = NO_OFFSET;
	d.is_def = is_def;
	d.is_extern = !is_def;
	d.config_mask = 1u << t->config;
	VEC_PUSH(&v->decls, d);
	return (v);
}

/* A use of usr written in f at off, expanded at exp_off (or NO_OFFSET). */
static struct use *
tu_use(struct tu_facts *t, const char *usr, struct srcfile *f, uint32_t off,
    uint32_t exp_off, const char *owner)
{
	struct use_fact uf;

	memset(&uf, 0, sizeof(uf));
	uf.usr = xstrdup(usr);
	uf.u.file = f;
	uf.u.off = off;
	uf.u.exp_file = exp_off != NO_OFFSET ? f : NULL;
	uf.u.exp_off = exp_off;
	uf.u.kind = exp_off != NO_OFFSET ? USE_MACRO_BODY : USE_FILE;
	uf.u.in_function = true;
	uf.u.owner_usr = owner != NULL ? xstrdup(owner) : NULL;
	uf.u.config_mask = 1u << t->config;
	VEC_PUSH(&t->uses, uf);
	return (&t->uses.v[t->uses.n - 1].u);
}

static void
tu_skip(struct tu_facts *t, struct srcfile *f, uint32_t start, uint32_t end)
{
	struct skip_fact s = {f, start, end};

	VEC_PUSH(&t->skipped, s);
}

static void
merge(struct tu_facts *t)
{
	model_merge(&m, t);
	tu_facts_free(t);
}

static struct var *
var(const char *usr)
{
	struct var *v = model_var(&m, usr);

	cr_assert_not_null(v, "no var %s", usr);
	return (v);
}

/*
 * a.c includes b.h.  b.h: "extern int foo;" (name at 11, statement at 0).
 * a.c: "int foo = 1;" (name at 24, statement at 20).
 */
static void
declare_foo(struct tu_facts *t)
{
	tu_var(t, "c:@foo", bh, 11, 0, false);
	tu_var(t, "c:@foo", ac, 24, 20, true);
	VEC_PUSH(&t->parsed, bh);
}

Test(model, one_var_per_usr_across_configurations)
{
	struct tu_facts t;
	struct var *v;

	tu_init(&t, ac, 0);
	declare_foo(&t);
	merge(&t);
	tu_init(&t, ac, 1);
	declare_foo(&t);
	merge(&t);
	/* Another translation unit sees only the header's declaration. */
	tu_init(&t, zc, 0);
	tu_var(&t, "c:@foo", bh, 11, 0, false);
	VEC_PUSH(&t.parsed, bh);
	merge(&t);
	m.nconfigs = 2;
	model_finish(&m);

	cr_expect_eq(m.vars.n, 1);
	cr_assert_eq(m.varlist.n, 1);
	v = var("c:@foo");
	cr_expect_eq(m.varlist.v[0], v);
	cr_expect_eq(v->idx, 0);
	cr_expect_str_eq(v->name, "foo");
	cr_expect_str_eq(v->type, "int");
	cr_expect(v->defined);
	cr_expect(v->external);
	cr_assert_eq(v->decls.n, 2);
	/* In path order: a.c before b.h. */
	cr_expect_eq(v->decls.v[0].file, ac);
	cr_expect_eq(v->decls.v[0].name_off, 24);
	cr_expect_eq(v->decls.v[0].config_mask, 3);
	cr_expect(v->decls.v[0].is_def);
	cr_expect_eq(v->decls.v[1].file, bh);
	cr_expect_eq(v->decls.v[1].config_mask, 3);
	cr_expect_not(v->decls.v[1].is_def);
	cr_expect_eq(m.tus.n, 3);
}

Test(model, a_declaration_seen_as_a_definition_once_is_one)
{
	struct tu_facts t;
	struct var *v;

	/* A tentative definition, a definition in one configuration only. */
	tu_init(&t, ac, 0);
	tu_var(&t, "c:@foo", ac, 24, 20, false);
	merge(&t);
	tu_init(&t, ac, 1);
	tu_var(&t, "c:@foo", ac, 24, 20, true);
	merge(&t);
	model_finish(&m);
	v = var("c:@foo");
	cr_assert_eq(v->decls.n, 1);
	cr_expect(v->decls.v[0].is_def);
	cr_expect_eq(v->decls.v[0].config_mask, 3);
	cr_expect(v->defined);
}

Test(model, same_name_at_another_statement_is_another_declaration)
{
	struct tu_facts t;
	struct var *v;

	tu_init(&t, ac, 0);
	tu_var(&t, "c:@foo", ac, 24, 20, false);
	tu_var(&t, "c:@foo", ac, 24, 18, false);
	merge(&t);
	model_finish(&m);
	v = var("c:@foo");
	cr_assert_eq(v->decls.n, 2);
	/* By statement start within a file. */
	cr_expect_eq(v->decls.v[0].start, 18);
	cr_expect_eq(v->decls.v[1].start, 20);
}

Test(model, uses_deduplicated_with_configurations_ored)
{
	struct tu_facts t;
	struct var *v;

	tu_init(&t, ac, 0);
	declare_foo(&t);
	tu_use(&t, "c:@foo", ac, 100, NO_OFFSET, NULL);
	tu_use(&t, "c:@foo", bh, 50, NO_OFFSET, NULL);
	merge(&t);
	tu_init(&t, ac, 1);
	declare_foo(&t);
	tu_use(&t, "c:@foo", bh, 50, NO_OFFSET, NULL);
	tu_use(&t, "c:@foo", ac, 100, NO_OFFSET, NULL);
	/* Only this configuration sees this one. */
	tu_use(&t, "c:@foo", ac, 30, NO_OFFSET, NULL);
	merge(&t);
	model_finish(&m);

	v = var("c:@foo");
	cr_assert_eq(v->uses.n, 3);
	cr_expect_eq(v->uses.v[0].file, ac);
	cr_expect_eq(v->uses.v[0].off, 30);
	cr_expect_eq(v->uses.v[0].config_mask, 2);
	cr_expect_eq(v->uses.v[1].file, ac);
	cr_expect_eq(v->uses.v[1].off, 100);
	cr_expect_eq(v->uses.v[1].config_mask, 3);
	cr_expect_eq(v->uses.v[2].file, bh);
	cr_expect_eq(v->uses.v[2].off, 50);
	cr_expect_eq(v->uses.v[2].config_mask, 3);
}

Test(model, uses_sorted_by_file_then_offset)
{
	struct tu_facts t;
	struct var *v;

	tu_init(&t, zc, 0);
	tu_var(&t, "c:@foo", bh, 11, 0, false);
	tu_use(&t, "c:@foo", zc, 5, NO_OFFSET, NULL);
	tu_use(&t, "c:@foo", ac, 300, NO_OFFSET, NULL);
	tu_use(&t, "c:@foo", bh, 7, NO_OFFSET, NULL);
	tu_use(&t, "c:@foo", ac, 7, NO_OFFSET, NULL);
	/* A name built by ##: no place where it is written. */
	tu_use(&t, "c:@foo", NULL, 0, NO_OFFSET, NULL)->kind = USE_PASTED;
	merge(&t);
	model_finish(&m);

	/* Ranks are by path: a.c, b.h, z.c. */
	cr_expect_eq(ac->id, 0);
	cr_expect_eq(bh->id, 1);
	cr_expect_eq(zc->id, 2);
	v = var("c:@foo");
	cr_assert_eq(v->uses.n, 5);
	cr_expect_null(v->uses.v[0].file);
	cr_expect_eq(v->uses.v[1].file, ac);
	cr_expect_eq(v->uses.v[1].off, 7);
	cr_expect_eq(v->uses.v[2].file, ac);
	cr_expect_eq(v->uses.v[2].off, 300);
	cr_expect_eq(v->uses.v[3].file, bh);
	cr_expect_eq(v->uses.v[4].file, zc);
}

Test(model, one_place_expanded_twice_is_two_uses)
{
	struct tu_facts t;
	struct var *v;

	/* A macro body at 40 expanded at 200 and at 100, then 200 again. */
	tu_init(&t, ac, 0);
	tu_var(&t, "c:@foo", ac, 24, 20, true);
	tu_use(&t, "c:@foo", ac, 40, 200, NULL);
	tu_use(&t, "c:@foo", ac, 40, 100, NULL);
	merge(&t);
	tu_init(&t, ac, 1);
	tu_var(&t, "c:@foo", ac, 24, 20, true);
	tu_use(&t, "c:@foo", ac, 40, 200, NULL);
	merge(&t);
	model_finish(&m);
	v = var("c:@foo");
	cr_assert_eq(v->uses.n, 2);
	cr_expect_eq(v->uses.v[0].exp_off, 100);
	cr_expect_eq(v->uses.v[0].config_mask, 1);
	cr_expect_eq(v->uses.v[1].exp_off, 200);
	cr_expect_eq(v->uses.v[1].config_mask, 3);
}

Test(model, owner_resolved_from_owner_usr)
{
	struct tu_facts t;
	struct var *foo, *tab;

	/* static int *tab[] = { &foo }; and one from an unknown object. */
	tu_init(&t, ac, 0);
	tu_var(&t, "c:@foo", ac, 24, 20, true);
	tu_var(&t, "c:a.c@tab", ac, 60, 50, true);
	tu_use(&t, "c:@foo", ac, 70, NO_OFFSET, "c:a.c@tab");
	tu_use(&t, "c:@foo", ac, 90, NO_OFFSET, "c:@sysctl_oid");
	tu_use(&t, "c:@foo", ac, 95, NO_OFFSET, NULL);
	merge(&t);
	model_finish(&m);

	foo = var("c:@foo");
	tab = var("c:a.c@tab");
	cr_assert_eq(foo->uses.n, 3);
	cr_expect_eq(foo->uses.v[0].owner, tab);
	cr_expect_str_eq(foo->uses.v[0].owner_usr, "c:a.c@tab");
	/* Not a variable of the model: no owner, but the USR stays. */
	cr_expect_null(foo->uses.v[1].owner);
	cr_expect_str_eq(foo->uses.v[1].owner_usr, "c:@sysctl_oid");
	cr_expect_null(foo->uses.v[2].owner);
	cr_expect_null(foo->uses.v[2].owner_usr);
}

Test(model, same_place_with_and_without_an_owner_is_two_uses)
{
	struct tu_facts t;
	struct var *v;

	tu_init(&t, ac, 0);
	tu_var(&t, "c:@foo", ac, 24, 20, true);
	tu_use(&t, "c:@foo", ac, 70, NO_OFFSET, NULL);
	merge(&t);
	tu_init(&t, ac, 1);
	tu_var(&t, "c:@foo", ac, 24, 20, true);
	tu_use(&t, "c:@foo", ac, 70, NO_OFFSET, "c:@p");
	merge(&t);
	model_finish(&m);
	v = var("c:@foo");
	cr_expect_eq(v->uses.n, 2);
}

/*
 * The same use seen without an owner in configurations 0 and 2 and with
 * one in configuration 1 is two uses, whatever order they came in.
 */
Test(model, duplicates_apart_by_an_owner_are_merged)
{
	struct tu_facts t;
	struct var *v;
	unsigned k, none = 0, owned = 0;
	size_t i;

	for (k = 0; k < 3; k++) {
		tu_init(&t, ac, k);
		tu_var(&t, "c:@foo", ac, 24, 20, true);
		tu_use(&t, "c:@foo", ac, 70, NO_OFFSET, k == 1 ? "c:@p" : NULL);
		merge(&t);
	}
	model_finish(&m);
	v = var("c:@foo");
	cr_assert_eq(v->uses.n, 2);
	for (i = 0; i < v->uses.n; i++) {
		if (v->uses.v[i].owner_usr == NULL)
			none = v->uses.v[i].config_mask;
		else
			owned = v->uses.v[i].config_mask;
	}
	cr_expect_eq(none, 5);
	cr_expect_eq(owned, 2);
}

Test(model, use_of_an_unknown_usr_is_dropped)
{
	struct tu_facts t;

	tu_init(&t, ac, 0);
	tu_var(&t, "c:@foo", ac, 24, 20, true);
	/* errno's USR: declared outside the root, so no fact for it. */
	tu_use(&t, "c:@errno", ac, 80, NO_OFFSET, NULL);
	merge(&t);
	model_finish(&m);
	cr_expect_null(model_var(&m, "c:@errno"));
	cr_expect_eq(var("c:@foo")->uses.n, 0);
}

Test(model, varlist_in_definition_order)
{
	struct tu_facts t;

	/*
	 * zed is defined first in a.c, aardvark later; a third is only
	 * declared, in b.h; USR order would be the other way round.
	 */
	tu_init(&t, ac, 0);
	tu_var(&t, "c:@aardvark", ac, 210, 200, true);
	tu_var(&t, "c:@aardvark", bh, 5, 0, false);
	tu_var(&t, "c:@zed", ac, 110, 100, true);
	tu_var(&t, "c:@mid", bh, 40, 30, false);
	merge(&t);
	model_finish(&m);
	cr_assert_eq(m.varlist.n, 3);
	cr_expect_str_eq(m.varlist.v[0]->usr, "c:@zed");
	cr_expect_str_eq(m.varlist.v[1]->usr, "c:@aardvark");
	cr_expect_str_eq(m.varlist.v[2]->usr, "c:@mid");
	cr_expect_eq(m.varlist.v[0]->idx, 0);
	cr_expect_eq(m.varlist.v[1]->idx, 1);
	cr_expect_eq(m.varlist.v[2]->idx, 2);
}

Test(model, var_defining_decl)
{
	struct tu_facts t;
	const struct decl *d;
	struct var *v;

	tu_init(&t, ac, 0);
	/* The definition comes last in the sorted declarations. */
	tu_var(&t, "c:@foo", bh, 11, 0, false);
	tu_var(&t, "c:@foo", ac, 80, 70, false);
	tu_var(&t, "c:@foo", bh, 90, 80, true);
	tu_var(&t, "c:@bar", bh, 30, 20, false);
	tu_var(&t, "c:@bar", ac, 10, 0, false);
	merge(&t);
	model_finish(&m);
	v = var("c:@foo");
	cr_assert_eq(v->decls.n, 3);
	d = var_defining_decl(v);
	cr_assert_not_null(d);
	cr_expect_eq(d->file, bh);
	cr_expect_eq(d->name_off, 90);
	cr_expect(d->is_def);
	/* No definition: the first declaration, in path order. */
	v = var("c:@bar");
	d = var_defining_decl(v);
	cr_assert_not_null(d);
	cr_expect_eq(d->file, ac);
	cr_expect_eq(d->name_off, 10);
}

Test(model, var_defining_decl_of_a_var_without_declarations)
{
	struct var v;

	memset(&v, 0, sizeof(v));
	cr_expect_null(var_defining_decl(&v));
}

Test(model, skipped_in_one_parse_of_two_is_active)
{
	struct tu_facts t;

	tu_init(&t, ac, 0);
	VEC_PUSH(&t.parsed, bh);
	tu_skip(&t, bh, 100, 200);
	merge(&t);
	tu_init(&t, ac, 1);
	VEC_PUSH(&t.parsed, bh);
	merge(&t);
	model_finish(&m);
	cr_expect_eq(bh->nparses, 2);
	cr_expect_not(file_never_active(bh, 150));
	cr_expect_not(file_never_active(bh, 100));
}

Test(model, skipped_in_every_parse_is_never_active)
{
	struct tu_facts t;

	tu_init(&t, ac, 0);
	VEC_PUSH(&t.parsed, bh);
	tu_skip(&t, bh, 10, 50);
	merge(&t);
	tu_init(&t, zc, 0);
	VEC_PUSH(&t.parsed, bh);
	tu_skip(&t, bh, 10, 50);
	merge(&t);
	model_finish(&m);
	/* One range counted twice. */
	cr_expect_eq(bh->skipped.n, 1);
	cr_expect_eq(bh->skipped.v[0].count, 2);
	cr_expect(file_never_active(bh, 10));
	cr_expect(file_never_active(bh, 49));
	/* [start, end). */
	cr_expect_not(file_never_active(bh, 50));
	cr_expect_not(file_never_active(bh, 9));
	/* The main files were parsed once each and skipped nothing. */
	cr_expect_not(file_never_active(ac, 20));
}

Test(model, skipped_in_every_parse_by_differently_shaped_ranges)
{
	struct tu_facts t;

	/* Config 0 skips [300, 400); config 1 [250, 320) and [320, 450). */
	tu_init(&t, ac, 0);
	VEC_PUSH(&t.parsed, bh);
	tu_skip(&t, bh, 300, 400);
	merge(&t);
	tu_init(&t, ac, 1);
	VEC_PUSH(&t.parsed, bh);
	tu_skip(&t, bh, 250, 320);
	tu_skip(&t, bh, 320, 450);
	merge(&t);
	model_finish(&m);
	cr_expect_eq(bh->skipped.n, 3);
	cr_expect(file_never_active(bh, 300));
	cr_expect(file_never_active(bh, 319));
	cr_expect(file_never_active(bh, 320));
	cr_expect(file_never_active(bh, 399));
	cr_expect_not(file_never_active(bh, 260));
	cr_expect_not(file_never_active(bh, 400));
	cr_expect_not(file_never_active(bh, 449));
}

Test(model, skipped_by_two_parses_of_three_is_active)
{
	struct tu_facts t;
	unsigned k;

	for (k = 0; k < 3; k++) {
		tu_init(&t, ac, k);
		VEC_PUSH(&t.parsed, bh);
		if (k != 1)
			tu_skip(&t, bh, 10, 50);
		merge(&t);
	}
	model_finish(&m);
	cr_expect_eq(bh->nparses, 3);
	cr_expect_not(file_never_active(bh, 20));
}

Test(model, never_parsed_is_not_never_active)
{
	model_finish(&m);
	cr_expect_eq(zc->nparses, 0);
	cr_expect_not(file_never_active(zc, 0));
}

Test(model, failed_translation_unit_contributes_only_its_status)
{
	struct tu_facts t;

	tu_init(&t, ac, 1);
	declare_foo(&t);
	tu_skip(&t, bh, 10, 50);
	t.failed = true;
	t.message = xstrdup("a.c:3:1: error: expected ';'");
	merge(&t);
	model_finish(&m);
	cr_expect_eq(m.vars.n, 0);
	cr_expect_eq(m.varlist.n, 0);
	cr_expect_eq(bh->nparses, 0);
	cr_expect_eq(bh->skipped.n, 0);
	cr_assert_eq(m.tus.n, 1);
	cr_expect_eq(m.tus.v[0].file, ac);
	cr_expect_eq(m.tus.v[0].config, 1);
	cr_expect(m.tus.v[0].failed);
	cr_expect_str_eq(m.tus.v[0].message, "a.c:3:1: error: expected ';'");
}

Test(model, main_files_and_their_headers)
{
	struct tu_facts t;

	tu_init(&t, ac, 0);
	VEC_PUSH(&t.parsed, bh);
	t.sees_header = true;
	merge(&t);
	tu_init(&t, ac, 1);
	VEC_PUSH(&t.parsed, bh);
	merge(&t);
	tu_init(&t, zc, 0);
	t.sees_header = true;
	merge(&t);
	model_finish(&m);
	cr_expect(ac->main);
	cr_expect(zc->main);
	cr_expect_not(bh->main);
	cr_expect_eq(ac->nparses, 2);
	cr_expect_eq(bh->nparses, 2);
	/* b.h once, though both parses read it; not a.c itself. */
	cr_assert_eq(ac->incl.n, 1);
	cr_expect_eq(ac->incl.v[0], bh);
	cr_expect_eq(zc->incl.n, 0);
	/* The runtime header must be seen in every parse. */
	cr_expect_not(ac->sees_header);
	cr_expect(zc->sees_header);
}

Test(model, sees_header_missing_from_the_first_parse)
{
	struct tu_facts t;

	tu_init(&t, ac, 0);
	merge(&t);
	tu_init(&t, ac, 1);
	t.sees_header = true;
	merge(&t);
	model_finish(&m);
	cr_expect_not(ac->sees_header);
}

Test(model, names_and_body_nonvars)
{
	struct tu_facts t;
	struct body_nonvar b;
	unsigned k;

	for (k = 0; k < 2; k++) {
		tu_init(&t, ac, k);
		VEC_PUSH(&t.names, xstrdup("foo"));
		VEC_PUSH(&t.names, xstrdup(k == 0 ? "bar" : "baz"));
		b = (struct body_nonvar){bh, 40, xstrdup("c:@F@f@x")};
		VEC_PUSH(&t.body_nonvars, b);
		b = (struct body_nonvar){ac, 10, xstrdup("MemberRefExpr")};
		VEC_PUSH(&t.body_nonvars, b);
		merge(&t);
	}
	model_finish(&m);
	cr_expect_eq(m.names.n, 3);
	cr_expect(hmap_has(&m.names, "foo"));
	cr_expect(hmap_has(&m.names, "bar"));
	cr_expect(hmap_has(&m.names, "baz"));
	/* Sorted by place, the same one from two parses kept once. */
	cr_assert_eq(m.body_nonvars.n, 2);
	cr_expect_eq(m.body_nonvars.v[0].file, ac);
	cr_expect_str_eq(m.body_nonvars.v[0].what, "MemberRefExpr");
	cr_expect_eq(m.body_nonvars.v[1].file, bh);
	cr_expect_eq(m.body_nonvars.v[1].off, 40);
}

Test(model, type_and_flags_from_the_facts)
{
	struct tu_facts t;
	struct var *v;

	tu_init(&t, ac, 0);
	v = tu_var(&t, "c:@foo", bh, 11, 0, false);
	free(v->type);
	v->type = NULL;
	v = tu_var(&t, "c:@foo", ac, 24, 20, true);
	free(v->type);
	v->type = xstrdup("const char *");
	v->size = 8;
	v->is_const = true;
	v->decls.v[0].function = xstrdup("f");
	merge(&t);
	model_finish(&m);
	v = var("c:@foo");
	/* The first fact that has a type gives it. */
	cr_expect_str_eq(v->type, "const char *");
	cr_expect_eq(v->size, 8);
	cr_expect(v->is_const);
	cr_assert_eq(v->decls.n, 2);
	cr_expect_str_eq(v->decls.v[0].function, "f");
	cr_expect_null(v->decls.v[1].function);
}

Test(model, model_file_interns_by_path)
{
	struct srcfile *f = model_file(&m, ROOT "/a.c"), *out;

	cr_expect_eq(f, ac);
	cr_expect_str_eq(ac->rel, "a.c");
	out = model_file(&m, "/elsewhere/a.c");
	cr_expect_neq(out, ac);
	cr_expect_null(out->rel);
	/* A sibling whose name begins with the root's is not under it. */
	cr_expect_null(model_file(&m, ROOT "x/a.c")->rel);
	cr_expect_eq(m.files.n, 5);
}

Test(model, file_load_and_line_col)
{
	char *root = tmptree_new("model"), *path;
	struct srcfile *f;
	unsigned line, col;

	path = tmptree_put(root, "d/x.c", "int a;\n\tb = 1;\n\nc", 17, 0644);
	f = model_file(&m, path);
	cr_assert(file_load(f));
	cr_expect(f->loaded);
	cr_expect_eq(f->len, 17);
	cr_expect_eq(f->data[f->len], '\0');
	cr_expect_eq(f->toks.n, 8);
	cr_expect_eq(f->hash, content_hash(f->data, f->len));
	cr_assert_eq(f->lines.n, 4);
	cr_expect_eq(f->lines.v[1], 7);
	cr_expect_eq(f->lines.v[3], 16);
	file_line_col(f, 0, &line, &col);
	cr_expect_eq(line, 1);
	cr_expect_eq(col, 1);
	file_line_col(f, 9, &line, &col);
	cr_expect_eq(line, 2);
	cr_expect_eq(col, 3);
	file_line_col(f, 15, &line, &col);
	cr_expect_eq(line, 3);
	cr_expect_eq(col, 1);
	file_line_col(f, 16, &line, &col);
	cr_expect_eq(line, 4);
	cr_expect_eq(col, 1);
	/* Loading again changes nothing and reads nothing. */
	cr_expect_eq(remove(path), 0);
	cr_expect(file_load(f));
	cr_expect_eq(f->toks.n, 8);
	free(path);
	tmptree_remove(root);
}

Test(model, file_load_of_a_missing_file, .init = cr_redirect_stderr)
{
	struct srcfile *f;

	f = model_file(&m, ROOT "/missing.c");
	cr_expect_not(file_load(f));
	cr_expect(f->load_failed);
	cr_expect_not(f->loaded);
	/* Failing is remembered: no second message. */
	cr_expect_not(file_load(f));
	fflush(stderr);
	cr_expect_stderr_eq_str(
	    ROOT "/missing.c: error: cannot read: No such file or directory\n");
}
