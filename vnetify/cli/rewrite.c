/*
 * rewrite.c: "vnetify rewrite": plan, then render the edits as a diff (the
 * default), in place (-i, all files or none), as clang-apply-replacements
 * YAML (--export-fixes) and as a report (--report).  A unit that does not
 * compile stops everything unless --force: a rewrite that missed the uses
 * in one file would be worse than none.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "driver/compdb.h"
#include "edits/edits.h"
#include "lint/lint.h"
#include "output/apply.h"
#include "output/diff.h"
#include "output/fixes.h"
#include "output/report.h"
#include "passes/contexts.h"
#include "passes/plan.h"
#include "support/diag.h"
#include "support/outfile.h"

struct conflict_arg {
	struct plan *p;
	size_t n;
};

static void
on_conflict(const struct edit *a, const struct edit *b, void *argp)
{
	struct conflict_arg *c = argp;
	struct srcfile *f = model_file(c->p->m, a->file);

	c->n++;
	(void)file_load(f);
	plan_review(c->p, REVIEW_CONFLICT, f, (uint32_t)a->off, NULL,
	    "conflicting edits here (%s: \"%s\"; %s: \"%s\"); neither was "
	    "made",
	    a->why != NULL ? a->why : "edit", a->text,
	    b->why != NULL ? b->why : "edit", b->text);
}

/*
 * The fixes the stock clang-apply-replacements would spoil: one warning a
 * line, each saying how to apply them safely.
 */
static void
warn_cleanup_hazards(struct plan *p)
{
	size_t nf = edits_nfiles(p->edits), f, n, k, i, *at;
	unsigned line, col, prev;
	const struct edit *e;
	struct srcfile *sf;

	for (f = 0; f < nf; f++) {
		e = edits_for_file(p->edits, edits_file(p->edits, f), &n);
		sf = model_file(p->m, edits_file(p->edits, f));
		if (n == 0 || sf == NULL || !file_load(sf))
			continue;
		at = xcalloc(n, sizeof(*at));
		k = fixes_cleanup_hazards(sf->data, sf->len, e, n, at);
		for (i = 0, prev = 0; i < k; i++) {
			file_line_col(sf, (uint32_t)e[at[i]].off, &line, &col);
			if (line == prev)
				continue;
			prev = line;
			diag_warning(sf->rel != NULL ? sf->rel : sf->path, line,
			    col,
			    "clang-apply-replacements before LLVM 22 deletes "
			    "the empty argument's comma on this line when it "
			    "applies this fix (its clean-up, "
			    "llvm/llvm-project#178763); merge the fixes with "
			    "'vnetify apply-fixes DIR', which applies them "
			    "as written");
		}
		free(at);
	}
}

static int
write_fixes(const struct options *o, struct plan *p, FILE *f)
{
	const char *main_file = o->files.n > 0 ? o->files.v[0] : o->root;
	int error;

	warn_cleanup_hazards(p);
	if ((error = fixes_write_yaml(f, main_file, p->edits)) != 0)
		diag_error(o->export_fixes, 0, 0, "cannot write: %s",
		    strerror(error));
	return (error == 0 ? 0 : EXIT_USAGE);
}

/* The byte offset of 1-based line and column in f, clamped to the file. */
static uint32_t
offset_of(const struct srcfile *f, unsigned long line, unsigned long col)
{
	const char *p = f->data, *end = f->data + f->len, *nl;

	for (; line > 1 && p < end; line--) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return ((uint32_t)f->len);
		p = nl + 1;
	}
	while (col > 1 && p < end && *p != '\n') {
		p++;
		col--;
	}
	return ((uint32_t)(p - f->data));
}

/*
 * An entry point that sets its vnet already is left alone, but not
 * unread: if its CURVNET_SET and CURVNET_RESTORE do not pair (a return
 * with no restore), a review item says where, as lint would.
 */
static void
review_prewrapped(struct plan *p)
{
	struct lint_run lr;
	const struct func_def *fd;
	size_t i, k, nbal;

	for (i = 0; i < p->prewrapped.n; i++) {
		fd = p->prewrapped.v[i];
		if (!fd->file->editable)
			continue;
		memset(&lr, 0, sizeof(lr));
		lr.p = p;
		lint_unbalanced_in(&lr, fd);
		nbal = lr.findings.n;
		contexts_graph(p, &lr.cg);
		lint_outside_in(&lr, fd);
		for (k = 0; k < lr.findings.n; k++)
			plan_review(p, REVIEW_ENTRY_POINT, lr.findings.v[k].f,
			    lr.findings.v[k].off, NULL,
			    k < nbal ? "%s() is an entry point that sets its "
				       "vnet itself, and is left as it is, but "
				       "%s"
				     : "%s() is an entry point that sets its "
				       "vnet itself, and is left as it is: %s",
			    fd->name, lr.findings.v[k].message);
		callgraph_free(&lr.cg);
		lint_run_free(&lr);
	}
}

/*
 * Under --force a unit with compile errors is rewritten from what clang
 * could read of it, which may miss uses: each error is an item to act on,
 * so that the run cannot end 0.  The messages are "file:line:col: error:
 * text" lines, the file relative to the root or absolute.
 */
static void
review_forced_errors(struct plan *p, struct model *m)
{
	struct srcfile *f;
	unsigned long line, col;
	char *path, *canon;
	const char *msg, *eol, *c1, *text;
	size_t i;

	for (i = 0; i < m->tus.n; i++) {
		if (m->tus.v[i].failed) {
			f = m->tus.v[i].file;
			if (file_load(f))
				plan_review(p, REVIEW_COMPILE_ERROR, f, 0, NULL,
				    "was not parsed at all, so nothing of it "
				    "is rewritten (%s): fix that and run again",
				    m->tus.v[i].message != NULL
					? m->tus.v[i].message
					: "no message");
			continue;
		}
		for (msg = m->tus.v[i].message; msg != NULL && *msg != '\0';
		    msg = *eol != '\0' ? eol + 1 : eol) {
			eol = msg + strcspn(msg, "\n");
			f = m->tus.v[i].file;
			line = col = 0;
			text = strstr(msg, ": error: ");
			if (text == NULL || text > eol)
				continue;
			c1 = memchr(msg, ':', (size_t)(text - msg));
			if (c1 != NULL &&
			    sscanf(c1, ":%lu:%lu", &line, &col) == 2) {
				path = xstrndup(msg, (size_t)(c1 - msg));
				canon = path_canonical(path, m->root);
				if (hmap_get(&m->files, canon) != NULL)
					f = model_file(m, canon);
				else
					line = col = 0;
				free(canon);
				free(path);
			}
			if (!file_load(f))
				continue;
			plan_review(p, REVIEW_COMPILE_ERROR, f,
			    line > 0 ? offset_of(f, line, col) : 0, NULL,
			    "does not compile here (error: %.*s); rewritten "
			    "anyway because of --force, so uses in code clang "
			    "could not read may be missed: fix the error and "
			    "run again",
			    (int)(eol - text - 9), text + 9);
		}
	}
}

/*
 * --report DIR/ (a directory, or a name ending in '/') and --report
 * FILE.html are the HTML report: its folder, and the index's name in it.
 * NULL for the Markdown and JSON reports.
 */
static char *
html_report_dir(const char *report, const char **index)
{
	size_t n = strlen(report);
	const char *slash;
	struct stat st;

	if ((n > 0 && report[n - 1] == '/') ||
	    (stat(report, &st) == 0 && S_ISDIR(st.st_mode))) {
		*index = "index.html";
		return (xstrdup(report));
	}
	if (n > 5 && strcmp(report + n - 5, ".html") == 0) {
		slash = strrchr(report, '/');
		*index = slash != NULL ? slash + 1 : report;
		return (slash != NULL
			? xstrndup(report, (size_t)(slash - report + 1))
			: xstrdup("."));
	}
	return (NULL);
}

/* The HTML report's folder exists, or is made, and can be written. */
static int
html_ready(const char *dir)
{
	char *probe = path_join(dir, ".probe");
	struct outfile of;
	int error = 0;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		error = errno;
		diag_error(dir, 0, 0, "cannot make the report's folder: %s",
		    strerror(error));
	} else if ((error = outfile_open(&of, probe)) == 0)
		outfile_abort(&of);
	free(probe);
	return (error);
}

/* Review items that ask something of a person (notes do not). */
static size_t
count_reviews(const struct plan *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->reviews.n; i++)
		n += !p->reviews.v[i].note &&
		    p->reviews.v[i].state == REVIEW_OPEN;
	return (n);
}

/* The command line, as a shell would take it back, and the time. */
static void
origin_of(const struct options *o, struct report_origin *ro)
{
	struct strbuf sb = STRBUF_INIT;
	char when[32];
	const char *a;
	time_t now = time(NULL);
	struct tm tm;
	int i;

	for (i = 0; i < o->argc; i++) {
		a = o->argv[i];
		if (i > 0)
			sb_addc(&sb, ' ');
		if (a[0] != '\0' &&
		    strspn(a,
			"abcdefghijklmnopqrstuvwxyz"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789_-./=:,+@%") == strlen(a)) {
			sb_adds(&sb, a);
			continue;
		}
		sb_addc(&sb, '\'');
		for (; *a != '\0'; a++)
			if (*a == '\'')
				sb_adds(&sb, "'\\''");
			else
				sb_addc(&sb, *a);
		sb_addc(&sb, '\'');
	}
	ro->command = sb_detach(&sb);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	ro->when = xstrdup(when);
}

int
cmd_rewrite(const struct options *o, struct rules *rules)
{
	struct joblist jobs = {0};
	struct hmap reviewed = {0};
	struct conflict_arg ca;
	struct verify_result vr;
	size_t nbad, i;
	struct model m;
	struct plan p;
	struct outfile of_diff = {0}, of_fixes = {0}, of_report = {0};
	struct report_pages pages = {0};
	struct strbuf sb = STRBUF_INIT;
	sigset_t saved;
	const char *html_index = NULL;
	char *html_dir = NULL;
	size_t nreview, nselected;
	bool want_diff;
	int rc;

	model_init(&m, o->root);
	m.fn_facts = rules_nentries(rules) > 0 || rules_ntimers(rules) > 0 ||
	    rules_ninits(rules) > 0;
	rc = run_collect(o, rules, &m, &jobs);
	if (rc == EXIT_USAGE || (rc == EXIT_PARSE && !o->force)) {
		joblist_free(&jobs);
		model_free(&m);
		return (rc);
	}
	plan_init(&p, &m, rules);
	origin_of(o, &p.origin);
	plan_run(&p);
	review_prewrapped(&p);
	if (o->force)
		review_forced_errors(&p, &m);
	nselected = select_report_unused(&p, o->nshards > 1);
	if (nselected == 0 && o->nshards > 1) {
		diag_note(NULL, 0, 0,
		    "shard %u/%u selects no variable: nothing to do here",
		    o->shard, o->nshards);
	} else if (nselected == 0) {
		diag_error(NULL, 0, 0,
		    "nothing is selected to virtualize: name the variables "
		    "with --var, --vars-file or a rules file (vnetify scan "
		    "lists them)");
		plan_free(&p);
		joblist_free(&jobs);
		model_free(&m);
		return (EXIT_USAGE);
	}
	ca.p = &p;
	ca.n = 0;
	edits_finalize(p.edits, on_conflict, &ca);
	report_sort(&p);
	report_mark_acknowledged(&p);
	if (o->baseline != NULL &&
	    report_apply_baseline(&p, o->baseline) != 0) {
		plan_free(&p);
		joblist_free(&jobs);
		model_free(&m);
		return (EXIT_USAGE);
	}
	rc = EXIT_CLEAN;
	/*
	 * Errors in files that have review items are those items' to fix:
	 * the run goes on and exits 1.  An error anywhere else is vnetify's:
	 * nothing is written.
	 */
	for (i = 0; i < p.reviews.n; i++)
		if (!p.reviews.v[i].note && p.reviews.v[i].file != NULL)
			(void)hmap_put(&reviewed, p.reviews.v[i].file->path,
			    NULL);
	memset(&vr, 0, sizeof(vr));
	if (!o->no_verify)
		verify_rewrite(o, rules, &m, &jobs, p.edits, &reviewed,
		    p.sites.v, p.sites.n, &vr);
	hmap_free(&reviewed, NULL);
	p.verified_units = o->no_verify ? -1 : (long)vr.units;
	p.verified_plain = o->no_verify ? -1 : (long)vr.plain;
	nbad = vr.errors;
	if (vr.context > 0) {
		diag_error(NULL, 0, 0,
		    "a vnet expression of the rules does not compile, or is "
		    "not a struct vnet *, where it is used (%zu error%s "
		    "above); nothing was written",
		    vr.context, vr.context == 1 ? "" : "s");
		plan_free(&p);
		joblist_free(&jobs);
		model_free(&m);
		return (EXIT_USAGE);
	}
	if (vr.unaccounted > 0) {
		diag_error(NULL, 0, 0,
		    "the rewritten tree would not compile (%zu error%s "
		    "above); nothing was written",
		    nbad, nbad == 1 ? "" : "s");
		plan_free(&p);
		joblist_free(&jobs);
		model_free(&m);
		return (EXIT_PARSE);
	}
	if (nbad > 0)
		diag_warning(NULL, 0, 0,
		    "the rewritten tree does not compile yet (%zu error%s "
		    "above), until the review items below are done",
		    nbad, nbad == 1 ? "" : "s");
	/*
	 * Every output is opened before the first source is written, so
	 * that one that cannot be written stops the run with the tree as it
	 * was; each lands whole when the run is done, or not at all.
	 */
	want_diff =
	    !o->in_place && (o->export_fixes == NULL || o->output != NULL);
	if (o->report != NULL)
		html_dir = html_report_dir(o->report, &html_index);
	if ((want_diff && o->output != NULL &&
		outfile_open(&of_diff, o->output) != 0) ||
	    (o->export_fixes != NULL &&
		outfile_open(&of_fixes, o->export_fixes) != 0) ||
	    (o->report != NULL && html_dir == NULL &&
		outfile_open(&of_report, o->report) != 0) ||
	    (html_dir != NULL && html_ready(html_dir) != 0))
		rc = EXIT_USAGE;
	if (rc == EXIT_CLEAN && o->export_fixes != NULL &&
	    write_fixes(o, &p, of_fixes.f) != 0)
		rc = EXIT_USAGE;
	if (rc == EXIT_CLEAN && want_diff &&
	    diff_write_colored(of_diff.f != NULL ? of_diff.f : stdout, o->root,
		p.edits,
		color_wanted(o, of_diff.f != NULL ? of_diff.f : stdout)) != 0)
		rc = EXIT_USAGE;
	if (rc == EXIT_CLEAN && html_dir != NULL) {
		report_html_render(&p, ca.n, html_index, &pages);
	} else if (rc == EXIT_CLEAN && o->report != NULL) {
		report_render(&p, ca.n, o->report, &sb);
		if (fwrite(sb_str(&sb), 1, sb.len, of_report.f) != sb.len)
			rc = EXIT_USAGE;
		sb_free(&sb);
	}
	/*
	 * From the first source written to the last output, a Ctrl-C or a
	 * kill(1) waits: the tree would be rewritten without its report.
	 */
	apply_hold_signals(&saved);
	if (rc == EXIT_CLEAN && o->in_place &&
	    apply_in_place(o->root, p.edits) != 0)
		rc = EXIT_USAGE;
	if (rc == EXIT_CLEAN &&
	    (outfile_commit(&of_diff) != 0 || outfile_commit(&of_fixes) != 0 ||
		outfile_commit(&of_report) != 0 ||
		(html_dir != NULL && report_html_write(&pages, html_dir) != 0)))
		rc = EXIT_USAGE;
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	report_pages_free(&pages);
	free(html_dir);
	outfile_abort(&of_diff);
	outfile_abort(&of_fixes);
	outfile_abort(&of_report);
	nreview = o->quiet ? count_reviews(&p) : report_print_reviews(&p);
	if (rc == EXIT_CLEAN && nreview > 0)
		rc = EXIT_FINDINGS;
	plan_free(&p);
	joblist_free(&jobs);
	model_free(&m);
	return (rc);
}
