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
	VEC(char *) files;	      /* canonical */
	VEC(const char *) flags;      /* after -- */
	bool dashdash;
};

/* Parse, collect every translation unit and finish the model. */
int run_collect(const struct options *, const struct rules *, struct model *);

/* Parse every unit and nothing else: the benchmarks' baseline. */
int run_parse_only(const struct options *, const struct rules *);

int cmd_scan(const struct options *, struct rules *);
int cmd_rewrite(const struct options *, struct rules *);

#endif /* !VNETIFY_CLI_H */
