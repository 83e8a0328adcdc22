/*
 * test_fixes.c: the clang-apply-replacements YAML.  The stock tool is the
 * judge: it must read what we write and produce edits_apply_buffer's
 * result, whatever bytes the replacement texts hold.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "edits/edits.h"
#include "output/fixes.h"
#include "support/util.h"
#include "tmptree.h"

#define TOOL "/usr/bin/clang-apply-replacements-19"

static char *root, *yamldir;

static void
setup(void)
{
	root = tmptree_new("fixes");
	yamldir = path_join(root, "yaml");
	cr_assert_eq(mkdir(yamldir, 0755), 0);
}

static void
teardown(void)
{
	tmptree_remove(root);
	free(yamldir);
}

TestSuite(fixes, .init = setup, .fini = teardown);

static char *
put(const char *rel, const char *data, size_t len)
{
	return (tmptree_put(root, rel, data, len, 0644));
}

static char *
yaml_of(const char *main, struct edit_set *set)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(fixes_write_yaml(f, main, set), 0);
	fclose(f);
	return (buf);
}

static void
write_yaml(const char *name, const char *main, struct edit_set *set)
{
	char *path = path_join(yamldir, name), *y = yaml_of(main, set);
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f);
	fputs(y, f);
	cr_assert_eq(fclose(f), 0);
	free(y);
	free(path);
}

/* Runs the stock tool over yamldir; it must succeed without a word. */
static void
run_tool(void)
{
	char *log = path_join(root, "tool.log"), *cmd, *out;
	size_t len;
	int st;

	cmd = xasprintf("'%s' '%s' >'%s' 2>&1", TOOL, yamldir, log);
	st = system(cmd);
	cr_assert_eq(read_file(log, &out, &len), 0);
	cr_assert_eq(st, 0, "%s failed: %s", TOOL, out);
	cr_assert_eq(len, 0, "%s said: %s", TOOL, out);
	free(out);
	free(cmd);
	unlink(log);
	free(log);
}

/* The file now holds what edits_apply_buffer makes of orig. */
static void
check_applied(const struct edit_set *set, const char *path, const char *orig,
    size_t olen)
{
	const struct edit *e;
	char *want, *got;
	size_t n, wlen, glen;

	e = edits_for_file(set, path, &n);
	want = edits_apply_buffer(orig, olen, e, n, &wlen);
	cr_assert_eq(read_file(path, &got, &glen), 0);
	cr_assert(glen == wlen && memcmp(got, want, wlen) == 0,
	    "%s:\n got [%s]\nwant [%s]", path, got, want);
	free(want);
	free(got);
}

Test(fixes, exact_text)
{
	struct edit_set *set = edits_new();
	char *y;

	edits_add(set, "/src/a.c", 12, 1, "q\"\n\t\\", 0, NULL);
	edits_add(set, "/src/a.c", 10, 0, "B", 2, "second");
	edits_add(set, "/src/a.c", 4, 3, "V_x", 0, "use of x");
	edits_add(set, "/src/a.c", 10, 0, "A", 1, NULL);
	edits_add(set, "/src/a.c", 20, 0, "", 0, "does nothing");
	edits_finalize(set, NULL, NULL);
	y = yaml_of("/src/a.c", set);
	cr_assert_str_eq(y,
	    "---\n"
	    "MainSourceFile:  \"/src/a.c\"\n"
	    "Diagnostics:\n"
	    "  - DiagnosticName:  vnetify\n"
	    "    DiagnosticMessage:\n"
	    "      Message:         \"vnetify: use of x: write V_x\"\n"
	    "      FilePath:        \"/src/a.c\"\n"
	    "      FileOffset:      4\n"
	    "      Replacements:\n"
	    "        - FilePath:        \"/src/a.c\"\n"
	    "          Offset:          4\n"
	    "          Length:          3\n"
	    "          ReplacementText: \"V_x\"\n"
	    "    Level:           Warning\n"
	    "  - DiagnosticName:  vnetify\n"
	    "    DiagnosticMessage:\n"
	    "      Message:         \"vnetify: second: write AB\"\n"
	    "      FilePath:        \"/src/a.c\"\n"
	    "      FileOffset:      10\n"
	    "      Replacements:\n"
	    "        - FilePath:        \"/src/a.c\"\n"
	    "          Offset:          10\n"
	    "          Length:          0\n"
	    "          ReplacementText: \"AB\"\n"
	    "    Level:           Warning\n"
	    "  - DiagnosticName:  vnetify\n"
	    "    DiagnosticMessage:\n"
	    "      Message:         \"vnetify: edit: write q\\\" ...\"\n"
	    "      FilePath:        \"/src/a.c\"\n"
	    "      FileOffset:      12\n"
	    "      Replacements:\n"
	    "        - FilePath:        \"/src/a.c\"\n"
	    "          Offset:          12\n"
	    "          Length:          1\n"
	    "          ReplacementText: \"q\\\"\\n\\t\\\\\"\n"
	    "    Level:           Warning\n"
	    "...\n");
	free(y);
	edits_free(set);
}

Test(fixes, empty_set)
{
	struct edit_set *set = edits_new();
	char *y;

	edits_finalize(set, NULL, NULL);
	y = yaml_of("/src/a.c", set);
	cr_assert_str_eq(y,
	    "---\nMainSourceFile:  \"/src/a.c\"\nDiagnostics:     []\n...\n");
	free(y);
	edits_free(set);
	/* And the tool takes it as nothing to do. */
	set = edits_new();
	edits_finalize(set, NULL, NULL);
	write_yaml("empty.yaml", "/src/a.c", set);
	run_tool();
	edits_free(set);
}

/* Texts YAML would read as something else if written plainly. */
static const char *tricky[] = {
    "two\nlines\n",
    "\ttab\tand trailing tab\t",
    "say \"hi\"",
    "back\\slash\\",
    "'single' ''quotes''",
    "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80",
    "NEL\xc2\x85 LS\xe2\x80\xa8 PS\xe2\x80\xa9 BOM\xef\xbb\xbf",
    "latin-1 \xe9 and stray \xff\xfe\x80 bytes",
    "controls \x01\x1b\x7f end",
    "#not a comment",
    "key: value",
    "- item",
    "---",
    "...",
    "  leading and trailing  ",
    "crlf\r\nline\r\n",
    "%TAG ! tag:x",
    "&anchor *alias !tag",
    "{flow} [seq] @ ` | > ~",
    "null",
    "true",
    "0x1F",
    "",
    "\\\"\\n",
    "\r",
    "\n",
};

Test(fixes, tricky_texts_through_the_stock_tool)
{
	struct edit_set *set = edits_new();
	struct strbuf src = STRBUF_INIT;
	size_t i, n = sizeof(tricky) / sizeof(*tricky);
	char *path;

	/* One line per text: "slot_N = old;\n"; each text replaces "old". */
	for (i = 0; i < n; i++)
		sb_addf(&src, "slot_%zu = old;\n", i);
	path = put("tricky.c", src.s, src.len);
	for (i = 0; i < n; i++) {
		char *key = xasprintf("slot_%zu =", i);
		size_t off = (size_t)(strstr(src.s, key) - src.s);

		off += strlen(key) + 1;
		edits_add(set, path, off, 3, tricky[i], 0, tricky[i]);
		free(key);
	}
	edits_finalize(set, NULL, NULL);
	cr_assert_eq(edits_count(set), n);
	write_yaml("tricky.yaml", "/main \"file\".c", set);
	run_tool();
	check_applied(set, path, src.s, src.len);
	sb_free(&src);
	free(path);
	edits_free(set);
}

/* Valid UTF-8 throughout: the only text a YAML reader is obliged to take. */
static bool
is_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k, i;

	while (*p != '\0') {
		k = *p < 0x80	? 1
		    : *p < 0xc2 ? 0
		    : *p < 0xe0 ? 2
		    : *p < 0xf0 ? 3
		    : *p < 0xf5 ? 4
				: 0;
		if (k == 0)
			return (false);
		for (i = 1; i < k; i++)
			if ((p[i] & 0xc0) != 0x80)
				return (false);
		p += k;
	}
	return (true);
}

/*
 * libyaml, a reader that follows the YAML specification to the letter,
 * gets back every replacement text that is UTF-8 (YAML has no way to say
 * other bytes; LLVM's reader takes them raw, as the test above shows).
 */
Test(fixes, a_strict_yaml_reader_reads_the_same_texts)
{
	struct edit_set *set = edits_new();
	struct strbuf src = STRBUF_INIT;
	const char *want[sizeof(tricky) / sizeof(*tricky)];
	size_t i, n = 0, got = 0;
	yaml_parser_t parser;
	yaml_event_t ev;
	bool next_is_text = false, done = false;
	char *path, *y;

	for (i = 0; i < sizeof(tricky) / sizeof(*tricky); i++)
		if (is_utf8(tricky[i]) && tricky[i][0] != '\0')
			want[n++] = tricky[i];
	for (i = 0; i < n; i++)
		sb_addf(&src, "slot_%zu = old;\n", i);
	path = put("strict.c", src.s, src.len);
	for (i = 0; i < n; i++) {
		char *key = xasprintf("slot_%zu =", i);
		size_t off = (size_t)(strstr(src.s, key) - src.s);

		edits_add(set, path, off + strlen(key) + 1, 3, want[i], 0,
		    "test");
		free(key);
	}
	edits_finalize(set, NULL, NULL);
	y = yaml_of(path, set);
	cr_assert(yaml_parser_initialize(&parser));
	yaml_parser_set_input_string(&parser, (const unsigned char *)y,
	    strlen(y));
	while (!done) {
		cr_assert(yaml_parser_parse(&parser, &ev), "libyaml: %s",
		    parser.problem);
		if (ev.type == YAML_SCALAR_EVENT) {
			const char *v = (const char *)ev.data.scalar.value;

			if (next_is_text) {
				cr_assert_lt(got, n);
				cr_assert(ev.data.scalar.length ==
					    strlen(want[got]) &&
					memcmp(v, want[got],
					    strlen(want[got])) == 0,
				    "text %zu: got [%s], want [%s]", got, v,
				    want[got]);
				got++;
			}
			next_is_text = strcmp(v, "ReplacementText") == 0;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	cr_assert_eq(got, n);
	yaml_parser_delete(&parser);
	free(y);
	free(path);
	sb_free(&src);
	edits_free(set);
}

Test(fixes, insertions_at_one_offset_and_around_a_replacement)
{
	struct edit_set *set = edits_new();
	const char *src = "int foo_count;\nint bar;\n";
	char *path = put("ins.c", src, strlen(src));

	edits_add(set, path, 4, 9, "V_foo_count", 0, NULL);
	edits_add(set, path, 4, 0, "/* b */", 2, NULL);
	edits_add(set, path, 4, 0, "/* a */", 1, NULL);
	edits_add(set, path, 4, 0, "/* a2 */", 1, NULL);
	edits_add(set, path, 13, 0, "/* after */", 0, NULL);
	edits_add(set, path, 15, 0, "#define X\n", 5, NULL);
	edits_add(set, path, 15, 0, "#define Y\n", 4, NULL);
	edits_add(set, path, 24, 0, "/* end */\n", 0, NULL);
	edits_finalize(set, NULL, NULL);
	write_yaml("ins.yaml", path, set);
	run_tool();
	check_applied(set, path, src, strlen(src));
	free(path);
	edits_free(set);
}

Test(fixes, shards_sharing_a_header_merge_in_the_stock_tool)
{
	struct edit_set *tu[2], *all = edits_new();
	const char *h = "extern int foo;\n",
		   *a = "int foo;\nint f(void) { return foo; }\n",
		   *b = "int g(void) { return foo + 1; }\n";
	char *hp = put("inc/foo.h", h, strlen(h)),
	     *ap = put("a.c", a, strlen(a));
	char *bp = put("b.c", b, strlen(b));
	size_t i;

	for (i = 0; i < 2; i++) {
		tu[i] = edits_new();
		edits_add(tu[i], hp, 0, 15, "VNET_DECLARE(int, foo);", 0,
		    "declaration of foo");
		edits_add(tu[i], hp, 16, 0, "#define V_foo VNET(foo)\n", 0,
		    "declaration of foo");
	}
	edits_add(tu[0], ap, 0, 7, "VNET_DEFINE(int, foo)", 0, NULL);
	edits_add(tu[0], ap, 30, 3, "V_foo", 0, NULL);
	edits_add(tu[1], bp, 21, 3, "V_foo", 0, NULL);
	for (i = 0; i < 2; i++) {
		edits_merge(all, tu[i]);
		edits_finalize(tu[i], NULL, NULL);
		write_yaml(i == 0 ? "a.yaml" : "b.yaml", i == 0 ? ap : bp,
		    tu[i]);
	}
	edits_finalize(all, NULL, NULL);
	run_tool();
	check_applied(all, hp, h, strlen(h));
	check_applied(all, ap, a, strlen(a));
	check_applied(all, bp, b, strlen(b));
	for (i = 0; i < 2; i++)
		edits_free(tu[i]);
	edits_free(all);
	free(hp);
	free(ap);
	free(bp);
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (*s);
}

/*
 * The tool tidies commas next to the lines it changes (clang-format's
 * clean-up), so the random texts and contents have none.
 */
static const char *vocab[] = {"int foo_count;", "", "}", "{", "\treturn (x);",
    "static int bar = 1;", "#define V_x VNET(x)", "/* caf\xc3\xa9 */",
    "s = \"str\\n\";"};
static const char *pool[] = {"", "V_foo_count", "\n", "x\n",
    "VNET_DEFINE_STATIC(int bar) = 1;\n#define V_bar VNET(bar)\n", "\r\n",
    "tab\there", "\"q\"", "\\", "\xe2\x80\xa8", "\xff", ": ", "# c", "\n- ",
    "'"};

Test(fixes, random_edits_through_the_stock_tool)
{
	enum { NF = 4 };
	struct edit_set *set;
	struct strbuf sb = STRBUF_INIT;
	char *path[NF], *data[NF], name[32];
	size_t len[NF], i, k, ne, off, n, total = 0;
	uint64_t seed = 0xd1b54a32d192ed03ULL;
	int round;

	for (round = 0; round < 12; round++) {
		set = edits_new();
		for (i = 0; i < NF; i++) {
			sb_reset(&sb);
			n = rnd(&seed) % 30;
			for (k = 0; k < n; k++) {
				sb_adds(&sb,
				    vocab[rnd(&seed) %
					(sizeof(vocab) / sizeof(*vocab))]);
				sb_adds(&sb, rnd(&seed) % 5 ? "\n" : "\r\n");
			}
			len[i] = sb.len;
			data[i] = xstrdup(sb_str(&sb));
			snprintf(name, sizeof(name), "r%d/f%zu.c", round, i);
			path[i] = put(name, data[i], len[i]);
			ne = rnd(&seed) % 10;
			for (k = 0; k < ne; k++) {
				off = len[i] ? rnd(&seed) % (len[i] + 1) : 0;
				n = rnd(&seed) % 3 ? rnd(&seed) % 10 : 0;
				if (n > len[i] - off)
					n = len[i] - off;
				edits_add(set, path[i], off, n,
				    pool[rnd(&seed) %
					(sizeof(pool) / sizeof(*pool))],
				    (int)(rnd(&seed) % 3), NULL);
			}
		}
		edits_finalize(set, NULL, NULL);
		total += edits_count(set);
		snprintf(name, sizeof(name), "r%d.yaml", round);
		write_yaml(name, path[0], set);
		run_tool();
		for (i = 0; i < NF; i++) {
			check_applied(set, path[i], data[i], len[i]);
			free(path[i]);
			free(data[i]);
		}
		/* The next round must not apply this one again. */
		{
			char *y = xasprintf("%s/r%d.yaml", yamldir, round);

			cr_assert_eq(unlink(y), 0);
			free(y);
		}
		edits_free(set);
	}
	cr_assert_gt(total, 60);
	sb_free(&sb);
}

struct read_back {
	const char *want_file;
	const struct edit *e;
	size_t n, got;
};

static void
on_read(const struct fix_replacement *r, void *arg)
{
	struct read_back *rb = arg;
	const struct edit *e = &rb->e[rb->got];

	cr_assert_lt(rb->got, rb->n);
	cr_assert_str_eq(r->file, rb->want_file);
	cr_assert_eq(r->off, e->off);
	cr_assert_eq(r->len, e->len);
	cr_assert(strcmp(r->text, e->text) == 0,
	    "text %zu: got [%s], want [%s]", rb->got, r->text, e->text);
	rb->got++;
}

/*
 * vnetify apply-fixes reads back what --export-fixes writes, byte for
 * byte, Latin-1 and stray bytes included, and the code points it uses to
 * carry such bytes through libyaml too.
 */
Test(fixes, the_reader_gives_back_every_text)
{
	static const char *more[] =
	    {"plane 16 \xf4\x8f\xbe\x80\xf4\x8f\xbf\xbf", "\xf4\x8f\xbe",
		"caf\xe9\xf4"};
	struct edit_set *set = edits_new();
	struct strbuf src = STRBUF_INIT;
	struct read_back rb = {0};
	size_t i, n = sizeof(tricky) / sizeof(*tricky), m = n + 3;
	char *path, *y;

	for (i = 0; i < m; i++)
		sb_addf(&src, "slot_%zu = old;\n", i);
	path = put("back.c", src.s, src.len);
	for (i = 0; i < m; i++) {
		char *key = xasprintf("slot_%zu =", i);
		size_t off = (size_t)(strstr(src.s, key) - src.s);

		edits_add(set, path, off + strlen(key) + 1, 3,
		    i < n ? tricky[i] : more[i - n], 0, "test");
		free(key);
	}
	edits_finalize(set, NULL, NULL);
	y = yaml_of(path, set);
	rb.want_file = path;
	rb.e = edits_for_file(set, path, &rb.n);
	cr_assert_eq(fixes_read_yaml("back.yaml", y, strlen(y), on_read, &rb),
	    0);
	cr_assert_eq(rb.got, rb.n);
	free(y);
	free(path);
	sb_free(&src);
	edits_free(set);
}

/* Which edited lines the stock tool's clean-up would spoil. */
Test(fixes, cleanup_hazards)
{
	static const struct {
		const char *src, *old, *text;
		bool hazard;
	} cases[] = {
	    {"static LIST_HEAD(, foo) foo_list;\n", "static ",
		"VNET_DEFINE_STATIC(", true},
	    {"int q = f(a, );\n", "q", "V_q", true},
	    {"int q = f(a, , b);\n", "q", "V_q", true},
	    {"int q = f( /* none */ , a);\n", "q", "V_q", true},
	    {"int q = f(a,\n    , b);\n", "q", "V_q", true},
	    {"#define M(x) \\\n\tf(, x)\n", "M", "V_M", true},
	    {"#define M(x) f(, \\\n\tx) + q\n", "q", "V_q", true},
	    {"int q = f(a, b);\n", "q", "V_q", false},
	    {"int q[] = {1, };\n", "q", "V_q", false},
	    {"int q = g(\",)\");\n", "q", "V_q", false},
	    {"int q = g(',');\n", "q", "V_q", false},
	    {"int q; /* f(, x) */\n", "q", "V_q", false},
	    {"int q;\nLIST_HEAD(, foo) other;\n", "q", "V_q", false},
	    {"LIST_HEAD(, foo) other;\nint q;\n", "q", "V_q", false},
	};
	size_t i, at[1], n;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const char *s = cases[i].src, *p = strstr(s, cases[i].old);
		struct edit e = {.file = "x.c",
		    .off = (size_t)(p - s),
		    .len = strlen(cases[i].old),
		    .text = (char *)cases[i].text};

		n = fixes_cleanup_hazards(s, strlen(s), &e, 1, at);
		cr_assert_eq(n, cases[i].hazard ? 1 : 0, "case %zu: %s", i, s);
	}
}
