/*
 * bodies.c: a use spelled in a #define body is edited once, in the body
 * (#define FOOSTAT_INC(f) (foostat.f++) -> (V_foostat.f++)), wherever the
 * define lives and however many files expand it.  Every expansion of the
 * body token is looked at first: the edit is made only if each one means
 * this variable, and one text is right for all of them -- V_x in code,
 * VNET_NAME(x) in static initializers, either under sizeof.  Otherwise
 * the token is a review item saying how to split the macro.
 */
#include <stdlib.h>
#include <string.h>

#include "passes/uses.h"

/*
 * What else, besides v, the body token means in some expansion: a local,
 * a member, another variable; NULL when every expansion means v.
 */
static const char *
body_other_meaning(struct plan *p, const struct spelled *b)
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
	return (nonvar_at(p->m, b->f, b->off));
}

/*
 * The text that is right for every expansion of the body token: V_x in
 * code, VNET_NAME(x) in static initializers (whose owners then need
 * per-instance initialisers), either under sizeof.  NULL, after a review
 * item, when no one text is right for all.
 */
static const char *
body_edit_text(struct plan *p, const struct spelled *b, const char *mname,
    size_t mlen)
{
	struct var *v = b->vars.v[0], *o;
	bool code = false, init = false;
	size_t i;

	for (i = 0; i < b->uses.n; i++) {
		if (b->uses.v[i]->unevaluated)
			continue;
		if (in_static_init(b->uses.v[i]))
			init = true;
		else
			code = true;
	}
	if (code && init) {
		plan_review(p, REVIEW_MACRO_BODY, b->f, b->off, v,
		    "macro %.*s uses %s both in code (needs V_%s) and in "
		    "static initializers (needs VNET_NAME(%s)); no edit: "
		    "split the macro",
		    (int)mlen, mname, v->name, v->vname, v->vname);
		return (NULL);
	}
	if (!init)
		return (plan_v_name(p, v));
	for (i = 0; i < b->uses.n; i++) {
		o = b->uses.v[i]->owner;
		if (b->uses.v[i]->unevaluated || !in_static_init(b->uses.v[i]))
			continue;
		if (o == NULL || !o->selected) {
			plan_review(p, REVIEW_STATIC_INIT, b->f, b->off, v,
			    "macro %.*s puts %s into the initializer of %s, "
			    "which is not virtualized; no edit",
			    (int)mlen, mname, v->name,
			    o != NULL ? o->name : "an object");
			return (NULL);
		}
	}
	for (i = 0; i < b->uses.n; i++)
		if (!b->uses.v[i]->unevaluated && in_static_init(b->uses.v[i]))
			p->stats[b->uses.v[i]->owner->idx].initialiser = true;
	return (plan_master_name(p, v));
}

void
decide_body(struct plan *p, struct spelled *b)
{
	struct var *v = b->vars.v[0];
	const char *other, *mname, *text;
	struct sysctl_site cs;
	size_t mlen, i;
	bool code = false;

	mname = define_name(b->f, b->off, &mlen);
	if ((other = body_other_meaning(p, b)) != NULL) {
		plan_review(p, REVIEW_MACRO_BODY, b->f, b->off, v,
		    "%s in the body of macro %.*s means %s in some expansions "
		    "and %s in others; no edit: give the macro a parameter or "
		    "split it",
		    v->name, (int)mlen, mname, v->name, other);
		return;
	}
	if (!b->f->editable) {
		plan_review(p, REVIEW_NOT_EDITABLE, b->f, b->off, v,
		    "macro %.*s uses %s but is in a file vnetify must not "
		    "edit; change it to V_%s by hand",
		    (int)mlen, mname, v->name, v->vname);
		return;
	}
	/* A sysctl registration written in the body itself. */
	if (sysctl_site(b->f, b->off, &cs)) {
		for (i = 0; i < b->uses.n; i++)
			code |= !b->uses.v[i]->unevaluated &&
			    !in_static_init(b->uses.v[i]);
		if (!code) {
			sysctl_edit(p, v, b->f, b->off, &cs);
			return;
		}
	}
	if ((text = body_edit_text(p, b, mname, mlen)) == NULL)
		return;
	plan_edit(p, b->f, b->off, (uint32_t)strlen(v->name), text, 0,
	    "use in a macro body");
	p->stats[v->idx].uses_body++;
	VEC_PUSH(&p->body_edits,
	    ((struct body_edit){b->f, b->off, v, xstrndup(mname, mlen)}));
}
