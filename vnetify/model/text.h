/*
 * text.h: questions about a file's text, answered from its tokens: which
 * macro invocation an offset sits in, whether it is in a #define body,
 * and how a declaration statement splits into its type and declarators.
 */
#ifndef VNETIFY_TEXT_H
#define VNETIFY_TEXT_H

#include "model/model.h"

/*
 * The call or macro invocation whose argument list holds off, within the
 * same statement or directive: the name token, the '(' token and the
 * 0-based argument index.  False when off is not inside one.
 */
struct call_site {
	size_t name, lparen, rparen;
	unsigned arg;
};
bool enclosing_call(const struct srcfile *, uint32_t off, struct call_site *);
/* Token range [*first, *last] of argument k of a call (empty: first > last). */
bool call_arg(const struct srcfile *, const struct call_site *, unsigned k,
    size_t *first, size_t *last);

/* The name token of the #define whose body holds off, or SIZE_MAX. */
size_t define_at(const struct srcfile *, uint32_t off);

/* Text of token i. */
const char *tok_text(const struct srcfile *, size_t i, size_t *len);
bool tok_eq(const struct srcfile *, size_t i, const char *s);
/* Does the file's text hold "#include <hdr>" (hdr as written, <> or "")? */
bool has_include_line(const struct srcfile *, const char *hdr);

/*
 * A declaration statement: decl-specifiers, then declarators separated by
 * commas, then ';'.  Token indexes; a declarator's parts are
 *	[begin, name)		pointer stars and qualifiers, '(' of a
 *				parenthesized declarator
 *	name
 *	(name, bound)		the array bounds right after the name
 *	(name, arr_end)		array bounds (and the rest of a
 *				parenthesized declarator)
 *	[arr_end, eq)		attributes, asm labels
 *	(eq, end)		the initializer, eq == end when none
 * end is the index of the ',' or ';' that closes the declarator.
 */
struct declarator {
	size_t begin, name, bound, arr_end, eq, end;
	bool parens; /* a parenthesized declarator, e.g. a function pointer */
};
struct decl_stmt {
	size_t first;	  /* first token of the statement */
	size_t specs_end; /* first token of the first declarator */
	size_t semi;	  /* the closing ';' */
	VEC(struct declarator) d;
};
/*
 * Parse the statement that starts at byte start and whose first
 * declarator's name is at name_off.  False for what this cannot take apart
 * (a declaration produced by a macro, a directive in the middle).
 */
bool decl_stmt_parse(const struct srcfile *, uint32_t start, uint32_t name_off,
    struct decl_stmt *);
void decl_stmt_free(struct decl_stmt *);
/* Index of the declarator whose name is at name_off, or SIZE_MAX. */
size_t decl_stmt_find(const struct srcfile *, const struct decl_stmt *,
    uint32_t name_off);

/* Does any identifier or comment in tokens [a, b] contain marker? */
bool tokens_contain_marker(const struct srcfile *, size_t a, size_t b,
    const char *marker);

/*
 * How the name at off is used, read from the tokens around it (enum
 * use_access bits): written when an assignment or ++/-- applies to it or
 * to an element or member of it ('.' and '[]', not '->'), its address
 * taken by a unary '&', or only measured (sizeof, _Alignof, typeof).  Text
 * cannot see through a macro: an operator outside the macro that names
 * the variable is not seen, and such a use counts as read.
 */
unsigned text_access(const struct srcfile *, uint32_t off);

/* Byte offset just past token i. */
uint32_t tok_end(const struct srcfile *, size_t i);

#endif /* !VNETIFY_TEXT_H */
