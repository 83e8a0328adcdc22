/*
 * conditionals.c: see conditionals.h.  The directives are read from the
 * file's tokens, from its start, each time: the questions are few (the
 * variables of one idiom), and a file's conditionals are not kept.
 */
#include <stdlib.h>
#include <string.h>

#include "model/conditionals.h"
#include "model/tokens.h"
#include "support/hmap.h"

/* One #if ... #endif around the spot, and its group there. */
struct frame {
	enum cond_side first; /* of its first group (#if, #ifdef...) */
	enum cond_side cur;   /* of the group being read */
	uint32_t start;	      /* where that group's text starts */
};

static enum cond_side
negate(enum cond_side s)
{
	return (s == SIDE_DEFINED     ? SIDE_UNDEFINED
		: s == SIDE_UNDEFINED ? SIDE_DEFINED
				      : SIDE_BOTH);
}

/* Index of the first token after the directive line holding token i. */
static size_t
line_after(const struct srcfile *f, size_t i)
{
	while (++i < f->toks.n && !f->toks.t[i].bol)
		;
	return (i);
}

static size_t
next_on_line(const struct srcfile *f, size_t i, size_t end)
{
	while (++i < end && f->toks.t[i].kind == TOK_COMMENT)
		;
	return (i);
}

/*
 * The directive's name ("if", "endif"...) when the line from token i to
 * end is a directive, else end.
 */
static size_t
directive_name(const struct srcfile *f, size_t i, size_t end)
{
	if (!f->toks.t[i].pp || !tok_punct(f, i, "#"))
		return (end);
	return (next_on_line(f, i, end));
}

/*
 * The side an #if or #elif expression puts its group on: "defined(M)",
 * "defined M" and their negations with '!' are known, anything else is
 * not.  k is the directive's name, end the line's end.
 */
static enum cond_side
expr_side(const struct srcfile *f, size_t k, size_t end, const char *macro)
{
	bool neg = false;
	bool paren = false;
	size_t i = next_on_line(f, k, end);

	if (i < end && tok_punct(f, i, "!")) {
		neg = true;
		i = next_on_line(f, i, end);
	}
	if (i >= end || !tok_eq(f, i, "defined"))
		return (SIDE_BOTH);
	i = next_on_line(f, i, end);
	if (i < end && tok_punct(f, i, "(")) {
		paren = true;
		i = next_on_line(f, i, end);
	}
	if (i >= end || !tok_eq(f, i, macro))
		return (SIDE_BOTH);
	i = next_on_line(f, i, end);
	if (paren) {
		if (i >= end || !tok_punct(f, i, ")"))
			return (SIDE_BOTH);
		i = next_on_line(f, i, end);
	}
	if (i < end)
		return (SIDE_BOTH);
	return (neg ? SIDE_UNDEFINED : SIDE_DEFINED);
}

static enum cond_side
directive_side(const struct srcfile *f, size_t k, size_t end, const char *macro)
{
	size_t i = next_on_line(f, k, end);
	bool named =
	    i < end && tok_eq(f, i, macro) && next_on_line(f, i, end) >= end;

	if (tok_eq(f, k, "ifdef"))
		return (named ? SIDE_DEFINED : SIDE_BOTH);
	if (tok_eq(f, k, "ifndef"))
		return (named ? SIDE_UNDEFINED : SIDE_BOTH);
	return (expr_side(f, k, end, macro));
}

/*
 * The side of the #elif or #else at k of a group whose first directive
 * put it on first: the other side of a test of macro, else what the
 * #elif says.
 */
static enum cond_side
branch_side(const struct srcfile *f, size_t k, size_t end, const char *macro,
    enum cond_side first)
{
	if (first != SIDE_BOTH)
		return (negate(first));
	if (tok_eq(f, k, "elif"))
		return (expr_side(f, k, end, macro));
	return (SIDE_BOTH);
}

/* The innermost frame whose group is on a side, or SIZE_MAX. */
static size_t
deciding(const struct frame *st, size_t n)
{
	while (n-- > 0)
		if (st[n].cur != SIDE_BOTH)
			return (n);
	return (SIZE_MAX);
}

static bool
opens(const struct srcfile *f, size_t k)
{
	return (tok_eq(f, k, "if") || tok_eq(f, k, "ifdef") ||
	    tok_eq(f, k, "ifndef"));
}

/*
 * From the directive line at i, past the spot, to the directive that ends
 * the group depth levels out; its offset, or the file's end.
 */
static uint32_t
group_end(const struct srcfile *f, size_t i, size_t depth)
{
	size_t k, eol;

	for (; i < f->toks.n; i = eol) {
		eol = line_after(f, i);
		if ((k = directive_name(f, i, eol)) >= eol)
			continue;
		if (opens(f, k))
			depth++;
		else if (depth > 0 && tok_eq(f, k, "endif"))
			depth--;
		else if (depth == 0 &&
		    (tok_eq(f, k, "elif") || tok_eq(f, k, "else") ||
			tok_eq(f, k, "endif")))
			return (f->toks.t[i].off);
	}
	return ((uint32_t)f->len);
}

enum cond_side
cond_side_at(const struct srcfile *f, uint32_t off, const char *macro,
    uint32_t *start, uint32_t *end)
{
	VEC(struct frame) st = {0};
	enum cond_side side = SIDE_BOTH;
	size_t i, k, eol, d;
	struct frame *fr;

	for (i = 0; i < f->toks.n && f->toks.t[i].off < off; i = eol) {
		eol = line_after(f, i);
		if ((k = directive_name(f, i, eol)) >= eol)
			continue;
		if (opens(f, k)) {
			enum cond_side s = directive_side(f, k, eol, macro);

			VEC_PUSH(&st, ((struct frame){s, s, 0}));
		} else if (st.n > 0 &&
		    (tok_eq(f, k, "elif") || tok_eq(f, k, "else"))) {
			fr = &st.v[st.n - 1];
			fr->cur = branch_side(f, k, eol, macro, fr->first);
		} else if (st.n > 0 && tok_eq(f, k, "endif")) {
			st.n--;
			continue;
		} else
			continue;
		st.v[st.n - 1].start =
		    (uint32_t)line_end(f->data, f->len, tok_end(f, eol - 1));
	}
	if ((d = deciding(st.v, st.n)) != SIZE_MAX) {
		side = st.v[d].cur;
		if (start != NULL)
			*start = st.v[d].start;
		if (end != NULL)
			*end = group_end(f, i, st.n - 1 - d);
	}
	VEC_FREE(&st);
	return (side);
}

bool
cond_names(const struct srcfile *f, const char *macro)
{
	size_t i, d;

	for (i = 0; i < f->toks.n; i++) {
		if (!f->toks.t[i].pp || !tok_eq(f, i, macro))
			continue;
		d = tok_directive(&f->toks, f->data, i);
		if (d != SIZE_MAX && d != i && !tok_eq(f, d, "define") &&
		    !tok_eq(f, d, "undef"))
			return (true);
	}
	return (false);
}

char *
cond_directive_at(const struct srcfile *f, uint32_t off, uint32_t *where)
{
	VEC(size_t) open = {0}; /* the '#' of each group's directive */
	size_t i, k, eol, top, e;
	char *text;

	for (i = 0; i < f->toks.n && f->toks.t[i].off < off; i = eol) {
		eol = line_after(f, i);
		if ((k = directive_name(f, i, eol)) >= eol)
			continue;
		if (opens(f, k))
			VEC_PUSH(&open, i);
		else if (open.n > 0 &&
		    (tok_eq(f, k, "elif") || tok_eq(f, k, "else")))
			open.v[open.n - 1] = i;
		else if (open.n > 0 && tok_eq(f, k, "endif"))
			open.n--;
	}
	if (open.n == 0) {
		VEC_FREE(&open);
		return (NULL);
	}
	top = open.v[open.n - 1];
	VEC_FREE(&open);
	*where = f->toks.t[top].off;
	e = line_after(f, top);
	e = tok_end(f, e - 1);
	text = xstrndup(f->data + f->toks.t[top].off, e - f->toks.t[top].off);
	/* One line: continuation breaks and runs of blanks become one. */
	for (i = k = 0; text[i] != '\0'; i++) {
		if (text[i] == '\\' && text[i + 1] == '\n')
			continue;
		if (strchr(" \t\n", text[i]) != NULL) {
			if (k > 0 && text[k - 1] != ' ')
				text[k++] = ' ';
			continue;
		}
		text[k++] = text[i];
	}
	text[k] = '\0';
	return (text);
}

/* One #if ... #endif around the spot, as cond_plain_only() reads it. */
struct dep_frame {
	enum cond_side first, cur;
	bool dependent; /* a directive of the group names a dependency */
};

/* Does the directive line [k, end) name macro or a key of deps? */
static bool
names_dependency(const struct srcfile *f, size_t k, size_t end,
    const char *macro, const struct hmap *deps)
{
	const char *t;
	size_t i, len;

	for (i = next_on_line(f, k, end); i < end;
	    i = next_on_line(f, i, end)) {
		if (f->toks.t[i].kind != TOK_IDENT)
			continue;
		t = tok_text(f, i, &len);
		if ((strlen(macro) == len && memcmp(t, macro, len) == 0) ||
		    (deps != NULL && hmap_get_n(deps, t, len) != NULL))
			return (true);
	}
	return (false);
}

/* Is code where the stack stands compiled by the plain build only? */
static bool
plain_only_here(const struct dep_frame *st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (st[i].dependent && st[i].cur != SIDE_DEFINED)
			return (true);
	return (false);
}

/*
 * The walk behind both questions: with offs, stops at the first offset
 * in plain-only code (returns 1); with add, puts the macros that dependent
 * groups (re)define into add and returns how many were new.
 */
static size_t
walk_dependent(const struct srcfile *f, const char *macro,
    const struct hmap *deps, const uint32_t *offs, size_t noffs,
    struct hmap *add)
{
	VEC(struct dep_frame) st = {0};
	size_t i, j, k, eol, o = 0, added = 0, len;
	struct dep_frame *fr;
	const char *t;
	char *name;
	bool any;

	for (i = 0; i < f->toks.n; i = eol) {
		eol = line_after(f, i);
		for (; offs != NULL && o < noffs && offs[o] < f->toks.t[i].off;
		    o++)
			if (plain_only_here(st.v, st.n)) {
				VEC_FREE(&st);
				return (1);
			}
		if ((k = directive_name(f, i, eol)) >= eol)
			continue;
		if (opens(f, k)) {
			enum cond_side s = directive_side(f, k, eol, macro);

			VEC_PUSH(&st,
			    ((struct dep_frame){s, s,
				names_dependency(f, k, eol, macro, deps)}));
		} else if (st.n > 0 &&
		    (tok_eq(f, k, "elif") || tok_eq(f, k, "else"))) {
			fr = &st.v[st.n - 1];
			if (tok_eq(f, k, "elif"))
				fr->dependent = fr->dependent ||
				    names_dependency(f, k, eol, macro, deps);
			fr->cur = branch_side(f, k, eol, macro, fr->first);
		} else if (st.n > 0 && tok_eq(f, k, "endif"))
			st.n--;
		else if (add != NULL &&
		    (tok_eq(f, k, "define") || tok_eq(f, k, "undef"))) {
			for (any = false, j = 0; j < st.n && !any; j++)
				any = st.v[j].dependent;
			j = next_on_line(f, k, eol);
			if (!any || j >= eol || f->toks.t[j].kind != TOK_IDENT)
				continue;
			t = tok_text(f, j, &len);
			if (hmap_get_n(add, t, len) != NULL)
				continue;
			name = xstrndup(t, len);
			(void)hmap_put(add, name, (void *)1);
			free(name);
			added++;
		}
	}
	any = false;
	for (; offs != NULL && o < noffs && !any; o++)
		any = plain_only_here(st.v, st.n);
	VEC_FREE(&st);
	return (offs != NULL ? any : added);
}

bool
cond_plain_only(const struct srcfile *f, const char *macro,
    const struct hmap *deps, const uint32_t *offs, size_t n)
{
	return (walk_dependent(f, macro, deps, offs, n, NULL) != 0);
}

size_t
cond_dependents(const struct srcfile *f, const char *macro, struct hmap *deps)
{
	return (walk_dependent(f, macro, deps, NULL, 0, deps));
}

char *
cond_group_after(const struct srcfile *f, uint32_t off, uint32_t after,
    uint32_t *where)
{
	char *d = cond_directive_at(f, off, where);

	if (d != NULL && *where > after)
		return (d);
	free(d);
	return (NULL);
}

uint32_t
cond_line_end(const struct srcfile *f, uint32_t where)
{
	size_t i = tok_at_or_after(&f->toks, where), e;

	if (i >= f->toks.n)
		return ((uint32_t)f->len);
	e = line_after(f, i);
	return ((uint32_t)line_end(f->data, f->len, tok_end(f, e - 1) - 1));
}
