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
#include "driver/supervise.h"
#include "frontend/collect.h"
#include "output/journal.h"
#include "support/diag.h"

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
	OPT_DISABLE,
	OPT_EXTRA_ARG,
	OPT_EXTRA_ARG_BEFORE,
	OPT_COLOR,
	OPT_BASELINE,
	OPT_SHARD,
	OPT_TU_TIMEOUT,
	OPT_MEMORY_LIMIT
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
    {"extra-arg", required_argument, NULL, OPT_EXTRA_ARG},
    {"extra-arg-before", required_argument, NULL, OPT_EXTRA_ARG_BEFORE},
    {"color", required_argument, NULL, OPT_COLOR},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"tu-timeout", required_argument, NULL, OPT_TU_TIMEOUT},
    {"memory-limit", required_argument, NULL, OPT_MEMORY_LIMIT},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static void
usage(void)
{
	help_print(stderr, NULL);
	exit(EXIT_USAGE);
}

/* "K/N", 1 <= K <= N. */
static void
parse_shard(const char *s, struct options *o)
{
	char *end;
	long k = strtol(s, &end, 10), n;

	if (end == s || *end != '/')
		goto bad;
	n = strtol(end + 1, &end, 10);
	if (*end != '\0' || n < 1 || n > 100000 || k < 1 || k > n)
		goto bad;
	o->shard = (unsigned)k;
	o->nshards = (unsigned)n;
	return;
bad:
	fatal("--shard wants K/N with 1 <= K <= N (the K-th of N shares), "
	      "not \"%s\"",
	    s);
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

/* A whole number from 0 to max, for option name. */
static unsigned long
parse_count(const char *s, const char *name, unsigned long max)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || n > max || s[0] == '-')
		fatal(
		    "%s wants a whole number from 0 to %lu (0: no limit), not "
		    "\"%s\"",
		    name, max, s);
	return (n);
}

/*
 * Fills o from the command line: the command, its flags, and the files
 * after "--" (or the compile database's).  A usage error is fatal, with
 * the flag and what it wants; a flag another command owns is refused
 * there rather than ignored.
 */
static void
parse_args(int argc, char **argv, struct options *o)
{
	int c, dd, i;

	memset(o, 0, sizeof(*o));
	o->tu_timeout = 300;
	o->memory_limit = supervise_default_memory_mb();
	/* getopt permutes argv: the report shows it as it was typed. */
	o->argc = argc;
	o->argv = xcalloc((size_t)argc + 1, sizeof(*o->argv));
	memcpy(o->argv, argv, (size_t)argc * sizeof(*argv));
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
		case OPT_EXTRA_ARG:
			VEC_PUSH(&o->extra_after, optarg);
			break;
		case OPT_EXTRA_ARG_BEFORE:
			VEC_PUSH(&o->extra_before, optarg);
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") != 0 &&
			    strcmp(optarg, "always") != 0 &&
			    strcmp(optarg, "never") != 0)
				fatal("--color is auto, always or never, not "
				      "\"%s\"",
				    optarg);
			o->color = optarg;
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_SHARD:
			parse_shard(optarg, o);
			break;
		case OPT_TU_TIMEOUT:
			o->tu_timeout = (unsigned)parse_count(optarg,
			    "--tu-timeout", 86400);
			break;
		case OPT_MEMORY_LIMIT:
			o->memory_limit =
			    parse_count(optarg, "--memory-limit", 1UL << 30);
			break;
		case OPT_HELP:
			o->help = true;
			break;
		case OPT_VERSION:
			printf("vnetify %s (libclang 19)\n", VNETIFY_VERSION);
			exit(0);
		default:
			usage();
		}
	}
	if (optind < dd && strcmp(argv[optind], "help") == 0) {
		if (optind + 1 < dd && !help_known(argv[optind + 1]))
			fatal("no command \"%s\"; try vnetify help",
			    argv[optind + 1]);
		help_print(stdout, optind + 1 < dd ? argv[optind + 1] : NULL);
		exit(0);
	}
	if (o->help) {
		if (optind < dd && !help_known(argv[optind]))
			fatal("no command \"%s\"; try vnetify --help",
			    argv[optind]);
		help_print(stdout, optind < dd ? argv[optind] : NULL);
		exit(0);
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

bool
color_wanted(const struct options *o, FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	if (o->color != NULL && strcmp(o->color, "always") == 0)
		return (true);
	if (o->color != NULL && strcmp(o->color, "never") == 0)
		return (false);
	return (isatty(fileno(f)) && (nc == NULL || nc[0] == '\0'));
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
	for (i = 0; i < o->vars.n; i++) {
		if (rules_check_var(o->vars.v[i], &err) != 0) {
			rules_error_print(&err);
			rules_error_free(&err);
			rules_free(r);
			exit(EXIT_USAGE);
		}
		rules_add_name(r, o->vars.v[i]);
	}
	for (i = 0; i < o->vars_files.n; i++) {
		if (rules_add_names_file(r, o->vars_files.v[i], &err) != 0) {
			rules_error_print(&err);
			rules_error_free(&err);
			rules_free(r);
			exit(EXIT_USAGE);
		}
	}
	return (r);
}

static void
free_options(struct options *o)
{
	size_t i;

	for (i = 0; i < o->files.n; i++)
		free(o->files.v[i]);
	VEC_FREE(&o->files);
	VEC_FREE(&o->flags);
	VEC_FREE(&o->vars);
	VEC_FREE(&o->vars_files);
	VEC_FREE(&o->enable);
	VEC_FREE(&o->disable);
	VEC_FREE(&o->extra_after);
	VEC_FREE(&o->extra_before);
	free(o->argv);
	free(o->root);
}

int
main(int argc, char **argv)
{
	struct options o;
	struct supervise_limits lim;
	struct rules *rules;
	const char *nw;
	bool recovered;
	int rc;
	size_t i;

	parse_args(argc, argv, &o);
	diag_color = color_wanted(&o, stderr);
	/*
	 * A rewrite a kill interrupted is finished or undone before anything
	 * reads the tree: a half-converted tree would be read wrong.
	 */
	if (strcmp(o.cmd, "recover") == 0) {
		rc = journal_recover(o.root, &recovered);
		if (rc == 0 && !recovered)
			diag_note(NULL, 0, 0,
			    "no interrupted rewrite under %s: nothing to do",
			    o.root);
		free_options(&o);
		return (rc == 0 ? EXIT_CLEAN : EXIT_USAGE);
	}
	if (help_known(o.cmd) && strcmp(o.cmd, "parse") != 0 &&
	    journal_recover(o.root, &recovered) != 0) {
		free_options(&o);
		return (EXIT_USAGE);
	}
	if (strcmp(o.cmd, "apply-fixes") == 0) {
		rc = cmd_apply_fixes(&o);
		free_options(&o);
		return (rc);
	}
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
	collect_find_runtime_include();
	/* Read once, here: a names file may be a pipe (<(...)). */
	rules = load_rules(&o);
	/*
	 * Everything from here parses: in a worker process, so that a unit
	 * that crashes libclang or never ends is that unit's error only.
	 * VNETIFY_NO_WORKER=1 keeps it in this process (for a debugger).
	 */
	nw = getenv("VNETIFY_NO_WORKER");
	if (nw == NULL || strcmp(nw, "1") != 0) {
		lim.timeout_s = o.tu_timeout;
		lim.memory_mb = o.memory_limit;
		supervise_start(&lim);
	}
	if (strcmp(o.cmd, "parse") == 0)
		rc = run_parse_only(&o, rules);
	else if (strcmp(o.cmd, "scan") == 0)
		rc = cmd_scan(&o, rules);
	else if (strcmp(o.cmd, "lint") == 0)
		rc = cmd_lint(&o, rules);
	else
		rc = cmd_rewrite(&o, rules);
	rules_free(rules);
	free_options(&o);
	return (rc);
}
