/*
 * declarator.h: a declaration statement as written, split into its
 * specifiers and its declarators, so that one declarator can be taken out
 * and rebuilt as VNET_DEFINE(type, name) while its neighbours stay.
 */
#ifndef VNETIFY_MODEL_DECLARATOR_H
#define VNETIFY_MODEL_DECLARATOR_H

#include "model/model.h"

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
/* Is token i a type qualifier (const, volatile, restrict and spellings)? */
bool tok_is_qualifier(const struct srcfile *, size_t i);

#endif /* !VNETIFY_MODEL_DECLARATOR_H */
