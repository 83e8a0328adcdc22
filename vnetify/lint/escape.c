/*
 * escape.c: vnet-escape.  The address of per-vnet state kept where every
 * vnet sees the same copy: in the static initializer of an object that is
 * not per vnet (VNET_NAME(x) there is the master copy's address), or
 * assigned at run time to a plain global, a member or element of one, or
 * a function's static ("g = &V_x", "s.p = &(V_x)", "a[i] = c ? &V_x :
 * NULL", "g = (char *)V_buf").  Passed to a call, the address may go
 * anywhere, and is not followed.  A sysctl
 * registration keeps VNET_NAME(x) on purpose, with CTLFLAG_VNET, and is
 * not a finding; a bare x in such an initializer the uses pass reports
 * (prefix.c).
 */
#include <string.h>

#include "lint/lint.h"
#include "model/tokens.h"
#include "passes/uses.h"

/*
 * Is token j a name that does not make a call with the '(' after it (a
 * keyword such as sizeof does; a cast's closing ')' does not)?
 */
static bool
calls(const struct srcfile *f, size_t j)
{
	static const char *const not_calls[] = {"return", "case", "else", "do",
	    NULL};
	char *t;
	bool yes;

	if (j == SIZE_MAX)
		return (false);
	if (tok_punct(f, j, ")") || tok_punct(f, j, "]"))
		return (true);
	if (f->toks.t[j].kind != TOK_IDENT)
		return (false);
	t = xstrndup(f->data + f->toks.t[j].off, f->toks.t[j].len);
	yes = !str_in_set(not_calls, t);
	free(t);
	return (yes);
}

/* The '(' or '[' that the ')' or ']' at j closes, or SIZE_MAX. */
static size_t
opener(const struct srcfile *f, size_t j)
{
	const char *open = tok_punct(f, j, ")") ? "(" : "[";
	const char *close = tok_punct(f, j, ")") ? ")" : "]";
	int depth = 0;

	for (; j != SIZE_MAX; j = tok_prev_code(f, j)) {
		if (tok_punct(f, j, close))
			depth++;
		else if (tok_punct(f, j, open) && --depth == 0)
			return (j);
	}
	return (SIZE_MAX);
}

/*
 * The '=' of the assignment whose right side holds token at, its value
 * (not an argument of a call or a subscript in it), or SIZE_MAX.
 */
static size_t
assignment_of(const struct srcfile *f, size_t at)
{
	size_t k;

	for (k = tok_prev_code(f, at); k != SIZE_MAX; k = tok_prev_code(f, k)) {
		if (tok_punct(f, k, ")") || tok_punct(f, k, "]")) {
			if ((k = opener(f, k)) == SIZE_MAX)
				return (SIZE_MAX);
			continue;
		}
		if (tok_punct(f, k, "("))
			/* Inside a call's argument, or a grouping. */
			if (calls(f, tok_prev_code(f, k)))
				return (SIZE_MAX);
		if (tok_punct(f, k, "="))
			return (k);
		if (tok_punct(f, k, "[") || tok_punct(f, k, ";") ||
		    tok_punct(f, k, "{") || tok_punct(f, k, "}") ||
		    tok_punct(f, k, ",") || tok_eq(f, k, "return"))
			return (SIZE_MAX);
	}
	return (SIZE_MAX);
}

/*
 * The object the left side of the '=' at eq names: "g", "g.f", "g[i]",
 * "g.a[i].f", a name at the start of its statement.  Its token, or
 * SIZE_MAX (a pointer's target, "*p" or "p->f", may be anywhere).
 */
static size_t
assigned_object(const struct srcfile *f, size_t eq)
{
	size_t k = tok_prev_code(f, eq), before;

	for (;;) {
		if (k == SIZE_MAX)
			return (SIZE_MAX);
		if (tok_punct(f, k, "]")) {
			if ((k = opener(f, k)) == SIZE_MAX)
				return (SIZE_MAX);
			k = tok_prev_code(f, k);
			continue;
		}
		if (f->toks.t[k].kind != TOK_IDENT)
			return (SIZE_MAX);
		before = tok_prev_code(f, k);
		if (before != SIZE_MAX && tok_punct(f, before, ".")) {
			k = tok_prev_code(f, before);
			continue;
		}
		break;
	}
	if (before != SIZE_MAX && !tok_punct(f, before, ";") &&
	    !tok_punct(f, before, "{") && !tok_punct(f, before, "}") &&
	    !tok_punct(f, before, ")") && !tok_punct(f, before, ":") &&
	    !tok_punct(f, before, "=") && !tok_eq(f, before, "else"))
		return (SIZE_MAX);
	return (k);
}

/*
 * Is the address of the V_x at token u taken: "&V_x", "&(V_x)",
 * "&V_x.f", "&V_x[i]", or an array that decays?  Returns the token the
 * address is of, the '&' or u, or SIZE_MAX.
 */
static size_t
address_taken(const struct srcfile *f, size_t u, bool array)
{
	size_t p = tok_prev_code(f, u), n = tok_next_code(f, u);

	while (p != SIZE_MAX && tok_punct(f, p, "("))
		p = tok_prev_code(f, p);
	if (p != SIZE_MAX && tok_punct(f, p, "&"))
		return (n != SIZE_MAX && tok_punct(f, n, "->") ? SIZE_MAX : p);
	if (array && (n == SIZE_MAX || !tok_punct(f, n, "[")) &&
	    (p == SIZE_MAX || !tok_eq(f, p, "sizeof")))
		return (u);
	return (SIZE_MAX);
}

/*
 * The variable with static storage that token j names where it is
 * spelled, not virtualized: a global, or a static of the function
 * around; NULL when a local or parameter of that name is in scope.
 */
static const struct var *
plain_static(const struct model *m, const struct hmap *plain,
    const struct srcfile *f, size_t j)
{
	const struct func_def *fd;
	const struct var *v;
	char *name, *key;

	name = xstrndup(f->data + f->toks.t[j].off, f->toks.t[j].len);
	fd = model_func_at(m, f, f->toks.t[j].off);
	key = xasprintf("%s\n%s", fd != NULL ? fd->name : "", name);
	if ((v = hmap_get(plain, key)) == NULL &&
	    !model_local_visible(m, f, f->toks.t[j].off, name))
		v = hmap_get(plain, name);
	free(key);
	free(name);
	return (v);
}

static void
runtime_escapes(struct lint_run *lr, const struct var *v,
    const struct hmap *plain)
{
	const struct use *u;
	const struct var *g;
	size_t i, j, k, at;
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
		    (at = address_taken(xf, j, strchr(v->type, '[') != NULL)) ==
			SIZE_MAX ||
		    (k = assignment_of(xf, at)) == SIZE_MAX ||
		    (k = assigned_object(xf, k)) == SIZE_MAX ||
		    (g = plain_static(lr->p->m, plain, xf, k)) == NULL)
			continue;
		(void)lint_add(lr, LINT_ESCAPE, xf, xf->toks.t[k].off,
		    "%s keeps the address of per-vnet %s, but %s is shared by "
		    "all vnets: the other vnets would use this one's copy; "
		    "make %s per-vnet too (VNET_DEFINE)",
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
	char *key;
	size_t i;

	/* Globals by name, a function's statics by "function\nname". */
	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (v->selected || v->is_const || v->is_tls)
			continue;
		if (!v->is_local)
			(void)hmap_put(&plain, v->name, (void *)v);
		else if (v->function != NULL) {
			key = xasprintf("%s\n%s", v->function, v->name);
			(void)hmap_put(&plain, key, (void *)v);
			free(key);
		}
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
