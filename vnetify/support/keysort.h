/*
 * keysort.h: sorting the planner's large arrays in linear time.
 *
 * A dense file has a use on nearly every line, and the planner sorts its
 * uses and edits several times; qsort's n log n comparisons through a
 * function pointer then cost more than the passes that read the result.
 * Most of those orders begin with numbers (a file's id, an offset, a
 * length) that fit one 64-bit key, so a radix sort on the key does the
 * work, and the full comparison only orders elements whose keys are equal.
 */
#ifndef VNETIFY_KEYSORT_H
#define VNETIFY_KEYSORT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Sorts n elements of size bytes into the order cmp gives, stably: the
 * result is the one xqsort() gives.  key must agree with cmp: whenever
 * key(a) < key(b), cmp(a, b) < 0.  cmp is called only on elements of
 * equal key.
 */
void keysort(void *base, size_t n, size_t size, uint64_t (*key)(const void *),
    int (*cmp)(const void *, const void *));

#endif
