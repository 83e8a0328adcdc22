/*
 * uses.c: an edit for every use of a virtualized variable, or a review
 * item saying why there is none.
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
 *	built by ##			no text to edit: review
 * Uses already written the converted way (V_foo, VNET(foo), MODULE_GLOBAL)
 * are left alone, which makes a second run a no-op.  Text no parse gave
 * a meaning is never guessed at: the name in a skipped #if branch, or in
 * the body of a #define nothing expanded there, is a review item.
 */
#include <stdlib.h>
#include <string.h>

#include "model/access.h"
#include "model/calls.h"
#include "model/tokens.h"
#include "passes/plan.h"

static const char *const vnet_access_macros[] = {"VNET", "VNET_NAME",
    "VNET_PTR", "VNET_VNET", "VNET_VNET_PTR", "MODULE_GLOBAL", "VNET_DEFINE",
    "VNET_DEFINE_STATIC", "VNET_DECLARE", NULL};

/* Is the use already written the converted way? */
static bool
use_converted(const struct srcfile *f, uint32_t off)
{
	struct call_site cs;
	size_t d = define_at(f, off), len;
	const char *s;

	if (d != SIZE_MAX) {
		s = tok_text(f, d, &len);
		if (len > 2 && s[0] == 'V' && s[1] == '_')
			return (true);
	}
	return (enclosing_call(f, off, &cs) &&
	    tok_in_set(f, cs.name, vnet_access_macros));
}

/* The token at off must be the variable's name; anything else is a bug. */
static bool
name_at(const struct srcfile *f, uint32_t off, const char *name)
{
	size_t i = tok_containing(&f->toks, off);

	return (i != SIZE_MAX && f->toks.t[i].off == off && tok_eq(f, i, name));
}

/* "V_x" and "VNET_NAME(x)" for a variable, made once each. */
static const char *
v_name(struct plan *p, const struct var *v)
{
	struct var_stats *st = &p->stats[v->idx];

	if (st->v_text == NULL)
		st->v_text = xasprintf("V_%s", v->vname);
	return (st->v_text);
}

static const char *
master_name(struct plan *p, const struct var *v)
{
	struct var_stats *st = &p->stats[v->idx];

	if (st->master_text == NULL)
		st->master_text = xasprintf("VNET_NAME(%s)", v->vname);
	return (st->master_text);
}

/*
 * Would the flag and pointer, added in place, push a line of the call
 * past 80 columns?  Then the call is laid out again once every edit in it
 * is known (plan_reflow()).
 */
static bool
sysctl_grows(struct plan *p, struct srcfile *f, const struct call_site *cs,
    const struct var *v)
{
	size_t ls, le, k, j, first, last, jf, jl, grow, len;
	size_t flag = strlen("CTLFLAG_VNET | ");
	size_t ptr = strlen(master_name(p, v)) - strlen(v->name);

	/* The lines of the flag's and pointer's places, by both if shared. */
	for (k = 3; k <= 4; k++) {
		if (!call_arg(f, cs, (unsigned)k, &first, &last) ||
		    first > last)
			return (false);
		ls = line_start(f->data, f->toks.t[first].off);
		le = line_end(f->data, f->len, f->toks.t[first].off);
		grow = 0;
		for (j = 3; j <= 4; j++)
			if (call_arg(f, cs, (unsigned)j, &jf, &jl) &&
			    jf <= jl &&
			    line_start(f->data, f->toks.t[jf].off) == ls)
				grow += j == 3 ? flag : ptr;
		while (le > ls &&
		    (f->data[le - 1] == '\n' || f->data[le - 1] == '\r'))
			le--;
		len = text_width(f->data + ls, le - ls, 0) + grow;
		if (len > 80)
			return (true);
	}
	return (false);
}

/*
 * A use inside SYSCTL_xxx(parent, nbr, name, access, ptr, ...): the
 * pointer argument becomes &VNET_NAME(x) and the knob becomes a VNET
 * one, in the rules' dialect.  The leaf name never changes.
 */
static bool
sysctl_use(struct plan *p, struct var *v, struct use *u)
{
	struct srcfile *f = u->file;
	struct call_site cs;
	size_t first, last, len, i;
	const char *mname;
	char *text;
	bool flagged = false;

	if (!enclosing_call(f, u->off, &cs) || cs.arg != 4)
		return (false);
	mname = tok_text(f, cs.name, &len);
	if (len <= 7 || strncmp(mname, "SYSCTL_", 7) != 0 ||
	    strncmp(mname, "SYSCTL_ADD_", 11) == 0)
		return (false);
	if (!call_arg(f, &cs, 3, &first, &last))
		return (false);
	for (i = first; i <= last && first <= last; i++)
		if (tok_eq(f, i, "CTLFLAG_VNET"))
			flagged = true;
	if (!flagged && first <= last &&
	    rules_sysctl_dialect(p->rules) == SYSCTL_DIALECT_MODERN &&
	    strncmp(mname, "SYSCTL_VNET_", 12) != 0 &&
	    sysctl_grows(p, f, &cs, v))
		plan_request_reflow(p, f, f->toks.t[cs.name].off,
		    tok_end(f, cs.rparen));
	plan_edit(p, f, u->off, (uint32_t)strlen(v->name), master_name(p, v), 0,
	    "sysctl pointer");
	if (strncmp(mname, "SYSCTL_VNET_", 12) == 0)
		return (true);
	/* A knob already flagged CTLFLAG_VNET only wanted its pointer. */
	if (!flagged && rules_sysctl_dialect(p->rules) == SYSCTL_DIALECT_2009) {
		text = xasprintf("SYSCTL_VNET_%.*s", (int)(len - 7), mname + 7);
		plan_edit(p, f, f->toks.t[cs.name].off, (uint32_t)len, text, 0,
		    "sysctl dialect");
		free(text);
	} else if (!flagged && first <= last)
		plan_edit(p, f, f->toks.t[first].off, 0, "CTLFLAG_VNET | ", 0,
		    "sysctl flag");
	p->stats[v->idx].sysctls++;
	return (true);
}

/*
 * Is the use evaluated in a static initializer?  The owner may be an
 * object the model does not hold (one a macro such as SYSCTL_INT
 * declares), so the owner's USR is what says so, not the resolved owner.
 */
static bool
in_static_init(const struct use *u)
{
	return (u->owner_usr != NULL &&
	    (u->file == NULL || !file_load(u->file) ||
		!(text_access(u->file, u->off) & ACC_SIZEOF)));
}

/* A use in the static initializer of another object (or its own). */
static void
static_use(struct plan *p, struct var *v, struct use *u)
{
	struct var *o = u->owner;

	if (sysctl_use(p, v, u))
		return;
	if (o == NULL || !o->selected) {
		plan_review(p, u->file, u->off, v, false,
		    "the initializer of %s uses %s, which becomes "
		    "per-instance; "
		    "%s is not virtualized, so it would keep pointing into the "
		    "master copy: virtualize %s too or set it at run time",
		    o != NULL ? o->name : "another object", v->name,
		    o != NULL ? o->name : "that object",
		    o != NULL ? o->name : "it");
		return;
	}
	plan_edit(p, u->file, u->off, (uint32_t)strlen(v->name),
	    master_name(p, v), 0, "static initializer use");
	p->stats[v->idx].uses_static++;
	p->stats[o->idx].initialiser = true;
}

/* Every use of one body token, from every expansion, decided together. */
struct bodytok {
	struct srcfile *f;
	uint32_t off;
	VEC(struct use *) uses;
	VEC(struct var *) vars;
};

static struct bodytok *
bodytok_get(struct hmap *h, struct srcfile *f, uint32_t off)
{
	char *key = xasprintf("%s\n%u", f->path, off);
	struct bodytok **slot = (struct bodytok **)hmap_put(h, key, NULL);

	free(key);
	if (*slot == NULL) {
		*slot = xcalloc(1, sizeof(**slot));
		(*slot)->f = f;
		(*slot)->off = off;
	}
	return (*slot);
}

static void
free_bodytok(void *p)
{
	struct bodytok *b = p;

	VEC_FREE(&b->uses);
	VEC_FREE(&b->vars);
	free(b);
}

/* What else a body token means in some expansion, or NULL. */
static const char *
body_other(const struct model *m, const struct srcfile *f, uint32_t off)
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

static const char *
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
 * What else, besides v, the body token means in some expansion: a local,
 * a member, another variable; NULL when every expansion means v.
 */
static const char *
body_other_meaning(struct plan *p, const struct bodytok *b)
{
	const struct var *v = b->vars.v[0], *w;
	size_t i;

	for (i = 0; i < b->uses.n; i++) {
		w = b->vars.v[i];
		if (!w->selected || strcmp(w->vname, v->vname) != 0 ||
		    strcmp(w->name, v->name) != 0)
			return (w->selected
				? "another virtualized variable"
				: "a variable that is not virtualized");
	}
	return (body_other(p->m, b->f, b->off));
}

/*
 * The text that is right for every expansion of the body token: V_x in
 * code, VNET_NAME(x) in static initializers (whose owners then need
 * per-instance initialisers).  NULL, after a review item, when no one
 * text is right for all.
 */
static const char *
body_edit_text(struct plan *p, const struct bodytok *b, const char *mname,
    size_t mlen)
{
	struct var *v = b->vars.v[0], *o;
	bool code = false, init = false;
	size_t i;

	for (i = 0; i < b->uses.n; i++) {
		if (in_static_init(b->uses.v[i]))
			init = true;
		else
			code = true;
	}
	if (code && init) {
		plan_review(p, b->f, b->off, v, false,
		    "macro %.*s uses %s both in code (needs V_%s) and in "
		    "static initializers (needs VNET_NAME(%s)); no edit: "
		    "split the macro",
		    (int)mlen, mname, v->name, v->vname, v->vname);
		return (NULL);
	}
	if (!init)
		return (v_name(p, v));
	for (i = 0; i < b->uses.n; i++) {
		o = b->uses.v[i]->owner;
		if (o == NULL || !o->selected) {
			plan_review(p, b->f, b->off, v, false,
			    "macro %.*s puts %s into the initializer of %s, "
			    "which is not virtualized; no edit",
			    (int)mlen, mname, v->name,
			    o != NULL ? o->name : "an object");
			return (NULL);
		}
	}
	for (i = 0; i < b->uses.n; i++)
		p->stats[b->uses.v[i]->owner->idx].initialiser = true;
	return (master_name(p, v));
}

/* One edit in the body, right for every expansion, or a review item. */
static void
decide_body(struct plan *p, struct bodytok *b)
{
	struct var *v = b->vars.v[0];
	const char *other, *mname, *text;
	size_t mlen;

	mname = define_name(b->f, b->off, &mlen);
	if ((other = body_other_meaning(p, b)) != NULL) {
		plan_review(p, b->f, b->off, v, false,
		    "%s in the body of macro %.*s means %s in some expansions "
		    "and %s in others; no edit: give the macro a parameter or "
		    "split it",
		    v->name, (int)mlen, mname, v->name, other);
		return;
	}
	if (!b->f->editable) {
		plan_review(p, b->f, b->off, v, false,
		    "macro %.*s uses %s but is in a file vnetify must not "
		    "edit; change it to V_%s by hand",
		    (int)mlen, mname, v->name, v->vname);
		return;
	}
	if ((text = body_edit_text(p, b, mname, mlen)) == NULL)
		return;
	plan_edit(p, b->f, b->off, (uint32_t)strlen(v->name), text, 0,
	    "use in a macro body");
	p->stats[v->idx].uses_body++;
}

static void
plain_use(struct plan *p, struct var *v, struct use *u)
{
	const char *text = v_name(p, v);

	plan_edit(p, u->file, u->off, (uint32_t)strlen(v->name), text, 0,
	    "use");
	if (u->kind == USE_FILE)
		p->stats[v->idx].uses_file++;
	else
		p->stats[v->idx].uses_arg++;
}

static void
handle_use(struct plan *p, struct var *v, struct use *u, struct hmap *bodies)
{
	struct bodytok *b;

	if (u->kind == USE_PASTED) {
		plan_review(p, u->exp_file, u->exp_off, v, false,
		    "a macro expanded here builds the name %s with ##; vnetify "
		    "does not guess pasted names: make the macro produce V_%s",
		    v->name, v->vname);
		return;
	}
	if (!file_load(u->file))
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
	if (!name_at(u->file, u->off, v->name)) {
		plan_review(p, u->file, u->off, v, false,
		    "%s is used here but the text is not its name; no edit",
		    v->name);
		return;
	}
	if (u->kind == USE_MACRO_BODY) {
		b = bodytok_get(bodies, u->file, u->off);
		VEC_PUSH(&b->uses, u);
		VEC_PUSH(&b->vars, v);
		return;
	}
	if (!u->file->editable) {
		plan_review(p, u->file, u->off, v, false,
		    "%s is used in a file vnetify must not edit; change it to "
		    "V_%s by hand",
		    v->name, v->vname);
		return;
	}
	if (in_static_init(u))
		static_use(p, v, u);
	else
		plain_use(p, v, u);
}

/*
 * Tokens no configuration compiles can still name a variable; nobody
 * parsed them, so a human must look.
 */
static void
inactive_uses(struct plan *p)
{
	struct hmap byname = {0};
	struct srcfile *f;
	struct var *v;
	size_t i, j, len;
	const char *s;
	char *name;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (v->selected && !v->is_local)
			*hmap_put(&byname, v->vname, NULL) = v;
	}
	for (i = 0; byname.n > 0 && i < p->m->files.cap; i++) {
		f = p->m->files.slots[i].key != NULL ? p->m->files.slots[i].val
						     : NULL;
		if (f == NULL || f->rel == NULL || f->skipped.n == 0 ||
		    !file_load(f))
			continue;
		for (j = 0; j < f->toks.n; j++) {
			if (f->toks.t[j].kind != TOK_IDENT ||
			    !file_never_active(f, f->toks.t[j].off))
				continue;
			s = tok_text(f, j, &len);
			name = xstrndup(s, len);
			v = hmap_get(&byname, name);
			free(name);
			if (v != NULL)
				plan_review(p, f, f->toks.t[j].off, v, false,
				    "%s appears in code that no configuration "
				    "compiles (a skipped #if branch): check it "
				    "by hand, or list a configuration that "
				    "enables it in the rules",
				    v->name);
		}
	}
	hmap_free(&byname, NULL);
}

/*
 * Is identifier token j of a #define one of the macro's parameters, in the
 * parameter list or in the body?
 */
static bool
macro_param(const struct srcfile *f, size_t j)
{
	size_t d = define_at(f, f->toks.t[j].off), i;

	if (d == SIZE_MAX || d + 1 >= f->toks.n || f->toks.t[d + 1].ws ||
	    !tok_punct(f, d + 1, "("))
		return (false);
	for (i = d + 2; i < f->toks.n && !tok_punct(f, i, ")"); i++)
		if (i == j ||
		    (f->toks.t[i].len == f->toks.t[j].len &&
			memcmp(f->data + f->toks.t[i].off,
			    f->data + f->toks.t[j].off, f->toks.t[j].len) == 0))
			return (true);
	return (false);
}

/*
 * Does token j name something other than a variable by its place alone:
 * a tag, a member, a label?
 */
static bool
not_a_variable(const struct srcfile *f, size_t j)
{
	const struct tok *prev = j > 0 ? &f->toks.t[j - 1] : NULL;

	return (prev != NULL && !prev->bol &&
	    (tok_is_punct(f->data, prev, ".") ||
		tok_is_punct(f->data, prev, "->") ||
		tok_eq(f, j - 1, "struct") || tok_eq(f, j - 1, "union") ||
		tok_eq(f, j - 1, "enum") || tok_eq(f, j - 1, "goto")));
}

/* Is token j the operand of # or ##, or next to ##? */
static bool
stringized_or_pasted(const struct srcfile *f, size_t j)
{
	return ((j > 0 &&
		    (tok_punct(f, j - 1, "#") || tok_punct(f, j - 1, "##"))) ||
	    (j + 1 < f->toks.n && !f->toks.t[j + 1].bol &&
		tok_punct(f, j + 1, "##")));
}

/*
 * A #define body that names a variable, but at a token no parse saw
 * expanded: without an expansion there is nothing to tell the global from
 * a member or a local, so a human decides rather than a guess.
 */
static void
unexpanded_bodies(struct plan *p)
{
	struct hmap byname = {0}, seen = {0};
	struct srcfile *f;
	struct var *v;
	size_t i, j, len, mlen;
	const char *s, *mname;
	char *key;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (v->selected && !v->is_local)
			*hmap_put(&byname, v->vname, NULL) = v;
		for (j = 0; j < v->uses.n; j++) {
			/* Only a use expanded from a macro can be in a body. */
			if (v->uses.v[j].file == NULL ||
			    v->uses.v[j].kind == USE_FILE)
				continue;
			key = xasprintf("%s\n%u", v->uses.v[j].file->path,
			    v->uses.v[j].off);
			(void)hmap_put(&seen, key, NULL);
			free(key);
		}
	}
	for (i = 0; i < p->m->body_nonvars.n; i++) {
		key = xasprintf("%s\n%u", p->m->body_nonvars.v[i].file->path,
		    p->m->body_nonvars.v[i].off);
		(void)hmap_put(&seen, key, NULL);
		free(key);
	}
	for (i = 0; byname.n > 0 && i < p->m->files.cap; i++) {
		f = p->m->files.slots[i].key != NULL ? p->m->files.slots[i].val
						     : NULL;
		if (f == NULL || f->rel == NULL || !file_load(f))
			continue;
		for (j = 0; j < f->toks.n; j++) {
			if (f->toks.t[j].kind != TOK_IDENT || !f->toks.t[j].pp)
				continue;
			s = tok_text(f, j, &len);
			key = xstrndup(s, len);
			v = hmap_get(&byname, key);
			free(key);
			if (v == NULL ||
			    define_at(f, f->toks.t[j].off) == SIZE_MAX ||
			    file_never_active(f, f->toks.t[j].off) ||
			    macro_param(f, j) || stringized_or_pasted(f, j) ||
			    not_a_variable(f, j) ||
			    use_converted(f, f->toks.t[j].off))
				continue;
			key = xasprintf("%s\n%u", f->path, f->toks.t[j].off);
			if (!hmap_has(&seen, key)) {
				mname = define_name(f, f->toks.t[j].off, &mlen);
				plan_review(p, f, f->toks.t[j].off, v, false,
				    "%s in the body of macro %.*s: no parse "
				    "expanded it here, so what it means is "
				    "unknown; no edit: check it by hand (V_%s "
				    "if it is the variable)",
				    v->vname, (int)mlen, mname, v->vname);
			}
			free(key);
		}
	}
	hmap_free(&byname, NULL);
	hmap_free(&seen, NULL);
}

void
pass_uses(struct plan *p)
{
	struct hmap bodies = {0};
	struct bodytok *b;
	struct var *v;
	struct use *u;
	size_t i, j;

	/* Body tokens of every variable, selected or not, decide together. */
	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		for (j = 0; j < v->uses.n; j++) {
			u = &v->uses.v[j];
			if (v->selected) {
				handle_use(p, v, u, &bodies);
				continue;
			}
			if (u->kind == USE_MACRO_ARG && u->file != NULL &&
			    u->file->loaded &&
			    define_at(u->file, u->off) != SIZE_MAX) {
				b = bodytok_get(&bodies, u->file, u->off);
				VEC_PUSH(&b->uses, u);
				VEC_PUSH(&b->vars, v);
			}
		}
	}
	for (i = 0; i < bodies.cap; i++) {
		if (bodies.slots[i].key == NULL)
			continue;
		b = bodies.slots[i].val;
		for (j = 0; j < b->vars.n; j++) {
			if (b->vars.v[j]->selected) {
				/* Decide from a selected variable's view. */
				struct var *t = b->vars.v[0];
				struct use *tu = b->uses.v[0];

				b->vars.v[0] = b->vars.v[j];
				b->uses.v[0] = b->uses.v[j];
				b->vars.v[j] = t;
				b->uses.v[j] = tu;
				decide_body(p, b);
				break;
			}
		}
	}
	hmap_free(&bodies, free_bodytok);
	inactive_uses(p);
	unexpanded_bodies(p);
}
