/*
 * test_edits.c: the edit set: merge, de-duplication, conflicts, insertion
 * order, independence from the order of arrival, and applying to a buffer.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edits/edits.h"
#include "support/diag.h"
#include "support/util.h"

/* Conflicts seen by a test, one "a|b" line per pair. */
struct seen {
	struct strbuf log;
	size_t n;
};

static void
describe(struct strbuf *sb, const struct edit *e)
{
	sb_addf(sb, "%s:%zu+%zu=\"%s\"/%d/%s", strrchr(e->file, '/') + 1,
	    e->off, e->len, e->text, e->order, e->why ? e->why : "-");
}

static void
on_conflict(const struct edit *a, const struct edit *b, void *arg)
{
	struct seen *s = arg;

	describe(&s->log, a);
	sb_adds(&s->log, " | ");
	describe(&s->log, b);
	sb_addc(&s->log, '\n');
	s->n++;
}

/* Every surviving edit, one per line, file by file. */
static char *
dump(const struct edit_set *set)
{
	struct strbuf sb = STRBUF_INIT;
	const struct edit *e;
	size_t f, i, n;

	for (f = 0; f < edits_nfiles(set); f++) {
		e = edits_for_file(set, edits_file(set, f), &n);
		for (i = 0; i < n; i++) {
			describe(&sb, &e[i]);
			sb_addc(&sb, '\n');
		}
	}
	return (sb_detach(&sb));
}

static char *
apply_str(const struct edit_set *set, const char *file, const char *orig)
{
	const struct edit *e;
	size_t n, outlen;
	char *out;

	e = edits_for_file(set, file, &n);
	out = edits_apply_buffer(orig, strlen(orig), e, n, &outlen);
	cr_assert_eq(outlen, strlen(out));
	return (out);
}

Test(edits, empty_set)
{
	struct edit_set *set = edits_new();
	size_t n = 99;

	cr_assert_eq(edits_count(set), 0);
	cr_assert_eq(edits_finalize(set, NULL, NULL), 0);
	cr_assert_eq(edits_nfiles(set), 0);
	cr_assert_null(edits_for_file(set, "/x.c", &n));
	cr_assert_eq(n, 0);
	edits_free(set);
}

Test(edits, files_sorted_and_edits_in_offset_order)
{
	struct edit_set *set = edits_new();
	const struct edit *e;
	size_t n;

	edits_add(set, "/t/b.c", 20, 3, "B2", 0, NULL);
	edits_add(set, "/t/a.c", 5, 1, "A1", 0, NULL);
	edits_add(set, "/t/b.c", 2, 3, "B1", 0, NULL);
	edits_add(set, "/t/a.c", 0, 0, "A0", 0, NULL);
	cr_assert_eq(edits_count(set), 4);
	cr_assert_eq(edits_finalize(set, NULL, NULL), 0);
	cr_assert_eq(edits_nfiles(set), 2);
	cr_assert_str_eq(edits_file(set, 0), "/t/a.c");
	cr_assert_str_eq(edits_file(set, 1), "/t/b.c");
	e = edits_for_file(set, "/t/b.c", &n);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(e[0].text, "B1");
	cr_assert_str_eq(e[1].text, "B2");
	e = edits_for_file(set, "/t/a.c", &n);
	cr_assert_eq(n, 2);
	cr_assert_eq(e[0].off, 0);
	cr_assert_eq(e[1].off, 5);
	cr_assert_null(edits_for_file(set, "/t/c.c", &n));
	cr_assert_eq(n, 0);
	edits_free(set);
}

Test(edits, exact_duplicates_dropped_lowest_order_kept)
{
	struct edit_set *set = edits_new();
	const struct edit *e;
	size_t n;

	edits_add(set, "/t/h.h", 10, 3, "V_x", 5, "use of x from b.c");
	edits_add(set, "/t/h.h", 10, 3, "V_x", 2, "use of x from a.c");
	edits_add(set, "/t/h.h", 10, 3, "V_x", 2, "use of x from c.c");
	edits_add(set, "/t/h.h", 10, 3, "V_y", 2, NULL); /* differs: text */
	edits_add(set, "/t/h.h", 10, 4, "V_x", 2, NULL); /* differs: len */
	edits_add(set, "/t/g.h", 10, 3, "V_x", 2, NULL); /* differs: file */
	/* V_x and V_y on 10+3, and each of them against 10+4. */
	cr_assert_eq(edits_finalize(set, NULL, NULL), 3);
	e = edits_for_file(set, "/t/h.h", &n);
	cr_assert_eq(n, 0, "the three edits of h.h conflict; %zu left", n);
	e = edits_for_file(set, "/t/g.h", &n);
	cr_assert_eq(n, 1);
	edits_free(set);

	set = edits_new();
	edits_add(set, "/t/h.h", 10, 3, "V_x", 5, "use of x from b.c");
	edits_add(set, "/t/h.h", 10, 3, "V_x", 2, "use of x from c.c");
	edits_add(set, "/t/h.h", 10, 3, "V_x", 2, "use of x from a.c");
	edits_add(set, "/t/h.h", 10, 3, "V_x", 7, NULL);
	edits_add(set, "/t/h.h", 10, 3, "V_x", 2, NULL);
	cr_assert_eq(edits_finalize(set, NULL, NULL), 0);
	e = edits_for_file(set, "/t/h.h", &n);
	cr_assert_eq(n, 1);
	cr_assert_eq(e[0].order, 2);
	cr_assert_str_eq(e[0].why, "use of x from a.c");
	edits_free(set);
}

Test(edits, merge_copies_and_dedups_across_units)
{
	struct edit_set *all = edits_new(), *tu[3];
	const struct edit *e;
	char name[32];
	size_t i, n;

	for (i = 0; i < 3; i++) {
		tu[i] = edits_new();
		/* The header edit every unit sees, and one of its own. */
		edits_add(tu[i], "/t/foo.h", 7, 9, "VNET_DECLARE(int, foo)", 0,
		    "declaration of foo");
		snprintf(name, sizeof(name), "/t/u%zu.c", i);
		edits_add(tu[i], name, 0, 3, "V_foo", 0, "use of foo");
	}
	for (i = 0; i < 3; i++) {
		edits_merge(all, tu[i]);
		edits_free(tu[i]);
	}
	cr_assert_eq(edits_count(all), 6);
	cr_assert_eq(edits_finalize(all, NULL, NULL), 0);
	cr_assert_eq(edits_count(all), 4);
	cr_assert_eq(edits_nfiles(all), 4);
	e = edits_for_file(all, "/t/foo.h", &n);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(e[0].text, "VNET_DECLARE(int, foo)");
	cr_assert_str_eq(e[0].why, "declaration of foo");
	edits_merge(all, all);
	cr_assert_eq(edits_count(all), 4);
	edits_free(all);
}

Test(edits, merge_into_finalized_set_needs_finalize_again)
{
	struct edit_set *a = edits_new(), *b = edits_new();
	size_t n;

	edits_add(a, "/t/a.c", 0, 1, "x", 0, NULL);
	edits_finalize(a, NULL, NULL);
	edits_add(b, "/t/b.c", 0, 1, "y", 0, NULL);
	edits_merge(a, b);
	cr_assert_eq(edits_finalize(a, NULL, NULL), 0);
	cr_assert_eq(edits_nfiles(a), 2);
	cr_assert_not_null(edits_for_file(a, "/t/b.c", &n));
	edits_free(a);
	edits_free(b);
}

/* Finalizes a set of two edits and returns the conflicts it reported. */
static size_t
pair(size_t o1, size_t l1, const char *t1, size_t o2, size_t l2, const char *t2,
    size_t *left, char **log)
{
	struct edit_set *set = edits_new();
	struct seen s = {STRBUF_INIT, 0};
	size_t r;

	edits_add(set, "/t/p.c", o1, l1, t1, 0, "first");
	edits_add(set, "/t/p.c", o2, l2, t2, 0, "second");
	/* An edit elsewhere in the file is never caught up in it. */
	edits_add(set, "/t/p.c", 100, 1, "z", 0, "bystander");
	r = edits_finalize(set, on_conflict, &s);
	cr_assert_eq(r, s.n);
	*left = edits_count(set);
	if (log != NULL)
		*log = sb_detach(&s.log);
	sb_free(&s.log);
	edits_free(set);
	return (r);
}

Test(edits, conflicts_of_every_kind)
{
	size_t left;
	char *log;

	/* Same range, different text. */
	cr_assert_eq(pair(4, 3, "V_a", 4, 3, "V_b", &left, &log), 1);
	cr_assert_eq(left, 1);
	cr_assert_str_eq(log,
	    "p.c:4+3=\"V_a\"/0/first | p.c:4+3=\"V_b\"/0/second\n");
	free(log);
	/* Partial overlap, either side first. */
	cr_assert_eq(pair(0, 5, "a", 3, 5, "b", &left, NULL), 1);
	cr_assert_eq(left, 1);
	cr_assert_eq(pair(3, 5, "b", 0, 5, "a", &left, NULL), 1);
	cr_assert_eq(left, 1);
	/* Nesting. */
	cr_assert_eq(pair(0, 10, "a", 2, 4, "b", &left, NULL), 1);
	cr_assert_eq(pair(2, 4, "b", 0, 10, "a", &left, NULL), 1);
	/* Same start, different lengths. */
	cr_assert_eq(pair(2, 4, "b", 2, 5, "b", &left, NULL), 1);
	/* Same end. */
	cr_assert_eq(pair(1, 5, "b", 2, 4, "c", &left, NULL), 1);
	/* An insertion strictly inside a replaced range. */
	cr_assert_eq(pair(0, 5, "a", 1, 0, "ins", &left, NULL), 1);
	cr_assert_eq(pair(0, 5, "a", 4, 0, "ins", &left, NULL), 1);
	cr_assert_eq(left, 1);
	/* Same range, same text: a duplicate, not a conflict. */
	cr_assert_eq(pair(4, 3, "V_a", 4, 3, "V_a", &left, NULL), 0);
	cr_assert_eq(left, 2);
}

Test(edits, neighbours_do_not_conflict)
{
	size_t left;

	/* Adjacent replacements. */
	cr_assert_eq(pair(0, 3, "a", 3, 3, "b", &left, NULL), 0);
	cr_assert_eq(left, 3);
	/* Insertion at the start and at the end of a replacement. */
	cr_assert_eq(pair(0, 5, "a", 0, 0, "ins", &left, NULL), 0);
	cr_assert_eq(left, 3);
	cr_assert_eq(pair(0, 5, "a", 5, 0, "ins", &left, NULL), 0);
	cr_assert_eq(left, 3);
	/* Two insertions at one offset. */
	cr_assert_eq(pair(5, 0, "a", 5, 0, "b", &left, NULL), 0);
	cr_assert_eq(left, 3);
	/* The same offsets in two files. */
	{
		struct edit_set *set = edits_new();

		edits_add(set, "/t/a.c", 0, 5, "a", 0, NULL);
		edits_add(set, "/t/b.c", 2, 5, "b", 0, NULL);
		cr_assert_eq(edits_finalize(set, NULL, NULL), 0);
		cr_assert_eq(edits_count(set), 2);
		edits_free(set);
	}
}

Test(edits, one_edit_against_several_removes_them_all)
{
	struct edit_set *set = edits_new();
	struct seen s = {STRBUF_INIT, 0};
	const struct edit *e;
	size_t n;

	edits_add(set, "/t/c.c", 0, 20, "whole", 0, "w");
	edits_add(set, "/t/c.c", 2, 2, "x", 0, "x");
	edits_add(set, "/t/c.c", 10, 0, "i", 0, "i");
	edits_add(set, "/t/c.c", 18, 4, "y", 0, "y");
	/* Overlaps y only: chains are followed, not just pairs with w. */
	edits_add(set, "/t/c.c", 21, 3, "z", 0, "z");
	edits_add(set, "/t/c.c", 30, 1, "ok", 0, "ok");
	cr_assert_eq(edits_finalize(set, on_conflict, &s), 4);
	cr_assert_str_eq(sb_str(&s.log),
	    "c.c:0+20=\"whole\"/0/w | c.c:2+2=\"x\"/0/x\n"
	    "c.c:0+20=\"whole\"/0/w | c.c:10+0=\"i\"/0/i\n"
	    "c.c:0+20=\"whole\"/0/w | c.c:18+4=\"y\"/0/y\n"
	    "c.c:18+4=\"y\"/0/y | c.c:21+3=\"z\"/0/z\n");
	e = edits_for_file(set, "/t/c.c", &n);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(e[0].text, "ok");
	sb_free(&s.log);
	edits_free(set);
}

Test(edits, insertions_ordered_by_order_then_text)
{
	struct edit_set *set = edits_new();
	char *out;

	edits_add(set, "/t/i.c", 3, 0, "b", 2, NULL);
	edits_add(set, "/t/i.c", 3, 0, "z", 1, NULL);
	edits_add(set, "/t/i.c", 3, 0, "a", 1, NULL);
	edits_add(set, "/t/i.c", 3, 2, "R", 0, NULL);
	edits_add(set, "/t/i.c", 5, 0, "e", -1, NULL);
	edits_add(set, "/t/i.c", 0, 0, "s", 9, NULL);
	cr_assert_eq(edits_finalize(set, NULL, NULL), 0);
	out = apply_str(set, "/t/i.c", "0123456");
	cr_assert_str_eq(out, "s012azbRe56");
	free(out);
	edits_free(set);
}

Test(edits, finalize_twice_is_stable)
{
	struct edit_set *set = edits_new();
	char *a, *b;

	edits_add(set, "/t/s.c", 3, 0, "b", 2, NULL);
	edits_add(set, "/t/s.c", 1, 1, "x", 0, NULL);
	edits_add(set, "/t/s.c", 1, 1, "x", 0, NULL);
	edits_finalize(set, NULL, NULL);
	a = dump(set);
	cr_assert_eq(edits_finalize(set, NULL, NULL), 0);
	b = dump(set);
	cr_assert_str_eq(a, b);
	free(a);
	free(b);
	edits_free(set);
}

/* A small deterministic generator: tests must fail the same way twice. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (*s);
}

struct gen_edit {
	const char *file;
	size_t off, len;
	const char *text;
	int order;
	const char *why;
};

Test(edits, independent_of_arrival_order)
{
	static const char *files[] = {"/t/a.c", "/t/b.h", "/t/c.c"};
	static const char *texts[] = {"", "x", "V_foo", "y", "\n", "z\n"};
	static const char *whys[] = {NULL, "one", "two"};
	struct gen_edit g[240], tmp;
	struct edit_set *ref, *set, *part[4];
	struct seen sref = {STRBUF_INIT, 0}, s;
	char *dref, *d;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	size_t i, j, round, ng = 0;

	/* Duplicates, conflicts and same-offset insertions, on purpose. */
	for (i = 0; i < 120; i++) {
		g[ng].file = files[rnd(&seed) % 3];
		g[ng].off = rnd(&seed) % 60;
		g[ng].len = rnd(&seed) % 3 == 0 ? 0 : rnd(&seed) % 4;
		g[ng].text = texts[rnd(&seed) % 6];
		g[ng].order = (int)(rnd(&seed) % 3);
		g[ng].why = whys[rnd(&seed) % 3];
		ng++;
		if (rnd(&seed) % 4 == 0) {
			g[ng] = g[ng - 1];
			g[ng].why = whys[rnd(&seed) % 3];
			g[ng].order = (int)(rnd(&seed) % 3);
			ng++;
		}
	}
	ref = edits_new();
	for (i = 0; i < ng; i++)
		edits_add(ref, g[i].file, g[i].off, g[i].len, g[i].text,
		    g[i].order, g[i].why);
	edits_finalize(ref, on_conflict, &sref);
	cr_assert_gt(sref.n, 0, "the generator should make conflicts");
	cr_assert_gt(edits_count(ref), 10);
	dref = dump(ref);

	for (round = 0; round < 20; round++) {
		for (i = ng - 1; i > 0; i--) {
			j = rnd(&seed) % (i + 1);
			tmp = g[i];
			g[i] = g[j];
			g[j] = tmp;
		}
		/* Spread over translation units, merged in turn. */
		for (i = 0; i < 4; i++)
			part[i] = edits_new();
		for (i = 0; i < ng; i++)
			edits_add(part[rnd(&seed) % 4], g[i].file, g[i].off,
			    g[i].len, g[i].text, g[i].order, g[i].why);
		set = edits_new();
		for (i = 0; i < 4; i++) {
			edits_merge(set, part[(i + round) % 4]);
			edits_free(part[(i + round) % 4]);
		}
		s.log = (struct strbuf)STRBUF_INIT;
		s.n = 0;
		edits_finalize(set, on_conflict, &s);
		d = dump(set);
		cr_assert_str_eq(d, dref, "round %zu", round);
		cr_assert_str_eq(sb_str(&s.log), sb_str(&sref.log), "round %zu",
		    round);
		free(d);
		sb_free(&s.log);
		edits_free(set);
	}
	free(dref);
	sb_free(&sref.log);
	edits_free(ref);
}

Test(edits, apply_buffer)
{
	struct edit_set *set = edits_new();
	const struct edit *e;
	size_t n, outlen;
	char *out;

	/* Insertion into an empty file. */
	edits_add(set, "/t/empty.c", 0, 0, "int x;\n", 0, NULL);
	/* CRLF stays as it is; a deletion; an insertion at the end. */
	edits_add(set, "/t/crlf.c", 0, 4, "", 0, NULL);
	edits_add(set, "/t/crlf.c", 10, 4, "V_bar;", 0, NULL);
	edits_add(set, "/t/crlf.c", 16, 0, "/* end */", 0, NULL);
	edits_finalize(set, NULL, NULL);

	e = edits_for_file(set, "/t/empty.c", &n);
	out = edits_apply_buffer("", 0, e, n, &outlen);
	cr_assert_eq(outlen, 7);
	cr_assert_str_eq(out, "int x;\n");
	free(out);

	e = edits_for_file(set, "/t/crlf.c", &n);
	out = edits_apply_buffer("int foo;\r\nbar;\r\n", 16, e, n, &outlen);
	cr_assert_eq(outlen, 23);
	cr_assert_eq(memcmp(out, "foo;\r\nV_bar;\r\n/* end */", 24), 0);
	free(out);

	/* No edits: a copy. */
	out = edits_apply_buffer("abc", 3, NULL, 0, &outlen);
	cr_assert_eq(outlen, 3);
	cr_assert_str_eq(out, "abc");
	free(out);
	edits_free(set);
}

Test(edits, apply_buffer_past_end_is_fatal, .exit_code = EXIT_USAGE,
    .init = cr_redirect_stderr)
{
	struct edit e = {"/t/x.c", 2, 3, "x", 0, NULL};
	size_t outlen;

	edits_apply_buffer("abcd", 4, &e, 1, &outlen);
}

Test(edits, apply_buffer_overlap_is_fatal, .exit_code = EXIT_USAGE,
    .init = cr_redirect_stderr)
{
	struct edit e[2] = {{"/t/x.c", 0, 3, "x", 0, NULL},
	    {"/t/x.c", 1, 0, "y", 0, NULL}};
	size_t outlen;

	edits_apply_buffer("abcd", 4, e, 2, &outlen);
}

/* Static, so that a leak checker running at exit still sees it. */
static struct edit_set *unfinalized;

Test(edits, query_before_finalize_is_fatal, .exit_code = EXIT_USAGE,
    .init = cr_redirect_stderr)
{
	unfinalized = edits_new();
	edits_add(unfinalized, "/t/x.c", 0, 1, "x", 0, NULL);
	edits_nfiles(unfinalized);
}

Test(edits, contents_check)
{
	struct edit_set *set = edits_new(), *other = edits_new();
	struct edit_set *third = edits_new();
	const char *v1 = "int foo;\n", *v2 = "int fou;\n";

	edits_add(set, "/t/x.c", 4, 3, "V_foo", 0, NULL);
	edits_add(set, "/t/y.c", 4, 3, "V_foo", 0, NULL);
	edits_expect_data(set, "/t/x.c", v1, strlen(v1));
	edits_finalize(set, NULL, NULL);
	cr_assert_eq(edits_check_contents(set, "/t/x.c", v1, strlen(v1)),
	    EDITS_CONTENTS_MATCH);
	cr_assert_eq(edits_check_contents(set, "/t/x.c", v2, strlen(v2)),
	    EDITS_CONTENTS_CHANGED);
	cr_assert_eq(edits_check_contents(set, "/t/x.c", v1, 3),
	    EDITS_CONTENTS_CHANGED);
	cr_assert_eq(edits_check_contents(set, "/t/y.c", v2, strlen(v2)),
	    EDITS_CONTENTS_UNKNOWN);
	cr_assert_eq(edits_check_contents(set, "/t/y.c", v2, 5),
	    EDITS_CONTENTS_SHORT);

	/* Seen the same by another unit: still fine; seen otherwise: not. */
	edits_expect_data(other, "/t/x.c", v1, strlen(v1));
	edits_merge(set, other);
	edits_finalize(set, NULL, NULL);
	cr_assert_eq(edits_check_contents(set, "/t/x.c", v1, strlen(v1)),
	    EDITS_CONTENTS_MATCH);
	edits_expect_data(third, "/t/x.c", v2, strlen(v2));
	edits_merge(set, third);
	edits_finalize(set, NULL, NULL);
	cr_assert_eq(edits_check_contents(set, "/t/x.c", v1, strlen(v1)),
	    EDITS_CONTENTS_INCONSISTENT);
	cr_assert_eq(edits_check_contents(set, "/t/x.c", v2, strlen(v2)),
	    EDITS_CONTENTS_INCONSISTENT);
	edits_free(set);
	edits_free(other);
	edits_free(third);
}

Test(edits, fnv1a64_known_values)
{
	/* The published FNV-1a 64 test vectors. */
	cr_assert_eq(fnv1a64("", 0), 0xcbf29ce484222325ULL);
	cr_assert_eq(fnv1a64("a", 1), 0xaf63dc4c8601ec8cULL);
	cr_assert_eq(fnv1a64("foobar", 6), 0x85944171f73967e8ULL);
}
