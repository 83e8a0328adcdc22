/*
 * stringize.c: a macro argument that the macro also turns into text.
 *
 *	#define FOO_SHOW(var) printf("foo: " #var " = %d\n", var)
 *	FOO_SHOW(foo_mtu);
 *
 * The use must become FOO_SHOW(V_foo_mtu), and then the program prints
 * "V_foo_mtu" where it printed "foo_mtu".  Mostly that is an assertion's
 * message and nobody minds, but it is a change of behaviour the patch
 * does not show, so it is said.  The '#' may be in the macro's own body
 * or in that of a macro it hands the parameter to (MPASS(ex) is
 * MPASS4(ex, #ex, ...)), a few levels down.
 */
#include <string.h>

#include "model/tokens.h"
#include "passes/uses.h"

#define MAX_DEPTH 4

/* A function-like #define, read from its text. */
struct fdef {
	struct srcfile *f;
	size_t lparen, rparen; /* the parameter list */
	size_t body, end;      /* body tokens [body, end) */
};

static bool
read_def(struct srcfile *f, uint32_t name_off, struct fdef *d)
{
	size_t i;

	if (!file_load(f))
		return (false);
	i = tok_at_or_after(&f->toks, name_off);
	if (i + 1 >= f->toks.n || f->toks.t[i].off != name_off ||
	    !tok_punct(f, i + 1, "(") || f->toks.t[i + 1].off != tok_end(f, i))
		return (false);
	d->f = f;
	d->lparen = i + 1;
	for (i = d->lparen + 1; i < f->toks.n && !tok_punct(f, i, ")"); i++)
		if (f->toks.t[i].bol)
			return (false);
	if (i >= f->toks.n)
		return (false);
	d->rparen = i;
	d->body = i + 1;
	for (d->end = d->body; d->end < f->toks.n && !f->toks.t[d->end].bol;
	    d->end++)
		;
	return (true);
}

/* The k-th parameter's name (__VA_ARGS__ for the ... ones), or NULL. */
static char *
param_name(const struct fdef *d, size_t k)
{
	size_t i, n = 0, len;
	const char *t;

	for (i = d->lparen + 1; i < d->rparen; i++) {
		if (tok_punct(d->f, i, ","))
			continue;
		if (tok_punct(d->f, i, "..."))
			return (xstrdup("__VA_ARGS__"));
		if (n++ == k) {
			t = tok_text(d->f, i, &len);
			return (xstrndup(t, len));
		}
	}
	return (NULL);
}

/*
 * The argument index holding token at of the invocation whose '(' is
 * token lp, or SIZE_MAX; *close is set to its ')'.
 */
static size_t
arg_index(const struct srcfile *f, size_t lp, size_t at, size_t *close)
{
	size_t i, k = 0, found = SIZE_MAX;
	int depth = 0;

	for (i = lp; i < f->toks.n; i++) {
		if (tok_punct(f, i, "(") || tok_punct(f, i, "[") ||
		    tok_punct(f, i, "{"))
			depth++;
		else if (tok_punct(f, i, ")") || tok_punct(f, i, "]") ||
		    tok_punct(f, i, "}")) {
			if (--depth == 0) {
				*close = i;
				return (found);
			}
		} else if (depth == 1 && tok_punct(f, i, ","))
			k++;
		if (i == at)
			found = k;
	}
	return (SIZE_MAX);
}

/*
 * Is parameter k of the macro defined at d turned into text, in its body
 * or in a macro its body hands it to?  *hash is the '#' found.
 */
static bool
stringizes(struct plan *p, const struct fdef *d, size_t k, int depth,
    struct srcfile **hf, uint32_t *hash)
{
	char *name = param_name(d, k);
	const struct macro_def_fact *inner;
	struct fdef id;
	size_t i, j, close, len, arg;
	const char *t;
	char *callee;
	bool found = false;

	if (name == NULL)
		return (false);
	for (i = d->body; i < d->end && !found; i++) {
		if (!tok_eq(d->f, i, name))
			continue;
		if (i > d->body && tok_punct(d->f, i - 1, "#")) {
			*hf = d->f;
			*hash = d->f->toks.t[i - 1].off;
			found = true;
			break;
		}
		if (depth >= MAX_DEPTH)
			continue;
		/* Handed to a function-like macro: NAME ( ... name ... ). */
		for (j = i; j > d->body; j--) {
			if (!tok_punct(d->f, j - 1, "(") || j < d->body + 2 ||
			    d->f->toks.t[j - 2].kind != TOK_IDENT)
				continue;
			arg = arg_index(d->f, j - 1, i, &close);
			if (arg == SIZE_MAX || close >= d->end)
				continue;
			t = tok_text(d->f, j - 2, &len);
			callee = xstrndup(t, len);
			inner = hmap_get(&p->m->macro_defs, callee);
			free(callee);
			if (inner != NULL &&
			    read_def(inner->file, inner->off, &id) &&
			    stringizes(p, &id, arg, depth + 1, hf, hash)) {
				found = true;
				break;
			}
		}
	}
	free(name);
	return (found);
}

bool
stringized_argument(struct plan *p, const struct use *u, struct srcfile *f,
    uint32_t off, char **macro, struct srcfile **hf, uint32_t *hash)
{
	const struct macro_use *mu;
	struct fdef d;
	size_t at, name, lp, close, k, len;
	const char *t;

	if (u->exp_file != f ||
	    (mu = model_macro_at(p->m, u->exp_file, u->exp_off)) == NULL ||
	    mu->def_file == NULL || !read_def(mu->def_file, mu->def_off, &d))
		return (false);
	name = tok_at_or_after(&f->toks, u->exp_off);
	lp = tok_next_code(f, name);
	at = tok_at_or_after(&f->toks, off);
	if (lp >= f->toks.n || !tok_punct(f, lp, "(") ||
	    (k = arg_index(f, lp, at, &close)) == SIZE_MAX)
		return (false);
	if (!stringizes(p, &d, k, 0, hf, hash))
		return (false);
	t = tok_text(f, name, &len);
	*macro = xstrndup(t, len);
	return (true);
}
