/*
 * decls.c: definitions and declarations.
 *
 * Each declaration statement holding a selected variable is rebuilt:
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
 * Function-local statics move to file scope, just above their function,
 * under a name made of the function's and their own.  An object whose
 * initializer holds addresses of virtualized variables keeps the master
 * addresses (VNET_NAME) in its definition and gets, under #ifdef VIMAGE, a
 * VNET_SYSINIT that sets each instance's copy from the same initializer
 * written with V_ names, so no instance points into the master copy.
 *
 * Pending edits inside a rebuilt statement are folded into its new text.
 */
#include <stdlib.h>
#include <string.h>

#include "model/calls.h"
#include "model/declarator.h"
#include "model/tokens.h"
#include "passes/plan.h"

struct member {
	struct var *v;
	struct decl *d;
};

struct stmt {
	struct srcfile *f;
	uint32_t start;
	VEC(struct member) m;
};

static char *
render(struct plan *p, struct srcfile *f, uint32_t a, uint32_t b, bool consume,
    bool v_names)
{
	return (plan_render(p, f, a, b, consume, v_names));
}

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
		t = render(p, f, f->toks.t[i].off, tok_end(f, i), true, false);
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

static bool
is_ident_byte(char c)
{
	return (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (unsigned char)c >= 0x80);
}

/* Does s hold the identifier id as a whole token? */
static bool
has_ident(const char *s, const char *id)
{
	size_t n = strlen(id);
	const char *q;

	for (q = strstr(s, id); q != NULL; q = strstr(q + 1, id))
		if ((q == s || !is_ident_byte(q[-1])) && !is_ident_byte(q[n]))
			return (true);
	return (false);
}

/* base, or base_2, base_3...: a local name the initializer does not use. */
static char *
local_name(const char *init, const char *base)
{
	char *name = xstrdup(base);
	unsigned n = 2;

	while (has_ident(init, name)) {
		free(name);
		name = xasprintf("%s_%u", base, n++);
	}
	return (name);
}

/*
 * The initializer as per-instance code: every VNET_NAME(x), whether this
 * run wrote it or the source already had it, becomes V_x.
 */
static char *
instance_init(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *q, *e;

	while ((q = strstr(s, "VNET_NAME(")) != NULL) {
		e = q + 10;
		while (*e == ' ' || *e == '\t')
			e++;
		sb_add(&sb, s, (size_t)(q - s));
		if ((q == s || !is_ident_byte(q[-1])) && is_ident_byte(*e)) {
			const char *id = e;

			while (is_ident_byte(*e))
				e++;
			if (*e == ')') {
				sb_addf(&sb, "V_%.*s", (int)(e - id), id);
				s = e + 1;
				continue;
			}
		}
		sb_add(&sb, q, 10);
		s = q + 10;
	}
	sb_adds(&sb, s);
	return (sb_detach(&sb));
}

/*
 * The per-instance initialiser of v.  The initializer is the one of the
 * definition written with V_ names; it initializes a local of v's type,
 * which works whatever the initializer is (an expression, a braced list,
 * a macro that expands to one), and the local is then copied in.
 */
static char *
initialiser_block(struct plan *p, struct var *v, struct srcfile *f,
    const struct decl *d, bool is_array)
{
	char *raw, *init, *fn, *assign, *s, *base, *tmp, *arg;

	raw = str_trim(render(p, f, d->init_start, d->init_end, false, true));
	init = instance_init(raw);
	free(raw);
	base = xasprintf("vnet_%s_init", v->vname);
	fn = plan_fresh_name(p, base);
	free(base);
	tmp = local_name(init, "init");
	arg = local_name(init, "unused");
	if (is_array)
		assign = xasprintf("__builtin_memcpy(V_%s, %s, sizeof(V_%s));",
		    v->vname, tmp, v->vname);
	else
		assign = xasprintf("V_%s = %s;", v->vname, tmp);
	s = xasprintf("#ifdef VIMAGE\n"
		      "/* Each instance's %s points into that instance. */\n"
		      "static void\n"
		      "%s(const void *%s)\n"
		      "{\n"
		      "\t__typeof__(V_%s) %s = %s;\n"
		      "\n"
		      "\t(void)%s;\n"
		      "\t%s\n"
		      "}\n"
		      "VNET_SYSINIT(%s, SI_SUB_VNET, SI_ORDER_ANY,\n"
		      "    %s, NULL);\n"
		      "#endif\n",
	    v->vname, fn, arg, v->vname, tmp, init, arg, assign, fn, fn);
	free(init);
	free(fn);
	free(tmp);
	free(arg);
	free(assign);
	return (s);
}

/* Can the initializer be redone in a function?  Body uses cannot. */
static bool
initialiser_possible(struct plan *p, const struct var *o, const struct decl *d)
{
	const struct var *v;
	const struct use *u;
	const char *mname;
	size_t i, j, m, mlen;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		for (j = 0; j < v->uses.n; j++) {
			u = &v->uses.v[j];
			if (u->owner != o || u->kind != USE_MACRO_BODY)
				continue;
			m = define_at(u->file, u->off);
			mname =
			    m != SIZE_MAX ? tok_text(u->file, m, &mlen) : "?";
			if (m == SIZE_MAX)
				mlen = 1;
			plan_review(p, d->file, d->name_off, o, false,
			    "the initializer of %s reaches %s through macro "
			    "%.*s; no per-instance initialiser could be "
			    "generated: set %s in a VNET_SYSINIT by hand",
			    o->name, v->name, (int)mlen, mname, o->vname);
			return (false);
		}
	}
	return (true);
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
	prefix = str_trim(render(p, f, f->toks.t[dr->begin].off,
	    f->toks.t[dr->name].off, true, false));
	/*
	 * The bounds right after the name stay with it, even when the rest
	 * of the declarator goes into a typedef (an array of function
	 * pointers); that rest is the suffix.
	 */
	bound = dr->bound < f->toks.n ? f->toks.t[dr->bound].off
				      : tok_end(f, dr->name);
	arr = str_trim(render(p, f, tok_end(f, dr->name), bound, true, false));
	suffix = str_trim(render(p, f, bound,
	    dr->arr_end < f->toks.n ? f->toks.t[dr->arr_end].off : bound, true,
	    false));
	attrs = xstrdup("");
	if (dr->arr_end < dr->eq) {
		free(attrs);
		attrs = str_trim(render(p, f, f->toks.t[dr->arr_end].off,
		    f->toks.t[dr->eq].off, true, false));
	}
	init = xstrdup("");
	if (dr->eq < dr->end) {
		free(init);
		init = str_trim(render(p, f, f->toks.t[dr->eq].off,
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

struct hoist {
	struct srcfile *f;
	uint32_t func_start;
	char *text;
	unsigned order;
};
typedef VEC(struct hoist) hoist_vec;

static void
free_built(struct built *b)
{
	free(b->text);
	free(b->define);
	free(b->initialiser);
}

/* Where text can go just above a function: before its comment block. */
static uint32_t
above_function(const struct srcfile *f, uint32_t func_start)
{
	size_t i = tok_at_or_after(&f->toks, func_start);
	uint32_t pos = (uint32_t)line_start(f->data, func_start);

	while (i > 0 && f->toks.t[i - 1].kind == TOK_COMMENT &&
	    f->toks.t[i - 1].bol &&
	    line_end(f->data, f->len, tok_end(f, i - 1) - 1) == pos) {
		pos = (uint32_t)line_start(f->data, f->toks.t[i - 1].off);
		i--;
	}
	return (pos);
}

/* s[0, n) without the first ilen bytes of indent after each newline. */
static char *
dedent(const char *s, size_t n, const char *indent, size_t ilen)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		sb_addc(&sb, s[i]);
		if (s[i] == '\n' && ilen > 0 && n - i - 1 >= ilen &&
		    memcmp(s + i + 1, indent, ilen) == 0)
			i += ilen;
	}
	return (sb_detach(&sb));
}

/*
 * Delete a local statement: whole lines when it has them to itself.  Then
 * a comment after it on its last line and the comment block on the lines
 * right above it describe it, and move with it: *trailing and *leading
 * (de-indented for file scope), NULL when there is none.  A statement that
 * shares its lines keeps its comments where they are.
 */
static void
delete_statement(struct plan *p, struct srcfile *f, const struct decl_stmt *ds,
    char **trailing, char **leading)
{
	uint32_t a = f->toks.t[ds->first].off, b = tok_end(f, ds->semi);
	uint32_t ls = (uint32_t)line_start(f->data, a);
	uint32_t le = (uint32_t)line_end(f->data, f->len, b - 1);
	size_t i, c = SIZE_MAX;
	bool alone = true;

	*trailing = *leading = NULL;
	for (i = ls; i < a; i++)
		if (f->data[i] != ' ' && f->data[i] != '\t')
			alone = false;
	if (ds->semi + 1 < f->toks.n && f->toks.t[ds->semi + 1].off < le) {
		if (f->toks.t[ds->semi + 1].kind == TOK_COMMENT &&
		    (ds->semi + 2 >= f->toks.n ||
			f->toks.t[ds->semi + 2].off >= le))
			c = ds->semi + 1;
		else
			alone = false;
	}
	if (!alone) {
		/* With the blanks after it, so what follows does not shift. */
		while (b < f->len && (f->data[b] == ' ' || f->data[b] == '\t'))
			b++;
		plan_edit(p, f, a, b - a, "", 0, "hoisted local");
		return;
	}
	if (c != SIZE_MAX)
		*trailing =
		    xstrndup(f->data + f->toks.t[c].off, f->toks.t[c].len);
	for (i = ds->first; i > 0 && f->toks.t[i - 1].kind == TOK_COMMENT &&
	    f->toks.t[i - 1].bol &&
	    line_end(f->data, f->len, tok_end(f, i - 1) - 1) == ls;
	    i--)
		ls = (uint32_t)line_start(f->data, f->toks.t[i - 1].off);
	if (i < ds->first)
		*leading = dedent(f->data + f->toks.t[i].off,
		    tok_end(f, ds->first - 1) - f->toks.t[i].off, f->data + ls,
		    f->toks.t[i].off - ls);
	plan_edit(p, f, ls, le - ls, "", 0, "hoisted local");
}

/* Put the comment that moved with a statement above its first hoist. */
static void
hoist_comment(hoist_vec *hoists, size_t first, char *leading)
{
	char *t;

	if (leading == NULL || first >= hoists->n)
		return;
	t = xasprintf("%s\n%s", leading, hoists->v[first].text);
	free(hoists->v[first].text);
	hoists->v[first].text = t;
}

static bool
is_array_decl(const struct declarator *dr)
{
	return (dr->bound > dr->name + 1);
}

/* The text after a statement: its #define and its initialiser. */
static void
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

static void
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
		specs_orig = str_trim(render(p, f, f->toks.t[ds.first].off,
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
			t = str_trim(render(p, f, a, e, true, false));
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
				delete_statement(p, f, &ds, &moved, &leading);
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
		delete_statement(p, f, &ds, &moved, &leading);
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

/* A converted variable still needs its initialiser: add only that. */
static void
initialiser_of_converted(struct plan *p, struct var *v)
{
	const struct decl *d = var_defining_decl(v);
	struct decl_stmt ds;
	char *block;
	size_t k;

	if (d == NULL || !d->is_def || d->init_start == NO_OFFSET ||
	    !d->file->editable || !initialiser_possible(p, v, d))
		return;
	if (!decl_stmt_parse(d->file, d->start, d->name_off, &ds))
		return;
	k = decl_stmt_find(d->file, &ds, d->name_off);
	block = initialiser_block(p, v, d->file, d,
	    k != SIZE_MAX && is_array_decl(&ds.d.v[k]));
	append_after(p, d->file, tok_end(d->file, ds.semi), block);
	free(block);
	decl_stmt_free(&ds);
}

/* The name of every "#define V_..." in the root's files. */
static void
collect_v_defines(struct plan *p, struct hmap *out)
{
	struct srcfile *f;
	const char *s;
	size_t i, j, len;

	for (i = 0; i < p->m->files.cap; i++) {
		f = p->m->files.slots[i].key != NULL ? p->m->files.slots[i].val
						     : NULL;
		if (f == NULL || f->rel == NULL || f->system || !file_load(f))
			continue;
		for (j = 0; j + 1 < f->toks.n; j++) {
			if (!tok_eq(f, j, "define") ||
			    tok_directive(&f->toks, f->data, j) != j)
				continue;
			s = tok_text(f, j + 1, &len);
			if (len > 2 && s[0] == 'V' && s[1] == '_') {
				char *name = xstrndup(s, len);

				(void)hmap_put(out, name, NULL);
				free(name);
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
	int depth = 0;

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
	for (j = cs.rparen + 1; j < f->toks.n && !f->toks.t[j].pp; j++) {
		if (tok_punct(f, j, "(") || tok_punct(f, j, "[") ||
		    tok_punct(f, j, "{"))
			depth++;
		else if (tok_punct(f, j, ")") || tok_punct(f, j, "]") ||
		    tok_punct(f, j, "}"))
			depth--;
		else if (depth == 0 && tok_punct(f, j, ";"))
			break;
	}
	if (j < f->toks.n && tok_punct(f, j, ";")) {
		line = plan_define_line(p, f, v->vname);
		t = xasprintf("%s\n", line);
		append_after(p, f, tok_end(f, j), t);
		(void)hmap_put(vdefs, name, NULL);
		free(line);
		free(t);
	}
	free(name);
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
			if (!d->file->editable || d->name_in_macro)
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
	for (i = 0; i < order.n; i++)
		rebuild_stmt(p, order.v[i], &hoists, &defined);
	for (i = 0; i < hoists.n; i++) {
		struct hoist *h = &hoists.v[i];
		char *t = xasprintf("%s\n", h->text);

		plan_edit(p, h->f, above_function(h->f, h->func_start), 0, t,
		    (int)h->order, "hoisted definition");
		plan_file(p, h->f)->needs_include = true;
		free(t);
		free(h->text);
	}
	VEC_FREE(&hoists);
	VEC_FREE(&order);
	hmap_free(&stmts, free_stmt);
	hmap_free(&defined, NULL);
	hmap_free(&vdefs, NULL);
}
