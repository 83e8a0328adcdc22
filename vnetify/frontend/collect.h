/*
 * collect.h: parse one translation unit with libclang and report its
 * facts.  This and compdb.c are the only files that see libclang.
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

/* A per-thread libclang index. */
void *collect_index_new(void);
void collect_index_free(void *);

/*
 * Parse job and collect its facts into out.  A unit with compile errors
 * is marked failed (with its first error) unless force is set.
 */
void collect_tu(void *index, struct model *, const struct parse_job *,
    bool force, struct tu_facts *out);

/* Parse only, for the benchmark's baseline: 0 on success. */
int collect_parse_only(void *index, const struct parse_job *);

#endif /* !VNETIFY_COLLECT_H */
