/*
 * model.c: see model.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/skipped.h"
#include "support/diag.h"

void
model_init(struct model *m, const char *root)
{
	memset(m, 0, sizeof(*m));
	m->root = xstrdup(root);
	m->fn_facts = true;
	pthread_mutex_init(&m->lock, NULL);
}

static void
free_file(void *p)
{
	struct srcfile *f = p;

	free(f->path);
	free(f->data);
	toklist_free(&f->toks);
	VEC_FREE(&f->lines);
	VEC_FREE(&f->skipped);
	VEC_FREE(&f->incl);
	pthread_mutex_destroy(&f->load_lock);
	free(f);
}

static void
func_def_free(struct func_def *fd)
{
	free(fd->name);
	free(fd->usr);
	free(fd->result);
	free(fd->params);
}

static void
free_macro_def(void *p)
{
	struct macro_def_fact *d = p;

	free(d->name);
	free(d);
}

static void
free_var_fields(struct var *v)
{
	size_t i;

	for (i = 0; i < v->decls.n; i++) {
		free(v->decls.v[i].function);
		free(v->decls.v[i].macro);
	}
	for (i = 0; i < v->uses.n; i++)
		free(v->uses.v[i].owner_usr);
	VEC_FREE(&v->decls);
	VEC_FREE(&v->uses);
	free(v->usr);
	free(v->name);
	free(v->type);
	free(v->function);
	free(v->vname);
}

static void
free_var(void *p)
{
	free_var_fields(p);
	free(p);
}

void
model_free(struct model *m)
{
	size_t i;

	hmap_free(&m->file_names, NULL);
	free(m->walked.slots);
	hmap_free(&m->files, free_file);
	hmap_free(&m->vars, free_var);
	hmap_free(&m->names, NULL);
	for (i = 0; i < m->body_nonvars.n; i++)
		free(m->body_nonvars.v[i].what);
	VEC_FREE(&m->body_nonvars);
	for (i = 0; i < m->locals.n; i++)
		free(m->locals.v[i].name);
	VEC_FREE(&m->locals);
	for (i = 0; i < m->funcs.n; i++)
		func_def_free(&m->funcs.v[i]);
	VEC_FREE(&m->funcs);
	fn_facts_free(&m->fn);
	VEC_FREE(&m->macro_uses);
	hmap_free(&m->macro_defs, free_macro_def);
	hmap_free(&m->vnet_macros, NULL);
	hmap_free(&m->jump_macros, free);
	for (i = 0; i < m->tus.n; i++)
		free(m->tus.v[i].message);
	VEC_FREE(&m->tus);
	VEC_FREE(&m->varlist);
	pthread_mutex_destroy(&m->lock);
	free(m->vnet_header);
	free(m->root);
}

struct srcfile *
model_file(struct model *m, const char *path)
{
	struct srcfile *f, **slot;

	pthread_mutex_lock(&m->lock);
	slot = (struct srcfile **)hmap_put(&m->files, path, NULL);
	if (*slot == NULL) {
		f = xcalloc(1, sizeof(*f));
		pthread_mutex_init(&f->load_lock, NULL);
		f->path = xstrdup(path);
		f->rel = path_under(f->path, m->root);
		*slot = f;
	}
	f = *slot;
	pthread_mutex_unlock(&m->lock);
	return (f);
}

/*
 * The file clang calls name: its canonical path is worked out once per
 * run, not once for each unit that reads the file (realpath asks the
 * kernel for every component of it).
 */
struct srcfile *
model_file_named(struct model *m, const char *name)
{
	struct srcfile *f;
	char *canon;

	pthread_mutex_lock(&m->lock);
	f = hmap_get(&m->file_names, name);
	pthread_mutex_unlock(&m->lock);
	if (f != NULL)
		return (f);
	canon = path_canonical(name, NULL);
	f = model_file(m, canon);
	free(canon);
	pthread_mutex_lock(&m->lock);
	*hmap_put(&m->file_names, name, NULL) = f;
	pthread_mutex_unlock(&m->lock);
	return (f);
}

static size_t
walked_hash(const struct walked_key *k)
{
	uint64_t h =
	    ((uint64_t)k->file ^ (k->at * 0x9e3779b97f4a7c15u) ^
		((uint64_t)k->def_file + k->def_at) * 0x94d049bb133111ebu) *
	    0xbf58476d1ce4e5b9u;

	return ((size_t)(h ^ (h >> 31)));
}

static void
walked_grow(struct walked_set *ws)
{
	struct walked_key *old = ws->slots;
	size_t oldcap = ws->cap, i, j;

	ws->cap = oldcap ? 2 * oldcap : 1024;
	ws->slots = xcalloc(ws->cap, sizeof(*ws->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].file == 0)
			continue;
		j = walked_hash(&old[i]) & (ws->cap - 1);
		while (ws->slots[j].file != 0)
			j = (j + 1) & (ws->cap - 1);
		ws->slots[j] = old[i];
	}
	free(old);
}

/*
 * Is k new to the set (and now in it)?  A set of integers, not of
 * formatted keys: every unit asks of every declaration of a shared header
 * and every macro invocation and definition of a header it reads.
 */
static bool
walked_add(struct model *m, const struct walked_key *k)
{
	struct walked_set *ws = &m->walked;
	const struct walked_key *s;
	bool first = true;
	size_t j;

	pthread_mutex_lock(&m->lock);
	if (2 * (ws->n + 1) > ws->cap)
		walked_grow(ws);
	for (j = walked_hash(k) & (ws->cap - 1); ws->slots[j].file != 0;
	    j = (j + 1) & (ws->cap - 1)) {
		s = &ws->slots[j];
		if (s->file == k->file && s->at == k->at &&
		    s->def_file == k->def_file && s->def_at == k->def_at) {
			first = false;
			break;
		}
	}
	if (first) {
		ws->slots[j] = *k;
		ws->n++;
	}
	pthread_mutex_unlock(&m->lock);
	return (first);
}

bool
model_first_walk(struct model *m, unsigned config, const struct srcfile *f,
    uint32_t off)
{
	struct walked_key k = {(uintptr_t)f, 0, (uint64_t)config << 32 | off,
	    0};

	return (walked_add(m, &k));
}

bool
model_first_macro_def(struct model *m, const struct srcfile *f, uint32_t off)
{
	/* Bit 62 keeps these apart from the declarations and invocations. */
	struct walked_key k = {(uintptr_t)f, 0, (uint64_t)1 << 62 | off, 0};

	return (walked_add(m, &k));
}

bool
model_first_macro_use(struct model *m, const struct macro_use *mu)
{
	/* Bit 63 keeps these apart from the declarations. */
	struct walked_key k = {(uintptr_t)mu->file, (uintptr_t)mu->def_file,
	    (uint64_t)1 << 63 | mu->off, mu->def_off};

	return (walked_add(m, &k));
}

static bool
file_load_locked(struct srcfile *f)
{
	const char *nl;
	size_t i;
	int error;

	if (f->loaded)
		return (true);
	if (f->load_failed)
		return (false);
	error = read_file(f->path, &f->data, &f->len);
	if (error != 0) {
		diag_error(f->path, 0, 0, "cannot read: %s", strerror(error));
		f->load_failed = true;
		return (false);
	}
	f->hash = content_hash(f->data, f->len);
	lex(f->data, f->len, &f->toks);
	VEC_PUSH(&f->lines, 0);
	for (i = 0; i < f->len &&
	    (nl = memchr(f->data + i, '\n', f->len - i)) != NULL;) {
		i = (size_t)(nl - f->data) + 1;
		if (i < f->len)
			VEC_PUSH(&f->lines, (uint32_t)i);
	}
	__atomic_store_n(&f->loaded, true, __ATOMIC_RELEASE);
	return (true);
}

/*
 * Loading is idempotent and cheap to ask for again: once loaded, no lock
 * is taken.
 */
bool
file_load(struct srcfile *f)
{
	bool ok;

	if (__atomic_load_n(&f->loaded, __ATOMIC_ACQUIRE))
		return (true);
	pthread_mutex_lock(&f->load_lock);
	ok = file_load_locked(f);
	pthread_mutex_unlock(&f->load_lock);
	return (ok);
}

void
file_line_col(const struct srcfile *f, uint32_t off, unsigned *line,
    unsigned *col)
{
	size_t lo = 0, hi = f->lines.n, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (f->lines.v[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (unsigned)lo + 1;
	*col = f->lines.n > 0 ? off - f->lines.v[lo] + 1 : off + 1;
}

/*
 * The skipped ranges of one parse do not overlap, so the parses that
 * skipped off are counted by the ranges holding it, whatever their shape
 * in each configuration.
 */
bool
file_never_active(const struct srcfile *f, uint32_t off)
{
	uint32_t n = 0;
	size_t i;

	for (i = 0; i < f->skipped.n; i++)
		if (f->skipped.v[i].start <= off && off < f->skipped.v[i].end)
			n += f->skipped.v[i].count;
	return (f->nparses > 0 && n >= f->nparses);
}

void
tu_facts_free(struct tu_facts *t)
{
	size_t i;

	for (i = 0; i < t->nvars; i++)
		free_var_fields(&t->vars[i].v);
	free(t->vars);
	VEC_FREE(&t->uses);
	for (i = 0; i < t->usrs.n; i++)
		free(t->usrs.v[i]);
	VEC_FREE(&t->usrs);
	for (i = 0; i < t->body_nonvars.n; i++)
		free(t->body_nonvars.v[i].what);
	VEC_FREE(&t->body_nonvars);
	for (i = 0; i < t->locals.n; i++)
		free(t->locals.v[i].name);
	VEC_FREE(&t->locals);
	for (i = 0; i < t->funcs.n; i++)
		func_def_free(&t->funcs.v[i]);
	VEC_FREE(&t->funcs);
	fn_facts_free(&t->fn);
	VEC_FREE(&t->macro_uses);
	for (i = 0; i < t->macro_defs.n; i++)
		free(t->macro_defs.v[i].name);
	VEC_FREE(&t->macro_defs);
	for (i = 0; i < t->names.n; i++)
		free(t->names.v[i]);
	VEC_FREE(&t->names);
	VEC_FREE(&t->skipped);
	VEC_FREE(&t->reentered);
	VEC_FREE(&t->parsed);
	VEC_FREE(&t->read_order);
	free(t->message);
	memset(t, 0, sizeof(*t));
}

static struct var *
var_for(struct model *m, const struct var *proto)
{
	struct var **slot, *v;

	slot = (struct var **)hmap_put(&m->vars, proto->usr, NULL);
	if (*slot == NULL) {
		v = xcalloc(1, sizeof(*v));
		v->usr = xstrdup(proto->usr);
		v->name = xstrdup(proto->name);
		*slot = v;
	}
	return (*slot);
}

/* Merge one declaration fact: the same place seen again adds configurations. */
static void
merge_decl(struct var *v, const struct var *f)
{
	const struct decl *d = &f->decls.v[0];
	struct decl nd;
	size_t i;

	if (v->type == NULL && f->type != NULL) {
		v->type = xstrdup(f->type);
		v->size = f->size;
	}
	v->is_const |= f->is_const;
	v->is_tls |= f->is_tls;
	v->is_local |= f->is_local;
	v->external |= f->external;
	v->defined |= f->defined;
	if (v->function == NULL && f->function != NULL)
		v->function = xstrdup(f->function);
	for (i = 0; i < v->decls.n; i++) {
		if (v->decls.v[i].file == d->file &&
		    v->decls.v[i].name_off == d->name_off &&
		    v->decls.v[i].start == d->start) {
			v->decls.v[i].config_mask |= d->config_mask;
			v->decls.v[i].is_def |= d->is_def;
			return;
		}
	}
	nd = *d;
	nd.function = d->function != NULL ? xstrdup(d->function) : NULL;
	nd.macro = d->macro != NULL ? xstrdup(d->macro) : NULL;
	VEC_PUSH(&v->decls, nd);
}

static void
merge_skipped(struct srcfile *f, uint32_t start, uint32_t end)
{
	size_t i;

	for (i = 0; i < f->skipped.n; i++) {
		if (f->skipped.v[i].start == start &&
		    f->skipped.v[i].end == end) {
			f->skipped.v[i].count++;
			return;
		}
	}
	VEC_PUSH(&f->skipped, ((struct skip_range){start, end, 1}));
}

/*
 * Which files of the parse start where VNET_DEFINE is defined already:
 * those read after the file that defines it, and the main file when it
 * is read at all (its uses follow its includes).
 */
/* The header name an #include at off of f writes, or NULL. */
static char *
include_spelling(struct srcfile *f, uint32_t off)
{
	size_t i;

	if (f == NULL || !file_load(f))
		return (NULL);
	i = tok_containing(&f->toks, off);
	if (i == SIZE_MAX)
		i = tok_at_or_after(&f->toks, off);
	i = tok_directive(&f->toks, f->data, i);
	if (i == SIZE_MAX || i + 1 >= f->toks.n ||
	    !tok_is(f->data, &f->toks.t[i], "include") ||
	    f->toks.t[i + 1].kind != TOK_STRING)
		return (NULL);
	return (xstrndup(f->data + f->toks.t[i + 1].off, f->toks.t[i + 1].len));
}

static void
count_vnet_before(struct model *m, struct tu_facts *t)
{
	const struct srcfile *def = NULL;
	size_t i, at = SIZE_MAX;
	char *spelled;

	for (i = 0; i < t->macro_defs.n && def == NULL; i++)
		if (strcmp(t->macro_defs.v[i].name, "VNET_DEFINE") == 0)
			def = t->macro_defs.v[i].file;
	for (i = 0; def != NULL && i < t->read_order.n && at == SIZE_MAX; i++)
		if (t->read_order.v[i].file == def)
			at = i;
	/*
	 * The runtime's own header, out of the root (an -I path), records no
	 * macro definitions; what follows it sees its VNET_DEFINE all the
	 * same.
	 */
	if (at == SIZE_MAX && def == NULL && t->sees_header &&
	    t->header_at < t->read_order.n)
		at = t->header_at;
	if (at == SIZE_MAX)
		return;
	for (i = at + 1; i < t->read_order.n; i++)
		if (t->read_order.v[i].file->rel != NULL)
			t->read_order.v[i].file->nvnet_before++;
	if (t->main != def)
		t->main->nvnet_before++;
	/* How the code base includes it, the same everywhere or not at all. */
	if (m->vnet_header_mixed)
		return;
	spelled = include_spelling(t->read_order.v[at].from,
	    t->read_order.v[at].from_off);
	if (spelled == NULL ||
	    (m->vnet_header != NULL &&
		(m->vnet_header_file != def ||
		    strcmp(m->vnet_header, spelled) != 0))) {
		m->vnet_header_mixed = true;
		free(m->vnet_header);
		m->vnet_header = NULL;
		free(spelled);
		return;
	}
	free(m->vnet_header);
	m->vnet_header = spelled;
	m->vnet_header_file = (struct srcfile *)(uintptr_t)def;
}

/* Slots of model_merge()'s cache of USR string -> variable. */
#define USR_CACHE 256

void
model_merge(struct model *m, struct tu_facts *t)
{
	struct {
		const char *usr;
		struct var *v;
	} by_usr[USR_CACHE];
	struct tu_status st;
	struct use u;
	struct var *v;
	size_t i, k;

	pthread_mutex_lock(&m->lock);
	st.file = t->main;
	st.config = t->config;
	st.failed = t->failed;
	st.stopped = t->stopped;
	st.message = t->message != NULL ? xstrdup(t->message) : NULL;
	VEC_PUSH(&m->tus, st);
	if (t->failed) {
		pthread_mutex_unlock(&m->lock);
		return;
	}
	for (i = 0; i < t->parsed.n; i++)
		t->parsed.v[i]->c89 |= t->c89;
	for (i = 0; i < t->parsed.n; i++) {
		size_t k;

		t->parsed.v[i]->nparses++;
		for (k = 0; k < t->main->incl.n; k++)
			if (t->main->incl.v[k] == t->parsed.v[i])
				break;
		if (k == t->main->incl.n && t->parsed.v[i] != t->main)
			VEC_PUSH(&t->main->incl, t->parsed.v[i]);
	}
	t->main->main = true;
	count_vnet_before(m, t);
	/* Seen in every parse, or it may be missing from one. */
	t->main->sees_header =
	    t->sees_header && (t->main->nparses <= 1 || t->main->sees_header);
	for (i = 0; i < t->reentered.n; i++)
		if (t->reentered.v[i]->nparses > 0)
			t->reentered.v[i]->nparses--;
	for (i = 0; i < t->skipped.n; i++)
		merge_skipped(t->skipped.v[i].file, t->skipped.v[i].start,
		    t->skipped.v[i].end);
	for (i = 0; i < t->nvars; i++)
		merge_decl(var_for(m, &t->vars[i].v), &t->vars[i].v);
	memset(by_usr, 0, sizeof(by_usr));
	for (i = 0; i < t->uses.n; i++) {
		/* A unit's uses share their USR strings (tu_facts.usrs). */
		k = (size_t)((uintptr_t)t->uses.v[i].usr >> 4) % USR_CACHE;
		if (by_usr[k].usr != t->uses.v[i].usr) {
			by_usr[k].usr = t->uses.v[i].usr;
			by_usr[k].v = hmap_get(&m->vars, t->uses.v[i].usr);
		}
		v = by_usr[k].v;
		if (v == NULL)
			continue; /* declared only outside the root */
		u = t->uses.v[i].u;
		u.owner_usr = u.owner_usr != NULL ? xstrdup(u.owner_usr) : NULL;
		VEC_PUSH(&v->uses, u);
	}
	for (i = 0; i < t->body_nonvars.n; i++) {
		struct body_nonvar b = t->body_nonvars.v[i];

		b.what = xstrdup(b.what);
		VEC_PUSH(&m->body_nonvars, b);
	}
	for (i = 0; i < t->locals.n; i++) {
		struct local_decl l = t->locals.v[i];

		l.name = xstrdup(l.name);
		VEC_PUSH(&m->locals, l);
	}
	for (i = 0; i < t->funcs.n; i++)
		VEC_PUSH(&m->funcs, t->funcs.v[i]);
	t->funcs.n = 0;
	fn_facts_move(&m->fn, &t->fn);
	for (i = 0; i < t->macro_uses.n; i++)
		VEC_PUSH(&m->macro_uses, t->macro_uses.v[i]);
	for (i = 0; i < t->macro_defs.n; i++) {
		struct macro_def_fact **slot =
		    (struct macro_def_fact **)hmap_put(&m->macro_defs,
			t->macro_defs.v[i].name, NULL);

		if (*slot == NULL) {
			*slot = xcalloc(1, sizeof(**slot));
			**slot = t->macro_defs.v[i];
			(*slot)->name = xstrdup(t->macro_defs.v[i].name);
		}
	}
	for (i = 0; i < t->names.n; i++)
		(void)hmap_put(&m->names, t->names.v[i], NULL);
	pthread_mutex_unlock(&m->lock);
}

static int
cmp_decl(const void *pa, const void *pb)
{
	const struct decl *a = pa, *b = pb;

	if (a->file != b->file)
		return (a->file->id < b->file->id ? -1 : 1);
	if (a->start != b->start)
		return (a->start < b->start ? -1 : 1);
	return (a->name_off < b->name_off ? -1 : a->name_off > b->name_off);
}

/* Path order, through the ranks model_finish() gave the files. */
static int
cmp_path(const struct srcfile *a, const struct srcfile *b)
{
	if (a == b)
		return (0);
	if (a == NULL || b == NULL)
		return (a == NULL ? -1 : 1);
	return (a->id < b->id ? -1 : 1);
}

static int
cmp_file_ptr(const void *pa, const void *pb)
{
	return (strcmp((*(struct srcfile *const *)pa)->path,
	    (*(struct srcfile *const *)pb)->path));
}

static void
rank_files(struct model *m)
{
	struct srcfile **all = xcalloc(m->files.n + 1, sizeof(*all));
	size_t i, n = 0;

	for (i = 0; i < m->files.cap; i++)
		if (m->files.slots[i].key != NULL)
			all[n++] = m->files.slots[i].val;
	xqsort(all, n, sizeof(*all), cmp_file_ptr);
	for (i = 0; i < n; i++)
		all[i]->id = (uint32_t)i;
	free(all);
}

static int
cmp_use(const void *pa, const void *pb)
{
	const struct use *a = pa, *b = pb;
	int c;

	if ((c = cmp_path(a->file, b->file)) != 0)
		return (c);
	if (a->off != b->off)
		return (a->off < b->off ? -1 : 1);
	if ((c = cmp_path(a->exp_file, b->exp_file)) != 0)
		return (c);
	if (a->exp_off != b->exp_off)
		return (a->exp_off < b->exp_off ? -1 : 1);
	if (a->kind != b->kind)
		return (a->kind - b->kind);
	/* What same_use() compares too, so that equal uses are neighbours. */
	if (a->unevaluated != b->unevaluated)
		return (a->unevaluated - b->unevaluated);
	if (a->owner_usr == NULL || b->owner_usr == NULL)
		return ((a->owner_usr != NULL) - (b->owner_usr != NULL));
	return (strcmp(a->owner_usr, b->owner_usr));
}

static bool
same_use(const struct use *a, const struct use *b)
{
	return (cmp_use(a, b) == 0 && a->unevaluated == b->unevaluated &&
	    (a->owner_usr == NULL) == (b->owner_usr == NULL) &&
	    (a->owner_usr == NULL || strcmp(a->owner_usr, b->owner_usr) == 0));
}

static int
cmp_var(const void *pa, const void *pb)
{
	const struct var *a = *(struct var *const *)pa;
	const struct var *b = *(struct var *const *)pb;
	const struct decl *da = var_defining_decl(a),
			  *db = var_defining_decl(b);
	int c;

	if (da != NULL && db != NULL && (c = cmp_decl(da, db)) != 0)
		return (c);
	return (strcmp(a->usr, b->usr));
}

static int
cmp_body_nonvar(const void *pa, const void *pb)
{
	const struct body_nonvar *a = pa, *b = pb;
	int c = cmp_path(a->file, b->file);

	if (c != 0)
		return (c);
	if (a->off != b->off)
		return (a->off < b->off ? -1 : 1);
	return (strcmp(a->what, b->what));
}

static int
cmp_local(const void *pa, const void *pb)
{
	const struct local_decl *a = pa, *b = pb;
	int c = cmp_path(a->file, b->file);

	if (c != 0)
		return (c);
	if (a->off != b->off)
		return (a->off < b->off ? -1 : 1);
	if (a->scope_end != b->scope_end)
		return (a->scope_end < b->scope_end ? -1 : 1);
	return (strcmp(a->name, b->name));
}

static int
cmp_func(const void *pa, const void *pb)
{
	const struct func_def *a = pa, *b = pb;
	int c = cmp_path(a->file, b->file);

	if (c != 0)
		return (c);
	if (a->start != b->start)
		return (a->start < b->start ? -1 : 1);
	if (a->end != b->end)
		return (a->end < b->end ? -1 : 1);
	return (strcmp(a->name, b->name));
}

static int
cmp_macro_use(const void *pa, const void *pb)
{
	const struct macro_use *a = pa, *b = pb;
	int c = cmp_path(a->file, b->file);

	if (c != 0)
		return (c);
	if (a->off != b->off)
		return (a->off < b->off ? -1 : 1);
	if ((c = cmp_path(a->def_file, b->def_file)) != 0)
		return (c);
	return (a->def_off < b->def_off ? -1 : a->def_off > b->def_off);
}

/* The same local or function seen from several units is one. */
static void
finish_scopes(struct model *m)
{
	size_t j, k;

	xqsort(m->locals.v, m->locals.n, sizeof(*m->locals.v), cmp_local);
	for (j = k = 0; j < m->locals.n; j++) {
		if (k > 0 &&
		    cmp_local(&m->locals.v[k - 1], &m->locals.v[j]) == 0) {
			free(m->locals.v[j].name);
			continue;
		}
		m->locals.v[k++] = m->locals.v[j];
	}
	m->locals.n = k;
	xqsort(m->funcs.v, m->funcs.n, sizeof(*m->funcs.v), cmp_func);
	for (j = k = 0; j < m->funcs.n; j++) {
		if (k > 0 &&
		    cmp_func(&m->funcs.v[k - 1], &m->funcs.v[j]) == 0) {
			func_def_free(&m->funcs.v[j]);
			continue;
		}
		m->funcs.v[k++] = m->funcs.v[j];
	}
	m->funcs.n = k;
	fn_facts_finish(&m->fn);
	xqsort(m->macro_uses.v, m->macro_uses.n, sizeof(*m->macro_uses.v),
	    cmp_macro_use);
	for (j = k = 0; j < m->macro_uses.n; j++)
		if (k == 0 ||
		    cmp_macro_use(&m->macro_uses.v[k - 1],
			&m->macro_uses.v[j]) != 0)
			m->macro_uses.v[k++] = m->macro_uses.v[j];
	m->macro_uses.n = k;
}

void
model_finish(struct model *m)
{
	struct var *v;
	size_t i, j, k;

	rank_files(m);
	m->varlist.n = 0;
	for (i = 0; i < m->vars.cap; i++) {
		v = m->vars.slots[i].key != NULL ? m->vars.slots[i].val : NULL;
		if (v == NULL)
			continue;
		xqsort(v->decls.v, v->decls.n, sizeof(*v->decls.v), cmp_decl);
		xqsort(v->uses.v, v->uses.n, sizeof(*v->uses.v), cmp_use);
		/* The same use seen from several translation units. */
		for (j = k = 0; j < v->uses.n; j++) {
			if (k > 0 &&
			    same_use(&v->uses.v[k - 1], &v->uses.v[j])) {
				v->uses.v[k - 1].config_mask |=
				    v->uses.v[j].config_mask;
				free(v->uses.v[j].owner_usr);
				continue;
			}
			v->uses.v[k++] = v->uses.v[j];
		}
		v->uses.n = k;
		VEC_PUSH(&m->varlist, v);
	}
	xqsort(m->body_nonvars.v, m->body_nonvars.n, sizeof(*m->body_nonvars.v),
	    cmp_body_nonvar);
	for (j = k = 0; j < m->body_nonvars.n; j++) {
		if (k > 0 &&
		    cmp_body_nonvar(&m->body_nonvars.v[k - 1],
			&m->body_nonvars.v[j]) == 0) {
			free(m->body_nonvars.v[j].what);
			continue;
		}
		m->body_nonvars.v[k++] = m->body_nonvars.v[j];
	}
	m->body_nonvars.n = k;
	finish_scopes(m);
	/* The declarations of skipped branches join those the AST saw. */
	model_add_skipped_decls(m);
	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		xqsort(v->decls.v, v->decls.n, sizeof(*v->decls.v), cmp_decl);
		for (j = 0; j < v->uses.n; j++)
			if (v->uses.v[j].owner_usr != NULL)
				v->uses.v[j].owner =
				    hmap_get(&m->vars, v->uses.v[j].owner_usr);
	}
	xqsort(m->varlist.v, m->varlist.n, sizeof(*m->varlist.v), cmp_var);
	for (i = 0; i < m->varlist.n; i++)
		m->varlist.v[i]->idx = i;
}

const struct macro_use *
model_macro_at(const struct model *m, const struct srcfile *f, uint32_t off)
{
	size_t lo = 0, hi = m->macro_uses.n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = cmp_path(m->macro_uses.v[mid].file, f);
		if (c == 0)
			c = m->macro_uses.v[mid].off < off   ? -1
			    : m->macro_uses.v[mid].off > off ? 1
							     : 0;
		if (c == 0)
			return (&m->macro_uses.v[mid]);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (NULL);
}

const struct macro_use *
model_macros_at(const struct model *m, const struct srcfile *f, uint32_t off,
    size_t *n)
{
	const struct macro_use *mu = model_macro_at(m, f, off), *e;
	const struct macro_use *first = m->macro_uses.v,
			       *last = first + m->macro_uses.n;

	*n = 0;
	if (mu == NULL)
		return (NULL);
	while (mu > first && mu[-1].file == mu->file && mu[-1].off == off)
		mu--;
	for (e = mu; e < last && e->file == mu->file && e->off == off; e++)
		;
	*n = (size_t)(e - mu);
	return (mu);
}

const struct func_def *
model_func_at(const struct model *m, const struct srcfile *f, uint32_t off)
{
	const struct func_def *best = NULL;
	size_t lo = 0, hi = m->funcs.n, mid, i;

	/* The first function of the file, by bisection; then its neighbours. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_path(m->funcs.v[mid].file, f) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < m->funcs.n && m->funcs.v[i].file == f &&
	    m->funcs.v[i].start <= off;
	    i++)
		if (off < m->funcs.v[i].end)
			best = &m->funcs.v[i];
	return (best);
}

bool
model_local_visible(const struct model *m, const struct srcfile *f,
    uint32_t off, const char *name)
{
	const struct local_decl *l;
	size_t lo = 0, hi = m->locals.n, mid, i;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_path(m->locals.v[mid].file, f) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < m->locals.n && m->locals.v[i].file == f &&
	    m->locals.v[i].off < off;
	    i++) {
		l = &m->locals.v[i];
		if (off < l->scope_end && strcmp(l->name, name) == 0)
			return (true);
	}
	return (false);
}

struct var *
model_var(const struct model *m, const char *usr)
{
	return (hmap_get(&m->vars, usr));
}

const struct decl *
var_defining_decl(const struct var *v)
{
	size_t i;

	for (i = 0; i < v->decls.n; i++)
		if (v->decls.v[i].is_def)
			return (&v->decls.v[i]);
	return (v->decls.n > 0 ? &v->decls.v[0] : NULL);
}
