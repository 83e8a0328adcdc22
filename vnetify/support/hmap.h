/*
 * hmap.h: a string-keyed hash map (open addressing, FNV-1a).  Keys are
 * copied; values are the caller's.
 */
#ifndef VNETIFY_HMAP_H
#define VNETIFY_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hmap {
	struct hmap_slot {
		char *key;
		uint64_t hash;
		void *val;
	} *slots;
	size_t n, cap;
};

uint64_t fnv1a(const void *, size_t);
void *hmap_get(const struct hmap *, const char *key);
/* The same for a key that is len bytes of text, not NUL-terminated. */
void *hmap_get_n(const struct hmap *, const char *key, size_t len);
bool hmap_has(const struct hmap *, const char *key);
/* Returns the slot's value pointer, inserting val if key is new. */
void **hmap_put(struct hmap *, const char *key, void *val);
void hmap_free(struct hmap *, void (*free_val)(void *));
/* Iteration: for (i = 0; i < m->cap; i++) if (m->slots[i].key) ... */

#endif /* !VNETIFY_HMAP_H */
