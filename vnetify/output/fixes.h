/*
 * fixes.h: a finalized edit set as a clang-apply-replacements change
 * description ("vnetify rewrite --export-fixes"), so that shards of a tree
 * rewritten on several machines merge with the stock tool.
 */
#ifndef VNETIFY_FIXES_H
#define VNETIFY_FIXES_H

#include <stdio.h>

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
 * go out as one insertion of their texts in order.  It also runs
 * clang-format's clean-up over the lines it changes, which drops an empty
 * argument's comma there ("f(a, )"); the edits cannot prevent that.
 * Returns 0, or EIO when out fails.
 */
int fixes_write_yaml(FILE *out, const char *main_source_file,
    const struct edit_set *);

#endif /* !VNETIFY_FIXES_H */
