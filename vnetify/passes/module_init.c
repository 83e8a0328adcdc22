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
 * reaches it; it may not use the function's locals or parameters, nor
 * return.  The subsystem and order are the rules', or those of the
 * function's own SYSINIT; the teardown the rules name splits the same way
 * into a VNET_SYSUNINIT.  A second run finds nothing left to move.
 */
#include <string.h>

#include "model/calls.h"
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
	struct hmap locals; /* parameters and declared locals */
	struct hmap vnames; /* x and V_x of the selected variables */
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
		(void)hmap_put(&s->locals, n, &s->locals);
		free(n);
	}
	leads = fn_leads(&s->p->m->fn, f, s->fd->start, &nl);
	for (i = 0; i < nl; i++) {
		if (leads[i].name_off == NO_OFFSET ||
		    !decl_stmt_parse(f, leads[i].start, leads[i].name_off, &ds))
			continue;
		for (k = 0; k < ds.d.n; k++) {
			n = xstrndup(f->data + f->toks.t[ds.d.v[k].name].off,
			    f->toks.t[ds.d.v[k].name].len);
			(void)hmap_put(&s->locals, n, &s->locals);
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

/* The name of a local the statement uses, or of "return"; else NULL. */
static char *
cannot_move(const struct split *s, size_t a, size_t b)
{
	const struct srcfile *f = s->b.f;
	size_t j;

	for (j = a; j <= b; j++) {
		if (f->toks.t[j].kind != TOK_IDENT || f->toks.t[j].pp)
			continue;
		if (tok_eq(f, j, "return") || tok_in(&s->locals, f, j))
			return (xstrndup(f->data + f->toks.t[j].off,
			    f->toks.t[j].len));
	}
	return (NULL);
}

/*
 * The subsystem and order of SYSINIT(name, sub, order, fn, arg) (or
 * SYSUNINIT) in the function's file, as written; false when there is none.
 */
static bool
own_sysinit(const struct split *s, char **sub, char **order)
{
	const struct srcfile *f = s->b.f;
	struct call_site cs;
	size_t j, a, b;
	char *parts[2];
	unsigned k;

	for (j = 0; j + 1 < f->toks.n; j++) {
		if ((!tok_eq(f, j, "SYSINIT") && !tok_eq(f, j, "SYSUNINIT")) ||
		    !tok_punct(f, j + 1, "(") ||
		    !enclosing_call(f, f->toks.t[j + 2].off, &cs) ||
		    cs.name != j)
			continue;
		if (!call_arg(f, &cs, 3, &a, &b) || a != b ||
		    !tok_eq(f, a, s->fd->name))
			continue;
		for (k = 0; k < 2; k++) {
			if (!call_arg(f, &cs, k + 1, &a, &b) || a > b)
				return (false);
			parts[k] = xstrndup(f->data + f->toks.t[a].off,
			    tok_end(f, b) - f->toks.t[a].off);
		}
		*sub = parts[0];
		*order = parts[1];
		return (true);
	}
	return (false);
}

typedef VEC(size_t) pair_vec; /* first and last token of each statement */

/* The body's statements that set up state, in pairs; false if one cannot
 * move (a review item says why). */
static bool
collect_moves(struct split *s, pair_vec *moves)
{
	const struct srcfile *f = s->b.f;
	const struct lead_decl *leads;
	size_t nl, j, last;
	uint32_t after;
	char *why;

	leads = fn_leads(&s->p->m->fn, f, s->fd->start, &nl);
	after = nl > 0 ? leads[nl - 1].end : tok_end(f, s->b.open);
	for (j = tok_at_or_after(&f->toks, after); j < s->b.close;) {
		if (f->toks.t[j].pp || f->toks.t[j].kind == TOK_COMMENT) {
			j++;
			continue;
		}
		last = body_statement_last(f, j, s->b.close);
		if (last == SIZE_MAX)
			return (false);
		if (sets_up_state(s, j, last)) {
			if ((why = cannot_move(s, j, last)) != NULL) {
				plan_review(s->p, REVIEW_MODULE_INIT, s->b.f,
				    f->toks.t[j].off, NULL,
				    "this statement of module init %s() sets "
				    "up per-vnet state but %s %s; move it to a "
				    "VNET_SYSINIT by hand",
				    s->fd->name,
				    strcmp(why, "return") == 0 ? "returns"
							       : "uses",
				    strcmp(why, "return") == 0 ? "" : why);
				free(why);
				return (false);
			}
			VEC_PUSH(moves, j);
			VEC_PUSH(moves, last);
		}
		j = last + 1;
	}
	return (true);
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

static void
split_function(struct split *s, const struct rule_init *ri, bool teardown,
    char *sub, char *order)
{
	struct plan *p = s->p;
	struct srcfile *f = s->b.f;
	struct strbuf sb = STRBUF_INIT;
	pair_vec moves = {0};
	char *base, *name, *indent, *text;
	uint32_t a, b;
	size_t i;

	if (!collect_moves(s, &moves))
		goto out;
	if (moves.n == 0) {
		plan_review(p, REVIEW_NO_STATE, f, s->fd->start, NULL,
		    "module %s %s() (%s:%u) sets up no virtualized state; left "
		    "as it is",
		    teardown ? "teardown" : "init", s->fd->name,
		    rules_path(p->rules), ri->line);
		goto out;
	}
	indent = body_indent(&s->b);
	base = xasprintf("vnet_%s", s->fd->name);
	name = plan_fresh_name(p, base);
	free(base);
	sb_addf(&sb,
	    "\n\nstatic void\n%s(const void *unused)\n{\n\n%s(void)unused;\n",
	    name, indent);
	for (i = 0; i < moves.n; i += 2) {
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
		}
		plan_edit(p, f, a, b - a, "", 0, "moved to the VNET_SYSINIT");
	}
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
	struct split s;
	char *sub, *order;
	size_t i, hits = 0;

	for (i = 0; i < cg->nodes.n; i++) {
		n = &cg->nodes.v[i];
		if (callgraph_find(cg, n->def->usr) != i ||
		    !rules_name_match(pattern, n->def->name))
			continue;
		hits++;
		if (!n->def->file->editable) {
			plan_review(p, REVIEW_NOT_EDITABLE, n->def->file,
			    n->def->start, NULL,
			    "module %s %s() is in a file vnetify must not "
			    "edit; "
			    "move its per-vnet part to a VNET_SYSINIT there by "
			    "hand",
			    teardown ? "teardown" : "init", n->def->name);
			continue;
		}
		memset(&s, 0, sizeof(s));
		s.p = p;
		s.cg = cg;
		s.fd = n->def;
		if (!func_body_read(&s.b, n->def->file, n->def)) {
			func_body_free(&s.b);
			continue;
		}
		sub = ri->subsystem != NULL ? xstrdup(ri->subsystem) : NULL;
		order = ri->order != NULL ? xstrdup(ri->order) : NULL;
		if (sub == NULL || order == NULL) {
			char *s2 = NULL, *o2 = NULL;

			if (own_sysinit(&s, &s2, &o2)) {
				if (sub == NULL)
					sub = s2;
				else
					free(s2);
				if (order == NULL)
					order = o2;
				else
					free(o2);
			}
		}
		if (sub == NULL || order == NULL) {
			plan_review(p, REVIEW_MODULE_INIT, n->def->file,
			    n->def->start, NULL,
			    "module %s %s() has no SYSINIT to take the "
			    "subsystem and order from; give 'subsystem' and "
			    "'order' in the rules (%s:%u)",
			    teardown ? "teardown" : "init", n->def->name,
			    rules_path(p->rules), ri->line);
		} else {
			names_of_function(&s);
			split_function(&s, ri, teardown, sub, order);
			hmap_free(&s.locals, NULL);
			hmap_free(&s.vnames, NULL);
		}
		free(sub);
		free(order);
		func_body_free(&s.b);
	}
	if (hits == 0)
		diag_warning(rules_path(p->rules), ri->line, ri->col,
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
