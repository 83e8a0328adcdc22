/*
 * access.c: see access.h.
 */
#include "model/access.h"
#include "model/tokens.h"

static bool is_measure(const struct srcfile *, size_t);

/* Can token i end an operand (so a '&' after it is binary)? */
static bool
ends_operand(const struct srcfile *f, size_t i)
{
	static const char *const type_kw[] = {"void", "char", "short", "int",
	    "long", "float", "double", "signed", "unsigned", "_Bool", "bool",
	    "_Complex", "const", "volatile", "restrict", "_Atomic", NULL};
	const struct tok *t = &f->toks.t[i];
	size_t p;
	int depth;

	if (t->kind == TOK_IDENT)
		return (!tok_eq(f, i, "return") && !tok_eq(f, i, "sizeof") &&
		    !tok_eq(f, i, "case"));
	if (tok_punct(f, i, ")")) {
		/*
		 * A ')' after a type keyword or a '*' closes a type name: a
		 * cast, unless it is the operand of sizeof and the like.
		 */
		p = tok_prev(f, i);
		if (p == SIZE_MAX ||
		    (!tok_punct(f, p, "*") && !tok_in_set(f, p, type_kw)))
			return (true);
		for (depth = 1; p != SIZE_MAX; p = tok_prev(f, p)) {
			if (tok_punct(f, p, ")"))
				depth++;
			else if (tok_punct(f, p, "(") && --depth == 0)
				break;
		}
		p = p != SIZE_MAX ? tok_prev(f, p) : SIZE_MAX;
		return (p != SIZE_MAX && is_measure(f, p));
	}
	return (t->kind == TOK_NUMBER || t->kind == TOK_STRING ||
	    t->kind == TOK_CHAR || tok_punct(f, i, "]"));
}

/* Is token i a unary operator (a prefix one, by what precedes it)? */
static bool
is_unary(const struct srcfile *f, size_t i)
{
	static const char *const ops[] = {"*", "&", "-", "+", "!", "~", "++",
	    "--", NULL};
	size_t p;

	if (f->toks.t[i].kind != TOK_PUNCT || !tok_in_set(f, i, ops))
		return (false);
	p = tok_prev(f, i);
	return (p == SIZE_MAX || !ends_operand(f, p));
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
	unsigned acc = ACC_READ, opens = 0;
	bool deref;

	if (i == SIZE_MAX)
		return (ACC_READ);
	/*
	 * Backwards over the parentheses that hold x alone (the '(' of a
	 * call or of if/while follows an operand), to the operator applied
	 * to the group: &x, ++x, (x), sizeof(x), typeof((x)).
	 */
	for (p = tok_prev(f, i); p != SIZE_MAX && tok_punct(f, p, "("); p = q) {
		q = tok_prev(f, p);
		if (q != SIZE_MAX && ends_operand(f, q) && !is_measure(f, q))
			break;
		opens++;
	}
	/* Measured, also under unary operators: sizeof *x, sizeof(-x). */
	for (q = p; q != SIZE_MAX && (tok_punct(f, q, "(") || is_unary(f, q));)
		q = tok_prev(f, q);
	if (q != SIZE_MAX && is_measure(f, q))
		return (ACC_SIZEOF);
	/* *x = 1 stores through x, x itself is read. */
	deref = p != SIZE_MAX && tok_punct(f, p, "*") && is_unary(f, p);
	if (p != SIZE_MAX) {
		if (tok_punct(f, p, "++") || tok_punct(f, p, "--"))
			acc |= ACC_WRITE;
		if (tok_punct(f, p, "&") && is_unary(f, p))
			acc = ACC_ADDR;
	}
	/*
	 * Forwards over .member and [index], and out of the parentheses
	 * that hold x, to what is applied to x.
	 */
	j = tok_next(f, i);
	while (j != SIZE_MAX) {
		if (tok_punct(f, j, "[")) {
			j = tok_skip_group(f, j, f->toks.n);
			j = j < f->toks.n ? j : SIZE_MAX;
			if (j != SIZE_MAX && f->toks.t[j].kind == TOK_COMMENT)
				j = tok_next(f, j);
		} else if (tok_punct(f, j, ".") && tok_next(f, j) != SIZE_MAX)
			j = tok_next(f, tok_next(f, j));
		else if (opens > 0 && tok_punct(f, j, ")")) {
			opens--;
			j = tok_next(f, j);
		} else
			break;
	}
	if (j == SIZE_MAX)
		return (acc);
	if (tok_punct(f, j, "=") && !deref)
		acc = (acc & ~ACC_READ) | ACC_WRITE;
	else if ((is_assign_op(f, j) && !deref) || tok_punct(f, j, "++") ||
	    tok_punct(f, j, "--"))
		acc |= ACC_WRITE;
	return (acc);
}
