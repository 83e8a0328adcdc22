/*
 * unvirtualized.c: vnet-unvirtualized, off unless turned on.  A module
 * is virtualized when a file of it defines per-vnet variables; a mutable
 * global defined in such a file that some function writes, and that is
 * not per vnet, is state all vnets share.  Some are meant to be (a lock
 * over the list of vnets, a hardware table): the rules turn the rule on
 * where a tree wants to be told.
 */
#include "lint/lint.h"
#include "model/access.h"

void
lint_unvirtualized(struct lint_run *lr)
{
	const struct model *m = lr->p->m;
	struct hmap modules = {0};
	const struct decl *d;
	const struct use *u;
	const struct var *v;
	unsigned line, col;
	size_t i, k;

	if (lr->levels[LINT_UNVIRTUALIZED] == LEVEL_OFF)
		return;
	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (v->selected && (d = var_defining_decl(v)) != NULL &&
		    d->is_def)
			(void)hmap_put(&modules, d->file->path, NULL);
	}
	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (v->selected || v->is_const || v->is_tls ||
		    (d = var_defining_decl(v)) == NULL || !d->is_def ||
		    d->file->rel == NULL || !hmap_has(&modules, d->file->path))
			continue;
		for (k = 0; k < v->uses.n; k++) {
			u = &v->uses.v[k];
			if (u->in_function && u->file != NULL &&
			    file_load(u->file) &&
			    (text_access(u->file, u->off) & ACC_WRITE) != 0)
				break;
		}
		if (k == v->uses.n)
			continue;
		file_line_col(u->file, u->off, &line, &col);
		(void)lint_add(lr, LINT_UNVIRTUALIZED, d->file, d->name_off,
		    "%s is written (%s:%u) in a module that virtualizes its "
		    "state, but all vnets share it; make it per-vnet "
		    "(VNET_DEFINE) or turn this rule off for it",
		    v->name,
		    u->file->rel != NULL ? u->file->rel : u->file->path, line);
	}
	hmap_free(&modules, NULL);
}
