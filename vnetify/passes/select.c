/*
 * select.c: which variables to virtualize.
 *
 * A variable already converted in the source (its name inside
 * VNET_DEFINE, VNET_DECLARE, or the vnet_entry_ name VIMAGE builds give
 * it) is virtualized and its declarations are left alone; its remaining
 * bare uses are completed.  Otherwise the rules decide, from the facts of
 * its defining declaration.  A selected variable that cannot be converted
 * safely (thread-local, declared by a macro, defined where vnetify may not
 * write) is dropped with a review item saying what to do instead.
 */
#include <string.h>

#include "model/calls.h"
#include "model/declarator.h"
#include "model/tokens.h"
#include "passes/master_copy.h"
#include "passes/plan.h"
#include "passes/uses.h"
#include "support/diag.h"

static const char *const vnet_decl_macros[] = {"VNET_DEFINE",
    "VNET_DEFINE_STATIC", "VNET_DECLARE", NULL};

/* The macro whose argument spells the declaration's name, or NULL. */
static char *
decl_macro(const struct decl *d)
{
	struct call_site cs;
	const char *s;
	size_t n;

	if (!d->name_in_macro || !file_load(d->file))
		return (NULL);
	if (!enclosing_call(d->file, d->name_off, &cs)) {
		/* Object-like: the identifier at the expansion point. */
		size_t i = tok_at_or_after(&d->file->toks, d->start);

		if (i >= d->file->toks.n)
			return (NULL);
		s = tok_text(d->file, i, &n);
		return (xstrndup(s, n));
	}
	s = tok_text(d->file, cs.name, &n);
	return (xstrndup(s, n));
}

/* The marker check covers the statement's lines and a comment above. */
static bool
decl_marked(const struct plan *p, const struct decl *d)
{
	const struct srcfile *f = d->file;
	size_t a, b, i, nm = rules_nmarkers(p->rules);
	uint32_t end;

	if (nm == 0 || !f->loaded)
		return (false);
	a = tok_at_or_after(&f->toks, d->start);
	if (a > 0 && f->toks.t[a - 1].kind == TOK_COMMENT)
		a--;
	b = tok_at_or_after(&f->toks, d->name_off);
	while (b < f->toks.n && !tok_punct(f, b, ";"))
		b++;
	end = b < f->toks.n
	    ? (uint32_t)line_end(f->data, f->len, f->toks.t[b].off)
	    : (uint32_t)f->len;
	while (b + 1 < f->toks.n && f->toks.t[b + 1].off < end)
		b++;
	for (i = 0; i < nm; i++)
		if (tokens_contain_marker(f, a, b, rules_marker(p->rules, i)))
			return (true);
	return (false);
}

static bool
file_editable(const struct plan *p, struct srcfile *f)
{
	f->editable = f->rel != NULL && !rules_never_touch(p->rules, f->rel);
	return (f->editable);
}

/*
 * Declared only outside the root: not this code base's state.  A name
 * the rules select by name is then worth a warning, since its user
 * expected it converted.
 */
static bool
outside_root(struct plan *p, struct var *v, const struct decl *home)
{
	struct rule_reason why;
	struct rule_var rv;
	size_t i;

	for (i = 0; i < v->decls.n && v->decls.v[i].file->rel == NULL; i++)
		;
	if (i < v->decls.n)
		return (false);
	memset(&rv, 0, sizeof(rv));
	rv.name = v->name;
	rv.file = home->file->path;
	rv.is_const = v->is_const;
	if (rules_selects_why(p->rules, &rv, &why) &&
	    strcmp(why.why, "selected by name") == 0)
		diag_warning(home->file->path, 0, 0,
		    "%s is defined here, outside the root %s: not virtualized; "
		    "give --root a directory that holds it",
		    v->name, p->m->root);
	return (true);
}

/*
 * Reads every file that declares v and notes how each declaration is
 * written: the macro it is in, whether that already makes v per vnet
 * (v->converted), and whether a rules marker sits on it (*marked).
 * False when a file cannot be read.
 */
static bool
read_declarations(struct plan *p, struct var *v, bool *marked)
{
	struct decl *d;
	size_t i;

	*marked = false;
	for (i = 0; i < v->decls.n; i++) {
		d = &v->decls.v[i];
		(void)file_editable(p, d->file);
		if (!file_load(d->file))
			return (false);
		free(d->macro);
		d->macro = decl_macro(d);
		if (d->macro != NULL && str_in_set(vnet_decl_macros, d->macro))
			v->converted = true;
		if (macro_decl_converted(p, v, d))
			v->converted = true;
		*marked |= decl_marked(p, d);
	}
	if (strncmp(v->name, "vnet_entry_", 11) == 0)
		v->converted = true;
	return (true);
}

static bool rule_var_of(const struct var *, struct rule_var *);

/* Do the rules select o, or take it with what its initializer names? */
static bool
owner_selected(struct plan *p, const struct var *o)
{
	struct rule_reason why;
	struct rule_var rv;

	return (hmap_has(&p->owners, o->usr) ||
	    (rule_var_of(o, &rv) && rules_selects_why(p->rules, &rv, &why)));
}

/*
 * A const object that a pattern passes over (memp_UDP_PCB under
 * "memp_*": lwIP's pool descriptors) is virtualized all the same when its
 * static initializer names variables that become per-instance
 * (&memp_tab_UDP_PCB): shared, it would point into the master copy, and
 * the pattern that selects those variables says what is meant.  Then so
 * is a const object whose initializer names that one (memp_pools), and
 * so on: p->owners gets the usr of each.
 */
static void
owners_reached(struct plan *p)
{
	struct hmap sel = {0};
	struct rule_var rv;
	struct var *v, *o;
	bool grew = true;
	size_t i, j;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (v->converted ||
		    (rule_var_of(v, &rv) && rules_selects(p->rules, &rv)))
			(void)hmap_put(&sel, v->usr, NULL);
	}
	while (grew) {
		grew = false;
		for (i = 0; i < p->m->varlist.n; i++) {
			v = p->m->varlist.v[i];
			if (!hmap_has(&sel, v->usr))
				continue;
			for (j = 0; j < v->uses.n; j++) {
				o = v->uses.v[j].owner;
				if (o == NULL ||
				    !in_static_init(&v->uses.v[j]) ||
				    !o->is_const || hmap_has(&sel, o->usr) ||
				    !rule_var_of(o, &rv) ||
				    !rules_pattern_reaches_const(p->rules, &rv))
					continue;
				(void)hmap_put(&sel, o->usr, NULL);
				(void)hmap_put(&p->owners, o->usr, NULL);
				grew = true;
			}
		}
	}
	hmap_free(&sel, NULL);
}

/*
 * A name built by ## in a static initializer ("&memp_tab_ ## name" in
 * lwIP's LWIP_MEMPOOL_DECLARE, "&memp_ ## name," in its list of pools) is
 * converted with the object whose initializer holds it, when the rules
 * select that object too: the paste then becomes VNET_NAME(...) and the
 * object gets a per-instance initialiser (of its own, or from a helper
 * macro when a macro declares it, macro_decls.c).  Otherwise v is not
 * converted, since that object would keep pointing into the master copy:
 * false, after the review item.
 */
static bool
pasted_into_initializer(struct plan *p, const struct var *v)
{
	const struct use *u;
	const char *owner;
	size_t i;

	for (i = 0; i < v->uses.n; i++) {
		u = &v->uses.v[i];
		if (u->kind != USE_PASTED || !in_static_init(u) ||
		    u->exp_file == NULL ||
		    (u->owner != NULL && owner_selected(p, u->owner)))
			continue;
		owner = u->owner != NULL ? u->owner->name : "an object";
		if (u->owner != NULL)
			plan_review(p, REVIEW_STATIC_INIT, u->exp_file,
			    u->exp_off, v,
			    "the static initializer of %s, built by a macro "
			    "expanded here, names %s with ##: were %s "
			    "per-instance, %s would point into the master "
			    "copy in every instance; not virtualized: select "
			    "%s too%s, and vnetify writes its per-instance "
			    "initialiser, or keep %s shared",
			    owner, v->name, v->name, owner, owner,
			    u->owner->is_const
				? " by its name (a pattern takes a const "
				  "object only with what its initializer "
				  "points to)"
				: "",
			    v->name);
		else
			plan_review(p, REVIEW_STATIC_INIT, u->exp_file,
			    u->exp_off, v,
			    "the static initializer of an object a macro "
			    "declares, built by a macro expanded here, names "
			    "%s with ##: were %s per-instance, that object "
			    "would point into the master copy in every "
			    "instance; not virtualized: make the object "
			    "per-instance too and set it in a VNET_SYSINIT by "
			    "hand, or keep %s shared",
			    v->name, v->name, v->name);
		return (false);
	}
	return (true);
}

/*
 * Do tokens [a, b) of f give an object a section of its own, spelled
 * (__attribute__((section("x")))) or through macros (FreeBSD's
 * __read_mostly is __section(".data.read_mostly"))?  A macro's body is
 * looked for in the file being read, then where the model has it.
 */
static bool
names_section(const struct model *m, const struct srcfile *f, size_t a,
    size_t b, int depth)
{
	const struct macro_def_fact *md;
	const struct macro_use *mu;
	const struct srcfile *df;
	size_t i, d, e, len;
	const char *name;

	for (i = a; i < b && i < f->toks.n; i++) {
		if (f->toks.t[i].kind != TOK_IDENT)
			continue;
		if ((tok_eq(f, i, "section") || tok_eq(f, i, "__section__")) &&
		    i > 0 &&
		    (tok_punct(f, i - 1, "(") || tok_punct(f, i - 1, ",")) &&
		    i + 1 < f->toks.n && tok_punct(f, i + 1, "("))
			return (true);
		if (depth >= 4)
			continue;
		name = f->data + f->toks.t[i].off;
		len = f->toks.t[i].len;
		df = NULL;
		d = SIZE_MAX;
		if (!f->toks.t[i].pp) {
			mu = model_macro_at(m, f, f->toks.t[i].off);
			if (mu != NULL && mu->def_file != NULL &&
			    file_load(mu->def_file)) {
				df = mu->def_file;
				d = tok_containing(&df->toks, mu->def_off);
			}
		} else if ((d = tok_find_define(f, name, len, 0, false)) !=
		    SIZE_MAX)
			df = f;
		else if ((md = hmap_get_n(&m->macro_defs, name, len)) != NULL &&
		    file_load(md->file)) {
			df = md->file;
			d = tok_containing(&df->toks, md->off);
		}
		if (df == NULL || d == SIZE_MAX || (df == f && d == i))
			continue;
		for (e = d + 1; e < df->toks.n && !df->toks.t[e].bol; e++)
			;
		if (names_section(m, df, d + 1, e, depth + 1))
			return (true);
	}
	return (false);
}

/*
 * Can v, which the rules select, be converted where it is declared?
 * When it cannot, the review item says why and what to write instead,
 * and the answer is false.  A declaration in a file vnetify must not
 * edit, when the definition is editable, does not stop the conversion:
 * it is a review item of its own, to be changed to VNET_DECLARE by hand.
 */
static bool
convertible(struct plan *p, struct var *v, const struct decl *home)
{
	struct decl *d;
	size_t i;

	if (v->is_tls) {
		plan_review(p, REVIEW_THREAD_LOCAL, home->file, home->name_off,
		    v,
		    "%s is thread-local: each thread already has its own copy; "
		    "not virtualized (drop the thread storage first if it must "
		    "be per vnet)",
		    v->name);
		return (false);
	}
	if (!pasted_into_initializer(p, v))
		return (false);
	for (i = 0; i < v->decls.n; i++) {
		const char *why;

		d = &v->decls.v[i];
		if (d->macro == NULL || macro_decl_convertible(p, v, d, &why))
			continue;
		if (d->pasted)
			plan_review(p, REVIEW_DECLARED_BY_MACRO, d->file,
			    d->name_off, v,
			    "%s is declared by macro %s, with its name built "
			    "by ##, and %s; convert that declaration by hand "
			    "(VNET_DEFINE in the body, #define V_%s VNET(%s) "
			    "after each invocation), then run again",
			    v->name, d->macro, why, v->name, v->name);
		else
			plan_review(p, REVIEW_DECLARED_BY_MACRO, d->file,
			    d->name_off, v,
			    "%s is declared by macro %s; convert that "
			    "declaration by hand (VNET_DEFINE), then run again",
			    v->name, d->macro);
		return (false);
	}
	if (!home->file->editable) {
		plan_review(p, REVIEW_NOT_EDITABLE, home->file, home->name_off,
		    v,
		    "%s is defined in a file vnetify must not edit; not "
		    "virtualized",
		    v->name);
		return (false);
	}
	if (v->is_local && home->type_is_local) {
		plan_review(p, REVIEW_LOCAL_TYPE, home->file, home->name_off, v,
		    "local static %s has a type declared inside %s(); it "
		    "cannot move to file scope; move the type out first",
		    v->name, v->function);
		return (false);
	}
	for (i = 0; i < v->decls.n; i++) {
		struct decl_stmt ds;
		bool ok, section;
		size_t k = 0;

		d = &v->decls.v[i];
		if (!d->file->editable || d->pasted)
			continue;
		ok = decl_stmt_parse(d->file, d->start,
		    plan_stmt_first_name(p, d->file, d->start), &ds);
		ok = ok &&
		    (k = decl_stmt_find(d->file, &ds, d->name_off)) != SIZE_MAX;
		section = ok &&
		    (names_section(p->m, d->file, ds.first, ds.specs_end, 0) ||
			names_section(p->m, d->file, ds.d.v[k].begin,
			    ds.d.v[k].end, 0));
		decl_stmt_free(&ds);
		if (section) {
			plan_review(p, REVIEW_DECLARATION_SHAPE, d->file,
			    d->name_off, v,
			    "%s is placed in a section of its own by an "
			    "attribute of its declaration; a virtualized "
			    "variable's master copy must lie in the vnet set, "
			    "so it is not virtualized: drop the attribute "
			    "and run again, or keep it shared",
			    v->name);
			return (false);
		}
		if (!ok) {
			plan_review(p, REVIEW_DECLARATION_SHAPE, d->file,
			    d->name_off, v,
			    "cannot take apart the declaration of %s here; "
			    "convert it by hand (VNET_DEFINE), then run again",
			    v->name);
			return (false);
		}
	}
	for (i = 0; i < v->decls.n; i++) {
		d = &v->decls.v[i];
		if (!d->file->editable)
			plan_review(p, REVIEW_NOT_EDITABLE, d->file,
			    d->name_off, v,
			    "%s is declared here, in a file vnetify must not "
			    "edit: change it to VNET_DECLARE by hand",
			    v->name);
	}
	return (true);
}

/*
 * Decides whether v is converted (v->selected) and under what name
 * (v->vname): already per vnet in the source, or selected by the rules
 * and convertible where it is declared.
 */
static void
select_var(struct plan *p, struct var *v)
{
	const struct decl *home = var_defining_decl(v);
	struct var_stats *st = &p->stats[v->idx];
	struct rule_reason why;
	struct rule_var rv;
	bool marked;
	char *base;

	if (home == NULL || outside_root(p, v, home) ||
	    !read_declarations(p, v, &marked))
		return;
	if (v->converted) {
		v->selected = true;
		v->vname = xstrdup(strncmp(v->name, "vnet_entry_", 11) == 0
			? v->name + 11
			: v->name);
		st->why = "already virtualized in the source";
		/* A master copy is kept plain outside VIMAGE on a second run. */
		master_copy_detect(p, v);
		return;
	}
	memset(&rv, 0, sizeof(rv));
	rv.name = v->name;
	rv.file = home->file->rel;
	rv.function = v->function;
	rv.is_const = v->is_const;
	rv.is_local_static = v->is_local;
	rv.marked = marked;
	if (rules_selects_why(p->rules, &rv, &why))
		st->why = why.why;
	else if (hmap_has(&p->owners, v->usr))
		st->why = "const, and a pattern selects what its initializer "
			  "points to";
	else
		return;
	if (!convertible(p, v, home))
		return;
	v->selected = true;
	if (v->is_local) {
		base = xasprintf("%s_%s", v->function, v->name);
		v->vname = plan_fresh_name(p, base);
		free(base);
	} else
		v->vname = xstrdup(v->name);
	master_copy_detect(p, v);
}

void
pass_select(struct plan *p)
{
	struct var *v;
	struct use *u;
	size_t i, j;

	/*
	 * Every file's, not only those that declare something: a file may
	 * hold nothing but uses (of a variable its headers declare).
	 */
	for (i = 0; i < p->m->files.cap; i++)
		if (p->m->files.slots[i].key != NULL)
			(void)file_editable(p, p->m->files.slots[i].val);
	owners_reached(p);
	for (i = 0; i < p->m->varlist.n; i++)
		select_var(p, p->m->varlist.v[i]);
	macro_decls_all_or_none(p);
	/* A use "in a macro argument" on a #define line is in a body. */
	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (!v->selected)
			continue;
		for (j = 0; j < v->uses.n; j++) {
			u = &v->uses.v[j];
			if (u->kind != USE_MACRO_ARG || !file_load(u->file))
				continue;
			(void)file_editable(p, u->file);
			if (define_at(u->file, u->off) != SIZE_MAX)
				u->kind = USE_MACRO_BODY;
		}
	}
}

/* The facts the rules judge a variable by, as select_var gives them. */
static bool
rule_var_of(const struct var *v, struct rule_var *rv)
{
	const struct decl *home = var_defining_decl(v);

	if (home == NULL || home->file->rel == NULL)
		return (false);
	memset(rv, 0, sizeof(*rv));
	rv->name = v->name;
	rv->file = home->file->rel;
	rv->function = v->function;
	rv->is_const = v->is_const;
	rv->is_local_static = v->is_local;
	return (true);
}

/* The selectors a converted name x (of file rel) matches are satisfied. */
static void
converted_name(struct plan *p, const char *x, size_t len, const char *rel,
    unsigned *best, size_t *nvars)
{
	struct rule_var rv;
	size_t k, nc, c, *cand;
	char *name = xstrndup(x, len);

	memset(&rv, 0, sizeof(rv));
	rv.name = name;
	rv.file = rel;
	nc = rules_selector_candidates(p->rules, name, &cand);
	for (c = 0; c < nc; c++) {
		k = cand[c];
		if (best[k] != 1 &&
		    rules_selector_matches(p->rules, k, &rv) == 1) {
			best[k] = 1;
			(*nvars)++;
		}
	}
	free(cand);
	free(name);
}

/*
 * Names the code has converted already, read from its V_x macros and
 * their "#define V_x VNET(x)" lines: a variable declared through a macro
 * of another file (the runtime's VNET_DEFINE inside a macro of the tree)
 * is not a model variable, and its uses may paste V_x (V_var_ ## n), but
 * a second run's selector still names it.
 */
static void
converted_names(struct plan *p, unsigned *best, size_t *nvars)
{
	const struct macro_use *mu;
	struct srcfile *f;
	size_t i, j, x, len;
	const char *s;

	for (i = 0; i < p->m->macro_uses.n; i++) {
		mu = &p->m->macro_uses.v[i];
		if (mu->file == NULL || !mu->file->loaded ||
		    (j = tok_containing(&mu->file->toks, mu->off)) == SIZE_MAX)
			continue;
		s = tok_text(mu->file, j, &len);
		if (len >= 3 && s[0] == 'V' && s[1] == '_')
			converted_name(p, s + 2, len - 2, mu->file->rel, best,
			    nvars);
	}
	for (i = 0; i < p->m->files.cap; i++) {
		f = p->m->files.slots[i].key != NULL ? p->m->files.slots[i].val
						     : NULL;
		if (f == NULL || f->rel == NULL || !f->loaded)
			continue;
		/* A directive's name follows the '#' that begins its line. */
		for (j = 1; j < f->toks.n; j++) {
			if (!f->toks.t[j].pp || !f->toks.t[j - 1].bol ||
			    tok_directive(&f->toks, f->data, j) != j ||
			    (x = tok_vnet_alias_of(f, j)) == SIZE_MAX)
				continue;
			s = tok_text(f, x, &len);
			converted_name(p, s, len, f->rel, best, nvars);
		}
	}
}

/*
 * A selector (a --var, a line of a --vars-file, an item of virtualize)
 * that selects nothing says so, at its place: a typo must not pass for
 * a conversion.  One that only names a const or a local static it leaves
 * out says why.  In one shard of a tree (share), a name is often defined
 * in another shard's files: those are counted in one note instead.  The
 * count of variables selected is returned.
 */
size_t
select_report_unused(struct plan *p, bool share)
{
	size_t unmatched = 0;
	size_t nsel = rules_nselectors(p->rules), i, k, nvars = 0, nc, c;
	size_t *cand;
	unsigned *best = xcalloc(nsel + 1, sizeof(*best));
	const char *file;
	unsigned line, col;
	struct rule_var rv;
	struct var *v;
	char *text;
	int m;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		/* Chosen: converted already, or named by the selection (and
		 * perhaps refused with a review item). */
		nvars += v->selected || p->stats[v->idx].why != NULL;
		if (!rule_var_of(v, &rv))
			continue;
		/* Only the selectors that could name it: n, not n times n. */
		nc = rules_selector_candidates(p->rules, rv.name, &cand);
		for (c = 0; c < nc; c++) {
			k = cand[c];
			if (best[k] == 1 ||
			    (m = rules_selector_matches(p->rules, k, &rv)) == 0)
				continue;
			/* A const it takes with what the const points to. */
			if (m == 2 && v->is_const && v->selected &&
			    hmap_has(&p->owners, v->usr))
				m = 1;
			if (best[k] == 0 || m == 1)
				best[k] = (unsigned)m;
		}
		free(cand);
	}
	converted_names(p, best, &nvars);
	for (k = 0; k < nsel; k++) {
		if (best[k] == 1)
			continue;
		if (share) {
			unmatched++;
			continue;
		}
		rules_selector_place(p->rules, k, &file, &line, &col, &text);
		if (best[k] == 2)
			diag_warning(file, line, col,
			    "'%s' names only a const variable or a local "
			    "static, "
			    "which it does not select: name a const exactly, "
			    "give a local static's selector 'locals: true'",
			    text);
		else
			diag_warning(file, line, col,
			    "'%s' selects no variable with static storage in "
			    "the files parsed under the root; check the name "
			    "(vnetify scan lists them)",
			    text);
		free(text);
	}
	if (unmatched > 0)
		diag_note(NULL, 0, 0,
		    "%zu selector%s select%s nothing in this shard's files; "
		    "a run without --shard reports each",
		    unmatched, unmatched == 1 ? "" : "s",
		    unmatched == 1 ? "s" : "");
	free(best);
	return (nvars);
}
