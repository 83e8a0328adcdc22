/*
 * compdb.h: which files to parse and how, from compile_commands.json (as
 * every Clang tool reads it) or from flags given after "--".
 */
#ifndef VNETIFY_COMPDB_H
#define VNETIFY_COMPDB_H

#include <stdbool.h>
#include <stddef.h>

#include "frontend/collect.h"

struct joblist {
	struct parse_job *v;
	size_t n, cap;
};

/*
 * Load BUILD_DIR/compile_commands.json.  With files given (canonical
 * paths), keep only their commands, and fail for a file the database does
 * not know.  Returns false after reporting the problem.
 */
bool compdb_load(const char *build_dir, char *const *files, size_t nfiles,
    struct joblist *out);
/* Each file compiled with flags in the current directory. */
void compdb_from_flags(char *const *files, size_t nfiles, char *const *flags,
    size_t nflags, struct joblist *out);
/*
 * Replace the list by one job per (file, configuration), appending each
 * configuration's flags; configs may be empty (one configuration: 0).
 */
void compdb_expand_configs(struct joblist *, size_t nconfigs,
    char **const *config_argv, const size_t *config_argc);
/*
 * How many arguments from argv[i] to drop (0: keep it): options a parse
 * does not want or clang does not take, and the source file itself (file,
 * canonical), however it is spelled relative to dir.
 */
size_t compdb_drop_arg(char *const *argv, size_t argc, size_t i,
    const char *file, const char *dir);
/* Every job's arguments get before ahead and after behind its own. */
void compdb_add_args(struct joblist *, const char *const *before,
    size_t nbefore, const char *const *after, size_t nafter);
/*
 * Keep the K-th of N shares (1-based): a job is in the share its main
 * file's path, relative to root, hashes to, so that every machine cuts
 * the same way wherever it checked the tree out, and all the
 * configurations of one file go together.
 */
void compdb_shard(struct joblist *, unsigned k, unsigned n, const char *root);
void joblist_free(struct joblist *);

#endif /* !VNETIFY_COMPDB_H */
