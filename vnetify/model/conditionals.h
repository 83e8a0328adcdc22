/*
 * conditionals.h: which side of one macro's #ifdef a spot of a file is
 * on, read from the text.  libclang says which code a parse compiled; this
 * says which code a build with the macro defined, or without it, would
 * compile, whatever the parse was.
 */
#ifndef VNETIFY_CONDITIONALS_H
#define VNETIFY_CONDITIONALS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"

enum cond_side {
	SIDE_BOTH,     /* compiled with and without the macro, as far as the
			  conditionals around it say */
	SIDE_DEFINED,  /* only when the macro is defined */
	SIDE_UNDEFINED /* only when it is not */
};

/*
 * The side of macro that off is on.  A group is on a side when its
 * directive is #ifdef M, #ifndef M, #if defined(M), #if !defined(M), an
 * #else or #elif of those, or when a group around it is.  For a side
 * other than SIDE_BOTH, *start and *end (when not NULL) are the text of
 * the innermost group that decides it: from the end of its directive line
 * to the start of the directive that ends it.  f must be loaded.
 */
enum cond_side cond_side_at(const struct srcfile *f, uint32_t off,
    const char *macro, uint32_t *start, uint32_t *end);

/*
 * The directive that opens the innermost conditional group around off
 * ("#ifdef DDB", "#else" of "#if 0"...), its text trimmed and malloc'd,
 * its offset in *where; NULL when off is in no group.
 */
char *cond_directive_at(const struct srcfile *f, uint32_t off, uint32_t *where);

/*
 * The same, when that group opens after offset after (in a function's
 * body, after its '{'); NULL otherwise.
 */
char *cond_group_after(const struct srcfile *f, uint32_t off, uint32_t after,
    uint32_t *where);

/*
 * Past the end of the directive line at off (its newline), continuation
 * lines and comments that run on included.
 */
uint32_t cond_line_end(const struct srcfile *f, uint32_t off);

/* Does an #if, #ifdef, #ifndef or #elif line of f name macro? */
bool cond_names(const struct srcfile *f, const char *macro);

/*
 * Code that a build with macro defined may skip while a build without it
 * compiles.  A group depends on macro when one of its directives names
 * macro or a name in deps (a set: hmap keys), the macros whose definitions
 * follow macro.  Code in a dependent group is on that side, unless it is
 * the text a plain "#ifdef macro" (or "#if defined(macro)", or the #else
 * of "#ifndef macro") guards: only the build with macro compiles that.
 *
 * cond_plain_only() says whether one of the n offsets (sorted) is in such
 * code, anywhere in an enclosing group; cond_dependents() adds to deps the
 * macros a dependent group defines or undefines, in any of its branches,
 * and returns how many were new.  f must be loaded.
 */
struct hmap;
bool cond_plain_only(const struct srcfile *f, const char *macro,
    const struct hmap *deps, const uint32_t *offs, size_t n);
size_t
cond_dependents(const struct srcfile *f, const char *macro, struct hmap *deps);

#endif /* !VNETIFY_CONDITIONALS_H */
