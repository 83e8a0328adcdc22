/*
 * tmptree.c: see tmptree.h.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <criterion/criterion.h>

#include "support/util.h"
#include "tmptree.h"

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

char *
tmptree_new(const char *tag)
{
	char *tmpl = xasprintf("/tmp/vnetify-%s-XXXXXX", tag), *root;

	cr_assert_not_null(mkdtemp(tmpl), "mkdtemp: %s", strerror(errno));
	root = path_canonical(tmpl, NULL);
	free(tmpl);
	return (root);
}

void
tmptree_remove(char *root)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

char *
tmptree_put(const char *dir, const char *rel, const void *data, size_t len,
    mode_t mode)
{
	char *path = path_join(dir, rel), *p;
	FILE *f;

	for (p = strchr(path + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "wb");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(chmod(path, mode), 0);
	return (path);
}
