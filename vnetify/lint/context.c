/*
 * context.c: vnet-no-context.  The roots are the functions that run
 * with no vnet set, whatever called them: the rules' entry points, and
 * what the code hands to a registration that runs it later or elsewhere
 * (a thread start routine, a callout or timeout, a task, a signal or
 * atexit handler).  A root that reaches V_ state and sets no vnet on the
 * way is a finding, at the root, with one call path as evidence; a root
 * that sets its own vnet but reaches the state before its CURVNET_SET,
 * or after its CURVNET_RESTORE, is one at that place.  A
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
    {"callout_reset_curcpu", 2},
    {"callout_reset_sbt_curcpu", 3},
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

	/*
	 * A handler given to sigaction(): stored in its struct's field
	 * (glibc's is a member of a union inside it, so the field's name
	 * alone says it).
	 */
	if ((r->role == ROLE_FIELD_SET || r->role == ROLE_FIELD_INIT) &&
	    r->field != NULL &&
	    (strcmp(r->field, "sa_handler") == 0 ||
		strcmp(r->field, "sa_sigaction") == 0))
		return (true);
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

/*
 * Is the place off of the body of fd, in its text, between a CURVNET_SET
 * and the CURVNET_RESTORE that ends it (one the code goes on after: a
 * restore before a return ends that way out only)?  *set is the first
 * CURVNET_SET of the body, to say where the vnet is set instead.
 */
/*
 * Is off in the return that follows the restore at token j, as in
 * "CURVNET_RESTORE(); return (V_x);": that return runs with no vnet.
 */
static bool
in_return_after(const struct srcfile *f, size_t j, uint32_t off)
{
	size_t k = tok_find_outside(f, j, f->toks.n, ";", false), semi;

	if (k == SIZE_MAX || (k = tok_next_code(f, k)) == SIZE_MAX ||
	    !tok_eq(f, k, "return") ||
	    (semi = tok_find_outside(f, k, f->toks.n, ";", false)) == SIZE_MAX)
		return (false);
	return (off > f->toks.t[k].off && off < f->toks.t[semi].off);
}

static bool
under_set(const struct model *m, const struct func_def *fd,
    const struct srcfile *f, uint32_t off, uint32_t *set)
{
	unsigned what;
	size_t j;
	int depth = 0;

	*set = NO_OFFSET;
	for (j = tok_at_or_after(&f->toks, fd->body);
	    j < f->toks.n && f->toks.t[j].off < fd->end; j++) {
		if (f->toks.t[j].pp || f->toks.t[j].kind != TOK_IDENT)
			continue;
		what = vnet_macro_at(m, f, j) &
		    (VNET_MACRO_SET | VNET_MACRO_RESTORE);
		/* RUN_IN_VNET(v, stmt): set for its arguments. */
		if (what == (VNET_MACRO_SET | VNET_MACRO_RESTORE) &&
		    f->toks.t[j].off <= off && j + 1 < f->toks.n &&
		    tok_punct(f, j + 1, "(") &&
		    off < tok_end(f, tok_skip_group(f, j + 1, f->toks.n) - 1))
			return (true);
		if (what != 0 && *set == NO_OFFSET)
			*set = f->toks.t[j].off;
		if (f->toks.t[j].off >= off && *set != NO_OFFSET)
			break;
		if (what == VNET_MACRO_SET) {
			if (f->toks.t[j].off < off)
				depth++;
		} else if (what == VNET_MACRO_RESTORE &&
		    f->toks.t[j].off < off && depth > 0 &&
		    (!lint_restore_then_leaves(f, j) ||
			in_return_after(f, j, off)))
			depth--;
	}
	return (depth > 0);
}

/*
 * A root that sets its own vnet, but reaches per-vnet state outside it
 * (before its CURVNET_SET, after its CURVNET_RESTORE): a finding at the
 * first such place, a use of V_ state or a call that reaches it.
 */
static void
report_outside(struct lint_run *lr, size_t node, const char *role)
{
	const struct cg_node *n = &lr->cg.nodes.v[node], *cn;
	const struct model *m = lr->p->m;
	const struct srcfile *f = n->def->file, *uf;
	const struct call_fact *c;
	const struct var *v, *what = NULL;
	uint32_t off, first = NO_OFFSET, set;
	size_t i, j, k, callee = SIZE_MAX;
	unsigned line, col, sline;
	struct finding *fd;
	char *path;

	if (n->def->body == NO_OFFSET || !f->loaded)
		return;
	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (!v->selected)
			continue;
		for (j = 0; j < v->uses.n; j++) {
			uf = v->uses.v[j].exp_file != NULL
			    ? v->uses.v[j].exp_file
			    : v->uses.v[j].file;
			off = v->uses.v[j].exp_file != NULL
			    ? v->uses.v[j].exp_off
			    : v->uses.v[j].off;
			/* sizeof (V_x) reads nothing, with or without a vnet. */
			if (uf != f || v->uses.v[j].unevaluated ||
			    off < n->def->body || off >= n->def->end ||
			    (first != NO_OFFSET && off >= first) ||
			    under_set(m, n->def, f, off, &set))
				continue;
			first = off;
			what = v;
		}
	}
	for (i = 0; i < m->fn.calls.n; i++) {
		c = &m->fn.calls.v[i];
		if (c->file != f || c->off < n->def->body ||
		    c->off >= n->def->end ||
		    (first != NO_OFFSET && c->off >= first) ||
		    strcmp(c->caller, n->def->usr) != 0 ||
		    (k = callgraph_find(&lr->cg, c->callee)) == SIZE_MAX)
			continue;
		cn = &lr->cg.nodes.v[k];
		if (!cn->reaches || cn->sets_vnet ||
		    under_set(m, n->def, f, c->off, &set))
			continue;
		first = c->off;
		callee = k;
		what = NULL;
	}
	if (first == NO_OFFSET)
		return;
	(void)under_set(m, n->def, f, first, &set);
	file_line_col(f, set, &sline, &col);
	file_line_col(f, first, &line, &col);
	if (what != NULL)
		fd = lint_add(lr, LINT_NO_CONTEXT, (struct srcfile *)f, first,
		    "%s() (%s) uses per-vnet %s here, %s its CURVNET_SET at "
		    "line %u, with no vnet set; move the use, or the "
		    "CURVNET_SET, so that one is set",
		    n->def->name, role, what->name,
		    first < set ? "before" : "after the restore of", sline);
	else {
		path = callgraph_path(&lr->cg, callee);
		fd = lint_add(lr, LINT_NO_CONTEXT, (struct srcfile *)f, first,
		    "%s() (%s) calls %s() here, %s its CURVNET_SET at line "
		    "%u, and that reaches per-vnet state with no vnet set: "
		    "%s; move the call, or the CURVNET_SET, so that one is "
		    "set",
		    n->def->name, role, lr->cg.nodes.v[callee].def->name,
		    first < set ? "before" : "after the restore of", sline,
		    path);
		free(path);
	}
	lint_add_span(fd, f, n->def->start, n->def->end);
}

void
lint_outside_in(struct lint_run *lr, const struct func_def *fd)
{
	size_t k = callgraph_find(&lr->cg, fd->usr);

	if (k != SIZE_MAX && lr->cg.nodes.v[k].reaches)
		report_outside(lr, k, "an entry point of the rules");
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
			if (done[matches.v[k]] || !n->reaches)
				continue;
			done[matches.v[k]] = true;
			if (n->sets_vnet)
				report_outside(lr, matches.v[k],
				    "an entry point of the rules");
			else
				report(lr, matches.v[k],
				    "an entry point of the rules");
		}
	}
	VEC_FREE(&matches);
	for (i = 0; i < cg->nodes.n; i++) {
		n = &cg->nodes.v[i];
		if (done[i] || !n->reaches ||
		    callgraph_find(cg, n->def->usr) != i)
			continue;
		for (k = 0; k < n->refs.n; k++) {
			if (!async_root(n->refs.v[k]))
				continue;
			role = fn_role_text(n->refs.v[k]);
			if (n->sets_vnet)
				report_outside(lr, i, role);
			else
				report(lr, i, role);
			free(role);
			break;
		}
	}
	free(done);
}
