/*
 * functions.h: what the code does with its functions, as the AST shows
 * it: which function calls which, where a function is used as a value and
 * in what role (stored in a struct's field, passed to a registration
 * call), the declarations that open a body, and the returns that a macro
 * writes.  The call graph (callgraph.h) and the passes that give entry
 * points and timers their vnet read it.
 *
 * Functions are named by USR, as variables are, so that a static function
 * of one file is not another file's of the same name.
 */
#ifndef VNETIFY_MODEL_FUNCTIONS_H
#define VNETIFY_MODEL_FUNCTIONS_H

#include <stdint.h>

#include "support/util.h"

struct srcfile;

/* A call written in a function of the root's files. */
struct call_fact {
	char *caller, *callee; /* USRs; callee "" through a pointer */
	struct srcfile *file;  /* where the call is expanded */
	uint32_t off;
};

enum fn_role {
	ROLE_FIELD_INIT, /* stored in a field by an initializer */
	ROLE_FIELD_SET,	 /* assigned to a field: p->f = fn */
	ROLE_ARGUMENT,	 /* passed to a call: callout_reset(c, t, fn, a) */
	ROLE_VALUE	 /* anything else: kept in a variable, returned */
};

/* A function used as a value rather than called. */
struct fn_ref {
	char *usr;     /* the function's */
	char *name;    /* and its name */
	char *in_func; /* USR of the function it is used in, or NULL */
	enum fn_role role;
	char *record; /* FIELD_*: the struct's tag, or its typedef name */
	char *field;  /* FIELD_*: the member */
	char *callee; /* ARGUMENT: the function called, by name */
	unsigned arg; /* ARGUMENT: which argument, from 0 */
	struct srcfile *file; /* where it is expanded */
	uint32_t off;
};

/* A declaration statement that opens a function body. */
struct lead_decl {
	struct srcfile *file;
	uint32_t func_start; /* the function's (struct func_def.start) */
	uint32_t start, end; /* the statement; end is just past its ';' */
	uint32_t name_off;   /* its first declarator's name */
};

/* A return statement that a macro expansion writes. */
struct macro_return {
	struct srcfile *file;
	uint32_t off; /* where the macro is invoked */
};

struct fn_facts {
	VEC(struct call_fact) calls;
	VEC(struct fn_ref) refs;
	VEC(struct lead_decl) leads;
	VEC(struct macro_return) macro_returns;
};

/* Appends what src holds to dst and empties src. */
void fn_facts_move(struct fn_facts *dst, struct fn_facts *src);
/* Sorts by place and drops what several units saw alike. */
void fn_facts_finish(struct fn_facts *);
void fn_facts_free(struct fn_facts *);

/* The leading declarations of the function that starts at func_start. */
const struct lead_decl *fn_leads(const struct fn_facts *,
    const struct srcfile *, uint32_t func_start, size_t *n);
/* Is a return written by a macro invoked in [start, end) of the file? */
bool fn_macro_return_in(const struct fn_facts *, const struct srcfile *,
    uint32_t start, uint32_t end, uint32_t *where);

#endif /* !VNETIFY_MODEL_FUNCTIONS_H */
