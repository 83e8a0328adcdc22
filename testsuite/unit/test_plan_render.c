/*
 * test_plan_render.c: the plan's pending edits (passes/plan.h): text
 * rendered with the edits inside a range applied, edits consumed by a
 * render, VNET_NAME(x) written as V_x for per-instance code, and what
 * plan_emit() hands to the edit set.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "edits/edits.h"
#include "passes/plan.h"
#include "rules/rules.h"
#include "support/util.h"
#include "tmptree.h"

/*
 * 0         1         2         3
 * 01234567890123456789012345678901
 * int a = foo + foo;
 *                    int b = bar;
 */
static const char text_a[] = "int a = foo + foo;\nint b = bar;\n";
static const char text_b[] = "long c = foo;\n";

static char *root, *path_a, *path_b;
static struct model m;
static struct plan p;
static struct rules *rules;
static struct srcfile *fa, *fb;

static void
setup(void)
{
	root = tmptree_new("plan");
	path_a = tmptree_put(root, "a.c", text_a, strlen(text_a), 0644);
	path_b = tmptree_put(root, "b.c", text_b, strlen(text_b), 0644);
	model_init(&m, root);
	/* b.c first: the edit set's order must come from the paths. */
	fb = model_file(&m, path_b);
	fa = model_file(&m, path_a);
	cr_assert(file_load(fa));
	cr_assert(file_load(fb));
	model_finish(&m);
	rules = rules_new();
	plan_init(&p, &m, rules);
}

static void
teardown(void)
{
	plan_free(&p);
	rules_free(rules);
	model_free(&m);
	free(path_a);
	free(path_b);
	tmptree_remove(root);
}

TestSuite(plan_render, .init = setup, .fini = teardown);

/* Offset of the nth occurrence of needle in f. */
static uint32_t
at(const struct srcfile *f, const char *needle, int nth)
{
	const char *s = f->data;

	for (;;) {
		s = strstr(s, needle);
		cr_assert_not_null(s, "\"%s\" #%d", needle, nth);
		if (nth-- == 0)
			return ((uint32_t)(s - f->data));
		s++;
	}
}

/* Replace the nth foo (or other word) of a.c. */
static void
replace(const char *word, int nth, const char *text, int order)
{
	plan_edit(&p, fa, at(fa, word, nth), (uint32_t)strlen(word), text,
	    order, "test");
}

#define expect_render(f, a, b, consume, v_names, want)                    \
	do {                                                              \
		char *got_ =                                              \
		    plan_render(&p, (f), (a), (b), (consume), (v_names)); \
		cr_expect_str_eq(got_, (want));                           \
		free(got_);                                               \
	} while (0)

/* The finalized edit set, one "off+len=text" per line, file by file. */
static char *
emitted(void)
{
	struct strbuf sb = STRBUF_INIT;
	const struct edit *e;
	size_t i, k, n;

	plan_emit(&p);
	cr_expect_eq(edits_finalize(p.edits, NULL, NULL), 0);
	for (k = 0; k < edits_nfiles(p.edits); k++) {
		sb_addf(&sb, "%s:\n", strrchr(edits_file(p.edits, k), '/') + 1);
		e = edits_for_file(p.edits, edits_file(p.edits, k), &n);
		for (i = 0; i < n; i++)
			sb_addf(&sb, "%zu+%zu=%s\n", e[i].off, e[i].len,
			    e[i].text);
	}
	return (sb_detach(&sb));
}

#define expect_emitted(want)                    \
	do {                                    \
		char *got_ = emitted();         \
		cr_expect_str_eq(got_, (want)); \
		free(got_);                     \
	} while (0)

Test(plan_render, no_edits_renders_the_text)
{
	expect_render(fa, 0, (uint32_t)fa->len, false, false, text_a);
	expect_render(fa, 4, 5, false, false, "a");
	expect_render(fa, 7, 7, false, false, "");
}

Test(plan_render, edits_inside_are_applied)
{
	replace("foo", 0, "V_foo", 0);
	replace("foo", 1, "V_foo", 0);
	replace("bar", 0, "V_bar", 0);
	plan_sort_pending(&p);
	expect_render(fa, 0, at(fa, "\n", 0), false, false,
	    "int a = V_foo + V_foo;");
	expect_render(fa, 0, (uint32_t)fa->len, false, false,
	    "int a = V_foo + V_foo;\nint b = V_bar;\n");
	/* Exactly the replaced range. */
	expect_render(fa, at(fa, "foo", 1), at(fa, ";", 0), false, false,
	    "V_foo");
	/* The other file is not touched by a.c's edits. */
	expect_render(fb, 0, (uint32_t)fb->len, false, false, text_b);
}

Test(plan_render, edits_reaching_outside_are_not_applied)
{
	/* "a = f" and "o + f" cross the range [8, 11) of the first foo. */
	plan_edit(&p, fa, at(fa, "a =", 0), 5, "X", 0, "test");
	plan_edit(&p, fa, at(fa, "o +", 0), 5, "Y", 0, "test");
	plan_sort_pending(&p);
	expect_render(fa, at(fa, "foo", 0), at(fa, " +", 0), false, false,
	    "foo");
	/* Where they fit, they are applied. */
	expect_render(fa, 0, at(fa, ";", 0), false, false, "int XoYoo");
}

Test(plan_render, insertions_at_the_ends_belong_to_the_neighbours)
{
	uint32_t a = at(fa, "foo", 0), b = a + 3;

	plan_edit(&p, fa, a, 0, "<A>", 0, "test");
	plan_edit(&p, fa, a + 1, 0, "<M>", 0, "test");
	plan_edit(&p, fa, b, 0, "<B>", 0, "test");
	plan_sort_pending(&p);
	expect_render(fa, a, b, false, false, "f<M>oo");
	expect_render(fa, a - 1, b + 1, false, false, " <A>f<M>oo<B> ");
	/* Empty ranges at the insertions take none of them. */
	expect_render(fa, a, a, false, false, "");
	expect_render(fa, b, b, false, false, "");
}

Test(plan_render, insertion_and_replacement_at_one_offset)
{
	uint32_t a = at(fa, "foo", 0);

	/* Before a replacement that starts there, after one that ends there. */
	plan_edit(&p, fa, a + 3, 0, "/*after*/", 0, "test");
	plan_edit(&p, fa, a, 3, "V_foo", 0, "test");
	plan_edit(&p, fa, a, 0, "/*before*/", 0, "test");
	plan_sort_pending(&p);
	expect_render(fa, a - 1, a + 4, false, false,
	    " /*before*/V_foo/*after*/ ");
}

Test(plan_render, insertions_at_one_offset_go_by_order)
{
	uint32_t a = at(fa, "foo", 0) + 1;

	plan_edit(&p, fa, a, 0, "2", 2, "test");
	plan_edit(&p, fa, a, 0, "0", 0, "test");
	plan_edit(&p, fa, a, 0, "1", 1, "test");
	plan_sort_pending(&p);
	expect_render(fa, a - 1, a + 2, false, false, "f012oo");
}

Test(plan_render, edits_added_after_sorting_are_seen)
{
	replace("bar", 0, "V_bar", 0);
	replace("foo", 1, "V_foo", 0);
	plan_sort_pending(&p);
	cr_expect_eq(plan_file(&p, fa)->nsorted, 2);
	/* Appended, out of order, after the sorted ones. */
	replace("foo", 0, "W_foo", 0);
	plan_edit(&p, fa, at(fa, "int b", 0), 0, "static ", 0, "test");
	cr_expect_eq(plan_file(&p, fa)->nsorted, 2);
	expect_render(fa, 0, (uint32_t)fa->len, false, false,
	    "int a = W_foo + V_foo;\nstatic int b = V_bar;\n");
}

Test(plan_render, edits_never_sorted_are_seen)
{
	replace("foo", 1, "V_foo", 0);
	replace("foo", 0, "W_foo", 0);
	expect_render(fa, 0, at(fa, "\n", 0), false, false,
	    "int a = W_foo + V_foo;");
}

Test(plan_render, consume_takes_the_edits_out)
{
	uint32_t eol = at(fa, "\n", 0);

	replace("foo", 0, "V_foo", 0);
	replace("foo", 1, "V_foo", 0);
	replace("bar", 0, "V_bar", 0);
	plan_sort_pending(&p);
	expect_render(fa, 0, eol, true, false, "int a = V_foo + V_foo;");
	/* Gone: the same range again is the original text. */
	expect_render(fa, 0, eol, false, false, "int a = foo + foo;");
	expect_render(fa, 0, (uint32_t)fa->len, false, false,
	    "int a = foo + foo;\nint b = V_bar;\n");
	/* And plan_emit() does not emit them. */
	expect_emitted("a.c:\n27+3=V_bar\n");
}

Test(plan_render, render_without_consume_keeps_the_edits)
{
	uint32_t eol = at(fa, "\n", 0);

	replace("foo", 0, "V_foo", 0);
	plan_sort_pending(&p);
	expect_render(fa, 0, eol, false, false, "int a = V_foo + foo;");
	expect_render(fa, 0, eol, false, false, "int a = V_foo + foo;");
	expect_emitted("a.c:\n8+3=V_foo\n");
}

Test(plan_render, consume_takes_only_what_is_inside)
{
	uint32_t a = at(fa, "foo", 0);

	plan_edit(&p, fa, a, 0, "<A>", 0, "test");
	replace("foo", 0, "V_foo", 0);
	plan_edit(&p, fa, a + 3, 0, "<B>", 0, "test");
	plan_sort_pending(&p);
	expect_render(fa, a, a + 3, true, false, "V_foo");
	/* The insertions at the ends stay for the neighbours. */
	expect_render(fa, a - 1, a + 4, false, false, " <A>foo<B> ");
	expect_emitted("a.c:\n8+0=<A>\n11+0=<B>\n");
}

Test(plan_render, v_names_writes_the_instance_name)
{
	uint32_t eol = at(fa, "\n", 0);

	replace("foo", 0, "VNET_NAME(foo)", 0);
	replace("foo", 1, "&VNET_NAME(foo)", 0);
	plan_sort_pending(&p);
	expect_render(fa, 0, eol, false, true,
	    "int a = V_foo + &VNET_NAME(foo);");
	expect_render(fa, 0, eol, false, false,
	    "int a = VNET_NAME(foo) + &VNET_NAME(foo);");
	/* The pending text itself is unchanged. */
	expect_emitted("a.c:\n8+3=VNET_NAME(foo)\n14+3=&VNET_NAME(foo)\n");
}

Test(plan_render, v_names_with_a_longer_name)
{
	replace("bar", 0, "VNET_NAME(bar_count_total)", 0);
	expect_render(fa, at(fa, "int b", 0), (uint32_t)fa->len, false, true,
	    "int b = V_bar_count_total;\n");
}

Test(plan_render, duplicate_replacements_are_applied_once)
{
	replace("foo", 0, "V_foo", 0);
	replace("foo", 0, "V_foo", 0);
	replace("foo", 1, "V_foo", 1);
	replace("foo", 1, "V_foo", 0);
	plan_sort_pending(&p);
	expect_render(fa, 0, at(fa, "\n", 0), false, false,
	    "int a = V_foo + V_foo;");
	/* The edit set keeps one of each. */
	expect_emitted("a.c:\n8+3=V_foo\n14+3=V_foo\n");
}

/* The same insertion planned twice goes in once, as in the edit set. */
Test(plan_render, duplicate_insertions_are_applied_once)
{
	uint32_t a = at(fa, "foo", 0);

	plan_edit(&p, fa, a, 0, "/I/", 0, "test");
	plan_edit(&p, fa, a, 0, "/I/", 0, "test");
	plan_sort_pending(&p);
	expect_render(fa, 0, at(fa, "\n", 0), false, false,
	    "int a = /I/foo + foo;");
}

/*
 * Two edits that overlap and differ, as the edit set would have them:
 * neither is applied, a review item names both (in the edit set's order),
 * and consuming the range takes both out.
 */
Test(plan_render, conflicting_edits_are_neither_applied)
{
	uint32_t eol = at(fa, "\n", 0);

	replace("foo", 0, "V_foo", 0);
	plan_edit(&p, fa, at(fa, "foo", 0), 3, "VNET_NAME(foo)", 0,
	    "sysctl pointer");
	replace("foo", 1, "V_foo", 0);
	plan_edit(&p, fa, at(fa, "foo", 1) + 1, 0, "<I>", 0, "inside");
	/* Duplicates of one side make no second item. */
	replace("foo", 0, "V_foo", 1);
	plan_sort_pending(&p);
	expect_render(fa, 0, eol, true, false, "int a = foo + foo;");
	cr_assert_eq(p.reviews.n, 2);
	cr_expect_eq(p.reviews.v[0].file, fa);
	cr_expect_eq(p.reviews.v[0].off, at(fa, "foo", 0));
	cr_expect_str_eq(p.reviews.v[0].reason,
	    "conflicting edits here (sysctl pointer: \"VNET_NAME(foo)\"; "
	    "test: \"V_foo\"); neither was made");
	cr_expect_eq(p.reviews.v[1].off, at(fa, "foo", 1));
	cr_expect_str_eq(p.reviews.v[1].reason,
	    "conflicting edits here (test: \"V_foo\"; inside: \"<I>\"); "
	    "neither was made");
	expect_render(fa, 0, eol, false, false, "int a = foo + foo;");
	expect_emitted("");
}

/* Without consume they stay for the edit set, which finds them too. */
Test(plan_render, conflicting_edits_stay_pending_without_consume)
{
	uint32_t eol = at(fa, "\n", 0);

	replace("foo", 1, "V_foo", 0);
	replace("foo", 1, "W_foo", 0);
	plan_sort_pending(&p);
	expect_render(fa, 0, eol, false, false, "int a = foo + foo;");
	cr_expect_eq(p.reviews.n, 1);
	plan_emit(&p);
	cr_expect_eq(edits_finalize(p.edits, NULL, NULL), 1);
}

Test(plan_render, emit_puts_every_file_in_the_edit_set)
{
	replace("bar", 0, "V_bar", 0);
	plan_edit(&p, fb, at(fb, "foo", 0), 3, "V_foo", 0, "use of foo");
	plan_edit(&p, fa, 0, 0, "#include <vnet/vnet.h>\n", -1, "include");
	plan_emit(&p);
	/* Moved, not finalized: edits_finalize() is the caller's. */
	cr_expect_eq(edits_count(p.edits), 3);
	cr_expect_eq(edits_finalize(p.edits, NULL, NULL), 0);
	cr_assert_eq(edits_nfiles(p.edits), 2);
	cr_expect_str_eq(edits_file(p.edits, 0), path_a);
	cr_expect_str_eq(edits_file(p.edits, 1), path_b);
	/* What the edits were computed against is recorded. */
	cr_expect_eq(edits_check_contents(p.edits, path_a, fa->data, fa->len),
	    EDITS_CONTENTS_MATCH);
	cr_expect_eq(edits_check_contents(p.edits, path_b, fb->data, fb->len),
	    EDITS_CONTENTS_MATCH);
}

Test(plan_render, emit_keeps_order_and_why)
{
	const struct edit *e;
	size_t n;

	plan_edit(&p, fb, at(fb, "foo", 0), 3, "V_foo", 3, "use of foo");
	plan_emit(&p);
	edits_finalize(p.edits, NULL, NULL);
	e = edits_for_file(p.edits, path_b, &n);
	cr_assert_eq(n, 1);
	cr_expect_eq(e->off, 9);
	cr_expect_eq(e->len, 3);
	cr_expect_str_eq(e->text, "V_foo");
	cr_expect_eq(e->order, 3);
	cr_expect_str_eq(e->why, "use of foo");
}

Test(plan_render, emit_of_a_fully_consumed_file)
{
	size_t n = 99;

	replace("foo", 0, "V_foo", 0);
	expect_render(fa, 0, (uint32_t)fa->len, true, false,
	    "int a = V_foo + foo;\nint b = bar;\n");
	plan_emit(&p);
	cr_expect_eq(edits_count(p.edits), 0);
	edits_finalize(p.edits, NULL, NULL);
	cr_expect_eq(edits_nfiles(p.edits), 0);
	cr_expect_null(edits_for_file(p.edits, path_a, &n));
	cr_expect_eq(n, 0);
}

Test(plan_render, emitted_edits_apply_to_the_rendered_text)
{
	const struct edit *e;
	size_t n, outlen;
	char *out, *want;

	replace("foo", 0, "V_foo", 0);
	replace("foo", 1, "V_foo", 0);
	plan_edit(&p, fa, at(fa, "int b", 0), 0, "static ", 0, "test");
	replace("bar", 0, "VNET_NAME(bar)", 0);
	plan_sort_pending(&p);
	want = plan_render(&p, fa, 0, (uint32_t)fa->len, false, false);
	plan_emit(&p);
	edits_finalize(p.edits, NULL, NULL);
	e = edits_for_file(p.edits, path_a, &n);
	cr_assert_eq(n, 4);
	out = edits_apply_buffer(fa->data, fa->len, e, n, &outlen);
	cr_expect_str_eq(out, want);
	free(out);
	free(want);
}

Test(plan_render, plan_file_is_one_per_file)
{
	struct file_plan *fp = plan_file(&p, fa);

	cr_expect_eq(plan_file(&p, fa), fp);
	cr_expect_neq(plan_file(&p, fb), fp);
	cr_expect_eq(fp->f, fa);
	cr_expect_eq(p.files.n, 2);
}
