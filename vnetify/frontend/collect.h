/*
 * collect.h: parse one translation unit with libclang and report its
 * facts.  frontend/ and driver/compdb.c are the only files that see
 * libclang.
 */
#ifndef VNETIFY_COLLECT_H
#define VNETIFY_COLLECT_H

#include <stdbool.h>

#include "model/model.h"

/* One parse: a file, its compiler arguments, a configuration. */
struct parse_job {
	char *file;  /* canonical path of the main file */
	char *dir;   /* working directory of the compile */
	char **argv; /* compiler arguments, without the compiler itself */
	int argc;
	unsigned config; /* index of the configuration */
};

/*
 * The runtime header as included ("vnet/vnet.h"): a unit that includes a
 * file whose path ends in it can use the VNET macros already.
 */
extern const char *collect_runtime_header;

/*
 * Is the file (relative to the root, or NULL outside it) one the rewrite
 * never edits (a never-touch path of the rules)?  Then its declarations
 * mean the same in every unit of a configuration, and each is walked in
 * the first unit that reads it only.  NULL: every file is walked in every
 * unit.
 */
extern bool (*collect_shared_file)(const char *rel);

/* A per-thread libclang index. */
void *collect_index_new(void);
void collect_index_free(void *);

/*
 * Parse job and collect its facts into out.  A unit with compile errors
 * is marked failed (with its first error) unless force is set.
 */
void collect_tu(void *index, struct model *, const struct parse_job *,
    bool force, struct tu_facts *out);

/* A file's contents as they would be written, in place of the disk's. */
struct unsaved {
	const char *path; /* canonical */
	const char *data;
	size_t len;
};

/*
 * Errors, each "file:line:col: error: message" at the file location, and
 * the other files it involves, one per line: where it is spelled (a
 * macro's body, say) and where the macros it was expanded from are.
 */
struct error_fact {
	char *text;
	char *spelled_in;
	bool warning; /* "file:line:col: warning: ..." */
};
struct errlist {
	struct error_fact *v;
	size_t n, cap;
};
void errlist_free(struct errlist *);

/*
 * Parse job with the unsaved files in place of theirs and the extra
 * arguments after its own; the errors it reports go to out (paths as
 * libclang gives them).  With warnings set, the build's warnings are
 * shown, and go to out too (an -Werror=foo one is an error; plain
 * -Werror is not applied).  Returns false when libclang could not parse
 * at all (out then says why).
 */
bool collect_errors(void *index, const struct parse_job *,
    const char *const *extra, size_t nextra, const struct unsaved *,
    size_t nunsaved, bool warnings, struct errlist *out);

/*
 * Where the runtime's own headers are: every parse can find <vnet/vnet.h>
 * there after the job's own include directories, so converted code parses
 * without changing the compile commands.
 */
extern const char *collect_runtime_include;

/* Prefer the installed headers next to the running executable. */
void collect_find_runtime_include(void);

/* Parse only, for the benchmark's baseline: 0 on success. */
int collect_parse_only(void *index, const struct parse_job *);

#endif /* !VNETIFY_COLLECT_H */
