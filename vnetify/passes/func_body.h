/*
 * func_body.h: a function body read as statements, as the passes that
 * give a function its vnet need it: where the body opens and closes,
 * every return and whether another statement can be put before it as it
 * stands, and the indentation a new line takes.
 */
#ifndef VNETIFY_PASSES_FUNC_BODY_H
#define VNETIFY_PASSES_FUNC_BODY_H

#include "passes/plan.h"

struct body_return {
	size_t ret;	/* the "return" token */
	size_t semi;	/* its ';' */
	unsigned depth; /* of braces in the body: 1 is its top level */
	/*
	 * The return is the whole body of an if, else, for, while or do: a
	 * statement put before it needs braces around both.  ctl is then
	 * the token that begins that statement (the if, the else...).
	 */
	bool braces;
	size_t ctl;
	size_t prev; /* the code token before the return */
};

struct func_body {
	struct srcfile *f;
	const struct func_def *fd;
	size_t open, close; /* the '{' and '}' tokens */
	VEC(struct body_return) returns;
	/*
	 * When the body cannot be read: a return that does not end in a
	 * ';' of its own (it is in a macro's arguments), or SIZE_MAX.
	 */
	size_t stray_return;
};

/* False when the body cannot be read from the file's tokens. */
bool
func_body_read(struct func_body *, struct srcfile *, const struct func_def *);
void func_body_free(struct func_body *);

/*
 * The last token of the statement that begins at token j: its ';', or the
 * '}' that closes it; SIZE_MAX when it does not end before limit.
 */
size_t body_statement_last(const struct srcfile *, size_t j, size_t limit);

/* The indentation of the line holding off (malloc'd). */
char *indent_of(const struct srcfile *, uint32_t off);
/*
 * The indentation of the body's statements: its first statement's, or
 * one tab in from the '{' line's when it has none on a line of its own.
 */
char *body_indent(const struct func_body *);
/* Is any identifier of the body (or its parameters) spelled name? */
bool body_names(const struct func_body *, const char *name);
/* A name that no identifier of the body has: base, base2, base3... */
char *body_fresh_name(const struct func_body *, const char *base);

/*
 * A statement put after the declarations this parse saw goes at token
 * *first; but those may end inside an #if of the body, or be followed by
 * one that holds only declarations in the other configurations.  Moves
 * *first (and *after, the offset the declarations end at) past such
 * groups, so that every configuration puts it at the same place, after
 * all of its declarations; not past one whose initializer names vnames
 * (hmap keys: the state) or calls a function, which needs the vnet.
 */
struct hmap;
void body_past_declaration_groups(const struct func_body *, size_t *first,
    uint32_t *after, const struct hmap *vnames);

#endif /* !VNETIFY_PASSES_FUNC_BODY_H */
