/*
 * macro_decls.c: variables a macro declares, their names built by ##:
 *
 *	#define DECL(n)	static int cnt_##n;	VNET_DEFINE_STATIC(int, cnt_##n);
 *	DECL(a)					DECL(a)
 *						#define V_cnt_a VNET(cnt_a)
 *
 * The declaration is converted once, in the macro's body, and each
 * invocation gets the #define of the name it declares on the line after
 * it (a body cannot define macros), or on the line before it when the
 * invocation itself uses the name.  The uses are the AST's, as for any
 * variable.  This is done when the body's declaration is one the text can
 * take apart (specifiers, a pasted name, array bounds, an initializer),
 * every variable it declares is selected, and every invocation stands at
 * file scope on a line of its own; otherwise the variable is a review
 * item that says which of these failed.  An object the body defines with
 * the addresses of such variables in its initializer (lwIP's pool
 * descriptors) gets its per-instance initialiser from a helper macro
 * (macro_initialiser()).  A name passed, pasted or written, to a macro
 * whose body declares that parameter ("static struct stats_mem name;")
 * is declared by that body, converted once for every name it declares.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/tokens.h"
#include "passes/decls.h"
#include "passes/uses.h"

/* The declaration in a macro body that builds a variable's name. */
struct body_decl {
	struct srcfile *f; /* where the macro is defined */
	size_t first;	   /* first token of the statement */
	size_t def;	   /* the macro's name in its #define */
	size_t lp, rp;	   /* its parameter list */
	size_t body_end;   /* past the body */
	size_t name;	   /* first operand of the pasted name */
	size_t name_last;  /* last operand of the pasted name */
	size_t name_end;   /* past the name and its array bounds */
	size_t stmt_end;   /* its ';', or body_end */
	bool is_static, is_extern;
	bool converted; /* it is VNET_DEFINE(...) already */
	/* The body of a macro the name is passed to (through_argument()). */
	bool by_argument;
	size_t inv; /* the invocation's name, in the declaration's file */
};

/*
 * Does the paste chain at token k (shape pat) build v's name at the
 * invocation that declares it?  Its arguments say, when they can be read:
 * "memp_ ## name" has the shape of memp_tab_UDP too, but builds memp_UDP
 * at POOL(UDP).
 */
static bool
builds(const struct srcfile *f, size_t lp, size_t rp, size_t k, size_t end,
    const struct decl *d, const struct var *v, const char *pat)
{
	size_t inv = tok_containing(&d->file->toks, d->name_off);

	return (fnmatch(pat, v->name, 0) == 0 &&
	    (inv == SIZE_MAX ||
		tok_paste_builds(f, lp, rp, k, end, d->file, inv, v->name)));
}

/* bd is in the body of the macro defined at token dn of f. */
static void
body_at(struct body_decl *bd, struct srcfile *f, size_t dn, size_t lp,
    size_t rp, size_t end)
{
	bd->f = f;
	bd->def = dn;
	bd->lp = lp;
	bd->rp = rp;
	bd->body_end = end;
}

/* Do tokens i and j of f spell the same? */
static bool
same_token(const struct srcfile *f, size_t i, size_t j)
{
	return (f->toks.t[i].len == f->toks.t[j].len &&
	    memcmp(f->data + f->toks.t[i].off, f->data + f->toks.t[j].off,
		f->toks.t[i].len) == 0);
}

bool
function_macro(const struct model *m, const struct srcfile *f, size_t i)
{
	size_t len;
	const char *name = tok_text(f, i, &len);
	char *key = xstrndup(name, len);
	bool found = hmap_get(&m->macro_defs, key) != NULL;

	free(key);
	return (found);
}

/*
 * Is the body [rp + 1, end) of a macro of f only an invocation of another
 * that passes the parameters on in their places ("#define
 * LWIP_MEMPOOL(name,num,size,desc) LWIP_MEMPOOL_DECLARE(name,num,size,
 * desc)")?  Then the token of that other's name, else SIZE_MAX.
 */
static size_t
forwarded(const struct srcfile *f, size_t lp, size_t rp, size_t end)
{
	size_t b = rp + 1, k = lp + 1, i, a;

	while (end > b && f->toks.t[end - 1].kind == TOK_COMMENT)
		end--;
	if (b + 2 >= end || f->toks.t[b].kind != TOK_IDENT ||
	    !tok_punct(f, b + 1, "(") || !tok_punct(f, end - 1, ")"))
		return (SIZE_MAX);
	/*
	 * Argument by argument: the parameter of the same place, or an
	 * expression (lwIP's LWIP_PBUF_MEMPOOL passes a size it computes),
	 * but never another parameter: the arguments keep their places.
	 */
	if (tok_skip_group(f, b + 1, end) != end)
		return (SIZE_MAX);
	for (i = b + 2; i < end; i = a + 1, k += 2) {
		if (k >= rp)
			return (SIZE_MAX);
		a = tok_arg_end(f, i, end - 1);
		if (a == i + 1 && !same_token(f, k, i) &&
		    tok_is_macro_param(f, lp, rp, i))
			return (SIZE_MAX);
	}
	return (k < rp ? SIZE_MAX : b);
}

/* A place where a macro is defined. */
struct def_at {
	struct srcfile *f;
	uint32_t off;
};
typedef VEC(struct def_at) def_vec;

/* Adds the place to out unless out holds it. */
static void
def_add(def_vec *out, struct srcfile *f, uint32_t off)
{
	size_t j;

	for (j = 0; j < out->n; j++)
		if (out->v[j].f == f && out->v[j].off == off)
			return;
	VEC_PUSH(out, ((struct def_at){f, off}));
}

/* Adds each "#define name(" of f that out does not hold yet. */
static void
other_definitions(struct srcfile *f, const char *name, size_t len, def_vec *out)
{
	size_t i;

	for (i = 0; (i = tok_find_define(f, name, len, i, true)) != SIZE_MAX;
	    i++)
		def_add(out, f, f->toks.t[i].off);
}

void
macro_def_places_free(void *p)
{
	def_vec *dv = p;

	VEC_FREE(dv);
	free(dv);
}

/*
 * The definitions a macro name was expanded under, from the model's
 * invocations: indexed once per plan (p->expanded_defs), since one
 * search reads them for many names.
 */
static const def_vec *
expanded_under(struct plan *p, const char *name, size_t len)
{
	const struct model *m = p->m;
	const struct macro_use *mu;
	def_vec **slot;
	size_t i, k, n;
	const char *t;
	char *key;

	if (!p->expanded_defs_built) {
		p->expanded_defs_built = true;
		for (i = 0; i < m->macro_uses.n; i++) {
			mu = &m->macro_uses.v[i];
			if (mu->def_file == NULL || !mu->def_file->loaded ||
			    (k = tok_containing(&mu->def_file->toks,
				 mu->def_off)) == SIZE_MAX)
				continue;
			t = tok_text(mu->def_file, k, &n);
			key = xstrndup(t, n);
			slot =
			    (def_vec **)hmap_put(&p->expanded_defs, key, NULL);
			free(key);
			if (*slot == NULL)
				*slot = xcalloc(1, sizeof(**slot));
			def_add(*slot, mu->def_file, mu->def_off);
		}
	}
	return (hmap_get_n(&p->expanded_defs, name, len));
}

/*
 * Every definition of macro name that the model knows: the first a parse
 * saw, then (by_uses) each one an invocation was expanded under, the only
 * record of a macro an #undef ended (libclang no longer calls it
 * function-like).  An X-macro's name has several (lwIP's LWIP_MEMPOOL
 * makes an enum in memp.h and the pools in memp.c), and a forwarder's
 * expansion may have used any of them.
 */
static void
definitions(const struct model *m, struct plan *by_uses, const char *name,
    size_t len, def_vec *out)
{
	const struct macro_def_fact *md;
	const def_vec *dv;
	char *key = xstrndup(name, len);
	size_t i, n;

	if ((md = hmap_get(&m->macro_defs, key)) != NULL)
		def_add(out, md->file, md->off);
	free(key);
	dv = by_uses != NULL ? expanded_under(by_uses, name, len) : NULL;
	for (i = 0; dv != NULL && i < dv->n; i++)
		def_add(out, dv->v[i].f, dv->v[i].off);
	/*
	 * And the other definitions in those files, which another
	 * configuration compiles ("#if MEMP_MEM_MALLOC ... #else").
	 */
	for (i = 0, n = out->n; i < n; i++)
		other_definitions(out->v[i].f, name, len, out);
}

/* Is token k of f, in a body, a whole operand (not of # or ##)? */
static bool
plain_operand(const struct srcfile *f, size_t body, size_t k, size_t end)
{
	return (
	    (k == body ||
		(!tok_punct(f, k - 1, "##") && !tok_punct(f, k - 1, "#"))) &&
	    (k + 1 >= end || !tok_punct(f, k + 1, "##")));
}

/*
 * Is the body at b a VNET_DEFINE, VNET_DEFINE_STATIC or VNET_DECLARE
 * whose second argument starts with token name?
 */
static bool
converted_form(const struct srcfile *g, size_t b, size_t name, size_t end)
{
	size_t close;

	if (!(tok_eq(g, b, "VNET_DEFINE") ||
		tok_eq(g, b, "VNET_DEFINE_STATIC") ||
		tok_eq(g, b, "VNET_DECLARE")) ||
	    b + 1 >= end || !tok_punct(g, b + 1, "("))
		return (false);
	close = tok_skip_group(g, b + 1, end);
	/* The second argument: the type before it holds no ',' of its own. */
	return (name < close && tok_punct(g, name - 1, ",") &&
	    tok_arg_end(g, b + 2, name) == name - 1);
}

/*
 * Does the body of function-like macro name (len bytes) declare its
 * parameter arg, as the name of one object ("static struct stats_mem
 * name;" in LWIP_MEMPOOL_DECLARE_STATS_INSTANCE(name))?  Then bd, if not
 * NULL, is that declaration.
 */
static bool param_decl_at(struct srcfile *, size_t, size_t, struct body_decl *);

static bool
param_decl(const struct model *m, const char *text, size_t len, size_t arg,
    struct body_decl *bd)
{
	const struct macro_def_fact *md;
	def_vec defs = {0};
	bool found = false;
	size_t i, dn;
	char *key = xstrndup(text, len);

	/* The first definition a parse saw; it mostly is the one. */
	md = hmap_get(&m->macro_defs, key);
	free(key);
	if (md != NULL && file_load(md->file) &&
	    (dn = tok_containing(&md->file->toks, md->off)) != SIZE_MAX &&
	    param_decl_at(md->file, dn, arg, bd))
		return (true);
	/* Each other: one configuration's may be empty (no stats). */
	definitions(m, NULL, text, len, &defs);
	for (i = 0; i < defs.n && !found; i++)
		found = file_load(defs.v[i].f) &&
		    (dn = tok_containing(&defs.v[i].f->toks, defs.v[i].off)) !=
			SIZE_MAX &&
		    param_decl_at(defs.v[i].f, dn, arg, bd);
	VEC_FREE(&defs);
	return (found);
}

/* param_decl() in the definition at token dn of g. */
static bool
param_decl_at(struct srcfile *g, size_t dn, size_t arg, struct body_decl *bd)
{
	size_t i, lp, rp, end, k, pn = SIZE_MAX, name = SIZE_MAX, e;

	lp = dn + 1;
	if (lp >= g->toks.n || g->toks.t[lp].ws || !tok_punct(g, lp, "("))
		return (false);
	for (rp = lp + 1, i = 0; rp < g->toks.n && !tok_punct(g, rp, ")");
	    rp++) {
		if (tok_punct(g, rp, ","))
			i++;
		else if (i == arg && g->toks.t[rp].kind == TOK_IDENT)
			pn = rp;
	}
	for (end = rp + 1; end < g->toks.n && !g->toks.t[end].bol; end++)
		;
	if (pn == SIZE_MAX)
		return (false);
	/* The parameter once, as a plain operand, after specifiers only. */
	for (k = rp + 1; k < end; k++) {
		if (!same_token(g, k, pn))
			continue;
		if (name != SIZE_MAX || !plain_operand(g, rp + 1, k, end))
			return (false);
		name = k;
	}
	if (name == SIZE_MAX || name == rp + 1)
		return (false);
	if (converted_form(g, rp + 1, name, end)) {
		/* "VNET_DEFINE(u8_t, name[size])": a second run. */
		e = name + 1;
		k = end;
	} else {
		for (k = rp + 1; k < name; k++)
			if (g->toks.t[k].kind != TOK_IDENT &&
			    g->toks.t[k].kind != TOK_COMMENT &&
			    !tok_punct(g, k, "*"))
				return (false);
		e = name + 1;
		while (e < end && tok_punct(g, e, "["))
			e = tok_skip_group(g, e, end);
		/* Attributes after the name stay after the VNET_DEFINE. */
		k = e;
		while (k < end &&
		    (g->toks.t[k].kind == TOK_COMMENT ||
			((tok_eq(g, k, "__attribute__") ||
			     tok_eq(g, k, "__attribute")) &&
			    k + 1 < end && tok_punct(g, k + 1, "("))))
			k = g->toks.t[k].kind == TOK_COMMENT
			    ? k + 1
			    : tok_skip_group(g, k + 1, end);
		if (k < end && !tok_punct(g, k, ";"))
			return (false);
	}
	if (bd != NULL) {
		body_at(bd, g, dn, lp, rp, end);
		bd->first = rp + 1;
		bd->name = bd->name_last = name;
		bd->name_end = e;
		bd->stmt_end = k;
		bd->by_argument = true;
	}
	return (true);
}

bool
macro_declares_param(const struct model *m, const char *name, size_t len,
    size_t arg)
{
	return (param_decl(m, name, len, arg, NULL));
}

/*
 * Is the pasted name bd found a whole argument of an invocation that
 * opens its statement, of a macro whose body declares that parameter
 * ("LWIP_MEMPOOL_DECLARE_STATS_INSTANCE(memp_stats_ ## name)")?  Then
 * the declaration is that body's, and bd moves there.
 */
static bool
through_argument(const struct model *m, struct body_decl *bd)
{
	const struct srcfile *f = bd->f;
	size_t t = bd->first, close, arg, len;
	const char *text;

	while (t < bd->name && f->toks.t[t].kind == TOK_COMMENT)
		t++;
	if (t + 1 >= bd->name || f->toks.t[t].kind != TOK_IDENT ||
	    !tok_punct(f, t + 1, "("))
		return (false);
	close = tok_skip_group(f, t + 1, bd->stmt_end) - 1;
	if (close <= bd->name_last || !tok_punct(f, close, ")") ||
	    !(tok_punct(f, bd->name - 1, "(") ||
		tok_punct(f, bd->name - 1, ",")) ||
	    !(bd->name_last + 1 == close ||
		tok_punct(f, bd->name_last + 1, ",")) ||
	    tok_call_around(f, t, bd->name, &arg) != t)
		return (false);
	text = tok_text(f, t, &len);
	return (param_decl(m, text, len, arg, bd));
}

static bool find_in_body(struct plan *, const struct var *, const struct decl *,
    struct srcfile *, size_t, struct body_decl *, const char **, int,
    unsigned *);

/*
 * Find, in the body of the macro invoked at the declaration's place, the
 * statement whose pasted name has the variable's shape.  NULL, with why,
 * when there is none the text can take apart.
 */
static bool
find_in_definition(struct plan *p, const struct var *v, const struct decl *d,
    const struct macro_use *mu, struct body_decl *bd, const char **why,
    unsigned *skip)
{
	struct srcfile *f;
	size_t dn;

	*why = "its definition was not found";
	if ((f = mu->def_file) == NULL || !file_load(f) ||
	    (dn = tok_containing(&f->toks, mu->def_off)) == SIZE_MAX)
		return (false);
	return (find_in_body(p, v, d, f, dn, bd, why, 0, skip));
}

static bool find_here(const struct model *, const struct var *,
    const struct decl *, struct srcfile *, size_t, size_t, size_t, size_t,
    struct body_decl *, const char **);

/*
 * The search in the macro defined at token dn of f; through a forwarder
 * (hops deep), in each definition of the macro it forwards to.  The
 * first *skip bodies that declare the variable are passed over (and
 * counted off): a macro may have one per configuration.
 */
static bool
find_in_body(struct plan *p, const struct var *v, const struct decl *d,
    struct srcfile *f, size_t dn, struct body_decl *bd, const char **why,
    int hops, unsigned *skip)
{
	size_t lp, rp, end, i, k, to, n;
	bool found = false;
	def_vec defs = {0};
	const char *name;

	lp = dn + 1;
	if (lp >= f->toks.n || f->toks.t[lp].ws || !tok_punct(f, lp, "("))
		return (false);
	for (rp = lp; rp < f->toks.n && !tok_punct(f, rp, ")"); rp++)
		;
	for (end = rp + 1; end < f->toks.n && !f->toks.t[end].bol; end++)
		;
	if (hops < 8 && (to = forwarded(f, lp, rp, end)) != SIZE_MAX) {
		name = tok_text(f, to, &n);
		definitions(p->m, p, name, n, &defs);
		for (i = 0; i < defs.n && !found; i++)
			found = file_load(defs.v[i].f) &&
			    (k = tok_containing(&defs.v[i].f->toks,
				 defs.v[i].off)) != SIZE_MAX &&
			    find_in_body(p, v, d, defs.v[i].f, k, bd, why,
				hops + 1, skip);
		VEC_FREE(&defs);
		return (found);
	}
	if (!find_here(p->m, v, d, f, dn, lp, rp, end, bd, why))
		return (false);
	if (*skip == 0)
		return (true);
	(*skip)--;
	return (false);
}

/* The declaration of v in the body [rp + 1, end) of a macro of f. */
static bool
find_here(const struct model *m, const struct var *v, const struct decl *d,
    struct srcfile *f, size_t dn, size_t lp, size_t rp, size_t end,
    struct body_decl *bd, const char **why)
{
	size_t i, k, s;
	struct strbuf pat = STRBUF_INIT;
	bool param, found = false;

	*why = "its body holds no declaration with that name that vnetify "
	       "can take apart";
	for (s = rp + 1; s < end && !found; s = i + 1) {
		/* One statement: up to ';'; its pasted name, if any. */
		for (i = s; i < end && !tok_punct(f, i, ";"); i++)
			;
		for (k = s; k + 2 < i && !found; k++) {
			if (!tok_punct(f, k + 1, "##") ||
			    (k > s && tok_punct(f, k - 1, "##")))
				continue;
			sb_reset(&pat);
			param = false;
			bd->name = k;
			for (;;) {
				if (tok_is_macro_param(f, lp, rp, k)) {
					sb_addc(&pat, '*');
					param = true;
				} else
					sb_add(&pat, f->data + f->toks.t[k].off,
					    f->toks.t[k].len);
				if (k + 2 >= i || !tok_punct(f, k + 1, "##"))
					break;
				k += 2;
			}
			if (!param ||
			    !builds(f, lp, rp, bd->name, i, d, v, sb_str(&pat)))
				continue;
			body_at(bd, f, dn, lp, rp, end);
			bd->first = s;
			bd->name_last = k;
			bd->name_end = k + 1;
			bd->stmt_end = i;
			while (
			    bd->name_end < i && tok_punct(f, bd->name_end, "["))
				bd->name_end =
				    tok_skip_group(f, bd->name_end, i);
			found = true;
		}
	}
	sb_free(&pat);
	if (!found)
		return (false);
	bd->by_argument = false;
	if (through_argument(m, bd))
		f = bd->f;
	bd->converted = tok_eq(f, bd->first, "VNET_DEFINE") ||
	    tok_eq(f, bd->first, "VNET_DEFINE_STATIC") ||
	    tok_eq(f, bd->first, "VNET_DECLARE");
	if (bd->converted)
		return (true);
	/*
	 * A statement may follow an invocation that brings its own ';'
	 * ("LWIP_MEMPOOL_DECLARE_STATS_INSTANCE(memp_stats_ ## name) static
	 * struct memp *memp_tab_ ## name;"): the declaration starts after it.
	 */
	while (bd->first < bd->name &&
	    (f->toks.t[bd->first].kind == TOK_COMMENT ||
		(f->toks.t[bd->first].kind == TOK_IDENT &&
		    tok_punct(f, bd->first + 1, "(") &&
		    function_macro(m, f, bd->first) &&
		    (k = tok_skip_group(f, bd->first + 1, bd->name)) <
			bd->name)))
		bd->first = f->toks.t[bd->first].kind == TOK_COMMENT
		    ? bd->first + 1
		    : k;
	bd->converted = tok_eq(f, bd->first, "VNET_DEFINE") ||
	    tok_eq(f, bd->first, "VNET_DEFINE_STATIC") ||
	    tok_eq(f, bd->first, "VNET_DECLARE");
	if (bd->converted)
		return (true);
	/*
	 * Specifiers are names and '*': "&pool_ ## name," (an X-macro's
	 * list of addresses) declares nothing.
	 */
	bd->is_static = bd->is_extern = false;
	for (k = bd->first; k < bd->name; k++) {
		if (f->toks.t[k].kind != TOK_IDENT &&
		    f->toks.t[k].kind != TOK_COMMENT && !tok_punct(f, k, "*"))
			return (false);
		bd->is_static |= tok_eq(f, k, "static");
		bd->is_extern |= tok_eq(f, k, "extern");
	}
	return (bd->first < bd->name && f->toks.t[bd->first].kind == TOK_IDENT);
}

/*
 * A name written as a whole argument of a macro whose body declares that
 * parameter ("LWIP_DECLARE_MEMORY_ALIGNED(ram_heap, MEM_SIZE);"): the
 * body is the declaration, as for the names pastes pass there.
 */
static bool
direct_decl(const struct model *m, const struct decl *d, struct body_decl *bd,
    const char **why)
{
	const struct srcfile *f = d->file;
	size_t k = tok_containing(&f->toks, d->name_off), i, arg, len;
	const char *text;

	*why = "its name is not a whole argument of a macro whose body "
	       "declares it";
	if (d->macro == NULL || k == SIZE_MAX || k == 0 || k + 1 >= f->toks.n ||
	    !(tok_punct(f, k - 1, "(") || tok_punct(f, k - 1, ",")) ||
	    !(tok_punct(f, k + 1, ")") || tok_punct(f, k + 1, ",")))
		return (false);
	if ((i = tok_call_around(f, 0, k, &arg)) == SIZE_MAX ||
	    !tok_eq(f, i, d->macro))
		return (false);
	text = tok_text(f, i, &len);
	if (!param_decl(m, text, len, arg, bd))
		return (false);
	bd->inv = i;
	bd->converted = tok_eq(bd->f, bd->first, "VNET_DEFINE") ||
	    tok_eq(bd->f, bd->first, "VNET_DEFINE_STATIC") ||
	    tok_eq(bd->f, bd->first, "VNET_DECLARE");
	bd->is_static = bd->is_extern = false;
	for (i = bd->first; i < bd->name; i++) {
		bd->is_static |= tok_eq(bd->f, i, "static");
		bd->is_extern |= tok_eq(bd->f, i, "extern");
	}
	return (true);
}

/*
 * An invocation in an X-macro list (lwIP's memp_std.h) is expanded under
 * each definition the list is included with: the one that declares v.
 */
static bool
find_nth_body_decl(struct plan *p, const struct var *v, const struct decl *d,
    unsigned nth, struct body_decl *bd, const char **why)
{
	const struct model *m = p->m;
	size_t i, n;
	const struct macro_use *mu;

	if (!d->pasted)
		return (nth == 0 && direct_decl(m, d, bd, why));
	mu = model_macros_at(m, d->file, d->name_off, &n);
	*why = "its definition was not found";
	for (i = 0; i < n; i++)
		if (find_in_definition(p, v, d, &mu[i], bd, why, &nth)) {
			bd->inv = tok_containing(&d->file->toks, d->name_off);
			return (true);
		}
	return (false);
}

static bool
find_body_decl(struct plan *p, const struct var *v, const struct decl *d,
    struct body_decl *bd, const char **why)
{
	return (find_nth_body_decl(p, v, d, 0, bd, why));
}

/* Does the invocation stand alone on its line, at file scope? */
static bool
invocation_alone(const struct decl *d, const struct body_decl *bd)
{
	const struct srcfile *f = d->file;
	size_t i = bd->inv, n;

	if (d->is_local || i == SIZE_MAX || !f->toks.t[i].bol ||
	    (n = tok_next_code(f, i)) == SIZE_MAX || !tok_punct(f, n, "("))
		return (false);
	n = tok_skip_group(f, n, f->toks.n);
	if (n < f->toks.n && tok_punct(f, n, ";"))
		n++;
	return (n >= f->toks.n || f->toks.t[n].bol);
}

/* Is the invocation at token inv followed by "#define V_name ..."? */
static bool
v_define_follows(const struct srcfile *f, size_t inv, const char *name)
{
	size_t n = tok_next_code(f, inv), len;
	const char *s;

	if (n == SIZE_MAX || !tok_punct(f, n, "("))
		return (false);
	n = tok_skip_group(f, n, f->toks.n);
	if (n < f->toks.n && tok_punct(f, n, ";"))
		n++;
	while (n < f->toks.n && f->toks.t[n].kind == TOK_COMMENT)
		n++;
	if (n + 2 >= f->toks.n || !tok_eq(f, n + 1, "define") ||
	    !f->toks.t[n + 1].pp)
		return (false);
	s = tok_text(f, n + 2, &len);
	return (len == strlen(name) + 2 && s[0] == 'V' && s[1] == '_' &&
	    memcmp(s + 2, name, len - 2) == 0);
}

bool
macro_decl_converted(struct plan *p, const struct var *v, const struct decl *d)
{
	struct body_decl bd;
	const char *why;

	if (d->pasted)
		return (find_body_decl(p, v, d, &bd, &why) && bd.converted);
	/*
	 * A name passed to a macro whose body is a VNET_DEFINE already is
	 * converted when its #define V_x follows (a run before): FreeBSD's
	 * VNET_PCPUSTAT_DEFINE(type, name) declares names that the code
	 * reaches only through macros that take them bare.
	 */
	return (d->macro != NULL && find_body_decl(p, v, d, &bd, &why) &&
	    bd.converted && v_define_follows(d->file, bd.inv, v->name));
}

bool
macro_decl_convertible(struct plan *p, const struct var *v,
    const struct decl *d, const char **why)
{
	struct body_decl bd;

	if (!find_body_decl(p, v, d, &bd, why))
		return (false);
	if (!d->pasted && bd.converted) {
		*why = "its body declares it per vnet already";
		return (false);
	}
	if (!invocation_alone(d, &bd)) {
		*why = "it is not invoked at file scope on a line of its own";
		return (false);
	}
	if (!bd.f->editable) {
		*why = "the macro is in a file vnetify must not edit";
		return (false);
	}
	return (true);
}

/*
 * The declarations of one body statement, as "file\nfirst": those of a
 * macro's parameter, whoever passes the name, share its body's.
 */
static char *
site_key(struct plan *p, const struct var *v, const struct decl *d)
{
	struct body_decl bd;
	const char *why;

	if ((!d->pasted && d->macro == NULL) ||
	    !find_body_decl(p, v, d, &bd, &why))
		return (NULL);
	return (xasprintf("%s\n%zu", bd.f->path, bd.first));
}

void
macro_decls_all_or_none(struct plan *p)
{
	struct hmap plain = {0};
	struct body_decl bd;
	struct var *v;
	const char *mac, *why;
	char *key;
	size_t i, j, mlen;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		for (j = 0; !v->selected && j < v->decls.n; j++)
			if ((key = site_key(p, v, &v->decls.v[j])) != NULL) {
				*hmap_put(&plain, key, NULL) = v;
				free(key);
			}
	}
	for (i = 0; plain.n > 0 && i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		for (j = 0; v->selected && !v->converted && j < v->decls.n;
		    j++) {
			const struct var *other;

			if ((key = site_key(p, v, &v->decls.v[j])) == NULL)
				continue;
			other = hmap_get(&plain, key);
			free(key);
			if (other == NULL)
				continue;
			v->selected = false;
			/* The macro whose body it is, not the one invoked. */
			if (find_body_decl(p, v, &v->decls.v[j], &bd, &why))
				mac = tok_text(bd.f, bd.def, &mlen);
			else {
				mac = v->decls.v[j].macro;
				mlen = strlen(mac);
			}
			plan_review(p, REVIEW_DECLARED_BY_MACRO,
			    v->decls.v[j].file, v->decls.v[j].name_off, v,
			    "%s and %s are declared by the same line of macro "
			    "%.*s, and only %s is selected; the body can be "
			    "converted for all of them or for none: select %s "
			    "too, or neither",
			    v->name, other->name, (int)mlen, mac, v->name,
			    other->name);
		}
	}
	hmap_free(&plain, NULL);
}

/*
 * Does the invocation that declares v use it too, by a paste of its body,
 * as V_x?  (In a static initializer it is VNET_NAME, in the per-instance
 * initialiser VNET.)
 */
static bool
used_by_invocation(const struct var *v, const struct decl *d)
{
	size_t i;

	for (i = 0; i < v->uses.n; i++)
		if (v->uses.v[i].kind == USE_PASTED &&
		    !in_static_init(&v->uses.v[i]) &&
		    v->uses.v[i].exp_file == d->file &&
		    v->uses.v[i].exp_off == d->name_off)
			return (true);
	return (false);
}

/*
 * The #define of one variable, after its invocation's line; before it
 * when the invocation uses V_x itself (a function in the body), since a
 * use must see the #define and VNET(x) is only expanded at the use.
 */
static void
define_at_invocation(struct plan *p, const struct var *v, const struct decl *d,
    size_t i)
{
	const struct srcfile *f = d->file;
	uint32_t at;
	char *line, *t;

	if (used_by_invocation(v, d)) {
		at = f->toks.t[i].off;
		while (at > 0 && f->data[at - 1] != '\n')
			at--;
		line = plan_define_line(p, d->file, v->vname);
		t = xasprintf("%s\n", line);
		plan_edit(p, d->file, at, 0, t, 0, "definition by a macro");
		free(t);
		free(line);
		return;
	}
	i = tok_skip_group(f, tok_next_code(f, i), f->toks.n);
	at = (uint32_t)line_end(f->data, f->len,
	    i > 0 ? tok_end(f, i - 1) - 1 : d->name_off);
	line = plan_define_line(p, d->file, v->vname);
	t = at == f->len && f->len > 0 && f->data[f->len - 1] != '\n'
	    ? xasprintf("\n%s\n", line)
	    : xasprintf("%s\n", line);
	plan_edit(p, d->file, at, 0, t, 1, "definition by a macro");
	free(t);
	free(line);
}

/* Tokens [a, b] of f as written. */
static char *
span_text(const struct srcfile *f, size_t a, size_t b)
{
	return (xstrndup(f->data + f->toks.t[a].off,
	    tok_end(f, b) - f->toks.t[a].off));
}

/*
 * The per-instance initialiser of v, which the body defines with an
 * initializer that holds addresses of virtualized variables
 * ("const struct memp_desc memp_ ## name = { ..., &memp_tab_ ## name };").
 * A body cannot hold #ifdef, so a helper macro of the same parameters,
 * defined before the macro, writes under VIMAGE the function and the
 * VNET_SYSINIT that set each instance's copy, and nothing without; the
 * body invokes it at its end, after every declaration it names.  False,
 * after a review item, when the body is not one this fits.
 */
static bool
macro_initialiser(struct plan *p, struct var *v, const struct decl *d,
    const struct body_decl *bd, struct hmap *helpers, struct hmap *names)
{
	struct srcfile *f = bd->f;
	size_t last = bd->body_end, mlen, i;
	const char *mname = tok_text(f, bd->def, &mlen);
	char *raw, *init, *params, *all, *tmp, *arg, *self, *base, *helper;
	char *fn, *assign, *text, *comment, *ind, **named;
	size_t at;
	struct strbuf sb = STRBUF_INIT;
	bool variadic = false;
	const char *q;
	void **done;

	while (last > bd->rp + 1 && f->toks.t[last - 1].kind == TOK_COMMENT)
		last--;
	for (i = bd->lp + 1; i < bd->rp; i++)
		variadic |= tok_punct(f, i, "...");
	if (variadic || bd->name_end >= bd->stmt_end ||
	    !tok_punct(f, bd->name_end, "=") || bd->stmt_end >= bd->body_end ||
	    !tok_punct(f, last - 1, ";")) {
		plan_review(p, REVIEW_INITIALISER, d->file, d->name_off, v,
		    "the initializer of %s, in macro %.*s, holds addresses "
		    "of per-instance variables, and vnetify adds a "
		    "per-instance initialiser only to a body that ends with "
		    "';', of named parameters: set %s in a VNET_SYSINIT by "
		    "hand",
		    v->name, (int)mlen, mname, v->name);
		return (false);
	}
	/* Once for the body, whichever invocation comes first. */
	text = xasprintf("%s\n%zu", f->path, bd->first);
	done = hmap_put(helpers, text, NULL);
	free(text);
	if (*done != NULL)
		return (true);
	*done = v;
	raw = str_trim(plan_render(p, f, tok_end(f, bd->name_end),
	    f->toks.t[bd->stmt_end].off, false, false));
	init = initialiser_instance_text(raw);
	/*
	 * The body's own indent (lwIP's two spaces, a tab), from the line of
	 * the declaration; a tab when it is on the #define line.
	 */
	at = line_start(f->data, f->toks.t[bd->first].off);
	ind = at > f->toks.t[bd->def].off
	    ? xstrndup(f->data + at, strspn(f->data + at, " \t"))
	    : xstrdup("\t");
	if (ind[0] == '\0') {
		free(ind);
		ind = xstrdup("\t");
	}
	/* One level deeper in the function: its continuation lines too. */
	for (q = init; *q != '\0'; q++) {
		sb_addc(&sb, *q);
		if (q[0] == '\n' && q > init &&
		    (q[-1] == '\\' ||
			(q[-1] == '\r' && q - 1 > init && q[-2] == '\\')))
			sb_adds(&sb, ind);
	}
	free(init);
	init = sb_detach(&sb);
	params = bd->rp > bd->lp + 1 ? span_text(f, bd->lp + 1, bd->rp - 1)
				     : xstrdup("");
	all = span_text(f, bd->def, last - 1);
	tmp = initialiser_local_name(all, "init");
	arg = initialiser_local_name(all, "unused");
	self = span_text(f, bd->name, bd->name_last);
	/*
	 * One name for the macro's every definition (one per configuration,
	 * each in its own #if branch), so that all read alike.
	 */
	base = xasprintf("%.*s_VNET_INIT", (int)mlen, mname);
	named = (char **)hmap_put(names, base, NULL);
	if (*named == NULL)
		*named = plan_fresh_name(p, base);
	helper = xstrdup(*named);
	fn = tok_is_macro_param(f, bd->lp, bd->rp, bd->name)
	    ? xasprintf("vnet_ ## %s ## _init", self)
	    : xasprintf("vnet_%s ## _init", self);
	assign = bd->name_end > bd->name_last + 1
	    ? xasprintf("__builtin_memcpy(VNET(%s), %s, sizeof(VNET(%s)));",
		  self, tmp, self)
	    : xasprintf("VNET(%s) = %s;", self, tmp);
	/* One comment line when it fits in 80 columns. */
	comment = mlen <= 80 - 61
	    ? xasprintf("/* Each instance's objects of macro %.*s point into "
			"that instance. */",
		  (int)mlen, mname)
	    : xasprintf("/*\n * Each instance's objects of macro %.*s point "
			"into\n * that instance.\n */",
		  (int)mlen, mname);
	text = xasprintf("#ifdef VIMAGE\n"
			 "%s\n"
			 "#define %s(%s) \\\n"
			 "%sstatic void %s(const void *%s) \\\n"
			 "%s{ \\\n"
			 "%s%s__typeof__(VNET(%s)) %s = %s; \\\n"
			 "%s%s(void)%s; \\\n"
			 "%s%s%s \\\n"
			 "%s} \\\n"
			 "%sVNET_SYSINIT(%s, SI_SUB_VNET, SI_ORDER_ANY, \\\n"
			 "%s    %s, NULL);\n"
			 "#else\n"
			 "#define %s(%s)\n"
			 "#endif\n",
	    comment, helper, params, ind, fn, arg, ind, ind, ind, self, tmp,
	    init, ind, ind, arg, ind, ind, assign, ind, ind, fn, ind, fn,
	    helper, params);
	/* After what else goes before the #define (a V_x of the line above). */
	plan_edit(p, f, (uint32_t)line_start(f->data, f->toks.t[bd->def].off),
	    0, text, 2, "per-instance initialiser of a macro's object");
	free(text);
	text = xasprintf(" \\\n%s%s(%s)", ind, helper, params);
	plan_edit(p, f, tok_end(f, last - 1), 0, text, 1,
	    "per-instance initialiser of a macro's object");
	free(text);
	free(raw);
	free(init);
	free(params);
	free(all);
	free(tmp);
	free(arg);
	free(self);
	free(base);
	free(helper);
	free(fn);
	free(assign);
	free(comment);
	free(ind);
	return (true);
}

/*
 * Converts the declaration of v in the body bd of the macro invoked at d:
 * VNET_DEFINE there, the per-instance initialiser, the #define V_ at the
 * invocation and the runtime header before the body.
 */
static void
convert_body_decl(struct plan *p, struct var *v, const struct decl *d,
    const struct body_decl *bd, struct hmap *helpers, struct hmap *helper_names)
{
	const char *mac;
	char *text, *type;
	size_t k, star;
	bool is_const, obj_const;
	struct file_plan *fp;
	uint32_t at;

	/*
	 * The body's declaration, once for every invocation.  The object's
	 * own const, after the last '*' (or of the whole type), is
	 * VNET_CONST: vnet data is writable.
	 */
	star = bd->first;
	for (k = bd->first; k < bd->name; k++)
		if (tok_punct(bd->f, k, "*"))
			star = k;
	type = xstrdup("");
	is_const = false;
	for (k = bd->first; k < bd->name; k++) {
		if (tok_eq(bd->f, k, "static") || tok_eq(bd->f, k, "extern"))
			continue;
		obj_const = k >= star && tok_eq(bd->f, k, "const");
		is_const |= obj_const;
		text = xasprintf("%s%s%.*s", type,
		    type[0] != '\0' && bd->f->toks.t[k].ws ? " " : "",
		    obj_const ? 10 : (int)bd->f->toks.t[k].len,
		    obj_const ? "VNET_CONST"
			      : bd->f->data + bd->f->toks.t[k].off);
		free(type);
		type = text;
	}
	mac = bd->is_extern ? "VNET_DECLARE"
	    : bd->is_static ? "VNET_DEFINE_STATIC"
			    : "VNET_DEFINE";
	text = xasprintf("%s(%s, %.*s)", mac, type,
	    (int)(tok_end(bd->f, bd->name_end - 1) -
		bd->f->toks.t[bd->name].off),
	    bd->f->data + bd->f->toks.t[bd->name].off);
	plan_edit(p, bd->f, bd->f->toks.t[bd->first].off,
	    tok_end(bd->f, bd->name_end - 1) - bd->f->toks.t[bd->first].off,
	    text, 0, "declaration in a macro");
	free(text);
	free(type);
	if (p->stats[v->idx].initialiser &&
	    !macro_initialiser(p, v, d, bd, helpers, helper_names))
		p->stats[v->idx].initialiser = false;
	if (is_const)
		plan_review(p, REVIEW_CONST, d->file, d->name_off, v,
		    "%s is const; it is declared VNET_CONST, which is const "
		    "only without VIMAGE (vnet data is writable)",
		    v->name);
	define_at_invocation(p, v, d, bd->inv);
	/*
	 * Where the body is: its #define comes before every invocation,
	 * which may be in an X-macro list.
	 */
	fp = plan_file(p, bd->f);
	fp->needs_include = true;
	at = (uint32_t)line_start(bd->f->data, bd->f->toks.t[bd->def].off);
	if (fp->include_before == 0 || at < fp->include_before - 1)
		fp->include_before = at + 1;
}

void
macro_decls(struct plan *p)
{
	struct hmap helpers = {0}, helper_names = {0};
	const struct decl *d;
	struct body_decl bd;
	struct var *v;
	const char *why;
	size_t i, j;
	unsigned nth;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (!v->selected || v->converted)
			continue;
		for (j = 0; j < v->decls.n; j++) {
			d = &v->decls.v[j];
			if (!d->pasted && d->macro == NULL)
				continue;
			/*
			 * Every definition that declares it, one per
			 * configuration ("#if MEMP_MEM_MALLOC" in lwIP).
			 */
			for (nth = 0;
			    find_nth_body_decl(p, v, d, nth, &bd, &why);
			    nth++) {
				if (bd.converted)
					continue;
				convert_body_decl(p, v, d, &bd, &helpers,
				    &helper_names);
				if (nth == 0)
					p->stats[v->idx].decls++;
			}
		}
	}
	hmap_free(&helpers, NULL);
	hmap_free(&helper_names, free);
}
