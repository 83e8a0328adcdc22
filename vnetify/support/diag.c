/*
 * diag.c: see diag.h.  Messages go to stderr, one per line, whole lines
 * written at once so that worker threads do not interleave them.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "support/diag.h"
#include "support/util.h"

const char *progname = "vnetify";
bool diag_color;
static unsigned diag_errors;
static pthread_mutex_t diag_lock = PTHREAD_MUTEX_INITIALIZER;

static void
emit(const char *file, unsigned line, unsigned col, const char *kind,
    const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	if (diag_color)
		sb_adds(&sb, "\033[1m");
	if (file != NULL) {
		sb_adds(&sb, file);
		if (line > 0)
			sb_addf(&sb, ":%u", line);
		if (line > 0 && col > 0)
			sb_addf(&sb, ":%u", col);
		sb_adds(&sb, ": ");
	} else
		sb_addf(&sb, "%s: ", progname);
	if (kind != NULL && diag_color)
		sb_addf(&sb, "\033[%sm%s:\033[0m\033[1m ",
		    kind[0] == 'e'	 ? "31"
			: kind[0] == 'w' ? "35"
					 : "36",
		    kind);
	else if (kind != NULL)
		sb_addf(&sb, "%s: ", kind);
	sb_vaddf(&sb, fmt, ap);
	if (diag_color)
		sb_adds(&sb, "\033[0m");
	sb_addc(&sb, '\n');
	pthread_mutex_lock(&diag_lock);
	fputs(sb.s, stderr);
	fflush(stderr);
	pthread_mutex_unlock(&diag_lock);
	sb_free(&sb);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, 0, 0, "error", fmt, ap);
	va_end(ap);
	exit(EXIT_USAGE);
}

void
diag_error(const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(file, line, col, "error", fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&diag_errors, 1, __ATOMIC_RELAXED);
}

void
diag_warning(const char *file, unsigned line, unsigned col, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(file, line, col, "warning", fmt, ap);
	va_end(ap);
}

void
diag_note(const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(file, line, col, "note", fmt, ap);
	va_end(ap);
}

unsigned
diag_error_count(void)
{
	return (__atomic_load_n(&diag_errors, __ATOMIC_RELAXED));
}
