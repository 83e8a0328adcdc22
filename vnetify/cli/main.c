/*
 * main.c: vnetify's command line.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "driver/pool.h"
#include "support/diag.h"

static const char usage_text[] =
    "usage: vnetify scan|rewrite|lint [options] [files...] [-- compiler "
    "flags]\n"
    "\n"
    "Virtualize the global state of a C code base, FreeBSD VIMAGE style.\n"
    "\n"
    "  scan      list every mutable variable with static storage\n"
    "  rewrite   convert the selected ones to VNET_DEFINE / V_x\n"
    "  lint      check a virtualized tree: bare uses of VNET variables,\n"
    "            state reached with no vnet set, CURVNET_SET and\n"
    "            CURVNET_RESTORE that do not pair, addresses of per-vnet\n"
    "            state kept in shared storage\n"
    "  parse     only parse the files (a baseline for benchmarks)\n"
    "\n"
    "Input:\n"
    "  -p DIR               read DIR/compile_commands.json; without files,\n"
    "                       take every file it lists\n"
    "  -- FLAGS             compile the named files with FLAGS instead\n"
    "  --root DIR           paths are shown relative to DIR and nothing\n"
    "                       outside it is ever written (default: .)\n"
    "  -j N                 parse N translation units at once (default:\n"
    "                       all cores)\n"
    "  --force              go on past translation units that do not "
    "compile\n"
    "Selection:\n"
    "  --rules FILE         a rules file (rules/REFERENCE.md)\n"
    "  --var NAME           virtualize NAME (a name or glob); repeatable\n"
    "  --vars-file FILE     one name per line\n"
    "rewrite output (default: a unified diff on stdout):\n"
    "  -o FILE              write the diff to FILE\n"
    "  -i                   edit the files in place, all or none\n"
    "  --export-fixes FILE  clang-apply-replacements YAML instead\n"
    "  --report FILE        report for reviewers (FILE.json: for tools)\n"
    "  -q                   do not print review items on stderr\n"
    "  --verify             parse what would be written, in every\n"
    "                       configuration, without and with VIMAGE, and\n"
    "                       write nothing if it does not compile (the\n"
    "                       default)\n"
    "  --no-verify          skip that\n"
    "scan output:\n"
    "  --format tsv|json    (default: tsv), to stdout or -o FILE\n"
    "  --emit-rules FILE    write a starter rules file selecting them all\n"
    "  --entries            list instead the functions entered from outside\n"
    "                       the code's own calls (stored in a struct,\n"
    "                       passed to a registration call, external and\n"
    "                       never called) that reach virtualized state and\n"
    "                       set no vnet, with a call path as evidence;\n"
    "                       --emit-rules then writes them as entry-points\n"
    "lint output (default: diagnostics with fix-its on stdout):\n"
    "  --format text|json|sarif\n"
    "  --fix                apply the fix-its in place, all or none\n"
    "  --diff-base REV      only findings on lines changed since REV (git)\n"
    "  --enable RULE, --disable RULE\n"
    "                       turn a rule on or off (vnet-unvirtualized is\n"
    "                       off unless turned on)\n"
    "\n"
    "  --help, --version\n"
    "\n"
    "Exit status: 0 done, nothing to review; 1 done, with review items;\n"
    "2 usage or rules error; 3 a translation unit does not compile.\n";

enum {
	OPT_RULES = 256,
	OPT_VAR,
	OPT_VARS_FILE,
	OPT_ROOT,
	OPT_FORCE,
	OPT_EXPORT_FIXES,
	OPT_REPORT,
	OPT_FORMAT,
	OPT_EMIT_RULES,
	OPT_HELP,
	OPT_VERSION,
	OPT_VERIFY,
	OPT_NO_VERIFY,
	OPT_ENTRIES,
	OPT_FIX,
	OPT_DIFF_BASE,
	OPT_ENABLE,
	OPT_DISABLE
};

static const struct option longopts[] = {
    {"rules", required_argument, NULL, OPT_RULES},
    {"var", required_argument, NULL, OPT_VAR},
    {"vars-file", required_argument, NULL, OPT_VARS_FILE},
    {"root", required_argument, NULL, OPT_ROOT},
    {"force", no_argument, NULL, OPT_FORCE},
    {"export-fixes", required_argument, NULL, OPT_EXPORT_FIXES},
    {"report", required_argument, NULL, OPT_REPORT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"emit-rules", required_argument, NULL, OPT_EMIT_RULES},
    {"verify", no_argument, NULL, OPT_VERIFY},
    {"no-verify", no_argument, NULL, OPT_NO_VERIFY},
    {"entries", no_argument, NULL, OPT_ENTRIES},
    {"fix", no_argument, NULL, OPT_FIX},
    {"diff-base", required_argument, NULL, OPT_DIFF_BASE},
    {"enable", required_argument, NULL, OPT_ENABLE},
    {"disable", required_argument, NULL, OPT_DISABLE},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static void
usage(void)
{
	fputs(usage_text, stderr);
	exit(EXIT_USAGE);
}

static unsigned
parse_jobs(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*end != '\0' || n < 1 || n > 1024)
		fatal("-j wants a number of jobs from 1 to 1024, not \"%s\"",
		    s);
	return ((unsigned)n);
}

static void
parse_args(int argc, char **argv, struct options *o)
{
	int c, dd, i;

	memset(o, 0, sizeof(*o));
	/* Split at "--" ourselves: getopt would mix files and flags. */
	for (dd = 1; dd < argc && strcmp(argv[dd], "--") != 0; dd++)
		;
	if (dd < argc) {
		o->dashdash = true;
		for (i = dd + 1; i < argc; i++)
			VEC_PUSH(&o->flags, argv[i]);
	}
	while ((c = getopt_long(dd, argv, "p:j:io:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->build_dir = optarg;
			break;
		case 'j':
			o->jobs = parse_jobs(optarg);
			break;
		case 'i':
			o->in_place = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_RULES:
			o->rules_file = optarg;
			break;
		case OPT_VAR:
			VEC_PUSH(&o->vars, optarg);
			break;
		case OPT_VARS_FILE:
			VEC_PUSH(&o->vars_files, optarg);
			break;
		case OPT_ROOT:
			o->root = path_canonical(optarg, NULL);
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case OPT_EXPORT_FIXES:
			o->export_fixes = optarg;
			break;
		case OPT_REPORT:
			o->report = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "tsv") != 0 &&
			    strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0 &&
			    strcmp(optarg, "sarif") != 0)
				fatal("--format is tsv or json (scan), text, "
				      "json or sarif (lint), not \"%s\"",
				    optarg);
			o->format = optarg;
			break;
		case OPT_EMIT_RULES:
			o->emit_rules = optarg;
			break;
		case OPT_ENTRIES:
			o->entries = true;
			break;
		case OPT_FIX:
			o->fix = true;
			break;
		case OPT_DIFF_BASE:
			o->diff_base = optarg;
			break;
		case OPT_ENABLE:
			VEC_PUSH(&o->enable, optarg);
			break;
		case OPT_DISABLE:
			VEC_PUSH(&o->disable, optarg);
			break;
		case OPT_VERIFY:
			o->no_verify = false;
			break;
		case OPT_NO_VERIFY:
			o->no_verify = true;
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			exit(0);
		case OPT_VERSION:
			printf("vnetify %s (libclang 19)\n", VNETIFY_VERSION);
			exit(0);
		default:
			usage();
		}
	}
	if (optind >= dd)
		usage();
	o->cmd = argv[optind++];
	for (; optind < dd; optind++)
		VEC_PUSH(&o->files, path_canonical(argv[optind], NULL));
	if (o->root == NULL)
		o->root = path_canonical(".", NULL);
	if (o->jobs == 0)
		o->jobs = pool_default_threads();
}

static struct rules *
load_rules(const struct options *o)
{
	struct rules_error err = {0};
	struct rules *r;
	size_t i;

	if (o->rules_file != NULL) {
		r = rules_load(o->rules_file, &err);
		if (r == NULL) {
			rules_error_print(&err);
			rules_error_free(&err);
			exit(EXIT_USAGE);
		}
	} else
		r = rules_new();
	for (i = 0; i < o->vars.n; i++)
		rules_add_name(r, o->vars.v[i]);
	for (i = 0; i < o->vars_files.n; i++) {
		if (rules_add_names_file(r, o->vars_files.v[i], &err) != 0) {
			rules_error_print(&err);
			rules_error_free(&err);
			exit(EXIT_USAGE);
		}
	}
	return (r);
}

int
main(int argc, char **argv)
{
	struct options o;
	struct rules *rules;
	int rc;
	size_t i;

	parse_args(argc, argv, &o);
	if (strcmp(o.cmd, "scan") != 0 && strcmp(o.cmd, "rewrite") != 0 &&
	    strcmp(o.cmd, "parse") != 0 && strcmp(o.cmd, "lint") != 0)
		fatal("unknown command \"%s\"; try --help", o.cmd);
	for (i = 0; i < o.files.n; i++) {
		if (access(o.files.v[i], R_OK) != 0)
			fatal("%s: %s", o.files.v[i], strerror(errno));
		if (path_under(o.files.v[i], o.root) == NULL)
			fatal("%s is outside the root %s; give --root",
			    o.files.v[i], o.root);
	}
	rules = load_rules(&o);
	if (strcmp(o.cmd, "parse") == 0)
		rc = run_parse_only(&o, rules);
	else if (strcmp(o.cmd, "scan") == 0)
		rc = cmd_scan(&o, rules);
	else if (strcmp(o.cmd, "lint") == 0)
		rc = cmd_lint(&o, rules);
	else
		rc = cmd_rewrite(&o, rules);
	rules_free(rules);
	for (i = 0; i < o.files.n; i++)
		free(o.files.v[i]);
	VEC_FREE(&o.files);
	VEC_FREE(&o.flags);
	VEC_FREE(&o.vars);
	VEC_FREE(&o.vars_files);
	free(o.root);
	return (rc);
}
