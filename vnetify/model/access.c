/*
 * access.c: see access.h.
 */
#include "model/access.h"
#include "model/tokens.h"

/* Can token i end an operand (so a '&' after it is binary)? */
static bool
ends_operand(const struct srcfile *f, size_t i)
{
	const struct tok *t = &f->toks.t[i];

	if (t->kind == TOK_IDENT)
		return (!tok_eq(f, i, "return") && !tok_eq(f, i, "sizeof") &&
		    !tok_eq(f, i, "case"));
	return (t->kind == TOK_NUMBER || t->kind == TOK_STRING ||
	    t->kind == TOK_CHAR || tok_punct(f, i, ")") ||
	    tok_punct(f, i, "]"));
}

static bool
is_measure(const struct srcfile *f, size_t i)
{
	static const char *const kw[] = {"sizeof", "_Alignof", "__alignof__",
	    "__alignof", "typeof", "__typeof__", "__typeof", "alignof", NULL};

	return (tok_in_set(f, i, kw));
}

static bool
is_assign_op(const struct srcfile *f, size_t i)
{
	static const char *const ops[] = {"=",
	    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", NULL};

	return (tok_in_set(f, i, ops));
}

unsigned
text_access(const struct srcfile *f, uint32_t off)
{
	size_t i = tok_containing(&f->toks, off), j, p, q;
	unsigned acc = ACC_READ;

	if (i == SIZE_MAX)
		return (ACC_READ);
	/* Backwards: &x, ++x, sizeof x, sizeof(x), sizeof((x)). */
	p = tok_prev(f, i);
	while (p != SIZE_MAX && tok_punct(f, p, "(")) {
		q = tok_prev(f, p);
		if (q != SIZE_MAX && is_measure(f, q))
			return (ACC_SIZEOF);
		if (q == SIZE_MAX || !tok_punct(f, q, "("))
			break;
		p = q;
	}
	p = tok_prev(f, i);
	if (p != SIZE_MAX) {
		if (is_measure(f, p))
			return (ACC_SIZEOF);
		if (tok_punct(f, p, "++") || tok_punct(f, p, "--"))
			acc |= ACC_WRITE;
		if (tok_punct(f, p, "&")) {
			q = tok_prev(f, p);
			if (q == SIZE_MAX || !ends_operand(f, q))
				acc = ACC_ADDR;
		}
	}
	/* Forwards over .member and [index] to what is applied to x. */
	j = tok_next(f, i);
	while (j != SIZE_MAX) {
		if (tok_punct(f, j, "[")) {
			j = tok_skip_group(f, j, f->toks.n);
			j = j < f->toks.n ? j : SIZE_MAX;
			if (j != SIZE_MAX && f->toks.t[j].kind == TOK_COMMENT)
				j = tok_next(f, j);
		} else if (tok_punct(f, j, ".") && tok_next(f, j) != SIZE_MAX)
			j = tok_next(f, tok_next(f, j));
		else
			break;
	}
	if (j == SIZE_MAX)
		return (acc);
	if (tok_punct(f, j, "="))
		acc = (acc & ~ACC_READ) | ACC_WRITE;
	else if (is_assign_op(f, j) || tok_punct(f, j, "++") ||
	    tok_punct(f, j, "--"))
		acc |= ACC_WRITE;
	return (acc);
}
