/*
 * leaves.h: whether a statement of a function body can run into what
 * follows it, read from the body's tokens.  The rewrite asks it before it
 * writes a CURVNET_RESTORE() at a closing brace (none goes where nothing
 * reaches), lint before it asks for one.
 */
#ifndef VNETIFY_PASSES_LEAVES_H
#define VNETIFY_PASSES_LEAVES_H

#include <stdbool.h>
#include <stddef.h>

#include "model/lex.h"

/*
 * A body: its tokens lie strictly between open (its '{') and close (its
 * '}'); comments and preprocessor lines are not code.
 */
struct body_span {
	const struct srcfile *f;
	size_t open, close;
};

/* The next code token after j, or b->close. */
size_t span_next(const struct body_span *b, size_t j);
/* The last code token before j, or b->open. */
size_t span_prev(const struct body_span *b, size_t j);
/* The ')' that closes the '(' at j, or SIZE_MAX. */
size_t span_paren_close(const struct body_span *b, size_t j);
/* The '(' or '{' that the ')' or '}' at j closes, or b->open. */
size_t span_opening(const struct body_span *b, size_t j);

/*
 * Does the statement that ends at token last (its ';' or '}') never run
 * into the next one: a return, goto, break or continue, a call of a
 * function that does not return (abort, exit, panic...), a block that
 * ends so, an if whose every branch does, a switch with a default and no
 * break that does, a loop with no condition and no break of its own?
 */
bool span_always_leaves(const struct body_span *b, size_t last);

#endif
