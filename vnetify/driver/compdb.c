/*
 * compdb.c: see compdb.h.  libclang parses the database (relative paths,
 * "directory", "arguments" or "command" quoting); what is left here is to
 * keep only what a parse needs.  Output and dependency-file options go,
 * as do -Werror (a warning must not stop the analysis) and the options of
 * GCC that clang rejects, which real kernel and embedded builds use.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <clang-c/CXCompilationDatabase.h>

#include "driver/compdb.h"
#include "support/diag.h"
#include "support/hmap.h"
#include "support/json_parse.h"
#include "support/util.h"

/* Options followed by a separate value, both dropped. */
static const char *const drop_with_value[] = {"-o", "-MF", "-MT", "-MQ",
    "--param", "-aux-info", NULL};
/* Options dropped alone. */
static const char *const drop_exact[] = {"-c", "-S", "-E", "-M", "-MM", "-MD",
    "-MMD", "-MP", "-MG", "-fconserve-stack", "-mrecord-mcount",
    "-fno-allow-store-data-races", "-mindirect-branch-register",
    "-mskip-rax-setup", "-fno-var-tracking", "-fno-var-tracking-assignments",
    "-fsched-pressure", "-fno-partial-inlining",
    "-fno-inline-functions-called-once", "-fstack-usage", "-fno-ipa-sra",
    "-fno-ipa-cp-clone", "-pipe", NULL};
/* Option prefixes dropped. */
static const char *const drop_prefix[] = {"-Werror", "-fno-tree-", "-ftree-",
    "-mindirect-branch=", "-mfunction-return=", "-fno-ipa-", "-fplugin",
    "--param=", "-falign-jumps=", "-fmin-function-alignment=",
    "-fpatchable-function-entry=", "-mpreferred-stack-boundary=",
    "-fasan-shadow-offset=", "-fsanitize-coverage=", "-Wp,-MD", "-Wp,-MMD",
    "-fdump-", "-fcallgraph-info", NULL};

size_t
compdb_drop_arg(char *const *argv, size_t argc, size_t i, const char *file,
    const char *dir)
{
	const char *a = argv[i];
	size_t k;

	if (str_in_set(drop_with_value, a))
		return (i + 1 < argc ? 2 : 1);
	if (str_in_set(drop_exact, a))
		return (1);
	for (k = 0; drop_prefix[k] != NULL; k++)
		if (strncmp(a, drop_prefix[k], strlen(drop_prefix[k])) == 0)
			return (1);
	if (file != NULL && a[0] != '-') {
		/*
		 * The source file itself, however the command spells it
		 * relative to its directory; libclang is given it separately.
		 */
		char *canon = path_canonical(a, dir);
		bool same = strcmp(canon, file) == 0;

		free(canon);
		if (same)
			return (1);
	}
	return (0);
}

static void
add_job(struct joblist *out, const char *file, const char *dir,
    char *const *argv, size_t argc)
{
	struct parse_job j;
	size_t i, drop;

	memset(&j, 0, sizeof(j));
	j.file = xstrdup(file);
	j.dir = xstrdup(dir);
	j.argv = xcalloc(argc + 1, sizeof(char *));
	for (i = 0; i < argc; i += drop) {
		drop = compdb_drop_arg(argv, argc, i, file, dir);
		if (drop == 0) {
			j.argv[j.argc++] = xstrdup(argv[i]);
			drop = 1;
		}
	}
	VEC_PUSH(out, j);
}

static bool
wanted(const char *file, char *const *files, size_t nfiles, bool *seen)
{
	size_t i;

	if (nfiles == 0)
		return (true);
	for (i = 0; i < nfiles; i++) {
		if (strcmp(files[i], file) == 0) {
			seen[i] = true;
			return (true);
		}
	}
	return (false);
}

/*
 * libclang reads the database with a YAML parser that prints what it
 * finds wrong and keeps the commands it read before: a file cut short by
 * a build that stopped would quietly lose the rest of the tree.  So the
 * file must be JSON, and an array of objects, before libclang sees it.
 */
static bool
compdb_well_formed(const char *build_dir)
{
	char *path = path_join(build_dir, "compile_commands.json");
	struct jnode *root;
	unsigned line, col;
	char *data, *what;
	size_t len, i, skip;
	int error;
	bool ok = true;

	if ((error = read_file(path, &data, &len)) != 0) {
		if (error != ENOENT)
			diag_error(path, 0, 0, "cannot read: %s",
			    strerror(error));
		free(path);
		return (error == ENOENT);
	}
	/* A byte order mark, which libclang takes, is not JSON's. */
	skip = len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	root = json_parse(data + skip, len - skip, &what, &line, &col);
	if (root == NULL) {
		diag_error(path, line, col,
		    "%s: the compile database is not valid JSON (a build "
		    "that stopped half way leaves it cut short); generate it "
		    "again",
		    what);
		free(what);
		ok = false;
	} else if (root->kind != J_ARR) {
		diag_error(path, 1, 1,
		    "the compile database is not a JSON array of commands; "
		    "generate it again");
		ok = false;
	} else
		for (i = 0; i < root->items.n && ok; i++)
			if (root->items.v[i]->kind != J_OBJ ||
			    json_member_str(root->items.v[i], "file") == NULL ||
			    json_member_str(root->items.v[i], "directory") ==
				NULL ||
			    (json_member_str(root->items.v[i], "command") ==
				    NULL &&
				json_member(root->items.v[i], "arguments") ==
				    NULL)) {
				diag_error(path, 0, 0,
				    "command %zu of the compile database is "
				    "not an object with \"directory\", "
				    "\"file\" and \"command\" or "
				    "\"arguments\"; generate it again",
				    i + 1);
				ok = false;
			}
	json_free(root);
	free(data);
	free(path);
	return (ok);
}

bool
compdb_load(const char *build_dir, char *const *files, size_t nfiles,
    struct joblist *out)
{
	CXCompilationDatabase_Error err;
	CXCompilationDatabase db;
	CXCompileCommands cmds;
	CXCompileCommand cmd;
	bool *seen = xcalloc(nfiles + 1, sizeof(bool)), ok = true;
	char **argv, *file, *dir, *canon, *dbdir;
	unsigned i, j, n, na;

	if (!compdb_well_formed(build_dir)) {
		free(seen);
		return (false);
	}
	dbdir = path_canonical(build_dir, NULL);
	db = clang_CompilationDatabase_fromDirectory(build_dir, &err);
	if (err != CXCompilationDatabase_NoError || db == NULL) {
		diag_error(build_dir, 0, 0,
		    "no usable compile_commands.json here; configure the build "
		    "with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or use bear, or "
		    "give flags after --");
		free(seen);
		free(dbdir);
		return (false);
	}
	cmds = clang_CompilationDatabase_getAllCompileCommands(db);
	n = clang_CompileCommands_getSize(cmds);
	for (i = 0; i < n; i++) {
		CXString s;

		cmd = clang_CompileCommands_getCommand(cmds, i);
		s = clang_CompileCommand_getDirectory(cmd);
		/* A relative "directory" is relative to the database's. */
		dir = path_canonical(clang_getCString(s), dbdir);
		clang_disposeString(s);
		s = clang_CompileCommand_getFilename(cmd);
		file = xstrdup(clang_getCString(s));
		clang_disposeString(s);
		canon = path_canonical(file, dir);
		if (wanted(canon, files, nfiles, seen)) {
			na = clang_CompileCommand_getNumArgs(cmd);
			argv = xcalloc(na + 1, sizeof(char *));
			for (j = 1; j < na; j++) {
				s = clang_CompileCommand_getArg(cmd, j);
				argv[j - 1] = xstrdup(clang_getCString(s));
				clang_disposeString(s);
			}
			add_job(out, canon, dir, argv, na > 0 ? na - 1 : 0);
			for (j = 0; j + 1 < na; j++)
				free(argv[j]);
			free(argv);
		}
		free(canon);
		free(file);
		free(dir);
	}
	clang_CompileCommands_dispose(cmds);
	clang_CompilationDatabase_dispose(db);
	free(dbdir);
	for (i = 0; i < nfiles; i++) {
		if (!seen[i]) {
			diag_error(files[i], 0, 0,
			    "not in %s/compile_commands.json; build it there "
			    "first or give its flags after --",
			    build_dir);
			ok = false;
		}
	}
	free(seen);
	return (ok);
}

void
compdb_from_flags(char *const *files, size_t nfiles, char *const *flags,
    size_t nflags, struct joblist *out)
{
	char *cwd = path_canonical(".", NULL);
	size_t i;

	for (i = 0; i < nfiles; i++)
		add_job(out, files[i], cwd, flags, nflags);
	free(cwd);
}

void
compdb_expand_configs(struct joblist *jl, size_t nconfigs,
    char **const *config_argv, const size_t *config_argc)
{
	struct joblist out = {0};
	struct parse_job j;
	size_t i, c, k;

	if (nconfigs == 0)
		return;
	for (i = 0; i < jl->n; i++) {
		for (c = 0; c < nconfigs; c++) {
			j = jl->v[i];
			j.file = xstrdup(jl->v[i].file);
			j.dir = xstrdup(jl->v[i].dir);
			j.argv =
			    xcalloc((size_t)jl->v[i].argc + config_argc[c] + 1,
				sizeof(char *));
			j.argc = 0;
			for (k = 0; k < (size_t)jl->v[i].argc; k++)
				j.argv[j.argc++] = xstrdup(jl->v[i].argv[k]);
			for (k = 0; k < config_argc[c]; k++)
				j.argv[j.argc++] = xstrdup(config_argv[c][k]);
			j.config = (unsigned)c;
			VEC_PUSH(&out, j);
		}
	}
	joblist_free(jl);
	*jl = out;
}

void
compdb_add_args(struct joblist *jl, const char *const *before, size_t nbefore,
    const char *const *after, size_t nafter)
{
	size_t i, k;
	char **argv;
	int n;

	if (nbefore == 0 && nafter == 0)
		return;
	for (i = 0; i < jl->n; i++) {
		argv = xcalloc((size_t)jl->v[i].argc + nbefore + nafter + 1,
		    sizeof(*argv));
		n = 0;
		for (k = 0; k < nbefore; k++)
			argv[n++] = xstrdup(before[k]);
		for (k = 0; k < (size_t)jl->v[i].argc; k++)
			argv[n++] = jl->v[i].argv[k];
		for (k = 0; k < nafter; k++)
			argv[n++] = xstrdup(after[k]);
		free(jl->v[i].argv);
		jl->v[i].argv = argv;
		jl->v[i].argc = n;
	}
}

void
compdb_shard(struct joblist *jl, unsigned k, unsigned n, const char *root)
{
	const char *name;
	size_t i, m;

	if (n <= 1)
		return;
	for (i = m = 0; i < jl->n; i++) {
		if ((name = path_under(jl->v[i].file, root)) == NULL)
			name = jl->v[i].file;
		if (fnv1a(name, strlen(name)) % n == k - 1) {
			jl->v[m++] = jl->v[i];
			continue;
		}
		for (int a = 0; a < jl->v[i].argc; a++)
			free(jl->v[i].argv[a]);
		free(jl->v[i].argv);
		free(jl->v[i].file);
		free(jl->v[i].dir);
	}
	jl->n = m;
}

void
joblist_free(struct joblist *jl)
{
	size_t i;
	int k;

	for (i = 0; i < jl->n; i++) {
		for (k = 0; k < jl->v[i].argc; k++)
			free(jl->v[i].argv[k]);
		free(jl->v[i].argv);
		free(jl->v[i].file);
		free(jl->v[i].dir);
	}
	VEC_FREE(jl);
}
