/*
 * bench_plain4k.c: a module with 4 KiB of plain global state, loaded
 * once per "instance" with dlmopen() to compare with vnet instances.
 */
char plain_set[4096] = {1};

long
plain_touch(void)
{
	plain_set[0]++;
	plain_set[4095]++;
	return (plain_set[0]);
}
