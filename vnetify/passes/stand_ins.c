/*
 * stand_ins.c: a macro that stands in for a virtualized variable in the
 * builds that lack it.  FreeBSD's tcp_fastopen.h reads
 *
 *	#ifdef TCP_RFC7413
 *	VNET_DECLARE(unsigned int, tcp_fastopen_client_enable);
 *	#define	V_tcp_fastopen_client_enable	VNET(tcp_fastopen_client_enable)
 *	#else
 *	#define	V_tcp_fastopen_client_enable	0
 *	#endif
 *
 * Before the conversion the stand-in is "#define tcp_fastopen_client_enable
 * 0".  Once the uses say V_x, a stand-in still called x is a name nothing
 * uses, and the build without the option reads V_x, which nothing
 * defines.  So an object-like #define of x, in one branch of a group whose
 * other branch declares the variable x, is renamed V_x, and so is every
 * use of that macro a parse saw.  The pairing with a declaration is what
 * makes it a stand-in: a "#define x other" that follows the variable in
 * the same build would clash with "#define V_x VNET(x)".
 */
#include <stdlib.h>
#include <string.h>

#include "model/lex.h"
#include "model/tokens.h"
#include "passes/plan.h"
#include "support/hmap.h"
#include "support/util.h"

/* Where offset off sits among the file's conditional groups. */
struct branch {
	size_t group;  /* the #if/#ifdef/#ifndef token of the innermost group */
	size_t branch; /* 0 for its first branch, 1 after an #else... */
};

/* The innermost group around off; false when off is in none. */
static bool
branch_at(const struct srcfile *f, uint32_t off, struct branch *out)
{
	VEC(struct branch) st = {0};
	size_t j, d;
	bool in;

	for (j = 0; j < f->toks.n && f->toks.t[j].off < off; j++) {
		if ((d = tok_directive_name(f, j)) == SIZE_MAX)
			continue;
		if (tok_opens_group(f, d))
			VEC_PUSH(&st, ((struct branch){d, 0}));
		else if (st.n > 0 &&
		    (tok_eq(f, d, "else") || tok_eq(f, d, "elif")))
			st.v[st.n - 1].branch++;
		else if (st.n > 0 && tok_eq(f, d, "endif"))
			st.n--;
	}
	in = st.n > 0;
	if (in)
		*out = st.v[st.n - 1];
	VEC_FREE(&st);
	return (in);
}

/* Is a declaration of v in f, in another branch of b's group? */
static bool
declared_beside(const struct var *v, const struct srcfile *f,
    const struct branch *b)
{
	const struct decl *d;
	struct branch db;
	size_t i;

	for (i = 0; i < v->decls.n; i++) {
		d = &v->decls.v[i];
		if (d->file == f && branch_at(f, d->start, &db) &&
		    db.group == b->group && db.branch != b->branch)
			return (true);
	}
	return (false);
}

/* Does the body [a, end) of the #define name x or V_x? */
static bool
body_names(const struct srcfile *f, size_t a, size_t end, const char *x,
    const char *vx)
{
	for (; a < end; a++)
		if (tok_eq(f, a, x) || tok_eq(f, a, vx))
			return (true);
	return (false);
}

static void
rename_stand_in(struct plan *p, struct srcfile *f, size_t name, const char *vx)
{
	const struct model *m = p->m;
	const struct macro_use *mu;
	size_t i;

	plan_edit(p, f, f->toks.t[name].off, f->toks.t[name].len, vx, 0,
	    "a stand-in for the variable takes its V_ name");
	for (i = 0; i < m->macro_uses.n; i++) {
		mu = &m->macro_uses.v[i];
		if (mu->def_file == f && mu->def_off == f->toks.t[name].off &&
		    mu->file != NULL && mu->file->editable)
			plan_edit(p, mu->file, mu->off, f->toks.t[name].len, vx,
			    0, "a use of the variable's stand-in");
	}
}

static void
stand_ins_in(struct plan *p, struct srcfile *f, const struct hmap *byname)
{
	struct branch b;
	struct var *v;
	size_t j, d, end;

	for (j = 0; j + 2 < f->toks.n; j++) {
		if ((d = tok_directive_name(f, j)) == SIZE_MAX ||
		    !tok_eq(f, d, "define") || d + 1 >= f->toks.n ||
		    f->toks.t[d + 1].bol || f->toks.t[d + 1].kind != TOK_IDENT)
			continue;
		v = hmap_get_n(byname, f->data + f->toks.t[d + 1].off,
		    f->toks.t[d + 1].len);
		if (v == NULL)
			continue;
		for (end = d + 2; end < f->toks.n && !f->toks.t[end].bol; end++)
			;
		/* x(...) is not invoked by a bare x. */
		if (d + 2 < end && !f->toks.t[d + 2].ws &&
		    tok_punct(f, d + 2, "("))
			continue;
		if (body_names(f, d + 2, end, v->name, plan_v_name(p, v)) ||
		    !branch_at(f, f->toks.t[d + 1].off, &b) ||
		    !declared_beside(v, f, &b))
			continue;
		rename_stand_in(p, f, d + 1, plan_v_name(p, v));
	}
}

void
pass_stand_ins(struct plan *p)
{
	struct model *m = p->m;
	struct hmap byname = {0};
	struct srcfile *f;
	struct var *v;
	size_t i;

	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (v->selected && !v->converted && !v->is_local)
			(void)hmap_put(&byname, v->name, v);
	}
	if (byname.n == 0) {
		hmap_free(&byname, NULL);
		return;
	}
	for (i = 0; i < m->files.cap; i++) {
		f = m->files.slots[i].key != NULL ? m->files.slots[i].val
						  : NULL;
		if (f != NULL && f->editable && f->nparses > 0 && file_load(f))
			stand_ins_in(p, f, &byname);
	}
	hmap_free(&byname, NULL);
}
