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
/*
 * The report for a file named path: JSON if the name ends in ".json",
 * else Markdown.
 */
void report_render(const struct plan *, size_t nconflicts, const char *path,
    struct strbuf *);
/* Review items as "file:line:col: warning: ... [vnetify]"; returns count. */
size_t report_print_reviews(const struct plan *);
/*
 * Items the JSON report at path (an earlier run's) has already are marked
 * so; 0, or -1 after an error message.
 */
int report_apply_baseline(struct plan *, const char *path);
/* Items with a "vnetify: reviewed" comment on their line are acked. */
void report_mark_acknowledged(struct plan *);

#endif /* !VNETIFY_REPORT_H */
