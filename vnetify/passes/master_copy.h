/*
 * master_copy.h: a variable kept twice, a plain master and a per-vnet
 * copy under #ifdef VIMAGE (see master_copy.c).
 */
#ifndef VNETIFY_PASSES_MASTER_COPY_H
#define VNETIFY_PASSES_MASTER_COPY_H

#include <stdbool.h>
#include <stdint.h>

#include "passes/plan.h"

/*
 * Sets v->master_copy when a file defines v both where VIMAGE does not
 * matter and, as plain C or already as VNET_DEFINE, only under VIMAGE;
 * a note says so.  For the select pass, on a selected variable.
 */
void master_copy_detect(struct plan *, struct var *v);

/* Does the definition stay the plain master's (v->master_copy only)? */
bool master_copy_plain_decl(const struct var *v, const struct decl *);

/* Does the name at off stay the plain master (v->master_copy only)? */
bool master_copy_keeps_plain(const struct var *v, const struct srcfile *,
    uint32_t off);

#endif /* !VNETIFY_PASSES_MASTER_COPY_H */
