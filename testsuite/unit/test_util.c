/*
 * test_util.c: the map keys key_nums() makes (distinct numbers give
 * distinct keys, at any size, and the widest fits KEY_NUMS_MAX), and
 * content_hash(), which must tell any one changed byte.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "support/util.h"

Test(key_nums, writes_hex_with_spaces)
{
	char key[KEY_NUMS_MAX];

	cr_assert_str_eq(key_nums(key, 0, 0x1f, 255), "0 1f ff");
}

Test(key_nums, widest_fits)
{
	char key[KEY_NUMS_MAX];

	key_nums(key, UINT64_MAX, UINT64_MAX, UINT64_MAX);
	cr_assert_eq(strlen(key) + 1, (size_t)KEY_NUMS_MAX);
	cr_assert_str_eq(key,
	    "ffffffffffffffff ffffffffffffffff "
	    "ffffffffffffffff");
}

Test(key_nums, no_two_triples_collide)
{
	char a[KEY_NUMS_MAX], b[KEY_NUMS_MAX];

	/* "1 23 4" and "12 3 4" would meet if the spaces were dropped. */
	key_nums(a, 1, 0x23, 4);
	key_nums(b, 0x12, 3, 4);
	cr_assert_str_neq(a, b);
	key_nums(a, 7, 0, 9);
	key_nums(b, 7, 9, 0);
	cr_assert_str_neq(a, b);
}

Test(content_hash, equal_contents_equal_hashes)
{
	char a[100], b[100];

	memset(a, 'x', sizeof(a));
	memset(b, 'x', sizeof(b));
	cr_assert_eq(content_hash(a, sizeof(a)), content_hash(b, sizeof(b)));
}

Test(content_hash, every_byte_and_the_length_count)
{
	unsigned char buf[67];
	uint64_t base;
	size_t i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7);
	base = content_hash(buf, sizeof(buf));
	/* Bytes in whole words and in the tail alike. */
	for (i = 0; i < sizeof(buf); i++) {
		buf[i] ^= 1;
		cr_assert_neq(content_hash(buf, sizeof(buf)), base,
		    "a change at byte %zu went unseen", i);
		buf[i] ^= 1;
	}
	cr_assert_neq(content_hash(buf, sizeof(buf) - 1), base);
	memset(buf, 0, sizeof(buf));
	cr_assert_neq(content_hash(buf, 16), content_hash(buf, 17));
}
