/*
 * pipeline.c: from the command line to a finished model.  Jobs come from
 * the compilation database or the flags after "--", one per file and
 * configuration; a pool of workers, each with its own libclang index,
 * parses and collects them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "driver/compdb.h"
#include "driver/pool.h"
#include "support/diag.h"

struct collect_arg {
	struct joblist *jobs;
	struct model *m;
	bool force;
};

static void
run_job(size_t i, void *idx, void *argp)
{
	struct collect_arg *a = argp;
	struct tu_facts t;

	collect_tu(idx, a->m, &a->jobs->v[i], a->force, &t);
	model_merge(a->m, &t);
	tu_facts_free(&t);
}

/*
 * A parse the supervisor stopped in an earlier worker (a crash, a limit,
 * a device): the unit's error, as if it did not compile.
 */
static void
skip_job(size_t i, const char *reason, void *argp)
{
	struct collect_arg *a = argp;
	struct tu_facts t;

	memset(&t, 0, sizeof(t));
	t.main = model_file(a->m, a->jobs->v[i].file);
	t.config = a->jobs->v[i].config;
	t.failed = true;
	t.stopped = true;
	t.message = xasprintf("%s: error: its parse %s",
	    t.main->rel != NULL ? t.main->rel : t.main->path, reason);
	model_merge(a->m, &t);
	tu_facts_free(&t);
}

static void
skip_parse_job(size_t i, const char *reason, void *argp)
{
	struct collect_arg *a = argp;

	diag_error(a->jobs->v[i].file, 0, 0, "its parse %s", reason);
}

static const char *
job_label(size_t i, void *argp)
{
	struct collect_arg *a = argp;

	return (a->jobs->v[i].file);
}

static bool
build_jobs(const struct options *o, const struct rules *rules,
    struct joblist *jobs)
{
	size_t i, n = rules_nconfigs(rules);
	char ***cargv;
	size_t *cargc;

	if (o->build_dir != NULL) {
		if (!compdb_load(o->build_dir, o->files.v, o->files.n, jobs))
			return (false);
		/* With -p, what follows -- is added to each command. */
		compdb_add_args(jobs, NULL, 0, o->flags.v, o->flags.n);
	} else {
		if (o->files.n == 0) {
			diag_error(NULL, 0, 0,
			    "no files: name them, or give -p BUILD_DIR to "
			    "take every file of its compile_commands.json");
			return (false);
		}
		compdb_from_flags(o->files.v, o->files.n,
		    (char *const *)o->flags.v, o->flags.n, jobs);
	}
	compdb_add_args(jobs, o->extra_before.v, o->extra_before.n,
	    o->extra_after.v, o->extra_after.n);
	if (o->nshards > 1) {
		compdb_shard(jobs, o->shard, o->nshards, o->root);
		if (jobs->n == 0)
			diag_warning(NULL, 0, 0,
			    "shard %u/%u has no translation unit", o->shard,
			    o->nshards);
	}
	if (n > 32) {
		diag_error(rules_path(rules), 0, 0,
		    "%zu configurations; at most 32 are supported", n);
		return (false);
	}
	cargv = xcalloc(n + 1, sizeof(*cargv));
	cargc = xcalloc(n + 1, sizeof(*cargc));
	for (i = 0; i < n; i++) {
		cargv[i] = rules_config(rules, i)->argv;
		cargc[i] = rules_config(rules, i)->argc;
	}
	compdb_expand_configs(jobs, n, cargv, cargc);
	free(cargv);
	free(cargc);
	return (true);
}

static void
run_parse_job(size_t i, void *idx, void *argp)
{
	struct collect_arg *a = argp;

	if (collect_parse_only(idx, &a->jobs->v[i]) != 0)
		diag_error(a->jobs->v[i].file, 0, 0,
		    "libclang cannot parse it");
}

/* Every job on the pool, each worker with its own libclang index. */
static void
run_jobs(const struct options *o, struct collect_arg *a,
    void (*run)(size_t, void *, void *), const char *(*label)(size_t, void *),
    void (*skip)(size_t, const char *, void *))
{
	struct pool_work w;

	memset(&w, 0, sizeof(w));
	w.phase = run == run_job ? 'C' : 'P';
	w.skip = skip;
	w.n = a->jobs->n;
	w.ctx_new = collect_index_new;
	w.ctx_free = collect_index_free;
	w.run = run;
	w.arg = a;
	w.label = label;
	pool_run(&w, o->jobs);
}

int
run_parse_only(const struct options *o, const struct rules *rules)
{
	struct joblist jobs = {0};
	struct collect_arg a = {&jobs, NULL, false};

	if (!build_jobs(o, rules, &jobs)) {
		joblist_free(&jobs);
		return (EXIT_USAGE);
	}
	run_jobs(o, &a, run_parse_job, NULL, skip_parse_job);
	joblist_free(&jobs);
	return (diag_error_count() > 0 ? EXIT_PARSE : EXIT_CLEAN);
}

static const char *
rel_or_path(const struct srcfile *f)
{
	return (f->rel != NULL ? f->rel : f->path);
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return (0);
	for (n = 1; *s != '\0'; s++)
		n += *s == '\n';
	return (n);
}

/* What a unit that does not compile misses, in the command's words. */
static const char *
done_word(const struct options *o)
{
	if (o->cmd != NULL && strcmp(o->cmd, "lint") == 0)
		return ("checked");
	if (o->cmd != NULL && strcmp(o->cmd, "scan") == 0)
		return ("listed");
	return ("rewritten");
}

static const struct rules *shared_rules;

/* Files the rewrite never edits: outside the root, or never-touch. */
static bool
shared_file(const char *rel)
{
	return (rel == NULL || rules_never_touch(shared_rules, rel));
}

int
run_collect(const struct options *o, const struct rules *rules, struct model *m,
    struct joblist *keep)
{
	struct joblist jobs = {0};
	struct collect_arg a;
	size_t i, failed = 0;
	const char *hdr = rules_include(rules);
	static char header[4096];

	if (!build_jobs(o, rules, &jobs)) {
		joblist_free(&jobs);
		return (EXIT_USAGE);
	}
	/* "<vnet/vnet.h>" -> "vnet/vnet.h", for spotting it among includes. */
	snprintf(header, sizeof(header), "%.*s", (int)strlen(hdr) - 2, hdr + 1);
	collect_runtime_header = header;
	shared_rules = rules;
	collect_shared_file = shared_file;
	a.jobs = &jobs;
	a.m = m;
	a.force = o->force;
	run_jobs(o, &a, run_job, job_label, skip_job);
	m->nconfigs =
	    rules_nconfigs(rules) ? (unsigned)rules_nconfigs(rules) : 1;
	for (i = 0; i < m->tus.n; i++) {
		if (!m->tus.v[i].failed && m->tus.v[i].message == NULL)
			continue;
		/* Every error as clang reports it, then what it means here. */
		if (m->tus.v[i].message != NULL)
			fprintf(stderr, "%s\n", m->tus.v[i].message);
		if (m->tus.v[i].failed && m->tus.v[i].stopped) {
			failed++;
			diag_error(rel_or_path(m->tus.v[i].file), 0, 0,
			    "was stopped (above), so nothing of it is %s; %s",
			    done_word(o),
			    o->force ? "the other units are, because of --force"
				     : "use --force to go on with the other "
				       "units anyway");
		} else if (m->tus.v[i].failed) {
			failed++;
			diag_error(rel_or_path(m->tus.v[i].file), 0, 0,
			    "does not compile (%zu error%s above), so nothing "
			    "of it is %s; fix it, or use --force to go on "
			    "anyway",
			    count_lines(m->tus.v[i].message),
			    count_lines(m->tus.v[i].message) == 1 ? "" : "s",
			    done_word(o));
		} else
			diag_warning(rel_or_path(m->tus.v[i].file), 0, 0,
			    "has compile errors (%zu above); going on because "
			    "of "
			    "--force",
			    count_lines(m->tus.v[i].message));
	}
	if (keep != NULL)
		*keep = jobs;
	else
		joblist_free(&jobs);
	model_finish(m);
	if (outputs_check(o, m) != EXIT_CLEAN)
		return (EXIT_USAGE);
	return (failed > 0 ? EXIT_PARSE : EXIT_CLEAN);
}
