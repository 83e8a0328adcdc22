/*
 * module_init.c: a module init function the rules name under module-init
 * sets up virtualized state for one instance only, when the module loads.
 * Its statements that do so move to a per-vnet constructor, so that every
 * new instance is set up too, and the rest (registering protocols,
 * starting timers) stays where it was, run once:
 *
 *	void					void
 *	udp_init(void)				udp_init(void)
 *	{					{
 *		udp_count = 0;				pr_register(&udpsw);
 *		pr_register(&udpsw);		}
 *	}
 *						static void
 *						vnet_udp_init(const void *unused)
 *						{
 *
 *							(void)unused;
 *							V_udp_count = 0;
 *						}
 *						VNET_SYSINIT(vnet_udp_init,
 *SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY, vnet_udp_init, NULL);
 *
 * A statement moves when it names the state or calls a function that
 * reaches it; it may not use the function's parameters, nor return.  A
 * local it uses moves with it, declaration and all, when nothing that
 * stays uses that local; a statement that only assigns such a local
 * moves along, to keep the value with its users.  Any other sharing of
 * a local is a review item.  The subsystem and order are the rules', or
 * those of the function's own SYSINIT; the teardown the rules name splits
 * the same way into a VNET_SYSUNINIT.  When every statement moves, the
 * function stays whole and its own SYSINIT becomes a VNET_SYSINIT.  A
 * second run finds nothing left to move.
 */
#include <string.h>

#include "model/calls.h"
#include "model/conditionals.h"
#include "model/declarator.h"
#include "model/tokens.h"
#include "passes/contexts.h"
#include "passes/func_body.h"
#include "support/diag.h"

struct split {
	struct plan *p;
	const struct callgraph *cg;
	struct func_body b;
	const struct func_def *fd;
	struct hmap params;
	struct hmap locals; /* declared locals: 1 + their lead's index */
	struct hmap vnames; /* x and V_x of the selected variables */
	const struct lead_decl *leads;
	size_t nleads;
	bool teardown; /* it is the rules' teardown */
};

static bool
tok_in(const struct hmap *h, const struct srcfile *f, size_t j)
{
	return (hmap_get_n(h, f->data + f->toks.t[j].off, f->toks.t[j].len) !=
	    NULL);
}

static void
names_of_function(struct split *s)
{
	const struct srcfile *f = s->b.f;
	const struct lead_decl *leads;
	struct decl_stmt ds;
	const char *p, *q;
	size_t nl, i, k;
	char *n;

	for (p = s->fd->params; *p != '\0'; p = *q != '\0' ? q + 2 : q) {
		q = strstr(p, ", ");
		if (q == NULL)
			q = p + strlen(p);
		n = xstrndup(p, (size_t)(q - p));
		(void)hmap_put(&s->params, n, &s->params);
		free(n);
	}
	leads = fn_leads(&s->p->m->fn, f, s->fd->start, &nl);
	s->leads = leads;
	s->nleads = nl;
	for (i = 0; i < nl; i++) {
		if (leads[i].name_off == NO_OFFSET ||
		    !decl_stmt_parse(f, leads[i].start, leads[i].name_off, &ds))
			continue;
		for (k = 0; k < ds.d.n; k++) {
			n = xstrndup(f->data + f->toks.t[ds.d.v[k].name].off,
			    f->toks.t[ds.d.v[k].name].len);
			(void)hmap_put(&s->locals, n,
			    (void *)(uintptr_t)(i + 1));
			free(n);
		}
		decl_stmt_free(&ds);
	}
	for (i = 0; i < s->p->m->varlist.n; i++) {
		struct var *v = s->p->m->varlist.v[i];

		if (!v->selected)
			continue;
		(void)hmap_put(&s->vnames, v->name, &s->vnames);
		n = xasprintf("V_%s", v->vname);
		(void)hmap_put(&s->vnames, n, &s->vnames);
		free(n);
	}
}

/* Does the statement [a, b] set up virtualized state? */
static bool
sets_up_state(const struct split *s, size_t a, size_t b)
{
	const struct srcfile *f = s->b.f;
	const struct model *m = s->p->m;
	uint32_t from = f->toks.t[a].off, to = tok_end(f, b);
	size_t j, k;

	for (j = a; j <= b; j++)
		if (f->toks.t[j].kind == TOK_IDENT && tok_in(&s->vnames, f, j))
			return (true);
	for (j = 0; j < m->fn.calls.n; j++) {
		const struct call_fact *c = &m->fn.calls.v[j];

		if (c->file != f || c->off < from || c->off >= to)
			continue;
		k = callgraph_find(s->cg, c->callee);
		if (k != SIZE_MAX && s->cg->nodes.v[k].reaches)
			return (true);
	}
	return (false);
}

/* The name of a parameter the statement uses, or "return"; else NULL. */
static char *
cannot_move(const struct split *s, size_t a, size_t b)
{
	const struct srcfile *f = s->b.f;
	size_t j;

	for (j = a; j <= b; j++) {
		if (f->toks.t[j].kind != TOK_IDENT || f->toks.t[j].pp)
			continue;
		if (tok_eq(f, j, "return") || tok_in(&s->params, f, j))
			return (xstrndup(f->data + f->toks.t[j].off,
			    f->toks.t[j].len));
	}
	return (NULL);
}

/*
 * Where the uses of locals in tokens [j, b] are looked for: the tokens
 * themselves and, for a macro one of them invokes, the body of its
 * definition ("k = LO_A;" uses the local lo under "#define LO_A (lo.a)").
 */
struct local_scan {
	size_t j, b;
	const struct srcfile *df; /* the definition being read, or NULL */
	size_t d, dend;		  /* its body tokens [d, dend) */
	size_t lparen, rparen;	  /* its parameter list, SIZE_MAX if none */
	const char *name;	  /* the last local found, len bytes */
	size_t len;
};

static void
scan_start(struct local_scan *ls, size_t a, size_t b)
{
	memset(ls, 0, sizeof(*ls));
	ls->j = a;
	ls->b = b;
}

/* Starts reading the body of the macro token j invokes, if any. */
static void
scan_macro(const struct split *s, struct local_scan *ls, size_t j)
{
	const struct srcfile *f = s->b.f, *df;
	const struct macro_use *mu =
	    model_macro_at(s->p->m, f, f->toks.t[j].off);
	size_t d, k;

	if (mu == NULL || (df = mu->def_file) == NULL || !df->loaded ||
	    (d = tok_containing(&df->toks, mu->def_off)) == SIZE_MAX)
		return;
	k = d + 1;
	ls->lparen = ls->rparen = SIZE_MAX;
	/* Function-like: "(" right after the name opens the parameters. */
	if (k < df->toks.n && !df->toks.t[k].bol && tok_punct(df, k, "(") &&
	    df->toks.t[k].off == df->toks.t[d].off + df->toks.t[d].len) {
		ls->lparen = k;
		while (k < df->toks.n && !df->toks.t[k].bol &&
		    !tok_punct(df, k, ")"))
			k++;
		ls->rparen = k++;
	}
	ls->df = df;
	ls->d = k;
	while (k < df->toks.n && !df->toks.t[k].bol)
		k++;
	ls->dend = k;
}

/* Is token k of f a name that may be a local (not a member)? */
static const void *
local_at(const struct split *s, const struct srcfile *f, size_t k)
{
	if (f->toks.t[k].kind != TOK_IDENT ||
	    (k > 0 && (tok_punct(f, k - 1, ".") || tok_punct(f, k - 1, "->"))))
		return (NULL);
	return (hmap_get_n(&s->locals, f->data + f->toks.t[k].off,
	    f->toks.t[k].len));
}

/*
 * The lead declaration (1 + index) of the next local the scan finds,
 * its name in ls->name; 0 when there is none left.
 */
static size_t
uses_local(const struct split *s, struct local_scan *ls)
{
	const struct srcfile *f = s->b.f;
	const void *lead;
	size_t k;

	for (;;) {
		while (ls->df != NULL && ls->d < ls->dend) {
			k = ls->d++;
			if ((ls->lparen == SIZE_MAX ||
				!tok_is_macro_param(ls->df, ls->lparen,
				    ls->rparen, k)) &&
			    (lead = local_at(s, ls->df, k)) != NULL) {
				ls->name = ls->df->data + ls->df->toks.t[k].off;
				ls->len = ls->df->toks.t[k].len;
				return ((size_t)(uintptr_t)lead);
			}
		}
		ls->df = NULL;
		if (ls->j > ls->b)
			return (0);
		k = ls->j++;
		if (f->toks.t[k].pp)
			continue;
		if ((lead = local_at(s, f, k)) != NULL) {
			ls->name = f->data + f->toks.t[k].off;
			ls->len = f->toks.t[k].len;
			return ((size_t)(uintptr_t)lead);
		}
		if (f->toks.t[k].kind == TOK_IDENT)
			scan_macro(s, ls, k);
	}
}

/*
 * Does the statement [a, b] only give a value to a local: "l = e;" or
 * "l.f = e;"?  Such a statement computes what the moved ones store, so
 * it runs with them, once per vnet, calls and all.
 */
static bool
only_assigns_local(const struct split *s, size_t a, size_t b)
{
	const struct srcfile *f = s->b.f;
	size_t j;

	if (f->toks.t[a].kind != TOK_IDENT ||
	    hmap_get_n(&s->locals, f->data + f->toks.t[a].off,
		f->toks.t[a].len) == NULL)
		return (false);
	for (j = a + 1;
	    j + 1 <= b && (tok_punct(f, j, ".") || tok_punct(f, j, "->"));
	    j += 2)
		if (f->toks.t[j + 1].kind != TOK_IDENT)
			return (false);
	return (tok_punct(f, j, "="));
}

/*
 * The registration of the function in its file: a SYSINIT(name, sub,
 * order, fn, arg) or SYSUNINIT (with vnet, VNET_SYSINIT or
 * VNET_SYSUNINIT) whose fn is the function.  Its call in *cs, its
 * subsystem and order as written in *sub and *order unless those are
 * null; false when there is none.
 */
static bool
find_registration(const struct split *s, bool vnet, struct call_site *cs,
    char **sub, char **order)
{
	const struct srcfile *f = s->b.f;
	const char *init = vnet ? "VNET_SYSINIT" : "SYSINIT";
	const char *uninit = vnet ? "VNET_SYSUNINIT" : "SYSUNINIT";
	size_t j, a, b;
	char *parts[2];
	unsigned k;

	for (j = 0; j + 2 < f->toks.n; j++) {
		if ((!tok_eq(f, j, init) && !tok_eq(f, j, uninit)) ||
		    !tok_punct(f, j + 1, "(") ||
		    !enclosing_call(f, f->toks.t[j + 2].off, cs) ||
		    cs->name != j)
			continue;
		if (!call_arg(f, cs, 3, &a, &b) || a != b ||
		    !tok_eq(f, a, s->fd->name))
			continue;
		if (sub == NULL)
			return (true);
		for (k = 0; k < 2; k++) {
			if (!call_arg(f, cs, k + 1, &a, &b) || a > b) {
				if (k == 1)
					free(parts[0]);
				return (false);
			}
			parts[k] = xstrndup(f->data + f->toks.t[a].off,
			    tok_end(f, b) - f->toks.t[a].off);
		}
		*sub = parts[0];
		*order = parts[1];
		return (true);
	}
	return (false);
}

/*
 * Every statement of the function moves: its own SYSINIT becomes a
 * VNET_SYSINIT where it is, as FreeBSD's porters wrote it, instead of a
 * new function beside an empty one.  When the longer name takes a line
 * past 80 columns, the call is filled again, continuation lines indented
 * by four, as style(9) has it.
 */
static void
register_per_vnet(struct split *s, const struct call_site *cs)
{
	struct srcfile *f = s->b.f;
	uint32_t from = f->toks.t[cs->name].off, to = tok_end(f, cs->rparen);
	uint32_t ls = (uint32_t)line_start(f->data, from);
	uint32_t le = (uint32_t)line_end(f->data, f->len, from);
	struct strbuf sb = STRBUF_INIT;
	size_t a, b, col, len;
	unsigned k;

	if (le - ls + 5 <= 80) {
		plan_edit(s->p, f, from, 0, "VNET_", 0, "module init");
		return;
	}
	sb_addf(&sb, "VNET_%.*s(", (int)f->toks.t[cs->name].len,
	    f->data + from);
	col = (from - ls) + sb.len;
	for (k = 0; call_arg(f, cs, k, &a, &b); k++) {
		if (a > b) {
			sb_free(&sb);
			plan_edit(s->p, f, from, 0, "VNET_", 0, "module init");
			return;
		}
		len = tok_end(f, b) - f->toks.t[a].off;
		if (k > 0) {
			/* The ", " or ");" that ends it counts too. */
			if (col + 2 + len + 2 > 80) {
				sb_adds(&sb, ",\n    ");
				col = 4;
			} else {
				sb_adds(&sb, ", ");
				col += 2;
			}
		}
		sb_add(&sb, f->data + f->toks.t[a].off, len);
		col += len;
	}
	sb_addc(&sb, ')');
	plan_edit(s->p, f, from, to - from, sb_str(&sb), 0, "module init");
	sb_free(&sb);
}

/* Is [a, b] "(void)x;" for a parameter x, which any function may say? */
static bool
void_cast_of_param(const struct split *s, size_t a, size_t b)
{
	const struct srcfile *f = s->b.f;

	return (b == a + 4 && tok_punct(f, a, "(") &&
	    tok_eq(f, a + 1, "void") && tok_punct(f, a + 2, ")") &&
	    tok_in(&s->params, f, a + 3) && tok_punct(f, b, ";"));
}

typedef VEC(size_t) pair_vec; /* first and last token of each statement */

/* The tokens of lead declaration i: false when it has none. */
static bool
lead_tokens(const struct split *s, size_t i, size_t *a, size_t *b)
{
	const struct srcfile *f = s->b.f;
	size_t j = tok_at_or_after(&f->toks, s->leads[i].start);
	size_t k = tok_at_or_after(&f->toks, s->leads[i].end);

	if (j >= k || k > f->toks.n)
		return (false);
	*a = j;
	*b = k - 1;
	return (true);
}

/* Marks every local the tokens [a, b] use; true if one was new. */
static bool
mark_locals(const struct split *s, size_t a, size_t b, bool *moved)
{
	struct local_scan ls;
	size_t lead;
	bool grew = false;

	scan_start(&ls, a, b);
	while ((lead = uses_local(s, &ls)) != 0)
		if (!moved[lead]) {
			moved[lead] = true;
			grew = true;
		}
	return (grew);
}

/* Does [a, b] use a local marked in moved?  Its name in *name. */
static bool
uses_moved(const struct split *s, size_t a, size_t b, const bool *moved,
    char **name)
{
	struct local_scan ls;
	size_t lead;

	scan_start(&ls, a, b);
	while ((lead = uses_local(s, &ls)) != 0)
		if (moved[lead]) {
			if (name != NULL)
				*name = xstrndup(ls.name, ls.len);
			return (true);
		}
	return (false);
}

/* Does [a, b] use a local declared by lead declaration lead? */
static bool
uses_lead(const struct split *s, size_t a, size_t b, size_t lead)
{
	struct local_scan ls;
	size_t l;

	scan_start(&ls, a, b);
	while ((l = uses_local(s, &ls)) != 0)
		if (l == lead)
			return (true);
	return (false);
}

static void
review_stmt(struct split *s, size_t j, const char *why, bool shared)
{
	plan_review(s->p, REVIEW_MODULE_INIT, s->b.f, s->b.f->toks.t[j].off,
	    NULL,
	    "this statement of module %s %s() sets up per-vnet state but "
	    "%s%s%s; move it to a %s by hand",
	    s->teardown ? "teardown" : "init", s->fd->name,
	    strcmp(why, "return") == 0 ? "returns" : "uses ",
	    strcmp(why, "return") == 0 ? "" : why,
	    shared ? ", which code that stays uses too" : "",
	    s->teardown ? "VNET_SYSUNINIT" : "VNET_SYSINIT");
}

/*
 * A call in the statement [a, b] of a function that sets up no per-vnet
 * state, in a simple statement of its own that sets up none either and
 * uses no local ("pr_register(&udpsw);" in an if that also sets the
 * state): moved, it would run once per vnet.  Its token, or SIZE_MAX.
 */
static size_t
staying_call(const struct split *s, size_t a, size_t b)
{
	const struct srcfile *f = s->b.f;
	const struct model *m = s->p->m;
	uint32_t from = f->toks.t[a].off, to = tok_end(f, b);
	size_t j, j2, k, lo, hi;
	const char *name;

	for (j = 0; j < m->fn.calls.n; j++) {
		const struct call_fact *c = &m->fn.calls.v[j];

		if (c->file != f || c->off < from || c->off >= to)
			continue;
		k = callgraph_find(s->cg, c->callee);
		if (c->callee[0] == '\0' ||
		    (k != SIZE_MAX && s->cg->nodes.v[k].reaches))
			continue;
		k = tok_at_or_after(&f->toks, c->off);
		/* A call a macro makes (a lock) is the macro's business. */
		name = strrchr(c->callee, '@');
		if (k >= f->toks.n || name == NULL || !tok_eq(f, k, name + 1))
			continue;
		for (lo = k; lo > a && !tok_punct(f, lo - 1, ";") &&
		    !tok_punct(f, lo - 1, "{") && !tok_punct(f, lo - 1, "}");
		    lo--)
			;
		for (hi = k; hi < b && !tok_punct(f, hi, ";"); hi++)
			;
		/* kfree(rt) of a local is per-vnet work, like its loop. */
		for (j2 = lo; j2 <= hi; j2++)
			if (f->toks.t[j2].kind == TOK_IDENT &&
			    tok_in(&s->locals, f, j2))
				break;
		if (j2 > hi && !sets_up_state(s, lo, hi))
			return (k);
	}
	return (SIZE_MAX);
}

/* An #if group of the body, from its #if line to its #endif line. */
struct body_group {
	uint32_t start, endif, end; /* #if line, #endif line, past it */
	bool clean; /* one level, no #else or #elif: it can move whole */
};

/*
 * The body's #if group that token j is in, if any.  A statement in a
 * clean group moves with its #if and #endif lines around it.
 */
static bool
group_of(const struct split *s, size_t j, struct body_group *g)
{
	const struct srcfile *f = s->b.f;
	uint32_t open = f->toks.t[s->b.open].off, where, outer;
	char *d = cond_group_after(f, f->toks.t[j].off, open, &where), *up;
	size_t k, name;
	int depth = 0;

	if (d == NULL)
		return (false);
	up = cond_group_after(f, where, open, &outer);
	g->clean = strncmp(d, "#if", 3) == 0 && up == NULL;
	free(up);
	free(d);
	g->start = (uint32_t)line_start(f->data, where);
	g->endif = g->end = NO_OFFSET;
	for (k = tok_at_or_after(&f->toks, where); k < s->b.close; k++) {
		if ((name = tok_directive_name(f, k)) == SIZE_MAX)
			continue;
		if (tok_opens_group(f, name)) {
			if (++depth > 1)
				g->clean = false;
		} else if (tok_eq(f, name, "else") || tok_eq(f, name, "elif"))
			g->clean = false;
		else if (tok_eq(f, name, "endif") && --depth == 0) {
			g->endif =
			    (uint32_t)line_start(f->data, f->toks.t[k].off);
			g->end = cond_line_end(f, f->toks.t[k].off);
			break;
		}
	}
	if (g->endif == NO_OFFSET)
		g->clean = false;
	return (true);
}

/* The group's own #endif line, with the comment it carries. */
static void
close_group(struct strbuf *sb, const struct srcfile *f,
    const struct body_group *g)
{
	sb_add(sb, f->data + g->endif, g->end - g->endif);
	if (g->end == g->endif || f->data[g->end - 1] != '\n')
		sb_addc(sb, '\n');
}

/*
 * Is every statement of the group g moving, so that the group can move
 * whole?
 */
static bool
group_moves(const struct split *s, const pair_vec *stmts, const bool *moving,
    const struct body_group *g)
{
	const struct srcfile *f = s->b.f;
	size_t i;

	for (i = 0; i < stmts->n; i += 2)
		if (f->toks.t[stmts->v[i]].off > g->start &&
		    f->toks.t[stmts->v[i]].off < g->endif && !moving[i / 2])
			return (false);
	return (g->clean);
}

/*
 * Can the moving statements go without changing what the function does
 * once: none is a compound statement with a call that must stay; unless
 * everything moves, none is under an #if of the body that cannot move
 * whole, none follows a return that may skip it.
 */
static bool
stays_right(struct split *s, const pair_vec *stmts, const bool *moving)
{
	struct srcfile *f = s->b.f;
	const char *what = s->teardown ? "teardown" : "init";
	const char *to = s->teardown ? "VNET_SYSUNINIT" : "VNET_SYSINIT";
	size_t i, j, ret = SIZE_MAX, call;
	struct body_group g;
	uint32_t where;
	unsigned line, col;
	char *d;
	bool all = true, ok = true;

	for (i = 0; i < stmts->n; i += 2)
		if (!moving[i / 2] &&
		    !void_cast_of_param(s, stmts->v[i], stmts->v[i + 1]))
			all = false;
	for (i = 0; i < stmts->n; i += 2) {
		if (all && moving[i / 2])
			goto compound;
		if (!moving[i / 2]) {
			for (j = stmts->v[i];
			    ret == SIZE_MAX && j <= stmts->v[i + 1]; j++)
				if (!f->toks.t[j].pp &&
				    (tok_eq(f, j, "return") ||
					tok_eq(f, j, "goto")))
					ret = j;
			continue;
		}
		if (ret != SIZE_MAX) {
			file_line_col(f, f->toks.t[ret].off, &line, &col);
			plan_review(s->p, REVIEW_MODULE_INIT, f,
			    f->toks.t[stmts->v[i]].off, NULL,
			    "this statement of module %s %s() sets up "
			    "per-vnet state but comes after the %s at line "
			    "%u, which may skip it; moved, it would not be; "
			    "move it to a %s by hand, with that condition",
			    what, s->fd->name,
			    f->data[f->toks.t[ret].off] == 'r' ? "return"
							       : "goto",
			    line, to);
			ok = false;
			continue;
		}
		if (group_of(s, stmts->v[i], &g) &&
		    !group_moves(s, stmts, moving, &g)) {
			d = cond_directive_at(f, f->toks.t[stmts->v[i]].off,
			    &where);
			plan_review(s->p, REVIEW_MODULE_INIT, f,
			    f->toks.t[stmts->v[i]].off, NULL,
			    "this statement of module %s %s() sets up "
			    "per-vnet state under '%s' of the function; moved "
			    "alone, it would leave that behind; move it to a "
			    "%s by hand, with its conditional",
			    what, s->fd->name, d, to);
			free(d);
			ok = false;
			continue;
		}
	compound:
		if ((tok_punct(f, stmts->v[i], "{") ||
			tok_eq(f, stmts->v[i], "if") ||
			tok_eq(f, stmts->v[i], "for") ||
			tok_eq(f, stmts->v[i], "while") ||
			tok_eq(f, stmts->v[i], "do") ||
			tok_eq(f, stmts->v[i], "switch")) &&
		    (call = staying_call(s, stmts->v[i], stmts->v[i + 1])) !=
			SIZE_MAX) {
			plan_review(s->p, REVIEW_MODULE_INIT, f,
			    f->toks.t[call].off, NULL,
			    "this call in module %s %s() sets up no per-vnet "
			    "state, but the statement around it does; moved "
			    "whole, the call would run once per vnet; split "
			    "the statement and move its per-vnet part to a "
			    "%s by hand",
			    what, s->fd->name, to);
			ok = false;
		}
	}
	return (ok);
}

/*
 * The lead declarations and body statements that move, in pairs and in
 * order; false if the split cannot be made (a review item says why).
 * What moves is what sets up state, closed over the locals it uses.
 */
static bool
collect_moves(struct split *s, pair_vec *moves, size_t *nlocals, bool *all)
{
	const struct srcfile *f = s->b.f;
	pair_vec stmts = {0};
	bool *moved, *moving, grew, ok = false;
	size_t j, last, i, a, b, lead;
	uint32_t after;
	char *why = NULL;

	after =
	    s->nleads > 0 ? s->leads[s->nleads - 1].end : tok_end(f, s->b.open);
	for (j = tok_at_or_after(&f->toks, after); j < s->b.close;) {
		if (f->toks.t[j].pp || f->toks.t[j].kind == TOK_COMMENT) {
			j++;
			continue;
		}
		last = body_statement_last(f, j, s->b.close);
		if (last == SIZE_MAX) {
			VEC_FREE(&stmts);
			return (false);
		}
		VEC_PUSH(&stmts, j);
		VEC_PUSH(&stmts, last);
		j = last + 1;
	}
	moved = xcalloc(s->nleads + 1, sizeof(*moved));
	moving = xcalloc(stmts.n / 2 + 1, sizeof(*moving));
	for (i = 0; i < stmts.n; i += 2)
		moving[i / 2] = sets_up_state(s, stmts.v[i], stmts.v[i + 1]);
	do {
		grew = false;
		for (i = 0; i < stmts.n; i += 2)
			if (moving[i / 2])
				grew |= mark_locals(s, stmts.v[i],
				    stmts.v[i + 1], moved);
		for (i = 0; i < s->nleads; i++)
			if (moved[i + 1] && lead_tokens(s, i, &a, &b))
				grew |= mark_locals(s, a, b, moved);
		for (i = 0; i < stmts.n; i += 2)
			if (!moving[i / 2] &&
			    uses_moved(s, stmts.v[i], stmts.v[i + 1], moved,
				NULL) &&
			    only_assigns_local(s, stmts.v[i], stmts.v[i + 1])) {
				moving[i / 2] = true;
				grew = true;
			}
	} while (grew);
	if (!stays_right(s, &stmts, moving))
		goto out;
	for (i = 0; i < stmts.n; i += 2) {
		if (moving[i / 2] &&
		    (why = cannot_move(s, stmts.v[i], stmts.v[i + 1])) !=
			NULL) {
			review_stmt(s, stmts.v[i], why, false);
			goto out;
		}
		if (!moving[i / 2] &&
		    uses_moved(s, stmts.v[i], stmts.v[i + 1], moved, &why)) {
			/* Said at a moving statement that uses it too. */
			lead = (size_t)(uintptr_t)hmap_get(&s->locals, why);
			for (j = 0; j < stmts.n; j += 2)
				if (moving[j / 2] &&
				    uses_lead(s, stmts.v[j], stmts.v[j + 1],
					lead))
					break;
			review_stmt(s, j < stmts.n ? stmts.v[j] : stmts.v[i],
			    why, true);
			goto out;
		}
	}
	for (i = 0; i < s->nleads; i++) {
		if (!moved[i + 1] || !lead_tokens(s, i, &a, &b))
			continue;
		if ((why = cannot_move(s, a, b)) != NULL) {
			review_stmt(s, a, why, false);
			goto out;
		}
		VEC_PUSH(moves, a);
		VEC_PUSH(moves, b);
	}
	*nlocals = moves->n;
	*all = true;
	for (i = 0; i < stmts.n; i += 2)
		if (moving[i / 2]) {
			VEC_PUSH(moves, stmts.v[i]);
			VEC_PUSH(moves, stmts.v[i + 1]);
		} else if (!void_cast_of_param(s, stmts.v[i], stmts.v[i + 1]))
			*all = false;
	ok = true;
out:
	free(why);
	free(moved);
	free(moving);
	VEC_FREE(&stmts);
	return (ok);
}

/*
 * Where the new constructor goes: after the function, and after its own
 * SYSINIT when that follows it at once.
 */
static uint32_t
after_registration(const struct split *s)
{
	const struct srcfile *f = s->b.f;
	struct call_site cs;
	size_t j = tok_next_code(f, s->b.close), a, b;

	if (j != SIZE_MAX &&
	    (tok_eq(f, j, "SYSINIT") || tok_eq(f, j, "SYSUNINIT")) &&
	    tok_punct(f, j + 1, "(") &&
	    enclosing_call(f, f->toks.t[j + 2].off, &cs) && cs.name == j &&
	    call_arg(f, &cs, 3, &a, &b) && a == b &&
	    tok_eq(f, a, s->fd->name)) {
		j = tok_next_code(f, cs.rparen);
		return (j != SIZE_MAX && tok_punct(f, j, ";")
			? tok_end(f, j)
			: tok_end(f, cs.rparen));
	}
	return (tok_end(f, s->b.close));
}

/*
 * A statement that shares its line goes with the blank before it, or,
 * first on the line, the blank after it: "{ reg(); x = 1; }" becomes
 * "{ reg(); }", not "{ reg();  }".
 */
static void
blank_beside(const struct srcfile *f, uint32_t *a, uint32_t *b)
{
	uint32_t s = *a, e = *b;

	while (s > 0 && (f->data[s - 1] == ' ' || f->data[s - 1] == '\t'))
		s--;
	if (s > 0 && f->data[s - 1] != '\n') {
		*a = s;
		return;
	}
	while (e < f->len && (f->data[e] == ' ' || f->data[e] == '\t'))
		e++;
	*b = e;
}

/* The line of the rules that names the function: its teardown's, or its. */
static unsigned
rule_line(const struct rule_init *ri, bool teardown)
{
	return (teardown ? ri->teardown_line : ri->line);
}

static void
split_function(struct split *s, const struct rule_init *ri, bool teardown,
    char *sub, char *order, const struct call_site *own)
{
	struct plan *p = s->p;
	struct srcfile *f = s->b.f;
	struct strbuf sb = STRBUF_INIT;
	pair_vec moves = {0};
	char *base, *name, *indent, *text;
	struct body_group g, open_g = {0};
	uint32_t a, b, open_group;
	size_t i, nlocals = 0;
	bool all, in;

	if (!collect_moves(s, &moves, &nlocals, &all))
		goto out;
	if (moves.n == 0) {
		plan_review(p, REVIEW_NO_STATE, f, s->fd->start, NULL,
		    "module %s %s() (%s:%u) sets up no virtualized state; left "
		    "as it is",
		    teardown ? "teardown" : "init", s->fd->name,
		    rules_path(p->rules), rule_line(ri, teardown));
		goto out;
	}
	if (all && own != NULL) {
		register_per_vnet(s, own);
		plan_file(p, f)->needs_include = true;
		p->inits_split++;
		goto out;
	}
	indent = body_indent(&s->b);
	base = xasprintf("vnet_%s", s->fd->name);
	name = plan_fresh_name(p, base);
	free(base);
	sb_addf(&sb, "\n\nstatic void\n%s(const void *unused)\n{\n", name);
	open_group = NO_OFFSET;
	for (i = 0; i < moves.n; i += 2) {
		if (i == nlocals)
			sb_addf(&sb, "\n%s(void)unused;\n", indent);
		/* A statement under an #if of the body takes the #if along. */
		in = i >= nlocals && group_of(s, moves.v[i], &g);
		if (open_group != NO_OFFSET && (!in || g.start != open_group)) {
			close_group(&sb, f, &open_g);
			open_group = NO_OFFSET;
		}
		if (in && open_group == NO_OFFSET) {
			a = cond_line_end(f, g.start);
			text = xstrndup(f->data + g.start, a - g.start);
			sb_addf(&sb, "%s", text);
			free(text);
			plan_edit(p, f, g.start, a - g.start, "", 0,
			    "moved to the VNET_SYSINIT");
			plan_edit(p, f, g.endif, g.end - g.endif, "", 0,
			    "moved to the VNET_SYSINIT");
			open_group = g.start;
			open_g = g;
		}
		a = f->toks.t[moves.v[i]].off;
		b = tok_end(f, moves.v[i + 1]);
		text = plan_render(p, f, a, b, true, false);
		sb_addf(&sb, "%s%s\n", indent, text);
		free(text);
		/* The whole lines, when the statement has them to itself. */
		if (f->toks.t[moves.v[i]].bol &&
		    (moves.v[i + 1] + 1 >= f->toks.n ||
			f->toks.t[moves.v[i + 1] + 1].bol)) {
			a = (uint32_t)line_start(f->data, a);
			b = (uint32_t)line_end(f->data, f->len, b);
		} else
			blank_beside(f, &a, &b);
		plan_edit(p, f, a, b - a, "", 0, "moved to the VNET_SYSINIT");
	}
	if (open_group != NO_OFFSET)
		close_group(&sb, f, &open_g);
	text = xasprintf("%s(%s, %s, %s, %s, NULL);",
	    teardown ? "VNET_SYSUNINIT" : "VNET_SYSINIT", name, sub, order,
	    name);
	if (strlen(text) > 80) {
		free(text);
		text = xasprintf("%s(%s, %s, %s,\n    %s, NULL);",
		    teardown ? "VNET_SYSUNINIT" : "VNET_SYSINIT", name, sub,
		    order, name);
	}
	sb_addf(&sb, "}\n%s", text);
	free(text);
	plan_edit(p, f, after_registration(s), 0, sb_str(&sb), 0,
	    "module init");
	plan_file(p, f)->needs_include = true;
	p->inits_split++;
	free(indent);
	free(name);
out:
	sb_free(&sb);
	VEC_FREE(&moves);
}

static void
split_named(struct plan *p, const struct callgraph *cg,
    const struct rule_init *ri, const char *pattern, bool teardown)
{
	const struct cg_node *n;
	struct call_site own;
	struct split s;
	char *sub, *order;
	size_t i, k, hits = 0;
	bool reuse;

	for (i = 0; i < cg->nodes.n; i++) {
		n = &cg->nodes.v[i];
		if (!rules_name_match(pattern, n->def->name))
			continue;
		/* Another definition, in the other branch of an #ifdef. */
		if ((k = callgraph_find(cg, n->def->usr)) != i) {
			unsigned line, col;

			file_line_col(cg->nodes.v[k].def->file,
			    cg->nodes.v[k].def->start, &line, &col);
			plan_review(p, REVIEW_MODULE_INIT, n->def->file,
			    n->def->start, NULL,
			    "this is another definition of module %s %s() "
			    "(one per #if branch), and only the first (%s:%u) "
			    "is split; move the per-vnet part of this one to "
			    "a %s by hand",
			    teardown ? "teardown" : "init", n->def->name,
			    cg->nodes.v[k].def->file->rel != NULL
				? cg->nodes.v[k].def->file->rel
				: cg->nodes.v[k].def->file->path,
			    line, teardown ? "VNET_SYSUNINIT" : "VNET_SYSINIT");
			continue;
		}
		hits++;
		if (!n->def->file->editable) {
			plan_review(p, REVIEW_NOT_EDITABLE, n->def->file,
			    n->def->start, NULL,
			    "module %s %s() is in a file vnetify must not "
			    "edit; "
			    "move its per-vnet part to a %s there by hand",
			    teardown ? "teardown" : "init", n->def->name,
			    teardown ? "VNET_SYSUNINIT" : "VNET_SYSINIT");
			continue;
		}
		memset(&s, 0, sizeof(s));
		s.p = p;
		s.cg = cg;
		s.fd = n->def;
		s.teardown = teardown;
		if (!func_body_read(&s.b, n->def->file, n->def)) {
			func_body_free(&s.b);
			continue;
		}
		if (find_registration(&s, true, &own, NULL, NULL)) {
			plan_review(p, REVIEW_NO_STATE, n->def->file,
			    n->def->start, NULL,
			    "module %s %s() (%s:%u) is registered with %s "
			    "already, and runs in every vnet; left as it is",
			    teardown ? "teardown" : "init", n->def->name,
			    rules_path(p->rules), rule_line(ri, teardown),
			    teardown ? "VNET_SYSUNINIT" : "VNET_SYSINIT");
			func_body_free(&s.b);
			continue;
		}
		sub = ri->subsystem != NULL ? xstrdup(ri->subsystem) : NULL;
		order = ri->order != NULL ? xstrdup(ri->order) : NULL;
		/* Its own SYSINIT can turn VNET_ unless the rules move it. */
		reuse = sub == NULL && order == NULL;
		if (sub == NULL || order == NULL) {
			char *s2 = NULL, *o2 = NULL;

			if (find_registration(&s, false, &own, &s2, &o2)) {
				if (sub == NULL)
					sub = s2;
				else
					free(s2);
				if (order == NULL)
					order = o2;
				else
					free(o2);
			} else
				reuse = false;
		}
		if (sub == NULL || order == NULL) {
			plan_review(p, REVIEW_MODULE_INIT, n->def->file,
			    n->def->start, NULL,
			    "module %s %s() has no %s to take the "
			    "subsystem and order from; give 'subsystem' and "
			    "'order' in the rules (%s:%u)",
			    teardown ? "teardown" : "init", n->def->name,
			    teardown ? "SYSUNINIT" : "SYSINIT",
			    rules_path(p->rules), rule_line(ri, teardown));
		} else {
			names_of_function(&s);
			split_function(&s, ri, teardown, sub, order,
			    reuse ? &own : NULL);
			hmap_free(&s.params, NULL);
			hmap_free(&s.locals, NULL);
			hmap_free(&s.vnames, NULL);
		}
		free(sub);
		free(order);
		func_body_free(&s.b);
	}
	if (hits == 0)
		diag_warning(rules_path(p->rules), rule_line(ri, teardown),
		    teardown ? ri->teardown_col : ri->col,
		    "module %s %s matches no function defined in the files "
		    "parsed; nothing is done for it",
		    teardown ? "teardown" : "init", pattern);
}

void
pass_module_init(struct plan *p, const struct callgraph *cg)
{
	const struct rule_init *ri;
	size_t i;

	for (i = 0; i < rules_ninits(p->rules); i++) {
		ri = rules_init(p->rules, i);
		split_named(p, cg, ri, ri->function, false);
		if (ri->teardown != NULL)
			split_named(p, cg, ri, ri->teardown, true);
	}
}
