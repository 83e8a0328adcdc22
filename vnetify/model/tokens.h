/*
 * tokens.h: questions about a loaded file's tokens, by index: their text,
 * their neighbours that are not comments, the bracket group they open,
 * and a few whole-file searches.  The other modules of model/ that read
 * text (calls.h, declarator.h, access.h) are built on these.
 */
#ifndef VNETIFY_MODEL_TOKENS_H
#define VNETIFY_MODEL_TOKENS_H

#include "model/model.h"

/* Text of token i. */
const char *tok_text(const struct srcfile *, size_t i, size_t *len);
/* Is token i (if there is one) spelled s? */
bool tok_eq(const struct srcfile *, size_t i, const char *s);
/* Is token i (if there is one) the punctuator p? */
bool tok_punct(const struct srcfile *, size_t i, const char *p);
/* Is token i spelled as one of set (NULL-terminated)? */
bool tok_in_set(const struct srcfile *, size_t i, const char *const *set);
/* Byte offset just past token i. */
uint32_t tok_end(const struct srcfile *, size_t i);
/* The nearest token before or after i that is not a comment, or SIZE_MAX. */
size_t tok_prev(const struct srcfile *, size_t i);
size_t tok_next(const struct srcfile *, size_t i);
/*
 * The same, in code: directive lines are skipped too when token i is not
 * on one (an #ifdef between two lines of code is not part of either).
 */
size_t tok_prev_code(const struct srcfile *, size_t i);
size_t tok_next_code(const struct srcfile *, size_t i);
/*
 * Token i opens a bracket group ((, [ or {): the index just past the
 * bracket that closes it, or limit when it does not close before limit.
 */
size_t tok_skip_group(const struct srcfile *, size_t i, size_t limit);
/*
 * Token close closes a bracket group: the bracket that opens it, searched
 * back to lo, or SIZE_MAX.
 */
size_t tok_group_open(const struct srcfile *, size_t lo, size_t close);
/*
 * Token k begins an argument of an invocation "NAME(...)" that opens
 * after lo: the token of NAME, and in *arg the argument's index; SIZE_MAX
 * when k is in no such parentheses.
 */
size_t
tok_call_around(const struct srcfile *, size_t lo, size_t k, size_t *arg);
/* The first ',' from token i outside brackets, or limit: an argument's end. */
size_t tok_arg_end(const struct srcfile *, size_t i, size_t limit);
/*
 * The name token of the first "#define name" of f at or after token from
 * (only a function-like one, "#define name(", when function_like), or
 * SIZE_MAX.
 */
size_t tok_find_define(const struct srcfile *, const char *name, size_t len,
    size_t from, bool function_like);

/* The directive's name token when token j is the '#' that starts one. */
size_t tok_directive_name(const struct srcfile *, size_t j);
/* Does the directive name at token d open a group: #if, #ifdef, #ifndef? */
bool tok_opens_group(const struct srcfile *, size_t d);
/*
 * For the name token d of a "#define NAME VNET(x)" line, the token of x;
 * SIZE_MAX for any other directive.
 */
size_t tok_vnet_alias_of(const struct srcfile *, size_t d);
/*
 * Does token i name a parameter of the macro whose parameter list is the
 * tokens between lparen and rparen?
 */
bool tok_is_macro_param(const struct srcfile *, size_t lparen, size_t rparen,
    size_t i);
/*
 * Can the paste chain at token k of a macro body (operands joined by ##,
 * up to end) build name at the invocation whose name is token inv of file
 * inv_f?  Each parameter stands for its argument; true, so the caller's
 * test of the chain's shape decides, when an argument of the chain is
 * more than one identifier or number, or the invocation cannot be read.
 */
bool tok_paste_builds(const struct srcfile *f, size_t lparen, size_t rparen,
    size_t k, size_t end, const struct srcfile *inv_f, size_t inv,
    const char *name);
/*
 * The first punctuator punct in tokens [from, limit) outside brackets;
 * SIZE_MAX when there is none, when a bracket closes that did not open in
 * the range, or (stop_at_directive) when a directive comes first.
 * Directives are skipped otherwise.
 */
size_t tok_find_outside(const struct srcfile *, size_t from, size_t limit,
    const char *punct, bool stop_at_directive);

/* Does the file's text hold "#include <hdr>" (hdr as written, <> or "")? */
bool has_include_line(const struct srcfile *, const char *hdr);
/* Does any identifier or comment in tokens [a, b] contain marker? */
bool tokens_contain_marker(const struct srcfile *, size_t a, size_t b,
    const char *marker);

#endif /* !VNETIFY_MODEL_TOKENS_H */
