/*
 * arena.h: strings that live as long as their owner and die together.
 *
 * The planner keeps a text for every edit it plans (one a use, on a dense
 * file one a line); copying each with malloc and freeing each again cost
 * more than planning it.  An arena hands out copies from large chunks and
 * frees only the chunks.
 */
#ifndef VNETIFY_ARENA_H
#define VNETIFY_ARENA_H

#include <stddef.h>

struct arena {
	struct arena_chunk *chunks; /* newest first */
	size_t used;		    /* bytes taken from the newest */
};

#define ARENA_INIT {NULL, 0}

/* A copy of s that lasts until arena_free(). */
char *arena_strdup(struct arena *, const char *s);
void arena_free(struct arena *);

#endif
