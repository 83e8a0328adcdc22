/*
 * decls.h: what the four files of the declarations pass share.
 *
 *	decls.c		the pass: which statements are rebuilt, in which
 *			order; the #define a half-converted variable lacks
 *	rebuild.c	one declaration statement rebuilt with VNET_DEFINE,
 *			VNET_DEFINE_STATIC or VNET_DECLARE
 *	initialisers.c	the per-instance initialiser of an object whose
 *			static initializer takes addresses of vnet state
 *	hoist.c		function-local statics moved to file scope
 */
#ifndef VNETIFY_PASSES_DECLS_H
#define VNETIFY_PASSES_DECLS_H

#include "model/declarator.h"
#include "passes/plan.h"

/* One declarator of a statement, and the variable it declares. */
struct member {
	struct var *v;
	struct decl *d;
};

/* A declaration statement that declares at least one variable. */
struct stmt {
	struct srcfile *f;
	uint32_t start;
	VEC(struct member) m;
};

/* A hoisted definition, waiting to go above its function. */
struct hoist {
	struct srcfile *f;
	uint32_t func_start;
	char *text;
	unsigned order;
};
typedef VEC(struct hoist) hoist_vec;

/*
 * Rebuild the statement: its selected declarators become VNET_ macros
 * (their #define lines after it, or a header's), hoisted ones go to
 * hoists, the others stay as written.  defined holds "USR\npath" of the
 * #define lines made so far.
 */
void rebuild_stmt(struct plan *, struct stmt *, hoist_vec *hoists,
    struct hmap *defined);
uint32_t after_point(const struct srcfile *, uint32_t semi_end, bool *split);
/* Insert text on the line after the statement that ends at semi_end. */
void append_after(struct plan *, struct srcfile *, uint32_t semi_end,
    const char *text);
bool is_array_decl(const struct declarator *);

/* Can o's initializer be redone per instance?  A review item if not. */
bool
initialiser_possible(struct plan *, const struct var *o, const struct decl *d);
/* The #ifdef VIMAGE block with v's per-instance initialiser. */
char *initialiser_block(struct plan *, struct var *v, struct srcfile *f,
    const struct decl *d, bool is_array);
/*
 * An initializer as per-instance code: VNET_NAME(x) becomes V_x, and
 * VNET_NAME of a pasted name VNET(...).
 */
char *initialiser_instance_text(const char *init);
/* base, or base_2, base_3...: a name that text does not use. */
char *initialiser_local_name(const char *text, const char *base);
/*
 * Does macro name (len bytes) declare its parameter arg, in a body such
 * as "static struct stats_mem name;"?  A paste passed there is a
 * declaration, not a use.
 */
bool macro_declares_param(const struct model *, const char *name, size_t len,
    size_t arg);
/* Does token i of f name a function-like macro a parse saw defined? */
bool function_macro(const struct model *, const struct srcfile *, size_t i);
/* A variable converted in the source still needs its initialiser. */
void initialiser_of_converted(struct plan *, struct var *v);

/*
 * Delete a local statement whose declarators all move out; *trailing and
 * *leading receive the comments that move with it (see hoist.c).
 */
void hoist_delete_statement(struct plan *, struct srcfile *,
    const struct decl_stmt *, char **trailing, char **leading);
/* Put the comment that moved with a statement above its first hoist. */
void hoist_comment(hoist_vec *, size_t first, char *leading);
/* Every hoisted definition, placed above its function. */
void hoists_emit(struct plan *, hoist_vec *);

#endif /* !VNETIFY_PASSES_DECLS_H */
