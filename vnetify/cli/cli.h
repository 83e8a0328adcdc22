/*
 * cli.h: the command line, shared by the subcommands.
 */
#ifndef VNETIFY_CLI_H
#define VNETIFY_CLI_H

#include <stdbool.h>

#include "model/model.h"
#include "rules/rules.h"

struct options {
	const char *cmd;
	const char *build_dir;	      /* -p */
	const char *rules_file;	      /* --rules */
	VEC(const char *) vars;	      /* --var */
	VEC(const char *) vars_files; /* --vars-file */
	unsigned jobs;		      /* -j */
	char *root;		      /* --root, canonical */
	bool force;		      /* --force */
	bool in_place;		      /* -i */
	const char *export_fixes;     /* --export-fixes */
	const char *report;	      /* --report */
	const char *output;	      /* -o */
	const char *format;	      /* scan --format */
	const char *emit_rules;	      /* scan --emit-rules */
	bool quiet;		      /* -q */
	bool no_verify;		      /* --no-verify */
	VEC(char *) files;	      /* canonical */
	VEC(const char *) flags;      /* after -- */
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
 * Parse what the edits would write (driver/verify.c); the number of new
 * errors, each reported on stderr, and in *unaccounted those in files
 * that have no review item (reviewed: canonical paths).
 */
size_t verify_rewrite(const struct options *, const struct rules *,
    struct model *, const struct joblist *, const struct edit_set *,
    const struct hmap *reviewed, size_t *unaccounted);

/* Parse every unit and nothing else: the benchmarks' baseline. */
int run_parse_only(const struct options *, const struct rules *);

int cmd_scan(const struct options *, struct rules *);
int cmd_rewrite(const struct options *, struct rules *);

#endif /* !VNETIFY_CLI_H */
