/*
 * calls.c: see calls.h.
 */
#include "model/calls.h"
#include "model/tokens.h"

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

/* Keywords a '(' follows that do not call anything. */
static const char *const not_calls[] = {"if", "while", "for", "switch",
    "return", "case", "else", "do", "sizeof", "_Alignof", "alignof",
    "__alignof__", "__alignof", "typeof", "__typeof__", "__typeof", NULL};

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
		if (tok_punct(f, j, ")") || tok_punct(f, j, "]") ||
		    tok_punct(f, j, "}"))
			depth++;
		else if (tok_punct(f, j, "[") || tok_punct(f, j, "{")) {
			if (depth > 0)
				depth--;
			else if (tok_punct(f, j, "{"))
				return (false);
			else
				commas = 0; /* a subscript in an argument */
		} else if (tok_punct(f, j, "(")) {
			if (depth > 0) {
				depth--;
				continue;
			}
			/* A grouping: the call, if any, is further out. */
			if (j == 0 || f->toks.t[j - 1].kind != TOK_IDENT ||
			    tok_in_set(f, j - 1, not_calls)) {
				commas = 0;
				continue;
			}
			cs->name = j - 1;
			cs->lparen = j;
			cs->arg = commas;
			break;
		} else if (depth == 0 && tok_punct(f, j, ","))
			commas++;
		else if (depth == 0 && tok_punct(f, j, ";"))
			return (false);
	}
	if (j == SIZE_MAX)
		return (false);
	/* The closing parenthesis. */
	depth = 0;
	for (j = cs->lparen + 1; j < f->toks.n; j++) {
		if (tok_punct(f, j, "(") || tok_punct(f, j, "[") ||
		    tok_punct(f, j, "{"))
			depth++;
		else if (tok_punct(f, j, ")") || tok_punct(f, j, "]") ||
		    tok_punct(f, j, "}")) {
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
		if (tok_punct(f, j, "(") || tok_punct(f, j, "[") ||
		    tok_punct(f, j, "{"))
			depth++;
		else if (j < cs->rparen &&
		    (tok_punct(f, j, ")") || tok_punct(f, j, "]") ||
			tok_punct(f, j, "}")))
			depth--;
		if (j == cs->rparen || (depth == 0 && tok_punct(f, j, ","))) {
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

/*
 * Is token i spelled s once its backslash-newlines are removed?  tok_eq()
 * compares bytes as written, which is what edits need; a directive's
 * keyword may be continued.
 */
static bool
tok_eq_joined(const struct srcfile *f, size_t i, const char *s)
{
	size_t len, p = 0;
	const char *t = tok_text(f, i, &len);

	while (p < len) {
		if (t[p] == '\\' && p + 1 < len && t[p + 1] == '\n')
			p += 2;
		else if (t[p] == '\\' && p + 2 < len && t[p + 1] == '\r' &&
		    t[p + 2] == '\n')
			p += 3;
		else if (*s == '\0' || t[p++] != *s++)
			return (false);
	}
	return (*s == '\0');
}

size_t
define_at(const struct srcfile *f, uint32_t off)
{
	size_t i = tok_containing(&f->toks, off), d;

	if (i == SIZE_MAX)
		return (SIZE_MAX);
	d = tok_directive(&f->toks, f->data, i);
	if (d == SIZE_MAX || !tok_eq_joined(f, d, "define") ||
	    d + 1 >= f->toks.n || d + 1 == i)
		return (SIZE_MAX);
	return (d + 1);
}
