/*
 * calls.h: where an offset sits among the calls and macro invocations
 * written in a file, and whether it is in the body of a #define.  Answered
 * from the file's own tokens, before preprocessing: this is how vnetify
 * knows that a use is the pointer argument of a SYSCTL_INT, or the
 * argument of VNET_NAME, or a token of a macro body.
 */
#ifndef VNETIFY_MODEL_CALLS_H
#define VNETIFY_MODEL_CALLS_H

#include "model/model.h"

/*
 * The call or macro invocation whose argument list holds off, within the
 * same statement or directive: the name token, the '(' and ')' tokens and
 * the 0-based argument index.  False when off is not inside one.
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

#endif /* !VNETIFY_MODEL_CALLS_H */
