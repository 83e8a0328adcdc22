/*
 * diff_base.h: the lines changed since a git revision, for
 * "lint --diff-base REV": a pre-commit hook or a pull request sees the
 * findings on what it changes, not the tree's old debts.
 */
#ifndef VNETIFY_DIFF_BASE_H
#define VNETIFY_DIFF_BASE_H

#include "lint/lint.h"
#include "support/hmap.h"

/* Per file (relative to the root): sorted ranges of changed lines. */
struct changed_lines {
	struct hmap files; /* rel path -> struct line_ranges */
};

/*
 * Asks git what changed between rev and the work tree under root (new,
 * untracked files wholly).  0, or -1 after an error message: root not in
 * a git work tree, an unknown revision.
 */
int
changed_lines_read(const char *root, const char *rev, struct changed_lines *);
/* Drops the findings on lines that did not change. */
void changed_lines_filter(const struct changed_lines *, struct lint_run *);
void changed_lines_free(struct changed_lines *);

#endif /* !VNETIFY_DIFF_BASE_H */
