/*
 * diag.h: messages to the user, in the form compilers use so that editors
 * and CI annotate them: "file:line:col: error: what, and what to do".
 */
#ifndef VNETIFY_DIAG_H
#define VNETIFY_DIAG_H

#include <stdarg.h>
#include <stdbool.h>

/* Exit statuses (SPEC §6). */
enum {
	EXIT_CLEAN = 0,	   /* nothing to report */
	EXIT_FINDINGS = 1, /* findings or review items */
	EXIT_USAGE = 2,	   /* usage or rules error */
	EXIT_PARSE = 3	   /* input that does not parse */
};

extern const char *progname;

/* "vnetify: message" and exit(EXIT_USAGE). */
/* Colour the kind and the place, as clang does (set by --color). */
extern bool diag_color;

void fatal(const char *fmt, ...)
    __attribute__((__noreturn__, __format__(__printf__, 1, 2)));
/* "file:line:col: error: message"; file may be NULL, line/col 0. */
void diag_error(const char *file, unsigned line, unsigned col, const char *fmt,
    ...) __attribute__((__format__(__printf__, 4, 5)));
void diag_warning(const char *file, unsigned line, unsigned col,
    const char *fmt, ...) __attribute__((__format__(__printf__, 4, 5)));
void diag_note(const char *file, unsigned line, unsigned col, const char *fmt,
    ...) __attribute__((__format__(__printf__, 4, 5)));
/* Count of diag_error calls so far. */
unsigned diag_error_count(void);

#endif /* !VNETIFY_DIAG_H */
