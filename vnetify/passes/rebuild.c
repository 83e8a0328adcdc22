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

static bool
is_storage(const struct srcfile *f, size_t i)
{
	return (tok_eq(f, i, "static") || tok_eq(f, i, "extern") ||
	    tok_eq(f, i, "register") || tok_eq(f, i, "auto"));
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
		    is_storage(f, i))
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
		if (d->file == f || !d->file->editable || d->is_local)
			continue;
		for (k = 0; k < f->incl.n; k++)
			if (f->incl.v[k] == d->file)
				return (true);
	}
	return (false);
}

struct built {
	char *text;	   /* VNET_DEFINE(...) ...; */
	char *define;	   /* #define V_x VNET(x), or NULL */
	char *initialiser; /* the per-instance initialiser, or NULL */
};

/* The converted declaration of one selected declarator. */
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
	bool is_static = has_token(f, ds->first, ds->specs_end, "static");
	bool strip = v->is_const && !d->is_local;
	char *specs, *prefix, *arr, *suffix, *attrs, *init, *type, *tname;
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
		char *base = xasprintf("%s_t", v->vname);

		tname = plan_fresh_name(p, base);
		free(base);
		sb_addf(&sb, "typedef %s %s%s%s;\n", specs, prefix, tname,
		    suffix);
		type = xstrdup(tname);
		free(tname);
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
		plan_review(p, f, d->name_off, v, true,
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

/* The text after a statement: its #define and its initialiser. */
void
append_after(struct plan *p, struct srcfile *f, uint32_t semi_end,
    const char *text)
{
	uint32_t le = (uint32_t)line_end(f->data, f->len, semi_end - 1);
	char *t;

	if (le == f->len && (f->len == 0 || f->data[f->len - 1] != '\n'))
		t = xasprintf("\n%s", text);
	else
		t = xstrdup(text);
	plan_edit(p, f, le, 0, t, 1, "definition");
	free(t);
}

void
rebuild_stmt(struct plan *p, struct stmt *s, hoist_vec *hoists,
    struct hmap *defined)
{
	struct srcfile *f = s->f;
	struct strbuf out = STRBUF_INIT, after = STRBUF_INIT, seg = STRBUF_INIT;
	struct decl_stmt ds;
	struct member *mb;
	struct declarator *dr;
	struct built b;
	size_t i, k, indent_len, nsel = 0, nhoist = 0;
	char *shared_td = NULL, *specs_orig, *t, *key, *initialiser;
	char *moved = NULL, *leading = NULL;
	size_t first_hoist = hoists->n;
	const char *indent;
	bool pending_unsel = false, last_selected = false, any_unsel = false;
	uint32_t a, e;

	if (!decl_stmt_parse(f, s->start, plan_stmt_first_name(p, f, s->start),
		&ds))
		return;
	indent = f->data +
	    line_indent(f->data, f->len, f->toks.t[ds.first].off, &indent_len);
	for (i = 0; i < s->m.n; i++) {
		mb = &s->m.v[i];
		if (mb->v->selected && !mb->v->converted) {
			nsel++;
			nhoist += mb->v->is_local && !mb->d->is_extern;
		}
	}
	/* A struct defined in place, shared with others: name it once. */
	if (nsel < ds.d.n && has_token(f, ds.first, ds.specs_end, "{")) {
		for (i = 0; i < s->m.n && shared_td == NULL; i++) {
			mb = &s->m.v[i];
			if (mb->v->selected && !mb->v->converted) {
				t = xasprintf("%s_t", mb->v->vname);
				shared_td = plan_fresh_name(p, t);
				free(t);
			}
		}
		t = join_tokens(p, f, ds.first, ds.specs_end, false);
		/* The next declarator starts its own line below it. */
		sb_addf(&out, "typedef %s %s;", t, shared_td);
		free(t);
		specs_orig = xasprintf("%s%s",
		    has_token(f, ds.first, ds.specs_end, "static") ? "static "
								   : "",
		    shared_td);
	} else
		specs_orig = str_trim(plan_render(p, f, f->toks.t[ds.first].off,
		    f->toks.t[ds.specs_end].off, true, false));

	for (k = 0; k < ds.d.n; k++) {
		dr = &ds.d.v[k];
		mb = NULL;
		for (i = 0; i < s->m.n; i++)
			if (s->m.v[i].d->name_off == f->toks.t[dr->name].off)
				mb = &s->m.v[i];
		if (mb == NULL || !mb->v->selected || mb->v->converted) {
			/* Unselected declarators stay together, as written. */
			a = f->toks.t[dr->begin].off;
			e = f->toks.t[dr->end].off;
			t = str_trim(plan_render(p, f, a, e, true, false));
			if (!pending_unsel) {
				if (out.len > 0 && !last_selected)
					sb_addf(&out, "\n%.*s", (int)indent_len,
					    indent);
				sb_addf(&seg, "%s %s", specs_orig, t);
			} else
				sb_addf(&seg, ", %s", t);
			free(t);
			pending_unsel = true;
			any_unsel = true;
			continue;
		}
		if (pending_unsel) {
			sb_addf(&out, "%s;", sb_str(&seg));
			sb_reset(&seg);
			pending_unsel = false;
		}
		initialiser = NULL;
		if (mb->d->is_def && p->stats[mb->v->idx].initialiser &&
		    mb->d->init_start != NO_OFFSET &&
		    initialiser_possible(p, mb->v, mb->d))
			initialiser = initialiser_block(p, mb->v, f, mb->d,
			    is_array_decl(dr));
		b = build_one(p, s, &ds, dr, mb, shared_td);
		b.initialiser = initialiser;
		key = xasprintf("%s\n%s", mb->v->usr, f->path);
		if (!mb->v->is_local && header_provides(mb->v, f)) {
			/* A local extern redeclaration too: V_x is there. */
			if (mb->d->is_def)
				p->stats[mb->v->idx].header_define = true;
		} else if (!hmap_has(defined, key)) {
			b.define = plan_define_line(p, f, mb->v->vname);
			(void)hmap_put(defined, key, NULL);
		}
		free(key);
		plan_file(p, f)->needs_include = true;
		if (mb->v->is_local && !mb->d->is_extern) {
			/*
			 * Hoists go in declaration order, after anything the
			 * statements above insert at the same place.
			 */
			struct hoist h = {f, mb->d->func_start, NULL,
			    2 + (unsigned)hoists->n};
			struct strbuf hs = STRBUF_INIT;

			sb_addf(&hs, "%s", b.text);
			if (nhoist == ds.d.n && k + 1 == ds.d.n)
				hoist_delete_statement(p, f, &ds, &moved,
				    &leading);
			if (moved != NULL)
				sb_addf(&hs, " %s", moved);
			sb_addf(&hs, "\n%s\n",
			    b.define != NULL ? b.define : "");
			if (b.initialiser != NULL)
				sb_adds(&hs, b.initialiser);
			h.text = sb_detach(&hs);
			VEC_PUSH(hoists, h);
			hoist_comment(hoists, first_hoist, leading);
			p->stats[mb->v->idx].hoisted = true;
			free_built(&b);
			last_selected = false;
			continue;
		}
		if (out.len > 0 && !last_selected)
			sb_addf(&out, "\n%.*s", (int)indent_len, indent);
		sb_adds(&out, b.text);
		if (k + 1 < ds.d.n) {
			if (b.define != NULL)
				sb_addf(&out, "\n%s", b.define);
			if (b.initialiser != NULL)
				sb_addf(&out, "\n%.*s",
				    (int)strlen(b.initialiser) - 1,
				    b.initialiser);
			sb_addf(&out, "\n%.*s", (int)indent_len, indent);
			last_selected = true;
		} else {
			if (b.define != NULL)
				sb_addf(&after, "%s\n", b.define);
			if (b.initialiser != NULL)
				sb_adds(&after, b.initialiser);
			last_selected = false;
		}
		free_built(&b);
	}
	if (pending_unsel)
		sb_addf(&out, "%s;", sb_str(&seg));
	if (nhoist == ds.d.n) {
		/* Everything moved out; delete_statement did the rest. */
	} else if (nhoist > 0 && !any_unsel && out.len == 0) {
		hoist_delete_statement(p, f, &ds, &moved, &leading);
		hoist_comment(hoists, first_hoist, leading);
	} else {
		a = f->toks.t[ds.first].off;
		e = tok_end(f, ds.semi);
		/* The folded pending edits are gone; the statement takes it
		 * all. */
		t = str_trim(sb_detach(&out));
		/* Keep a trailing newline-free end: the line's rest follows. */
		while (strlen(t) > 0 && t[strlen(t) - 1] == '\n')
			t[strlen(t) - 1] = '\0';
		plan_edit(p, f, a, e - a, t, 0, "declaration");
		free(t);
		if (after.len > 0)
			append_after(p, f, e, sb_str(&after));
	}
	free(moved);
	free(leading);
	free(specs_orig);
	free(shared_td);
	sb_free(&out);
	sb_free(&after);
	sb_free(&seg);
	decl_stmt_free(&ds);
}
