/*
 * scope.h: which virtualized variable a name means where no parse said,
 * from the declarations visible there.
 *
 * A file sees the variables declared in itself and, through the
 * translation units that parse it, in every file those units read: a
 * main file, its headers; a header, the main files that include it and
 * their headers.  So a file-static of a.c is never what a token of b.c
 * means, and a variable a header declares is what a macro of that header
 * means.  Locals and parameters are the AST's (model_local_visible());
 * the text of a skipped branch is read for its own (unseen.c).
 */
#ifndef VNETIFY_PASSES_SCOPE_H
#define VNETIFY_PASSES_SCOPE_H

#include "passes/plan.h"

struct scope;

struct scope *scope_new(struct plan *);
void scope_free(struct scope *);
/* Is some selected file-scope variable spelled name[0, len)? */
bool scope_is_candidate(const struct scope *, const char *name, size_t len);
/*
 * The selected file-scope variables spelled name[0, len) that f sees: how
 * many, and the first in *v.
 */
size_t scope_lookup(struct scope *, const struct srcfile *f, const char *name,
    size_t len, struct var **v);

#endif /* !VNETIFY_PASSES_SCOPE_H */
