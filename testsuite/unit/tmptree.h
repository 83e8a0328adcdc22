/*
 * tmptree.h: a temporary directory tree for a unit test, and files in it.
 * Failures end the test through Criterion's assertions.
 */
#ifndef TMPTREE_H
#define TMPTREE_H

#include <stddef.h>
#include <sys/types.h>

/* A new directory /tmp/vnetify-<tag>-XXXXXX, canonical path, malloc'd. */
char *tmptree_new(const char *tag);
/* Removes the tree and frees root. */
void tmptree_remove(char *root);
/* Writes dir/rel (directories made as needed) with mode; returns its path. */
char *tmptree_put(const char *dir, const char *rel, const void *data,
    size_t len, mode_t mode);

#endif /* !TMPTREE_H */
