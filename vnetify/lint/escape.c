/*
 * escape.c: vnet-escape.  The address of per-vnet state kept where every
 * vnet sees the same copy: in the static initializer of an object that is
 * not per vnet (VNET_NAME(x) there is the master copy's address), or
 * assigned at run time to a plain global (g = &V_x).  A sysctl
 * registration keeps VNET_NAME(x) on purpose, with CTLFLAG_VNET, and is
 * not a finding; a bare x in such an initializer the uses pass reports
 * (prefix.c).
 */
#include <string.h>

#include "lint/lint.h"
#include "model/tokens.h"
#include "passes/uses.h"

/* The plain variable with static storage assigned at token j, or NULL. */
static const struct var *
plain_global(const struct hmap *plain, const struct srcfile *f, size_t j)
{
	return (
	    hmap_get_n(plain, f->data + f->toks.t[j].off, f->toks.t[j].len));
}

/*
 * "g = &V_x" or "g = V_x" (an array decays) at the start of a statement,
 * with the use at token u: the g, or SIZE_MAX.
 */
static size_t
assigned_to(const struct srcfile *f, size_t u)
{
	size_t p = tok_prev_code(f, u), eq, g, before;

	if (p != SIZE_MAX && tok_punct(f, p, "&"))
		p = tok_prev_code(f, p);
	if (p == SIZE_MAX || !tok_punct(f, p, "="))
		return (SIZE_MAX);
	eq = p;
	g = tok_prev_code(f, eq);
	if (g == SIZE_MAX || f->toks.t[g].kind != TOK_IDENT)
		return (SIZE_MAX);
	before = tok_prev_code(f, g);
	if (before != SIZE_MAX && !tok_punct(f, before, ";") &&
	    !tok_punct(f, before, "{") && !tok_punct(f, before, "}") &&
	    !tok_punct(f, before, ")"))
		return (SIZE_MAX);
	return (g);
}

static void
runtime_escapes(struct lint_run *lr, const struct var *v,
    const struct hmap *plain)
{
	const struct use *u;
	const struct var *g;
	size_t i, j, k;
	char *vname = xasprintf("V_%s", v->vname);

	for (i = 0; i < v->uses.n; i++) {
		struct srcfile *xf;
		uint32_t xo;

		u = &v->uses.v[i];
		xf = u->exp_file != NULL ? u->exp_file : u->file;
		xo = u->exp_file != NULL ? u->exp_off : u->off;
		if (xf == NULL || !u->in_function || !file_load(xf) ||
		    xf->rel == NULL)
			continue;
		/* The V_x the code writes: where the macro is used. */
		j = tok_containing(&xf->toks, xo);
		if (j == SIZE_MAX || !tok_eq(xf, j, vname) ||
		    (k = assigned_to(xf, j)) == SIZE_MAX ||
		    (g = plain_global(plain, xf, k)) == NULL)
			continue;
		if (!tok_punct(xf, tok_prev_code(xf, j), "&") &&
		    strchr(v->type, '[') == NULL)
			continue;
		(void)lint_add(lr, LINT_ESCAPE, xf, xf->toks.t[k].off,
		    "%s keeps the address of per-vnet %s, but %s is shared by "
		    "all vnets: the other vnets would use this one's copy; "
		    "make "
		    "%s per-vnet too (VNET_DEFINE)",
		    g->name, v->name, g->name, g->name);
	}
	free(vname);
}

static void
initializer_escapes(struct lint_run *lr, const struct var *v)
{
	const struct use *u;
	struct sysctl_site ss;
	size_t i;

	for (i = 0; i < v->uses.n; i++) {
		u = &v->uses.v[i];
		if (u->owner == NULL || u->owner->selected || u->owner == v ||
		    u->file == NULL || !file_load(u->file) ||
		    u->file->rel == NULL || !use_converted(u->file, u->off) ||
		    sysctl_site(u->file, u->off, &ss))
			continue;
		(void)lint_add(lr, LINT_ESCAPE, u->file, u->off,
		    "the initializer of %s takes the address of per-vnet %s, "
		    "but %s is shared by all vnets and would point into the "
		    "master copy; make %s per-vnet too (VNET_DEFINE) or set it "
		    "at run time",
		    u->owner->name, v->name, u->owner->name, u->owner->name);
	}
}

void
lint_escape(struct lint_run *lr)
{
	const struct model *m = lr->p->m;
	struct hmap plain = {0};
	const struct var *v;
	size_t i;

	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (!v->selected && !v->is_local && !v->is_const && !v->is_tls)
			(void)hmap_put(&plain, v->name, (void *)v);
	}
	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (!v->selected)
			continue;
		initializer_escapes(lr, v);
		runtime_escapes(lr, v, &plain);
	}
	hmap_free(&plain, NULL);
}
