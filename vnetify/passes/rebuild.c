/*
 * rebuild.c: one declaration statement holding selected variables,
 * rebuilt:
 *
 *	static int foo_count = 3;	VNET_DEFINE_STATIC(int, foo_count) = 3;
 *					#define V_foo_count VNET(foo_count)
 *	extern struct stats st;		VNET_DECLARE(struct stats, st);
 *					#define V_st VNET(st)
 *	static int a, b = 2;		static int a;
 *	  (b selected)			VNET_DEFINE_STATIC(int, b) = 2;
 *
 * The type slot takes the declaration's specifiers without the storage
 * class, plus the pointer part of the declarator; array bounds stay with
 * the name; attributes and the initializer follow the macro.  A type that
 * cannot sit in a macro argument (a function pointer, a struct defined in
 * place, a comma outside parentheses) gets a typedef.  A definition whose
 * header declaration will carry the #define does not repeat it.
 *
 * Pending edits inside a rebuilt statement are folded into its new text.
 */
#include <stdlib.h>
#include <string.h>

#include "model/tokens.h"
#include "passes/decls.h"

static const char *const storage_classes[] = {"static", "extern", "register",
    "auto", NULL};

/*
 * The storage class token i gives, or NULL: the keyword itself, or an
 * object-like macro whose body is one (#define STORAGE static).
 */
static const char *
storage_at(const struct model *m, const struct srcfile *f, size_t i)
{
	const struct macro_use *mu;
	const struct srcfile *df;
	size_t d, k;

	for (k = 0; storage_classes[k] != NULL; k++)
		if (tok_eq(f, i, storage_classes[k]))
			return (storage_classes[k]);
	if (f->toks.t[i].kind != TOK_IDENT ||
	    (mu = model_macro_at(m, f, f->toks.t[i].off)) == NULL ||
	    (df = mu->def_file) == NULL || !df->loaded ||
	    (d = tok_containing(&df->toks, mu->def_off)) == SIZE_MAX ||
	    d + 1 >= df->toks.n || df->toks.t[d + 1].bol ||
	    (d + 2 < df->toks.n && !df->toks.t[d + 2].bol))
		return (NULL);
	for (k = 0; storage_classes[k] != NULL; k++)
		if (tok_eq(df, d + 1, storage_classes[k]))
			return (storage_classes[k]);
	return (NULL);
}

static bool
is_storage(const struct model *m, const struct srcfile *f, size_t i)
{
	return (storage_at(m, f, i) != NULL);
}

/* Does [a, b) give the static storage class, spelled or by a macro? */
static bool
says_static(const struct model *m, const struct srcfile *f, size_t a, size_t b)
{
	const char *sc;
	size_t i;

	for (i = a; i < b; i++)
		if ((sc = storage_at(m, f, i)) != NULL &&
		    strcmp(sc, "static") == 0)
			return (true);
	return (false);
}

static bool
has_token(const struct srcfile *f, size_t a, size_t b, const char *s)
{
	size_t i;

	for (i = a; i < b; i++)
		if (tok_eq(f, i, s) || tok_punct(f, i, s))
			return (true);
	return (false);
}

/*
 * Tokens [a, b) joined as written, without comments and storage classes;
 * when strip_const, const is written VNET_CONST: per-instance copies are
 * writable, but without VIMAGE the object stays const and compiles as
 * before.  A struct or union defined in place keeps its layout and its
 * comments, which document the members: only the storage class goes.
 */
static char *
join_tokens(struct plan *p, struct srcfile *f, size_t a, size_t b,
    bool strip_const)
{
	struct strbuf sb = STRBUF_INIT;
	bool layout = has_token(f, a, b, "{");
	uint32_t at = 0;
	size_t i;
	char *t;

	for (i = a; i < b; i++) {
		if ((!layout && f->toks.t[i].kind == TOK_COMMENT) ||
		    is_storage(p->m, f, i))
			continue;
		if (layout && sb.len > 0)
			sb_add(&sb, f->data + at, f->toks.t[i].off - at);
		else if (sb.len > 0 && f->toks.t[i].ws)
			sb_addc(&sb, ' ');
		at = tok_end(f, i);
		if (strip_const && tok_eq(f, i, "const")) {
			sb_adds(&sb, "VNET_CONST");
			continue;
		}
		t = plan_render(p, f, f->toks.t[i].off, tok_end(f, i), true,
		    false);
		sb_adds(&sb, t);
		free(t);
	}
	return (sb_detach(&sb));
}

/* Does the text need a typedef to sit in a macro argument? */
static bool
needs_typedef(const char *type)
{
	int depth = 0;

	for (; *type != '\0'; type++) {
		if (*type == '(')
			depth++;
		else if (*type == ')')
			depth--;
		else if (*type == '{' || (*type == ',' && depth == 0))
			return (true);
	}
	return (false);
}

/* Does a header this file includes declare v (and so carry V_v)? */
static bool
header_provides(const struct var *v, const struct srcfile *f)
{
	const struct decl *d;
	size_t i, k;

	for (i = 0; i < v->decls.n; i++) {
		d = &v->decls.v[i];
		if (d->file == f || !d->file->editable || d->is_local ||
		    d->inactive)
			continue;
		for (k = 0; k < f->incl.n; k++)
			if (f->incl.v[k] == d->file)
				return (true);
	}
	return (false);
}

/* Does declaration d need a typedef for its type, as build_one() sees it? */
static bool
decl_needs_typedef(struct plan *p, const struct decl *d)
{
	struct decl_stmt ds;
	size_t k;
	bool needs = false;
	char *specs;

	if (decl_stmt_parse(d->file, d->start,
		plan_stmt_first_name(p, d->file, d->start), &ds) &&
	    (k = decl_stmt_find(d->file, &ds, d->name_off)) != SIZE_MAX) {
		specs = join_tokens(p, d->file, ds.first, ds.specs_end, false);
		needs = ds.d.v[k].parens || needs_typedef(specs);
		free(specs);
	}
	decl_stmt_free(&ds);
	return (needs);
}

/* Does a header this file includes declare v with a typedef of its own? */
static bool
header_typedef(struct plan *p, const struct var *v, const struct srcfile *f)
{
	const struct decl *d;
	size_t i, k;

	for (i = 0; i < v->decls.n; i++) {
		d = &v->decls.v[i];
		if (d->file == f || !d->file->editable || d->is_local ||
		    d->inactive || d->pasted || d->macro != NULL)
			continue;
		for (k = 0; k < f->incl.n; k++)
			if (f->incl.v[k] == d->file && decl_needs_typedef(p, d))
				return (true);
	}
	return (false);
}

/*
 * The typedef a converted declaration of v uses when its type cannot sit
 * in the macro: one name for all of v's declarations, so that a header's
 * and its definition's agree (ip_hook_t, not ip_hook_t_2 beside it).
 * *seen says that the typedef is already visible here, from a header
 * this file includes or an earlier declaration in it, and must not be
 * written twice (C99 forbids it).
 */
static const char *
var_typedef(struct plan *p, const struct var *v, const struct srcfile *f,
    const struct decl *d, bool *seen)
{
	char **slot = (char **)hmap_put(&p->typedefs, v->usr, NULL), *base;
	char *key = xasprintf("%s\n%s%s", v->usr, f->path,
	    d->inactive ? "\ninactive" : "");

	if (*slot == NULL) {
		base = xasprintf("%s_t", v->vname);
		*slot = plan_fresh_name(p, base);
		free(base);
	}
	*seen = hmap_has(&p->typedefs, key) ||
	    (!v->is_local && !d->inactive && header_typedef(p, v, f));
	(void)hmap_put(&p->typedefs, key, NULL);
	free(key);
	return (*slot);
}

struct built {
	char *text;	   /* VNET_DEFINE(...) ...; */
	char *define;	   /* #define V_x VNET(x), or NULL */
	const char *vname; /* the name in it */
	char *initialiser; /* the per-instance initialiser, or NULL */
};

/*
 * The converted declaration of one selected declarator dr of statement
 * s: VNET_DEFINE, VNET_DEFINE_STATIC or VNET_DECLARE around its type
 * and name (shared_td, when not NULL, is a typedef the statement's
 * declarators share because their type cannot be written inside the
 * macro), its "#define V_x VNET(x)", and its per-instance initialiser
 * when the initial value cannot stay in the master copy.  The caller
 * owns the strings and decides where each goes.
 */
static struct built
build_one(struct plan *p, struct stmt *s, const struct decl_stmt *ds,
    const struct declarator *dr, struct member *mb, const char *shared_td)
{
	struct srcfile *f = s->f;
	struct var *v = mb->v;
	struct decl *d = mb->d;
	struct built b = {0};
	struct strbuf sb = STRBUF_INIT;
	bool declare = !d->is_def;
	bool is_static = says_static(p->m, f, ds->first, ds->specs_end);
	bool strip = v->is_const && !d->is_local;
	char *specs, *prefix, *arr, *suffix, *attrs, *init, *type;
	const char *tname;
	const char *macro;
	uint32_t bound;

	if (shared_td != NULL)
		specs = xstrdup(shared_td);
	else
		specs = join_tokens(p, f, ds->first, ds->specs_end,
		    strip && !has_token(f, dr->begin, dr->name, "*"));
	prefix = str_trim(plan_render(p, f, f->toks.t[dr->begin].off,
	    f->toks.t[dr->name].off, true, false));
	/*
	 * The bounds right after the name stay with it, even when the rest
	 * of the declarator goes into a typedef (an array of function
	 * pointers); that rest is the suffix.
	 */
	bound = dr->bound < f->toks.n ? f->toks.t[dr->bound].off
				      : tok_end(f, dr->name);
	arr = str_trim(
	    plan_render(p, f, tok_end(f, dr->name), bound, true, false));
	suffix = str_trim(plan_render(p, f, bound,
	    dr->arr_end < f->toks.n ? f->toks.t[dr->arr_end].off : bound, true,
	    false));
	attrs = xstrdup("");
	if (dr->arr_end < dr->eq) {
		free(attrs);
		attrs = str_trim(plan_render(p, f, f->toks.t[dr->arr_end].off,
		    f->toks.t[dr->eq].off, true, false));
	}
	init = xstrdup("");
	if (dr->eq < dr->end) {
		free(init);
		init = str_trim(plan_render(p, f, f->toks.t[dr->eq].off,
		    f->toks.t[dr->end].off, true, false));
	}
	if (strip && has_token(f, dr->begin, dr->name, "*")) {
		/* The object's own const follows the last '*'. */
		char *c = strrchr(prefix, '*');

		if (c != NULL && strstr(c, "const") != NULL) {
			char *q = strstr(c, "const"), *np;

			np = xasprintf("%.*sVNET_CONST%s", (int)(q - prefix),
			    prefix, q + 5);
			free(prefix);
			prefix = np;
		}
	}
	if (dr->parens || needs_typedef(specs)) {
		bool seen;

		tname = var_typedef(p, v, f, d, &seen);
		if (!seen)
			sb_addf(&sb, "typedef %s %s%s%s;\n", specs, prefix,
			    tname, suffix);
		type = xstrdup(tname);
	} else if (prefix[0] != '\0')
		type = xasprintf("%s %s", specs, prefix);
	else
		type = xstrdup(specs);
	if (declare)
		macro = "VNET_DECLARE";
	else if (is_static || v->is_local)
		macro = "VNET_DEFINE_STATIC";
	else
		macro = "VNET_DEFINE";
	sb_addf(&sb, "%s(%s, %s%s)", macro, type, v->vname, arr);
	if (attrs[0] != '\0')
		sb_addf(&sb, " %s", attrs);
	if (init[0] != '\0' && !declare) {
		size_t ilen, ls, last;
		const char *ind = "";
		const char *nl = strchr(init, '\n');

		/*
		 * A first line the macro pushed past column 80 breaks after
		 * the '=', the initializer going on four spaces in, as
		 * style(9) continues a statement.
		 */
		ilen = 0;
		if (!v->is_local) {
			ls = line_indent(f->data, f->len,
			    f->toks.t[ds->first].off, &ilen);
			ind = f->data + ls;
		}
		last = sb.len;
		while (last > 0 && sb.s[last - 1] != '\n')
			last--;
		if (init[0] == '=' &&
		    text_width(sb.s + last, sb.len - last,
			text_width(ind, ilen, 0)) +
			    1 +
			    (nl != NULL ? (size_t)(nl - init) : strlen(init)) >
			80)
			sb_addf(&sb, " =\n%.*s    %s", (int)ilen, ind,
			    init + 1 + strspn(init + 1, " \t"));
		else
			sb_addf(&sb, " %s", init);
	}
	sb_addc(&sb, ';');
	b.text = sb_detach(&sb);
	if (strip)
		plan_review(p, REVIEW_CONST, f, d->name_off, v,
		    "%s is const; it is declared VNET_CONST, which is const "
		    "only without VIMAGE (vnet data is writable)",
		    v->name);
	free(specs);
	free(prefix);
	free(arr);
	free(suffix);
	free(attrs);
	free(init);
	free(type);
	p->stats[v->idx].decls++;
	return (b);
}

static void
free_built(struct built *b)
{
	free(b->text);
	free(b->define);
	free(b->initialiser);
}

bool
is_array_decl(const struct declarator *dr)
{
	return (dr->bound > dr->name + 1);
}

/*
 * Where what follows the statement ending at semi_end goes: at the start
 * of the next line, past a comment that opens on its last line, however
 * many lines that comment runs on.  A statement that shares its line with
 * code has the line broken after it (*split).
 */
uint32_t
after_point(const struct srcfile *f, uint32_t semi_end, bool *split)
{
	uint32_t le = (uint32_t)line_end(f->data, f->len, semi_end - 1);
	size_t i = tok_at_or_after(&f->toks, semi_end);

	*split = false;
	for (; i < f->toks.n && f->toks.t[i].off < le; i++) {
		if (f->toks.t[i].kind != TOK_COMMENT) {
			*split = true;
			return (semi_end);
		}
		if (tok_end(f, i) > le)
			le = (uint32_t)line_end(f->data, f->len,
			    tok_end(f, i) - 1);
	}
	return (le);
}

/* The text after a statement: its #define and its initialiser. */
void
append_after(struct plan *p, struct srcfile *f, uint32_t semi_end,
    const char *text)
{
	bool split;
	uint32_t at = after_point(f, semi_end, &split);
	char *t;

	if (split) {
		/* The rest of the line starts its own line below. */
		size_t i = at;

		while (i < f->len && (f->data[i] == ' ' || f->data[i] == '\t'))
			i++;
		t = xasprintf("\n%s", text);
		plan_edit(p, f, at, (uint32_t)(i - at), t, 1, "definition");
		free(t);
		return;
	}
	if (at == f->len && (f->len == 0 || f->data[f->len - 1] != '\n'))
		t = xasprintf("\n%s", text);
	else
		t = xstrdup(text);
	plan_edit(p, f, at, 0, t, 1, "definition");
	free(t);
}

/*
 * A statement being rebuilt.  Its new text is assembled declarator by
 * declarator: selected ones become VNET_ macros in place or go to the
 * hoists, and runs of unselected ones stay together with the specifiers
 * they had.
 */
struct rebuild {
	struct plan *p;
	struct stmt *s;
	struct srcfile *f;
	struct decl_stmt ds;
	const char *indent; /* the statement's line's */
	size_t indent_len;
	char *shared_td;   /* typedef of a struct defined in place */
	char *specs;	   /* the specifiers unselected declarators keep */
	struct strbuf out; /* replaces the statement */
	struct after_stmt after; /* goes on the lines after it */
	struct strbuf kept;	 /* the current run of unselected declarators */
	bool in_run;		 /* kept holds a run not closed yet */
	bool any_kept;		 /* some declarator stays as it was */
	bool fresh_line;	 /* out ends with a new, indented line */
	size_t nhoist;		 /* declarators that move to file scope */
	size_t first_hoist;    /* this statement's first entry in the hoists */
	char *moved, *leading; /* comments that go with a deleted statement */
};

static bool
wanted(const struct member *mb)
{
	return (mb != NULL && mb->v->selected && !mb->v->converted);
}

static bool
hoisted(const struct member *mb)
{
	return (mb->v->is_local && !mb->d->is_extern);
}

/* Start a new line in out, unless it has just started one. */
static void
rb_newline(struct rebuild *rb)
{
	if (rb->out.len > 0 && !rb->fresh_line)
		sb_addf(&rb->out, "\n%.*s", (int)rb->indent_len, rb->indent);
}

/*
 * Parse the statement and decide its specifiers: a struct defined in
 * place and shared with unselected declarators is named once, by a
 * typedef that opens the new text.
 */
static bool
rb_begin(struct rebuild *rb, struct plan *p, struct stmt *s, size_t nhoists)
{
	struct srcfile *f = s->f;
	size_t i, nsel = 0;
	char *t;

	memset(rb, 0, sizeof(*rb));
	rb->p = p;
	rb->s = s;
	rb->f = f;
	rb->first_hoist = nhoists;
	if (!decl_stmt_parse(f, s->start, plan_stmt_first_name(p, f, s->start),
		&rb->ds))
		return (false);
	rb->indent = f->data +
	    line_indent(f->data, f->len, f->toks.t[rb->ds.first].off,
		&rb->indent_len);
	for (i = 0; i < s->m.n; i++) {
		if (wanted(&s->m.v[i])) {
			nsel++;
			rb->nhoist += hoisted(&s->m.v[i]);
		}
	}
	if (nsel == rb->ds.d.n ||
	    !has_token(f, rb->ds.first, rb->ds.specs_end, "{")) {
		rb->specs =
		    str_trim(plan_render(p, f, f->toks.t[rb->ds.first].off,
			f->toks.t[rb->ds.specs_end].off, true, false));
		return (true);
	}
	for (i = 0; i < s->m.n && rb->shared_td == NULL; i++) {
		if (wanted(&s->m.v[i])) {
			t = xasprintf("%s_t", s->m.v[i].v->vname);
			rb->shared_td = plan_fresh_name(p, t);
			free(t);
		}
	}
	t = join_tokens(p, f, rb->ds.first, rb->ds.specs_end, false);
	/* The next declarator starts its own line below it. */
	sb_addf(&rb->out, "typedef %s %s;", t, rb->shared_td);
	free(t);
	rb->specs = xasprintf("%s%s",
	    says_static(p->m, f, rb->ds.first, rb->ds.specs_end) ? "static "
								 : "",
	    rb->shared_td);
	return (true);
}

/* The member declared by declarator dr, or NULL. */
static struct member *
rb_member(struct rebuild *rb, const struct declarator *dr)
{
	struct member *mb = NULL;
	size_t i;

	for (i = 0; i < rb->s->m.n; i++)
		if (rb->s->m.v[i].d->name_off == rb->f->toks.t[dr->name].off)
			mb = &rb->s->m.v[i];
	return (mb);
}

/* An unselected declarator joins the run, as written. */
static void
rb_keep(struct rebuild *rb, const struct declarator *dr)
{
	struct srcfile *f = rb->f;
	char *t = str_trim(plan_render(rb->p, f, f->toks.t[dr->begin].off,
	    f->toks.t[dr->end].off, true, false));

	if (!rb->in_run) {
		rb_newline(rb);
		sb_addf(&rb->kept, "%s %s", rb->specs, t);
	} else
		sb_addf(&rb->kept, ", %s", t);
	free(t);
	rb->in_run = rb->any_kept = true;
}

/* The run of unselected declarators ends: it is a statement of its own. */
static void
rb_close_run(struct rebuild *rb)
{
	if (!rb->in_run)
		return;
	sb_addf(&rb->out, "%s;", sb_str(&rb->kept));
	sb_reset(&rb->kept);
	rb->in_run = false;
	rb->fresh_line = false;
}

/*
 * The converted declaration of a selected declarator, with its #define
 * line unless a header it includes carries one (or one was made for this
 * file already), and its per-instance initialiser if it needs one.
 */
static struct built
rb_build(struct rebuild *rb, const struct declarator *dr, struct member *mb,
    struct hmap *defined)
{
	struct plan *p = rb->p;
	struct var *v = mb->v;
	char *initialiser = NULL, *key;
	struct built b;

	if (mb->d->is_def && p->stats[v->idx].initialiser &&
	    mb->d->init_start != NO_OFFSET && initialiser_possible(p, v, mb->d))
		initialiser =
		    initialiser_block(p, v, rb->f, mb->d, is_array_decl(dr));
	b = build_one(p, rb->s, &rb->ds, dr, mb, rb->shared_td);
	b.initialiser = initialiser;
	/*
	 * One #define per file, but a declaration in a skipped branch has
	 * its own: that branch is not where the others are.
	 */
	key = xasprintf("%s\n%s%s", v->usr, rb->f->path,
	    mb->d->inactive ? "\ninactive" : "");
	if (!v->is_local && header_provides(v, rb->f)) {
		/* A local extern redeclaration too: V_x is there. */
		if (mb->d->is_def)
			p->stats[v->idx].header_define = true;
	} else if (!hmap_has(defined, key)) {
		b.define = plan_define_line(p, rb->f, v->vname);
		b.vname = v->vname;
		(void)hmap_put(defined, key, NULL);
	}
	free(key);
	plan_file(p, rb->f)->needs_include = true;
	return (b);
}

/*
 * A local static goes to file scope.  Hoists go in declaration order,
 * after anything the statements above insert at the same place; the last
 * one of a statement that moves out whole deletes it.
 */
static void
rb_hoist(struct rebuild *rb, size_t k, struct member *mb, const struct built *b,
    hoist_vec *hoists)
{
	struct hoist h = {rb->f, mb->d->func_start, NULL,
	    2 + (unsigned)hoists->n};
	struct strbuf hs = STRBUF_INIT;

	sb_adds(&hs, b->text);
	if (rb->nhoist == rb->ds.d.n && k + 1 == rb->ds.d.n)
		hoist_delete_statement(rb->p, rb->f, &rb->ds, &rb->moved,
		    &rb->leading);
	if (rb->moved != NULL)
		sb_addf(&hs, " %s", rb->moved);
	sb_addf(&hs, "\n%s\n", b->define != NULL ? b->define : "");
	if (b->initialiser != NULL)
		sb_adds(&hs, b->initialiser);
	h.text = sb_detach(&hs);
	VEC_PUSH(hoists, h);
	hoist_comment(hoists, rb->first_hoist, rb->leading);
	rb->p->stats[mb->v->idx].hoisted = true;
	rb->fresh_line = false;
}

/*
 * A converted declarator stays where it was.  The last one's #define and
 * initialiser go after the statement, an earlier one's right below it.
 */
static void
rb_in_place(struct rebuild *rb, size_t k, const struct built *b)
{
	rb_newline(rb);
	sb_adds(&rb->out, b->text);
	if (k + 1 < rb->ds.d.n) {
		if (b->define != NULL)
			sb_addf(&rb->out, "\n%s", b->define);
		if (b->initialiser != NULL)
			sb_addf(&rb->out, "\n%.*s",
			    (int)strlen(b->initialiser) - 1, b->initialiser);
		sb_addf(&rb->out, "\n%.*s", (int)rb->indent_len, rb->indent);
		rb->fresh_line = true;
		return;
	}
	if (b->define != NULL)
		VEC_PUSH(&rb->after.vnames, xstrdup(b->vname));
	if (b->initialiser != NULL)
		rb->after.initialiser = xstrdup(b->initialiser);
	rb->fresh_line = false;
}

/* The new text replaces the statement, or the statement goes. */
static void
rb_finish(struct rebuild *rb, hoist_vec *hoists)
{
	struct srcfile *f = rb->f;
	uint32_t a, e;
	size_t n;
	char *t;

	if (rb->nhoist == rb->ds.d.n)
		return; /* everything moved out; the last hoist deleted it */
	if (rb->nhoist > 0 && !rb->any_kept && rb->out.len == 0) {
		hoist_delete_statement(rb->p, f, &rb->ds, &rb->moved,
		    &rb->leading);
		hoist_comment(hoists, rb->first_hoist, rb->leading);
		return;
	}
	a = f->toks.t[rb->ds.first].off;
	e = tok_end(f, rb->ds.semi);
	/* The folded pending edits are gone; the statement takes it all. */
	t = str_trim(sb_detach(&rb->out));
	/* No newline at the end: the rest of the line follows. */
	for (n = strlen(t); n > 0 && t[n - 1] == '\n'; n--)
		t[n - 1] = '\0';
	plan_edit(rb->p, f, a, e - a, t, 0, "declaration");
	free(t);
	if (rb->after.vnames.n > 0 || rb->after.initialiser != NULL) {
		rb->after.f = f;
		rb->after.start = a;
		rb->after.end = e;
		VEC_PUSH(&rb->p->afters, rb->after);
		memset(&rb->after, 0, sizeof(rb->after));
	}
}

static void
rb_free(struct rebuild *rb)
{
	free(rb->moved);
	free(rb->leading);
	free(rb->specs);
	free(rb->shared_td);
	sb_free(&rb->out);
	while (rb->after.vnames.n > 0)
		free(rb->after.vnames.v[--rb->after.vnames.n]);
	VEC_FREE(&rb->after.vnames);
	free(rb->after.initialiser);
	sb_free(&rb->kept);
	decl_stmt_free(&rb->ds);
}

void
rebuild_stmt(struct plan *p, struct stmt *s, hoist_vec *hoists,
    struct hmap *defined)
{
	struct rebuild rb;
	struct declarator *dr;
	struct member *mb;
	struct built b;
	size_t k;

	if (!rb_begin(&rb, p, s, hoists->n)) {
		rb_free(&rb);
		return;
	}
	for (k = 0; k < rb.ds.d.n; k++) {
		dr = &rb.ds.d.v[k];
		mb = rb_member(&rb, dr);
		if (!wanted(mb)) {
			rb_keep(&rb, dr);
			continue;
		}
		rb_close_run(&rb);
		b = rb_build(&rb, dr, mb, defined);
		if (hoisted(mb))
			rb_hoist(&rb, k, mb, &b, hoists);
		else
			rb_in_place(&rb, k, &b);
		free_built(&b);
	}
	rb_close_run(&rb);
	rb_finish(&rb, hoists);
	rb_free(&rb);
}
