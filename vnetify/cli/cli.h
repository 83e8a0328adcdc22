/*
 * cli.h: the command line, shared by the subcommands.
 */
#ifndef VNETIFY_CLI_H
#define VNETIFY_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "model/model.h"
#include "passes/plan.h"
#include "rules/rules.h"

struct options {
	const char *cmd;
	const char *build_dir;		/* -p */
	const char *rules_file;		/* --rules */
	VEC(const char *) vars;		/* --var */
	VEC(const char *) vars_files;	/* --vars-file */
	unsigned jobs;			/* -j */
	char *root;			/* --root, canonical */
	bool force;			/* --force */
	bool in_place;			/* -i */
	const char *export_fixes;	/* --export-fixes */
	const char *report;		/* --report */
	const char *output;		/* -o */
	const char *format;		/* scan --format */
	const char *emit_rules;		/* scan --emit-rules */
	bool quiet;			/* -q */
	bool no_verify;			/* --no-verify */
	bool entries;			/* scan --entries */
	bool fix;			/* lint --fix */
	const char *diff_base;		/* lint --diff-base */
	VEC(const char *) enable;	/* lint --enable */
	VEC(const char *) disable;	/* lint --disable */
	VEC(const char *) extra_after;	/* --extra-arg */
	VEC(const char *) extra_before; /* --extra-arg-before */
	const char *color;		/* --color, or NULL: auto */
	const char *baseline;		/* rewrite --baseline */
	unsigned shard, nshards;	/* --shard K/N, 0/0 when none */
	unsigned tu_timeout;		/* --tu-timeout, seconds; 0: none */
	unsigned long memory_limit;	/* --memory-limit, MB; 0: none */
	bool help;			/* --help */
	int argc;			/* the command line, for reports */
	char **argv;
	VEC(char *) files;	 /* canonical */
	VEC(const char *) flags; /* after -- */
	bool dashdash;
};

struct joblist;
struct edit_set;

/*
 * Parse, collect every translation unit and finish the model.  The jobs
 * are kept in *keep when it is not NULL (joblist_free() them).
 */
int run_collect(const struct options *, const struct rules *, struct model *,
    struct joblist *keep);

/*
 * Refuse outputs that name a file the run read (model's files, sources,
 * rules, names files, compile database), each other, a directory or a
 * read-only file (cli/outputs.c).  EXIT_CLEAN, or
 * EXIT_USAGE after saying why.
 */
int outputs_check(const struct options *, const struct model *);

/* What verify found: new errors, and of them... */
struct verify_result {
	size_t errors;
	size_t unaccounted; /* in files that have no review item */
	size_t context;	    /* in a vnet expression from the rules */
	size_t units;	    /* units parsed with VIMAGE */
	size_t plain;	    /* of those, units parsed without it too */
};

/*
 * Parse what the edits would write (driver/verify.c).  Each new error is
 * reported on stderr, where it is; one on the line of a CURVNET_SET that
 * a rules entry wrote (sites) as an error of that entry.  reviewed: the
 * canonical paths of files that have review items.
 */
void verify_rewrite(const struct options *, const struct rules *,
    struct model *, const struct joblist *, const struct edit_set *,
    const struct hmap *reviewed, const struct context_site *sites,
    size_t nsites, struct verify_result *);

/* Parse every unit and nothing else: the benchmarks' baseline. */
int run_parse_only(const struct options *, const struct rules *);

int cmd_scan(const struct options *, struct rules *);
/* scan --entries (cli/entries.c) */
int cmd_scan_entries(const struct options *, struct rules *);
int cmd_lint(const struct options *, struct rules *);

/*
 * --color: is it wanted for output to this stream?  always, never, or
 * (auto) when the stream is a terminal and NO_COLOR is not set.
 */
bool color_wanted(const struct options *, FILE *);

/* help.c: the help of one command (NULL: all of them). */
void help_print(FILE *, const char *cmd);
bool help_known(const char *cmd);
/*
 * vnetify rewrite: parses the units, plans every edit, verifies the
 * edited text (unless --no-verify), then writes the outputs asked for.
 * Nothing is written unless the run gets that far; the diff, fixes and
 * report land whole or not at all, and -i changes the tree only after
 * all of them are ready.  Returns the exit status: EXIT_CLEAN, or
 * EXIT_FINDINGS when review items remain, EXIT_USAGE for a rules or
 * output error, EXIT_PARSE when a unit or the edited text does not
 * compile.
 */
int cmd_rewrite(const struct options *, struct rules *);
/* Merge and apply --export-fixes descriptions (apply_fixes.c). */
int cmd_apply_fixes(const struct options *);

#endif /* !VNETIFY_CLI_H */
