/*
 * diff.h: a finalized edit set as a unified diff that "git apply" and
 * "patch -p1", run in the root directory, accept.
 */
#ifndef VNETIFY_DIFF_H
#define VNETIFY_DIFF_H

#include <stdbool.h>
#include <stdio.h>

struct edit_set;

/* Lines of context around each change; closer changes share a hunk. */
#define DIFF_CONTEXT 3

/*
 * Writes the diff of every file the set touches against its edited form:
 * "--- a/<rel>" and "+++ b/<rel>" with paths relative to root (git's
 * quoting for odd names), hunks with DIFF_CONTEXT lines of context, "\ No
 * newline at end of file" where due.  Files come in path order; a file the
 * edits leave unchanged produces nothing.  Each file is read from disk now
 * and checked against what the edits were computed against when the set
 * records it (edits_expect).  Nothing is written unless every file is under
 * root, readable and as expected; the reason goes through diag_error.
 * Returns 0 or an errno: EXDEV for a file outside root, ESTALE for one that
 * changed, the read error, or EIO when out fails.
 */
int diff_write(FILE *out, const char *root, const struct edit_set *);
/* The same, in a terminal's colours when color is true. */
int diff_write_colored(FILE *out, const char *root, const struct edit_set *,
    bool color);

#endif /* !VNETIFY_DIFF_H */
