/*
 * leaves.c: does a statement always leave, read backwards from its last
 * token.  Only the shapes a C body ends in are known: a jump, a call of a
 * function that never returns, a block, an if chain, a switch, a loop
 * with no condition.  Anything else may run on, which is the safe answer
 * for both callers (a restore too many is unreachable code, one too few
 * is a bug).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/conditionals.h"
#include "model/tokens.h"
#include "passes/leaves.h"

/*
 * Functions that do not return, by name: the C library's, the kernel's
 * panic(), and the compiler's.  A call of one ends its path as a return
 * does.
 */
static const char *const noreturn_names[] = {
    "abort",
    "exit",
    "_exit",
    "_Exit",
    "quick_exit",
    "panic",
    "err",
    "errx",
    "verr",
    "verrx",
    "longjmp",
    "siglongjmp",
    "pthread_exit",
    "__builtin_unreachable",
    "__builtin_trap",
    "__assert_fail",
};

static bool
is_code(const struct srcfile *f, size_t j)
{
	return (f->toks.t[j].kind != TOK_COMMENT && !f->toks.t[j].pp);
}

size_t
span_next(const struct body_span *b, size_t j)
{
	while (++j < b->close && !is_code(b->f, j))
		;
	return (j < b->close ? j : b->close);
}

size_t
span_prev(const struct body_span *b, size_t j)
{
	while (j-- > b->open)
		if (is_code(b->f, j))
			return (j);
	return (b->open);
}

size_t
span_paren_close(const struct body_span *b, size_t j)
{
	int depth = 0;

	for (; j < b->close; j++) {
		if (!is_code(b->f, j))
			continue;
		if (tok_punct(b->f, j, "("))
			depth++;
		else if (tok_punct(b->f, j, ")") && --depth == 0)
			return (j);
	}
	return (SIZE_MAX);
}

size_t
span_opening(const struct body_span *b, size_t j)
{
	const char *open = tok_punct(b->f, j, ")") ? "(" : "{";
	const char *close = tok_punct(b->f, j, ")") ? ")" : "}";
	int depth = 0;

	for (; j > b->open; j = span_prev(b, j)) {
		if (tok_punct(b->f, j, close))
			depth++;
		else if (tok_punct(b->f, j, open) && --depth == 0)
			return (j);
	}
	return (b->open);
}

/*
 * Where the simple statement that ends at the ';' at j starts: past the
 * ';', '{' or '}' before it, outside parentheses, and past the labels
 * that head it ("out:", "case 1:", "default:").  A ':' of "?:" is not
 * one of those.
 */
static size_t
statement_start(const struct body_span *b, size_t j)
{
	const struct srcfile *f = b->f;
	int depth = 0;
	size_t s, k, c;

	for (s = j; (s = span_prev(b, s)) > b->open;) {
		if (tok_punct(f, s, ")") || tok_punct(f, s, "]"))
			depth++;
		else if (tok_punct(f, s, "(") || tok_punct(f, s, "["))
			depth--;
		else if (depth == 0 &&
		    (tok_punct(f, s, ";") || tok_punct(f, s, "{") ||
			tok_punct(f, s, "}")))
			break;
	}
	/* s is the token before the statement's first: skip its labels. */
	for (;;) {
		k = span_next(b, s);
		if (k >= j)
			return (s);
		if (f->toks.t[k].kind == TOK_IDENT && !tok_eq(f, k, "case") &&
		    !tok_eq(f, k, "default") &&
		    tok_punct(f, span_next(b, k), ":")) {
			s = span_next(b, k);
			continue;
		}
		if (tok_eq(f, k, "default") &&
		    tok_punct(f, span_next(b, k), ":")) {
			s = span_next(b, k);
			continue;
		}
		if (tok_eq(f, k, "case")) {
			/* "case X:" ends at the first ':' outside "?:". */
			int q = 0;

			for (c = span_next(b, k); c < j; c = span_next(b, c)) {
				if (tok_punct(f, c, "?"))
					q++;
				else if (tok_punct(f, c, ":") && q-- == 0)
					break;
			}
			if (c >= j)
				return (s);
			s = c;
			continue;
		}
		return (s);
	}
}

static bool leaves_at(const struct body_span *, size_t, int, bool);

/*
 * Does every branch of the #if group whose branch directive is at token
 * br (from the block's '{' at open) end in a statement that leaves: an
 * #ifdef with an #else whose two sides both return?
 */
static bool
group_leaves(const struct body_span *b, size_t open, size_t br, int depth)
{
	const struct srcfile *f = b->f;
	size_t dirs[64], nd = 0, k, d, last, j;
	bool has_else = false, mine = false;
	int lvl = 0;

	/* The group's #if, #elif, #else and #endif, at its own level. */
	for (k = open + 1; k < b->close; k++) {
		if ((d = tok_directive_name(f, k)) == SIZE_MAX)
			continue;
		if (tok_opens_group(f, d)) {
			if (lvl++ == 0) {
				nd = 0;
				mine = false;
				has_else = false;
			}
		} else if (tok_eq(f, d, "endif") && --lvl < 0)
			return (false);
		if (lvl > 1 || (lvl == 0 && !tok_eq(f, d, "endif")))
			continue;
		if (nd < 64)
			dirs[nd++] = k;
		mine |= k == br;
		has_else |= tok_eq(f, d, "else");
		if (lvl == 0 && mine)
			break;
	}
	if (!mine || !has_else || nd < 2 || lvl != 0)
		return (false);
	for (j = 0; j + 1 < nd; j++) {
		/* Its last code token, with no directive after it. */
		for (k = dirs[j + 1], last = SIZE_MAX; k-- > dirs[j];) {
			if (f->toks.t[k].pp &&
			    tok_directive_name(f, k) != SIZE_MAX &&
			    k != dirs[j])
				return (false);
			if (is_code(f, k)) {
				last = k;
				break;
			}
		}
		if (last == SIZE_MAX || last <= dirs[j] ||
		    !leaves_at(b, last, depth + 1, false))
			return (false);
	}
	return (true);
}

/*
 * Is the statement at token s under an #if that opens inside its block:
 * it is there in some configurations only, and may not leave in others,
 * unless every branch of that #if leaves.
 */
static bool
conditional(const struct body_span *b, size_t s, int depth)
{
	const struct srcfile *f = b->f;
	size_t k;
	int lvl = 0;
	uint32_t where;
	char *d;
	bool in;

	for (k = s; k > b->open; k--) {
		if (!is_code(f, k))
			continue;
		if (tok_punct(f, k, "}"))
			lvl++;
		else if (tok_punct(f, k, "{") && lvl-- == 0)
			break;
	}
	d = cond_group_after(f, f->toks.t[s].off, f->toks.t[k].off, &where);
	in = d != NULL &&
	    !group_leaves(b, k, tok_at_or_after(&f->toks, where), depth);
	free(d);
	return (in);
}

/*
 * Is the simple statement from token s to its ';' at last a jump, or a
 * call of a function that does not return: "panic(...);"?
 */
static bool
simple_leaves(const struct body_span *b, size_t s, size_t last)
{
	const struct srcfile *f = b->f;
	size_t i;

	if (tok_eq(f, s, "return") || tok_eq(f, s, "goto") ||
	    tok_eq(f, s, "break") || tok_eq(f, s, "continue"))
		return (true);
	if (f->toks.t[s].kind != TOK_IDENT ||
	    !tok_punct(f, span_next(b, s), "(") ||
	    span_paren_close(b, span_next(b, s)) != span_prev(b, last))
		return (false);
	for (i = 0; i < sizeof(noreturn_names) / sizeof(noreturn_names[0]); i++)
		if (tok_eq(f, s, noreturn_names[i]))
			return (true);
	return (false);
}

static bool leaves(const struct body_span *, size_t, int);

/* Does the block that closes at the '}' at close end by leaving? */
static bool
block_leaves(const struct body_span *b, size_t close, int depth)
{
	size_t inner = span_prev(b, close);

	return (inner != span_opening(b, close) && leaves(b, inner, depth));
}

/*
 * The branch of an if chain that ends at token end (';' or '}') leaves,
 * and so does every branch before it in the chain.
 */
static bool
branch_leaves(const struct body_span *b, size_t end, int depth)
{
	const struct srcfile *f = b->f;
	size_t s, k, open;
	bool chained;

	if (depth > 64)
		return (false);
	if (tok_punct(f, end, "}")) {
		if (!block_leaves(b, end, depth + 1))
			return (false);
		open = span_opening(b, end);
		k = span_prev(b, open);
		if (!tok_punct(f, k, ")"))
			return (false);
		k = span_prev(b, span_opening(b, k));
		if (!tok_eq(f, k, "if"))
			return (false);
		k = span_prev(b, k);
		return (!tok_eq(f, k, "else") ||
		    branch_leaves(b, span_prev(b, k), depth + 1));
	}
	if (!tok_punct(f, end, ";"))
		return (false);
	s = statement_start(b, end);
	k = span_next(b, s);
	if ((chained = tok_eq(f, k, "else")))
		k = span_next(b, k);
	if (!tok_eq(f, k, "if") || !tok_punct(f, span_next(b, k), "("))
		return (false);
	k = span_paren_close(b, span_next(b, k));
	if (k == SIZE_MAX || !simple_leaves(b, span_next(b, k), end))
		return (false);
	return (!chained || branch_leaves(b, s, depth + 1));
}

/*
 * Is there a break between tokens open and close that is not inside a
 * braced loop or switch of its own?  A break in an unbraced one counts:
 * the answer errs toward "it may run on".
 */
static bool
own_break(const struct body_span *b, size_t open, size_t close)
{
	const struct srcfile *f = b->f;
	size_t j, k;

	for (j = open + 1; j < close; j++) {
		if (!is_code(f, j))
			continue;
		if (tok_eq(f, j, "break"))
			return (true);
		if (tok_eq(f, j, "do")) {
			k = span_next(b, j);
		} else if (tok_eq(f, j, "for") || tok_eq(f, j, "while") ||
		    tok_eq(f, j, "switch")) {
			k = span_next(b, j);
			if (!tok_punct(f, k, "(") ||
			    (k = span_paren_close(b, k)) == SIZE_MAX)
				continue;
			k = span_next(b, k);
		} else
			continue;
		if (k < close && tok_punct(f, k, "{"))
			j = tok_skip_group(f, k, close) - 1;
	}
	return (false);
}

/* A switch that always leaves: a default, no break of its own, and so. */
static bool
switch_leaves(const struct body_span *b, size_t open, size_t close, int depth)
{
	const struct srcfile *f = b->f;
	bool dflt = false;
	size_t j;
	int d = 0;

	for (j = open + 1; j < close; j++) {
		if (!is_code(f, j))
			continue;
		if (tok_punct(f, j, "{"))
			d++;
		else if (tok_punct(f, j, "}"))
			d--;
		else if (d == 0 && tok_eq(f, j, "default"))
			dflt = true;
	}
	return (dflt && !own_break(b, open, close) &&
	    block_leaves(b, close, depth + 1));
}

/* "for (;;)", "while (1)": is the '(' ... ')' from lp to rp no condition? */
static bool
no_condition(const struct body_span *b, size_t kw, size_t lp, size_t rp)
{
	const struct srcfile *f = b->f;
	size_t a = span_next(b, lp), c = span_next(b, a);

	if (tok_eq(f, kw, "for"))
		return (tok_punct(f, a, ";") && tok_punct(f, c, ";") &&
		    span_next(b, c) == rp);
	return (tok_eq(f, kw, "while") && span_next(b, a) == rp &&
	    (tok_eq(f, a, "1") || tok_eq(f, a, "true")));
}

static bool
leaves(const struct body_span *b, size_t last, int depth)
{
	return (leaves_at(b, last, depth, true));
}

/* leaves(), asking whether the statement is under an #if if cond. */
static bool
leaves_at(const struct body_span *b, size_t last, int depth, bool cond)
{
	const struct srcfile *f = b->f;
	size_t s, k, open;

	if (depth > 64 || last <= b->open)
		return (false);
	if (tok_punct(f, last, ";")) {
		s = span_next(b, statement_start(b, last));
		if (cond && conditional(b, s, depth))
			return (false);
		if (simple_leaves(b, s, last))
			return (true);
		/* "... else return (x);" */
		return (tok_eq(f, s, "else") &&
		    simple_leaves(b, span_next(b, s), last) &&
		    branch_leaves(b, statement_start(b, last), depth + 1));
	}
	if (!tok_punct(f, last, "}"))
		return (false);
	open = span_opening(b, last);
	k = span_prev(b, open);
	if (tok_eq(f, k, "else"))
		return (block_leaves(b, last, depth + 1) &&
		    branch_leaves(b, span_prev(b, k), depth + 1));
	if (tok_punct(f, k, ")")) {
		size_t lp = span_opening(b, k);

		s = span_prev(b, lp);
		if (tok_eq(f, s, "switch"))
			return (switch_leaves(b, open, last, depth + 1));
		return (no_condition(b, s, lp, k) && !own_break(b, open, last));
	}
	if (k == b->open || tok_punct(f, k, "{") || tok_punct(f, k, ";") ||
	    tok_punct(f, k, "}") || tok_punct(f, k, ":"))
		return (block_leaves(b, last, depth + 1));
	return (false);
}

bool
span_always_leaves(const struct body_span *b, size_t last)
{
	return (leaves(b, last, 0));
}
