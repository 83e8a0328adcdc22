/*
 * entries.c: "vnetify scan --entries", the ways into the code that reach
 * the virtualized state and set no vnet: the functions a porter must name
 * under entry-points (or timers) in the rules.
 *
 * Each root is listed with the role it was found in (where the code
 * stores or passes it) and one call path from it to a use of the state,
 * as evidence.  --emit-rules writes them as starter entries, by role
 * where a struct field holds them, with a placeholder vnet expression
 * that the rules reader refuses until it is written.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "output/json.h"
#include "passes/contexts.h"
#include "support/diag.h"

typedef VEC(char *) string_vec;

/* Every role a root is found in, once each, in *out (malloc'd). */
static void
roles_list(const struct cg_node *n, string_vec *out)
{
	struct hmap seen = {0};
	size_t i;
	char *t;

	for (i = 0; i < n->refs.n; i++) {
		t = fn_role_text(n->refs.v[i]);
		if (hmap_has(&seen, t)) {
			free(t);
			continue;
		}
		(void)hmap_put(&seen, t, NULL);
		VEC_PUSH(out, t);
	}
	if (n->refs.n == 0)
		VEC_PUSH(out, xstrdup("external, not called in the tree"));
	hmap_free(&seen, NULL);
}

/* The same, "; " between. */
static char *
roles_of(const struct cg_node *n)
{
	struct strbuf sb = STRBUF_INIT;
	string_vec roles = {0};
	size_t i;

	roles_list(n, &roles);
	for (i = 0; i < roles.n; i++) {
		if (i > 0)
			sb_adds(&sb, "; ");
		sb_adds(&sb, roles.v[i]);
		free(roles.v[i]);
	}
	VEC_FREE(&roles);
	return (sb_detach(&sb));
}

/* The variable at the end of the path. */
static const char *
reached_var(const struct callgraph *cg, size_t node)
{
	const struct cg_node *n = &cg->nodes.v[node];
	size_t hops = 0;

	while (n->var == NULL && n->next != SIZE_MAX && hops++ < cg->nodes.n)
		n = &cg->nodes.v[n->next];
	return (n->var != NULL ? n->var->name : "");
}

static void
tsv_rows(const struct callgraph *cg, const root_vec *roots, struct strbuf *sb)
{
	const struct cg_node *n;
	unsigned line, col;
	char *roles, *path;
	size_t i;

	sb_adds(sb, "function\tfile\tline\trole\tvariable\tpath\n");
	for (i = 0; i < roots->n; i++) {
		n = &cg->nodes.v[roots->v[i].node];
		file_line_col(n->def->file, n->def->start, &line, &col);
		roles = roles_of(n);
		path = callgraph_path(cg, roots->v[i].node);
		sb_addf(sb, "%s\t%s\t%u\t%s\t%s\t%s\n", n->def->name,
		    n->def->file->rel, line, roles,
		    reached_var(cg, roots->v[i].node), path);
		free(roles);
		free(path);
	}
}

static void
json_rows(const struct callgraph *cg, const root_vec *roots, struct strbuf *sb)
{
	const struct cg_node *n;
	string_vec roles = {0};
	unsigned line, col;
	char *path;
	size_t i, k;

	sb_adds(sb, "[");
	for (i = 0; i < roots->n; i++) {
		n = &cg->nodes.v[roots->v[i].node];
		file_line_col(n->def->file, n->def->start, &line, &col);
		sb_adds(sb,
		    i == 0 ? "\n  {\"function\": " : ",\n  {\"function\": ");
		json_str(sb, n->def->name);
		sb_adds(sb, ", \"file\": ");
		json_str(sb, n->def->file->rel);
		sb_addf(sb, ", \"line\": %u, \"roles\": [", line);
		roles.n = 0;
		roles_list(n, &roles);
		for (k = 0; k < roles.n; k++) {
			if (k > 0)
				sb_adds(sb, ", ");
			json_str(sb, roles.v[k]);
			free(roles.v[k]);
		}
		sb_adds(sb, "], \"variable\": ");
		json_str(sb, reached_var(cg, roots->v[i].node));
		path = callgraph_path(cg, roots->v[i].node);
		sb_adds(sb, ", \"path\": ");
		json_str(sb, path);
		free(path);
		sb_adds(sb, "}");
	}
	VEC_FREE(&roles);
	sb_adds(sb, roots->n > 0 ? "\n]\n" : "]\n");
}

/* A struct field role of a root, or NULL. */
static const struct fn_ref *
field_role(const struct cg_node *n)
{
	size_t k;

	for (k = 0; k < n->refs.n; k++)
		if ((n->refs.v[k]->role == ROLE_FIELD_INIT ||
			n->refs.v[k]->role == ROLE_FIELD_SET) &&
		    n->refs.v[k]->record != NULL)
			return (n->refs.v[k]);
	return (NULL);
}

static int
emit_entries(const struct callgraph *cg, const root_vec *roots,
    const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct hmap done = {0};
	const struct fn_ref *r;
	const struct cg_node *n;
	char *key, *roles, *ev;
	size_t i;
	int error;

	sb_adds(&sb,
	    "# Entry points found by \"vnetify scan --entries\": functions "
	    "entered from\n"
	    "# outside the code's own calls that reach virtualized state. "
	    " Write each\n"
	    "# one's vnet in place of TODO (rewrite refuses TODO), move "
	    "timer callbacks\n"
	    "# that must run in every vnet to \"timers:\", and delete what "
	    "needs no vnet.\n"
	    "# See rules/REFERENCE.md.\n"
	    "entry-points:\n");
	for (i = 0; i < roots->n; i++) {
		n = &cg->nodes.v[roots->v[i].node];
		r = field_role(n);
		ev = callgraph_path(cg, roots->v[i].node);
		if (r != NULL) {
			key = xasprintf("%s.%s", r->record, r->field);
			if (!hmap_has(&done, key)) {
				(void)hmap_put(&done, key, NULL);
				sb_addf(&sb,
				    "  - struct: %s\n    field: %s\n"
				    "    vnet: TODO\n    # e.g. %s\n",
				    r->record, r->field, ev);
			}
			free(key);
		} else {
			roles = roles_of(n);
			sb_addf(&sb,
			    "  - function: %s\n    vnet: TODO\n"
			    "    # %s; %s\n",
			    n->def->name, roles, ev);
			free(roles);
		}
		free(ev);
	}
	hmap_free(&done, NULL);
	error = write_file(path, sb_str(&sb), sb.len);
	sb_free(&sb);
	return (error);
}

int
cmd_scan_entries(const struct options *o, struct rules *rules)
{
	struct strbuf sb = STRBUF_INIT;
	root_vec roots = {0};
	struct callgraph cg;
	struct model m;
	struct plan p;
	size_t i, nsel = 0;
	int rc;

	model_init(&m, o->root);
	rc = run_collect(o, rules, &m, NULL);
	if (rc == EXIT_USAGE) {
		model_free(&m);
		return (rc);
	}
	plan_init(&p, &m, rules);
	pass_select(&p);
	for (i = 0; i < m.varlist.n; i++)
		nsel += m.varlist.v[i]->selected;
	if (nsel == 0)
		diag_warning(NULL, 0, 0,
		    "no variable is virtualized, so no entry point reaches "
		    "one: name the variables (--var, --vars-file, --rules) "
		    "or run it on converted code");
	contexts_graph(&p, &cg);
	contexts_roots(&p, &cg, &roots);
	if (o->format != NULL && strcmp(o->format, "json") == 0)
		json_rows(&cg, &roots, &sb);
	else
		tsv_rows(&cg, &roots, &sb);
	if (o->output == NULL)
		fputs(sb_str(&sb), stdout);
	else if (write_file(o->output, sb_str(&sb), sb.len) != 0) {
		rc = EXIT_USAGE;
	}
	if (rc != EXIT_USAGE && o->emit_rules != NULL &&
	    emit_entries(&cg, &roots, o->emit_rules) != 0)
		rc = EXIT_USAGE;
	sb_free(&sb);
	VEC_FREE(&roots);
	callgraph_free(&cg);
	plan_free(&p);
	model_free(&m);
	return (rc);
}
