/*
 * apply_fixes.c: "vnetify apply-fixes": merge the change descriptions of
 * several runs (the shards of a tree, one per machine) and apply them, as
 * clang-apply-replacements does, but as written: no clean-up of the lines
 * they touch (that is what spoils "LIST_HEAD(, foo)" in the stock tool
 * before LLVM 22), and all files or none, like rewrite -i.
 *
 * The same replacement from several descriptions (a header's edits, seen
 * by every shard that includes it) is applied once; two that overlap and
 * differ are a conflict, and then nothing is written.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "edits/edits.h"
#include "output/apply.h"
#include "output/fixes.h"
#include "support/diag.h"
#include "support/hmap.h"

struct pathlist {
	char **v;
	size_t n, cap;
};

struct loaded {
	char *data;
	size_t len;
	bool failed;
};

struct apply_ctx {
	const struct options *o;
	const char *yaml; /* the description being read */
	struct edit_set *set;
	struct hmap files; /* canonical path -> struct loaded */
	size_t nread;
	bool failed;
};

static struct loaded *
load(struct apply_ctx *c, const char *path)
{
	struct loaded *l = hmap_get(&c->files, path);
	int error;

	if (l != NULL)
		return (l);
	l = xcalloc(1, sizeof(*l));
	if ((error = read_file(path, &l->data, &l->len)) != 0) {
		l->failed = true;
		diag_error(path, 0, 0, "cannot read the file a fix edits: %s",
		    strerror(error));
	} else
		edits_expect_data(c->set, path, l->data, l->len);
	hmap_put(&c->files, path, l);
	return (l);
}

static void
on_replacement(const struct fix_replacement *r, void *arg)
{
	struct apply_ctx *c = arg;
	char *path = path_canonical(r->file, NULL), *why;
	struct loaded *l;

	c->nread++;
	if (path_under(path, c->o->root) == NULL) {
		diag_error(c->yaml, r->line, r->col,
		    "a fix to %s, outside the root %s; give --root", path,
		    c->o->root);
		c->failed = true;
		free(path);
		return;
	}
	l = load(c, path);
	if (l->failed) {
		c->failed = true;
	} else if (r->off > l->len || r->len > l->len - r->off) {
		diag_error(c->yaml, r->line, r->col,
		    "a fix to bytes %zu..%zu of %s, which has %zu: the file "
		    "is not the one the fixes were made for",
		    r->off, r->off + r->len, path_under(path, c->o->root),
		    l->len);
		c->failed = true;
	} else {
		why = xasprintf("%s:%u", c->yaml, r->line);
		edits_add(c->set, path, r->off, r->len, r->text, 0, why);
		free(why);
	}
	free(path);
}

static bool
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return (n >= k && strcmp(s + n - k, suf) == 0);
}

static int
by_name(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * The descriptions under a directory, as the stock tool finds them: every
 * *.yaml below it, in name order so that messages come out the same way
 * every run.
 */
static void
find_yaml(const char *dir, struct pathlist *out)
{
	struct pathlist names = {0};
	struct dirent *d;
	struct stat st;
	DIR *dp = opendir(dir);
	char *p;
	size_t i;

	if (dp == NULL) {
		diag_error(dir, 0, 0, "cannot read: %s", strerror(errno));
		return;
	}
	while ((d = readdir(dp)) != NULL)
		if (d->d_name[0] != '.')
			VEC_PUSH(&names, xstrdup(d->d_name));
	closedir(dp);
	if (names.n > 0)
		qsort(names.v, names.n, sizeof(*names.v), by_name);
	for (i = 0; i < names.n; i++) {
		p = path_join(dir, names.v[i]);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			find_yaml(p, out);
		else if (has_suffix(p, ".yaml") && S_ISREG(st.st_mode)) {
			VEC_PUSH(out, p);
			p = NULL;
		}
		free(p);
		free(names.v[i]);
	}
	VEC_FREE(&names);
}

struct conflicts {
	const struct options *o;
	size_t n;
};

static void
on_conflict(const struct edit *a, const struct edit *b, void *arg)
{
	struct conflicts *k = arg;

	k->n++;
	diag_error(a->why, 0, 0,
	    "this fix to %s (bytes %zu..%zu) conflicts with %s's (bytes "
	    "%zu..%zu); the descriptions are of different versions of the "
	    "file, or of runs that disagree",
	    path_under(a->file, k->o->root), a->off, a->off + a->len, b->why,
	    b->off, b->off + b->len);
}

static void
free_loaded(void *v)
{
	struct loaded *l = v;

	free(l->data);
	free(l);
}

int
cmd_apply_fixes(const struct options *o)
{
	struct apply_ctx c = {.o = o};
	struct pathlist yaml = {0};
	struct conflicts k = {.o = o};
	struct stat st;
	size_t i, kept;
	char *data;
	size_t len;
	int error, rc = EXIT_CLEAN;

	if (o->rules_file != NULL || o->vars.n > 0 || o->vars_files.n > 0 ||
	    o->build_dir != NULL || o->in_place || o->output != NULL ||
	    o->export_fixes != NULL || o->report != NULL || o->dashdash ||
	    o->nshards > 0 || o->baseline != NULL || o->format != NULL) {
		diag_error(NULL, 0, 0,
		    "apply-fixes takes only --root, -q and the directories "
		    "or files to read; it always writes in place");
		return (EXIT_USAGE);
	}
	if (o->files.n == 0) {
		diag_error(NULL, 0, 0,
		    "apply-fixes wants the directories (or files) that the "
		    "--export-fixes runs wrote");
		return (EXIT_USAGE);
	}
	for (i = 0; i < o->files.n; i++) {
		if (stat(o->files.v[i], &st) == 0 && S_ISDIR(st.st_mode))
			find_yaml(o->files.v[i], &yaml);
		else
			VEC_PUSH(&yaml, xstrdup(o->files.v[i]));
	}
	c.set = edits_new();
	for (i = 0; i < yaml.n; i++) {
		if ((error = read_file(yaml.v[i], &data, &len)) != 0) {
			diag_error(yaml.v[i], 0, 0, "cannot read: %s",
			    strerror(error));
			c.failed = true;
			continue;
		}
		c.yaml = yaml.v[i];
		if (fixes_read_yaml(yaml.v[i], data, len, on_replacement, &c) !=
		    0)
			c.failed = true;
		free(data);
	}
	if (yaml.n == 0)
		diag_warning(NULL, 0, 0,
		    "no *.yaml change descriptions found; nothing applied");
	if (!c.failed && edits_finalize(c.set, on_conflict, &k) > 0)
		c.failed = true;
	if (c.failed) {
		diag_error(NULL, 0, 0,
		    "nothing was applied: fix the above and "
		    "run again");
		rc = EXIT_USAGE;
	} else if (apply_in_place(o->root, c.set) != 0) {
		rc = EXIT_USAGE;
	} else if (!o->quiet) {
		kept = edits_count(c.set);
		fprintf(stderr,
		    "vnetify: applied %zu replacement%s to %zu file%s, from "
		    "%zu description%s (%zu repeated ones merged)\n",
		    kept, kept == 1 ? "" : "s", edits_nfiles(c.set),
		    edits_nfiles(c.set) == 1 ? "" : "s", yaml.n,
		    yaml.n == 1 ? "" : "s", c.nread - kept);
	}
	edits_free(c.set);
	hmap_free(&c.files, free_loaded);
	for (i = 0; i < yaml.n; i++)
		free(yaml.v[i]);
	VEC_FREE(&yaml);
	return (rc);
}
