/*
 * main.c: the legacy program: one instance of the foo protocol per
 * process.
 */
#include <stdio.h>

#include "foo.h"

int
main(void)
{
	foo_bind("echo", 7);
	foo_bind("discard", 9);
	foo_output(7, "hello", 5);
	foo_output(9, "bye", 3);
	foo_output(13, "lost", 4);
	foo_dump("legacy");
	return (0);
}
