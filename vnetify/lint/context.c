/*
 * context.c: vnet-no-context.  The roots are the functions that run
 * with no vnet set, whatever called them: the rules' entry points, and
 * what the code hands to a registration that runs it later or elsewhere
 * (a thread start routine, a callout or timeout, a task, a signal or
 * atexit handler).  A root that reaches V_ state and sets no vnet on the
 * way is a finding, at the root, with one call path as evidence.  A
 * function stored in a struct is not a root here: who calls it (a
 * protocol switch, an ifnet method) usually sets the vnet, and the rules
 * say when it does not.
 */
#include <string.h>

#include "lint/lint.h"
#include "model/tokens.h"
#include "passes/contexts.h"

/* Registrations whose callback runs with no vnet of the caller's. */
static const struct {
	const char *call;
	unsigned arg;
} async_calls[] = {
    {"pthread_create", 2},
    {"thrd_create", 1},
    {"kthread_add", 0},
    {"kproc_create", 0},
    {"callout_reset", 2},
    {"callout_reset_on", 2},
    {"callout_reset_sbt", 3},
    {"callout_reset_sbt_on", 3},
    {"timeout", 0},
    {"taskqueue_enqueue_timeout", 1},
    {"signal", 1},
    {"atexit", 0},
    {"at_quick_exit", 0},
};

static bool
async_root(const struct fn_ref *r)
{
	size_t i;

	if (r->role != ROLE_ARGUMENT)
		return (false);
	for (i = 0; i < sizeof(async_calls) / sizeof(async_calls[0]); i++)
		if (strcmp(async_calls[i].call, r->callee) == 0 &&
		    async_calls[i].arg == r->arg)
			return (true);
	return (false);
}

/* Where the definition names the function (its start if not found). */
static uint32_t
name_off(const struct func_def *fd)
{
	const struct srcfile *f = fd->file;
	size_t j;

	for (j = tok_at_or_after(&f->toks, fd->start);
	    j < f->toks.n && f->toks.t[j].off < fd->body; j++)
		if (f->toks.t[j].kind == TOK_IDENT && tok_eq(f, j, fd->name))
			return (f->toks.t[j].off);
	return (fd->start);
}

static void
report(struct lint_run *lr, size_t node, const char *role)
{
	const struct cg_node *n = &lr->cg.nodes.v[node];
	char *path = callgraph_path(&lr->cg, node);
	struct finding *fd;
	size_t hops = 0;

	fd = lint_add(lr, LINT_NO_CONTEXT, n->def->file, name_off(n->def),
	    "%s() (%s) reaches per-vnet state with no vnet set: %s; set one "
	    "(CURVNET_SET) in it or in what it calls",
	    n->def->name, role, path);
	free(path);
	/* Every function of the path, as callgraph_path() walks it. */
	for (;;) {
		lint_add_span(fd, n->def->file, n->def->start, n->def->end);
		if (n->var != NULL || n->next == SIZE_MAX ||
		    hops++ >= lr->cg.nodes.n)
			break;
		n = &lr->cg.nodes.v[n->next];
	}
}

void
lint_no_context(struct lint_run *lr)
{
	const struct callgraph *cg = &lr->cg;
	const struct cg_node *n;
	index_vec matches = {0};
	bool *done;
	size_t i, k;
	char *role;

	done = xcalloc(cg->nodes.n + 1, sizeof(*done));
	for (i = 0; i < rules_nentries(lr->p->rules); i++) {
		matches.n = 0;
		entry_matches(lr->p, cg, rules_entry(lr->p->rules, i),
		    &matches);
		for (k = 0; k < matches.n; k++) {
			n = &cg->nodes.v[matches.v[k]];
			if (done[matches.v[k]] || !n->reaches || n->sets_vnet)
				continue;
			done[matches.v[k]] = true;
			report(lr, matches.v[k], "an entry point of the rules");
		}
	}
	VEC_FREE(&matches);
	for (i = 0; i < cg->nodes.n; i++) {
		n = &cg->nodes.v[i];
		if (done[i] || !n->reaches || n->sets_vnet ||
		    callgraph_find(cg, n->def->usr) != i)
			continue;
		for (k = 0; k < n->refs.n; k++) {
			if (!async_root(n->refs.v[k]))
				continue;
			role = fn_role_text(n->refs.v[k]);
			report(lr, i, role);
			free(role);
			break;
		}
	}
	free(done);
}
