/*
 * tokens.c: see tokens.h.
 */
#include <stdlib.h>
#include <string.h>

#include "model/tokens.h"
#include "support/util.h"

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

bool
tok_punct(const struct srcfile *f, size_t i, const char *p)
{
	return (i < f->toks.n && tok_is_punct(f->data, &f->toks.t[i], p));
}

bool
tok_in_set(const struct srcfile *f, size_t i, const char *const *set)
{
	size_t k;

	for (k = 0; set[k] != NULL; k++)
		if (tok_eq(f, i, set[k]))
			return (true);
	return (false);
}

uint32_t
tok_end(const struct srcfile *f, size_t i)
{
	return (f->toks.t[i].off + f->toks.t[i].len);
}

size_t
tok_prev(const struct srcfile *f, size_t i)
{
	while (i-- > 0)
		if (f->toks.t[i].kind != TOK_COMMENT)
			return (i);
	return (SIZE_MAX);
}

size_t
tok_next(const struct srcfile *f, size_t i)
{
	while (++i < f->toks.n)
		if (f->toks.t[i].kind != TOK_COMMENT)
			return (i);
	return (SIZE_MAX);
}

size_t
tok_prev_code(const struct srcfile *f, size_t i)
{
	bool pp = i < f->toks.n && f->toks.t[i].pp;

	while (i-- > 0)
		if (f->toks.t[i].kind != TOK_COMMENT &&
		    (pp || !f->toks.t[i].pp))
			return (i);
	return (SIZE_MAX);
}

size_t
tok_next_code(const struct srcfile *f, size_t i)
{
	bool pp = i < f->toks.n && f->toks.t[i].pp;

	while (++i < f->toks.n)
		if (f->toks.t[i].kind != TOK_COMMENT &&
		    (pp || !f->toks.t[i].pp))
			return (i);
	return (SIZE_MAX);
}

static bool
opens_bracket(const struct srcfile *f, size_t i)
{
	return (tok_punct(f, i, "(") || tok_punct(f, i, "[") ||
	    tok_punct(f, i, "{"));
}

static bool
closes_bracket(const struct srcfile *f, size_t i)
{
	return (tok_punct(f, i, ")") || tok_punct(f, i, "]") ||
	    tok_punct(f, i, "}"));
}

size_t
tok_group_open(const struct srcfile *f, size_t lo, size_t close)
{
	size_t i = close + 1;
	int depth = 0;

	while (i > lo) {
		i--;
		if (closes_bracket(f, i))
			depth++;
		else if (opens_bracket(f, i) && --depth == 0)
			return (i);
	}
	return (SIZE_MAX);
}

size_t
tok_arg_end(const struct srcfile *f, size_t i, size_t limit)
{
	int depth = 0;

	for (; i < limit; i++) {
		if (opens_bracket(f, i))
			depth++;
		else if (closes_bracket(f, i))
			depth--;
		else if (depth == 0 && tok_punct(f, i, ","))
			break;
	}
	return (i);
}

size_t
tok_call_around(const struct srcfile *f, size_t lo, size_t k, size_t *arg)
{
	size_t i;
	int depth = 0;

	*arg = 0;
	for (i = k; i > lo; i--) {
		if (closes_bracket(f, i - 1))
			depth++;
		else if (opens_bracket(f, i - 1)) {
			if (depth-- == 0)
				break;
		} else if (depth == 0 && tok_punct(f, i - 1, ","))
			(*arg)++;
	}
	if (i < lo + 2 || !tok_punct(f, i - 1, "(") ||
	    f->toks.t[i - 2].kind != TOK_IDENT)
		return (SIZE_MAX);
	return (i - 2);
}

size_t
tok_skip_group(const struct srcfile *f, size_t i, size_t limit)
{
	int depth = 0;

	for (; i < limit; i++) {
		if (opens_bracket(f, i))
			depth++;
		else if (closes_bracket(f, i) && --depth == 0)
			return (i + 1);
	}
	return (limit);
}

size_t
tok_find_outside(const struct srcfile *f, size_t from, size_t limit,
    const char *punct, bool stop_at_directive)
{
	size_t j;
	int depth = 0;

	for (j = from; j < limit && j < f->toks.n; j++) {
		if (f->toks.t[j].pp && stop_at_directive)
			return (SIZE_MAX);
		if (f->toks.t[j].pp || f->toks.t[j].kind != TOK_PUNCT)
			continue;
		if (tok_punct(f, j, "(") || tok_punct(f, j, "[") ||
		    tok_punct(f, j, "{"))
			depth++;
		else if (tok_punct(f, j, ")") || tok_punct(f, j, "]") ||
		    tok_punct(f, j, "}"))
			depth--;
		else if (depth == 0 && tok_punct(f, j, punct))
			return (j);
		if (depth < 0)
			return (SIZE_MAX);
	}
	return (SIZE_MAX);
}

bool
has_include_line(const struct srcfile *f, const char *hdr)
{
	size_t i, n = strlen(hdr);

	for (i = 0; i + 1 < f->toks.n; i++) {
		if (!f->toks.t[i].pp || !tok_eq(f, i, "include"))
			continue;
		if (f->toks.t[i + 1].len == n &&
		    memcmp(f->data + f->toks.t[i + 1].off, hdr, n) == 0)
			return (true);
	}
	return (false);
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

size_t
tok_directive_name(const struct srcfile *f, size_t j)
{
	if (j + 1 >= f->toks.n || !f->toks.t[j].pp || !f->toks.t[j].bol ||
	    !tok_punct(f, j, "#"))
		return (SIZE_MAX);
	return (j + 1);
}

bool
tok_opens_group(const struct srcfile *f, size_t d)
{
	return (tok_eq(f, d, "if") || tok_eq(f, d, "ifdef") ||
	    tok_eq(f, d, "ifndef"));
}

size_t
tok_vnet_alias_of(const struct srcfile *f, size_t d)
{
	if (!tok_eq(f, d, "define") || d + 5 >= f->toks.n ||
	    !tok_eq(f, d + 2, "VNET") || !tok_punct(f, d + 3, "(") ||
	    f->toks.t[d + 4].kind != TOK_IDENT || !tok_punct(f, d + 5, ")") ||
	    f->toks.t[d + 2].bol || f->toks.t[d + 5].bol)
		return (SIZE_MAX);
	return (d + 4);
}

bool
tok_is_macro_param(const struct srcfile *f, size_t lparen, size_t rparen,
    size_t i)
{
	size_t k;

	if (f->toks.t[i].kind != TOK_IDENT)
		return (false);
	for (k = lparen + 1; k < rparen; k++)
		if (f->toks.t[k].kind == TOK_IDENT &&
		    f->toks.t[k].len == f->toks.t[i].len &&
		    memcmp(f->data + f->toks.t[k].off,
			f->data + f->toks.t[i].off, f->toks.t[i].len) == 0)
			return (true);
	return (false);
}

/* Which parameter token i names (0 for the first), or -1. */
static int
param_index(const struct srcfile *f, size_t lparen, size_t rparen, size_t i)
{
	int n = 0;
	size_t k;

	for (k = lparen + 1; k < rparen; k++) {
		if (f->toks.t[k].kind != TOK_IDENT)
			continue;
		if (f->toks.t[k].len == f->toks.t[i].len &&
		    memcmp(f->data + f->toks.t[k].off,
			f->data + f->toks.t[i].off, f->toks.t[i].len) == 0)
			return (n);
		n++;
	}
	return (-1);
}

/*
 * Argument n of the invocation whose '(' is token lp: its text when it is
 * one identifier or number, "" when it is empty; false when it is more, or
 * the invocation has no such argument.
 */
static bool
argument(const struct srcfile *f, size_t lp, int n, const char **text,
    size_t *len)
{
	size_t i, first = SIZE_MAX, count = 0;
	int depth = 0, arg = 0;

	for (i = lp; i < f->toks.n; i++) {
		if (f->toks.t[i].kind == TOK_COMMENT)
			continue;
		if (opens_bracket(f, i))
			depth++;
		else if (closes_bracket(f, i)) {
			if (--depth == 0)
				break;
		} else if (depth == 1 && tok_punct(f, i, ",")) {
			arg++;
			continue;
		}
		if (i == lp || arg != n)
			continue;
		if (count++ == 0)
			first = i;
	}
	if (i == f->toks.n || arg < n || count > 1)
		return (false);
	if (count == 0) {
		*text = "";
		*len = 0;
		return (true);
	}
	if (f->toks.t[first].kind != TOK_IDENT &&
	    f->toks.t[first].kind != TOK_NUMBER)
		return (false);
	*text = tok_text(f, first, len);
	return (true);
}

/* The name the chain builds there, or NULL when an argument is unreadable. */
static char *
paste_name(const struct srcfile *f, size_t lparen, size_t rparen, size_t k,
    size_t end, const struct srcfile *inv_f, size_t inv)
{
	struct strbuf sb = STRBUF_INIT;
	size_t lp = tok_next_code(inv_f, inv), len;
	const char *text;
	int n;

	if (lp == SIZE_MAX || !tok_punct(inv_f, lp, "("))
		return (NULL);
	for (;;) {
		n = f->toks.t[k].kind == TOK_IDENT
		    ? param_index(f, lparen, rparen, k)
		    : -1;
		if (n < 0)
			text = tok_text(f, k, &len);
		else if (!argument(inv_f, lp, n, &text, &len)) {
			sb_free(&sb);
			return (NULL);
		}
		sb_add(&sb, text, len);
		if (k + 2 >= end || !tok_punct(f, k + 1, "##"))
			break;
		k += 2;
	}
	return (sb_detach(&sb));
}

bool
tok_paste_builds(const struct srcfile *f, size_t lparen, size_t rparen,
    size_t k, size_t end, const struct srcfile *inv_f, size_t inv,
    const char *name)
{
	char *built = paste_name(f, lparen, rparen, k, end, inv_f, inv);
	bool same = built == NULL || strcmp(built, name) == 0;

	free(built);
	return (same);
}

size_t
tok_find_define(const struct srcfile *f, const char *name, size_t len,
    size_t from, bool function_like)
{
	size_t i;

	/* The name's length first: it rules out most tokens for a compare. */
	for (i = from; i + 1 < f->toks.n; i++)
		if (f->toks.t[i + 1].len == len && f->toks.t[i].pp &&
		    memcmp(f->data + f->toks.t[i + 1].off, name, len) == 0 &&
		    tok_eq(f, i, "define") &&
		    (!function_like ||
			(i + 2 < f->toks.n && !f->toks.t[i + 2].ws &&
			    tok_punct(f, i + 2, "("))) &&
		    tok_directive(&f->toks, f->data, i) == i)
			return (i + 1);
	return (SIZE_MAX);
}
