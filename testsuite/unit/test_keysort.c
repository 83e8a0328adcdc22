/*
 * test_keysort.c: keysort() gives the stable order of its comparison,
 * whatever the keys look like: short arrays, arrays in order and
 * reversed, keys that differ only in high bytes, and long runs of equal
 * keys that only the comparison orders.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>

#include "support/keysort.h"

struct item {
	uint32_t major, minor; /* the key is major; minor breaks ties */
	uint32_t tag;	       /* ignored by cmp: shows stability */
	uint32_t index;	       /* where the item started */
};

static uint64_t
key_item(const void *p)
{
	return (((const struct item *)p)->major);
}

static int
cmp_item(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;

	if (a->major != b->major)
		return (a->major < b->major ? -1 : 1);
	return (a->minor < b->minor ? -1 : a->minor > b->minor);
}

/* The stable order: cmp, then where each item started. */
static int
cmp_stable(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c = cmp_item(pa, pb);

	if (c != 0)
		return (c);
	return (a->index < b->index ? -1 : a->index > b->index);
}

static uint32_t
next(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8);
}

static void
check(size_t n, uint32_t seed, uint32_t majors, uint32_t minors, unsigned shift)
{
	struct item *got = calloc(n + 1, sizeof(*got));
	struct item *want = calloc(n + 1, sizeof(*want));
	size_t i;

	for (i = 0; i < n; i++) {
		got[i].major = (next(&seed) % majors) << shift;
		got[i].minor = next(&seed) % minors;
		got[i].tag = next(&seed);
		got[i].index = (uint32_t)i;
		want[i] = got[i];
	}
	qsort(want, n, sizeof(*want), cmp_stable);
	keysort(got, n, sizeof(*got), key_item, cmp_item);
	for (i = 0; i < n; i++)
		cr_assert_eq(got[i].index, want[i].index,
		    "n %zu seed %u: item %zu is %u, not %u", n, seed, i,
		    got[i].index, want[i].index);
	free(got);
	free(want);
}

Test(keysort, short_arrays_as_qsort)
{
	check(0, 1, 10, 3, 0);
	check(1, 1, 10, 3, 0);
	check(63, 2, 10, 3, 0);
}

Test(keysort, distinct_and_repeated_keys)
{
	check(1000, 3, 1u << 20, 1, 0);
	check(1000, 4, 50, 4, 0);
	check(5000, 5, 7, 100, 0);
}

Test(keysort, keys_in_high_bytes_only)
{
	check(2000, 6, 200, 3, 24);
}

Test(keysort, one_long_run_ordered_by_cmp_alone)
{
	check(3000, 7, 1, 1000, 0);
	check(3000, 8, 1, 1, 0);
}

Test(keysort, in_order_and_reversed)
{
	struct item v[500];
	size_t i;

	for (i = 0; i < 500; i++)
		v[i] = (struct item){(uint32_t)(499 - i), 0, 0, (uint32_t)i};
	keysort(v, 500, sizeof(*v), key_item, cmp_item);
	for (i = 0; i < 500; i++)
		cr_assert_eq(v[i].major, i);
	keysort(v, 500, sizeof(*v), key_item, cmp_item);
	for (i = 0; i < 500; i++)
		cr_assert_eq(v[i].index, 499 - i);
}
