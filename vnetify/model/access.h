/*
 * access.h: how a use touches a variable, read from the tokens around it,
 * for scan's counts and for telling an evaluated use from one that is
 * only measured.
 */
#ifndef VNETIFY_MODEL_ACCESS_H
#define VNETIFY_MODEL_ACCESS_H

#include "model/model.h"

/*
 * How the name at off is used (enum use_access bits): written when an
 * assignment or ++/-- applies to it or to an element or member of it ('.'
 * and '[]', not '->'), its address taken by a unary '&', or only measured
 * (sizeof, _Alignof, typeof).  Text cannot see through a macro: an
 * operator outside the macro that names the variable is not seen, and
 * such a use counts as read.
 */
unsigned text_access(const struct srcfile *, uint32_t off);

#endif /* !VNETIFY_MODEL_ACCESS_H */
