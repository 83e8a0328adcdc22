/*
 * func_body.c: see func_body.h.  The body is read from the file's own
 * tokens, directives skipped, so that code in an #if branch no parse
 * compiled is read too: its returns need their CURVNET_RESTORE() like
 * any other.
 */
#include <string.h>

#include "model/tokens.h"
#include "passes/func_body.h"

/* The ';' that ends the statement whose first token is j. */
static size_t
statement_semi(const struct srcfile *f, size_t j, size_t limit)
{
	return (tok_find_outside(f, j, limit, ";", false));
}

/* The previous token that is code, not a comment and not a directive. */
static size_t
prev_code(const struct srcfile *f, size_t j)
{
	while (j-- > 0)
		if (f->toks.t[j].kind != TOK_COMMENT && !f->toks.t[j].pp)
			return (j);
	return (SIZE_MAX);
}

/* The '(' that matches the ')' at j. */
static size_t
open_paren(const struct srcfile *f, size_t j)
{
	int depth = 0;

	for (; j != SIZE_MAX; j = prev_code(f, j)) {
		if (tok_punct(f, j, ")"))
			depth++;
		else if (tok_punct(f, j, "(") && --depth == 0)
			return (j);
	}
	return (SIZE_MAX);
}

/*
 * Can a statement go just before token j as it stands?  If not, *ctl is
 * the start of the statement that holds j as its body.
 */
static bool
statement_place(const struct srcfile *f, size_t j, size_t *ctl)
{
	size_t p = prev_code(f, j), o;

	*ctl = SIZE_MAX;
	if (p == SIZE_MAX || tok_punct(f, p, ";") || tok_punct(f, p, "{") ||
	    tok_punct(f, p, "}") || tok_punct(f, p, ":"))
		return (true);
	/* A directive line between: the return begins a line of code. */
	if (j > 0 && f->toks.t[j - 1].pp)
		return (true);
	if (tok_eq(f, p, "else") || tok_eq(f, p, "do")) {
		*ctl = p;
		return (false);
	}
	if (tok_punct(f, p, ")") && (o = open_paren(f, p)) != SIZE_MAX &&
	    (o = prev_code(f, o)) != SIZE_MAX) {
		*ctl = o;
		return (false);
	}
	*ctl = p;
	return (false);
}

bool
func_body_read(struct func_body *b, struct srcfile *f,
    const struct func_def *fd)
{
	struct body_return r;
	unsigned depth = 0;
	size_t j;

	memset(b, 0, sizeof(*b));
	b->f = f;
	b->fd = fd;
	b->open = b->close = b->stray_return = SIZE_MAX;
	if (fd->body == NO_OFFSET || !file_load(f))
		return (false);
	b->open = tok_at_or_after(&f->toks, fd->body);
	if (b->open >= f->toks.n || !tok_punct(f, b->open, "{"))
		return (false);
	for (j = b->open; j < f->toks.n && f->toks.t[j].off < fd->end; j++) {
		if (f->toks.t[j].pp)
			continue;
		if (tok_punct(f, j, "{"))
			depth++;
		else if (tok_punct(f, j, "}") && --depth == 0) {
			b->close = j;
			break;
		} else if (tok_eq(f, j, "return")) {
			memset(&r, 0, sizeof(r));
			r.ret = j;
			r.depth = depth;
			r.semi = statement_semi(f, j, f->toks.n);
			if (r.semi == SIZE_MAX) {
				b->stray_return = j;
				return (false);
			}
			r.braces = !statement_place(f, j, &r.ctl);
			r.prev = prev_code(f, j);
			VEC_PUSH(&b->returns, r);
		}
	}
	return (b->close != SIZE_MAX);
}

/* The end of one statement without its else or do's while. */
static size_t
one_statement(const struct srcfile *f, size_t j, size_t limit)
{
	int depth = 0;

	for (; j < limit; j++) {
		if (f->toks.t[j].pp || f->toks.t[j].kind != TOK_PUNCT)
			continue;
		if (tok_punct(f, j, "(") || tok_punct(f, j, "[") ||
		    tok_punct(f, j, "{"))
			depth++;
		else if (tok_punct(f, j, ")") || tok_punct(f, j, "]"))
			depth--;
		else if (tok_punct(f, j, "}") && --depth == 0)
			return (j);
		else if (depth == 0 && tok_punct(f, j, ";"))
			return (j);
	}
	return (SIZE_MAX);
}

static size_t
next_code(const struct srcfile *f, size_t j, size_t limit)
{
	while (++j < limit &&
	    (f->toks.t[j].kind == TOK_COMMENT || f->toks.t[j].pp))
		;
	return (j);
}

size_t
body_statement_last(const struct srcfile *f, size_t j, size_t limit)
{
	size_t end, n;
	bool is_do = tok_eq(f, j, "do");

	end = one_statement(f, is_do ? j + 1 : j, limit);
	if (end == SIZE_MAX)
		return (end);
	if (is_do) /* do ... while (c); */
		return (one_statement(f, end + 1, limit));
	/* An if's else belongs to it, however deep the chain. */
	while ((n = next_code(f, end, limit)) < limit && tok_eq(f, n, "else"))
		if ((end = body_statement_last(f, n + 1, limit)) == SIZE_MAX)
			return (end);
	return (end);
}

void
func_body_free(struct func_body *b)
{
	VEC_FREE(&b->returns);
}

char *
indent_of(const struct srcfile *f, uint32_t off)
{
	size_t len, s = line_indent(f->data, f->len, off, &len);

	return (xstrndup(f->data + s, len));
}

char *
body_indent(const struct func_body *b)
{
	const struct srcfile *f = b->f;
	size_t j = b->open + 1;
	char *in, *out;

	/* style(9) puts labels in column 0: a label line says nothing. */
	while (j < b->close &&
	    (f->toks.t[j].kind == TOK_COMMENT || f->toks.t[j].pp ||
		!f->toks.t[j].bol ||
		(f->toks.t[j].kind == TOK_IDENT &&
		    tok_punct(f, tok_next_code(f, j), ":"))))
		j++;
	if (j < b->close)
		return (indent_of(f, f->toks.t[j].off));
	in = indent_of(f, f->toks.t[b->open].off);
	out = xasprintf("%s\t", in);
	free(in);
	return (out);
}

bool
body_names(const struct func_body *b, const char *name)
{
	const struct srcfile *f = b->f;
	size_t j;

	for (j = tok_at_or_after(&f->toks, b->fd->start); j <= b->close; j++)
		if (f->toks.t[j].kind == TOK_IDENT && tok_eq(f, j, name))
			return (true);
	return (false);
}

char *
body_fresh_name(const struct func_body *b, const char *base)
{
	char *name = xstrdup(base);
	unsigned k = 2;

	while (body_names(b, name)) {
		free(name);
		name = xasprintf("%s%u", base, k++);
	}
	return (name);
}

/*
 * The first token past the #endif line that ends the group of the
 * directive at j (its #if, or an #else, #elif or #endif in it), and that
 * line's end in *end; SIZE_MAX if it does not end before limit.
 */
static size_t
group_end(const struct srcfile *f, size_t j, size_t limit, uint32_t *end)
{
	size_t k, d;
	int depth = 0;

	for (k = j; k < limit; k++) {
		if ((d = tok_directive_name(f, k)) == SIZE_MAX)
			continue;
		if (tok_opens_group(f, d))
			depth++;
		else if (tok_eq(f, d, "endif") && --depth <= 0) {
			*end = (uint32_t)line_end(f->data, f->len,
			    f->toks.t[d].off);
			return (tok_at_or_after(&f->toks, *end));
		}
		if (k == j && !tok_opens_group(f, d))
			depth++; /* j is inside the group it ends */
	}
	return (SIZE_MAX);
}

/*
 * Does every statement in tokens [from, to) look like a declaration: a
 * type word first, or a type name and then a declarator ("size_t n;",
 * "foo_t *p;")?  It is the text of a branch no parse of this
 * configuration compiled, so only its shape can tell.
 */
static bool
decls_only(const struct srcfile *f, size_t from, size_t to,
    const struct hmap *vnames)
{
	static const char *const type_words[] = {"int", "char", "short", "long",
	    "unsigned", "signed", "float", "double", "void", "struct", "union",
	    "enum", "const", "volatile", "static", "register", "_Bool", "bool",
	    "__typeof__", "typeof", NULL};
	size_t j, n, semi;

	for (j = from; j < to;) {
		if (f->toks.t[j].pp || f->toks.t[j].kind == TOK_COMMENT) {
			j++;
			continue;
		}
		n = tok_next_code(f, j);
		while (n != SIZE_MAX && n < to && tok_punct(f, n, "*"))
			n = tok_next_code(f, n);
		if (!tok_in_set(f, j, type_words) &&
		    (f->toks.t[j].kind != TOK_IDENT || n == SIZE_MAX ||
			n >= to || f->toks.t[n].kind != TOK_IDENT))
			return (false);
		if ((semi = tok_find_outside(f, j, to, ";", false)) == SIZE_MAX)
			return (false);
		/* One that needs the vnet must follow the set. */
		for (n = j; n < semi; n++)
			if (f->toks.t[n].kind == TOK_IDENT &&
			    ((vnames != NULL &&
				 hmap_get_n(vnames, f->data + f->toks.t[n].off,
				     f->toks.t[n].len) != NULL) ||
				(tok_punct(f, n + 1, "(") &&
				    !tok_eq(f, n, "sizeof"))))
				return (false);
		j = semi + 1;
	}
	return (true);
}

void
body_past_declaration_groups(const struct func_body *b, size_t *first,
    uint32_t *after, const struct hmap *vnames)
{
	const struct srcfile *f = b->f;
	size_t j, d, e;
	int depth = 0;
	uint32_t end;

	for (j = b->open + 1; j < *first; j++)
		if ((d = tok_directive_name(f, j)) != SIZE_MAX) {
			if (tok_opens_group(f, d))
				depth++;
			else if (tok_eq(f, d, "endif"))
				depth--;
		}
	while ((d = tok_directive_name(f, *first)) != SIZE_MAX) {
		if (tok_opens_group(f, d)) {
			e = group_end(f, *first, b->close, &end);
			if (e == SIZE_MAX || !decls_only(f, *first, e, vnames))
				break;
		} else if (depth > 0 &&
		    (tok_eq(f, d, "endif") || tok_eq(f, d, "else") ||
			tok_eq(f, d, "elif"))) {
			e = group_end(f, *first, b->close, &end);
			if (e == SIZE_MAX ||
			    (!tok_eq(f, d, "endif") &&
				!decls_only(f, *first, e, vnames)))
				break;
			depth--;
		} else
			break;
		*first = e;
		*after = end;
	}
}
