/*
 * contexts.c: see contexts.h.
 */
#include <stdint.h>
#include <string.h>

#include "model/tokens.h"
#include "passes/contexts.h"

static bool
selected(const struct var *v, void *arg)
{
	(void)arg;
	return (v->selected);
}

static bool
sets_vnet(const struct func_def *fd, void *arg)
{
	return (func_sets_vnet(arg, fd));
}

static const char *const set_names[] = {"CURVNET_SET", "CURVNET_SET_QUIET",
    "CURVNET_SET_VERBOSE", NULL};

unsigned
vnet_macro_at(const struct model *m, const struct srcfile *f, size_t j)
{
	void *v;

	if (f->toks.t[j].kind != TOK_IDENT)
		return (0);
	if (tok_in_set(f, j, set_names))
		return (VNET_MACRO_SET);
	if (tok_eq(f, j, "CURVNET_RESTORE"))
		return (VNET_MACRO_RESTORE);
	v = hmap_get_n(&m->vnet_macros, f->data + f->toks.t[j].off,
	    f->toks.t[j].len);
	return ((unsigned)(uintptr_t)v);
}

const char *
jump_macro_at(const struct model *m, const struct srcfile *f, size_t j)
{
	if (f->toks.t[j].kind != TOK_IDENT || m->jump_macros.n == 0)
		return (NULL);
	return (hmap_get_n(&m->jump_macros, f->data + f->toks.t[j].off,
	    f->toks.t[j].len));
}

/* A return or a goto at token j of the body of macro name. */
static void
note_jump(struct model *m, const char *name, const struct srcfile *f, size_t j)
{
	void **slot;

	if (hmap_has(&m->jump_macros, name))
		return;
	if (tok_eq(f, j, "return")) {
		slot = hmap_put(&m->jump_macros, name, NULL);
		*slot = xstrdup("return");
	} else if (tok_eq(f, j, "goto") && j + 1 < f->toks.n &&
	    f->toks.t[j + 1].pp && f->toks.t[j + 1].kind == TOK_IDENT) {
		slot = hmap_put(&m->jump_macros, name, NULL);
		*slot = xstrndup(f->data + f->toks.t[j + 1].off,
		    f->toks.t[j + 1].len);
	}
}

/*
 * The function-like macros whose bodies set or restore the vnet, by
 * name: what their bodies name, to a fixed point, so that a wrapper of a
 * wrapper counts.  FreeBSD's own CURVNET_ macros are known by name.
 */
static void
find_vnet_macros(struct model *m)
{
	const struct macro_def_fact *md;
	struct srcfile *f;
	unsigned what, before;
	size_t i, j;
	bool grew = true;
	int round;

	for (round = 0; grew && round < 8; round++) {
		grew = false;
		for (i = 0; i < m->macro_defs.cap; i++) {
			if (m->macro_defs.slots[i].key == NULL ||
			    str_in_set(set_names, m->macro_defs.slots[i].key) ||
			    strcmp(m->macro_defs.slots[i].key,
				"CURVNET_RESTORE") == 0)
				continue;
			md = m->macro_defs.slots[i].val;
			f = md->file;
			if (f == NULL || !file_load(f) ||
			    (j = tok_at_or_after(&f->toks, md->off)) >=
				f->toks.n)
				continue;
			what = 0;
			for (j++; j < f->toks.n && f->toks.t[j].pp &&
			    !(f->toks.t[j].bol && tok_punct(f, j, "#"));
			    j++) {
				what |= vnet_macro_at(m, f, j);
				if (round == 0)
					note_jump(m, m->macro_defs.slots[i].key,
					    f, j);
			}
			before = (unsigned)(uintptr_t)hmap_get(&m->vnet_macros,
			    m->macro_defs.slots[i].key);
			if ((what | before) != before) {
				*hmap_put(&m->vnet_macros,
				    m->macro_defs.slots[i].key, NULL) =
				    (void *)(uintptr_t)(what | before);
				grew = true;
			}
		}
	}
}

void
contexts_graph(struct plan *p, struct callgraph *cg)
{
	struct cg_questions q = {selected, sets_vnet, p->m};
	size_t i;

	if (p->m->vnet_macros.n == 0)
		find_vnet_macros(p->m);

	/* The bodies are read for CURVNET_SET, and the evidence for lines. */
	for (i = 0; i < p->m->funcs.n; i++)
		(void)file_load(p->m->funcs.v[i].file);
	callgraph_build(cg, p->m, &q);
}

/* Does some code token of fd's body satisfy match(f, j, arg)? */
static bool
body_any(const struct func_def *fd,
    bool (*match)(const struct srcfile *, size_t, const void *),
    const void *arg)
{
	const struct srcfile *f = fd->file;
	size_t j;

	if (fd->body == NO_OFFSET || !f->loaded)
		return (false);
	for (j = tok_at_or_after(&f->toks, fd->body);
	    j < f->toks.n && f->toks.t[j].off < fd->end; j++)
		if (!f->toks.t[j].pp && match(f, j, arg))
			return (true);
	return (false);
}

static bool
named(const struct srcfile *f, size_t j, const void *name)
{
	return (f->toks.t[j].kind == TOK_IDENT && tok_eq(f, j, name));
}

static bool
sets(const struct srcfile *f, size_t j, const void *m)
{
	return ((vnet_macro_at(m, f, j) & VNET_MACRO_SET) != 0);
}

bool
func_body_has(const struct func_def *fd, const char *name)
{
	return (body_any(fd, named, name));
}

bool
func_sets_vnet(const struct model *m, const struct func_def *fd)
{
	return (body_any(fd, sets, m));
}

/* Registration calls whose callback argument has a name people know. */
static const struct {
	const char *call;
	unsigned arg;
	const char *what;
} known_calls[] = {
    {"pthread_create", 2, "pthread_create start"},
    {"thrd_create", 1, "thrd_create start"},
    {"callout_reset", 2, "callout_reset callback"},
    {"callout_reset_sbt", 3, "callout_reset_sbt callback"},
    {"callout_reset_on", 2, "callout_reset_on callback"},
    {"callout_reset_curcpu", 2, "callout_reset_curcpu callback"},
    {"timeout", 0, "timeout callback"},
    {"signal", 1, "signal handler"},
    {"atexit", 0, "atexit callback"},
    {"at_quick_exit", 0, "at_quick_exit callback"},
    {"taskqueue_enqueue", 1, "task"},
    {"TASK_INIT", 2, "TASK_INIT task"},
    {"EVENTHANDLER_REGISTER", 1, "event handler"},
};

char *
fn_role_text(const struct fn_ref *r)
{
	size_t i;

	if ((r->role == ROLE_FIELD_INIT || r->role == ROLE_FIELD_SET) &&
	    r->field != NULL &&
	    (strcmp(r->field, "sa_handler") == 0 ||
		strcmp(r->field, "sa_sigaction") == 0))
		return (xasprintf("sigaction handler, in %s", r->field));
	switch (r->role) {
	case ROLE_FIELD_INIT:
		return (r->record != NULL
			? xasprintf("%s of struct %s", r->field, r->record)
			: xasprintf("field %s of an initializer", r->field));
	case ROLE_FIELD_SET:
		return (r->record != NULL
			? xasprintf("assigned to %s of struct %s", r->field,
			      r->record)
			: xasprintf("assigned to field %s", r->field));
	case ROLE_ARGUMENT:
		for (i = 0; i < sizeof(known_calls) / sizeof(known_calls[0]);
		    i++)
			if (strcmp(known_calls[i].call, r->callee) == 0 &&
			    known_calls[i].arg == r->arg)
				return (xstrdup(known_calls[i].what));
		return (xasprintf("argument %u of %s", r->arg + 1, r->callee));
	case ROLE_VALUE:
	default:
		return (xstrdup("used as a value"));
	}
}

void
contexts_roots(const struct plan *p, const struct callgraph *cg, root_vec *out)
{
	const struct cg_node *n;
	size_t i;

	(void)p;
	for (i = 0; i < cg->nodes.n; i++) {
		n = &cg->nodes.v[i];
		if (!n->reaches || n->sets_vnet ||
		    callgraph_find(cg, n->def->usr) != i)
			continue;
		if (n->refs.n > 0)
			VEC_PUSH(out, ((struct root){i, n->refs.v[0]}));
		else if (!n->def->is_static && n->callers.n == 0)
			VEC_PUSH(out, ((struct root){i, NULL}));
	}
}

void
entry_matches(const struct plan *p, const struct callgraph *cg,
    const struct rule_entry *e, index_vec *out)
{
	const struct cg_node *n;
	const char *file;
	size_t i, k;

	(void)p;
	for (i = 0; i < cg->nodes.n; i++) {
		n = &cg->nodes.v[i];
		if (callgraph_find(cg, n->def->usr) != i)
			continue;
		file = n->def->file->rel;
		if (e->function != NULL) {
			if (rules_entry_matches(e, n->def->name, file))
				VEC_PUSH(out, i);
			continue;
		}
		for (k = 0; k < n->refs.n; k++) {
			const struct fn_ref *r = n->refs.v[k];

			if ((r->role == ROLE_FIELD_INIT ||
				r->role == ROLE_FIELD_SET) &&
			    r->record != NULL &&
			    rules_entry_matches_role(e, r->record, r->field,
				file)) {
				VEC_PUSH(out, i);
				break;
			}
		}
	}
}

/* The names of the state: x and V_x for every selected variable. */
void
contexts_vnet_names(const struct plan *p, struct hmap *out)
{
	const struct var *v;
	size_t i;
	char *s;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (!v->selected)
			continue;
		(void)hmap_put(out, v->name, out);
		s = xasprintf("V_%s", v->vname);
		(void)hmap_put(out, s, out);
		free(s);
	}
	(void)hmap_put(out, "curvnet", out);
}
