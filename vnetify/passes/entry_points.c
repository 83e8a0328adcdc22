/*
 * entry_points.c: the functions the rules name as entry points set their
 * vnet on entry and put the old one back on every way out, as FreeBSD's
 * porters wrote by hand:
 *
 *	int						int
 *	foo_ioctl(struct foo_softc *sc, int cmd)	foo_ioctl(struct
 *foo_softc *sc, int cmd) {						{ int
 *error;					int error;
 *
 *		if (cmd == 0)
 *CURVNET_SET(sc->sc_vnet); return (EINVAL);			if (cmd == 0) {
 *		error = foo_do(cmd);
 *CURVNET_RESTORE(); return (error);
 *return (EINVAL); }							} error
 *= foo_do(cmd); CURVNET_RESTORE(); return (error);
 *						}
 *
 * CURVNET_SET goes after the declarations that open the body, since it
 * declares the saved vnet and then assigns (C89 code keeps its
 * declarations first); a declaration whose initializer already needs the
 * vnet becomes a plain declaration and an assignment after it.  Each
 * return gets CURVNET_RESTORE() before it, in new braces where the return
 * was the whole body of an if or a loop.  A return whose value could read
 * per-vnet state or have effects (a call, a V_ name, ++) is computed into
 * a local first, once, so that nothing is evaluated after the restore; a
 * value that is a constant, a local or a parameter is returned as it is.
 * The end of the body gets a restore too, unless it ends in a return.
 *
 * A function that sets a vnet already (CURVNET_SET in its body) is left
 * as it is, which makes a second run a no-op.  A return written by a
 * macro cannot get its restore from here: a review item says so.
 */
#include <string.h>

#include "model/conditionals.h"
#include "model/declarator.h"
#include "model/skipped.h"
#include "model/lex.h"
#include "support/diag.h"
#include "model/tokens.h"
#include "passes/contexts.h"
#include "passes/func_body.h"
#include "passes/leaves.h"

struct wrap {
	struct plan *p;
	const struct callgraph *cg;
	struct func_body b;
	const char *expr;
	const struct hmap *vnames; /* names that read per-vnet state */
	struct strbuf moved;	   /* assignments that follow CURVNET_SET */
	char *indent;		   /* of the body's statements */
	char *retval;		   /* the local for return values, or NULL */
	/* The #if line that every return using retval is under, or NULL. */
	char *guard;
};

/*
 * Could evaluating tokens [a, b) read per-vnet state or do something
 * that must happen before the restore?  Calls, V_ names, the variables
 * themselves, ++, -- and assignments say yes.
 */
static bool
has_effects(const struct wrap *w, size_t a, size_t b)
{
	const struct srcfile *f = w->b.f;
	static const char *const writes[] = {"++", "--", "=",
	    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", NULL};
	size_t j, n;

	for (j = a; j < b; j++) {
		if (f->toks.t[j].pp || f->toks.t[j].kind == TOK_COMMENT)
			continue;
		if (tok_in_set(f, j, writes) && f->toks.t[j].kind == TOK_PUNCT)
			return (true);
		if (f->toks.t[j].kind != TOK_IDENT)
			continue;
		/* sizeof (V_x) reads nothing: its operand is not evaluated. */
		if (tok_eq(f, j, "sizeof") || tok_eq(f, j, "_Alignof") ||
		    tok_eq(f, j, "__alignof__")) {
			n = tok_next_code(f, j);
			if (n != SIZE_MAX && n < b && tok_punct(f, n, "("))
				j = tok_skip_group(f, n, b) - 1;
			else if (n != SIZE_MAX && n < b)
				j = n;
			continue;
		}
		if (hmap_get_n(w->vnames, f->data + f->toks.t[j].off,
			f->toks.t[j].len) != NULL ||
		    (f->toks.t[j].len >= 4 &&
			memcmp(f->data + f->toks.t[j].off, "VNET", 4) == 0))
			return (true);
		n = tok_next_code(f, j);
		if (n != SIZE_MAX && n < b && tok_punct(f, n, "("))
			return (true);
	}
	return (false);
}

static bool
name_in(const struct hmap *names, const struct srcfile *f, size_t j)
{
	return (hmap_get_n(names, f->data + f->toks.t[j].off,
		    f->toks.t[j].len) != NULL);
}

/*
 * Could the initializer in tokens [a, b) need the vnet: does it name the
 * state, or a local split off before it (split), or call a function that
 * may reach the state?
 */
static bool
init_needs_vnet(const struct wrap *w, size_t a, size_t b,
    const struct hmap *split)
{
	const struct srcfile *f = w->b.f;
	const struct model *m = w->p->m;
	uint32_t from = f->toks.t[a].off, to = f->toks.t[b].off;
	size_t j, k;

	for (j = a; j < b; j++)
		if (f->toks.t[j].kind == TOK_IDENT &&
		    (name_in(w->vnames, f, j) || name_in(split, f, j)))
			return (true);
	for (j = 0; j < m->fn.calls.n; j++) {
		const struct call_fact *c = &m->fn.calls.v[j];

		if (c->file != f || c->off < from || c->off >= to)
			continue;
		if (c->callee[0] == '\0')
			return (true);
		k = callgraph_find(w->cg, c->callee);
		if (k != SIZE_MAX && w->cg->nodes.v[k].may_reach)
			return (true);
	}
	return (false);
}

/* Does any initializer of the declaration need the vnet? */
static bool
lead_needs_vnet(const struct wrap *w, const struct lead_decl *ld)
{
	const struct srcfile *f = w->b.f;
	struct hmap none = {0};
	struct decl_stmt ds;
	size_t k;
	bool need = false;

	if (ld->name_off == NO_OFFSET ||
	    !decl_stmt_parse(f, ld->start, ld->name_off, &ds))
		return (true);
	for (k = 0; k < ds.d.n && !need; k++)
		need = ds.d.v[k].eq < ds.d.v[k].end &&
		    init_needs_vnet(w, ds.d.v[k].eq + 1, ds.d.v[k].end, &none);
	decl_stmt_free(&ds);
	return (need);
}

/*
 * Can declarator d become a plain declaration and an assignment: one
 * scalar, its initializer not a brace list, nothing const or static?
 */
static bool
declarator_splittable(const struct srcfile *f, const struct decl_stmt *ds,
    const struct declarator *d)
{
	size_t j;

	if (d->arr_end != d->name + 1 || d->parens ||
	    tok_punct(f, d->eq + 1, "{"))
		return (false);
	for (j = ds->first; j < ds->specs_end; j++)
		if (tok_eq(f, j, "const") || tok_eq(f, j, "static"))
			return (false);
	for (j = d->begin; j < d->name; j++)
		if (tok_eq(f, j, "const"))
			return (false);
	return (true);
}

/*
 * Does a return lie between tokens a and b (a GNU statement expression's):
 * moved, its restore would be planned in text that is taken away.
 */
static bool
returns_in(const struct wrap *w, size_t a, size_t b)
{
	size_t i;

	for (i = 0; i < w->b.returns.n; i++)
		if (w->b.returns.v[i].ret > a && w->b.returns.v[i].ret < b)
			return (true);
	return (false);
}

/*
 * The #if line a declaration (its name at token j) is under, in *cond
 * (NULL when none of the body's), for its assignment after CURVNET_SET to
 * be under it too.  False when that cannot be said in one line: the
 * declaration is in an #else or #elif branch, or two groups deep.
 */
static bool
split_condition(const struct wrap *w, size_t j, char **cond)
{
	const struct srcfile *f = w->b.f;
	uint32_t open = f->toks.t[w->b.open].off, where, outer;
	char *d = cond_group_after(f, f->toks.t[j].off, open, &where), *up;

	*cond = NULL;
	if (d == NULL)
		return (true);
	up = cond_group_after(f, where, open, &outer);
	if (strncmp(d, "#if", 3) != 0 || up != NULL) {
		free(up);
		*cond = d;
		return (false);
	}
	free(up);
	free(d);
	*cond = xstrndup(f->data + where, cond_line_end(f, where) - 1 - where);
	return (true);
}

/*
 * "T x = e;" becomes "T x;" and "x = e;" follows CURVNET_SET, for every
 * declarator of the leading declarations whose initializer needs the
 * vnet (or reads one split before it).  With apply false, only says
 * whether it can be done; when not, *blocker is the declarator's name.
 */
static bool
split_leads(struct wrap *w, const struct lead_decl *leads, size_t nl,
    bool apply, uint32_t *blocker, bool *in_group, struct hmap *names)
{
	struct srcfile *f = w->b.f;
	struct hmap split = {0};
	const struct declarator *d;
	struct decl_stmt ds;
	size_t i, k;
	char *init, *name, *cond = NULL;
	bool ok = true;

	for (i = 0; ok && i < nl; i++) {
		if (leads[i].name_off == NO_OFFSET ||
		    !decl_stmt_parse(f, leads[i].start, leads[i].name_off, &ds))
			continue;
		for (k = 0; ok && k < ds.d.n; k++) {
			d = &ds.d.v[k];
			if (d->eq >= d->end ||
			    !init_needs_vnet(w, d->eq + 1, d->end, &split))
				continue;
			if (!declarator_splittable(f, &ds, d) ||
			    returns_in(w, d->eq, d->end) ||
			    !split_condition(w, d->name, &cond)) {
				*blocker = f->toks.t[d->name].off;
				*in_group = cond != NULL;
				free(cond);
				ok = false;
				break;
			}
			name = xstrndup(f->data + f->toks.t[d->name].off,
			    f->toks.t[d->name].len);
			(void)hmap_put(&split, name, &split);
			if (!apply)
				free(cond);
			else {
				init = plan_render(w->p, f, tok_end(f, d->eq),
				    f->toks.t[d->end].off, true, false);
				plan_edit(w->p, f, tok_end(f, d->eq - 1),
				    f->toks.t[d->end].off -
					tok_end(f, d->eq - 1),
				    "", 0, "initializer after CURVNET_SET");
				/* Under the #if the declaration is under. */
				if (cond != NULL)
					sb_addf(&w->moved, "%s\n", cond);
				sb_addf(&w->moved, "%s%s =%s;\n", w->indent,
				    name, init);
				if (cond != NULL)
					sb_addf(&w->moved, "#endif\n");
				free(init);
				free(cond);
			}
			free(name);
		}
		decl_stmt_free(&ds);
	}
	if (names != NULL)
		for (i = 0; i < split.cap; i++)
			if (split.slots[i].key != NULL)
				(void)hmap_put(names, split.slots[i].key, NULL);
	hmap_free(&split, NULL);
	return (ok);
}

/* The declaration of the local that holds return values. */
static bool
declare_retval(struct wrap *w, uint32_t where, bool blank_after, bool inline_)
{
	const char *t = w->b.fd->result;
	char *decl, *text;

	if (strchr(t, '(') != NULL || strchr(t, '[') != NULL ||
	    strcmp(t, "void") == 0)
		return (false);
	if (strncmp(t, "const ", 6) == 0 && strchr(t, '*') == NULL)
		t += 6;
	w->retval = body_fresh_name(&w->b, "retval");
	decl = xasprintf("%s%s%s;", t, t[strlen(t) - 1] == '*' ? "" : " ",
	    w->retval);
	if (inline_)
		text = xasprintf(" %s", decl);
	else if (w->guard != NULL)
		/* Declared where it is used only: no unused local elsewhere. */
		text = xasprintf("%s\n%s%s\n#endif\n%s", w->guard, w->indent,
		    decl, blank_after ? "\n" : "");
	else
		text = xasprintf("%s%s\n%s", w->indent, decl,
		    blank_after ? "\n" : "");
	plan_edit(w->p, w->b.f, where, 0, text, -1, "entry point");
	free(decl);
	free(text);
	return (true);
}

/*
 * Put text before the statement at token j, on a line of its own if the
 * statement begins one, indented as it is (as the body's statements,
 * before the closing brace).
 */
static void
before_statement(struct wrap *w, size_t j, const char *stmt, int order)
{
	struct srcfile *f = w->b.f;
	char *text, *in;

	if (f->toks.t[j].bol) {
		in = j == w->b.close ? xstrdup(w->indent)
				     : indent_of(f, f->toks.t[j].off);
		text = xasprintf("%s%s\n", in, stmt);
		plan_edit(w->p, f,
		    (uint32_t)line_start(f->data, f->toks.t[j].off), 0, text,
		    order, "entry point");
		free(in);
	} else {
		text = xasprintf("%s ", stmt);
		plan_edit(w->p, f, f->toks.t[j].off, 0, text, order,
		    "entry point");
	}
	free(text);
}

/* The names the vnet expression reads, not those after '.' or "->". */
static void
expr_names(const struct wrap *w, struct hmap *out)
{
	struct toklist tl = {0};
	size_t k;
	char *name;

	lex(w->expr, strlen(w->expr), &tl);
	for (k = 0; k < tl.n; k++) {
		if (tl.t[k].kind != TOK_IDENT ||
		    (k > 0 &&
			((tl.t[k - 1].len == 1 &&
			     w->expr[tl.t[k - 1].off] == '.') ||
			    (tl.t[k - 1].len == 2 &&
				strncmp(w->expr + tl.t[k - 1].off, "->", 2) ==
				    0))))
			continue;
		name = xstrndup(w->expr + tl.t[k].off, tl.t[k].len);
		(void)hmap_put(out, name, NULL);
		free(name);
	}
	free(tl.t);
}

/* Puts the name at token j into out when names has it. */
static void
name_put_if(const struct srcfile *f, size_t j, const struct hmap *names,
    struct hmap *out)
{
	char *name = xstrndup(f->data + f->toks.t[j].off, f->toks.t[j].len);

	if (hmap_has(names, name))
		(void)hmap_put(out, name, NULL);
	free(name);
}

/*
 * The names of w's vnet expression that a leading declaration declares
 * without a value ("struct softc *sc;"), into out.  A member name (after
 * '.' or '->') is none.
 */
static void
unset_expr_locals(const struct wrap *w, const struct lead_decl *leads,
    size_t nl, struct hmap *out)
{
	const struct srcfile *f = w->b.f;
	struct hmap names = {0};
	struct decl_stmt ds;
	const struct declarator *d;
	size_t i, n;

	expr_names(w, &names);
	for (i = 0; i < nl; i++) {
		if (leads[i].name_off == NO_OFFSET ||
		    !decl_stmt_parse(f, leads[i].start, leads[i].name_off, &ds))
			continue;
		for (n = 0; n < ds.d.n; n++) {
			d = &ds.d.v[n];
			if (d->eq < d->end)
				continue;
			name_put_if(f, d->name, &names, out);
		}
		decl_stmt_free(&ds);
	}
	hmap_free(&names, NULL);
}

/*
 * The vnet expression may read a local the declarations leave unset:
 * "struct softc *sc;" and then "sc = ifp->if_softc;", FreeBSD's ioctl
 * shape.  CURVNET_SET then goes after the statements up to the last that
 * sets one, when those are plain expression statements that need no
 * vnet; *first moves there.  False, with a review item, when they are
 * not.
 */
static bool
after_expr_locals(struct wrap *w, const struct lead_decl *leads, size_t nl,
    size_t *first)
{
	static const char *const controls[] = {"if", "for", "while", "do",
	    "switch", "return", "goto", "break", "continue", "case", "default",
	    "else", NULL};
	struct srcfile *f = w->b.f;
	struct hmap unset = {0}, none = {0};
	size_t j = *first, last, left, n;
	char *name;
	bool ok = true;

	unset_expr_locals(w, leads, nl, &unset);
	left = unset.n;
	while (left > 0 && ok) {
		while (j < w->b.close &&
		    (f->toks.t[j].pp || f->toks.t[j].kind == TOK_COMMENT))
			j++;
		if (j >= w->b.close ||
		    (last = body_statement_last(f, j, w->b.close)) ==
			SIZE_MAX ||
		    !tok_punct(f, last, ";") || tok_punct(f, j, "{") ||
		    tok_in_set(f, j, controls) ||
		    ((n = tok_next_code(f, j)) != SIZE_MAX &&
			tok_punct(f, n, ":")) ||
		    init_needs_vnet(w, j, last, &none)) {
			ok = false;
			break;
		}
		n = tok_next_code(f, j);
		name = xstrndup(f->data + f->toks.t[j].off, f->toks.t[j].len);
		if (f->toks.t[j].kind == TOK_IDENT && n != SIZE_MAX &&
		    tok_punct(f, n, "=") && hmap_has(&unset, name) &&
		    hmap_get(&unset, name) == NULL) {
			*hmap_put(&unset, name, NULL) = &unset; /* now set */
			left--;
		}
		free(name);
		j = last + 1;
	}
	if (!ok) {
		unsigned line, col;

		file_line_col(f, f->toks.t[*first].off, &line, &col);
		plan_review(w->p, REVIEW_ENTRY_POINT, f, w->b.fd->start, NULL,
		    "%s() is an entry point whose vnet expression '%s' reads a "
		    "local that is set only in the body, past code at line %u "
		    "that cannot come before CURVNET_SET; set its vnet by hand "
		    "once that local is set",
		    w->b.fd->name, w->expr, line);
	} else if (j != *first)
		*first = tok_at_or_after(&f->toks, tok_end(f, j - 1));
	hmap_free(&unset, NULL);
	return (ok);
}

/*
 * The '#' of the #if, #ifdef or #ifndef whose first branch holds token j
 * of w's body, the nearest; SIZE_MAX when j is in a later branch, or in
 * none inside the body.
 */
static size_t
group_of(const struct wrap *w, size_t j)
{
	const struct srcfile *f = w->b.f;
	int depth = 0;

	while (j-- > w->b.open) {
		if (!f->toks.t[j].pp || !f->toks.t[j].bol ||
		    !tok_punct(f, j, "#"))
			continue;
		if (tok_eq(f, j + 1, "endif"))
			depth++;
		else if (tok_eq(f, j + 1, "if") || tok_eq(f, j + 1, "ifdef") ||
		    tok_eq(f, j + 1, "ifndef")) {
			if (depth == 0)
				return (j);
			depth--;
		} else if (depth == 0 &&
		    (tok_eq(f, j + 1, "else") || tok_eq(f, j + 1, "elif")))
			return (SIZE_MAX);
	}
	return (SIZE_MAX);
}

/*
 * When every return that needs the local is in the first branch of one
 * #if group, that #if line, to declare the local under it; NULL
 * otherwise (or when the line runs on with a backslash).
 */
static char *
retval_guard(const struct wrap *w)
{
	const struct srcfile *f = w->b.f;
	const struct body_return *r;
	size_t i, g = SIZE_MAX, gi;
	uint32_t a, b;

	for (i = 0; i < w->b.returns.n; i++) {
		r = &w->b.returns.v[i];
		if (!(r->semi > r->ret + 1 &&
			has_effects(w, r->ret + 1, r->semi)))
			continue;
		gi = group_of(w, r->ret);
		if (gi == SIZE_MAX || (g != SIZE_MAX && gi != g))
			return (NULL);
		g = gi;
	}
	if (g == SIZE_MAX)
		return (NULL);
	a = f->toks.t[g].off;
	b = (uint32_t)line_end(f->data, f->len, a);
	while (b > a && (f->data[b - 1] == '\n' || f->data[b - 1] == '\r'))
		b--;
	if (b > a && f->data[b - 1] == '\\')
		return (NULL);
	return (xstrndup(f->data + a, b - a));
}

/* Is there a ',' in [from, to) outside parentheses and brackets? */
static bool
top_level_comma(const struct srcfile *f, size_t from, size_t to)
{
	return (tok_find_outside(f, from, to, ",", false) != SIZE_MAX);
}

/* The last code token before the body's '}'. */
static size_t
last_code(const struct func_body *b)
{
	size_t j = b->close;

	while (j-- > b->open)
		if (b->f->toks.t[j].kind != TOK_COMMENT && !b->f->toks.t[j].pp)
			return (j);
	return (b->open);
}

/* The restore before one return, the value computed first if need be. */
static void
wrap_return(struct wrap *w, const struct body_return *r, bool computed)
{
	struct srcfile *f = w->b.f;
	bool own_line = f->toks.t[r->ret].bol;
	char *in = indent_of(f, f->toks.t[r->ret].off), *outer = NULL, *text;
	uint32_t semi_end = tok_end(f, r->semi);

	if (r->braces) {
		outer = indent_of(f, f->toks.t[r->ctl].off);
		plan_edit(w->p, f, tok_end(f, r->prev), 0, " {", 0,
		    "entry point");
	}
	if (computed && w->retval == NULL) {
		/*
		 * "return f(x);" in a void function: "f(x);", then restore,
		 * then a plain return.
		 */
		size_t e = tok_next_code(f, r->ret);
		size_t close = tok_prev_code(f, r->semi);
		/* The last statement: the function ends there anyway. */
		bool last = r->depth == 1 && r->semi == last_code(&w->b);

		if (tok_punct(f, e, "(") &&
		    tok_skip_group(f, e, r->semi) == close + 1 &&
		    !top_level_comma(f, e + 1, close)) {
			plan_edit(w->p, f, f->toks.t[close].off, 1, "", 0,
			    "entry point");
			e++;
		}
		plan_edit(w->p, f, f->toks.t[r->ret].off,
		    f->toks.t[e].off - f->toks.t[r->ret].off, "", 0,
		    "entry point");
		text = own_line ? xasprintf("\n%sCURVNET_RESTORE();%s%s%s", in,
				      last ? "" : "\n", last ? "" : in,
				      last ? "" : "return;")
				: xasprintf(" CURVNET_RESTORE();%s",
				      last ? "" : " return;");
		plan_edit(w->p, f, semi_end, 0, text, 1, "entry point");
		free(text);
	} else if (computed) {
		/*
		 * "return (e);" -> "retval = e;", then restore, return: the
		 * parentheses style(9) puts around a return value are not
		 * written around an assignment's.
		 */
		size_t open = tok_next_code(f, r->ret), close;
		bool comma = top_level_comma(f, r->ret + 1, r->semi);

		close = tok_prev_code(f, r->semi);
		if (open != SIZE_MAX && open < close &&
		    tok_punct(f, open, "(") && !tok_punct(f, open + 1, "{") &&
		    tok_skip_group(f, open, r->semi) == close + 1 &&
		    !top_level_comma(f, open + 1, close)) {
			text = xasprintf("%s = ", w->retval);
			plan_edit(w->p, f, f->toks.t[r->ret].off,
			    tok_end(f, open) - f->toks.t[r->ret].off, text, 0,
			    "entry point");
			plan_edit(w->p, f, f->toks.t[close].off, 1, "", 0,
			    "entry point");
		} else {
			text = xasprintf("%s =%s", w->retval,
			    f->data[tok_end(f, r->ret)] == ' ' ||
				    f->data[tok_end(f, r->ret)] == '\t'
				? ""
				: " ");
			plan_edit(w->p, f, f->toks.t[r->ret].off,
			    f->toks.t[r->ret].len, text, 0, "entry point");
			/* "return a, b;": the comma binds below '='. */
			if (comma) {
				plan_edit(w->p, f,
				    f->toks.t[tok_next_code(f, r->ret)].off, 0,
				    "(", 0, "entry point");
				plan_edit(w->p, f, f->toks.t[r->semi].off, 0,
				    ")", 0, "entry point");
			}
		}
		free(text);
		text = own_line
		    ? xasprintf("\n%sCURVNET_RESTORE();\n%sreturn (%s);", in,
			  in, w->retval)
		    : xasprintf(" CURVNET_RESTORE(); return (%s);", w->retval);
		plan_edit(w->p, f, semi_end, 0, text, 1, "entry point");
		free(text);
	} else
		before_statement(w, r->ret, "CURVNET_RESTORE();", 1);
	if (r->braces) {
		size_t nx = r->semi + 1;
		size_t gap;

		/* "} else" stays on one line, as style(9) has it. */
		if (own_line && nx < f->toks.n && tok_eq(f, nx, "else") &&
		    !f->toks.t[nx].pp) {
			gap = f->toks.t[nx].off - semi_end;
			text = xasprintf("\n%s} ", outer);
			plan_edit(w->p, f, semi_end, (uint32_t)gap, text, 2,
			    "entry point");
		} else {
			text = own_line ? xasprintf("\n%s}", outer)
					: xstrdup(" }");
			plan_edit(w->p, f, semi_end, 0, text, 2, "entry point");
		}
		free(text);
		free(outer);
	}
	free(in);
}

/*
 * Plans CURVNET_SET(expr) after the leading declarations of w's
 * function and CURVNET_RESTORE() before every way out: each return
 * (its value computed into a local first when it could read per-vnet
 * state), and the closing brace when the body does not end in one.
 * Leading declarations whose initializers need the vnet are split into
 * a declaration and an assignment after the set.  False, with nothing
 * planned, when the function has no statement or cannot be wrapped
 * safely (a review item then says how to do it by hand).
 */
static bool
wrap_function(struct wrap *w)
{
	struct plan *p = w->p;
	struct srcfile *f = w->b.f;
	const struct func_def *fd = w->b.fd;
	const struct lead_decl *leads;
	struct body_return *r;
	uint32_t after_decls, where;
	size_t nl, i, first, lc;
	bool computed = false, mixed = false, in_group = false;
	struct hmap split = {0}, names = {0};
	struct body_span span;
	char *group;
	uint32_t blocker;
	char *set;

	if (fn_macro_return_in(&p->m->fn, f, f->toks.t[w->b.open].off,
		f->toks.t[w->b.close].off, &where)) {
		plan_review(p, REVIEW_ENTRY_POINT, f, where, NULL,
		    "%s() is an entry point but a macro returns from it here; "
		    "set its vnet by hand: CURVNET_SET(%s) after the "
		    "declarations, CURVNET_RESTORE() before every return",
		    fd->name, w->expr);
		return (false);
	}
	leads = fn_leads(&p->m->fn, f, fd->start, &nl);
	after_decls = nl > 0 ? leads[nl - 1].end : tok_end(f, w->b.open);
	first = tok_at_or_after(&f->toks, after_decls);
	body_past_declaration_groups(&w->b, &first, &after_decls, w->vnames);
	if (first >= w->b.close)
		return (false); /* nothing runs in it */
	if (!split_leads(w, leads, nl, false, &blocker, &in_group, &split)) {
		if (in_group) {
			plan_review(p, REVIEW_ENTRY_POINT, f, blocker, NULL,
			    "the initializer here reads per-vnet state before "
			    "%s() can set its vnet, in an #else, #elif or "
			    "nested #if branch of its declarations; make it an "
			    "assignment after the declarations, under the same "
			    "conditions, then run again",
			    fd->name);
			hmap_free(&split, NULL);
			return (false);
		}
		/*
		 * C99 code may declare after a statement: CURVNET_SET goes
		 * before the first declaration that needs the vnet.
		 */
		if (f->c89) {
			plan_review(p, REVIEW_ENTRY_POINT, f, blocker, NULL,
			    "the initializer here reads per-vnet state before "
			    "%s() can set its vnet, and this code declares "
			    "before its statements (C89); make it an "
			    "assignment after the declarations, then run again",
			    fd->name);
			hmap_free(&split, NULL);
			return (false);
		}
		for (i = 0; i + 1 < nl && !lead_needs_vnet(w, &leads[i]); i++)
			;
		first = tok_at_or_after(&f->toks, leads[i].start);
		nl = 0;
		mixed = true;
	}
	if (!mixed && !after_expr_locals(w, leads, nl, &first)) {
		hmap_free(&split, NULL);
		return (false);
	}
	/*
	 * "struct ifnet *ifp = ifunit(idx);" needs the vnet, and the vnet
	 * is ifp->if_vnet: no place for CURVNET_SET is right.
	 */
	expr_names(w, &names);
	for (i = 0; i < split.cap; i++)
		if (split.slots[i].key != NULL &&
		    hmap_has(&names, split.slots[i].key)) {
			plan_review(p, REVIEW_ENTRY_POINT, f, fd->start, NULL,
			    "%s() is an entry point whose vnet expression '%s' "
			    "reads %s, but the initializer of %s needs the "
			    "vnet itself (it reads per-vnet state, or calls "
			    "what may); give an expression that does not need "
			    "%s, or set the vnet by hand",
			    fd->name, w->expr, split.slots[i].key,
			    split.slots[i].key, split.slots[i].key);
			hmap_free(&names, NULL);
			hmap_free(&split, NULL);
			return (false);
		}
	hmap_free(&names, NULL);
	/*
	 * Still inside an #if of the body (a declaration there that cannot
	 * be split, or statements under it): the set goes before the group,
	 * where every configuration has it, when nothing is split to after
	 * it and the code may declare after a statement.
	 */
	group = cond_group_after(f, f->toks.t[first].off,
	    f->toks.t[w->b.open].off, &where);
	if (group != NULL) {
		if (split.n > 0 || f->c89) {
			plan_review(p, REVIEW_ENTRY_POINT, f, where, NULL,
			    "%s() is an entry point whose vnet would be set "
			    "under this '%s' of its declarations, which other "
			    "configurations do not compile; set it by hand "
			    "after the declarations of every configuration: "
			    "CURVNET_SET(%s)",
			    fd->name, group, w->expr);
			free(group);
			hmap_free(&split, NULL);
			return (false);
		}
		first = tok_at_or_after(&f->toks, where);
		after_decls = (uint32_t)line_start(f->data, where);
		mixed = true;
	}
	free(group);
	hmap_free(&split, NULL);
	for (i = 0; i < w->b.returns.n; i++) {
		r = &w->b.returns.v[i];
		if (r->ret >= first && r->semi > r->ret + 1 &&
		    has_effects(w, r->ret + 1, r->semi))
			computed = true;
	}
	if (computed &&
	    (strchr(fd->result, '(') != NULL ||
		strchr(fd->result, '[') != NULL || fd->result_const)) {
		plan_review(p, REVIEW_ENTRY_POINT, f, fd->start, NULL,
		    "%s() is an entry point whose return values must be "
		    "computed before CURVNET_RESTORE(), but a local of its "
		    "type %s cannot %s; set its vnet by hand",
		    fd->name, fd->result,
		    fd->result_const ? "be assigned (it is const, or has a "
				       "const member)"
				     : "be declared as written");
		return (false);
	}
	if (!mixed)
		(void)split_leads(w, leads, nl, true, &blocker, &in_group,
		    NULL);
	if (computed) {
		uint32_t at =
		    nl > 0 || mixed ? after_decls : tok_end(f, w->b.open);
		size_t next = tok_at_or_after(&f->toks, at);

		w->guard = retval_guard(w);
		/* Code on the same line: the local goes beside it. */
		if (next < f->toks.n && !f->toks.t[next].bol)
			(void)declare_retval(w, at, false, true);
		else
			(void)declare_retval(w,
			    (uint32_t)line_end(f->data, f->len, at),
			    nl == 0 && !mixed, false);
	}
	set = xasprintf("CURVNET_SET(%s);", w->expr);
	if (f->toks.t[first].bol) {
		char *text =
		    xasprintf("%s%s\n%s", w->indent, set, sb_str(&w->moved));

		plan_edit(p, f,
		    (uint32_t)line_start(f->data, f->toks.t[first].off), 0,
		    text, 0, "entry point");
		free(text);
	} else
		before_statement(w, first, set, 0);
	free(set);
	for (i = 0; i < w->b.returns.n; i++) {
		r = &w->b.returns.v[i];
		/* One in an initializer before the set leaves with none. */
		if (r->ret < first)
			continue;
		wrap_return(w, r,
		    r->semi > r->ret + 1 &&
			has_effects(w, r->ret + 1, r->semi));
	}
	span.f = f;
	span.open = w->b.open;
	span.close = w->b.close;
	/* Nothing reaches the '}' after "if (e) return (a); else panic();". */
	lc = last_code(&w->b);
	/* "out:\n\t;" at the end: the restore is the label's statement. */
	if (tok_punct(f, lc, ";") && f->toks.t[lc].bol &&
	    tok_punct(f, tok_prev_code(f, lc), ":") &&
	    f->toks.t[w->b.close].bol)
		plan_edit(p, f, f->toks.t[lc].off, 1, "CURVNET_RESTORE();", 0,
		    "entry point");
	else if (!span_always_leaves(&span, lc))
		before_statement(w, w->b.close, "CURVNET_RESTORE();", 1);
	plan_file(p, f)->needs_include = true;
	return (true);
}

/*
 * The file that defines a function the entry names, when its 'file:'
 * glob is what leaves it out; NULL otherwise.
 */
static const char *
defined_elsewhere(const struct callgraph *cg, const struct rule_entry *e)
{
	const struct func_def *fd;
	size_t i;

	if (e->function == NULL || e->file == NULL)
		return (NULL);
	for (i = 0; i < cg->nodes.n; i++) {
		fd = cg->nodes.v[i].def;
		if (rules_name_match(e->function, fd->name))
			return (fd->file->rel != NULL ? fd->file->rel
						      : fd->file->path);
	}
	return (NULL);
}

/*
 * CURVNET_SET declares saved_vnet in its block: a parameter or local of
 * that name at the function's top would be declared twice.
 */
static bool
names_saved_vnet(struct plan *p, const struct func_def *fd)
{
	const char *s = fd->params != NULL ? fd->params : "";
	size_t len = strlen("saved_vnet");
	bool param = false;

	/* fd->params is "a, b, c". */
	while (*s != '\0' && !param) {
		s += strspn(s, " ");
		param = strncmp(s, "saved_vnet", len) == 0 &&
		    (s[len] == ',' || s[len] == '\0');
		s += strcspn(s, ",");
		if (*s == ',')
			s++;
	}
	if (!param && !func_body_has(fd, "saved_vnet"))
		return (false);
	plan_review(p, REVIEW_ENTRY_POINT, fd->file, fd->start, NULL,
	    "%s() is an entry point but names saved_vnet, which the "
	    "CURVNET_SET vnetify would write declares in the same block; "
	    "rename it, then run again",
	    fd->name);
	return (true);
}

/*
 * Does the body from the '{' at token open name a selected variable?  It
 * is text no parse compiled, read by spelling.
 */
static bool
names_state(const struct plan *p, const struct srcfile *f, size_t open)
{
	size_t end = tok_skip_group(f, open, f->toks.n), j, k;

	for (j = open + 1; j < end && j < f->toks.n; j++) {
		if (f->toks.t[j].kind != TOK_IDENT || f->toks.t[j].pp)
			continue;
		for (k = 0; k < p->m->varlist.n; k++)
			if (p->m->varlist.v[k]->selected &&
			    tok_eq(f, j, p->m->varlist.v[k]->name))
				return (true);
	}
	return (false);
}

/*
 * A definition of an entry point in code that no configuration compiles
 * (the other branch of an #ifdef) gets its uses renamed by spelling but
 * no CURVNET_SET, since no parse saw its body: a review item, when that
 * body names the state.
 */
static void
review_unseen_entries(struct plan *p)
{
	const struct rule_entry *e;
	struct text_read tr;
	struct srcfile *f;
	size_t i, j, k, rp, open;
	char *name;

	for (i = 0; i < p->m->files.cap; i++) {
		if (p->m->files.slots[i].key == NULL)
			continue;
		f = p->m->files.slots[i].val;
		if (!f->editable || !f->loaded)
			continue;
		for (j = 0; j + 1 < f->toks.n; j++) {
			if (f->toks.t[j].kind != TOK_IDENT || f->toks.t[j].pp ||
			    !tok_punct(f, j + 1, "(") ||
			    !file_never_active(f, f->toks.t[j].off))
				continue;
			rp = tok_skip_group(f, j + 1, f->toks.n);
			open = rp < f->toks.n ? rp : SIZE_MAX;
			if (open == SIZE_MAX || !tok_punct(f, open, "{"))
				continue;
			skipped_read(p->m, f, j, &tr);
			if (tr.ctx != TX_TOP)
				continue;
			name = xstrndup(f->data + f->toks.t[j].off,
			    f->toks.t[j].len);
			e = NULL;
			for (k = 0; e == NULL && k < rules_nentries(p->rules);
			    k++)
				if (rules_entry_matches(rules_entry(p->rules,
							    k),
					name, f->rel))
					e = rules_entry(p->rules, k);
			if (e != NULL && names_state(p, f, open))
				plan_review(p, REVIEW_ENTRY_POINT, f,
				    f->toks.t[j].off, NULL,
				    "%s() is an entry point, but no "
				    "configuration compiles this definition of "
				    "it, so it gets no CURVNET_SET; list one "
				    "that does in the rules' configurations, "
				    "or "
				    "set its vnet here by hand: "
				    "CURVNET_SET(%s)",
				    name, e->vnet_expr);
			free(name);
			j = open;
		}
	}
}

void
pass_entry_points(struct plan *p, const struct callgraph *cg)
{
	const struct rule_entry **chosen;
	struct hmap vnames = {0};
	index_vec matches = {0};
	const struct rule_entry *e;
	const struct cg_node *n;
	const struct func_def *def;
	const char *elsewhere;
	struct wrap w;
	bool read;
	size_t i, k;

	if (rules_nentries(p->rules) == 0)
		return;
	chosen = xcalloc(cg->nodes.n + 1, sizeof(*chosen));
	for (i = 0; i < rules_nentries(p->rules); i++) {
		e = rules_entry(p->rules, i);
		matches.n = 0;
		entry_matches(p, cg, e, &matches);
		if (matches.n == 0 && (elsewhere = defined_elsewhere(cg, e)))
			diag_warning(rules_path(p->rules), e->line, e->col,
			    "entry point %s is defined in %s, which its 'file: "
			    "%s' leaves out; nothing is done for it",
			    e->function, elsewhere, e->file);
		else if (matches.n == 0)
			diag_warning(rules_path(p->rules), e->line, e->col,
			    "entry point %s%s%s%s matches no function defined "
			    "in the files parsed; nothing is done for it",
			    e->function != NULL ? e->function : "struct ",
			    e->function != NULL ? "" : e->struct_name,
			    e->function != NULL ? "" : ".",
			    e->function != NULL ? "" : e->field);
		for (k = 0; k < matches.n; k++)
			if (chosen[matches.v[k]] == NULL &&
			    rules_find_timer(p->rules,
				cg->nodes.v[matches.v[k]].def->name) == NULL)
				chosen[matches.v[k]] = e;
	}
	VEC_FREE(&matches);
	contexts_vnet_names(p, &vnames);
	/*
	 * Every definition of a chosen function: one for each #ifdef
	 * branch that configurations compile apart.  The first stands for
	 * the function in the graph, and says what it reaches.
	 */
	for (i = 0; i < cg->nodes.n; i++) {
		k = callgraph_find(cg, cg->nodes.v[i].def->usr);
		if (k == SIZE_MAX || (e = chosen[k]) == NULL)
			continue;
		n = &cg->nodes.v[k];
		def = cg->nodes.v[i].def;
		if (func_sets_vnet(p->m, def)) {
			VEC_PUSH(&p->prewrapped, def);
			continue;
		}
		if (!def->file->editable) {
			plan_review(p, REVIEW_NOT_EDITABLE, def->file,
			    def->start, NULL,
			    "%s() is an entry point but is in a file vnetify "
			    "must not edit; set its vnet there by hand",
			    def->name);
			continue;
		}
		if (n->may_reach && names_saved_vnet(p, def))
			continue;
		if (!n->may_reach) {
			plan_review(p, REVIEW_NO_STATE, def->file, def->start,
			    NULL,
			    "%s() is an entry point (%s:%u) but reaches no "
			    "virtualized state; left as it is",
			    def->name, rules_path(p->rules), e->line);
			continue;
		}
		memset(&w, 0, sizeof(w));
		w.p = p;
		w.cg = cg;
		w.expr = e->vnet_expr;
		w.vnames = &vnames;
		w.moved = (struct strbuf)STRBUF_INIT;
		read = func_body_read(&w.b, def->file, def);
		if (!read && w.b.stray_return != SIZE_MAX) {
			plan_review(p, REVIEW_ENTRY_POINT, def->file,
			    def->file->toks.t[w.b.stray_return].off, NULL,
			    "%s() is an entry point, but this return is in a "
			    "macro's arguments, where no CURVNET_RESTORE() can "
			    "be put before it; set its vnet by hand: "
			    "CURVNET_SET(%s) after the declarations, "
			    "CURVNET_RESTORE() before every return",
			    def->name, e->vnet_expr);
			func_body_free(&w.b);
			continue;
		} else if (!read) {
			plan_review(p, REVIEW_ENTRY_POINT, def->file,
			    def->start, NULL,
			    "cannot read the body of entry point %s(); set its "
			    "vnet by hand",
			    def->name);
			func_body_free(&w.b);
			continue;
		}
		w.indent = body_indent(&w.b);
		if (wrap_function(&w)) {
			p->entries_wrapped++;
			VEC_PUSH(&p->sites,
			    ((struct context_site){def->file,
				xstrdup(def->name), e->vnet_expr, e->vnet_line,
				e->vnet_col, def->start, def->end}));
		}
		func_body_free(&w.b);
		sb_free(&w.moved);
		free(w.indent);
		free(w.retval);
		free(w.guard);
	}
	hmap_free(&vnames, NULL);
	free(chosen);
	review_unseen_entries(p);
}
