/*
 * keysort.c: see keysort.h.
 *
 * Each element's key goes with its index into a pair; the pairs are
 * sorted by a least-significant-digit radix sort on the key's bytes,
 * skipping bytes in which no two keys differ, and a run of equal keys is
 * then put in cmp's order by a merge sort of its own.  The elements are
 * moved once, at the end.  Below KEYSORT_MIN elements qsort is the better
 * tool and is used.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "support/keysort.h"
#include "support/util.h"

#define KEYSORT_MIN	  64
#define KEYSORT_INSERTION 8

struct keyed {
	uint64_t k;
	size_t i;
};

/* One radix pass on the byte at shift, from a into b. */
static void
radix_pass(const struct keyed *a, struct keyed *b, size_t n, unsigned shift)
{
	size_t count[256] = {0}, i, at = 0, c;

	for (i = 0; i < n; i++)
		count[(a[i].k >> shift) & 0xff]++;
	for (i = 0; i < 256; i++) {
		c = count[i];
		count[i] = at;
		at += c;
	}
	for (i = 0; i < n; i++)
		b[count[(a[i].k >> shift) & 0xff]++] = a[i];
}

struct by_cmp {
	const char *base;
	size_t size;
	int (*cmp)(const void *, const void *);
	struct keyed *tmp;
	bool moved;
};

static int
cmp_at(const struct by_cmp *bc, const struct keyed *x, const struct keyed *y)
{
	return (
	    bc->cmp(bc->base + x->i * bc->size, bc->base + y->i * bc->size));
}

/*
 * Puts a[0 .. n) in cmp's order, stably: insertion for a few, else a
 * merge sort that does not merge halves already in order (a token of a
 * macro body has one key for every expansion, usually in order).
 */
static void
order_run(struct by_cmp *bc, struct keyed *a, size_t n)
{
	struct keyed t;
	size_t i, j, h = n / 2, l, r, o;

	if (n <= KEYSORT_INSERTION) {
		for (i = 1; i < n; i++) {
			t = a[i];
			for (j = i; j > 0 && cmp_at(bc, &a[j - 1], &t) > 0; j--)
				a[j] = a[j - 1];
			if (j != i) {
				a[j] = t;
				bc->moved = true;
			}
		}
		return;
	}
	order_run(bc, a, h);
	order_run(bc, a + h, n - h);
	if (cmp_at(bc, &a[h - 1], &a[h]) <= 0)
		return;
	bc->moved = true;
	memcpy(bc->tmp, a, n * sizeof(*a));
	for (l = 0, r = h, o = 0; l < h && r < n;)
		a[o++] = cmp_at(bc, &bc->tmp[r], &bc->tmp[l]) < 0
		    ? bc->tmp[r++]
		    : bc->tmp[l++];
	while (l < h)
		a[o++] = bc->tmp[l++];
	while (r < n)
		a[o++] = bc->tmp[r++];
}

/* Puts each run of equal keys in cmp's order. */
static void
order_ties(struct by_cmp *bc, struct keyed *a, size_t n)
{
	size_t r, e;

	for (r = 0; r < n; r = e) {
		for (e = r + 1; e < n && a[e].k == a[r].k; e++)
			;
		if (e - r > 1)
			order_run(bc, a + r, e - r);
	}
}

/* memcpy, in words when it can: a call per element would cost more. */
static void
copy_element(char *to, const char *from, size_t size)
{
	size_t k;

	if (size % 8 != 0) {
		memcpy(to, from, size);
		return;
	}
	for (k = 0; k < size; k += 8)
		memcpy(to + k, from + k, 8);
}

void
keysort(void *base, size_t n, size_t size, uint64_t (*key)(const void *),
    int (*cmp)(const void *, const void *))
{
	struct keyed *a, *b, *t;
	struct by_cmp bc;
	char *p = base, *out;
	uint64_t differ = 0;
	bool moved = false;
	unsigned shift;
	size_t i;

	if (n < KEYSORT_MIN) {
		xqsort(base, n, size, cmp);
		return;
	}
	a = xmalloc(n * sizeof(*a));
	for (i = 0; i < n; i++) {
		a[i].k = key(p + i * size);
		a[i].i = i;
		differ |= a[i].k ^ a[0].k;
		if (i > 0 && a[i].k < a[i - 1].k)
			moved = true;
	}
	b = xmalloc(n * sizeof(*b));
	if (moved) {
		for (shift = 0; shift < 64; shift += 8) {
			if (((differ >> shift) & 0xff) == 0)
				continue;
			radix_pass(a, b, n, shift);
			t = a;
			a = b;
			b = t;
		}
	}
	bc.base = p;
	bc.size = size;
	bc.cmp = cmp;
	bc.tmp = b;
	bc.moved = moved;
	order_ties(&bc, a, n);
	if (bc.moved) {
		out = xmalloc(n * size);
		for (i = 0; i < n; i++)
			copy_element(out + i * size, p + a[i].i * size, size);
		memcpy(p, out, n * size);
		free(out);
	}
	free(a);
	free(b);
}
