/*
 * outputs.c: the files a command writes besides the tree (-o, --report,
 * --export-fixes, --emit-rules), checked once the parse has said which
 * files the run reads and before anything is opened for writing.
 *
 * An output that names an input would destroy it: "-o a.c a.c" used to
 * leave a.c empty.  So an output may not be any file the run read (a
 * source, a header, the compile database, the rules, a names file), by
 * name or by inode, nor another output; nor a directory or a read-only
 * file.  The --baseline may be the --report: it is read before the
 * report is written beside it and renamed over it, which is how a CI job
 * moves its baseline on.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "support/diag.h"
#include "support/hmap.h"

struct named {
	const char *what; /* "-o", "--report" ... */
	const char *path;
	char *canon;
	struct stat st;
	bool exists;
};

static bool
same_file(const struct named *out, const char *canon, const struct stat *st)
{
	if (strcmp(out->canon, canon) == 0)
		return (true);
	return (out->exists && st != NULL && st->st_dev == out->st.st_dev &&
	    st->st_ino == out->st.st_ino);
}

/* Is out the file canon names?  Says so when it is. */
static bool
clobbers(const struct named *out, const char *canon, const char *role)
{
	struct stat st;
	bool have = stat(canon, &st) == 0;

	if (!same_file(out, canon, have ? &st : NULL))
		return (false);
	diag_error(out->path, 0, 0,
	    "%s names %s this run reads; nothing written: name another file",
	    out->what, role);
	return (true);
}

int
outputs_check(const struct options *o, const struct model *m)
{
	struct named out[4];
	const char *what[4] = {"-o", "--report", "--export-fixes",
	    "--emit-rules"};
	const char *path[4] = {o->output, o->report, o->export_fixes,
	    o->emit_rules};
	size_t n = 0, i, j, k;
	char *db, *c;
	bool bad = false;

	for (i = 0; i < 4; i++) {
		if (path[i] == NULL)
			continue;
		out[n].what = what[i];
		out[n].path = path[i];
		out[n].canon = path_canonical(path[i], NULL);
		out[n].exists = stat(out[n].canon, &out[n].st) == 0;
		n++;
	}
	for (i = 0; i < n && !bad; i++) {
		/* The HTML report is a folder (cli/rewrite.c). */
		if (strcmp(out[i].what, "--report") == 0 &&
		    ((out[i].exists && S_ISDIR(out[i].st.st_mode)) ||
			out[i].path[strlen(out[i].path) - 1] == '/'))
			continue;
		if (out[i].exists && S_ISDIR(out[i].st.st_mode)) {
			diag_error(out[i].path, 0, 0,
			    "%s names a directory; nothing written: name a "
			    "file",
			    out[i].what);
			bad = true;
			break;
		}
		if (out[i].exists && S_ISREG(out[i].st.st_mode) &&
		    !(out[i].st.st_mode & S_IWUSR)) {
			diag_error(out[i].path, 0, 0,
			    "%s names a read-only file; nothing written: make "
			    "it writable or name another",
			    out[i].what);
			bad = true;
			break;
		}
		/* A device (/dev/null, a terminal) holds no input. */
		if (out[i].exists && !S_ISREG(out[i].st.st_mode))
			continue;
		for (j = 0; j < i && !bad; j++)
			if (same_file(&out[j], out[i].canon,
				out[i].exists ? &out[i].st : NULL)) {
				diag_error(out[i].path, 0, 0,
				    "%s and %s name one file; nothing written",
				    out[j].what, out[i].what);
				bad = true;
			}
		for (j = 0; j < o->files.n && !bad; j++)
			bad = clobbers(&out[i], o->files.v[j], "a source");
		for (k = 0; k < m->files.cap && !bad; k++)
			if (m->files.slots[k].key != NULL)
				bad = clobbers(&out[i], m->files.slots[k].key,
				    "a file");
		if (!bad && o->rules_file != NULL) {
			c = path_canonical(o->rules_file, NULL);
			bad = clobbers(&out[i], c, "the rules file");
			free(c);
		}
		for (j = 0; j < o->vars_files.n && !bad; j++) {
			c = path_canonical(o->vars_files.v[j], NULL);
			bad = clobbers(&out[i], c, "a names file");
			free(c);
		}
		if (!bad && o->build_dir != NULL) {
			c = path_canonical(o->build_dir, NULL);
			db = path_join(c, "compile_commands.json");
			bad = clobbers(&out[i], db, "the compile database");
			free(db);
			free(c);
		}
	}
	for (i = 0; i < n; i++)
		free(out[i].canon);
	return (bad ? EXIT_USAGE : EXIT_CLEAN);
}
