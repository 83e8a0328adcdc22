/*
 * initialisers.c: an object whose static initializer holds addresses of
 * virtualized variables keeps the master addresses (VNET_NAME) in its
 * definition, which every new instance copies, and gets under #ifdef
 * VIMAGE a VNET_SYSINIT that sets each instance's copy from the same
 * initializer written with V_ names.  So no instance points into the
 * master copy, and without VIMAGE nothing changes.
 */
#include <stdlib.h>
#include <string.h>

#include "model/calls.h"
#include "model/tokens.h"
#include "passes/decls.h"

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
char *
initialiser_local_name(const char *init, const char *base)
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
 * run wrote it or the source already had it, becomes V_x; one of a name a
 * macro builds, VNET_NAME(memp_tab_ ## name), becomes VNET(...).
 */
char *
initialiser_instance_text(const char *s)
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
		sb_adds(&sb,
		    q == s || !is_ident_byte(q[-1]) ? "VNET(" : "VNET_NAME(");
		s = q + 10;
	}
	sb_adds(&sb, s);
	return (sb_detach(&sb));
}

/*
 * An initializer of several lines, moved into a function: its later lines
 * keep their place relative to the declaration, whose indent (from) the
 * function's body indent replaces.  Directives stay in column 0, and a
 * line that a backslash continues is text that must not change.
 */
static char *
reindent(const char *init, const char *from)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(from);
	const char *s = init, *nl;
	bool text;

	while ((nl = strchr(s, '\n')) != NULL) {
		text = (nl > s && nl[-1] == '\\') ||
		    (nl - 1 > s && nl[-1] == '\r' && nl[-2] == '\\');
		sb_add(&sb, s, (size_t)(nl - s) + 1);
		s = nl + 1;
		if (text || s[strspn(s, " \t")] == '#' ||
		    s[strspn(s, " \t")] == '\n')
			continue;
		if (strncmp(s, from, n) == 0)
			s += n;
		sb_addc(&sb, '\t');
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
char *
initialiser_block(struct plan *p, struct var *v, struct srcfile *f,
    const struct decl *d, bool is_array)
{
	char *raw, *init, *fn, *assign, *s, *base, *tmp, *arg;

	raw = str_trim(
	    plan_render(p, f, d->init_start, d->init_end, false, true));
	init = initialiser_instance_text(raw);
	free(raw);
	if (strchr(init, '\n') != NULL) {
		size_t n, at = line_indent(f->data, f->len, d->start, &n);
		char *from = xstrndup(f->data + at, n);

		raw = reindent(init, from);
		free(from);
		free(init);
		init = raw;
	}
	base = xasprintf("vnet_%s_init", v->vname);
	fn = plan_fresh_name(p, base);
	free(base);
	tmp = initialiser_local_name(init, "init");
	arg = initialiser_local_name(init, "unused");
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
bool
initialiser_possible(struct plan *p, const struct var *o, const struct decl *d)
{
	const struct var *v;
	const struct use *u;
	const char *mname;
	size_t i, j, m, mlen;

	/* Every object with an initializer asks: one pass over the uses. */
	if (!p->body_owned_built) {
		p->body_owned_built = true;
		for (i = 0; i < p->m->varlist.n; i++) {
			v = p->m->varlist.v[i];
			for (j = 0; j < v->uses.n; j++)
				if (v->uses.v[j].owner != NULL &&
				    v->uses.v[j].kind == USE_MACRO_BODY)
					VEC_PUSH(&p->body_owned,
					    ((struct owned_use){v,
						&v->uses.v[j]}));
		}
	}
	for (i = 0; i < p->body_owned.n; i++) {
		u = p->body_owned.v[i].u;
		v = p->body_owned.v[i].v;
		if (u->owner != o)
			continue;
		m = define_at(u->file, u->off);
		mname = m != SIZE_MAX ? tok_text(u->file, m, &mlen) : "?";
		if (m == SIZE_MAX)
			mlen = 1;
		plan_review(p, REVIEW_INITIALISER, d->file, d->name_off, o,
		    "the initializer of %s reaches %s through macro %.*s; no "
		    "per-instance initialiser could be generated: set %s in a "
		    "VNET_SYSINIT by hand",
		    o->name, v->name, (int)mlen, mname, o->vname);
		return (false);
	}
	return (true);
}

/* A converted variable still needs its initialiser: add only that. */
void
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
