/*
 * plan.c: the plan's bookkeeping (pending edits, review items, names
 * this run makes), text rendered with the pending edits applied, and the
 * order of the passes (plan_run()).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/conditionals.h"
#include "model/tokens.h"
#include "passes/contexts.h"
#include "passes/plan.h"
#include "support/diag.h"
#include "support/keysort.h"

void
plan_init(struct plan *p, struct model *m, const struct rules *rules)
{
	const char *inc = rules_include(rules);

	memset(p, 0, sizeof(*p));
	p->m = m;
	p->rules = rules;
	p->edits = edits_new();
	p->stats = xcalloc(m->varlist.n + 1, sizeof(*p->stats));
	p->verified_units = p->verified_plain = -1;
	/*
	 * Not told which header, a code base that has the VNET macros from a
	 * header of its own (FreeBSD's <net/vnet.h>) gets that one.
	 */
	p->include_hdr = !rules_include_given(rules) && m->vnet_header != NULL
	    ? m->vnet_header
	    : inc;
}

static void
free_file_plan(void *v)
{
	struct file_plan *fp = v;
	size_t i;

	VEC_FREE(&fp->pending); /* the texts are the plan's (plan.texts) */
	for (i = 0; i < PLAN_MAX_RUNS; i++)
		free(fp->runs[i]);
	free(fp);
}

void
plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->reviews.n; i++) {
		free(p->reviews.v[i].var);
		free(p->reviews.v[i].reason);
	}
	VEC_FREE(&p->reviews);
	hmap_free(&p->files, free_file_plan);
	arena_free(&p->texts);
	hmap_free(&p->names, NULL);
	hmap_free(&p->typedefs, free);
	hmap_free(&p->unowned, NULL); /* emptied by pass_uses() */
	hmap_free(&p->owners, NULL);
	hmap_free(&p->expanded_defs, macro_def_places_free);
	VEC_FREE(&p->body_owned);
	hmap_free(&p->stmt_first, NULL);
	VEC_FREE(&p->reflows);
	for (i = 0; i < p->afters.n; i++) {
		size_t k;

		for (k = 0; k < p->afters.v[i].vnames.n; k++)
			free(p->afters.v[i].vnames.v[k]);
		VEC_FREE(&p->afters.v[i].vnames);
		free(p->afters.v[i].initialiser);
	}
	VEC_FREE(&p->afters);
	for (i = 0; i < p->body_edits.n; i++)
		free(p->body_edits.v[i].macro);
	VEC_FREE(&p->body_edits);
	free(p->origin.command);
	free(p->origin.when);
	for (i = 0; i < p->sites.n; i++)
		free(p->sites.v[i].function);
	VEC_FREE(&p->sites);
	VEC_FREE(&p->prewrapped);
	edits_free(p->edits);
	for (i = 0; i < p->m->varlist.n; i++) {
		free(p->stats[i].v_text);
		free(p->stats[i].master_text);
	}
	free(p->stats);
}

const char *
review_kind_name(enum review_kind k)
{
	static const char *const names[REVIEW_NKINDS] = {"thread-local",
	    "declared-by-macro", "not-editable", "local-type",
	    "declaration-shape", "static-initializer", "initialiser",
	    "macro-body", "macro-argument", "paste", "text-not-name",
	    "inactive-code", "ambiguous-name", "conflict", "const",
	    "master-copy", "entry-point", "no-state", "timer", "module-init",
	    "stringized-argument", "compile-error"};

	return (k < REVIEW_NKINDS ? names[k] : "other");
}

void
plan_review(struct plan *p, enum review_kind kind, struct srcfile *f,
    uint32_t off, const struct var *v, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct review r;
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	/* The same finding from several uses of one place is one item. */
	for (i = 0; i < p->reviews.n; i++) {
		if (p->reviews.v[i].file == f && p->reviews.v[i].off == off &&
		    strcmp(p->reviews.v[i].reason, sb_str(&sb)) == 0) {
			sb_free(&sb);
			return;
		}
	}
	r.file = f;
	r.off = off;
	r.var = v != NULL ? xstrdup(v->vname ? v->vname : v->name) : NULL;
	r.reason = sb_detach(&sb);
	r.kind = kind;
	r.note = kind == REVIEW_CONST || kind == REVIEW_MASTER_COPY ||
	    kind == REVIEW_NO_STATE || kind == REVIEW_STRINGIZED;
	r.state = REVIEW_OPEN;
	VEC_PUSH(&p->reviews, r);
}

struct file_plan *
plan_file(struct plan *p, struct srcfile *f)
{
	struct file_plan **slot;
	size_t i, tabs = 0, spaces = 0;

	/* A pass plans a file's edits together: no lookup for the next. */
	if (p->last_fp != NULL && p->last_fp->f == f)
		return (p->last_fp);
	slot = (struct file_plan **)hmap_put(&p->files, f->path, NULL);
	if (*slot == NULL) {
		*slot = xcalloc(1, sizeof(**slot));
		(*slot)->f = f;
		(void)file_load(f);
		/* "#define<tab>" (FreeBSD) or "#define<space>"? */
		for (i = 0; f->loaded && i + 1 < f->toks.n; i++) {
			if (!f->toks.t[i].pp || !tok_eq(f, i, "define"))
				continue;
			if (f->data[tok_end(f, i)] == '\t')
				tabs++;
			else
				spaces++;
		}
		(*slot)->define_tabs = tabs > spaces;
		(*slot)->vimage_conds = f->loaded && cond_names(f, "VIMAGE");
	}
	p->last_fp = *slot;
	return (*slot);
}

void
plan_edit(struct plan *p, struct srcfile *f, uint32_t off, uint32_t len,
    const char *text, int order, const char *why)
{
	struct file_plan *fp = plan_file(p, f);
	struct pending_edit pe = {off, len, arena_strdup(&p->texts, text),
	    order, why};

	/* Duplicates are harmless: the edit set drops them. */
	VEC_PUSH(&fp->pending, pe);
}

void
plan_withdraw(struct plan *p, struct srcfile *f, uint32_t off, uint32_t len)
{
	struct file_plan *fp = plan_file(p, f);
	size_t i;

	for (i = 0; i < fp->pending.n; i++)
		if (fp->pending.v[i].off == off && fp->pending.v[i].len == len)
			fp->pending.v[i].text = NULL;
}

uint32_t
plan_stmt_first_name(struct plan *p, const struct srcfile *f, uint32_t start)
{
	const struct decl *d;
	char key[64];
	struct var *v;
	uintptr_t *slot, val;
	size_t i, j;

	if (p->stmt_first.n == 0) {
		for (i = 0; i < p->m->varlist.n; i++) {
			v = p->m->varlist.v[i];
			for (j = 0; j < v->decls.n; j++) {
				d = &v->decls.v[j];
				key_nums(key, (uintptr_t)d->file, d->start, 0);
				slot = (uintptr_t *)hmap_put(&p->stmt_first,
				    key, NULL);
				if (*slot == 0 || d->name_off + 1u < *slot)
					*slot = d->name_off + 1u;
			}
		}
	}
	key_nums(key, (uintptr_t)f, start, 0);
	val = (uintptr_t)hmap_get(&p->stmt_first, key);
	return (val != 0 ? (uint32_t)(val - 1) : start);
}

const char *
plan_v_name(struct plan *p, const struct var *v)
{
	struct var_stats *st = &p->stats[v->idx];

	if (st->v_text == NULL)
		st->v_text = xasprintf("V_%s", v->vname);
	return (st->v_text);
}

const char *
plan_master_name(struct plan *p, const struct var *v)
{
	struct var_stats *st = &p->stats[v->idx];

	if (st->master_text == NULL)
		st->master_text = xasprintf("VNET_NAME(%s)", v->vname);
	return (st->master_text);
}

char *
plan_fresh_name(struct plan *p, const char *base)
{
	char *name = xstrdup(base);
	unsigned n = 2;

	while (hmap_has(&p->m->names, name) || hmap_has(&p->names, name)) {
		free(name);
		name = xasprintf("%s_%u", base, n++);
	}
	(void)hmap_put(&p->names, name, NULL);
	return (name);
}

/*
 * Past column 80 the body goes on a line of its own, as FreeBSD's
 * tcp_syncache.c has it:
 *
 *	#define V_functions_inherit_listen_socket_stack \
 *	    VNET(functions_inherit_listen_socket_stack)
 */
char *
plan_define_line(struct plan *p, struct srcfile *f, const char *vname)
{
	const char *sep = plan_file(p, f)->define_tabs ? "\t" : " ";
	char *line =
	    xasprintf("#define%sV_%s%sVNET(%s)", sep, vname, sep, vname);

	if (text_width(line, strlen(line), 0) <= 80)
		return (line);
	free(line);
	return (xasprintf("#define%sV_%s \\\n    VNET(%s)", sep, vname, vname));
}

static int
cmp_pending(const void *a, const void *b)
{
	const struct pending_edit *x = a, *y = b;

	if (x->off != y->off)
		return (x->off < y->off ? -1 : 1);
	if (x->len != y->len)
		return (x->len < y->len ? -1 : 1);
	return (x->order - y->order);
}

static uint64_t
key_pending(const void *a)
{
	const struct pending_edit *x = a;

	return ((uint64_t)x->off << 32 | x->len);
}

static uint64_t
key_pending_ptr(const void *a)
{
	return (key_pending(*(struct pending_edit *const *)a));
}

static int
cmp_pending_ptr(const void *a, const void *b)
{
	return (cmp_pending(*(struct pending_edit *const *)a,
	    *(struct pending_edit *const *)b));
}

void
plan_sort_pending(struct plan *p)
{
	struct file_plan *fp;
	size_t i, k;

	for (i = 0; i < p->files.cap; i++) {
		if (p->files.slots[i].key == NULL)
			continue;
		fp = p->files.slots[i].val;
		keysort(fp->pending.v, fp->pending.n, sizeof(*fp->pending.v),
		    key_pending, cmp_pending);
		fp->nsorted = fp->nindexed = fp->pending.n;
		for (k = 0; k < PLAN_MAX_RUNS; k++) {
			free(fp->runs[k]);
			fp->runs[k] = NULL;
		}
	}
}

/* The edits added since the last sort or render join the runs. */
static void
index_tail(struct file_plan *fp)
{
	const struct pending_edit *v = fp->pending.v;
	size_t *carry, *merged, n, i, j, o, k;
	bool take_run;

	if (fp->nindexed < fp->nsorted)
		fp->nindexed = fp->nsorted;
	for (; fp->nindexed < fp->pending.n; fp->nindexed++) {
		carry = xmalloc(sizeof(*carry));
		carry[0] = fp->nindexed;
		for (k = 0, n = 1; k < PLAN_MAX_RUNS && fp->runs[k] != NULL;
		    k++, n *= 2) {
			merged = xmalloc(2 * n * sizeof(*merged));
			for (i = j = o = 0; i < n || j < n;) {
				take_run = j == n ||
				    (i < n &&
					v[fp->runs[k][i]].off <=
					    v[carry[j]].off);
				merged[o++] =
				    take_run ? fp->runs[k][i++] : carry[j++];
			}
			free(fp->runs[k]);
			free(carry);
			fp->runs[k] = NULL;
			carry = merged;
		}
		if (k == PLAN_MAX_RUNS)
			fatal("more pending edits in one file than vnetify "
			      "can index");
		fp->runs[k] = carry;
	}
}

static bool
inside(const struct pending_edit *pe, uint32_t a, uint32_t b)
{
	return (pe->text != NULL && pe->off >= a && pe->off + pe->len <= b &&
	    !(pe->len == 0 && (pe->off == a || pe->off == b)));
}

/* Edits in a range that plan_render() marks without allocating. */
#define RENDER_FLAGS 32

char *
plan_render(struct plan *p, struct srcfile *f, uint32_t a, uint32_t b,
    bool consume, bool v_names)
{
	struct file_plan *fp = plan_file(p, f);
	struct strbuf sb = STRBUF_INIT;
	bool few[2 * RENDER_FLAGS], *flags, *dup, *gone;
	VEC(struct pending_edit *) in = {0};
	size_t lo = 0, hi = fp->nsorted, mid, i, k, n;
	struct pending_edit *pe, *x, *y;
	uint32_t at = a;

	/* The sorted part by bisection, those added since by their runs. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (fp->pending.v[mid].off < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < fp->nsorted && fp->pending.v[i].off <= b; i++)
		if (inside(&fp->pending.v[i], a, b))
			VEC_PUSH(&in, &fp->pending.v[i]);
	index_tail(fp);
	for (k = 0, n = 1; k < PLAN_MAX_RUNS; k++, n *= 2) {
		/* A run wholly before or after the range holds none of it. */
		if (fp->runs[k] == NULL ||
		    fp->pending.v[fp->runs[k][n - 1]].off < a ||
		    fp->pending.v[fp->runs[k][0]].off > b)
			continue;
		for (lo = 0, hi = n; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (fp->pending.v[fp->runs[k][mid]].off < a)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < n && fp->pending.v[fp->runs[k][i]].off <= b;
		    i++)
			if (inside(&fp->pending.v[fp->runs[k][i]], a, b))
				VEC_PUSH(&in, &fp->pending.v[fp->runs[k][i]]);
	}
	keysort(in.v, in.n, sizeof(*in.v), key_pending_ptr, cmp_pending_ptr);
	/*
	 * What the edit set would do with them: an edit planned twice (same
	 * place, same text) goes in once, and of two that overlap and
	 * differ neither goes in and a human is told, since a rendered range
	 * replaces them all and the edit set never sees them.
	 */
	/* One allocation for both, none for the few a declaration holds. */
	flags = in.n <= RENDER_FLAGS ? few : xcalloc(2 * in.n, sizeof(*flags));
	memset(flags, 0, 2 * in.n * sizeof(*flags));
	dup = flags;
	gone = flags + in.n;
	for (i = 0; i < in.n; i++)
		for (k = i + 1; k < in.n && in.v[k]->off == in.v[i]->off &&
		    in.v[k]->len == in.v[i]->len;
		    k++)
			if (strcmp(in.v[k]->text, in.v[i]->text) == 0)
				dup[k] = true;
	for (i = 0; i < in.n; i++) {
		if (dup[i] || in.v[i]->len == 0)
			continue;
		for (k = i + 1;
		    k < in.n && in.v[k]->off < in.v[i]->off + in.v[i]->len;
		    k++) {
			if (dup[k])
				continue;
			x = in.v[i];
			y = in.v[k];
			/* The edit set's order: at one place, by text. */
			if (cmp_pending(x, y) == 0 &&
			    strcmp(x->text, y->text) > 0) {
				x = in.v[k];
				y = in.v[i];
			}
			plan_review(p, REVIEW_CONFLICT, f, x->off, NULL,
			    "conflicting edits here (%s: \"%s\"; %s: \"%s\"); "
			    "neither was made",
			    x->why != NULL ? x->why : "edit", x->text,
			    y->why != NULL ? y->why : "edit", y->text);
			gone[i] = gone[k] = true;
		}
	}
	for (i = 0; i < in.n; i++) {
		pe = in.v[i];
		if (dup[i] || gone[i])
			continue;
		sb_add(&sb, f->data + at, pe->off - at);
		if (v_names && strncmp(pe->text, "VNET_NAME(", 10) == 0) {
			k = strlen(pe->text);
			sb_addf(&sb, "V_%.*s", (int)(k - 11), pe->text + 10);
		} else
			sb_adds(&sb, pe->text);
		at = pe->off + pe->len;
	}
	sb_add(&sb, f->data + at, b - at);
	for (i = 0; consume && i < in.n; i++)
		in.v[i]->text = NULL;
	if (flags != few)
		free(flags);
	VEC_FREE(&in);
	return (sb_detach(&sb));
}

static int
cmp_file_plan(const void *a, const void *b)
{
	const struct file_plan *x = *(struct file_plan *const *)a;
	const struct file_plan *y = *(struct file_plan *const *)b;

	return (x->f->id < y->f->id ? -1 : x->f->id > y->f->id);
}

/* In the edit set's own order, so that finalizing it sorts nothing. */
static int
cmp_pending_text(const void *a, const void *b)
{
	const struct pending_edit *x = a, *y = b;
	int c;

	if (x->off != y->off)
		return (x->off < y->off ? -1 : 1);
	if (x->len != y->len)
		return (x->len < y->len ? -1 : 1);
	if (x->text == NULL || y->text == NULL)
		return ((x->text == NULL) - (y->text == NULL));
	if ((c = strcmp(x->text, y->text)) != 0)
		return (c);
	return (x->order - y->order);
}

/* Does the file end its lines with CR LF (most of them)? */
static bool
uses_crlf(const struct srcfile *f)
{
	size_t i, crlf = 0, lf = 0;

	for (i = 0; i < f->len; i++)
		if (f->data[i] == '\n') {
			if (i > 0 && f->data[i - 1] == '\r')
				crlf++;
			else
				lf++;
		}
	return (crlf > lf);
}

/* text with every bare LF made CR LF. */
static char *
to_crlf(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	for (s = text; *s != '\0'; s++) {
		if (*s == '\n' && (s == text || s[-1] != '\r'))
			sb_addc(&sb, '\r');
		sb_addc(&sb, *s);
	}
	return (sb_detach(&sb));
}

void
plan_emit(struct plan *p)
{
	struct file_plan *fp, **order;
	size_t i, j, k, n = 0;
	bool crlf;

	order = xcalloc(p->files.n + 1, sizeof(*order));
	for (i = 0; i < p->files.cap; i++)
		if (p->files.slots[i].key != NULL)
			order[n++] = p->files.slots[i].val;
	xqsort(order, n, sizeof(*order), cmp_file_plan);
	for (i = 0; i < n; i++) {
		fp = order[i];
		keysort(fp->pending.v, fp->pending.n, sizeof(*fp->pending.v),
		    key_pending, cmp_pending_text);
		/* Sorted another way: no render may use the runs after this. */
		fp->nsorted = fp->nindexed = 0;
		for (k = 0; k < PLAN_MAX_RUNS; k++) {
			free(fp->runs[k]);
			fp->runs[k] = NULL;
		}
		if (fp->pending.n == 0)
			continue;
		/* The hash of what was read, made when it was. */
		edits_expect(p->edits, fp->f->path, fp->f->len, fp->f->hash);
		/* Lines a CR LF file gains end as its own do. */
		crlf = uses_crlf(fp->f);
		for (j = 0; j < fp->pending.n; j++) {
			char *t = NULL;

			if (fp->pending.v[j].text == NULL)
				continue;
			if (crlf)
				t = to_crlf(fp->pending.v[j].text);
			edits_add(p->edits, fp->f->path, fp->pending.v[j].off,
			    fp->pending.v[j].len,
			    t != NULL ? t : fp->pending.v[j].text,
			    fp->pending.v[j].order, fp->pending.v[j].why);
			free(t);
		}
	}
	free(order);
}

void
plan_run(struct plan *p)
{
	pass_select(p);
	pass_uses(p);
	pass_stand_ins(p);
	plan_sort_pending(p);
	pass_decls(p);
	if (rules_nentries(p->rules) > 0 || rules_ntimers(p->rules) > 0 ||
	    rules_ninits(p->rules) > 0) {
		struct callgraph cg;

		contexts_graph(p, &cg);
		pass_entry_points(p, &cg);
		pass_timers(p, &cg);
		pass_module_init(p, &cg);
		callgraph_free(&cg);
	}
	plan_reflow(p);
	plan_keep_continuations(p);
	pass_includes(p);
	plan_emit(p);
}
