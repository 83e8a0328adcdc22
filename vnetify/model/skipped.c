/*
 * skipped.c: see skipped.h.
 */
#include <stdlib.h>
#include <string.h>

#include "model/skipped.h"
#include "model/tokens.h"

#define MAX_NEST 64

/* The state of reading skipped text token by token. */
struct text_walk {
	const struct srcfile *f;
	enum text_ctx stack[MAX_NEST];
	size_t depth;  /* braces open (stack holds the first MAX_NEST) */
	int parens;    /* at file scope: parentheses open */
	bool eq;       /* at file scope: an '=' since the last ';' */
	bool typedefd; /* at file scope: the statement is a typedef */
	size_t first;  /* at file scope: the statement's first token */
};

static enum text_ctx
walk_top(const struct text_walk *w)
{
	if (w->depth == 0)
		return (w->eq ? TX_INIT : TX_TOP);
	return (w->stack[(w->depth > MAX_NEST ? MAX_NEST : w->depth) - 1]);
}

bool
decl_shaped(const struct srcfile *f, size_t k)
{
	/* After struct, union or enum a name is a tag: "struct T;". */
	static const char *const not_types[] = {"return", "case", "goto",
	    "sizeof", "else", "do", "if", "while", "for", "switch", "typeof",
	    "__typeof__", "_Alignof", "__alignof__", "defined", "struct",
	    "union", "enum", NULL};
	size_t p = tok_prev_code(f, k), n = tok_next_code(f, k);

	if (p == SIZE_MAX || n == SIZE_MAX)
		return (false);
	if (!tok_punct(f, p, "*") &&
	    (f->toks.t[p].kind != TOK_IDENT || tok_in_set(f, p, not_types)))
		return (false);
	return (tok_punct(f, n, ";") || tok_punct(f, n, ",") ||
	    tok_punct(f, n, "=") || tok_punct(f, n, "[") ||
	    tok_punct(f, n, ")") || tok_eq(f, n, "__attribute__"));
}

size_t
statement_first(const struct srcfile *f, size_t j)
{
	size_t k = j, p;

	while (k > 0) {
		p = tok_prev(f, k);
		if (p == SIZE_MAX || f->toks.t[p].pp || tok_punct(f, p, ";") ||
		    tok_punct(f, p, "{") || tok_punct(f, p, "}"))
			break;
		k = p;
	}
	return (k);
}

/* Is off in the initializer of an object the AST saw? */
static bool
in_parsed_initializer(const struct model *m, const struct srcfile *f,
    uint32_t off)
{
	const struct decl *d;
	size_t i, j;

	for (i = 0; i < m->varlist.n; i++)
		for (j = 0; j < m->varlist.v[i]->decls.n; j++) {
			d = &m->varlist.v[i]->decls.v[j];
			if (d->file == f && d->init_start != NO_OFFSET &&
			    d->init_start <= off && off < d->init_end)
				return (true);
		}
	return (false);
}

/*
 * The braces open at off, counted from token first in the text some
 * configuration compiles.
 */
static size_t
braces_open(const struct srcfile *f, size_t first, uint32_t off)
{
	size_t i, depth = 0;

	for (i = first; i < f->toks.n && f->toks.t[i].off < off; i++) {
		/* The bracket first: most tokens are not, and it is cheaper. */
		if (f->toks.t[i].kind != TOK_PUNCT || f->toks.t[i].len != 1 ||
		    f->toks.t[i].pp ||
		    (!tok_punct(f, i, "{") && !tok_punct(f, i, "}")) ||
		    file_never_active(f, f->toks.t[i].off))
			continue;
		if (tok_punct(f, i, "{"))
			depth++;
		else if (depth > 0)
			depth--;
	}
	return (depth);
}

/*
 * Where a skipped range that starts at off stands: in a function (the
 * AST's), in an initializer (the AST's), in a struct (braces of the
 * active text still open), or at file scope.
 */
static enum text_ctx
context_at(const struct model *m, const struct srcfile *f, uint32_t off)
{
	if (model_func_at(m, f, off) != NULL)
		return (TX_CODE);
	if (in_parsed_initializer(m, f, off))
		return (TX_INIT);
	return (braces_open(f, 0, off) > 0 ? TX_AGGR : TX_TOP);
}

/* The start of the widest skipped range holding off. */
static uint32_t
skipped_start(const struct srcfile *f, uint32_t off)
{
	uint32_t start = off;
	size_t i;

	for (i = 0; i < f->skipped.n; i++)
		if (f->skipped.v[i].start <= off && off < f->skipped.v[i].end &&
		    f->skipped.v[i].start < start)
			start = f->skipped.v[i].start;
	return (start);
}

/*
 * The braces open at off in the body of function fd, counted in the text
 * some configuration compiles: a skipped range may close some of them
 * ("} else {" under #if DEBUG) and still be in the function.
 */
static size_t
body_depth(const struct srcfile *f, const struct func_def *fd, uint32_t off)
{
	/* From the body's '{', or the extent's start: no brace before it. */
	size_t depth = braces_open(f,
	    tok_at_or_after(&f->toks,
		fd->body != NO_OFFSET ? fd->body : fd->start),
	    off);

	return (depth > 0 ? depth : 1);
}

static void
walk_init(struct text_walk *w, const struct model *m, const struct srcfile *f,
    uint32_t start)
{
	const struct func_def *fd = model_func_at(m, f, start);
	size_t k;

	memset(w, 0, sizeof(*w));
	w->f = f;
	w->stack[0] = context_at(m, f, start);
	w->depth = w->stack[0] == TX_TOP ? 0 : 1;
	if (w->stack[0] == TX_CODE && fd != NULL)
		w->depth = body_depth(f, fd, start);
	for (k = 1; k < w->depth && k < MAX_NEST; k++)
		w->stack[k] = TX_CODE;
	w->first = tok_at_or_after(&f->toks, start);
}

/* Token k moves the walk on; directives and comments do not. */
static void
walk_step(struct text_walk *w, size_t k)
{
	const struct srcfile *f = w->f;
	enum text_ctx top = walk_top(w);
	size_t prev;

	if (f->toks.t[k].pp || f->toks.t[k].kind == TOK_COMMENT)
		return;
	if (tok_punct(f, k, "{")) {
		prev = tok_prev_code(f, k);
		if (w->depth > 0)
			; /* nested: a block, an initializer's braces, a struct */
		else if (w->eq || (prev != SIZE_MAX && tok_punct(f, prev, "=")))
			top = TX_INIT;
		else if (prev != SIZE_MAX && tok_punct(f, prev, ")"))
			top = TX_CODE;
		else
			top = TX_AGGR;
		if (w->depth < MAX_NEST)
			w->stack[w->depth] = top;
		w->depth++;
	} else if (tok_punct(f, k, "}") && w->depth > 0) {
		if (--w->depth == 0) {
			w->eq = w->typedefd = false;
			w->first = k + 1;
		}
	} else if (w->depth == 0 && tok_punct(f, k, "("))
		w->parens++;
	else if (w->depth == 0 && tok_punct(f, k, ")"))
		w->parens--;
	else if (w->depth == 0 && tok_punct(f, k, ";")) {
		w->eq = w->typedefd = false;
		w->parens = 0;
		w->first = k + 1;
	} else if (w->depth == 0 && w->parens == 0 && tok_punct(f, k, "="))
		w->eq = true;
	else if (w->depth == 0 && tok_eq(f, k, "typedef"))
		w->typedefd = true;
}

static bool
named(const struct srcfile *f, size_t k, const char *name, size_t len)
{
	return (f->toks.t[k].len == len &&
	    memcmp(f->data + f->toks.t[k].off, name, len) == 0);
}

void
skipped_read(const struct model *m, const struct srcfile *f, size_t j,
    struct text_read *out)
{
	skipped_read_as(m, f, j, f->data + f->toks.t[j].off, f->toks.t[j].len,
	    out);
}

void
skipped_read_as(const struct model *m, const struct srcfile *f, size_t j,
    const char *name, size_t len, struct text_read *out)
{
	struct text_walk w;
	size_t k, shadow_depth = 0;
	bool param = false;

	walk_init(&w, m, f, skipped_start(f, f->toks.t[j].off));
	for (k = tok_at_or_after(&f->toks, skipped_start(f, f->toks.t[j].off));
	    k < j; k++) {
		size_t before = w.depth;

		if (tok_punct(f, k, "}") && shadow_depth == w.depth)
			shadow_depth = 0;
		walk_step(&w, k);
		if (w.depth > before && before == 0 &&
		    walk_top(&w) == TX_CODE && param)
			shadow_depth = 1; /* the function's parameters */
		if (before > 0 && w.depth == 0)
			param = false;
		if (w.depth == 0 && tok_punct(f, k, ";"))
			param = false;
		if (f->toks.t[k].kind != TOK_IDENT || f->toks.t[k].pp ||
		    !named(f, k, name, len) || !decl_shaped(f, k))
			continue;
		if (w.depth == 0 && w.parens > 0)
			param = true;
		else if (walk_top(&w) == TX_CODE && shadow_depth == 0)
			shadow_depth = w.depth;
	}
	out->ctx = walk_top(&w);
	out->shadowed = shadow_depth > 0 ||
	    (w.depth == 0 && w.parens > 0 && named(f, j, name, len) &&
		decl_shaped(f, j));
}

/* A declaration read from a skipped branch. */
struct text_decl {
	size_t name, first;
	bool is_static, is_extern, is_const;
	bool in_macro; /* VNET_DEFINE(t, name) and the like */
};
typedef VEC(struct text_decl) text_decl_vec;

/*
 * VNET_DEFINE(t, n), VNET_DEFINE_STATIC(t, n) or VNET_DECLARE(t, n) at
 * token k: a declaration of n, virtualized already.  A tree converted
 * before has them in branches no configuration compiles too, and its
 * uses there are known by them.
 */
static bool
vnet_macro_decl(const struct srcfile *f, size_t k, struct text_decl *td)
{
	bool is_static = tok_eq(f, k, "VNET_DEFINE_STATIC");
	bool is_extern = tok_eq(f, k, "VNET_DECLARE");
	size_t j, name = SIZE_MAX;
	int depth = 0;

	if (!is_static && !is_extern && !tok_eq(f, k, "VNET_DEFINE"))
		return (false);
	j = tok_next_code(f, k);
	if (j == SIZE_MAX || !tok_punct(f, j, "("))
		return (false);
	for (; j < f->toks.n; j++) {
		if (tok_punct(f, j, "(") || tok_punct(f, j, "["))
			depth++;
		else if (tok_punct(f, j, ")") || tok_punct(f, j, "]")) {
			if (--depth == 0)
				break;
		} else if (depth == 1 && tok_punct(f, j, ","))
			name = SIZE_MAX;
		else if (depth == 1 && f->toks.t[j].kind == TOK_IDENT &&
		    name == SIZE_MAX)
			name = j;
	}
	if (j >= f->toks.n || name == SIZE_MAX)
		return (false);
	memset(td, 0, sizeof(*td));
	td->name = name;
	td->first = k;
	td->is_static = is_static;
	td->is_extern = is_extern;
	td->in_macro = true;
	return (true);
}

/*
 * The file-scope declarations of one skipped range: names declared at
 * depth 0 outside parentheses and typedefs.
 */
static void
range_decls(const struct model *m, const struct srcfile *f, uint32_t start,
    uint32_t end, text_decl_vec *out)
{
	struct text_walk w;
	struct text_decl td;
	size_t k, i;

	walk_init(&w, m, f, start);
	for (k = w.first; k < f->toks.n && f->toks.t[k].off < end; k++) {
		if (f->toks.t[k].kind == TOK_IDENT && !f->toks.t[k].pp &&
		    walk_top(&w) == TX_TOP && w.parens == 0 &&
		    vnet_macro_decl(f, k, &td))
			VEC_PUSH(out, td);
		else if (f->toks.t[k].kind == TOK_IDENT && !f->toks.t[k].pp &&
		    walk_top(&w) == TX_TOP && w.parens == 0 && !w.typedefd &&
		    decl_shaped(f, k)) {
			memset(&td, 0, sizeof(td));
			td.name = k;
			td.first = statement_first(f, k);
			for (i = td.first; i < k; i++) {
				td.is_static |= tok_eq(f, i, "static");
				td.is_extern |= tok_eq(f, i, "extern");
				td.is_const |= tok_eq(f, i, "const");
			}
			VEC_PUSH(out, td);
		}
		walk_step(&w, k);
	}
}

/* The variable a declaration read from f names: seen by the AST, or new. */
static struct var *
var_for_text(struct model *m, const struct srcfile *f,
    const struct text_decl *td)
{
	const char *name = f->data + f->toks.t[td->name].off;
	size_t len = f->toks.t[td->name].len, i, k;
	struct var *v, **slot;
	char *usr;

	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (strlen(v->name) != len || memcmp(v->name, name, len) != 0 ||
		    v->is_local)
			continue;
		if (!td->is_static && v->external)
			return (v);
		for (k = 0; k < v->decls.n; k++)
			if (td->is_static && v->decls.v[k].file == f)
				return (v);
	}
	usr = td->is_static
	    ? xasprintf("inactive:%s@%.*s", f->rel, (int)len, name)
	    : xasprintf("inactive:@%.*s", (int)len, name);
	slot = (struct var **)hmap_put(&m->vars, usr, NULL);
	if (*slot == NULL) {
		v = xcalloc(1, sizeof(*v));
		v->usr = usr;
		v->name = xstrndup(name, len);
		v->type = xstrdup("(in code no configuration compiles)");
		v->size = -1;
		v->external = !td->is_static;
		v->is_const = td->is_const;
		*slot = v;
		VEC_PUSH(&m->varlist, v);
	} else
		free(usr);
	return (*slot);
}

void
model_add_skipped_decls(struct model *m)
{
	text_decl_vec tds = {0};
	struct srcfile *f;
	struct decl d;
	struct var *v;
	uint32_t start;
	size_t i, j, k, r;

	for (i = 0; i < m->files.cap; i++) {
		f = m->files.slots[i].key != NULL ? m->files.slots[i].val
						  : NULL;
		if (f == NULL || f->rel == NULL || f->nparses == 0 ||
		    f->skipped.n == 0 || !file_load(f))
			continue;
		for (r = 0; r < f->skipped.n; r++) {
			start = skipped_start(f, f->skipped.v[r].start);
			/* Each maximal range once, from its widest start. */
			if (start != f->skipped.v[r].start ||
			    !file_never_active(f, start))
				continue;
			for (k = 0; k < r; k++)
				if (f->skipped.v[k].start == start)
					break;
			if (k < r)
				continue;
			tds.n = 0;
			range_decls(m, f, start, f->skipped.v[r].end, &tds);
			for (j = 0; j < tds.n; j++) {
				if (!file_never_active(f,
					f->toks.t[tds.v[j].name].off))
					continue;
				v = var_for_text(m, f, &tds.v[j]);
				memset(&d, 0, sizeof(d));
				d.file = f;
				d.name_off = f->toks.t[tds.v[j].name].off;
				d.start = f->toks.t[tds.v[j].first].off;
				d.init_start = d.init_end = NO_OFFSET;
				d.func_start = NO_OFFSET;
				d.is_extern = tds.v[j].is_extern;
				d.is_def = !tds.v[j].is_extern;
				d.inactive = true;
				d.name_in_macro = tds.v[j].in_macro;
				for (k = 0; k < v->decls.n; k++)
					if (v->decls.v[k].file == f &&
					    v->decls.v[k].name_off ==
						d.name_off)
						break;
				if (k < v->decls.n)
					continue;
				v->defined |= d.is_def;
				VEC_PUSH(&v->decls, d);
			}
		}
	}
	VEC_FREE(&tds);
}
