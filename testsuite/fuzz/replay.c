/*
 * replay.c: runs every file of a corpus directory through a fuzz target's
 * LLVMFuzzerTestOneInput, so that the test suite replays the kept corpus
 * with any compiler and under the sanitizer build without libFuzzer.
 * Exits 0 when every input ran (a finding aborts or trips a sanitizer).
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
by_name(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

int
main(int argc, char **argv)
{
	VEC(char *) files = {0};
	struct dirent *d;
	size_t i, len;
	char *path, *data;
	DIR *dir;
	int error;

	if (argc != 2) {
		fprintf(stderr, "usage: %s corpus-dir\n", argv[0]);
		return (2);
	}
	if ((dir = opendir(argv[1])) == NULL) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1],
		    strerror(errno));
		return (2);
	}
	while ((d = readdir(dir)) != NULL)
		if (d->d_name[0] != '.')
			VEC_PUSH(&files, xstrdup(d->d_name));
	closedir(dir);
	/* A fixed order, so that a failure names the same input each run. */
	qsort(files.v, files.n, sizeof(*files.v), by_name);
	for (i = 0; i < files.n; i++) {
		path = path_join(argv[1], files.v[i]);
		if ((error = read_file(path, &data, &len)) != 0) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], path,
			    strerror(error));
			return (1);
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		free(data);
		free(path);
		free(files.v[i]);
	}
	printf("%zu inputs replayed from %s\n", files.n, argv[1]);
	if (files.n == 0)
		return (1);
	VEC_FREE(&files);
	return (0);
}
