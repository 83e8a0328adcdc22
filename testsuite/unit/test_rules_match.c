/*
 * test_rules_match.c: the verdicts of a rules file (rules/REFERENCE.md):
 * which variables it selects and why, the names given on the command
 * line, files never touched, and the lookups of entry points and timers.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/rules.h"

static struct rules *
load_ok(const char *text)
{
	struct rules_error err;
	struct rules *r;

	r = rules_load_buffer("rules.yaml", text, strlen(text), &err);
	cr_assert_not_null(r, "rejected: %s:%u:%u: %s\n%s", err.file, err.line,
	    err.col, err.message, text);
	return (r);
}

/* Variables as the core describes them. */
#define VAR(n, f) (&(struct rule_var){.name = (n), .file = (f)})
#define CONST(n, f) \
	(&(struct rule_var){.name = (n), .file = (f), .is_const = true})
#define LOCAL(n, f, fn)                  \
	(&(struct rule_var){.name = (n), \
	    .file = (f),                 \
	    .function = (fn),            \
	    .is_local_static = true})
#define MARKED(n, f) \
	(&(struct rule_var){.name = (n), .file = (f), .marked = true})

Test(rules_select, by_name)
{
	struct rules *r = load_ok("virtualize: [if_index, ifnet_mtu]\n");

	cr_expect(rules_selects(r, VAR("if_index", "net/if.c")));
	cr_expect(rules_selects(r, VAR("ifnet_mtu", "anywhere.c")));
	cr_expect_not(rules_selects(r, VAR("if_indexx", "net/if.c")));
	cr_expect_not(rules_selects(r, VAR("if_inde", "net/if.c")));
	/* An exact name is explicit enough for a const object... */
	cr_expect(rules_selects(r, CONST("if_index", "net/if.c")));
	/* ...and for a function-local static of that name. */
	cr_expect(rules_selects(r, LOCAL("if_index", "net/if.c", "f")));
	rules_free(r);
}

Test(rules_select, glob_leaves_const_alone)
{
	struct rules *r = load_ok("virtualize: ['tcp_*', 'udp_[ab]?']\n");

	cr_expect(rules_selects(r, VAR("tcp_hashsize", "a.c")));
	cr_expect(rules_selects(r, VAR("udp_ax", "a.c")));
	cr_expect_not(rules_selects(r, VAR("udp_cx", "a.c")));
	cr_expect_not(rules_selects(r, VAR("ip_tcp_x", "a.c")));
	cr_expect_not(rules_selects(r, CONST("tcp_names", "a.c")));
	rules_free(r);
	/* A glob beside the exact name does not hide it. */
	r = load_ok("virtualize: [{name: ['tcp_*', tcp_names]}]\n");
	cr_expect(rules_selects(r, CONST("tcp_names", "a.c")));
	rules_free(r);
}

Test(rules_select, by_file)
{
	struct rules *r = load_ok("virtualize:\n"
				  "  - file: [net/if.c, 'netinet/*.c']\n");

	cr_expect(rules_selects(r, VAR("a", "net/if.c")));
	cr_expect(rules_selects(r, VAR("b", "netinet/ip_input.c")));
	cr_expect_not(rules_selects(r, VAR("c", "netinet/sub/ip.c")));
	cr_expect_not(rules_selects(r, VAR("d", "net/if.h")));
	cr_expect_not(rules_selects(r, VAR("e", NULL)));
	/* Neither const objects nor local statics without locals: true. */
	cr_expect_not(rules_selects(r, CONST("f", "net/if.c")));
	cr_expect_not(rules_selects(r, LOCAL("g", "net/if.c", "if_attach")));
	rules_free(r);
}

Test(rules_select, by_dir)
{
	struct rules *r = load_ok("virtualize: [{dir: net/}]\n");

	cr_expect(rules_selects(r, VAR("a", "net/if.c")));
	cr_expect(rules_selects(r, VAR("a", "net/route/nhop.c")));
	cr_expect_not(rules_selects(r, VAR("a", "netinet/ip.c")));
	cr_expect_not(rules_selects(r, VAR("a", "sys/net/if.c")));
	cr_expect_not(rules_selects(r, VAR("a", "net")));
	rules_free(r);
	r = load_ok("virtualize: [{dir: 'net*'}]\n");
	cr_expect(rules_selects(r, VAR("a", "netinet6/nd6.c")));
	cr_expect_not(rules_selects(r, VAR("a", "kern/net.c")));
	rules_free(r);
	/* The root holds every file. */
	r = load_ok("virtualize: [{dir: .}]\n");
	cr_expect(rules_selects(r, VAR("a", "top.c")));
	cr_expect(rules_selects(r, VAR("a", "x/y/z.c")));
	rules_free(r);
}

Test(rules_select, all_with_except)
{
	struct rules *r = load_ok("virtualize:\n  - all: true\n"
				  "    except: [debug, '*_lock', "
				  "{file: 'kern/*'}]\n");

	cr_expect(rules_selects(r, VAR("counter", "net/if.c")));
	cr_expect_not(rules_selects(r, VAR("debug", "net/if.c")));
	cr_expect_not(rules_selects(r, VAR("if_lock", "net/if.c")));
	cr_expect_not(rules_selects(r, VAR("ticks", "kern/clock.c")));
	cr_expect_not(rules_selects(r, CONST("table", "net/if.c")));
	cr_expect_not(rules_selects(r, LOCAL("n", "net/if.c", "f")));
	rules_free(r);
	r = load_ok("virtualize: [{all: true, locals: true}]\n");
	cr_expect(rules_selects(r, LOCAL("n", "net/if.c", "f")));
	cr_expect_not(rules_selects(r, CONST("table", "net/if.c")));
	rules_free(r);
}

Test(rules_select, local_statics)
{
	struct rules *r = load_ok("virtualize:\n"
				  "  - {name: ip_id, function: ip_output}\n"
				  "  - function: 'arp_*'\n"
				  "  - {name: seq, locals: false}\n");

	cr_expect(rules_selects(r, LOCAL("ip_id", "ip.c", "ip_output")));
	cr_expect_not(rules_selects(r, LOCAL("ip_id", "ip.c", "ip_input")));
	/* function: restricts to local statics. */
	cr_expect_not(rules_selects(r, VAR("ip_id", "ip.c")));
	cr_expect(rules_selects(r, LOCAL("x", "arp.c", "arp_resolve")));
	cr_expect_not(rules_selects(r, LOCAL("x", "arp.c", "nd_resolve")));
	cr_expect_not(rules_selects(r, LOCAL("x", "arp.c", NULL)));
	cr_expect(rules_selects(r, VAR("seq", "a.c")));
	cr_expect_not(rules_selects(r, LOCAL("seq", "a.c", "f")));
	rules_free(r);
}

Test(rules_select, markers)
{
	struct rules *r = load_ok("markers: [VNET_PER_INSTANCE]\n"
				  "exclude: [never]\n");

	cr_expect(rules_selects(r, MARKED("a", "x.c")));
	cr_expect(rules_selects(r,
	    &(struct rule_var){.name = "b",
		.file = "x.c",
		.marked = true,
		.is_const = true}));
	cr_expect(rules_selects(r,
	    &(struct rule_var){.name = "c",
		.file = "x.c",
		.function = "f",
		.marked = true,
		.is_local_static = true}));
	cr_expect_not(rules_selects(r, VAR("a", "x.c")));
	cr_expect_not(rules_selects(r, MARKED("never", "x.c")));
	rules_free(r);
}

Test(rules_select, exclude_is_the_last_word)
{
	struct rules *r = load_ok("virtualize: [{dir: .}, if_mtx]\nexclude:\n"
				  "  - '*_mtx'\n"
				  "  - {name: stats, file: 'net/*.c'}\n"
				  "  - dir: vendor\n  - function: init\n");

	cr_expect(rules_selects(r, VAR("a", "net/if.c")));
	cr_expect_not(rules_selects(r, VAR("if_mtx", "net/if.c")));
	cr_expect_not(rules_selects(r, MARKED("if_mtx", "net/if.c")));
	cr_expect_not(rules_selects(r, VAR("stats", "net/if.c")));
	cr_expect(rules_selects(r, VAR("stats", "netinet/ip.c")));
	cr_expect_not(rules_selects(r, VAR("x", "vendor/lib/a.c")));
	cr_expect(rules_selects(r, MARKED("y", "x.c")));
	cr_expect_not(rules_selects(r,
	    &(struct rule_var){.name = "y",
		.file = "x.c",
		.function = "init",
		.is_local_static = true,
		.marked = true}));
	rules_add_name(r, "if_mtx");
	cr_expect_not(rules_selects(r, VAR("if_mtx", "net/if.c")));
	rules_free(r);
}

Test(rules_select, reasons)
{
	struct rules *r = load_ok("virtualize:\n  - all: true\n"
				  "    except: [skipped]\n  - 'g_*'\n"
				  "exclude: [dropped]\n");
	struct rule_reason why;

	cr_expect(rules_selects_why(r, VAR("v", "a.c"), &why));
	cr_expect(why.selected);
	cr_expect_str_eq(why.file, "rules.yaml");
	cr_expect_eq(why.line, 2);
	cr_expect_eq(why.col, 5);
	cr_expect_str_eq(why.why, "selected by 'all'");

	cr_expect(rules_selects_why(r, VAR("g_x", "a.c"), &why));
	cr_expect_eq(why.line, 2, "the first selector decides");

	cr_expect_not(rules_selects_why(r, VAR("dropped", "a.c"), &why));
	cr_expect_not(why.selected);
	cr_expect_eq(why.line, 5);
	cr_expect_eq(why.col, 11);
	cr_expect_str_eq(why.why, "excluded by 'exclude'");

	cr_expect_not(rules_selects_why(r, VAR("skipped", "a.c"), &why));
	cr_expect_eq(why.line, 3);
	cr_expect_eq(why.col, 14);
	cr_expect_str_eq(why.why, "left out by the 'except' of its selector");

	cr_expect_not(rules_selects_why(r, CONST("g_tab", "a.c"), &why));
	cr_expect_eq(why.line, 2);
	cr_expect_str_eq(why.why, "const: only its exact name selects it");

	cr_expect_not(rules_selects_why(r, LOCAL("n", "a.c", "f"), &why));
	cr_expect_str_eq(why.why,
	    "function-local static: the selector needs 'locals: true'");
	rules_free(r);

	r = rules_new();
	cr_expect_not(rules_selects_why(r, VAR("v", "a.c"), &why));
	cr_expect_null(why.file);
	cr_expect_str_eq(why.why, "no rule selects it");
	cr_expect(rules_selects_why(r, MARKED("v", "a.c"), &why));
	cr_expect_str_eq(why.why, "its declaration carries a marker");
	rules_add_name(r, "v");
	cr_expect(rules_selects_why(r, VAR("v", "a.c"), &why));
	cr_expect_str_eq(why.file, "--var");
	cr_expect_eq(why.line, 0);
	cr_expect_str_eq(why.why, "selected by name");
	rules_free(r);
}

Test(rules_names, add_name)
{
	struct rules *r = rules_new();

	rules_add_name(r, "foo");
	rules_add_name(r, "bar_*");
	cr_expect(rules_selects(r, VAR("foo", "a.c")));
	cr_expect(rules_selects(r, CONST("foo", "a.c")));
	cr_expect(rules_selects(r, LOCAL("foo", "a.c", "f")));
	cr_expect(rules_selects(r, VAR("bar_x", "a.c")));
	cr_expect_not(rules_selects(r, CONST("bar_x", "a.c")));
	cr_expect_not(rules_selects(r, VAR("baz", "a.c")));
	rules_free(r);
}

/*
 * The selectors that could match a name, which the report of selectors
 * that select nothing walks instead of every selector for every
 * variable: exactly the ones rules_selector_matches() can say yes to.
 */
Test(rules_names, candidates_are_those_that_can_match)
{
	struct rules *r = rules_new();
	size_t *c, n, k, i;
	const char *names[] = {"foo", "bar_x", "baz", "foo2"};

	rules_add_name(r, "foo");
	rules_add_name(r, "bar_*");
	rules_add_name(r, "baz");
	rules_add_name(r, "foo");
	for (i = 0; i < 4; i++) {
		n = rules_selector_candidates(r, names[i], &c);
		for (k = 0; k < rules_nselectors(r); k++) {
			size_t j;
			bool listed = false;

			for (j = 0; j < n; j++)
				listed |= c[j] == k;
			if (rules_selector_matches(r, k, VAR(names[i], "a.c")))
				cr_expect(listed, "%s: selector %zu", names[i],
				    k);
		}
		free(c);
	}
	n = rules_selector_candidates(r, "foo", &c);
	cr_expect_eq(n, 3, "both foo lines and the glob");
	free(c);
	n = rules_selector_candidates(r, "qux", &c);
	cr_expect_eq(n, 1, "only the glob");
	free(c);
	rules_free(r);
}

Test(rules_names, names_file_format)
{
	static const char text[] = "# per-instance state\n\n  if_index   \n"
				   "tcp_* # every tcp_ variable\r\n"
				   "last_without_newline";
	struct rules_error err;
	struct rule_reason why;
	struct rules *r = rules_new();

	cr_assert_eq(rules_add_names_buffer(r, "names.txt", text,
			 sizeof(text) - 1, &err),
	    0);
	cr_expect_null(err.message);
	cr_expect(rules_selects(r, VAR("if_index", "a.c")));
	cr_expect(rules_selects(r, VAR("tcp_x", "a.c")));
	cr_expect(rules_selects(r, VAR("last_without_newline", "a.c")));
	cr_expect_not(rules_selects(r, VAR("per", "a.c")));
	cr_expect(rules_selects_why(r, VAR("tcp_y", "a.c"), &why));
	cr_expect_str_eq(why.file, "names.txt");
	cr_expect_eq(why.line, 4);
	cr_expect_eq(why.col, 1);
	rules_free(r);
}

Test(rules_names, names_file_errors)
{
	static const char text[] = "good\n  two names\n9lives\n";
	struct rules_error err;
	struct rules *r = rules_new();

	cr_assert_eq(rules_add_names_buffer(r, "names.txt", text,
			 sizeof(text) - 1, &err),
	    -1);
	cr_expect_str_eq(err.file, "names.txt");
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.col, 7);
	cr_expect_str_eq(err.message,
	    "one name per line; put this one on a line of its own");
	cr_assert_not_null(err.next);
	cr_expect_eq(err.next->line, 3);
	cr_expect_eq(err.next->col, 1);
	cr_expect_str_eq(err.next->message,
	    "'9lives' starts with a digit, so it is not a C identifier; "
	    "write one variable name (or fnmatch glob) per line");
	rules_error_free(&err);
	/* All or nothing: the good line was not taken either. */
	cr_expect_not(rules_selects(r, VAR("good", "a.c")));
	rules_free(r);
}

Test(rules_names, names_file_on_disk)
{
	char path[] = "/tmp/vnetify-names-XXXXXX";
	struct rules_error err;
	struct rules *r = rules_new();
	FILE *f;
	int fd;

	fd = mkstemp(path);
	cr_assert(fd >= 0);
	f = fdopen(fd, "w");
	fputs("alpha\nbeta\n", f);
	fclose(f);
	cr_expect_eq(rules_add_names_file(r, path, &err), 0);
	cr_expect(rules_selects(r, VAR("beta", "a.c")));
	unlink(path);
	cr_expect_eq(rules_add_names_file(r, path, &err), -1);
	cr_expect_str_eq(err.file, path);
	cr_expect_eq(err.line, 0);
	cr_expect(strstr(err.message, "cannot read the names file") != NULL);
	rules_error_free(&err);
	rules_free(r);
}

Test(rules_paths, path_globs)
{
	cr_expect(rules_path_match("net/if.c", "net/if.c"));
	cr_expect(rules_path_match("net/if.c", "./net//if.c"));
	cr_expect(rules_path_match("net/*.c", "net/if.c"));
	cr_expect_not(rules_path_match("net/*.c", "net/sub/if.c"));
	cr_expect_not(rules_path_match("*.c", "net/if.c"));
	cr_expect(rules_path_match("**", "net/if.c"));
	cr_expect(rules_path_match("**/if.c", "if.c"));
	cr_expect(rules_path_match("**/if.c", "a/b/c/if.c"));
	cr_expect_not(rules_path_match("**/if.c", "a/b/c/if.h"));
	cr_expect(rules_path_match("a/**/z.c", "a/z.c"));
	cr_expect(rules_path_match("a/**/z.c", "a/b/c/z.c"));
	cr_expect_not(rules_path_match("a/**/z.c", "b/z.c"));
	cr_expect(rules_path_match("a/**", "a/b/c"));
	cr_expect(rules_path_match("a/**/b/**/c", "a/x/b/y/b/z/c"));
	cr_expect_not(rules_path_match("a/**/b/**/c", "a/x/c"));
	cr_expect(rules_path_match("sys/*/gen_?.[ch]", "sys/dev/gen_a.h"));
	cr_expect_not(rules_path_match("sys/*/gen_?.[ch]", "sys/dev/gen_ab.h"));
	cr_expect_not(rules_path_match(NULL, "a"));
}

Test(rules_paths, never_touch)
{
	struct rules *r = load_ok("never-touch:\n  - contrib\n"
				  "  - '**/*_gen.c'\n  - 'sys/opt_*.h'\n"
				  "  - 'vendor/**/*.h'\n");

	cr_expect(rules_never_touch(r, "contrib/pf/pf.c"));
	cr_expect(rules_never_touch(r, "contrib"));
	cr_expect_not(rules_never_touch(r, "contribs/x.c"));
	cr_expect_not(rules_never_touch(r, "src/contrib.c"));
	cr_expect(rules_never_touch(r, "parse_gen.c"));
	cr_expect(rules_never_touch(r, "a/b/parse_gen.c"));
	cr_expect(rules_never_touch(r, "sys/opt_inet.h"));
	cr_expect_not(rules_never_touch(r, "sys/net/opt_inet.h"));
	cr_expect(rules_never_touch(r, "vendor/x/y/z.h"));
	cr_expect_not(rules_never_touch(r, "vendor/x/y/z.c"));
	cr_expect_not(rules_never_touch(r, "net/if.c"));
	rules_free(r);
}

Test(rules_lookup, entries_and_timers)
{
	struct rules *r = load_ok("entry-points:\n"
				  "  - {function: 'foo_*', vnet: sc->vnet, "
				  "file: 'dev/foo/*.c'}\n"
				  "  - {function: foo_ioctl, vnet: ifp->vnet}\n"
				  "  - {struct: protosw, field: 'pr_*put', "
				  "vnet: m->vnet}\ntimers: ['*_slowtimo']\n");
	const struct rule_entry *e;

	e = rules_find_entry(r, "foo_ioctl", "dev/foo/foo.c");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->vnet_expr, "sc->vnet");
	e = rules_find_entry(r, "foo_ioctl", "net/if_foo.c");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->vnet_expr, "ifp->vnet");
	cr_expect_null(rules_find_entry(r, "foo_start", "net/if_foo.c"));
	cr_expect_null(rules_find_entry(r, "bar", NULL));
	cr_expect(rules_entry_matches(rules_entry(r, 1), "foo_ioctl", NULL));
	cr_expect_not(rules_entry_matches(rules_entry(r, 0), "foo_x", NULL));

	e = rules_find_role(r, "struct protosw", "pr_input", "netinet/ip.c");
	cr_assert_not_null(e);
	cr_expect_str_eq(e->vnet_expr, "m->vnet");
	cr_expect_not_null(rules_find_role(r, "protosw", "pr_output", NULL));
	cr_expect_null(rules_find_role(r, "protosw", "pr_drain", NULL));
	cr_expect_null(rules_find_role(r, "domain", "pr_input", NULL));
	cr_expect_not(rules_entry_matches_role(rules_entry(r, 0), "protosw",
	    "pr_input", NULL));

	cr_expect_not_null(rules_find_timer(r, "tcp_slowtimo"));
	cr_expect_null(rules_find_timer(r, "tcp_fasttimo"));
	rules_free(r);
}
