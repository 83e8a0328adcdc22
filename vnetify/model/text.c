/*
 * text.c: see text.h.
 */
#include <string.h>

#include "model/text.h"

const char *
tok_text(const struct srcfile *f, size_t i, size_t *len)
{
	*len = f->toks.t[i].len;
	return (f->data + f->toks.t[i].off);
}

bool
tok_eq(const struct srcfile *f, size_t i, const char *s)
{
	return (i < f->toks.n && tok_is(f->data, &f->toks.t[i], s));
}

uint32_t
tok_end(const struct srcfile *f, size_t i)
{
	return (f->toks.t[i].off + f->toks.t[i].len);
}

static bool
is_punct(const struct srcfile *f, size_t i, const char *p)
{
	return (i < f->toks.n && tok_is_punct(f->data, &f->toks.t[i], p));
}

/* Tokens on different logical lines of a directive never mix. */
static bool
same_region(const struct srcfile *f, size_t a, size_t b)
{
	const struct tok *ta = &f->toks.t[a], *tb = &f->toks.t[b];
	size_t i;

	if (ta->pp != tb->pp)
		return (false);
	if (!ta->pp)
		return (true);
	for (i = a + 1; i <= b; i++)
		if (f->toks.t[i].bol)
			return (false);
	return (true);
}

bool
enclosing_call(const struct srcfile *f, uint32_t off, struct call_site *cs)
{
	size_t i = tok_containing(&f->toks, off), j;
	unsigned commas = 0;
	int depth = 0;

	if (i == SIZE_MAX)
		return (false);
	for (j = i; j-- > 0;) {
		const struct tok *t = &f->toks.t[j];

		if (t->kind == TOK_COMMENT)
			continue;
		if (!same_region(f, j, i))
			return (false);
		if (t->kind != TOK_PUNCT)
			continue;
		if (is_punct(f, j, ")") || is_punct(f, j, "]") ||
		    is_punct(f, j, "}"))
			depth++;
		else if (is_punct(f, j, "[") || is_punct(f, j, "{")) {
			if (depth == 0)
				return (false);
			depth--;
		} else if (is_punct(f, j, "(")) {
			if (depth > 0) {
				depth--;
				continue;
			}
			if (j == 0 || f->toks.t[j - 1].kind != TOK_IDENT)
				return (false);
			cs->name = j - 1;
			cs->lparen = j;
			cs->arg = commas;
			break;
		} else if (depth == 0 && is_punct(f, j, ","))
			commas++;
		else if (depth == 0 && is_punct(f, j, ";"))
			return (false);
	}
	if (j == SIZE_MAX)
		return (false);
	/* The closing parenthesis. */
	depth = 0;
	for (j = cs->lparen + 1; j < f->toks.n; j++) {
		if (is_punct(f, j, "(") || is_punct(f, j, "[") ||
		    is_punct(f, j, "{"))
			depth++;
		else if (is_punct(f, j, ")") || is_punct(f, j, "]") ||
		    is_punct(f, j, "}")) {
			if (depth-- == 0)
				break;
		}
	}
	cs->rparen = j;
	return (j < f->toks.n);
}

bool
call_arg(const struct srcfile *f, const struct call_site *cs, unsigned k,
    size_t *first, size_t *last)
{
	unsigned arg = 0;
	size_t j, start = cs->lparen + 1;
	int depth = 0;

	for (j = cs->lparen + 1; j <= cs->rparen; j++) {
		if (is_punct(f, j, "(") || is_punct(f, j, "[") ||
		    is_punct(f, j, "{"))
			depth++;
		else if (j < cs->rparen &&
		    (is_punct(f, j, ")") || is_punct(f, j, "]") ||
			is_punct(f, j, "}")))
			depth--;
		if (j == cs->rparen || (depth == 0 && is_punct(f, j, ","))) {
			if (arg == k) {
				*first = start;
				*last = j - 1;
				return (true);
			}
			arg++;
			start = j + 1;
		}
	}
	return (false);
}

size_t
define_at(const struct srcfile *f, uint32_t off)
{
	size_t i = tok_containing(&f->toks, off), d;

	if (i == SIZE_MAX)
		return (SIZE_MAX);
	d = tok_directive(&f->toks, f->data, i);
	if (d == SIZE_MAX || !tok_eq(f, d, "define") || d + 1 >= f->toks.n ||
	    d + 1 == i)
		return (SIZE_MAX);
	return (d + 1);
}

bool
has_include_line(const struct srcfile *f, const char *hdr)
{
	size_t i, n = strlen(hdr);

	for (i = 0; i + 1 < f->toks.n; i++) {
		if (!tok_eq(f, i, "include") || !f->toks.t[i].pp)
			continue;
		if (f->toks.t[i + 1].len == n &&
		    memcmp(f->data + f->toks.t[i + 1].off, hdr, n) == 0)
			return (true);
	}
	return (false);
}

static bool
is_qualifier(const struct srcfile *f, size_t i)
{
	static const char *const q[] = {"const", "volatile", "restrict",
	    "__restrict", "__restrict__", "__const", "__volatile__",
	    "__volatile", "_Nonnull", "_Nullable", NULL};
	size_t k;

	for (k = 0; q[k] != NULL; k++)
		if (tok_eq(f, i, q[k]))
			return (true);
	return (false);
}

static size_t
skip_group(const struct srcfile *f, size_t i, size_t limit)
{
	int depth = 0;

	for (; i < limit; i++) {
		if (is_punct(f, i, "(") || is_punct(f, i, "[") ||
		    is_punct(f, i, "{"))
			depth++;
		else if (is_punct(f, i, ")") || is_punct(f, i, "]") ||
		    is_punct(f, i, "}")) {
			if (--depth == 0)
				return (i + 1);
		}
	}
	return (limit);
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
		if (is_punct(f, i, "=") && depth == 0) {
			d->eq = i;
			break;
		}
		if (is_punct(f, i, "(") || is_punct(f, i, "["))
			depth++;
		else if (is_punct(f, i, ")") || is_punct(f, i, "]"))
			depth--;
	}
	/* The name: the first identifier that is not a qualifier or attribute. */
	for (i = from; i < d->eq; i++) {
		if (is_punct(f, i, "(")) {
			d->parens = true;
			continue;
		}
		if (f->toks.t[i].kind == TOK_IDENT && !is_qualifier(f, i)) {
			if (tok_eq(f, i, "__attribute__") ||
			    tok_eq(f, i, "__attribute")) {
				i = skip_group(f, i + 1, d->eq) - 1;
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
	while (i < d->eq && is_punct(f, i, "["))
		i = skip_group(f, i, d->eq);
	d->bound = i;
	if (d->parens) {
		/* Through the closing parenthesis and what follows it. */
		depth = 0;
		for (i = from; i < d->eq; i++) {
			if (is_punct(f, i, "("))
				depth++;
			else if (is_punct(f, i, ")") && --depth == 0 &&
			    i > name)
				break;
		}
		i++;
		while (
		    i < d->eq && (is_punct(f, i, "(") || is_punct(f, i, "[")))
			i = skip_group(f, i, d->eq);
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

		if (!(is_punct(f, p, "*") || is_punct(f, p, "(") ||
			is_qualifier(f, p) || f->toks.t[p].kind == TOK_COMMENT))
			break;
	}
	while (b < name && !is_punct(f, b, "*") && !is_punct(f, b, "("))
		b++;
	ds->specs_end = b;
	/* The end of the statement, which must not cross a directive. */
	for (i = first; i < f->toks.n; i++) {
		if (f->toks.t[i].pp)
			return (false);
		if (is_punct(f, i, "(") || is_punct(f, i, "[") ||
		    is_punct(f, i, "{"))
			depth++;
		else if (is_punct(f, i, ")") || is_punct(f, i, "]") ||
		    is_punct(f, i, "}"))
			depth--;
		else if (depth == 0 && is_punct(f, i, ";"))
			break;
		if (depth < 0)
			return (false);
	}
	if (i >= f->toks.n)
		return (false);
	ds->semi = i;
	/* The declarators. */
	b = ds->specs_end;
	depth = 0;
	for (i = ds->specs_end; i <= ds->semi; i++) {
		if (is_punct(f, i, "(") || is_punct(f, i, "[") ||
		    is_punct(f, i, "{"))
			depth++;
		else if (is_punct(f, i, ")") || is_punct(f, i, "]") ||
		    is_punct(f, i, "}"))
			depth--;
		if (i == ds->semi || (depth == 0 && is_punct(f, i, ","))) {
			if (!parse_declarator(f, b, i, &d)) {
				decl_stmt_free(ds);
				return (false);
			}
			VEC_PUSH(&ds->d, d);
			b = i + 1;
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

bool
tokens_contain_marker(const struct srcfile *f, size_t a, size_t b,
    const char *marker)
{
	size_t i, n = strlen(marker), len;
	const char *s;

	for (i = a; i <= b && i < f->toks.n; i++) {
		if (f->toks.t[i].kind != TOK_IDENT &&
		    f->toks.t[i].kind != TOK_COMMENT)
			continue;
		s = tok_text(f, i, &len);
		if (len >= n && memmem(s, len, marker, n) != NULL)
			return (true);
	}
	return (false);
}

/* The token before i that is not a comment, or SIZE_MAX. */
static size_t
prev_tok(const struct srcfile *f, size_t i)
{
	while (i-- > 0)
		if (f->toks.t[i].kind != TOK_COMMENT)
			return (i);
	return (SIZE_MAX);
}

static size_t
next_tok(const struct srcfile *f, size_t i)
{
	while (++i < f->toks.n)
		if (f->toks.t[i].kind != TOK_COMMENT)
			return (i);
	return (SIZE_MAX);
}

/* Can token i end an operand (so a '&' after it is binary)? */
static bool
ends_operand(const struct srcfile *f, size_t i)
{
	const struct tok *t = &f->toks.t[i];

	if (t->kind == TOK_IDENT)
		return (!tok_eq(f, i, "return") && !tok_eq(f, i, "sizeof") &&
		    !tok_eq(f, i, "case"));
	return (t->kind == TOK_NUMBER || t->kind == TOK_STRING ||
	    t->kind == TOK_CHAR || is_punct(f, i, ")") || is_punct(f, i, "]"));
}

static bool
is_measure(const struct srcfile *f, size_t i)
{
	static const char *const kw[] = {"sizeof", "_Alignof", "__alignof__",
	    "__alignof", "typeof", "__typeof__", "__typeof", "alignof", NULL};
	size_t k;

	for (k = 0; kw[k] != NULL; k++)
		if (tok_eq(f, i, kw[k]))
			return (true);
	return (false);
}

static bool
is_assign_op(const struct srcfile *f, size_t i)
{
	static const char *const ops[] = {"=",
	    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", NULL};
	size_t k;

	for (k = 0; ops[k] != NULL; k++)
		if (is_punct(f, i, ops[k]))
			return (true);
	return (false);
}

unsigned
text_access(const struct srcfile *f, uint32_t off)
{
	size_t i = tok_containing(&f->toks, off), j, p, q;
	unsigned acc = ACC_READ;

	if (i == SIZE_MAX)
		return (ACC_READ);
	/* Backwards: &x, ++x, sizeof x, sizeof(x), sizeof((x)). */
	p = prev_tok(f, i);
	while (p != SIZE_MAX && is_punct(f, p, "(")) {
		q = prev_tok(f, p);
		if (q != SIZE_MAX && is_measure(f, q))
			return (ACC_SIZEOF);
		if (q == SIZE_MAX || !is_punct(f, q, "("))
			break;
		p = q;
	}
	p = prev_tok(f, i);
	if (p != SIZE_MAX) {
		if (is_measure(f, p))
			return (ACC_SIZEOF);
		if (is_punct(f, p, "++") || is_punct(f, p, "--"))
			acc |= ACC_WRITE;
		if (is_punct(f, p, "&")) {
			q = prev_tok(f, p);
			if (q == SIZE_MAX || !ends_operand(f, q))
				acc = ACC_ADDR;
		}
	}
	/* Forwards over .member and [index] to what is applied to x. */
	j = next_tok(f, i);
	while (j != SIZE_MAX) {
		if (is_punct(f, j, "[")) {
			j = skip_group(f, j, f->toks.n);
			j = j < f->toks.n ? j : SIZE_MAX;
			if (j != SIZE_MAX && f->toks.t[j].kind == TOK_COMMENT)
				j = next_tok(f, j);
		} else if (is_punct(f, j, ".") && next_tok(f, j) != SIZE_MAX)
			j = next_tok(f, next_tok(f, j));
		else
			break;
	}
	if (j == SIZE_MAX)
		return (acc);
	if (is_punct(f, j, "="))
		acc = (acc & ~ACC_READ) | ACC_WRITE;
	else if (is_assign_op(f, j) || is_punct(f, j, "++") ||
	    is_punct(f, j, "--"))
		acc |= ACC_WRITE;
	return (acc);
}
