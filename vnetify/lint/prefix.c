/*
 * prefix.c: vnet-missing-prefix.  The uses pass of rewrite, run over the
 * variables the code already virtualizes, decides every use of them
 * exactly as a rewrite would: what it would edit is a bare use, and its
 * edit is the fix-it.  What it would put up for review (a use in a macro
 * body that means two things, a use in code no configuration compiles
 * that scope cannot decide) is a finding without one.
 */
#include <stdio.h>
#include <string.h>

#include "lint/lint.h"
#include "model/calls.h"
#include "model/tokens.h"
#include "passes/uses.h"

/* The selected variable spelled at off, or NULL. */
static const struct var *
var_at(const struct lint_run *lr, const struct hmap *by_name,
    const struct srcfile *f, uint32_t off)
{
	size_t j = tok_containing(&f->toks, off);

	if (j == SIZE_MAX || f->toks.t[j].kind != TOK_IDENT) {
		/* "&x" at a sysctl: the name follows. */
		j = tok_at_or_after(&f->toks, off);
		while (j < f->toks.n && f->toks.t[j].kind != TOK_IDENT)
			j++;
		if (j >= f->toks.n)
			return (NULL);
	}
	(void)lr;
	/* A sysctl's "&V_x": the variable is x. */
	if (f->toks.t[j].len > 2 &&
	    strncmp(f->data + f->toks.t[j].off, "V_", 2) == 0)
		return (hmap_get_n(by_name, f->data + f->toks.t[j].off + 2,
		    f->toks.t[j].len - 2));
	return (
	    hmap_get_n(by_name, f->data + f->toks.t[j].off, f->toks.t[j].len));
}

static void
where_defined(const struct var *v, char **place)
{
	const struct decl *d = var_defining_decl(v);
	unsigned line, col;

	if (d == NULL || !d->file->loaded) {
		*place = xstrdup("");
		return;
	}
	file_line_col(d->file, d->name_off, &line, &col);
	*place = xasprintf(" (%s at %s:%u)", d->is_def ? "defined" : "declared",
	    d->file->rel != NULL ? d->file->rel : d->file->path, line);
}

static bool
is_sysctl_extra(const char *why)
{
	return (why != NULL &&
	    (strcmp(why, "sysctl flag") == 0 ||
		strcmp(why, "sysctl dialect") == 0));
}

/* The sysctl registration call around off: its name token, or SIZE_MAX. */
static size_t
registration_at(const struct srcfile *f, uint32_t off)
{
	struct call_site cs;

	return (enclosing_call(f, off, &cs) ? cs.name : SIZE_MAX);
}

/* The x of the VNET_NAME(x) in the call whose name is token call. */
static char *
registered_name(const struct srcfile *f, size_t call)
{
	struct call_site cs;
	size_t j;

	if (call != SIZE_MAX &&
	    enclosing_call(f, f->toks.t[call + 1].off + 1, &cs))
		for (j = cs.name; j + 3 < cs.rparen; j++)
			if (tok_eq(f, j, "VNET_NAME") &&
			    tok_punct(f, j + 1, "(") &&
			    f->toks.t[j + 2].kind == TOK_IDENT)
				return (xstrndup(f->data + f->toks.t[j + 2].off,
				    f->toks.t[j + 2].len));
	return (xstrdup("this variable"));
}

/*
 * Is there a "#define V_x ..." in the files the run read?  The names are
 * gathered once, when first asked.
 */
static bool
v_defined(struct lint_run *lr, const char *name)
{
	const struct model *m = lr->p->m;
	struct srcfile *f;
	size_t i, j, n;

	if (!lr->v_defines_read) {
		lr->v_defines_read = true;
		for (i = 0; i < m->files.cap; i++) {
			if (m->files.slots[i].key == NULL)
				continue;
			f = m->files.slots[i].val;
			if (!f->loaded)
				continue;
			for (j = 0; j + 2 < f->toks.n; j++) {
				if (!f->toks.t[j].pp || !f->toks.t[j].bol ||
				    !tok_punct(f, j, "#") ||
				    !tok_eq(f, j + 1, "define"))
					continue;
				n = j + 2;
				if (f->toks.t[n].len > 2 &&
				    strncmp(f->data + f->toks.t[n].off, "V_",
					2) == 0) {
					char *d =
					    xstrndup(f->data + f->toks.t[n].off,
						f->toks.t[n].len);

					(void)hmap_put(&lr->v_defines, d, NULL);
					free(d);
				}
			}
		}
	}
	return (hmap_has(&lr->v_defines, name));
}

/* Is a "sysctl pointer" edit pending in the registration call? */
static bool
pointer_pending(const struct file_plan *fp, const struct srcfile *f,
    size_t call)
{
	size_t k;

	for (k = 0; k < fp->pending.n; k++)
		if (fp->pending.v[k].text != NULL &&
		    fp->pending.v[k].why != NULL &&
		    strcmp(fp->pending.v[k].why, "sysctl pointer") == 0 &&
		    registration_at(f, fp->pending.v[k].off) == call)
			return (true);
	return (false);
}

static bool v_defined(struct lint_run *, const char *);

static void
edits_of_file(struct lint_run *lr, struct file_plan *fp,
    const struct hmap *by_name)
{
	struct srcfile *f = fp->f;
	const struct pending_edit *pe;
	const struct var *v;
	struct finding *fd;
	char *place, *named;
	size_t i, k, call, flags;

	for (i = 0; i < fp->pending.n; i++) {
		pe = &fp->pending.v[i];
		if (pe->text != NULL && is_sysctl_extra(pe->why) &&
		    !pointer_pending(fp, f, registration_at(f, pe->off))) {
			/* &VNET_NAME(x) already, the flags without the bit. */
			named = registered_name(f, registration_at(f, pe->off));
			fd = lint_add(lr, LINT_MISSING_PREFIX, f, pe->off,
			    "%s is per-vnet and its sysctl names its master "
			    "copy, VNET_NAME(%s), but does not say so: write "
			    "%s",
			    named, named,
			    strcmp(pe->why, "sysctl dialect") == 0
				? "SYSCTL_VNET_ for the macro"
				: "CTLFLAG_VNET in its flags");
			free(named);
			lint_add_fix(fd, pe->off, pe->len, pe->text);
			continue;
		}
		if (pe->text == NULL || is_sysctl_extra(pe->why))
			continue;
		v = var_at(lr, by_name, f, pe->off);
		if (v != NULL)
			where_defined(v, &place);
		else
			place = xstrdup("");
		if (pe->why != NULL && strcmp(pe->why, "sysctl pointer") == 0) {
			/* The flags of the same registration, if they lack it. */
			call = registration_at(f, pe->off);
			flags = SIZE_MAX;
			for (k = 0; k < fp->pending.n && flags == SIZE_MAX; k++)
				if (fp->pending.v[k].text != NULL &&
				    is_sysctl_extra(fp->pending.v[k].why) &&
				    registration_at(f, fp->pending.v[k].off) ==
					call)
					flags = k;
			fd = lint_add(lr, LINT_MISSING_PREFIX, f, pe->off,
			    "%s is per-vnet%s and its sysctl must register it "
			    "as one: write %s%s",
			    v != NULL ? v->name : "this variable", place,
			    pe->text,
			    flags == SIZE_MAX ? ""
				: strcmp(fp->pending.v[flags].why,
				      "sysctl dialect") == 0
				? ", and SYSCTL_VNET_ for the macro"
				: " and CTLFLAG_VNET");
			if (flags != SIZE_MAX)
				lint_add_fix(fd, fp->pending.v[flags].off,
				    fp->pending.v[flags].len,
				    fp->pending.v[flags].text);
		} else if (pe->why != NULL &&
		    strcmp(pe->why, "static initializer use") == 0)
			fd = lint_add(lr, LINT_MISSING_PREFIX, f, pe->off,
			    "%s is per-vnet%s; a static initializer takes the "
			    "master copy's address: write %s",
			    v != NULL ? v->name : "this variable", place,
			    pe->text);
		else if (strncmp(pe->text, "V_", 2) == 0 &&
		    !v_defined(lr, pe->text)) {
			/* No V_x to write: the fix-it says VNET(x) itself. */
			char *vnet = xasprintf("VNET(%s)", pe->text + 2);

			fd = lint_add(lr, LINT_MISSING_PREFIX, f, pe->off,
			    "%s is per-vnet%s but is used here without V_, "
			    "and no #define %s is seen: write %s (or add "
			    "#define %s VNET(%s) and write %s)",
			    v != NULL ? v->name : "this name", place, pe->text,
			    vnet, pe->text, pe->text + 2, pe->text);
			lint_add_fix(fd, pe->off, pe->len, vnet);
			free(vnet);
			free(place);
			continue;
		} else
			fd = lint_add(lr, LINT_MISSING_PREFIX, f, pe->off,
			    "%s is per-vnet%s but is used here without V_: "
			    "write %s",
			    v != NULL ? v->name : "this name", place, pe->text);
		lint_add_fix(fd, pe->off, pe->len, pe->text);
		free(place);
	}
}

/*
 * A sysctl that registers &V_x: in the build without VIMAGE it is the
 * plain variable, and compiles; with VIMAGE, V_x is no constant, and the
 * knob must name the variable's master copy, VNET_NAME(x), with
 * CTLFLAG_VNET.  The edits go with the uses pass's, and so become the
 * same finding with its fix-its.
 */
/*
 * Does token j spell v as a converted sysctl pointer names it, "V_x" or
 * "VNET_NAME(x)"?  The length of that text, or 0.
 */
static uint32_t
pointer_spelled(const struct srcfile *f, size_t j, const struct var *v,
    const char *vname)
{
	size_t k;

	if (tok_eq(f, j, vname))
		return (f->toks.t[j].len);
	if (!tok_eq(f, j, "VNET_NAME") || j + 3 >= f->toks.n ||
	    !tok_punct(f, j + 1, "(") || !tok_eq(f, j + 2, v->vname) ||
	    !tok_punct(f, j + 3, ")"))
		return (0);
	k = j + 3;
	return (tok_end(f, k) - f->toks.t[j].off);
}

static void
converted_at_sysctls(struct plan *p)
{
	struct hmap done = {0};
	struct sysctl_site ss;
	const struct use *u;
	struct srcfile *xf;
	struct var *v;
	size_t i, k, j, end;
	char *vname, key[32];
	uint32_t len;
	int depth;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (!v->selected)
			continue;
		vname = xasprintf("V_%s", v->vname);
		for (k = 0; k < v->uses.n; k++) {
			u = &v->uses.v[k];
			xf = u->exp_file != NULL ? u->exp_file : u->file;
			if (xf == NULL || xf->rel == NULL || !xf->editable ||
			    !file_load(xf) ||
			    (j = tok_containing(&xf->toks,
				 u->exp_file != NULL ? u->exp_off : u->off)) ==
				SIZE_MAX)
				continue;
			/*
			 * An argument of the registration macro is expanded
			 * at the macro's name: the V_x is among its tokens.
			 */
			end = j + 1;
			if (!tok_eq(xf, j, vname) && j + 1 < xf->toks.n &&
			    tok_punct(xf, j + 1, "(")) {
				for (end = j + 1, depth = 0; end < xf->toks.n;
				    end++)
					if (tok_punct(xf, end, "("))
						depth++;
					else if (tok_punct(xf, end, ")") &&
					    --depth == 0)
						break;
			}
			for (; j < end && j < xf->toks.n; j++) {
				snprintf(key, sizeof(key), "%u",
				    xf->toks.t[j].off);
				if ((len = pointer_spelled(xf, j, v, vname)) ==
					0 ||
				    hmap_has(&done, key) ||
				    !sysctl_site(xf, xf->toks.t[j].off, &ss))
					continue;
				(void)hmap_put(&done, key, NULL);
				sysctl_edit_spelled(p, v, xf, xf->toks.t[j].off,
				    len, &ss);
			}
		}
		free(vname);
	}
	hmap_free(&done, NULL);
}

/* Review items of the uses pass that are bare uses it could not mend. */
static void
reviews_as_findings(struct lint_run *lr)
{
	const struct review *r;
	size_t i;

	for (i = 0; i < lr->p->reviews.n; i++) {
		r = &lr->p->reviews.v[i];
		if (r->note || r->file == NULL)
			continue;
		switch (r->kind) {
		case REVIEW_STATIC_INIT:
			(void)lint_add(lr, LINT_ESCAPE, r->file, r->off, "%s",
			    r->reason);
			break;
		case REVIEW_NOT_EDITABLE:
		case REVIEW_MACRO_BODY:
		case REVIEW_MACRO_ARGUMENT:
		case REVIEW_PASTE:
		case REVIEW_TEXT_NOT_NAME:
		case REVIEW_INACTIVE_CODE:
		case REVIEW_AMBIGUOUS_NAME:
			(void)lint_add(lr, LINT_MISSING_PREFIX, r->file, r->off,
			    "%s", r->reason);
			break;
		default:
			break;
		}
	}
}

void
lint_missing_prefix(struct lint_run *lr)
{
	struct plan *p = lr->p;
	struct hmap by_name = {0};
	struct var *v;
	size_t i;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (v->selected)
			(void)hmap_put(&by_name, v->name, v);
	}
	pass_uses(p);
	converted_at_sysctls(p);
	plan_sort_pending(p);
	for (i = 0; i < p->files.cap; i++)
		if (p->files.slots[i].key != NULL)
			edits_of_file(lr, p->files.slots[i].val, &by_name);
	reviews_as_findings(lr);
	hmap_free(&by_name, NULL);
}
