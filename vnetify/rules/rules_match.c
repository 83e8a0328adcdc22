/*
 * rules_match.c: the verdicts.  A variable is selected when a virtualize
 * selector, a name from the command line or a marker in its declaration
 * selects it, and no exclude item matches it; exclude is the last word.
 *
 * Two guards keep wide selectors from taking what nobody meant: a const
 * object is selected only by its exact name (or a marker), never by a glob,
 * a file or "all", since every instance would hold the same bytes; and a
 * function-local static is selected by file, dir and all only when the
 * selector says locals: true, since moving it to file scope is a bigger
 * edit than renaming uses.  Exclusions have neither guard: excluding a file
 * excludes everything in it.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_impl.h"
#include "support/diag.h"

bool
rules_name_match(const char *pattern, const char *name)
{
	return (
	    pattern != NULL && name != NULL && fnmatch(pattern, name, 0) == 0);
}

/* A path cut at its slashes; empty segments and "." are dropped. */
struct segs {
	char *buf;
	VEC(const char *) s;
};

static void
segs_split(struct segs *sg, const char *path)
{
	char *p, *next;

	sg->buf = xstrdup(path);
	memset(&sg->s, 0, sizeof(sg->s));
	for (p = sg->buf; p != NULL; p = next) {
		next = strchr(p, '/');
		if (next != NULL)
			*next++ = '\0';
		if (*p != '\0' && strcmp(p, ".") != 0)
			VEC_PUSH(&sg->s, p);
	}
}

static void
segs_free(struct segs *sg)
{
	free(sg->buf);
	VEC_FREE(&sg->s);
}

/*
 * Whether the pattern's segments match the first n segments of the path.
 * "**" is the only wildcard that spans segments, so the greedy match with
 * one backtrack point (as for '*' in plain strings) is exact and linear in
 * the common case.
 */
static bool
segs_match(const struct segs *pat, const struct segs *path, size_t n)
{
	size_t pi = 0, si = 0, star = 0, mark = 0, np = pat->s.n;
	bool have_star = false;

	while (si < n) {
		if (pi < np && strcmp(pat->s.v[pi], "**") == 0) {
			have_star = true;
			star = ++pi;
			mark = si;
			continue;
		}
		if (pi < np && fnmatch(pat->s.v[pi], path->s.v[si], 0) == 0) {
			pi++;
			si++;
			continue;
		}
		if (!have_star)
			return (false);
		pi = star;
		si = ++mark;
	}
	while (pi < np && strcmp(pat->s.v[pi], "**") == 0)
		pi++;
	return (pi == np);
}

bool
rules_path_match(const char *pattern, const char *relpath)
{
	struct segs pat, path;
	bool ok;

	if (pattern == NULL || relpath == NULL)
		return (false);
	segs_split(&pat, pattern);
	segs_split(&path, relpath);
	ok = segs_match(&pat, &path, path.s.n);
	segs_free(&pat);
	segs_free(&path);
	return (ok);
}

/*
 * Whether pattern matches one of the path's leading parts: its directories
 * only (dirs_only), or the whole path as well.  "" is the root, which
 * holds everything.
 */
static bool
prefix_match(const char *pattern, const char *relpath, bool dirs_only)
{
	struct segs pat, path;
	size_t n;
	bool ok = false;

	if (*pattern == '\0')
		return (true);
	segs_split(&pat, pattern);
	segs_split(&path, relpath);
	for (n = 1; n + (dirs_only ? 1 : 0) <= path.s.n && !ok; n++)
		ok = segs_match(&pat, &path, n);
	segs_free(&pat);
	segs_free(&path);
	return (ok);
}

bool
rules_never_touch(const struct rules *r, const char *relpath)
{
	size_t i;

	if (relpath == NULL)
		return (false);
	for (i = 0; i < r->never.n; i++)
		if (prefix_match(r->never.v[i], relpath, false))
			return (true);
	return (false);
}

enum outcome {
	NO_MATCH,
	MATCH,
	EXCEPTED /* would match but for an except item */
};

/* Guards a near miss may lift, to tell the user why it missed. */
#define RELAX_CONST  0x1
#define RELAX_LOCALS 0x2

static bool
any_name(const struct strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (rules_name_match(sv->v[i], s))
			return (true);
	return (false);
}

static enum outcome
sel_match(const struct rsel *s, const struct rule_var *v, bool excluding,
    unsigned relax, const struct rsel **except)
{
	const char *file = v->file != NULL ? v->file : "";
	bool named = false, where;
	size_t i;

	if (s->functions.n > 0) {
		if (!v->is_local_static || v->function == NULL ||
		    !any_name(&s->functions, v->function))
			return (NO_MATCH);
	} else if (v->is_local_static && !excluding && !s->locals &&
	    !(relax & RELAX_LOCALS))
		return (NO_MATCH);
	if (s->names.n > 0) {
		if (!any_name(&s->names, v->name))
			return (NO_MATCH);
		for (i = 0; i < s->names.n && !named; i++)
			named = rules_pattern_is_literal(s->names.v[i]) &&
			    strcmp(s->names.v[i], v->name) == 0;
	}
	if (v->is_const && !excluding && !named && !(relax & RELAX_CONST))
		return (NO_MATCH);
	if (s->files.n > 0 || s->dirs.n > 0) {
		where = false;
		for (i = 0; i < s->files.n && !where; i++)
			where = rules_path_match(s->files.v[i], file);
		for (i = 0; i < s->dirs.n && !where; i++)
			where = prefix_match(s->dirs.v[i], file, true);
		if (!where)
			return (NO_MATCH);
	}
	for (i = 0; i < s->except.n; i++)
		if (sel_match(&s->except.v[i], v, true, 0, NULL) == MATCH) {
			if (except != NULL)
				*except = &s->except.v[i];
			return (EXCEPTED);
		}
	return (MATCH);
}

static void
reason(struct rule_reason *why, bool selected, const struct rsel *s,
    const char *text)
{
	why->selected = selected;
	why->file = s != NULL ? s->origin : NULL;
	why->line = s != NULL ? s->line : 0;
	why->col = s != NULL ? s->col : 0;
	why->why = text;
}

static const char *
selected_by(const struct rsel *s)
{
	if (s->names.n > 0)
		return ("selected by name");
	if (s->functions.n > 0)
		return ("selected as a static of a named function");
	if (s->all)
		return ("selected by 'all'");
	return ("selected by file or directory");
}

static void
sel_list_push(struct sel_list *l, size_t i)
{
	VEC_PUSH(l, i);
}

static void
free_sel_list(void *p)
{
	struct sel_list *l = p;

	free(l->v);
	free(l);
}

void
rules_index_free(struct rules *r)
{
	hmap_free(&r->by_literal, free_sel_list);
	free(r->general.v);
	memset(&r->general, 0, sizeof(r->general));
	r->indexed = 0;
}

/* Does the selector say nothing but "one of these exact names"? */
static bool
only_literal_names(const struct rsel *s)
{
	size_t i;

	if (s->names.n == 0 || s->files.n > 0 || s->dirs.n > 0 ||
	    s->functions.n > 0 || s->all || s->except.n > 0)
		return (false);
	for (i = 0; i < s->names.n; i++)
		if (!rules_pattern_is_literal(s->names.v[i]))
			return (false);
	return (true);
}

void
rules_index_extend(struct rules *r)
{
	struct sel_list **l;
	size_t i, k;

	for (i = r->indexed; i < r->virt.n; i++) {
		if (!only_literal_names(&r->virt.v[i])) {
			sel_list_push(&r->general, i);
			continue;
		}
		for (k = 0; k < r->virt.v[i].names.n; k++) {
			l = (struct sel_list **)hmap_put(&r->by_literal,
			    r->virt.v[i].names.v[k], NULL);
			if (*l == NULL)
				*l = xcalloc(1, sizeof(**l));
			if ((*l)->n == 0 || (*l)->v[(*l)->n - 1] != i)
				sel_list_push(*l, i);
		}
	}
	r->indexed = r->virt.n;
}

/*
 * The selectors that could match a variable called name, in rule order:
 * the general ones and those naming it exactly.
 */
static void
candidates(const struct rules *r, const char *name, struct sel_list *out)
{
	const struct sel_list *lit;
	size_t i = 0, j = 0;

	if (r->indexed != r->virt.n)
		fatal("internal error: a selector was added to the rules "
		      "without rules_index_extend()");
	lit = hmap_get(&r->by_literal, name);
	while (i < r->general.n || (lit != NULL && j < lit->n)) {
		if (lit == NULL || j == lit->n ||
		    (i < r->general.n && r->general.v[i] < lit->v[j]))
			sel_list_push(out, r->general.v[i++]);
		else
			sel_list_push(out, lit->v[j++]);
	}
}

static const char const_by_name[] = "const: only its exact name selects it";

bool
rules_pattern_reaches_const(const struct rules *r, const struct rule_var *v)
{
	struct rule_reason why;

	return (v != NULL && v->is_const && !rules_selects_why(r, v, &why) &&
	    why.why == const_by_name);
}

bool
rules_selects_why(const struct rules *r, const struct rule_var *v,
    struct rule_reason *why)
{
	const struct rsel *hit = NULL, *except = NULL, *ex = NULL, *s;
	struct sel_list cand = {0};
	const char *text = NULL;
	struct rule_reason dummy;
	size_t i;

	if (why == NULL)
		why = &dummy;
	if (v == NULL || v->name == NULL) {
		reason(why, false, NULL, "no name to select by");
		return (false);
	}
	candidates(r, v->name, &cand);
	for (i = 0; i < cand.n && hit == NULL; i++)
		switch (sel_match(&r->virt.v[cand.v[i]], v, false, 0, &ex)) {
		case MATCH:
			hit = &r->virt.v[cand.v[i]];
			break;
		case EXCEPTED:
			if (except == NULL)
				except = ex;
			break;
		case NO_MATCH:
			break;
		}
	if (hit == NULL && !v->marked) {
		if (except != NULL) {
			reason(why, false, except,
			    "left out by the 'except' of its selector");
			free(cand.v);
			return (false);
		}
		for (i = 0; i < cand.n && text == NULL; i++) {
			s = &r->virt.v[cand.v[i]];
			if (v->is_const &&
			    sel_match(s, v, false, RELAX_CONST, NULL) == MATCH)
				text = const_by_name;
			else if (v->is_local_static &&
			    sel_match(s, v, false, RELAX_LOCALS, NULL) == MATCH)
				text = "function-local static: the selector "
				       "needs 'locals: true'";
			if (text != NULL)
				hit = s;
		}
		reason(why, false, hit,
		    text != NULL ? text : "no rule selects it");
		free(cand.v);
		return (false);
	}
	free(cand.v);
	for (i = 0; i < r->excl.n; i++)
		if (sel_match(&r->excl.v[i], v, true, 0, NULL) == MATCH) {
			reason(why, false, &r->excl.v[i],
			    "excluded by 'exclude'");
			return (false);
		}
	if (hit != NULL)
		reason(why, true, hit, selected_by(hit));
	else
		reason(why, true, NULL, "its declaration carries a marker");
	return (true);
}

bool
rules_selects(const struct rules *r, const struct rule_var *v)
{
	return (rules_selects_why(r, v, NULL));
}

static bool
file_ok(const char *pattern, const char *file)
{
	return (pattern == NULL ||
	    (file != NULL && rules_path_match(pattern, file)));
}

/* "struct foo" and "foo" name the same tag. */
static const char *
tag_name(const char *s)
{
	if (s != NULL && strncmp(s, "struct ", 7) == 0)
		for (s += 7; *s == ' '; s++)
			;
	return (s);
}

bool
rules_entry_matches(const struct rule_entry *e, const char *function,
    const char *file)
{
	return (e->function != NULL &&
	    rules_name_match(e->function, function) && file_ok(e->file, file));
}

bool
rules_entry_matches_role(const struct rule_entry *e, const char *struct_name,
    const char *field, const char *file)
{
	return (e->struct_name != NULL && e->field != NULL &&
	    rules_name_match(e->struct_name, tag_name(struct_name)) &&
	    rules_name_match(e->field, field) && file_ok(e->file, file));
}

const struct rule_entry *
rules_find_entry(const struct rules *r, const char *function, const char *file)
{
	size_t i;

	for (i = 0; i < r->entries.n; i++)
		if (rules_entry_matches(&r->entries.v[i], function, file))
			return (&r->entries.v[i]);
	return (NULL);
}

const struct rule_entry *
rules_find_role(const struct rules *r, const char *struct_name,
    const char *field, const char *file)
{
	size_t i;

	for (i = 0; i < r->entries.n; i++)
		if (rules_entry_matches_role(&r->entries.v[i], struct_name,
			field, file))
			return (&r->entries.v[i]);
	return (NULL);
}

const struct rule_timer *
rules_find_timer(const struct rules *r, const char *function)
{
	size_t i;

	for (i = 0; i < r->timers.n; i++)
		if (rules_name_match(r->timers.v[i].function, function))
			return (&r->timers.v[i]);
	return (NULL);
}

size_t
rules_nselectors(const struct rules *r)
{
	return (r->virt.n);
}

void
rules_selector_place(const struct rules *r, size_t i, const char **file,
    unsigned *line, unsigned *col, char **text)
{
	const struct rsel *s = &r->virt.v[i];
	struct strbuf sb = STRBUF_INIT;
	size_t k;

	*file = s->origin;
	*line = s->line;
	*col = s->col;
	for (k = 0; k < s->names.n; k++)
		sb_addf(&sb, "%s%s", k > 0 ? ", " : "", s->names.v[k]);
	for (k = 0; k < s->functions.n; k++)
		sb_addf(&sb, "%sfunction %s", sb.len > 0 ? ", " : "",
		    s->functions.v[k]);
	for (k = 0; k < s->files.n; k++)
		sb_addf(&sb, "%sfile %s", sb.len > 0 ? ", " : "",
		    s->files.v[k]);
	for (k = 0; k < s->dirs.n; k++)
		sb_addf(&sb, "%sdir %s", sb.len > 0 ? ", " : "",
		    s->dirs.v[k][0] != '\0' ? s->dirs.v[k] : ".");
	if (s->all)
		sb_addf(&sb, "%sall", sb.len > 0 ? ", " : "");
	*text = sb_detach(&sb);
}

size_t
rules_selector_candidates(const struct rules *r, const char *name, size_t **out)
{
	struct sel_list cand = {0};

	candidates(r, name, &cand);
	*out = cand.v;
	return (cand.n);
}

int
rules_selector_matches(const struct rules *r, size_t i,
    const struct rule_var *v)
{
	if (sel_match(&r->virt.v[i], v, false, 0, NULL) == MATCH)
		return (1);
	return (sel_match(&r->virt.v[i], v, false, RELAX_CONST | RELAX_LOCALS,
		    NULL) == MATCH
		? 2
		: 0);
}
