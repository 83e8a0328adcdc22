/*
 * scope.c: see scope.h.  What a file sees is a set of files, kept as a
 * bit map over the files' ranks and made the first time it is asked for.
 */
#include <stdlib.h>
#include <string.h>

#include "passes/scope.h"

typedef VEC(struct var *) var_list;

struct scope {
	struct model *m;
	struct hmap byname; /* name -> var_list of selected variables */
	size_t nfiles;
	size_t words;	 /* per bit map */
	uint64_t **sees; /* by file rank: the files it sees, or NULL */
	VEC(struct srcfile *) mains;
};

static void
free_list(void *p)
{
	var_list *l = p;

	VEC_FREE(l);
	free(l);
}

struct scope *
scope_new(struct plan *p)
{
	struct scope *sc = xcalloc(1, sizeof(*sc));
	struct srcfile *f;
	struct var *v;
	var_list **slot;
	size_t i;

	sc->m = p->m;
	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (!v->selected || v->is_local)
			continue;
		slot = (var_list **)hmap_put(&sc->byname, v->vname, NULL);
		if (*slot == NULL)
			*slot = xcalloc(1, sizeof(**slot));
		VEC_PUSH(*slot, v);
	}
	sc->nfiles = p->m->files.n;
	sc->words = (sc->nfiles + 63) / 64;
	sc->sees = xcalloc(sc->nfiles + 1, sizeof(*sc->sees));
	for (i = 0; i < p->m->files.cap; i++) {
		f = p->m->files.slots[i].key != NULL ? p->m->files.slots[i].val
						     : NULL;
		if (f != NULL && f->main)
			VEC_PUSH(&sc->mains, f);
	}
	return (sc);
}

void
scope_free(struct scope *sc)
{
	size_t i;

	if (sc == NULL)
		return;
	hmap_free(&sc->byname, free_list);
	for (i = 0; i < sc->nfiles; i++)
		free(sc->sees[i]);
	free(sc->sees);
	VEC_FREE(&sc->mains);
	free(sc);
}

bool
scope_is_candidate(const struct scope *sc, const char *name, size_t len)
{
	return (hmap_get_n(&sc->byname, name, len) != NULL);
}

static void
set_bit(uint64_t *map, const struct srcfile *f)
{
	map[f->id / 64] |= (uint64_t)1 << (f->id % 64);
}

static bool
has_bit(const uint64_t *map, const struct srcfile *f)
{
	return ((map[f->id / 64] >> (f->id % 64)) & 1) != 0;
}

/* A unit's files: its main file and every root header it read. */
static void
add_unit(uint64_t *map, const struct srcfile *main)
{
	size_t k;

	set_bit(map, main);
	for (k = 0; k < main->incl.n; k++)
		set_bit(map, main->incl.v[k]);
}

static const uint64_t *
sees(struct scope *sc, const struct srcfile *f)
{
	const struct srcfile *mf;
	uint64_t *map;
	size_t i, k;

	if (f->id >= sc->nfiles)
		return (NULL);
	if (sc->sees[f->id] != NULL)
		return (sc->sees[f->id]);
	map = xcalloc(sc->words + 1, sizeof(*map));
	set_bit(map, f);
	for (i = 0; i < sc->mains.n; i++) {
		mf = sc->mains.v[i];
		if (mf == f) {
			add_unit(map, mf);
			continue;
		}
		for (k = 0; k < mf->incl.n; k++)
			if (mf->incl.v[k] == f)
				break;
		if (k < mf->incl.n)
			add_unit(map, mf);
	}
	sc->sees[f->id] = map;
	return (map);
}

size_t
scope_lookup(struct scope *sc, const struct srcfile *f, const char *name,
    size_t len, struct var **out)
{
	const uint64_t *map = sees(sc, f);
	const var_list *l;
	size_t i, k, n = 0;

	*out = NULL;
	if (map == NULL || (l = hmap_get_n(&sc->byname, name, len)) == NULL)
		return (0);
	for (i = 0; i < l->n; i++) {
		for (k = 0; k < l->v[i]->decls.n; k++)
			if (has_bit(map, l->v[i]->decls.v[k].file))
				break;
		if (k == l->v[i]->decls.n)
			continue;
		if (n++ == 0)
			*out = l->v[i];
	}
	return (n);
}
