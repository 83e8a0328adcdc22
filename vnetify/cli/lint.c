/*
 * lint.c: "vnetify lint", the command.  Collect as rewrite does, take
 * the variables the code virtualizes already, run the checks of lint/,
 * keep the findings on changed lines when --diff-base asks, and write
 * them (text, JSON or SARIF) or, with --fix, apply their fix-its all or
 * none.  Exit status: 0 clean, 1 findings, 2 usage or rules error, 3 a
 * unit that does not parse.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "edits/edits.h"
#include "lint/diff_base.h"
#include "lint/lint.h"
#include "output/apply.h"
#include "output/lint_out.h"
#include "passes/contexts.h"
#include "support/diag.h"

/* Only what the code virtualizes itself is checked against. */
static void
select_converted(struct plan *p)
{
	struct var *v;
	size_t i;

	pass_select(p);
	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (v->selected && !v->converted)
			v->selected = false;
	}
	for (i = 0; i < p->reviews.n; i++) {
		free(p->reviews.v[i].var);
		free(p->reviews.v[i].reason);
	}
	p->reviews.n = 0;
}

/* The rules' levels, then the command line's. */
static int
set_levels(const struct options *o, const struct rules *rules,
    struct lint_run *lr)
{
	const char *id, *lvl;
	enum lint_rule r;
	size_t i;
	int k;

	for (k = 0; k < LINT_NRULES; k++)
		lr->levels[k] = lint_rules[k].level;
	for (i = 0; i < rules_nlint(rules); i++) {
		rules_lint(rules, i, &id, &lvl);
		r = lint_rule_named(id);
		lr->levels[r] = strcmp(lvl, "off") == 0 ? LEVEL_OFF
		    : strcmp(lvl, "error") == 0		? LEVEL_ERROR
							: LEVEL_WARNING;
	}
	for (i = 0; i < o->enable.n; i++) {
		if ((r = lint_rule_named(o->enable.v[i])) == LINT_NRULES) {
			diag_error(NULL, 0, 0,
			    "--enable %s: no such rule; the rules are "
			    "vnet-missing-prefix, vnet-no-context, "
			    "vnet-unbalanced, vnet-escape, vnet-unvirtualized",
			    o->enable.v[i]);
			return (EXIT_USAGE);
		}
		if (lr->levels[r] == LEVEL_OFF)
			lr->levels[r] = LEVEL_WARNING;
	}
	for (i = 0; i < o->disable.n; i++) {
		if ((r = lint_rule_named(o->disable.v[i])) == LINT_NRULES) {
			diag_error(NULL, 0, 0, "--disable %s: no such rule",
			    o->disable.v[i]);
			return (EXIT_USAGE);
		}
		lr->levels[r] = LEVEL_OFF;
	}
	return (EXIT_CLEAN);
}

/* Every fix-it in one edit set, applied in place: all files or none. */
static int
apply_fixes(const struct options *o, struct lint_run *lr)
{
	struct edit_set *set = edits_new();
	const struct finding *fd;
	struct hmap seen = {0};
	size_t i, k, nconf;
	int error;

	for (i = 0; i < lr->findings.n; i++) {
		fd = &lr->findings.v[i];
		for (k = 0; k < fd->fixes.n; k++)
			edits_add(set, fd->f->path, fd->fixes.v[k].off,
			    fd->fixes.v[k].len, fd->fixes.v[k].text, 0,
			    lint_rules[fd->rule].id);
		if (fd->fixes.n > 0 && !hmap_has(&seen, fd->f->path)) {
			(void)hmap_put(&seen, fd->f->path, NULL);
			edits_expect_data(set, fd->f->path, fd->f->data,
			    fd->f->len);
		}
	}
	hmap_free(&seen, NULL);
	nconf = edits_finalize(set, NULL, NULL);
	if (nconf > 0)
		diag_warning(NULL, 0, 0,
		    "%zu pairs of fix-its overlap; neither of each was applied",
		    nconf);
	error = apply_in_place(o->root, set);
	edits_free(set);
	return (error == 0 ? EXIT_CLEAN : EXIT_USAGE);
}

static int
write_out(const struct options *o, const struct lint_run *lr)
{
	struct strbuf sb = STRBUF_INIT;
	int error = 0;

	if (o->format != NULL && strcmp(o->format, "sarif") == 0)
		lint_write_sarif(lr, o->root, VNETIFY_VERSION, &sb);
	else if (o->format != NULL && strcmp(o->format, "json") == 0)
		lint_write_json(lr, &sb);
	else
		lint_write_text(lr, &sb);
	if (o->output == NULL)
		fputs(sb_str(&sb), stdout);
	else
		error = write_file(o->output, sb_str(&sb), sb.len);
	sb_free(&sb);
	return (error == 0 ? EXIT_CLEAN : EXIT_USAGE);
}

/* Did the parses read any file under the root? */
static bool
under_root(const struct model *m)
{
	const struct srcfile *f;
	size_t i;

	for (i = 0; i < m->files.cap; i++)
		if ((f = m->files.slots[i].val) != NULL && f->rel != NULL)
			return (true);
	return (false);
}

int
cmd_lint(const struct options *o, struct rules *rules)
{
	struct lint_run lr;
	struct changed_lines changed;
	struct model m;
	struct plan p;
	int rc;

	memset(&lr, 0, sizeof(lr));
	memset(&changed, 0, sizeof(changed));
	if ((rc = set_levels(o, rules, &lr)) != EXIT_CLEAN)
		return (rc);
	if (o->diff_base != NULL &&
	    changed_lines_read(o->root, o->diff_base, &changed) != 0)
		return (EXIT_USAGE);
	model_init(&m, o->root);
	rc = run_collect(o, rules, &m, NULL);
	if (rc == EXIT_USAGE || (rc == EXIT_PARSE && !o->force)) {
		model_free(&m);
		changed_lines_free(&changed);
		return (rc);
	}
	if (!under_root(&m)) {
		/* CI would read an empty lint as a clean tree. */
		diag_error(NULL, 0, 0,
		    "no file the units read is under the root %s, so there is "
		    "nothing to check; give --root the source tree (from a "
		    "build directory: --root ..)",
		    m.root);
		model_free(&m);
		changed_lines_free(&changed);
		return (EXIT_USAGE);
	}
	plan_init(&p, &m, rules);
	select_converted(&p);
	lr.p = &p;
	lint_missing_prefix(&lr);
	contexts_graph(&p, &lr.cg);
	lint_no_context(&lr);
	lint_unbalanced(&lr);
	lint_escape(&lr);
	lint_unvirtualized(&lr);
	lint_finish(&lr);
	if (o->diff_base != NULL)
		changed_lines_filter(&changed, &lr);
	rc = o->fix ? apply_fixes(o, &lr) : write_out(o, &lr);
	if (rc == EXIT_CLEAN && o->fix && lr.findings.n > 0 &&
	    o->output == NULL) {
		/* What was fixed is said, and what had no fix-it too. */
		struct strbuf sb = STRBUF_INIT;

		lint_write_text(&lr, &sb);
		fputs(sb_str(&sb), stderr);
		sb_free(&sb);
	}
	if (rc == EXIT_CLEAN && lr.findings.n > 0)
		rc = EXIT_FINDINGS;
	callgraph_free(&lr.cg);
	lint_run_free(&lr);
	changed_lines_free(&changed);
	plan_free(&p);
	model_free(&m);
	return (rc);
}
