/*
 * arena.c: see arena.h.
 */
#include <string.h>

#include "support/arena.h"
#include "support/util.h"

#define ARENA_CHUNK 65536

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	char data[];
};

char *
arena_strdup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1, size;
	struct arena_chunk *c = a->chunks;
	char *out;

	if (c == NULL || c->size - a->used < n) {
		/* A string longer than a chunk gets a chunk of its own. */
		size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->next = a->chunks;
		a->chunks = c;
		a->used = 0;
	}
	out = c->data + a->used;
	memcpy(out, s, n);
	a->used += n;
	return (out);
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->chunks = NULL;
	a->used = 0;
}
