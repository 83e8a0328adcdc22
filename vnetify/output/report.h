/*
 * report.h: what a rewrite did and what needs a human, for reviewers
 * (Markdown) and for tools (JSON), plus the review items as compiler-style
 * diagnostics on stderr.
 */
#ifndef VNETIFY_REPORT_H
#define VNETIFY_REPORT_H

#include "passes/plan.h"

/* Put review items in file and offset order (call once, before output). */
void report_sort(struct plan *);
/* Writes FILE as JSON if it ends in ".json", else as Markdown. */
int report_write(const struct plan *, size_t nconflicts, const char *path);
/* Review items as "file:line:col: warning: ... [vnetify]"; returns count. */
size_t report_print_reviews(const struct plan *);

#endif /* !VNETIFY_REPORT_H */
