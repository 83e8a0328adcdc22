/*
 * uses.c: an edit for every use of a virtualized variable, or a review
 * item saying why there is none (uses.h lists the files of the pass).
 *
 * A use is identified by meaning (the USR libclang resolved), so a local
 * or member of the same name is never touched.  Where it is written
 * decides the edit:
 *	in code, or a macro argument	foo -> V_foo, at that spot
 *	in a #define body		once, in the body, if every expansion
 *					of that body token means this variable
 *					in the same kind of context
 *	in a static initializer		foo -> VNET_NAME(foo): the master
 *					address is a constant; the owner gets
 *					a per-instance initialiser (decls.c)
 *	in a sysctl registration	&VNET_NAME(foo) and CTLFLAG_VNET
 *	built by ##			the fixed part of the paste (paste.c)
 * A macro argument can be expanded several times in different contexts
 * (FreeBSD's SYSCTL_INT puts its pointer in an initializer and under
 * sizeof): the uses of one spelled token are decided together, and the
 * edit is the one that is right for all of them.  Uses already written the
 * converted way (V_foo, VNET(foo), MODULE_GLOBAL) are left alone, which
 * makes a second run a no-op.  A name no parse saw as a use is decided by
 * the declarations visible where it is written (unseen.c).
 */
#include <stdlib.h>
#include <string.h>

#include "model/access.h"
#include "model/calls.h"
#include "model/tokens.h"
#include "passes/master_copy.h"
#include "passes/uses.h"
#include "support/keysort.h"

static const char *const vnet_access_macros[] = {"VNET", "VNET_NAME",
    "VNET_PTR", "VNET_VNET", "VNET_VNET_PTR", "MODULE_GLOBAL", "VNET_DEFINE",
    "VNET_DEFINE_STATIC", "VNET_DECLARE", NULL};

bool
use_converted(const struct srcfile *f, uint32_t off)
{
	struct call_site cs;
	size_t d = define_at(f, off), len, i;
	const char *s;
	int depth = 0;

	if (d != SIZE_MAX) {
		s = tok_text(f, d, &len);
		if (len > 2 && s[0] == 'V' && s[1] == '_')
			return (true);
	}
	if (!enclosing_call(f, off, &cs) ||
	    !tok_in_set(f, cs.name, vnet_access_macros))
		return (false);
	/* Not a name inside a group of an argument: VNET_VNET(v[i], x). */
	for (i = cs.lparen + 1; f->toks.t[i].off < off; i++) {
		if (tok_punct(f, i, "(") || tok_punct(f, i, "["))
			depth++;
		else if (tok_punct(f, i, ")") || tok_punct(f, i, "]"))
			depth--;
	}
	return (depth == 0);
}

/* Where the last name_at() looked: a variable's uses come in order. */
struct tok_hint {
	const struct srcfile *f;
	size_t i;
};

/* The token at off must be the variable's name; anything else is a bug. */
static bool
name_at(const struct srcfile *f, uint32_t off, const char *name,
    struct tok_hint *th)
{
	size_t i;

	if (th->f != f) {
		th->f = f;
		th->i = 0;
	}
	i = tok_containing_from(&f->toks, off, &th->i);

	return (i != SIZE_MAX && f->toks.t[i].off == off && tok_eq(f, i, name));
}

bool
in_static_init(const struct use *u)
{
	/*
	 * The owner may be an object the model does not hold (one a macro
	 * such as SYSCTL_INT declares), so the owner's USR is what says so,
	 * not the resolved owner.
	 */
	return (u->owner_usr != NULL && !u->unevaluated &&
	    (u->file == NULL || !file_load(u->file) ||
		!(text_access(u->file, u->off) & ACC_SIZEOF)));
}

const char *
nonvar_at(const struct model *m, const struct srcfile *f, uint32_t off)
{
	size_t lo = 0, hi = m->body_nonvars.n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(m->body_nonvars.v[mid].file->path, f->path);
		if (c == 0)
			c = m->body_nonvars.v[mid].off < off   ? -1
			    : m->body_nonvars.v[mid].off > off ? 1
							       : 0;
		if (c == 0)
			return (m->body_nonvars.v[mid].what);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (NULL);
}

const char *
define_name(const struct srcfile *f, uint32_t off, size_t *len)
{
	size_t d = define_at(f, off);

	if (d == SIZE_MAX) {
		*len = 1;
		return ("?");
	}
	return (tok_text(f, d, len));
}

/*
 * A use waiting to be decided with the others of its token: body tokens
 * and the rest apart, each in file and offset order.
 */
struct routed {
	uint32_t file, off;
	bool body;
	struct use *u;
	struct var *v;
};
typedef VEC(struct routed) routed_vec;

static int
cmp_routed(const void *pa, const void *pb)
{
	const struct routed *a = pa, *b = pb;

	if (a->body != b->body)
		return (a->body ? 1 : -1);
	if (a->file != b->file)
		return (a->file < b->file ? -1 : 1);
	return (a->off < b->off ? -1 : a->off > b->off);
}

/* File ids count the files loaded: they fit 31 bits. */
static uint64_t
key_routed(const void *pa)
{
	const struct routed *a = pa;

	return ((uint64_t)a->body << 63 | (uint64_t)a->file << 32 | a->off);
}

static void
route(routed_vec *rv, struct use *u, struct var *v, bool body)
{
	VEC_PUSH(rv, ((struct routed){u->file->id, u->off, body, u, v}));
}

static void
spelled_add(struct spelled *s, struct use *u, struct var *v)
{
	VEC_PUSH(&s->uses, u);
	VEC_PUSH(&s->vars, v);
}

/*
 * A shared object whose static initializer names variables that become
 * per-instance: one review item for all of them, at the first.
 */
struct unowned_init {
	struct srcfile *f;
	uint32_t off;
	const struct var *owner;
	VEC(const struct var *) vars;
};

static void
unowned_add(struct plan *p, const struct var *o, const struct var *v,
    struct srcfile *f, uint32_t off)
{
	struct unowned_init **slot =
	    (struct unowned_init **)hmap_put(&p->unowned, o->usr, NULL);
	size_t i;

	if (*slot == NULL) {
		*slot = xcalloc(1, sizeof(**slot));
		(*slot)->f = f;
		(*slot)->off = off;
		(*slot)->owner = o;
	}
	for (i = 0; i < (*slot)->vars.n; i++)
		if ((*slot)->vars.v[i] == v)
			return;
	VEC_PUSH(&(*slot)->vars, v);
}

static int
cmp_unowned(const void *pa, const void *pb)
{
	const struct unowned_init *a = *(const struct unowned_init *const *)pa;
	const struct unowned_init *b = *(const struct unowned_init *const *)pb;

	if (a->f != b->f)
		return (a->f->id < b->f->id ? -1 : 1);
	return (a->off < b->off ? -1 : a->off > b->off);
}

static void
unowned_report(struct plan *p)
{
	struct unowned_init **all, *u;
	struct strbuf names = STRBUF_INIT;
	size_t i, k, n = 0;

	all = xcalloc(p->unowned.n + 1, sizeof(*all));
	for (i = 0; i < p->unowned.cap; i++)
		if (p->unowned.slots[i].key != NULL)
			all[n++] = p->unowned.slots[i].val;
	xqsort(all, n, sizeof(*all), cmp_unowned);
	for (i = 0; i < n; i++) {
		u = all[i];
		sb_reset(&names);
		for (k = 0; k < u->vars.n; k++)
			sb_addf(&names, "%s%s",
			    k == 0		     ? ""
				: k + 1 == u->vars.n ? " and "
						     : ", ",
			    u->vars.v[k]->name);
		plan_review(p, REVIEW_STATIC_INIT, u->f, u->off, u->vars.v[0],
		    "the initializer of %s uses %s, which become%s "
		    "per-instance; %s is not virtualized, so it would keep "
		    "pointing into the master copy: virtualize %s too%s or "
		    "set it at run time",
		    u->owner->name, sb_str(&names), u->vars.n == 1 ? "s" : "",
		    u->owner->name, u->owner->name,
		    u->owner->is_const ? " (by its name: a pattern takes a "
					 "const object only with what its "
					 "initializer points to)"
				       : "");
		VEC_FREE(&u->vars);
		free(u);
	}
	sb_free(&names);
	free(all);
	hmap_free(&p->unowned, NULL);
}

/*
 * Uses in static initializers take the master copy's address, VNET_NAME;
 * each owner must be virtualized too and then gets a per-instance
 * initialiser.  False when one is not: a review item, for an owner one
 * for all it names (unowned_report()).
 */
static bool
owners_virtualized(struct plan *p, const struct spelled *g)
{
	struct var *v = g->vars.v[0], *o;
	size_t i;

	for (i = 0; i < g->uses.n; i++) {
		if (!in_static_init(g->uses.v[i]))
			continue;
		o = g->uses.v[i]->owner;
		if (o != NULL && o->selected)
			continue;
		if (o != NULL) {
			unowned_add(p, o, v, g->f, g->off);
			return (false);
		}
		plan_review(p, REVIEW_STATIC_INIT, g->f, g->off, v,
		    "the initializer of %s uses %s, which becomes "
		    "per-instance; %s is not virtualized, so it would keep "
		    "pointing into the master copy: virtualize %s too or set "
		    "it at run time",
		    o != NULL ? o->name : "another object", v->name,
		    o != NULL ? o->name : "that object",
		    o != NULL ? o->name : "it");
		return (false);
	}
	for (i = 0; i < g->uses.n; i++)
		if (in_static_init(g->uses.v[i]))
			p->stats[g->uses.v[i]->owner->idx].initialiser = true;
	return (true);
}

/* The text a macro makes of the argument changes with its name. */
static void
note_stringized(struct plan *p, const struct spelled *g, const struct var *v)
{
	struct srcfile *hf;
	uint32_t hash;
	unsigned line, col;
	char *macro;

	if (!stringized_argument(p, g->uses.v[0], g->f, g->off, &macro, &hf,
		&hash))
		return;
	file_line_col(hf, hash, &line, &col);
	plan_review(p, REVIEW_STRINGIZED, g->f, g->off, v,
	    "%s() also turns this argument into text (the '#' at %s:%u:%u), "
	    "which now reads V_%s where it read %s; if a person or a program "
	    "reads that text, give the macro the name apart from the "
	    "variable",
	    macro, hf->rel != NULL ? hf->rel : hf->path, line, col, v->vname,
	    v->name);
	free(macro);
}

/*
 * Every use of one token written in code or in a macro argument: V_x in
 * code, VNET_NAME(x) in static initializers, the sysctl form at a sysctl
 * pointer, whatever suits the others under sizeof.  Expansions that need
 * different texts are a conflict, and only that.
 */
static void
decide_spelled(struct plan *p, struct spelled *g)
{
	struct var *v = g->vars.v[0];
	struct srcfile *f = g->f;
	bool code = false, init = false;
	struct sysctl_site cs;
	const char *other = NULL;
	size_t i;

	for (i = 0; i < g->uses.n; i++) {
		if (g->vars.v[i] != v)
			other = "another variable";
		if (g->uses.v[i]->unevaluated)
			continue;
		if (in_static_init(g->uses.v[i]))
			init = true;
		else
			code = true;
	}
	if (other == NULL && g->uses.v[0]->kind != USE_FILE)
		other = nonvar_at(p->m, f, g->off);
	if (other != NULL) {
		plan_review(p, REVIEW_MACRO_ARGUMENT, f, g->off, v,
		    "%s in this macro argument means %s in some expansions and "
		    "%s in others; no edit: pass each its own argument",
		    v->name, v->name, other);
		return;
	}
	if (!f->editable) {
		plan_review(p, REVIEW_NOT_EDITABLE, f, g->off, v,
		    "%s is used in a file vnetify must not edit; change it to "
		    "V_%s by hand",
		    v->name, v->vname);
		return;
	}
	if (!code && sysctl_site(f, g->off, &cs)) {
		sysctl_edit(p, v, f, g->off, &cs);
		return;
	}
	if (code && init) {
		plan_review(p, REVIEW_MACRO_BODY, f, g->off, v,
		    "%s here is expanded both in code (needs V_%s) and in a "
		    "static initializer (needs VNET_NAME(%s)); no edit: split "
		    "the macro",
		    v->name, v->vname, v->vname);
		return;
	}
	if (init) {
		if (!owners_virtualized(p, g))
			return;
		plan_edit(p, f, g->off, (uint32_t)strlen(v->name),
		    plan_master_name(p, v), 0, "static initializer use");
		p->stats[v->idx].uses_static++;
		return;
	}
	plan_edit(p, f, g->off, (uint32_t)strlen(v->name), plan_v_name(p, v), 0,
	    "use");
	if (g->uses.v[0]->kind == USE_FILE) {
		p->stats[v->idx].uses_file++;
		return;
	}
	p->stats[v->idx].uses_arg++;
	note_stringized(p, g, v);
}

/*
 * A body token is decided from the view of a selected variable among its
 * uses; a token no selected variable reaches is not this run's business.
 */
static void
decide_body_group(struct plan *p, struct spelled *b)
{
	struct var *tv;
	struct use *tu;
	size_t j;

	for (j = 0; j < b->vars.n; j++) {
		if (!b->vars.v[j]->selected)
			continue;
		tv = b->vars.v[0];
		tu = b->uses.v[0];
		b->vars.v[0] = b->vars.v[j];
		b->uses.v[0] = b->uses.v[j];
		b->vars.v[j] = tv;
		b->uses.v[j] = tu;
		decide_body(p, b);
		return;
	}
}

/* Where a use of a selected variable goes to be decided. */
static void
route_use(struct plan *p, struct var *v, struct use *u, routed_vec *rv,
    struct spelled *pasted, struct tok_hint *th)
{
	if (u->kind == USE_PASTED) {
		spelled_add(pasted, u, v);
		return;
	}
	if (!file_load(u->file) || master_copy_keeps_plain(v, u->file, u->off))
		return;
	/* Converted forms are macros: a use written plainly is never one. */
	if (u->kind != USE_FILE && use_converted(u->file, u->off)) {
		/*
		 * VNET_NAME(x) already in the initializer of an object that
		 * this run virtualizes: the owner's instances need their own
		 * initialiser like any other.
		 */
		if (in_static_init(u) && u->owner != NULL &&
		    u->owner->selected && !u->owner->converted)
			p->stats[u->owner->idx].initialiser = true;
		return;
	}
	if (!name_at(u->file, u->off, v->name, th)) {
		plan_review(p, REVIEW_TEXT_NOT_NAME, u->file, u->off, v,
		    "%s is used here but the text is not its name; no edit",
		    v->name);
		return;
	}
	route(rv, u, v, u->kind == USE_MACRO_BODY);
}

/* Each token's uses, decided together, in file and offset order. */
static void
decide_routed(struct plan *p, routed_vec *rv)
{
	struct spelled g = {0};
	size_t i, j;

	keysort(rv->v, rv->n, sizeof(*rv->v), key_routed, cmp_routed);
	for (i = 0; i < rv->n; i = j) {
		g.f = rv->v[i].u->file;
		g.off = rv->v[i].off;
		g.uses.n = g.vars.n = 0;
		for (j = i; j < rv->n && cmp_routed(&rv->v[i], &rv->v[j]) == 0;
		    j++)
			spelled_add(&g, rv->v[j].u, rv->v[j].v);
		if (rv->v[i].body)
			decide_body_group(p, &g);
		else
			decide_spelled(p, &g);
	}
	VEC_FREE(&g.uses);
	VEC_FREE(&g.vars);
}

void
pass_uses(struct plan *p)
{
	struct spelled pasted = {0};
	struct tok_hint th = {NULL, 0};
	routed_vec rv = {0};
	struct var *v;
	struct use *u;
	size_t i, j;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		for (j = 0; j < v->uses.n; j++) {
			u = &v->uses.v[j];
			if (v->selected) {
				route_use(p, v, u, &rv, &pasted, &th);
				continue;
			}
			/*
			 * A body token or a paste that also names a variable
			 * this run leaves alone must not be edited for the
			 * others.
			 */
			if (u->kind == USE_PASTED)
				spelled_add(&pasted, u, v);
			else if (u->kind == USE_MACRO_ARG && u->file != NULL &&
			    u->file->loaded &&
			    define_at(u->file, u->off) != SIZE_MAX)
				route(&rv, u, v, true);
		}
	}
	decide_routed(p, &rv);
	VEC_FREE(&rv);
	unowned_report(p);
	paste_uses(p, &pasted);
	VEC_FREE(&pasted.uses);
	VEC_FREE(&pasted.vars);
	unseen_names(p);
}
