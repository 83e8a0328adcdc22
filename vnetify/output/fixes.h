/*
 * fixes.h: a finalized edit set as a clang-apply-replacements change
 * description ("vnetify rewrite --export-fixes"), so that shards of a tree
 * rewritten on several machines merge with the stock tool.
 */
#ifndef VNETIFY_FIXES_H
#define VNETIFY_FIXES_H

#include <stddef.h>
#include <stdio.h>

struct edit;
struct edit_set;

/*
 * Writes one YAML document in the form clang-tidy --export-fixes writes
 * ("MainSourceFile" and "Diagnostics", one diagnostic per replacement,
 * the edit's why as its message).  That form, unlike a bare
 * "Replacements" list, is the one clang-apply-replacements de-duplicates
 * across documents, which a header edited from many shards needs.  Paths
 * are written as the set holds them (absolute), offsets as bytes of the
 * files the edits were computed against.
 *
 * clang-apply-replacements refuses two insertions at one offset, so those
 * go out as one insertion of their texts in order.  Returns 0, or EIO when
 * out fails.
 */
int fixes_write_yaml(FILE *out, const char *main_source_file,
    const struct edit_set *);

/*
 * clang-apply-replacements before LLVM 22 runs clang-format's clean-up
 * over every line it changes (llvm/llvm-project#178763), and that deletes
 * the comma of an empty macro argument: "LIST_HEAD(, foo)" becomes
 * "LIST_HEAD( foo)", whatever the replacement was.  This finds the edits
 * (of one file's finalized edits e[0, n) over its contents) whose line,
 * once edited, has such a comma: "(" then ",", "," then ")", or two
 * commas, with only blanks and comments between.  The line is the
 * physical lines the edit's text lands on, carried on while a parenthesis
 * they open is still open (up to 40 more lines) and across backslash
 * continuations.  Writes the indexes of those edits to at[] (room for n)
 * and returns how many.
 */
size_t fixes_cleanup_hazards(const char *data, size_t len, const struct edit *e,
    size_t n, size_t *at);

/* One replacement read from a change description. */
struct fix_replacement {
	const char *file; /* as written: absolute, or relative to the cwd */
	size_t off, len;
	const char *text;
	unsigned line, col; /* of its mapping in the YAML */
};
typedef void (*fixes_read_fn)(const struct fix_replacement *, void *arg);

/*
 * Reads a change description as clang-tidy --export-fixes and vnetify
 * write it (or any YAML whose mappings with FilePath, Offset, Length and
 * ReplacementText are replacements), calling cb for each replacement in
 * document order; its strings live until cb returns.  Replacement texts
 * come back byte for byte, whether or not they are UTF-8.  Returns 0, or
 * -1 after saying what is wrong (yaml:line:col) through diag_error.
 */
int fixes_read_yaml(const char *yaml, const char *data, size_t len,
    fixes_read_fn cb, void *arg);

#endif /* !VNETIFY_FIXES_H */
