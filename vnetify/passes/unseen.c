/*
 * unseen.c: tokens spelled like a virtualized variable that no parse saw
 * as anything.  Three kinds, one rule: what the name means there is read
 * from the declarations visible there (scope.c), and when that decides,
 * the token is edited like a use; only when it cannot decide is it a
 * review item.
 *
 *	a macro argument the expansion drops
 *		INP_INFO_WLOCK(&ripcbinfo) where locking compiles to nothing:
 *		the enclosing function's locals and parameters (the AST's),
 *		then the file's scope
 *	a #define body no parse expanded (or expanded into nothing)
 *		#define IPQ_LOCK(i) mtx_lock(&ipq[i].lock): the scope at the
 *		#define -- not a macro parameter, not a member, not an
 *		operand of # (text, correct as it is) or ## (paste.c)
 *	code no configuration compiles (a skipped #if branch)
 *		read as text: whether it is in a function, in a static
 *		initializer, in a struct, and the locals and parameters it
 *		declares itself; a declaration of the variable there is
 *		converted with the others (decls.c)
 *
 * Tokens after '.' or '->', after struct, union, enum or goto, and labels
 * are never the variable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/skipped.h"
#include "model/tokens.h"
#include "passes/master_copy.h"
#include "passes/scope.h"
#include "passes/uses.h"
#include "support/keysort.h"

/* Where a macro is defined: a file and the token of its name. */
struct macro_def {
	struct srcfile *f;
	size_t name;
};

struct unseen {
	struct plan *p;
	struct scope *sc;
	/* Every token the AST saw, as rank << 32 | offset, sorted. */
	VEC(uint64_t) seen;
	/*
	 * Function-like macros by name, for text no parse saw: from the
	 * macros the AST saw invoked, then from the root's #defines.
	 */
	struct hmap macros; /* name -> struct macro_def */
	bool macros_built;
};

static void
seen_add(struct unseen *us, const struct srcfile *f, uint32_t off)
{
	if (f != NULL)
		VEC_PUSH(&us->seen, (uint64_t)f->id << 32 | off);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

static uint64_t
key_u64(const void *a)
{
	return (*(const uint64_t *)a);
}

/* The first entry of us->seen at or after key. */
static size_t
seen_from(const struct unseen *us, uint64_t key)
{
	size_t lo = 0, hi = us->seen.n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (us->seen.v[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/* Every place the AST saw a name: uses, declarations, other meanings. */
static void
seen_build(struct unseen *us)
{
	const struct model *m = us->p->m;
	const struct var *v;
	size_t i, j;

	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		for (j = 0; j < v->uses.n; j++)
			seen_add(us, v->uses.v[j].file, v->uses.v[j].off);
		for (j = 0; j < v->decls.n; j++)
			seen_add(us, v->decls.v[j].file,
			    v->decls.v[j].name_off);
	}
	for (i = 0; i < m->body_nonvars.n; i++)
		seen_add(us, m->body_nonvars.v[i].file,
		    m->body_nonvars.v[i].off);
	for (i = 0; i < m->locals.n; i++)
		seen_add(us, m->locals.v[i].file, m->locals.v[i].off);
	keysort(us->seen.v, us->seen.n, sizeof(*us->seen.v), key_u64, cmp_u64);
}

/* Tokens on different lines of a directive never relate. */
static size_t
prev_in_region(const struct srcfile *f, size_t j)
{
	size_t p = tok_prev_code(f, j), i;

	if (p == SIZE_MAX || !f->toks.t[j].pp)
		return (p);
	for (i = p + 1; i <= j; i++)
		if (f->toks.t[i].bol)
			return (SIZE_MAX);
	return (p);
}

/* A member, a tag or a label by its place alone. */
static bool
not_a_variable(const struct srcfile *f, size_t j)
{
	size_t p = prev_in_region(f, j), n = tok_next_code(f, j);

	if (p != SIZE_MAX &&
	    (tok_punct(f, p, ".") || tok_punct(f, p, "->") ||
		tok_eq(f, p, "struct") || tok_eq(f, p, "union") ||
		tok_eq(f, p, "enum") || tok_eq(f, p, "goto")))
		return (true);
	/* "name:" opening a statement is a label. */
	return (n != SIZE_MAX && tok_punct(f, n, ":") && !f->toks.t[j].pp &&
	    (p == SIZE_MAX || tok_punct(f, p, ";") || tok_punct(f, p, "{") ||
		tok_punct(f, p, "}")));
}

/* Is identifier j of a #define one of its parameters? */
static bool
macro_param(const struct srcfile *f, size_t j)
{
	size_t d = define_at(f, f->toks.t[j].off), i;

	if (d == SIZE_MAX || d + 1 >= f->toks.n || f->toks.t[d + 1].ws ||
	    !tok_punct(f, d + 1, "("))
		return (false);
	for (i = d + 2; i < f->toks.n && !tok_punct(f, i, ")"); i++)
		if (i == j ||
		    (f->toks.t[i].len == f->toks.t[j].len &&
			memcmp(f->data + f->toks.t[i].off,
			    f->data + f->toks.t[j].off, f->toks.t[j].len) == 0))
			return (true);
	return (false);
}

static bool
is_stringized(const struct srcfile *f, size_t j)
{
	size_t p = prev_in_region(f, j);

	return (p != SIZE_MAX && tok_punct(f, p, "#"));
}

static bool
is_pasted(const struct srcfile *f, size_t j)
{
	size_t p = prev_in_region(f, j), n = tok_next(f, j);

	return ((p != SIZE_MAX && tok_punct(f, p, "##")) ||
	    (n != SIZE_MAX && !f->toks.t[n].bol && tok_punct(f, n, "##")));
}

static void
free_def(void *p)
{
	free(p);
}

static void
macro_put(struct hmap *h, const char *name, size_t len, struct srcfile *f,
    size_t tok)
{
	struct macro_def **slot;
	char *key = xstrndup(name, len);

	slot = (struct macro_def **)hmap_put(h, key, NULL);
	free(key);
	if (*slot == NULL) {
		*slot = xcalloc(1, sizeof(**slot));
		(*slot)->f = f;
		(*slot)->name = tok;
	}
}

/* The index of function-like macros, made the first time it is asked. */
static void
macros_build(struct unseen *us)
{
	const struct model *m = us->p->m;
	const struct macro_use *mu;
	size_t i, j, k;

	us->macros_built = true;
	for (i = 0; i < m->macro_uses.n; i++) {
		mu = &m->macro_uses.v[i];
		if (mu->def_file == NULL || !file_load(mu->file) ||
		    !file_load(mu->def_file) ||
		    (j = tok_containing(&mu->file->toks, mu->off)) ==
			SIZE_MAX ||
		    (k = tok_containing(&mu->def_file->toks, mu->def_off)) ==
			SIZE_MAX)
			continue;
		macro_put(&us->macros, mu->file->data + mu->file->toks.t[j].off,
		    mu->file->toks.t[j].len, mu->def_file, k);
	}
	for (i = 0; i < m->macro_defs.cap; i++) {
		const struct macro_def_fact *d = m->macro_defs.slots[i].val;

		if (m->macro_defs.slots[i].key == NULL || !file_load(d->file) ||
		    (k = tok_containing(&d->file->toks, d->off)) == SIZE_MAX)
			continue;
		macro_put(&us->macros, d->name, strlen(d->name), d->file, k);
	}
}

/* The definition of the function-like macro named by token k, if any. */
static const struct macro_def *
macro_named(struct unseen *us, const struct srcfile *f, size_t k)
{
	if (f->toks.t[k].kind != TOK_IDENT)
		return (NULL);
	if (!us->macros_built)
		macros_build(us);
	return (hmap_get_n(&us->macros, f->data + f->toks.t[k].off,
	    f->toks.t[k].len));
}

/*
 * The macro invocation whose arguments hold token j, however deep in
 * calls and parentheses: its definition and the argument's index.  In
 * code a parse saw, an invocation is one the AST recorded; in skipped
 * text, a name the macro index knows.  False when j is in no macro's
 * arguments within its statement.
 */
static bool
macro_arg_of(struct unseen *us, const struct srcfile *f, size_t j,
    struct macro_def *def, unsigned *arg)
{
	const struct macro_def *md;
	const struct macro_use *mu;
	unsigned commas = 0;
	int depth = 0;
	size_t k;

	for (k = j; k-- > 0;) {
		if (f->toks.t[k].kind == TOK_COMMENT)
			continue;
		if (f->toks.t[k].pp != f->toks.t[j].pp)
			return (false);
		if (tok_punct(f, k, ")") || tok_punct(f, k, "]"))
			depth++;
		else if (tok_punct(f, k, "[") && depth > 0)
			depth--;
		else if (tok_punct(f, k, "(")) {
			if (depth > 0) {
				depth--;
				continue;
			}
			if (k > 0 && f->toks.t[k - 1].kind == TOK_IDENT) {
				mu = model_macro_at(us->p->m, f,
				    f->toks.t[k - 1].off);
				if (mu != NULL && mu->def_file != NULL &&
				    file_load(mu->def_file) &&
				    (def->name =
					    tok_containing(&mu->def_file->toks,
						mu->def_off)) != SIZE_MAX) {
					def->f = mu->def_file;
					*arg = commas;
					return (true);
				}
				/* Text no parse saw: a body, a skipped branch. */
				if (mu == NULL &&
				    (f->toks.t[k - 1].pp ||
					file_never_active(f,
					    f->toks.t[k - 1].off)) &&
				    (md = macro_named(us, f, k - 1)) != NULL) {
					*def = *md;
					*arg = commas;
					return (true);
				}
			}
			commas = 0; /* a call or a grouping: look further out */
		} else if (depth == 0 && tok_punct(f, k, ","))
			commas++;
		else if (depth == 0 &&
		    (tok_punct(f, k, ";") || tok_punct(f, k, "{") ||
			tok_punct(f, k, "}")))
			return (false);
	}
	return (false);
}

/* What a macro's body does with one of its parameters. */
enum arg_fate {
	ARG_EVALUATED, /* used as code */
	ARG_DROPPED,   /* not in the body at all */
	ARG_TEXT,      /* only stringized: text, correct as it is */
	ARG_PASTED,    /* only pasted: a name fragment (paste.c) */
	ARG_TAG,       /* a struct, union or enum tag: a type, not a use */
	ARG_UNKNOWN
};

/*
 * What the body of the macro defined at token d of df does with its
 * parameter arg.  A parameter passed on to another macro is followed
 * there, in the same file or wherever the macro index has it (depth
 * bounds it): VNET_SYSINIT(ident, ...) hands ident to SYSINIT, of another
 * header, which pastes it.  Passed to anything else, it counts as code.
 */
static enum arg_fate
define_arg_fate(struct unseen *us, const struct srcfile *df, size_t d,
    unsigned arg, int depth)
{
	size_t i, end, param = SIZE_MAX, np = 0, inner;
	bool plain = false, text = false, paste = false, tag = false;
	const struct macro_def *md;
	const struct srcfile *idf;
	struct call_site cs;
	enum arg_fate fate;

	if (d + 1 >= df->toks.n || df->toks.t[d + 1].ws ||
	    !tok_punct(df, d + 1, "("))
		return (ARG_UNKNOWN);
	for (i = d + 2; i < df->toks.n && !tok_punct(df, i, ")"); i++) {
		if (tok_punct(df, i, ","))
			continue;
		if (np++ == arg || tok_punct(df, i, "..."))
			param = i;
		if (param != SIZE_MAX)
			break;
	}
	if (param == SIZE_MAX)
		return (ARG_UNKNOWN);
	while (i < df->toks.n && !tok_punct(df, i, ")"))
		i++;
	for (end = i + 1; end < df->toks.n && !df->toks.t[end].bol; end++)
		;
	for (i = i + 1; i < end; i++) {
		bool same = tok_punct(df, param, "...")
		    ? tok_eq(df, i, "__VA_ARGS__")
		    : df->toks.t[i].len == df->toks.t[param].len &&
			memcmp(df->data + df->toks.t[i].off,
			    df->data + df->toks.t[param].off,
			    df->toks.t[i].len) == 0;

		if (!same || df->toks.t[i].kind != TOK_IDENT)
			continue;
		if (tok_punct(df, i - 1, "#")) {
			text = true;
			continue;
		}
		if (tok_eq(df, i - 1, "struct") || tok_eq(df, i - 1, "union") ||
		    tok_eq(df, i - 1, "enum")) {
			tag = true;
			continue;
		}
		if (tok_punct(df, i - 1, "##") ||
		    (i + 1 < end && tok_punct(df, i + 1, "##"))) {
			paste = true;
			continue;
		}
		inner = SIZE_MAX;
		idf = df;
		if (depth < 8 && enclosing_call(df, df->toks.t[i].off, &cs) &&
		    cs.name > d + 1) {
			inner = tok_find_define(df,
			    df->data + df->toks.t[cs.name].off,
			    df->toks.t[cs.name].len, 0, true);
			if (inner == SIZE_MAX &&
			    (md = macro_named(us, df, cs.name)) != NULL) {
				idf = md->f;
				inner = md->name;
			}
		}
		fate = inner != SIZE_MAX
		    ? define_arg_fate(us, idf, inner, cs.arg, depth + 1)
		    : ARG_EVALUATED;
		if (fate == ARG_TEXT)
			text = true;
		else if (fate == ARG_PASTED)
			paste = true;
		else if (fate == ARG_TAG)
			tag = true;
		else
			plain = true;
	}
	if (plain)
		return (ARG_EVALUATED);
	if (paste)
		return (ARG_PASTED);
	if (tag)
		return (ARG_TAG);
	return (text ? ARG_TEXT : ARG_DROPPED);
}

/*
 * What the macro does with argument arg; one it drops counts as code,
 * since where it is dropped the expansion decides what the name is.
 */
static enum arg_fate
arg_fate(struct unseen *us, const struct macro_def *def, unsigned arg)
{
	enum arg_fate fate = define_arg_fate(us, def->f, def->name, arg, 0);

	return (fate == ARG_DROPPED ? ARG_EVALUATED : fate);
}

/*
 * Does another #define of the macro, in the file of the one expanded,
 * use argument arg as code?  Then a configuration that compiles that
 * definition evaluates what this one drops.
 */
static bool
evaluated_elsewhere(struct unseen *us, const struct macro_def *def,
    unsigned arg)
{
	const struct srcfile *df = def->f;
	size_t i, len = df->toks.t[def->name].len;
	const char *name = df->data + df->toks.t[def->name].off;

	for (i = 0; (i = tok_find_define(df, name, len, i, true)) != SIZE_MAX;
	    i++)
		if (i != def->name &&
		    define_arg_fate(us, df, i, arg, 0) == ARG_EVALUATED)
			return (true);
	return (false);
}

/* The edit for a token decided to mean v, in the context given. */
static void
edit_token(struct plan *p, struct var *v, struct srcfile *f, size_t j,
    bool spelled)
{
	uint32_t off = f->toks.t[j].off;
	struct sysctl_site cs;

	if (sysctl_site(f, off, &cs)) {
		sysctl_edit(p, v, f, off, &cs);
		return;
	}
	plan_edit(p, f, off, f->toks.t[j].len, plan_v_name(p, v), 0,
	    spelled ? "use by spelling" : "use in a discarded argument");
	if (spelled)
		p->stats[v->idx].uses_spelled++;
	else
		p->stats[v->idx].uses_scope++;
}

/*
 * Is token j an argument of a macro invoked at file scope and followed by
 * a body, DB_SHOW_COMMAND(name, func) { ... }?  Such a macro makes a
 * function, and its arguments name things; none is evaluated.
 */
static bool
defines_function(const struct srcfile *f, size_t j)
{
	struct call_site cs;
	size_t k;

	if (!enclosing_call(f, f->toks.t[j].off, &cs))
		return (false);
	k = tok_next_code(f, cs.rparen);
	return (k != SIZE_MAX && !f->toks.t[k].pp && tok_punct(f, k, "{"));
}

/* One token of code no configuration compiles. */
static void
skipped_token(struct unseen *us, struct srcfile *f, size_t j, struct var *v)
{
	struct plan *p = us->p;
	struct macro_def def;
	struct text_read r;
	struct sysctl_site cs;
	unsigned arg;

	skipped_read(p->m, f, j, &r);
	if (r.shadowed || r.ctx == TX_AGGR ||
	    model_local_visible(p->m, f, f->toks.t[j].off, v->name))
		return;
	if (decl_shaped(f, j))
		return; /* declared here: model_add_skipped_decls() has it */
	if (r.ctx == TX_TOP && defines_function(f, j))
		return;
	/* A macro that only names with it: a leaf name, a tag, a paste. */
	if (macro_arg_of(us, f, j, &def, &arg) &&
	    arg_fate(us, &def, arg) != ARG_EVALUATED &&
	    arg_fate(us, &def, arg) != ARG_UNKNOWN)
		return;
	if (r.ctx == TX_CODE ||
	    (r.ctx != TX_CODE && sysctl_site(f, f->toks.t[j].off, &cs))) {
		edit_token(p, v, f, j, true);
		return;
	}
	plan_review(p, REVIEW_INACTIVE_CODE, f, f->toks.t[j].off, v,
	    "%s is used in %s of code no configuration compiles (a skipped "
	    "#if branch); no edit: write VNET_NAME(%s) there if it takes the "
	    "address for an initializer, V_%s otherwise, or list a "
	    "configuration that compiles it in the rules",
	    v->name, r.ctx == TX_INIT ? "a static initializer" : "file scope",
	    v->vname, v->vname);
}

/*
 * An argument dropped outside functions: in most macros there it only
 * names (LIST_HEAD_INITIALIZER(head)), but a sysctl's pointer is the
 * knob's address in every configuration that registers it, and is
 * edited as one.  A macro that another of its definitions expands with
 * the argument as code (MTX_SYSINIT(name, &lock, ...) where locking
 * compiles to nothing) is a review item: that configuration needs the
 * argument in a form no text here can be checked against.
 */
static bool
file_scope_dropped(struct unseen *us, struct srcfile *f, size_t j,
    const struct macro_def *def, unsigned arg)
{
	const struct tok *t = &f->toks.t[j];
	struct sysctl_site cs;
	size_t n;
	struct var *v;

	if (sysctl_site(f, t->off, &cs))
		return (true);
	if (!evaluated_elsewhere(us, def, arg) ||
	    scope_lookup(us->sc, f, f->data + t->off, t->len, &v) != 1)
		return (false);
	n = def->f->toks.t[def->name].len;
	plan_review(us->p, REVIEW_MACRO_ARGUMENT, f, t->off, v,
	    "%s is an argument of %.*s outside any function, which this "
	    "configuration expands into nothing and another definition of "
	    "%.*s expands as code; no edit: list a configuration that "
	    "compiles that definition in the rules, or write VNET_NAME(%s) "
	    "there if it takes the address for an initializer",
	    v->name, (int)n, def->f->data + def->f->toks.t[def->name].off,
	    (int)n, def->f->data + def->f->toks.t[def->name].off, v->vname);
	return (false);
}

/*
 * One identifier no parse saw (unseen_names() asks the AST's places
 * first), spelled like a virtualized variable.
 */
static void
unseen_token(struct unseen *us, struct srcfile *f, size_t j)
{
	struct plan *p = us->p;
	const struct tok *t = &f->toks.t[j];
	struct macro_def def;
	unsigned arg;
	struct var *v;
	char name[256];
	size_t n;

	if (!f->editable || t->len >= sizeof(name) || not_a_variable(f, j) ||
	    use_converted(f, t->off))
		return;
	memcpy(name, f->data + t->off, t->len);
	name[t->len] = '\0';
	if (t->pp) {
		/* In a #define body; other directives name no variable. */
		if (define_at(f, t->off) == SIZE_MAX || macro_param(f, j) ||
		    is_stringized(f, j) || is_pasted(f, j))
			return;
		/* An argument of a macro that only names with it. */
		if (macro_arg_of(us, f, j, &def, &arg) &&
		    arg_fate(us, &def, arg) != ARG_EVALUATED &&
		    arg_fate(us, &def, arg) != ARG_UNKNOWN)
			return;
	} else if (!file_never_active(f, t->off)) {
		/* Active code: only a macro can have hidden it. */
		if (!macro_arg_of(us, f, j, &def, &arg) ||
		    arg_fate(us, &def, arg) != ARG_EVALUATED)
			return;
		if (model_func_at(p->m, f, t->off) == NULL) {
			if (!file_scope_dropped(us, f, j, &def, arg))
				return;
		} else if (model_local_visible(p->m, f, t->off, name))
			return;
	}
	n = scope_lookup(us->sc, f, f->data + t->off, t->len, &v);
	if (n == 0)
		return; /* no virtualized variable of that name is seen here */
	if (n > 1) {
		plan_review(p, REVIEW_AMBIGUOUS_NAME, f, t->off, v,
		    "%.*s here could be any of %zu virtualized variables of "
		    "that name; no edit: write V_%.*s if it is one of them",
		    (int)t->len, f->data + t->off, n, (int)t->len,
		    f->data + t->off);
		return;
	}
	if (master_copy_keeps_plain(v, f, t->off))
		return;
	if (!t->pp && file_never_active(f, t->off))
		skipped_token(us, f, j, v);
	else
		edit_token(p, v, f, j, t->pp);
}

/*
 * A #define body edited for v, from the expansions a parse saw, may also
 * be expanded in code no configuration compiles where the name is a local
 * or a parameter.  No one text is right for both: the edit is taken back,
 * and the body token is a review item.
 */
static void
skipped_expansions(struct unseen *us)
{
	struct plan *p = us->p;
	const struct body_edit *be;
	struct hmap byname = {0};
	struct text_read r;
	struct srcfile *f;
	unsigned line, col;
	size_t i, j, k, n;
	char name[256];

	for (i = 0; i < p->body_edits.n; i++)
		(void)hmap_put(&byname, p->body_edits.v[i].macro, NULL);
	for (i = 0; byname.n > 0 && i < p->m->files.cap; i++) {
		f = p->m->files.slots[i].key != NULL ? p->m->files.slots[i].val
						     : NULL;
		if (f == NULL || f->rel == NULL || f->skipped.n == 0 ||
		    !f->loaded)
			continue;
		for (j = 0; j < f->toks.n; j++) {
			const struct tok *t = &f->toks.t[j];

			if (t->kind != TOK_IDENT || t->pp ||
			    t->len >= sizeof(name) ||
			    (n = tok_next_code(f, j)) == SIZE_MAX ||
			    !tok_punct(f, n, "(") ||
			    !file_never_active(f, t->off))
				continue;
			memcpy(name, f->data + t->off, t->len);
			name[t->len] = '\0';
			if (!hmap_has(&byname, name))
				continue;
			for (k = 0; k < p->body_edits.n; k++) {
				be = &p->body_edits.v[k];
				if (strcmp(be->macro, name) != 0)
					continue;
				skipped_read_as(p->m, f, j, be->v->name,
				    strlen(be->v->name), &r);
				if (r.ctx != TX_CODE ||
				    (!r.shadowed &&
					!model_local_visible(p->m, f, t->off,
					    be->v->name)))
					continue;
				file_line_col(f, t->off, &line, &col);
				plan_withdraw(p, be->f, be->off,
				    (uint32_t)strlen(be->v->name));
				p->stats[be->v->idx].uses_body--;
				plan_review(p, REVIEW_MACRO_BODY, be->f,
				    be->off, be->v,
				    "%s in the body of macro %s means %s here "
				    "and a local at its expansion in %s:%u "
				    "(code no configuration compiles); no "
				    "edit: give the macro a parameter or "
				    "split it",
				    be->v->name, be->macro, be->v->name, f->rel,
				    line);
			}
		}
	}
	hmap_free(&byname, NULL);
}

void
unseen_names(struct plan *p)
{
	struct unseen us;
	struct srcfile *f;
	uint64_t key;
	size_t i, j, s;

	memset(&us, 0, sizeof(us));
	us.p = p;
	us.sc = scope_new(p);
	seen_build(&us);
	for (i = 0; i < p->m->files.cap; i++) {
		f = p->m->files.slots[i].key != NULL ? p->m->files.slots[i].val
						     : NULL;
		if (f == NULL || f->rel == NULL || f->nparses == 0 ||
		    !f->editable || !file_load(f))
			continue;
		/* The tokens and the places the AST saw, both in order. */
		s = seen_from(&us, (uint64_t)f->id << 32);
		for (j = 0; j < f->toks.n; j++) {
			if (f->toks.t[j].kind != TOK_IDENT)
				continue;
			key = (uint64_t)f->id << 32 | f->toks.t[j].off;
			while (s < us.seen.n && us.seen.v[s] < key)
				s++;
			if (s < us.seen.n && us.seen.v[s] == key)
				continue;
			if (scope_is_candidate(us.sc,
				f->data + f->toks.t[j].off, f->toks.t[j].len))
				unseen_token(&us, f, j);
		}
	}
	skipped_expansions(&us);
	VEC_FREE(&us.seen);
	hmap_free(&us.macros, free_def);
	scope_free(us.sc);
}
