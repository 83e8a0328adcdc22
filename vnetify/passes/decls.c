/*
 * decls.c: the declarations pass.  Every declaration statement that holds
 * a selected variable is rebuilt (rebuild.c), in file and offset order so
 * that hoisted definitions keep their order; hoists are placed last
 * (hoist.c).  A variable the source already converted keeps its
 * declarations, and gets only what it lacks: its #define V_x line, or its
 * per-instance initialiser (initialiser.c).
 */
#include <stdlib.h>
#include <string.h>

#include "model/calls.h"
#include "model/tokens.h"
#include "passes/decls.h"
#include "passes/master_copy.h"

/* Does main file g read header f? */
static bool
file_includes(const struct srcfile *g, const struct srcfile *f)
{
	size_t k;

	for (k = 0; k < g->incl.n; k++)
		if (g->incl.v[k] == f)
			return (true);
	return (false);
}

/*
 * The name of every "#define V_..." in the root's files, and V_x for
 * every other name whose body is VNET(x): FreeBSD's route.h writes
 * "#define V_rt_numfibs VNET(_rt_numfibs)", the alias of _rt_numfibs.
 */
static void
collect_v_defines(struct plan *p, struct hmap *out)
{
	struct srcfile *f;
	const char *s;
	size_t i, j, x, len;
	char *alias;

	for (i = 0; i < p->m->files.cap; i++) {
		f = p->m->files.slots[i].key != NULL ? p->m->files.slots[i].val
						     : NULL;
		if (f == NULL || f->rel == NULL || f->system || !file_load(f))
			continue;
		for (j = 0; j + 1 < f->toks.n; j++) {
			if (!f->toks.t[j].pp || !tok_eq(f, j, "define") ||
			    tok_directive(&f->toks, f->data, j) != j)
				continue;
			s = tok_text(f, j + 1, &len);
			if (len > 2 && s[0] == 'V' && s[1] == '_') {
				char *name = xstrndup(s, len);

				(void)hmap_put(out, name, NULL);
				free(name);
			}
			if ((x = tok_vnet_alias_of(f, j)) != SIZE_MAX) {
				s = tok_text(f, x, &len);
				alias = xasprintf("V_%.*s", (int)len, s);
				(void)hmap_put(out, alias, NULL);
				free(alias);
			}
		}
	}
}

/*
 * A variable converted in the source whose V_x is defined nowhere (a
 * half-converted tree) gets the missing #define: after its VNET_DECLARE in
 * a header, which every user sees, else after its VNET_DEFINE.
 */
static void
define_converted(struct plan *p, struct var *v, struct hmap *vdefs)
{
	const struct decl *d, *best = NULL;
	struct call_site cs;
	struct srcfile *f;
	char *name, *line, *t;
	size_t i, j;

	name = xasprintf("V_%s", v->vname);
	for (i = 0; i < v->decls.n && !hmap_has(vdefs, name); i++) {
		d = &v->decls.v[i];
		if (!d->file->editable || d->is_local || d->macro == NULL)
			continue;
		if (best == NULL || (best->file->main && !d->file->main))
			best = d;
	}
	if (best == NULL || !enclosing_call(best->file, best->name_off, &cs)) {
		free(name);
		return;
	}
	/* The ';' that ends the statement, past attributes and initializer. */
	f = best->file;
	j = tok_find_outside(f, cs.rparen + 1, f->toks.n, ";", true);
	if (j != SIZE_MAX) {
		line = plan_define_line(p, f, v->vname);
		t = xasprintf("%s\n", line);
		append_after(p, f, tok_end(f, j), t);
		(void)hmap_put(vdefs, name, NULL);
		free(line);
		free(t);
	}
	free(name);
}

/*
 * A legacy alias "#define V_x x" (some code bases have them, FreeBSD's
 * own before VIMAGE) is the V_ line of x: its body becomes VNET(x), and
 * the files that see it get no second #define.
 */
static void
legacy_aliases(struct plan *p, struct hmap *defined)
{
	struct hmap byname = {0};
	struct srcfile *f, *g;
	struct var *v;
	const char *s;
	size_t i, j, k, b, e, len;
	char *key;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (v->selected && !v->converted && !v->is_local)
			*hmap_put(&byname, v->vname, NULL) = v;
	}
	for (i = 0; byname.n > 0 && i < p->m->files.cap; i++) {
		f = p->m->files.slots[i].key != NULL ? p->m->files.slots[i].val
						     : NULL;
		if (f == NULL || f->rel == NULL || !f->editable || !f->loaded)
			continue;
		for (j = 0; j + 2 < f->toks.n; j++) {
			if (!f->toks.t[j].pp || !tok_eq(f, j, "define") ||
			    tok_directive(&f->toks, f->data, j) != j)
				continue;
			s = tok_text(f, j + 1, &len);
			if (len <= 2 || s[0] != 'V' || s[1] != '_' ||
			    (v = hmap_get_n(&byname, s + 2, len - 2)) == NULL)
				continue;
			/* The body: x, or (x), and a comment at most. */
			for (e = j + 2; e < f->toks.n && !f->toks.t[e].bol; e++)
				;
			b = j + 2;
			while (e > b && f->toks.t[e - 1].kind == TOK_COMMENT)
				e--;
			/* Tokens [b, e) of the body: "x" or "( x )". */
			if (!((e - b == 1 && tok_eq(f, b, v->vname)) ||
				(e - b == 3 && tok_punct(f, b, "(") &&
				    tok_eq(f, b + 1, v->vname) &&
				    tok_punct(f, b + 2, ")"))))
				continue;
			key = xasprintf("VNET(%s)", v->vname);
			plan_edit(p, f, f->toks.t[b].off,
			    tok_end(f, e - 1) - f->toks.t[b].off, key, 0,
			    "legacy alias");
			free(key);
			for (k = 0; k < p->m->files.cap; k++) {
				g = p->m->files.slots[k].key != NULL
				    ? p->m->files.slots[k].val
				    : NULL;
				if (g == NULL ||
				    (g != f && !file_includes(g, f)))
					continue;
				key = xasprintf("%s\n%s", v->usr, g->path);
				(void)hmap_put(defined, key, NULL);
				free(key);
			}
		}
	}
	hmap_free(&byname, NULL);
}

static int
cmp_stmt(const void *pa, const void *pb)
{
	const struct stmt *a = *(struct stmt *const *)pa;
	const struct stmt *b = *(struct stmt *const *)pb;
	int c = strcmp(a->f->path, b->f->path);

	if (c != 0)
		return (c);
	return (a->start < b->start ? -1 : a->start > b->start);
}

static void
free_stmt(void *p)
{
	struct stmt *s = p;

	VEC_FREE(&s->m);
	free(s);
}

static int
cmp_after(const void *pa, const void *pb)
{
	const struct after_stmt *a = pa, *b = pb;

	if (a->f != b->f)
		return (a->f->id < b->f->id ? -1 : 1);
	return (a->start < b->start ? -1 : a->start > b->start);
}

/* Columns "#define\tV_x" takes, tabs expanded. */
static size_t
define_name_end(const char *vn)
{
	return (8 + 2 + strlen(vn));
}

/*
 * One #define line; past column 80 the body goes on a line of its own,
 * as plan_define_line() has it.  With tabs, the body starts at column
 * col, or at the next tab stop when the name reaches col.
 */
static void
define_one(struct strbuf *sb, bool tabs, const char *vn, size_t col)
{
	size_t at = define_name_end(vn), body;

	if (!tabs && at + 1 + 6 + strlen(vn) <= 80) {
		sb_addf(sb, "#define V_%s VNET(%s)\n", vn, vn);
		return;
	}
	body = col > at ? col : (at | 7) + 1;
	if (tabs && body + 6 + strlen(vn) <= 80) {
		sb_addf(sb, "#define\tV_%s", vn);
		for (; at < body; at = (at | 7) + 1)
			sb_addc(sb, '\t');
		sb_addf(sb, "VNET(%s)\n", vn);
		return;
	}
	sb_addf(sb, "#define%sV_%s \\\n    VNET(%s)\n", tabs ? "\t" : " ", vn,
	    vn);
}

/*
 * The #define lines of a block, in the file's style: with tabs, the
 * bodies line up at the tab stop after the longest name, as style(9)
 * lays out a run of defines (a name too long for one line goes on two,
 * and does not push the others).
 */
static void
define_block(struct plan *p, struct srcfile *f, const struct after_stmt *a,
    size_t n, struct strbuf *sb)
{
	bool tabs = plan_file(p, f)->define_tabs;
	size_t i, k, col = 0, at;
	const char *vn;

	for (i = 0; tabs && i < n; i++)
		for (k = 0; k < a[i].vnames.n; k++) {
			vn = a[i].vnames.v[k];
			at = (define_name_end(vn) | 7) + 1;
			if (at + 6 + strlen(vn) <= 80 && at > col)
				col = at;
		}
	for (i = 0; i < n; i++)
		for (k = 0; k < a[i].vnames.n; k++)
			define_one(sb, tabs, a[i].vnames.v[k], col);
}

/*
 * After each run of definitions, one block of #define lines: a run is
 * statements on consecutive lines, and ends with one that has a
 * per-instance initialiser (which follows its definition).
 */
static void
afters_emit(struct plan *p)
{
	struct after_stmt *a = p->afters.v;
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, n = p->afters.n;
	bool split;
	uint32_t at;

	xqsort(a, n, sizeof(*a), cmp_after);
	for (i = 0; i < n; i = j) {
		for (j = i + 1;
		    j < n && a[j].f == a[i].f && a[j - 1].initialiser == NULL;
		    j++) {
			at = after_point(a[j - 1].f, a[j - 1].end, &split);
			if (split || line_start(a[j].f->data, a[j].start) != at)
				break;
		}
		sb_reset(&sb);
		define_block(p, a[i].f, &a[i], j - i, &sb);
		if (a[j - 1].initialiser != NULL)
			sb_adds(&sb, a[j - 1].initialiser);
		append_after(p, a[j - 1].f, a[j - 1].end, sb_str(&sb));
	}
	sb_free(&sb);
}

void
pass_decls(struct plan *p)
{
	struct hmap stmts = {0}, defined = {0}, vdefs = {0};
	VEC(struct stmt *) order = {0};
	hoist_vec hoists = {0};
	struct stmt **slot, *s;
	struct decl *d;
	struct var *v;
	size_t i, j;
	bool wanted;
	char *key;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		for (j = 0; j < v->decls.n; j++) {
			d = &v->decls.v[j];
			if (!d->file->editable || d->name_in_macro ||
			    master_copy_plain_decl(v, d))
				continue;
			key = xasprintf("%s\n%u", d->file->path, d->start);
			slot = (struct stmt **)hmap_put(&stmts, key, NULL);
			free(key);
			if (*slot == NULL) {
				*slot = xcalloc(1, sizeof(**slot));
				(*slot)->f = d->file;
				(*slot)->start = d->start;
			}
			VEC_PUSH(&(*slot)->m, ((struct member){v, d}));
		}
		if (v->selected && v->converted) {
			if (vdefs.n == 0)
				collect_v_defines(p, &vdefs);
			define_converted(p, v, &vdefs);
			if (p->stats[v->idx].initialiser)
				initialiser_of_converted(p, v);
		}
	}
	for (i = 0; i < stmts.cap; i++) {
		if (stmts.slots[i].key == NULL)
			continue;
		s = stmts.slots[i].val;
		wanted = false;
		for (j = 0; j < s->m.n; j++)
			wanted |=
			    s->m.v[j].v->selected && !s->m.v[j].v->converted;
		if (wanted)
			VEC_PUSH(&order, s);
	}
	xqsort(order.v, order.n, sizeof(*order.v), cmp_stmt);
	legacy_aliases(p, &defined);
	for (i = 0; i < order.n; i++)
		rebuild_stmt(p, order.v[i], &hoists, &defined);
	afters_emit(p);
	hoists_emit(p, &hoists);
	macro_decls(p);
	VEC_FREE(&hoists);
	VEC_FREE(&order);
	hmap_free(&stmts, free_stmt);
	hmap_free(&defined, NULL);
	hmap_free(&vdefs, NULL);
}
