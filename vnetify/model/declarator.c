/*
 * declarator.c: see declarator.h.
 */
#include <string.h>

#include "model/declarator.h"
#include "model/tokens.h"

bool
tok_is_qualifier(const struct srcfile *f, size_t i)
{
	static const char *const q[] = {"const", "volatile", "restrict",
	    "_Atomic", "__restrict", "__restrict__", "__const", "__const__",
	    "__volatile__", "__volatile", "_Nonnull", "_Nullable",
	    "_Null_unspecified", NULL};

	return (tok_in_set(f, i, q));
}

/* Split [from, to) into one declarator. */
static bool
parse_declarator(const struct srcfile *f, size_t from, size_t to,
    struct declarator *d)
{
	size_t i, name = SIZE_MAX;
	int depth = 0;

	memset(d, 0, sizeof(*d));
	d->begin = from;
	d->end = to;
	d->eq = to;
	for (i = from; i < to; i++) {
		if (tok_punct(f, i, "=") && depth == 0) {
			d->eq = i;
			break;
		}
		if (tok_punct(f, i, "(") || tok_punct(f, i, "["))
			depth++;
		else if (tok_punct(f, i, ")") || tok_punct(f, i, "]"))
			depth--;
	}
	/* The name: the first identifier that is not a qualifier or attribute. */
	for (i = from; i < d->eq; i++) {
		if (tok_punct(f, i, "(")) {
			d->parens = true;
			continue;
		}
		if (f->toks.t[i].kind == TOK_IDENT && !tok_is_qualifier(f, i)) {
			if (tok_eq(f, i, "__attribute__") ||
			    tok_eq(f, i, "__attribute")) {
				i = tok_skip_group(f, i + 1, d->eq) - 1;
				continue;
			}
			name = i;
			break;
		}
	}
	if (name == SIZE_MAX)
		return (false);
	d->name = name;
	i = name + 1;
	while (i < d->eq && tok_punct(f, i, "["))
		i = tok_skip_group(f, i, d->eq);
	d->bound = i;
	if (d->parens) {
		/* Through the closing parenthesis and what follows it. */
		depth = 0;
		for (i = from; i < d->eq; i++) {
			if (tok_punct(f, i, "("))
				depth++;
			else if (tok_punct(f, i, ")") && --depth == 0 &&
			    i > name)
				break;
		}
		i++;
		while (
		    i < d->eq && (tok_punct(f, i, "(") || tok_punct(f, i, "[")))
			i = tok_skip_group(f, i, d->eq);
	}
	d->arr_end = i;
	return (true);
}

bool
decl_stmt_parse(const struct srcfile *f, uint32_t start, uint32_t name_off,
    struct decl_stmt *ds)
{
	size_t i, name, first, b;
	int depth = 0;
	struct declarator d;
	bool in_init;

	memset(ds, 0, sizeof(*ds));
	first = tok_at_or_after(&f->toks, start);
	name = tok_containing(&f->toks, name_off);
	if (first >= f->toks.n || name == SIZE_MAX || name < first ||
	    f->toks.t[first].pp)
		return (false);
	ds->first = first;
	/* Back from the first name over what belongs to its declarator. */
	for (b = name; b > first; b--) {
		size_t p = b - 1;

		if (!(tok_punct(f, p, "*") || tok_punct(f, p, "(") ||
			tok_is_qualifier(f, p) ||
			f->toks.t[p].kind == TOK_COMMENT))
			break;
	}
	while (b < name && !tok_punct(f, b, "*") && !tok_punct(f, b, "("))
		b++;
	ds->specs_end = b;
	/*
	 * The end of the statement.  A directive may stand inside the
	 * brackets of an initializer (an #ifdef'd element, an X-macro list
	 * built by #define and #include), which stays after the VNET_DEFINE,
	 * but nowhere else: the declarator goes inside a macro's arguments.
	 */
	if ((i = tok_find_outside(f, first, f->toks.n, ";", false)) == SIZE_MAX)
		return (false);
	ds->semi = i;
	for (i = first; i < ds->specs_end; i++)
		if (f->toks.t[i].pp)
			return (false);
	/* The declarators. */
	b = ds->specs_end;
	depth = 0;
	in_init = false;
	for (i = ds->specs_end; i <= ds->semi; i++) {
		if (f->toks.t[i].pp) {
			if (!in_init || depth == 0) {
				decl_stmt_free(ds);
				return (false);
			}
			continue;
		}
		if (depth == 0 && tok_punct(f, i, "="))
			in_init = true;
		if (tok_punct(f, i, "(") || tok_punct(f, i, "[") ||
		    tok_punct(f, i, "{"))
			depth++;
		else if (tok_punct(f, i, ")") || tok_punct(f, i, "]") ||
		    tok_punct(f, i, "}"))
			depth--;
		/* The name is inside the parentheses of a macro invocation. */
		if (depth < 0) {
			decl_stmt_free(ds);
			return (false);
		}
		if (i == ds->semi || (depth == 0 && tok_punct(f, i, ","))) {
			if (!parse_declarator(f, b, i, &d)) {
				decl_stmt_free(ds);
				return (false);
			}
			VEC_PUSH(&ds->d, d);
			b = i + 1;
			in_init = false;
		}
	}
	return (ds->d.n > 0);
}

void
decl_stmt_free(struct decl_stmt *ds)
{
	VEC_FREE(&ds->d);
}

size_t
decl_stmt_find(const struct srcfile *f, const struct decl_stmt *ds,
    uint32_t name_off)
{
	size_t i;

	for (i = 0; i < ds->d.n; i++)
		if (f->toks.t[ds->d.v[i].name].off == name_off)
			return (i);
	return (SIZE_MAX);
}
