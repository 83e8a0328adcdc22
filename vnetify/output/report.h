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
/*
 * The report as a folder of HTML pages (output/report_html.c), rendered
 * in memory first so that it can be ready before any source is written:
 * the index (index_name) and "files/<rel>.html" for each file the edits
 * change or an item points into.
 */
struct report_page {
	char *name; /* relative to the folder */
	char *html;
};
struct report_pages {
	VEC(struct report_page) pages;
};
void report_html_render(const struct plan *, size_t nconflicts,
    const char *index_name, struct report_pages *);
/* Writes each page under dir, making directories; 0 or an errno. */
int report_html_write(const struct report_pages *, const char *dir);
void report_pages_free(struct report_pages *);

/* For the renderers: "rel" of f (its path outside the root), line, col. */
char *report_place(const struct srcfile *f, uint32_t off, unsigned *line,
    unsigned *col);
/* How many review items of each kind (notes apart). */
void report_count_kinds(const struct plan *, unsigned counts[REVIEW_NKINDS]);
/* "open", "acknowledged", "in the baseline". */
const char *report_state_name(enum review_state);

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
