/*
 * test_rules.c: reading rules files (rules/REFERENCE.md): what each key
 * yields, and that every mistake is reported at its place with a message
 * that says what to do.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/rules.h"
#include "support/util.h"

static struct rules *
load(const char *text, struct rules_error *err)
{
	return (rules_load_buffer("rules.yaml", text, strlen(text), err));
}

static struct rules *
load_ok(const char *text)
{
	struct rules_error err;
	struct rules *r = load(text, &err);

	cr_assert_not_null(r, "rejected: %s:%u:%u: %s\n%s", err.file, err.line,
	    err.col, err.message, text);
	cr_assert_null(err.message);
	return (r);
}

/* The first error the way the tool prints it, "file:line:col: message". */
static char *
first_error(const char *text)
{
	struct rules_error err;
	struct rules *r = load(text, &err);
	char *s;

	cr_assert_null(r, "accepted:\n%s", text);
	cr_assert_not_null(err.message);
	s = xasprintf("%s:%u:%u: %s", err.file, err.line, err.col, err.message);
	rules_error_free(&err);
	return (s);
}

#define expect_error(text, want)                \
	do {                                    \
		char *got_ = first_error(text); \
		cr_expect_str_eq(got_, want);   \
		free(got_);                     \
	} while (0)

/* The place exactly, and a part of the message. */
#define expect_error_at(text, where, part)                                  \
	do {                                                                \
		char *got_ = first_error(text);                             \
		cr_expect(strncmp(got_, where, strlen(where)) == 0 &&       \
			got_[strlen(where)] == ' ',                         \
		    "want at %s, got: %s", where, got_);                    \
		cr_expect(strstr(got_, part) != NULL, "want \"%s\" in: %s", \
		    part, got_);                                            \
		free(got_);                                                 \
	} while (0)

static size_t
count_errors(const struct rules_error *e)
{
	size_t n = 0;

	for (; e != NULL && e->message != NULL; e = e->next)
		n++;
	return (n);
}

/* Defaults and plain values. */

Test(rules_load, empty_file_gives_defaults)
{
	const char *texts[] = {"", "# only a comment\n", "---\n", "{}\n"};
	struct rules *r;
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		r = load_ok(texts[i]);
		cr_expect_str_eq(rules_include(r), "<vnet/vnet.h>");
		cr_expect_eq(rules_sysctl_dialect(r), SYSCTL_DIALECT_MODERN);
		cr_expect_eq(rules_nconfigs(r), 0);
		cr_expect_eq(rules_nmarkers(r), 0);
		cr_expect_eq(rules_nentries(r), 0);
		cr_expect_eq(rules_ntimers(r), 0);
		cr_expect_str_eq(rules_path(r), "rules.yaml");
		cr_expect_not(rules_selects(r,
		    &(struct rule_var){.name = "x", .file = "a.c"}));
		cr_expect_not(rules_never_touch(r, "a.c"));
		rules_free(r);
	}
}

Test(rules_load, rules_new_is_empty)
{
	struct rules *r = rules_new();

	cr_expect_str_eq(rules_include(r), "<vnet/vnet.h>");
	cr_expect_eq(rules_sysctl_dialect(r), SYSCTL_DIALECT_MODERN);
	cr_expect_null(rules_path(r));
	cr_expect_not(
	    rules_selects(r, &(struct rule_var){.name = "x", .file = "a.c"}));
	cr_expect_null(rules_config(r, 0));
	cr_expect_null(rules_entry(r, 0));
	rules_free(r);
}

Test(rules_load, sysctl_dialects)
{
	struct rules *r;

	r = load_ok("sysctl: 2009\n");
	cr_expect_eq(rules_sysctl_dialect(r), SYSCTL_DIALECT_2009);
	rules_free(r);
	r = load_ok("sysctl: modern\n");
	cr_expect_eq(rules_sysctl_dialect(r), SYSCTL_DIALECT_MODERN);
	rules_free(r);
}

Test(rules_load, include_forms)
{
	struct rules *r;

	r = load_ok("include: <net/vnet.h>\n");
	cr_expect_str_eq(rules_include(r), "<net/vnet.h>");
	rules_free(r);
	r = load_ok("include: '\"local/vnet.h\"'\n");
	cr_expect_str_eq(rules_include(r), "\"local/vnet.h\"");
	rules_free(r);
	/* A bare path is a quoted include. */
	r = load_ok("include: compat/vnet.h\n");
	cr_expect_str_eq(rules_include(r), "\"compat/vnet.h\"");
	rules_free(r);
}

Test(rules_load, configurations)
{
	const struct rule_config *c;
	struct rules *r;

	r = load_ok("configurations:\n  - name: default\n"
		    "  - name: inet6\n    flags: [-DINET6, '-DMAXLEN=4 * 4']\n"
		    "  - name: lean\n    flags: -UINET  -DSMALL\n");
	cr_assert_eq(rules_nconfigs(r), 3);
	c = rules_config(r, 0);
	cr_expect_str_eq(c->name, "default");
	cr_expect_eq(c->argc, 0);
	c = rules_config(r, 1);
	cr_expect_str_eq(c->name, "inet6");
	cr_assert_eq(c->argc, 2);
	cr_expect_str_eq(c->argv[0], "-DINET6");
	cr_expect_str_eq(c->argv[1], "-DMAXLEN=4 * 4");
	c = rules_config(r, 2);
	cr_assert_eq(c->argc, 2);
	cr_expect_str_eq(c->argv[0], "-UINET");
	cr_expect_str_eq(c->argv[1], "-DSMALL");
	cr_expect_null(rules_config(r, 3));
	rules_free(r);
}

Test(rules_load, markers)
{
	struct rules *r = load_ok("markers: [VNETIFY, 'vnet: yes']\n");

	cr_assert_eq(rules_nmarkers(r), 2);
	cr_expect_str_eq(rules_marker(r, 0), "VNETIFY");
	cr_expect_str_eq(rules_marker(r, 1), "vnet: yes");
	cr_expect_null(rules_marker(r, 2));
	rules_free(r);
}

Test(rules_load, entry_points)
{
	const struct rule_entry *e;
	struct rules *r;

	r = load_ok("entry-points:\n  - function: [foo_ioctl, foo_start]\n"
		    "    vnet: sc->sc_vnet\n  - function: 'tcp_usr_*'\n"
		    "    file: ./netinet//tcp_usrreq.c\n"
		    "    vnet: '  so->so_vnet '\n  - struct: struct protosw\n"
		    "    field: pr_input\n    vnet: TD_TO_VNET(curthread)\n");
	cr_assert_eq(rules_nentries(r), 4);
	e = rules_entry(r, 0);
	cr_expect_str_eq(e->function, "foo_ioctl");
	cr_expect_str_eq(e->vnet_expr, "sc->sc_vnet");
	cr_expect_null(e->file);
	cr_expect_null(e->struct_name);
	cr_expect_eq(e->line, 2);
	cr_expect_eq(e->col, 16);
	e = rules_entry(r, 1);
	cr_expect_str_eq(e->function, "foo_start");
	cr_expect_str_eq(e->vnet_expr, "sc->sc_vnet");
	cr_expect_eq(e->col, 27);
	e = rules_entry(r, 2);
	cr_expect_str_eq(e->function, "tcp_usr_*");
	cr_expect_str_eq(e->file, "netinet/tcp_usrreq.c");
	cr_expect_str_eq(e->vnet_expr, "so->so_vnet");
	e = rules_entry(r, 3);
	cr_expect_null(e->function);
	cr_expect_str_eq(e->struct_name, "protosw");
	cr_expect_str_eq(e->field, "pr_input");
	cr_expect_str_eq(e->vnet_expr, "TD_TO_VNET(curthread)");
	cr_expect_eq(e->line, 7);
	cr_expect_eq(e->col, 5);
	rules_free(r);
}

Test(rules_load, module_inits)
{
	struct rules *r = load_ok("module-init:\n"
				  "  - function: udp_init\n"
				  "    teardown: udp_destroy\n"
				  "  - function: 'arp_*'\n"
				  "    subsystem: SI_SUB_PROTO_DOMAIN\n"
				  "    order: SI_ORDER_ANY + 1\n");
	const struct rule_init *ri;

	cr_assert_eq(rules_ninits(r), 2);
	ri = rules_init(r, 0);
	cr_expect_str_eq(ri->function, "udp_init");
	cr_expect_str_eq(ri->teardown, "udp_destroy");
	cr_expect_null(ri->subsystem);
	cr_expect_null(ri->order);
	cr_expect_eq(ri->line, 2);
	cr_expect_eq(ri->col, 15);
	ri = rules_init(r, 1);
	cr_expect_str_eq(ri->function, "arp_*");
	cr_expect_str_eq(ri->subsystem, "SI_SUB_PROTO_DOMAIN");
	cr_expect_str_eq(ri->order, "SI_ORDER_ANY + 1");
	cr_expect_null(ri->teardown);
	cr_expect_null(rules_init(r, 2));
	rules_free(r);
}

Test(rules_load, module_init_errors)
{
	expect_error_at("module-init:\n  - teardown: x\n",
	    "rules.yaml:2:5:", "a module init needs 'function: NAME'");
	expect_error_at("module-init:\n  - function: f\n    order: 'a;b'\n",
	    "rules.yaml:3:12:", "is not a SYSINIT subsystem or order");
	expect_error_at("module-init:\n  - function: f\n    subsys: X\n",
	    "rules.yaml:3:5:", "subsys");
}

Test(rules_load, timers)
{
	struct rules *r = load_ok("timers:\n  - tcp_slowtimo\n"
				  "  - function: '*_fasttimo'\n"
				  "  - function: [a_timer, b_timer]\n");

	cr_assert_eq(rules_ntimers(r), 4);
	cr_expect_str_eq(rules_timer(r, 0)->function, "tcp_slowtimo");
	cr_expect_eq(rules_timer(r, 0)->line, 2);
	cr_expect_eq(rules_timer(r, 0)->col, 5);
	cr_expect_str_eq(rules_timer(r, 1)->function, "*_fasttimo");
	cr_expect_str_eq(rules_timer(r, 3)->function, "b_timer");
	cr_expect_null(rules_timer(r, 4));
	rules_free(r);
	/* A lone name is a list of one. */
	r = load_ok("timers: tcp_slowtimo\n");
	cr_expect_eq(rules_ntimers(r), 1);
	rules_free(r);
}

Test(rules_load, str_tag_keeps_a_value_a_string)
{
	struct rules *r = load_ok("virtualize: [!!str null]\n");

	cr_expect(rules_selects(r,
	    &(struct rule_var){.name = "null", .file = "a.c"}));
	rules_free(r);
}

Test(rules_load, the_example_loads)
{
	struct rules_error err;
	struct rules *r;
	char *path = xasprintf("%s/../rules/example.yaml", TESTSUITE_DIR);

	r = rules_load(path, &err);
	cr_assert_not_null(r, "%s:%u:%u: %s", err.file, err.line, err.col,
	    err.message);
	cr_expect_str_eq(rules_path(r), path);
	cr_expect_eq(rules_nconfigs(r), 3);
	cr_expect_eq(rules_nentries(r), 5);
	cr_expect_eq(rules_ntimers(r), 2);
	cr_expect_eq(rules_ninits(r), 2);
	cr_expect_eq(rules_nmarkers(r), 1);
	cr_assert_eq(rules_nlint(r), 2);
	{
		const char *id, *level;

		rules_lint(r, 0, &id, &level);
		cr_expect_str_eq(id, "vnet-escape");
		cr_expect_str_eq(level, "error");
	}
	cr_expect(rules_selects(r,
	    &(struct rule_var){.name = "tcp_hashsize", .file = "x.c"}));
	cr_expect_not(rules_selects(r,
	    &(struct rule_var){.name = "ifq_mtx", .file = "net/if.c"}));
	cr_expect(rules_never_touch(r, "contrib/pf/pf.c"));
	rules_free(r);
	free(path);
}

Test(rules_load, from_a_file)
{
	char path[] = "/tmp/vnetify-rules-XXXXXX";
	struct rules_error err;
	struct rules *r;
	FILE *f;
	int fd;

	fd = mkstemp(path);
	cr_assert(fd >= 0);
	f = fdopen(fd, "w");
	fputs("virtualize: [a]\nsysctl: bogus\n", f);
	fclose(f);
	r = rules_load(path, &err);
	cr_expect_null(r);
	cr_expect_str_eq(err.file, path);
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.col, 9);
	rules_error_free(&err);
	cr_expect_null(err.message);
	unlink(path);
	r = rules_load(path, &err);
	cr_expect_null(r);
	cr_expect_eq(err.line, 0);
	cr_expect(strstr(err.message, "cannot read the rules file") != NULL,
	    "%s", err.message);
	rules_error_free(&err);
	/* The caller may not want the error. */
	cr_expect_null(rules_load(path, NULL));
	cr_expect_null(load("sysctl: bogus\n", NULL));
}

/* Mistakes: each at its place, saying what to do. */

Test(rules_errors, unknown_key_suggests)
{
	expect_error("version: 1\nvirtualise:\n  - foo\n",
	    "rules.yaml:2:1: unknown key 'virtualise' in the rules file; "
	    "did you mean 'virtualize'?");
	expect_error_at("entry_points: []\n",
	    "rules.yaml:1:1:", "did you mean 'entry-points'?");
	expect_error_at("virtualize:\n  - names: [a]\n", "rules.yaml:2:5:",
	    "unknown key 'names' in a 'virtualize' item; did you mean 'name'?");
}

Test(rules_errors, unknown_key_lists_the_keys)
{
	expect_error("entry-points:\n  - function: f\n"
		     "    vnet: x\n    color: red\n",
	    "rules.yaml:4:5: unknown key 'color' in an entry point; "
	    "expected one of: function, vnet, struct, field, file");
}

Test(rules_errors, keys_of_exclusions)
{
	/* exclude takes restrictions only. */
	expect_error_at("exclude:\n  - all: true\n",
	    "rules.yaml:2:5:", "unknown key 'all' in an 'exclude' item");
	expect_error_at("virtualize:\n  - file: a.c\n    except:\n"
			"      - {name: x, except: [y]}\n",
	    "rules.yaml:4:19:", "unknown key 'except' in an 'except' item");
}

Test(rules_errors, duplicate_key)
{
	expect_error("sysctl: modern\ninclude: <a.h>\nsysctl: 2009\n",
	    "rules.yaml:3:1: duplicate key 'sysctl' (first given at line 1); "
	    "keep one");
	expect_error_at("virtualize:\n  - {name: a, name: b}\n",
	    "rules.yaml:2:15:", "duplicate key 'name'");
}

Test(rules_errors, wrong_types)
{
	expect_error("virtualize:\n  name: foo\n",
	    "rules.yaml:2:3: 'virtualize' must be a list, found a mapping; "
	    "start each item with '- '");
	expect_error_at("include: [a.h]\n",
	    "rules.yaml:1:10:", "'include' must be a string, found a list");
	expect_error_at("virtualize:\n  - all: yes\n",
	    "rules.yaml:2:10:", "'all' must be true or false, found 'yes'");
	expect_error_at("- a\n- b\n",
	    "rules.yaml:1:1:", "a rules file is a mapping of keys");
	expect_error_at("virtualize:\n  - [a, b]\n",
	    "rules.yaml:2:5:", "found a list; list the names one per item");
	expect_error_at("configurations: [default]\n",
	    "rules.yaml:1:18:", "a configuration is a mapping");
	expect_error_at("{[a]: b}\n", "rules.yaml:1:2:",
	    "a key in the rules file must be a plain name, found a list");
}

Test(rules_errors, missing_values)
{
	expect_error("include:\nsysctl: modern\n",
	    "rules.yaml:1:9: missing value for 'include'");
	expect_error_at("virtualize:\n", "rules.yaml:1:12:",
	    "missing value for 'virtualize'; give a list, or [] for none");
	expect_error_at("virtualize:\n  -\n  - b\n",
	    "rules.yaml:2:4:", "empty item in the 'virtualize' list");
	expect_error_at("virtualize:\n  - {}\n",
	    "rules.yaml:2:5:", "this item selects nothing");
	expect_error_at("exclude:\n  - {}\n",
	    "rules.yaml:2:5:", "this item excludes nothing");
}

Test(rules_errors, bad_values)
{
	expect_error("sysctl: 2010\n",
	    "rules.yaml:1:9: unknown sysctl dialect '2010'; use 'modern' "
	    "(CTLFLAG_VNET in the flags) or '2009' (the SYSCTL_VNET_* macros)");
	expect_error_at("version: 2\n", "rules.yaml:1:10:",
	    "unsupported version '2'; this vnetify reads version 1");
	expect_error_at("include: <a.h\n",
	    "rules.yaml:1:10:", "include '<a.h' is not a header name");
	expect_error_at("include: a b.h\n",
	    "rules.yaml:1:10:", "is not a header name");
	expect_error_at("markers: ['  ']\n",
	    "rules.yaml:1:11:", "must be text on one line, not blank");
}

Test(rules_errors, names)
{
	expect_error_at("virtualize: [foo bar]\n", "rules.yaml:1:14:",
	    "name 'foo bar' is not a C identifier or a glob of one");
	expect_error_at("virtualize: ['1st']\n",
	    "rules.yaml:1:14:", "starts with a digit");
	expect_error_at("virtualize: [a-b]\n",
	    "rules.yaml:1:14:", "name 'a-b' is not a C identifier");
	rules_free(load_ok("virtualize: ['[[:alpha:]]x_[!a-c]*', $dollar]\n"));
	expect_error_at("virtualize: ['']\n",
	    "rules.yaml:1:14:", "name '' is empty");
	expect_error_at("virtualize:\n  - function: 'a b'\n",
	    "rules.yaml:2:15:", "'function' 'a b' is not a C identifier");
}

Test(rules_errors, selectors)
{
	expect_error_at("virtualize:\n  - all: true\n    file: a.c\n",
	    "rules.yaml:2:10:", "'all' cannot go with 'name', 'file'");
	expect_error_at("virtualize:\n  - all: false\n",
	    "rules.yaml:2:10:", "'all: false' selects nothing");
	expect_error_at("virtualize:\n  - function: f\n    locals: false\n",
	    "rules.yaml:3:13:", "'locals: false' contradicts it");
	expect_error_at("virtualize:\n  - file: /usr/src/a.c\n",
	    "rules.yaml:2:11:", "is absolute; paths in rules are relative");
	expect_error_at("never-touch: ['../x']\n",
	    "rules.yaml:1:15:", "climbs out with '..'");
	expect_error_at("never-touch: ['./']\n", "rules.yaml:1:15:",
	    "names the root itself; to mean every file, write '**'");
}

Test(rules_errors, empty_restrictions)
{
	/* An empty list must not lift the restriction it stands for. */
	expect_error_at("virtualize:\n  - name: []\n", "rules.yaml:2:11:",
	    "'name' is an empty list, which would match nothing");
	expect_error_at("exclude:\n  - {file: []}\n",
	    "rules.yaml:2:12:", "'file' is an empty list");
	expect_error_at("virtualize: [{dir: [], locals: true}]\n",
	    "rules.yaml:1:20:", "'dir' is an empty list");
	expect_error_at("entry-points: [{function: [], vnet: v}]\n",
	    "rules.yaml:1:27:", "'function' is an empty list");
	expect_error_at("timers: [{function: []}]\n",
	    "rules.yaml:1:21:", "'function' is an empty list");
}

Test(rules_errors, entry_points)
{
	expect_error("entry-points:\n  - function: 'tcp_usr_*'\n",
	    "rules.yaml:2:5: entry point 'tcp_usr_*' has no context "
	    "expression; add 'vnet: EXPR', the vnet it runs in (e.g. "
	    "'sc->sc_vnet')");
	expect_error_at("entry-points: [foo_ioctl]\n", "rules.yaml:1:16:",
	    "entry point 'foo_ioctl' needs a context expression; write "
	    "'{function: foo_ioctl, vnet: EXPR}'");
	expect_error_at("entry-points:\n  - {struct: protosw, field: pr_input}"
			"\n",
	    "rules.yaml:2:5:", "has no context expression");
	expect_error_at("entry-points:\n  - {function: f, struct: s, field: "
			"g, vnet: v}\n",
	    "rules.yaml:2:5:", "either 'function' or 'struct' with 'field'");
	expect_error_at("entry-points:\n  - {struct: s, vnet: v}\n",
	    "rules.yaml:2:5:", "needs both 'struct' and 'field'");
	expect_error_at("entry-points:\n  - {vnet: v}\n", "rules.yaml:2:5:",
	    "needs 'function: NAME', or 'struct: TAG' with 'field: NAME'");
	expect_error_at("entry-points:\n  - {function: f, vnet: 'g(a'}\n",
	    "rules.yaml:2:25:", "has an unclosed bracket");
	expect_error_at("entry-points:\n  - {function: f, vnet: 'a; b'}\n",
	    "rules.yaml:2:25:", "is not a single expression");
	expect_error_at("entry-points:\n  - {function: f, vnet: ''}\n",
	    "rules.yaml:2:25:", "is empty");
}

Test(rules_errors, conflicts)
{
	expect_error("entry-points:\n  - {function: f, vnet: a->v}\n"
		     "  - {function: f, vnet: b->v}\n",
	    "rules.yaml:3:16: this entry point is already given at line 2 "
	    "with vnet 'a->v'; keep one");
	expect_error_at("entry-points:\n  - {function: f, vnet: v}\n"
			"timers: [f]\n",
	    "rules.yaml:3:10:", "'f' is also an entry point (line 2)");
	expect_error_at("configurations:\n  - name: a\n  - name: a\n",
	    "rules.yaml:3:11:", "configuration 'a' is already defined");
	/* The same entry twice is harmless. */
	rules_free(load_ok("entry-points:\n  - {function: f, vnet: v}\n"
			   "  - {function: f, vnet: v}\n"));
}

Test(rules_errors, flags)
{
	expect_error_at("configurations:\n  - {name: a, flags: [INET6]}\n",
	    "rules.yaml:2:23:",
	    "'INET6' is not a compiler flag; did you mean '-DINET6'?");
	expect_error_at("configurations:\n  - {name: a, flags: [-D, X]}\n",
	    "rules.yaml:2:23:", "'-D' needs its argument in the same item");
	expect_error_at("configurations:\n  - flags: [-DX]\n",
	    "rules.yaml:2:5:", "a configuration needs 'name:'");
}

Test(rules_errors, yaml_syntax)
{
	expect_error_at("virtualize:\n  - a\n - b\n",
	    "rules.yaml:3:2:", "YAML syntax error");
	expect_error_at("sysctl: modern\nvirtualize: [a, b\n",
	    "rules.yaml:3:1:", "YAML syntax error");
	/* Tabs cannot indent YAML; the message says so. */
	expect_error_at("virtualize:\n\t- a\n",
	    "rules.yaml:2:1:", "YAML indents with spaces, never tabs");
	expect_error_at("include: a: b\n",
	    "rules.yaml:1:11:", "quote a value that contains ': '");
}

Test(rules_errors, aliases_and_anchors_are_refused)
{
	/* The usual slip: a glob that starts with '*' reads as an alias. */
	expect_error("never-touch: *.h\n",
	    "rules.yaml:1:14: '*.h' reads as a YAML alias; quote a value "
	    "that starts with '*': \"*.h\"");
	expect_error("timers: [*_slowtimo]\n",
	    "rules.yaml:1:10: '*_slowtimo' reads as a YAML alias, which rules "
	    "files do not use; quote a value that starts with '*': "
	    "\"*_slowtimo\"");
	expect_error("never-touch: [&.h]\n",
	    "rules.yaml:1:15: '&.h' reads as a YAML anchor; quote a value "
	    "that starts with '&': \"&.h\"");
	expect_error_at("markers: &m [a]\nvirtualize: *m\n", "rules.yaml:1:10:",
	    "anchor '&m': rules files do not use anchors or aliases");
	expect_error_at("include: !foo <a.h>\n",
	    "rules.yaml:1:10:", "tag '!foo': rules files do not use YAML tags");
	/* A refused value leaves a hole that later checks must not use. */
	expect_error_at("configurations:\n  - name: &a x\n  - name: y\n",
	    "rules.yaml:2:11:", "anchor '&a'");
}

Test(rules_errors, billion_laughs_is_cheap)
{
	struct strbuf sb = STRBUF_INIT;
	struct rules_error err;
	int i, j;

	sb_adds(&sb, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 30; i++) {
		sb_addf(&sb, "a%d: &a%d [", i, i);
		for (j = 0; j < 10; j++)
			sb_addf(&sb, "%s*a%d", j ? ", " : "", i - 1);
		sb_adds(&sb, "]\n");
	}
	cr_assert_null(rules_load_buffer("rules.yaml", sb.s, sb.len, &err));
	cr_expect_eq(err.line, 1);
	cr_expect(strstr(err.message, "anchor '&a0'") != NULL, "%s",
	    err.message);
	rules_error_free(&err);
	sb_free(&sb);
}

Test(rules_errors, one_document)
{
	expect_error_at("virtualize: [a]\n---\nvirtualize: [b]\n",
	    "rules.yaml:2:1:", "a second YAML document");
}

Test(rules_errors, deep_nesting)
{
	struct strbuf sb = STRBUF_INIT;
	struct rules_error err;
	int i;

	sb_adds(&sb, "virtualize: ");
	for (i = 0; i < 10000; i++)
		sb_addc(&sb, '[');
	for (i = 0; i < 10000; i++)
		sb_addc(&sb, ']');
	cr_assert_null(rules_load_buffer("rules.yaml", sb.s, sb.len, &err));
	cr_expect_eq(err.line, 1);
	cr_expect_eq(err.col, 13 + 63);
	cr_expect(strstr(err.message, "nested more than 64 deep") != NULL, "%s",
	    err.message);
	rules_error_free(&err);
	sb_free(&sb);
}

Test(rules_errors, not_text)
{
	static const char nul[] = "virtualize: [\"a\\0b\"]\n";
	static const char bad_utf8[] = "virtualize: [ok]\ninclude: \xff\n";

	expect_error_at(nul, "rules.yaml:1:14:", "a NUL character");
	expect_error_at(bad_utf8,
	    "rules.yaml:2:10:", "cannot read this as text");
	/* A raw NUL byte ends the text for libyaml: an error, not a cut. */
	cr_expect_null(
	    rules_load_buffer("rules.yaml", "include: <a\0.h>\n", 16, NULL));
}

Test(rules_errors, control_characters_are_escaped)
{
	char *got = first_error("sysctl: \"mod\\x1b[2Jern\"\n");

	cr_expect_str_eq(got,
	    "rules.yaml:1:9: unknown sysctl dialect "
	    "'mod\\x1b[2Jern'; use 'modern' (CTLFLAG_VNET "
	    "in the flags) or '2009' (the SYSCTL_VNET_* macros)");
	free(got);
}

Test(rules_errors, all_problems_in_document_order)
{
	struct rules_error err;
	const struct rules_error *e;

	cr_assert_null(load("timers: [f]\nsysctl: old\n"
			    "entry-points:\n  - {function: f, vnet: v}\n"
			    "virtualise: []\n",
	    &err));
	cr_assert_eq(count_errors(&err), 3);
	e = &err;
	cr_expect_eq(e->line, 1);
	cr_expect(strstr(e->message, "also an entry point") != NULL);
	e = e->next;
	cr_expect_eq(e->line, 2);
	cr_expect(strstr(e->message, "sysctl dialect") != NULL);
	e = e->next;
	cr_expect_eq(e->line, 5);
	cr_expect(strstr(e->message, "virtualise") != NULL);
	cr_expect_null(e->next);
	rules_error_free(&err);
	cr_expect_null(err.next);
}

Test(rules_errors, error_count_is_bounded)
{
	struct strbuf sb = STRBUF_INIT;
	struct rules_error err;
	const struct rules_error *e;
	int i;

	sb_adds(&sb, "virtualize:\n");
	for (i = 0; i < 100; i++)
		sb_adds(&sb, "  - '1'\n");
	cr_assert_null(rules_load_buffer("rules.yaml", sb.s, sb.len, &err));
	cr_expect_eq(count_errors(&err), 21);
	for (e = &err; e->next != NULL; e = e->next)
		;
	cr_expect(strstr(e->message, "too many errors") != NULL, "%s",
	    e->message);
	rules_error_free(&err);
	sb_free(&sb);
}
