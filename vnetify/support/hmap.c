/*
 * hmap.c: see hmap.h.
 */
#include <stdlib.h>
#include <string.h>

#include "support/hmap.h"
#include "support/util.h"

uint64_t
fnv1a(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ull;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ull;
	}
	return (h);
}

static struct hmap_slot *
find(const struct hmap *m, const char *key, uint64_t h)
{
	size_t i;

	if (m->cap == 0)
		return (NULL);
	for (i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].key == NULL)
			return (&m->slots[i]);
		if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0)
			return (&m->slots[i]);
	}
}

void *
hmap_get(const struct hmap *m, const char *key)
{
	struct hmap_slot *s = find(m, key, fnv1a(key, strlen(key)));

	return (s != NULL && s->key != NULL ? s->val : NULL);
}

void *
hmap_get_n(const struct hmap *m, const char *key, size_t len)
{
	uint64_t h = fnv1a(key, len);
	size_t i;

	if (m->cap == 0)
		return (NULL);
	for (i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].key == NULL)
			return (NULL);
		if (m->slots[i].hash == h &&
		    strncmp(m->slots[i].key, key, len) == 0 &&
		    m->slots[i].key[len] == '\0')
			return (m->slots[i].val);
	}
}

static void
grow(struct hmap *m)
{
	struct hmap_slot *old = m->slots, *s;
	size_t oldcap = m->cap, i;

	m->cap = oldcap ? oldcap * 2 : 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		s = find(m, old[i].key, old[i].hash);
		*s = old[i];
	}
	free(old);
}

bool
hmap_has(const struct hmap *m, const char *key)
{
	struct hmap_slot *s = find(m, key, fnv1a(key, strlen(key)));

	return (s != NULL && s->key != NULL);
}

void **
hmap_put(struct hmap *m, const char *key, void *val)
{
	uint64_t h = fnv1a(key, strlen(key));
	struct hmap_slot *s;

	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	s = find(m, key, h);
	if (s->key == NULL) {
		s->key = xstrdup(key);
		s->hash = h;
		s->val = val;
		m->n++;
	}
	return (&s->val);
}

void
hmap_free(struct hmap *m, void (*free_val)(void *))
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		if (m->slots[i].key == NULL)
			continue;
		free(m->slots[i].key);
		if (free_val != NULL)
			free_val(m->slots[i].val);
	}
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
