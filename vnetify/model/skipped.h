/*
 * skipped.h: the text of code no configuration compiles (a skipped #if
 * branch), read without a parse.
 *
 * No AST covers it, so its tokens are read as C text: braces after ')'
 * open a function body, after '=' an initializer, otherwise a struct,
 * union or enum; a name after a type name or '*' and before what ends a
 * declarator is declared there.  Where the branch starts inside something
 * the AST saw (a function, a static initializer), that is where the
 * reading starts.  This is enough to tell a use of a global from a member,
 * a local or a parameter, and to find the variables such a branch
 * declares.
 */
#ifndef VNETIFY_MODEL_SKIPPED_H
#define VNETIFY_MODEL_SKIPPED_H

#include "model/model.h"

enum text_ctx {
	TX_TOP,	 /* file scope, outside any initializer */
	TX_INIT, /* a static initializer */
	TX_CODE, /* a function body */
	TX_AGGR	 /* a struct, union or enum definition */
};

/* What reading a skipped branch up to a token says about it. */
struct text_read {
	enum text_ctx ctx;
	bool shadowed; /* a local or parameter of the token's name is in scope */
};

/*
 * Read the skipped text that holds token j, from the start of its range
 * to j.
 */
void skipped_read(const struct model *, const struct srcfile *, size_t j,
    struct text_read *);
/* The same, with the shadows of another name than token j's. */
void skipped_read_as(const struct model *, const struct srcfile *, size_t j,
    const char *name, size_t len, struct text_read *);

/*
 * Does identifier k read as the name a declaration declares: after a type
 * name or a '*', before what ends a declarator?
 */
bool decl_shaped(const struct srcfile *, size_t k);

/*
 * The first token of the statement that token j is in: the one after the
 * ';', '{' or '}' (or directive line) before it.
 */
size_t statement_first(const struct srcfile *, size_t j);

/*
 * Add to the model what the skipped branches of its files declare at file
 * scope: another declaration of a variable the AST saw, or a variable no
 * parse saw at all (its type unknown).  Run after model_finish().
 */
void model_add_skipped_decls(struct model *);

#endif /* !VNETIFY_MODEL_SKIPPED_H */
