/*
 * test_diff.c: the unified diff.  Exact text for small cases, and a
 * round trip: random edits to a temporary tree, rendered as a diff, must
 * give byte for byte edits_apply_buffer's result under both "git apply"
 * and "patch -p1".
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <stdarg.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edits/edits.h"
#include "output/diff.h"
#include "support/util.h"
#include "tmptree.h"

static char *root; /* canonical temporary directory of the test */

static void
setup(void)
{
	root = tmptree_new("diff");
}

static void
teardown(void)
{
	tmptree_remove(root);
}

/* Writes dir/rel, making its directories; returns its path. */
static char *
put(const char *dir, const char *rel, const char *data, size_t len)
{
	return (tmptree_put(dir, rel, data, len, 0644));
}

static char *
puts_(const char *rel, const char *data)
{
	return (put(root, rel, data, strlen(data)));
}

/* The diff of set against the tree, and diff_write's result in *rc. */
static char *
diff_of(struct edit_set *set, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	edits_finalize(set, NULL, NULL);
	*rc = diff_write(f, root, set);
	fclose(f);
	return (buf);
}

/* Expects the diff of one edit to one file. */
static void
check1(const char *rel, const char *orig, size_t off, size_t len,
    const char *text, const char *want)
{
	struct edit_set *set = edits_new();
	char *path = puts_(rel, orig), *got;
	int rc;

	edits_add(set, path, off, len, text, 0, NULL);
	got = diff_of(set, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(got, want);
	free(got);
	free(path);
	edits_free(set);
}

/* Byte offset of the start of line k (1-based). */
static size_t
line_off(const char *s, int k)
{
	const char *p = s;

	while (--k > 0)
		p = strchr(p, '\n') + 1;
	return ((size_t)(p - s));
}

static char *
numbered(int n)
{
	struct strbuf sb = STRBUF_INIT;
	int i;

	for (i = 1; i <= n; i++)
		sb_addf(&sb, "l%d\n", i);
	return (sb_detach(&sb));
}

TestSuite(diff, .init = setup, .fini = teardown);

Test(diff, one_replacement)
{
	char *ten = numbered(10);

	check1("ten.c", ten, line_off(ten, 5), 2, "L5",
	    "--- a/ten.c\n"
	    "+++ b/ten.c\n"
	    "@@ -2,7 +2,7 @@\n"
	    " l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n");
	free(ten);
}

Test(diff, no_newline_at_end_of_file)
{
	check1("a.c", "a\nb\nc", 4, 1, "C",
	    "--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n a\n b\n-c\n"
	    "\\ No newline at end of file\n+C\n"
	    "\\ No newline at end of file\n");
	/* Adding the newline. */
	check1("b.c", "a\nb\nc", 5, 0, "\n",
	    "--- a/b.c\n+++ b/b.c\n@@ -1,3 +1,3 @@\n a\n b\n-c\n"
	    "\\ No newline at end of file\n+c\n");
	/* Taking it away. */
	check1("c.c", "a\nb\n", 3, 1, "",
	    "--- a/c.c\n+++ b/c.c\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n"
	    "\\ No newline at end of file\n");
	/* A last line without one, as context. */
	check1("d.c", "a\nb\nc", 0, 1, "A",
	    "--- a/d.c\n+++ b/d.c\n@@ -1,3 +1,3 @@\n-a\n+A\n b\n c\n"
	    "\\ No newline at end of file\n");
	/* Appending lines to it. */
	check1("e.c", "a\nb", 3, 0, "\nc",
	    "--- a/e.c\n+++ b/e.c\n@@ -1,2 +1,3 @@\n a\n-b\n"
	    "\\ No newline at end of file\n+b\n+c\n"
	    "\\ No newline at end of file\n");
}

Test(diff, insertion_at_start_and_end)
{
	check1("s.c", "a\nb\nc\nd\ne\n", 0, 0, "/* hi */\n",
	    "--- a/s.c\n+++ b/s.c\n@@ -1,3 +1,4 @@\n+/* hi */\n a\n b\n c\n");
	check1("t.c", "a\nb\nc\nd\ne\n", 10, 0, "f\n",
	    "--- a/t.c\n+++ b/t.c\n@@ -3,3 +3,4 @@\n c\n d\n e\n+f\n");
	/* Splitting a line: only the new one shows. */
	check1("u.c", "int a;\n", 6, 0, "\nint b;",
	    "--- a/u.c\n+++ b/u.c\n@@ -1 +1,2 @@\n int a;\n+int b;\n");
}

Test(diff, empty_file_and_emptied_file)
{
	check1("empty.c", "", 0, 0, "int a;\nint b;\n",
	    "--- a/empty.c\n+++ b/empty.c\n@@ -0,0 +1,2 @@\n+int a;\n+int "
	    "b;\n");
	check1("gone.c", "x\ny\n", 0, 4, "",
	    "--- a/gone.c\n+++ b/gone.c\n@@ -1,2 +0,0 @@\n-x\n-y\n");
}

Test(diff, crlf_kept)
{
	check1("w.c", "a\r\nb\r\nc\r\n", 3, 1, "B",
	    "--- a/w.c\n+++ b/w.c\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n");
}

Test(diff, equal_lines_inside_a_replacement_are_context)
{
	check1("m.c", "x\na\nmid\nb\ny\n", 2, 7, "A\nmid\nB",
	    "--- a/m.c\n+++ b/m.c\n@@ -1,5 +1,5 @@\n x\n-a\n+A\n mid\n-b\n+B\n"
	    " y\n");
}

Test(diff, hunks_merge_when_close)
{
	struct edit_set *set = edits_new();
	char *thirty = numbered(30), *path = puts_("h.c", thirty), *got;
	int rc;

	/* Lines 1 and 8: six lines between, the contexts touch: one hunk. */
	edits_add(set, path, line_off(thirty, 1), 2, "L1", 0, NULL);
	edits_add(set, path, line_off(thirty, 8), 2, "L8", 0, NULL);
	/* Line 20 and the insertion before line 28: seven apart, two more. */
	edits_add(set, path, line_off(thirty, 20), 3, "L20", 0, NULL);
	edits_add(set, path, line_off(thirty, 28), 0, "new\n", 0, NULL);
	got = diff_of(set, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(got,
	    "--- a/h.c\n+++ b/h.c\n"
	    "@@ -1,11 +1,11 @@\n-l1\n+L1\n l2\n l3\n l4\n l5\n l6\n l7\n"
	    "-l8\n+L8\n l9\n l10\n l11\n"
	    "@@ -17,7 +17,7 @@\n l17\n l18\n l19\n-l20\n+L20\n l21\n l22\n"
	    " l23\n"
	    "@@ -25,6 +25,7 @@\n l25\n l26\n l27\n+new\n l28\n l29\n l30\n");
	free(got);
	edits_free(set);

	/* Lines 1 and 9: seven lines between: two hunks. */
	set = edits_new();
	edits_add(set, path, line_off(thirty, 1), 2, "L1", 0, NULL);
	edits_add(set, path, line_off(thirty, 9), 2, "L9", 0, NULL);
	got = diff_of(set, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(got,
	    "--- a/h.c\n+++ b/h.c\n"
	    "@@ -1,4 +1,4 @@\n-l1\n+L1\n l2\n l3\n l4\n"
	    "@@ -6,7 +6,7 @@\n l6\n l7\n l8\n-l9\n+L9\n l10\n l11\n l12\n");
	free(got);
	edits_free(set);
	free(path);
	free(thirty);
}

Test(diff, shifted_new_side_and_files_in_path_order)
{
	struct edit_set *set = edits_new();
	char *twenty = numbered(20), *b = puts_("sub/b.h", twenty);
	char *a = puts_("my file.c", "x\n"), *got;
	int rc;

	/* Two lines in for one out near the top shift the next hunk by one. */
	edits_add(set, b, line_off(twenty, 2), 3, "n1\nn2\n", 0, NULL);
	edits_add(set, b, line_off(twenty, 15), 4, "", 0, NULL);
	edits_add(set, a, 0, 1, "y", 0, NULL);
	got = diff_of(set, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(got,
	    "--- a/my file.c\t\n+++ b/my file.c\t\n@@ -1 +1 @@\n-x\n+y\n"
	    "--- a/sub/b.h\n+++ b/sub/b.h\n"
	    "@@ -1,5 +1,6 @@\n l1\n-l2\n+n1\n+n2\n l3\n l4\n l5\n"
	    "@@ -12,7 +13,6 @@\n l12\n l13\n l14\n-l15\n l16\n l17\n l18\n");
	free(got);
	free(a);
	free(b);
	free(twenty);
	edits_free(set);
}

Test(diff, unchanged_file_gives_nothing)
{
	struct edit_set *set = edits_new();
	char *p = puts_("same.c", "int foo;\n"), *q = puts_("other.c", "a\n");
	char *got;
	int rc;

	edits_add(set, p, 4, 3, "foo", 0, NULL);
	got = diff_of(set, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(got, "");
	free(got);
	edits_add(set, q, 0, 1, "b", 0, NULL);
	got = diff_of(set, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(got,
	    "--- a/other.c\n+++ b/other.c\n@@ -1 +1 @@\n-a\n+b\n");
	free(got);
	free(p);
	free(q);
	edits_free(set);
}

Test(diff, refuses_a_file_outside_root, .init = cr_redirect_stderr)
{
	struct edit_set *set = edits_new();
	char *tmpl = tmptree_new("out"), *in, *out, *got;
	int rc;

	in = puts_("in.c", "a\n");
	out = put(tmpl, "out.c", "a\n", 2);
	edits_add(set, in, 0, 1, "b", 0, NULL);
	edits_add(set, out, 0, 1, "b", 0, NULL);
	got = diff_of(set, &rc);
	cr_assert_eq(rc, EXDEV);
	cr_assert_str_eq(got, "");
	free(got);
	/* A name that only looks inside. */
	edits_free(set);
	set = edits_new();
	free(out);
	out = xasprintf("%s/../%s/in.c", root, strrchr(tmpl, '/') + 1);
	free(put(tmpl, "in.c", "a\n", 2));
	edits_add(set, out, 0, 1, "b", 0, NULL);
	got = diff_of(set, &rc);
	cr_assert_eq(rc, EXDEV);
	cr_assert_str_eq(got, "");
	free(got);
	free(out);
	free(in);
	edits_free(set);
	tmptree_remove(tmpl);
}

Test(diff, refuses_a_file_that_changed, .init = cr_redirect_stderr)
{
	struct edit_set *set = edits_new();
	const char *v1 = "int foo;\n";
	char *p = puts_("x.c", v1), *q = puts_("y.c", "int bar;\n"), *got;
	int rc;

	edits_add(set, q, 4, 3, "V_bar", 0, NULL);
	edits_add(set, p, 4, 3, "V_foo", 0, NULL);
	edits_expect_data(set, p, v1, strlen(v1));
	puts_("x.c", "int fox;\n");
	got = diff_of(set, &rc);
	cr_assert_eq(rc, ESTALE);
	cr_assert_str_eq(got, "");
	free(got);
	/* Shorter than the edits, with no record to compare. */
	edits_add(set, q, 20, 1, "x", 0, NULL);
	puts_("x.c", v1);
	got = diff_of(set, &rc);
	cr_assert_eq(rc, ESTALE);
	cr_assert_str_eq(got, "");
	free(got);
	free(p);
	free(q);
	edits_free(set);
}

/* Round trip. */

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (*s);
}

static int
run(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

static int
run(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int st;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	st = system(sb.s);
	sb_free(&sb);
	return (st);
}

/* Lines that repeat, so that a block can match lines in more than one way. */
static const char *vocab[] = {"int foo_count;", "", "}", "{", "\treturn (x);",
    "static int bar = 1;", "#define V_x VNET(x)", "\tfoo_count++;",
    "/* comment */"};
static const char *pool[] = {"", "V_foo_count", "\n", "x\n",
    "VNET_DEFINE(int, foo);\n#define V_foo VNET(foo)\n", "\r\n", "tab\there",
    "  ", "}\n{\n", "\\ backslash", "-", "+", " "};

static char *
gen_content(uint64_t *seed, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = rnd(seed) % 40;
	bool crlf = rnd(seed) % 4 == 0;

	for (i = 0; i < n; i++) {
		sb_adds(&sb,
		    vocab[rnd(seed) % (sizeof(vocab) / sizeof(*vocab))]);
		sb_adds(&sb, crlf ? "\r\n" : "\n");
	}
	/* Sometimes no newline at the end. */
	if (n > 0 && rnd(seed) % 3 == 0)
		sb_adds(&sb, "tail");
	*len = sb.len;
	return (sb_detach(&sb));
}

static bool
same_file(const char *path, const char *want, size_t wlen)
{
	char *data;
	size_t len;
	bool same;

	if (read_file(path, &data, &len) != 0)
		return (false);
	same = len == wlen && memcmp(data, want, len) == 0;
	free(data);
	return (same);
}

static int
count_leftovers(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)flag;
	(void)ftw;
	return (n > 4 &&
	    (strcmp(path + n - 4, ".rej") == 0 ||
		strcmp(path + n - 5, ".orig") == 0));
}

Test(diff, round_trip_through_git_apply_and_patch)
{
	static const char *names[] = {"a.c", "b.c", "sub/dir/c.h", "sp ace.c",
	    "e.c", "f.c", "q\"uote.c"};
	enum { NF = sizeof(names) / sizeof(*names) };
	char *orig = path_join(root, "orig"), *path[NF], *data[NF], *want[NF];
	char *gdir, *pdir, *patchfile, *d1, *d2;
	size_t len[NF], wlen[NF], i, k, ne, off, n, total_edits = 0;
	struct edit_set *set, *rev;
	const struct edit *e;
	uint64_t seed = 0x2545f4914f6cdd1dULL;
	int round, rc;
	FILE *f;

	gdir = path_join(root, "git");
	pdir = path_join(root, "patch");
	patchfile = path_join(root, "edits.diff");
	for (round = 0; round < 40; round++) {
		cr_assert_eq(run("rm -rf '%s' '%s' '%s'", orig, gdir, pdir), 0);
		set = edits_new();
		rev = edits_new();
		for (i = 0; i < NF; i++) {
			data[i] = gen_content(&seed, &len[i]);
			path[i] = put(orig, names[i], data[i], len[i]);
			edits_expect_data(set, path[i], data[i], len[i]);
			ne = rnd(&seed) % 8;
			for (k = 0; k < ne; k++) {
				off = len[i] ? rnd(&seed) % (len[i] + 1) : 0;
				n = rnd(&seed) % 3 ? rnd(&seed) % 12 : 0;
				if (n > len[i] - off)
					n = len[i] - off;
				edits_add(set, path[i], off, n,
				    pool[rnd(&seed) %
					(sizeof(pool) / sizeof(*pool))],
				    (int)(rnd(&seed) % 3), NULL);
			}
			if (rnd(&seed) % 4 == 0)
				edits_add(set, path[i], 0, 0, "/* top */\n", 0,
				    NULL);
			if (rnd(&seed) % 4 == 0)
				edits_add(set, path[i], len[i], 0, "\nend\n", 0,
				    NULL);
		}
		edits_finalize(set, NULL, NULL);
		total_edits += edits_count(set);
		for (i = 0; i < NF; i++) {
			e = edits_for_file(set, path[i], &n);
			want[i] =
			    edits_apply_buffer(data[i], len[i], e, n, &wlen[i]);
		}
		f = fopen(patchfile, "wb");
		cr_assert_not_null(f);
		cr_assert_eq(diff_write(f, orig, set), 0);
		cr_assert_eq(fclose(f), 0);

		/* The same edits arriving backwards: the same bytes. */
		for (i = NF; i-- > 0;) {
			e = edits_for_file(set, path[i], &n);
			for (k = n; k-- > 0;)
				edits_add(rev, e[k].file, e[k].off, e[k].len,
				    e[k].text, e[k].order, e[k].why);
		}
		edits_finalize(rev, NULL, NULL);
		{
			char *b1 = NULL, *b2 = NULL;
			size_t l1 = 0, l2 = 0;
			FILE *m1 = open_memstream(&b1, &l1);
			FILE *m2 = open_memstream(&b2, &l2);

			cr_assert_eq(diff_write(m1, orig, set), 0);
			cr_assert_eq(diff_write(m2, orig, rev), 0);
			fclose(m1);
			fclose(m2);
			cr_assert_str_eq(b1, b2);
			free(b1);
			free(b2);
		}

		cr_assert_eq(run("cp -a '%s' '%s' && cp -a '%s' '%s'", orig,
				 gdir, orig, pdir),
		    0);
		rc = run("cd '%s' && git init -q . && "
			 "git -c core.autocrlf=false apply --whitespace=nowarn "
			 "'%s'",
		    gdir, patchfile);
		cr_assert_eq(rc, 0, "round %d: git apply failed", round);
		rc = run("cd '%s' && patch -p1 -s --no-backup-if-mismatch "
			 "-i '%s'",
		    pdir, patchfile);
		cr_assert_eq(rc, 0, "round %d: patch -p1 failed", round);
		for (i = 0; i < NF; i++) {
			d1 = path_join(gdir, names[i]);
			d2 = path_join(pdir, names[i]);
			cr_assert(same_file(d1, want[i], wlen[i]),
			    "round %d: git apply made %s differ", round,
			    names[i]);
			cr_assert(same_file(d2, want[i], wlen[i]),
			    "round %d: patch made %s differ", round, names[i]);
			free(d1);
			free(d2);
		}
		cr_assert_eq(nftw(pdir, count_leftovers, 16, FTW_PHYS), 0);

		for (i = 0; i < NF; i++) {
			free(data[i]);
			free(want[i]);
			free(path[i]);
		}
		edits_free(set);
		edits_free(rev);
	}
	/* The generator must have produced real work. */
	cr_assert_gt(total_edits, 100);
	free(orig);
	free(gdir);
	free(pdir);
	free(patchfile);
}
