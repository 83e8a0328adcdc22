/*
 * diff_base.c: see diff_base.h.  git runs with its arguments as a vector
 * (no shell sees the revision), its output read from a pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lint/diff_base.h"
#include "support/diag.h"

extern char **environ;

struct line_ranges {
	VEC(unsigned) v; /* first, last, first, last... */
	bool whole;	 /* an untracked file: every line */
};

/* Runs argv (argv[0] found on PATH); its stdout in *out.  The status. */
static int
capture(char *const *argv, struct strbuf *out)
{
	posix_spawn_file_actions_t fa;
	char buf[4096];
	int fd[2], status = -1;
	ssize_t n;
	pid_t pid;

	if (pipe(fd) != 0)
		return (-1);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
	    O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		close(fd[0]);
		close(fd[1]);
		return (-1);
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof(buf))) > 0 ||
	    (n < 0 && errno == EINTR))
		if (n > 0)
			sb_add(out, buf, (size_t)n);
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static struct line_ranges *
ranges_of(struct changed_lines *cl, const char *path, size_t len)
{
	char *key = xstrndup(path, len);
	void **slot = hmap_put(&cl->files, key, NULL);

	free(key);
	if (*slot == NULL)
		*slot = xcalloc(1, sizeof(struct line_ranges));
	return (*slot);
}

/* "@@ -a,b +c,d @@" lines of a --unified=0 diff, file by file. */
static void
parse_diff(struct changed_lines *cl, const char *s)
{
	struct line_ranges *cur = NULL;
	const char *nl, *p;
	unsigned long first, count;
	char *end;

	for (; *s != '\0'; s = nl != NULL ? nl + 1 : s + strlen(s)) {
		nl = strchr(s, '\n');
		if (strncmp(s, "+++ ", 4) == 0) {
			p = s + 4;
			if (strncmp(p, "b/", 2) == 0)
				p += 2;
			cur = strncmp(s + 4, "/dev/null", 9) == 0
			    ? NULL
			    : ranges_of(cl, p,
				  nl != NULL ? (size_t)(nl - p) : strlen(p));
		} else if (cur != NULL && strncmp(s, "@@ ", 3) == 0 &&
		    (p = strchr(s + 3, '+')) != NULL) {
			first = strtoul(p + 1, &end, 10);
			count = *end == ',' ? strtoul(end + 1, NULL, 10) : 1;
			/*
			 * Lines only removed ("+c,0": after line c): the lines
			 * either side of the gap count as changed.
			 */
			VEC_PUSH(&cur->v, (unsigned)first);
			VEC_PUSH(&cur->v,
			    (unsigned)(count > 0 ? first + count - 1
						 : first + 1));
		}
	}
}

int
changed_lines_read(const char *root, const char *rev, struct changed_lines *cl)
{
	char *inside[] = {"git", "-C", (char *)root, "rev-parse",
	    "--is-inside-work-tree", NULL};
	char *verify[] = {"git", "-C", (char *)root, "rev-parse", "--verify",
	    "--quiet", NULL, NULL};
	char *diff[] = {"git", "-C", (char *)root, "diff", "--no-color",
	    "--no-ext-diff", "--relative", "--unified=0", NULL, "--", NULL};
	char *untracked[] = {"git", "-C", (char *)root, "ls-files", "--others",
	    "--exclude-standard", NULL};
	struct strbuf out = STRBUF_INIT;
	char *commit = xasprintf("%s^{commit}", rev);
	const char *s, *nl;

	memset(cl, 0, sizeof(*cl));
	if (capture(inside, &out) != 0) {
		diag_error(NULL, 0, 0,
		    "--diff-base needs a git work tree, and %s is not in one "
		    "(or git cannot be run); lint the whole tree instead",
		    root);
		sb_free(&out);
		free(commit);
		return (-1);
	}
	sb_reset(&out);
	verify[6] = commit;
	if (rev[0] == '-' || capture(verify, &out) != 0) {
		diag_error(NULL, 0, 0,
		    "--diff-base %s: git knows no such revision", rev);
		sb_free(&out);
		free(commit);
		return (-1);
	}
	free(commit);
	sb_reset(&out);
	diff[8] = (char *)rev;
	if (capture(diff, &out) != 0) {
		diag_error(NULL, 0, 0, "--diff-base %s: git diff failed", rev);
		sb_free(&out);
		return (-1);
	}
	parse_diff(cl, sb_str(&out));
	sb_reset(&out);
	if (capture(untracked, &out) == 0)
		for (s = sb_str(&out); *s != '\0'; s = nl + 1) {
			if ((nl = strchr(s, '\n')) == NULL)
				break;
			ranges_of(cl, s, (size_t)(nl - s))->whole = true;
		}
	sb_free(&out);
	return (0);
}

/* Did a line of f from offset start to offset end change? */
static bool
span_changed(const struct changed_lines *cl, const struct srcfile *f,
    uint32_t start, uint32_t end)
{
	const struct line_ranges *lr;
	unsigned first, last, col;
	size_t i;

	if (f->rel == NULL || (lr = hmap_get(&cl->files, f->rel)) == NULL)
		return (false);
	if (lr->whole)
		return (true);
	file_line_col(f, start, &first, &col);
	file_line_col(f, end, &last, &col);
	for (i = 0; i + 1 < lr->v.n; i += 2)
		if (lr->v.v[i] <= last && first <= lr->v.v[i + 1])
			return (true);
	return (false);
}

static bool
changed(const struct changed_lines *cl, const struct finding *fd)
{
	size_t i;

	if (span_changed(cl, fd->f, fd->off, fd->off))
		return (true);
	for (i = 0; i < fd->spans.n; i++)
		if (span_changed(cl, fd->spans.v[i].f, fd->spans.v[i].start,
			fd->spans.v[i].end))
			return (true);
	return (false);
}

void
changed_lines_filter(const struct changed_lines *cl, struct lint_run *lr)
{
	size_t i, k;

	for (i = k = 0; i < lr->findings.n; i++) {
		if (changed(cl, &lr->findings.v[i])) {
			lr->findings.v[k++] = lr->findings.v[i];
			continue;
		}
		lint_finding_free(&lr->findings.v[i]);
	}
	lr->findings.n = k;
}

static void
free_ranges(void *p)
{
	struct line_ranges *lr = p;

	VEC_FREE(&lr->v);
	free(lr);
}

void
changed_lines_free(struct changed_lines *cl)
{
	hmap_free(&cl->files, free_ranges);
}
