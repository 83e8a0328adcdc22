/*
 * verify.c: what rewrite would write, parsed before it is written.
 *
 * Every translation unit that reads an edited file is parsed again from
 * memory (libclang's unsaved files), in each configuration it was
 * collected in, once without VIMAGE and once with it.  An error the
 * unconverted tree does not have in the same file is the rewrite's: it is
 * reported at the place of the file on disk it comes from (the new text
 * is nowhere to be seen, since nothing is written).  The
 * unconverted tree is parsed again, in that mode, only for the units
 * that show errors, to tell old errors from new.
 *
 * The parse without VIMAGE is left out for a unit when no edit of its
 * files lies in code that the plain build may compile and the VIMAGE
 * build may skip, and the edits add no code for the plain build only
 * (vnetify's own blocks are "#ifdef VIMAGE ... #endif").  That code is a
 * group whose conditional names VIMAGE, or a macro that such a group
 * defines (and so on: cond_dependents()), except the text of a plain
 * "#ifdef VIMAGE".  Every other line the plain build compiles, the VIMAGE
 * build compiles too, and there every VNET macro of the plain build is
 * the plain C it replaced (V_x is (x), VNET_DEFINE(t, x) is t x), while
 * the VIMAGE build is the stricter: a plain use left beside VNET_DEFINE,
 * a V_x in a static initializer, a missing #define V_x all fail there
 * too.  Unedited code the plain build alone compiles compiled before, and
 * still does: what it names means there what it meant.  One unit of each
 * configuration is parsed without VIMAGE all the same, to show that the
 * plain VNET macros are what that argument takes them to be (pick_plain()).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "driver/compdb.h"
#include "driver/pool.h"
#include "edits/edits.h"
#include "model/conditionals.h"
#include "support/diag.h"

/* One parse to make: a job, with or without VIMAGE. */
struct check {
	const struct parse_job *job;
	bool vimage;
	struct errlist errors;
	struct errlist before; /* the unconverted tree's, when asked for */
	bool ran_before;
	/*
	 * The edited files this unit reads, as it is to read them: only
	 * those, since libclang copies every unsaved file it is given into
	 * each parse, and a tree of many edited files would make that a
	 * square.
	 */
	struct unsaved *us;
	size_t nus;
};

/* An edited file: its model entry and edits, to map places back. */
struct edited {
	struct srcfile *f;
	const struct edit *e;
	size_t n;
	bool plain; /* an edit the build without VIMAGE must see (the top) */
};

struct verify {
	VEC(struct check) checks;
	VEC(struct unsaved) files;
	VEC(struct edited) edited; /* parallel to files */
	bool baseline;		   /* the pass parses the unconverted tree */
	const struct context_site *sites;
	size_t nsites;
};

static const char *const vimage_arg[] = {"-DVIMAGE"};

static void keep_context_warnings(const struct verify *, struct check *,
    struct errlist *, bool rewritten);

static void
run_check(size_t i, void *idx, void *argp)
{
	struct verify *vf = argp;
	struct check *c = &vf->checks.v[i];
	/*
	 * With VIMAGE, a CURVNET_SET the rules wrote is checked for its
	 * warnings too: one whose expression is no struct vnet * compiles
	 * with a warning only.  The unconverted tree is parsed the same way,
	 * so that what the build's own -Werror=foo makes an error in both is
	 * seen as old.
	 */
	bool warnings = c->vimage && vf->nsites > 0;

	if (!vf->baseline) {
		(void)collect_errors(idx, c->job, vimage_arg, c->vimage ? 1 : 0,
		    c->us, c->nus, warnings, &c->errors);
		keep_context_warnings(vf, c, &c->errors, true);
		return;
	}
	if (c->errors.n == 0)
		return;
	c->ran_before = true;
	(void)collect_errors(idx, c->job, vimage_arg, c->vimage ? 1 : 0, NULL,
	    0, warnings, &c->before);
	keep_context_warnings(vf, c, &c->before, false);
}

/* A parse the supervisor stopped: the unit cannot be said to compile. */
static void
skip_check(size_t i, const char *reason, void *argp)
{
	struct verify *vf = argp;
	struct check *c = &vf->checks.v[i];
	struct errlist *out = vf->baseline ? &c->before : &c->errors;
	struct error_fact e = {0};

	if (vf->baseline)
		c->ran_before = true;
	e.text = xasprintf("%s:0:0: error: parsing the %s unit %s, so the "
			   "rewrite cannot be checked",
	    c->job->file, vf->baseline ? "unconverted" : "rewritten", reason);
	VEC_PUSH(out, e);
}

static void
run_all(const struct options *o, struct verify *vf)
{
	struct pool_work w;

	memset(&w, 0, sizeof(w));
	w.phase = vf->baseline ? 'B' : 'V';
	w.skip = skip_check;
	w.n = vf->checks.n;
	w.ctx_new = collect_index_new;
	w.ctx_free = collect_index_free;
	w.run = run_check;
	w.arg = vf;
	pool_run(&w, o->jobs);
}

/* "path:line:col: error: text" -> where it is, and what it says. */
static void
split_error(const char *e, const char **text, size_t *where)
{
	const char *p = strstr(e, ": error: ");

	if (p == NULL)
		p = strstr(e, ": fatal error: ");
	if (p == NULL)
		p = strstr(e, ": warning: ");
	*where = p != NULL ? (size_t)(p - e) : 0;
	*text = p != NULL ? p + 2 : e;
}

/* Did the unconverted tree report the same thing in the same file? */
static bool
old_error(const struct check *c, const char *e)
{
	const char *text, *t2, *colon;
	size_t where, w2, flen, i;

	split_error(e, &text, &where);
	colon = memchr(e, ':', where);
	flen = colon != NULL ? (size_t)(colon - e) : where;
	for (i = 0; i < c->before.n; i++) {
		split_error(c->before.v[i].text, &t2, &w2);
		if (strcmp(text, t2) == 0 && w2 >= flen &&
		    strncmp(e, c->before.v[i].text, flen) == 0)
			return (true);
	}
	return (false);
}

/*
 * Is the error of plain, a unit's parse without VIMAGE, also one of next,
 * when that is the same unit's parse with VIMAGE (verify_rewrite() queues
 * them in that order)?  Then it is one error, and is said once.
 */
static bool
also_with_vimage(const struct check *plain, const struct check *next,
    const char *e)
{
	size_t i;

	if (plain->vimage || !next->vimage || next->job != plain->job)
		return (false);
	for (i = 0; i < next->errors.n; i++)
		if (strcmp(next->errors.v[i].text, e) == 0)
			return (true);
	return (false);
}

/*
 * Does an edit of the file add code that only the build without VIMAGE
 * compiles: an #ifndef VIMAGE, an #if that negates it, or an #else or
 * #elif after one?  vnetify's own blocks are "#ifdef VIMAGE ... #endif",
 * which the plain build skips.
 */
static bool
edits_add_plain_code(const struct edit_set *edits, const char *path)
{
	struct toklist tl = {0};
	const struct edit *e;
	const char *t;
	size_t i, k, n;
	bool found = false;

	e = edits_for_file(edits, path, &n);
	for (i = 0; e != NULL && i < n && !found; i++) {
		if ((t = e[i].text) == NULL || strstr(t, "VIMAGE") == NULL)
			continue;
		tl.n = 0;
		lex(t, strlen(t), &tl);
		for (k = 0; k + 1 < tl.n && !found; k++) {
			if (!tl.t[k].pp || !tl.t[k].bol ||
			    !tok_is_punct(t, &tl.t[k], "#"))
				continue;
			found = tok_is(t, &tl.t[k + 1], "ifndef") ||
			    tok_is(t, &tl.t[k + 1], "else") ||
			    tok_is(t, &tl.t[k + 1], "elif") ||
			    (tok_is(t, &tl.t[k + 1], "if") && k + 2 < tl.n &&
				tok_is_punct(t, &tl.t[k + 2], "!"));
		}
	}
	toklist_free(&tl);
	return (found);
}

/* Does the unit read a file the edits change? */
static bool
reads_edited(struct model *m, const struct parse_job *job,
    const struct edit_set *edits)
{
	struct srcfile *f = model_file(m, job->file);
	size_t n, k;

	if (edits_for_file(edits, f->path, &n) != NULL && n > 0)
		return (true);
	for (k = 0; k < f->incl.n; k++)
		if (edits_for_file(edits, f->incl.v[k]->path, &n) != NULL &&
		    n > 0)
			return (true);
	return (false);
}

/*
 * The macros whose definitions follow VIMAGE in the files the checked
 * units read (see cond_dependents()), into deps: all of the files, since
 * a header that never names VIMAGE may test a macro that follows it.
 */
static void
vimage_dependents(struct model *m, const struct joblist *jobs,
    const struct edit_set *edits, struct hmap *deps)
{
	VEC(struct srcfile *) files = {0};
	struct hmap seen = {0};
	struct srcfile *f;
	size_t i, k, added;

	for (i = 0; i < jobs->n; i++) {
		if (!reads_edited(m, &jobs->v[i], edits))
			continue;
		f = model_file(m, jobs->v[i].file);
		for (k = 0; k <= f->incl.n; k++) {
			struct srcfile *g = k == 0 ? f : f->incl.v[k - 1];

			if (hmap_has(&seen, g->path) || !file_load(g))
				continue;
			(void)hmap_put(&seen, g->path, NULL);
			VEC_PUSH(&files, g);
		}
	}
	do {
		for (added = 0, i = 0; i < files.n; i++)
			added += cond_dependents(files.v[i], "VIMAGE", deps);
	} while (added > 0);
	VEC_FREE(&files);
	hmap_free(&seen, NULL);
}

/* Must the edits of one file be checked without VIMAGE (see the top)? */
static bool
edits_need_plain(const struct edit_set *edits, const struct edited *ed,
    const struct hmap *deps)
{
	VEC(uint32_t) offs = {0};
	size_t i;
	bool plain;

	if (edits_add_plain_code(edits, ed->f->path))
		return (true);
	for (i = 0; i < ed->n; i++) {
		VEC_PUSH(&offs, ed->e[i].off);
		if (ed->e[i].len > 0)
			VEC_PUSH(&offs, ed->e[i].off + ed->e[i].len - 1);
	}
	plain = cond_plain_only(ed->f, "VIMAGE", deps, offs.v, offs.n);
	VEC_FREE(&offs);
	return (plain);
}

/* Must the unit be parsed without VIMAGE too: does it read such a file? */
static bool
needs_plain(const struct verify *vf, struct model *m,
    const struct parse_job *job)
{
	struct srcfile *f = model_file(m, job->file);
	size_t i, k;

	for (i = 0; i < vf->edited.n; i++) {
		if (!vf->edited.v[i].plain)
			continue;
		if (vf->edited.v[i].f == f)
			return (true);
		for (k = 0; k < f->incl.n; k++)
			if (vf->edited.v[i].f == f->incl.v[k])
				return (true);
	}
	return (false);
}

/* The text a unit reads of the tree: what its parse costs, roughly. */
static size_t
unit_text(struct model *m, const struct parse_job *job)
{
	struct srcfile *f = model_file(m, job->file);
	size_t k, n = file_load(f) ? f->len : 0;

	for (k = 0; k < f->incl.n; k++)
		n += file_load(f->incl.v[k]) ? f->incl.v[k]->len : 0;
	return (n);
}

/* The best unit so far of one configuration for its parse without VIMAGE. */
struct plain_pick {
	unsigned config;
	size_t job;
	size_t cost;
	bool covered; /* a unit of it is parsed without VIMAGE anyway */
};

/*
 * Which checked units are parsed without VIMAGE, into plain (one flag a
 * job): those that needs_plain(), and one unit of each configuration
 * whatever its edits.  The argument at the top holds when the plain
 * build's VNET macros are the plain C they stand for, which a code base's
 * own VNET header (FreeBSD's <net/vnet.h>) must make true, and one parse
 * of the plain build shows that it does: a unit parsed so anyway, or else
 * the one that reads the least text, since any of them shows it.
 */
static void
pick_plain(const struct verify *vf, struct model *m, const struct joblist *jobs,
    const struct edit_set *edits, bool *plain)
{
	VEC(struct plain_pick) picks = {0};
	struct plain_pick *p;
	size_t i, k, cost;

	for (i = 0; i < jobs->n; i++) {
		if (!reads_edited(m, &jobs->v[i], edits))
			continue;
		plain[i] = needs_plain(vf, m, &jobs->v[i]);
		for (k = 0; k < picks.n; k++)
			if (picks.v[k].config == jobs->v[i].config)
				break;
		cost = plain[i] ? 0 : unit_text(m, &jobs->v[i]);
		if (k == picks.n) {
			VEC_PUSH(&picks,
			    ((struct plain_pick){jobs->v[i].config, i, cost,
				plain[i]}));
			continue;
		}
		p = &picks.v[k];
		p->covered |= plain[i];
		if (!p->covered && cost < p->cost) {
			p->job = i;
			p->cost = cost;
		}
	}
	for (k = 0; k < picks.n; k++)
		if (!picks.v[k].covered)
			plain[picks.v[k].job] = true;
	VEC_FREE(&picks);
}

/* The unsaved texts of vf that job's unit reads (see struct check). */
static void
unsaved_for(const struct verify *vf, struct model *m,
    const struct parse_job *job, struct check *c)
{
	struct srcfile *f = model_file(m, job->file);
	size_t i, k;
	bool reads;

	c->us = xcalloc(vf->files.n + 1, sizeof(*c->us));
	c->nus = 0;
	for (i = 0; i < vf->files.n; i++) {
		reads = strcmp(vf->files.v[i].path, f->path) == 0;
		for (k = 0; k < f->incl.n && !reads; k++)
			reads = strcmp(vf->files.v[i].path,
				    f->incl.v[k]->path) == 0;
		if (reads)
			c->us[c->nus++] = vf->files.v[i];
	}
}

static const char *
config_name(const struct rules *rules, unsigned config)
{
	const struct rule_config *rc = rules_config(rules, config);

	return (rc != NULL && rc->name != NULL ? rc->name : "default");
}

/* The rewritten text of line (1-based) of a file, or NULL. */
static char *
new_line(const struct verify *vf, const char *canon, unsigned line)
{
	const struct unsaved *u = NULL;
	const char *s, *e, *end;
	size_t i;

	for (i = 0; i < vf->files.n && u == NULL; i++)
		if (strcmp(vf->files.v[i].path, canon) == 0)
			u = &vf->files.v[i];
	if (u == NULL || line == 0)
		return (NULL);
	s = u->data;
	end = u->data + u->len;
	while (--line > 0) {
		if ((s = memchr(s, '\n', (size_t)(end - s))) == NULL)
			return (NULL);
		s++;
	}
	e = memchr(s, '\n', (size_t)(end - s));
	return (xstrndup(s, (size_t)((e != NULL ? e : end) - s)));
}

/*
 * The offset in the file on disk of line:col (1-based) of its rewritten
 * text, or SIZE_MAX when verify did not rewrite the file; *ed is then its
 * edits.  *inserted is set when the place is in text the edits write, and
 * then the offset is where that text goes.
 */
static size_t
orig_offset(const struct verify *vf, const char *canon, unsigned long line,
    unsigned long col, const struct edited **edp, bool *inserted)
{
	const struct unsaved *u = NULL;
	const struct edited *ed = NULL;
	size_t i, no, orig, tl;
	long delta = 0;
	const char *p;

	*inserted = false;
	for (i = 0; i < vf->files.n && u == NULL; i++)
		if (strcmp(vf->files.v[i].path, canon) == 0) {
			u = &vf->files.v[i];
			ed = &vf->edited.v[i];
		}
	if (u == NULL || line == 0)
		return (SIZE_MAX);
	for (p = u->data, i = 1; i < line; i++) {
		p = memchr(p, '\n', (size_t)(u->data + u->len - p));
		if (p == NULL)
			return (SIZE_MAX);
		p++;
	}
	no = (size_t)(p - u->data) + (col > 0 ? col - 1 : 0);
	orig = SIZE_MAX;
	for (i = 0; i < ed->n && orig == SIZE_MAX; i++) {
		tl = strlen(ed->e[i].text);
		if ((long)no < (long)ed->e[i].off + delta)
			orig = (size_t)((long)no - delta);
		else if ((long)no < (long)(ed->e[i].off + tl) + delta) {
			orig = ed->e[i].off;
			*inserted = true;
		} else
			delta += (long)tl - (long)ed->e[i].len;
	}
	if (orig == SIZE_MAX)
		orig = (size_t)((long)no - delta);
	if (orig > ed->f->len)
		orig = ed->f->len;
	*edp = ed;
	return (orig);
}

/*
 * "path:LINE:COL..." -> LINE and COL (0 when absent), and where the
 * rest begins; false when there is no line.
 */
static bool
place_numbers(const char *place, unsigned long *line, unsigned long *col,
    const char **rest)
{
	const char *c1 = strchr(place, ':');
	char *end, *cend;

	*col = 0;
	if (c1 == NULL)
		return (false);
	*line = strtoul(c1 + 1, &end, 10);
	if (end == c1 + 1 || *line == 0)
		return (false);
	*rest = end;
	if (*end == ':') {
		*col = strtoul(end + 1, &cend, 10);
		if (cend != end + 1)
			*rest = cend;
	}
	return (true);
}

/*
 * "file:LINE:COL" of the rewritten text as the same place of the file on
 * disk, which is what a person has in front of them; *inserted is set
 * when the place is in text the edits write, and then it is where that
 * text goes.  Takes place; returns the new string.
 */
static char *
map_place(const struct verify *vf, const char *canon, char *place,
    bool *inserted)
{
	const struct edited *ed;
	unsigned long line, col;
	const char *rest;
	unsigned ol, oc;
	size_t orig;
	char *out;

	*inserted = false;
	if (!place_numbers(place, &line, &col, &rest) ||
	    (orig = orig_offset(vf, canon, line, col, &ed, inserted)) ==
		SIZE_MAX)
		return (place);
	file_line_col(ed->f, (uint32_t)orig, &ol, &oc);
	out = xasprintf("%.*s:%u:%u%s", (int)(strchr(place, ':') - place),
	    place, ol, oc, rest);
	free(place);
	return (out);
}

/*
 * The CURVNET_SET a rules entry wrote that line:col of the rewritten file
 * is inside, or NULL.  Its function is the one whose extent holds the
 * place on disk, so two entry points of one file with the same
 * expression are told apart; the place must be inside the
 * CURVNET_SET(expr) text (col 0: anywhere on the line), since a line
 * that holds a whole function may have other errors.
 */
static const struct context_site *
context_site_at(const struct verify *vf, const char *canon, unsigned long line,
    unsigned long col)
{
	const struct context_site *cs, *found = NULL;
	const struct edited *ed;
	const char *at;
	char *text, *want;
	size_t i, orig;
	bool inserted;

	if ((orig = orig_offset(vf, canon, line, col, &ed, &inserted)) ==
		SIZE_MAX ||
	    !inserted || (text = new_line(vf, canon, (unsigned)line)) == NULL)
		return (NULL);
	for (i = 0; i < vf->nsites && found == NULL; i++) {
		cs = &vf->sites[i];
		if (strcmp(cs->f->path, canon) != 0 || orig < cs->start ||
		    orig > cs->end)
			continue;
		want = xasprintf("CURVNET_SET(%s)", cs->expr);
		for (at = text;
		    found == NULL && (at = strstr(at, want)) != NULL; at++)
			if (col == 0 ||
			    (col > (unsigned long)(at - text) &&
				col <=
				    (unsigned long)(at - text) + strlen(want)))
				found = cs;
		free(want);
	}
	free(text);
	return (found);
}

/*
 * Of the warnings of a parse of the rewritten text, keep those in a
 * CURVNET_SET a rules entry wrote: the others are the code's own.  Of
 * the unconverted text's, keep none.
 */
static void
keep_context_warnings(const struct verify *vf, struct check *c,
    struct errlist *l, bool rewritten)
{
	struct error_fact *ef;
	unsigned long line, col;
	const char *rest;
	char *file, *canon;
	size_t i, k;
	bool keep;

	for (i = k = 0; i < l->n; i++) {
		ef = &l->v[i];
		keep = !ef->warning;
		if (!keep && rewritten &&
		    place_numbers(ef->text, &line, &col, &rest)) {
			file = xstrndup(ef->text,
			    (size_t)(strchr(ef->text, ':') - ef->text));
			canon = path_canonical(file, c->job->dir);
			keep = context_site_at(vf, canon, line, col) != NULL;
			free(canon);
			free(file);
		}
		if (keep)
			l->v[k++] = *ef;
		else {
			free(ef->text);
			free(ef->spelled_in);
		}
	}
	l->n = k;
}

/*
 * Is the diagnostic in a CURVNET_SET a rules entry wrote?  Then it is
 * that entry's, and is reported at the entry's expression: an error
 * because the expression does not compile there, a warning because it is
 * not a struct vnet * (a socket, a function: C only warns, and the
 * instance would be garbage at run time).
 */
static bool
context_error(const struct verify *vf, const struct rules *rules,
    const char *canon, const char *path, const char *text, bool warning)
{
	const struct context_site *cs;
	unsigned long line, col;
	const char *rest;
	bool inserted;
	char *where;

	if (!place_numbers(path, &line, &col, &rest) ||
	    (cs = context_site_at(vf, canon, line, col)) == NULL)
		return (false);
	where = map_place(vf, canon, xstrdup(path), &inserted);
	text += strlen(warning ? "warning: " : "error: ");
	/* The runtime's VNET_ARG turns what is no struct vnet * to void. */
	if (!warning && strstr(text, "incompatible type 'void'") != NULL)
		diag_error(rules_path(rules), cs->line, cs->col,
		    "the vnet expression '%s' of this entry point is not a "
		    "struct vnet * in %s() (%s, where the rewrite writes its "
		    "CURVNET_SET); give one of that type",
		    cs->expr, cs->function, where);
	else if (warning)
		diag_error(rules_path(rules), cs->line, cs->col,
		    "the vnet expression '%s' of this entry point is not a "
		    "struct vnet * in %s() (%s, in the CURVNET_SET the "
		    "rewrite writes there: %s); give one of that type",
		    cs->expr, cs->function, where, text);
	else
		diag_error(rules_path(rules), cs->line, cs->col,
		    "the vnet expression '%s' of this entry point does not "
		    "compile in %s() (%s, in the CURVNET_SET the rewrite "
		    "writes there: %s); write one that does there",
		    cs->expr, cs->function, where, text);
	free(where);
	return (true);
}

/*
 * An error for the user: the path relative to the root, where it is.
 * Returns whether the file is one of those in reviewed.
 */
static bool
report(const struct options *o, const struct rules *rules,
    const struct verify *vf, const struct check *c, const struct error_fact *ef,
    struct hmap *shown, const struct hmap *reviewed, bool *context)
{
	const char *e = ef->text;
	const char *text, *rel, *colon, *p, *nl;
	size_t where;
	char *path, *line, *file, *canon;
	bool accounted, inserted;
	unsigned long new_line_no;

	split_error(e, &text, &where);
	path = xstrndup(e, where);
	colon = strchr(path, ':');
	file = xstrndup(path,
	    colon != NULL ? (size_t)(colon - path) : strlen(path));
	canon = path_canonical(file, c->job->dir);
	accounted = hmap_has(reviewed, canon);
	for (p = ef->spelled_in; !accounted && p != NULL && *p != '\0';
	    p = nl + 1) {
		char *one, *sp;

		if ((nl = strchr(p, '\n')) == NULL)
			break;
		one = xstrndup(p, (size_t)(nl - p));
		sp = path_canonical(one, c->job->dir);
		accounted = hmap_has(reviewed, sp);
		free(sp);
		free(one);
	}
	rel = path_under(path, o->root);
	if (rel == NULL && path_under(canon, o->root) != NULL) {
		char *p2 = xasprintf("%s%s", path_under(canon, o->root),
		    colon != NULL ? colon : "");

		free(path);
		path = p2;
		rel = path;
	}
	free(file);
	if (rel != NULL && rel != path) {
		char *p2 = xstrdup(rel);

		free(path);
		path = p2;
	}
	*context = context_error(vf, rules, canon, path, text, ef->warning);
	if (*context) {
		free(canon);
		free(path);
		return (false);
	}
	colon = strchr(path, ':');
	new_line_no = colon != NULL ? strtoul(colon + 1, NULL, 10) : 0;
	path = map_place(vf, canon, path, &inserted);
	free(canon);
	line = xasprintf("%s: %s (in %s, line %lu of the rewritten file, "
			 "configuration %s, %s VIMAGE)",
	    path, text,
	    inserted ? "the text the rewrite writes here"
		     : "the rewritten code",
	    new_line_no, config_name(rules, c->job->config),
	    c->vimage ? "with" : "without");
	if (!hmap_has(shown, line)) {
		(void)hmap_put(shown, line, NULL);
		fprintf(stderr, "%s\n", line);
	}
	free(line);
	free(path);
	return (accounted);
}

void
verify_rewrite(const struct options *o, const struct rules *rules,
    struct model *m, const struct joblist *jobs, const struct edit_set *edits,
    const struct hmap *reviewed, const struct context_site *sites,
    size_t nsites, struct verify_result *res)
{
	struct verify vf;
	struct hmap shown = {0}, deps = {0};
	bool *plain;
	const struct edit *e;
	struct srcfile *f;
	size_t i, k, n, len;
	bool context;
	char *data;

	memset(&vf, 0, sizeof(vf));
	memset(res, 0, sizeof(*res));
	vf.sites = sites;
	vf.nsites = nsites;
	for (i = 0; i < edits_nfiles(edits); i++) {
		f = model_file(m, edits_file(edits, i));
		e = edits_for_file(edits, f->path, &n);
		if (!file_load(f) || e == NULL)
			continue;
		data = edits_apply_buffer(f->data, f->len, e, n, &len);
		VEC_PUSH(&vf.files, ((struct unsaved){f->path, data, len}));
		VEC_PUSH(&vf.edited, ((struct edited){f, e, n, false}));
	}
	vimage_dependents(m, jobs, edits, &deps);
	for (i = 0; i < vf.edited.n; i++)
		vf.edited.v[i].plain =
		    edits_need_plain(edits, &vf.edited.v[i], &deps);
	hmap_free(&deps, NULL);
	plain = xcalloc(jobs->n + 1, sizeof(*plain));
	pick_plain(&vf, m, jobs, edits, plain);
	for (i = 0; i < jobs->n; i++) {
		if (!reads_edited(m, &jobs->v[i], edits))
			continue;
		if (plain[i]) {
			VEC_PUSH(&vf.checks,
			    ((struct check){&jobs->v[i], false, {0}, {0}, false,
				NULL, 0}));
			unsaved_for(&vf, m, &jobs->v[i],
			    &vf.checks.v[vf.checks.n - 1]);
		}
		VEC_PUSH(&vf.checks,
		    ((struct check){&jobs->v[i], true, {0}, {0}, false, NULL,
			0}));
		unsaved_for(&vf, m, &jobs->v[i], &vf.checks.v[vf.checks.n - 1]);
	}
	for (i = 0; i < vf.checks.n; i++) {
		res->units += vf.checks.v[i].vimage;
		res->plain += !vf.checks.v[i].vimage;
	}
	run_all(o, &vf);
	vf.baseline = true;
	run_all(o, &vf);
	for (i = 0; i < vf.checks.n; i++) {
		for (k = 0; k < vf.checks.v[i].errors.n; k++) {
			if (old_error(&vf.checks.v[i],
				vf.checks.v[i].errors.v[k].text) ||
			    (i + 1 < vf.checks.n &&
				also_with_vimage(&vf.checks.v[i],
				    &vf.checks.v[i + 1],
				    vf.checks.v[i].errors.v[k].text)))
				continue;
			if (!report(o, rules, &vf, &vf.checks.v[i],
				&vf.checks.v[i].errors.v[k], &shown, reviewed,
				&context))
				res->unaccounted += !context;
			res->context += context;
			res->errors++;
		}
		errlist_free(&vf.checks.v[i].errors);
		errlist_free(&vf.checks.v[i].before);
		free(vf.checks.v[i].us);
	}
	for (i = 0; i < vf.files.n; i++)
		free((char *)vf.files.v[i].data);
	VEC_FREE(&vf.files);
	VEC_FREE(&vf.edited);
	VEC_FREE(&vf.checks);
	hmap_free(&shown, NULL);
	free(plain);
}
