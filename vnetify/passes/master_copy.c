/*
 * master_copy.c: FreeBSD's other way to keep an object per vnet.
 *
 * A few drivers keep an object twice: a plain static, set up once when the
 * module loads, and under #ifdef VIMAGE a per-vnet copy that each vnet's
 * init sets from it (the cloners of if_loop.c and if_vlan.c):
 *
 *	static struct if_clone *lo_cloner;		the master
 *	#ifdef VIMAGE
 *	VNET_DEFINE_STATIC(struct if_clone *, lo_cloner);	the copy
 *	#define	V_lo_cloner	VNET(lo_cloner)
 *	#endif
 *	...
 *	#ifdef VIMAGE
 *		lo_cloner = if_clone_simple(...);
 *		V_lo_cloner = lo_cloner;
 *	#else
 *		lo_cloner = if_clone_simple(...);
 *	#endif
 *
 * De-virtualized, the two are one variable defined twice, once under
 * #ifdef VIMAGE, and the copy reads "lo_cloner = lo_cloner;".  Such a
 * variable is converted only where VIMAGE is defined: the definition
 * there becomes VNET_DEFINE and a use there becomes V_x, except the
 * master's own set-up: the uses of that #ifdef VIMAGE group up to the
 * copy, and the copy's right-hand side.  Outside VIMAGE every use keeps
 * the plain name, as it must: without VIMAGE there is no V_x.
 *
 * A second run finds the copy already VNET_DEFINE and "V_x = x;": the
 * same variable, the same decisions, no edit.
 */
#include <string.h>

#include "model/calls.h"
#include "model/conditionals.h"
#include "model/tokens.h"
#include "passes/master_copy.h"

static const char vimage[] = "VIMAGE";

/* Is token j the name in VNET_DEFINE(t, x) or VNET_DEFINE_STATIC(t, x)? */
static bool
in_vnet_define(const struct srcfile *f, size_t j)
{
	static const char *const defines[] = {"VNET_DEFINE",
	    "VNET_DEFINE_STATIC", NULL};
	struct call_site cs;

	return (enclosing_call(f, f->toks.t[j].off, &cs) && cs.arg == 1 &&
	    tok_in_set(f, cs.name, defines));
}

/* Does f define v, as VNET_DEFINE, only where VIMAGE is defined? */
static bool
converted_copy_in(const struct var *v, const struct srcfile *f)
{
	size_t j;

	for (j = 0; j < f->toks.n; j++)
		if (f->toks.t[j].kind == TOK_IDENT && tok_eq(f, j, v->name) &&
		    in_vnet_define(f, j) &&
		    cond_side_at(f, f->toks.t[j].off, vimage, NULL, NULL) ==
			SIDE_DEFINED)
			return (true);
	return (false);
}

void
master_copy_detect(struct plan *p, struct var *v)
{
	const struct decl *master = NULL, *d;
	size_t i, k;

	for (i = 0; i < v->decls.n && master == NULL; i++) {
		d = &v->decls.v[i];
		if (!d->is_def || d->is_local || !file_load(d->file) ||
		    !plan_file(p, d->file)->vimage_conds ||
		    cond_side_at(d->file, d->name_off, vimage, NULL, NULL) !=
			SIDE_BOTH)
			continue;
		for (k = 0; k < v->decls.n; k++)
			if (v->decls.v[k].is_def &&
			    v->decls.v[k].file == d->file &&
			    cond_side_at(d->file, v->decls.v[k].name_off,
				vimage, NULL, NULL) == SIDE_DEFINED)
				break;
		if (k < v->decls.n || converted_copy_in(v, d->file))
			master = d;
	}
	if (master == NULL)
		return;
	v->master_copy = true;
	plan_review(p, REVIEW_MASTER_COPY, master->file, master->name_off, v,
	    "%s is defined here and again under #ifdef VIMAGE: this one stays "
	    "the plain master, the other becomes the per-vnet copy; uses "
	    "outside VIMAGE, and those that set the master up before the "
	    "copy \"V_%s = %s;\", keep the plain name",
	    v->name, v->vname, v->name);
}

/* Is token j v's name, plain or as V_x? */
static bool
names(const struct var *v, const struct srcfile *f, size_t j)
{
	size_t len;
	const char *s = tok_text(f, j, &len);

	if (tok_eq(f, j, v->name))
		return (true);
	return (len == strlen(v->vname) + 2 && s[0] == 'V' && s[1] == '_' &&
	    memcmp(s + 2, v->vname, len - 2) == 0);
}

/*
 * The copy "x = x;" (or "V_x = x;") in [start, end): the token index of
 * its left side in *lhs and of its right side in *rhs.
 */
static bool
find_copy(const struct var *v, const struct srcfile *f, uint32_t start,
    uint32_t end, size_t *lhs, size_t *rhs)
{
	size_t j, e, r, s;

	for (j = tok_at_or_after(&f->toks, start);
	    j < f->toks.n && f->toks.t[j].off < end; j++) {
		if (f->toks.t[j].kind != TOK_IDENT || f->toks.t[j].pp ||
		    !names(v, f, j))
			continue;
		e = tok_next_code(f, j);
		r = e != SIZE_MAX && tok_punct(f, e, "=") ? tok_next_code(f, e)
							  : SIZE_MAX;
		s = r != SIZE_MAX && tok_eq(f, r, v->name) ? tok_next_code(f, r)
							   : SIZE_MAX;
		if (s != SIZE_MAX && tok_punct(f, s, ";")) {
			*lhs = j;
			*rhs = r;
			return (true);
		}
	}
	return (false);
}

bool
master_copy_plain_decl(const struct var *v, const struct decl *d)
{
	return (v->master_copy &&
	    cond_side_at(d->file, d->name_off, vimage, NULL, NULL) !=
		SIDE_DEFINED);
}

bool
master_copy_keeps_plain(const struct var *v, const struct srcfile *f,
    uint32_t off)
{
	uint32_t start = 0, end = 0;
	size_t lhs, rhs;

	if (!v->master_copy)
		return (false);
	if (cond_side_at(f, off, vimage, &start, &end) != SIDE_DEFINED)
		return (true);
	if (!find_copy(v, f, start, end, &lhs, &rhs))
		return (false);
	return (off == f->toks.t[rhs].off || off < f->toks.t[lhs].off);
}
