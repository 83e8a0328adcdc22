/*
 * journal.c: see journal.h.
 *
 * The journal is text: "vnetify journal 1", "pid N", then one line
 * "file<TAB>path<TAB>tmp<TAB>bak" per file (a tab, a newline or a
 * backslash in a path written \t, \n, \\), then "commit" and perhaps
 * "abort".  A line without its newline was cut short by the kill and does
 * not count.  It is written under a temporary name, locked, synced, and
 * only then linked to its real name, so that no other run can see it
 * before it is locked.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output/journal.h"
#include "support/diag.h"
#include "support/util.h"

struct journal {
	int fd;
	char *path, *root;
};

static void
escape(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\t')
			sb_adds(sb, "\\t");
		else if (*s == '\n')
			sb_adds(sb, "\\n");
		else if (*s == '\\')
			sb_adds(sb, "\\\\");
		else
			sb_addc(sb, *s);
}

/* The field from *p to the next tab or the end, unescaped; NULL if bad. */
static char *
field(const char **p)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = *p;

	for (; *s != '\0' && *s != '\t'; s++) {
		if (*s != '\\') {
			sb_addc(&sb, *s);
			continue;
		}
		s++;
		if (*s == 't')
			sb_addc(&sb, '\t');
		else if (*s == 'n')
			sb_addc(&sb, '\n');
		else if (*s == '\\')
			sb_addc(&sb, '\\');
		else {
			sb_free(&sb);
			return (NULL);
		}
	}
	*p = *s == '\t' ? s + 1 : s;
	return (sb_detach(&sb));
}

static int
put(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return (w < 0 ? errno : EIO);
		p += w;
		n -= (size_t)w;
	}
	return (fsync(fd) != 0 ? errno : 0);
}

/* Makes what was renamed or removed beside path last. */
static void
sync_dir_of(const char *path)
{
	char *dir = path_dir(path);

	dir_sync(dir);
	free(dir);
}

int
journal_begin(struct journal **jp, const char *root,
    const struct journal_entry *e, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	struct journal *j;
	char *tmp;
	size_t i;
	int fd, error;

	*jp = NULL;
	tmp = NULL;
	/*
	 * Unnamed until it is whole and locked (O_TMPFILE), so that a kill
	 * leaves nothing; where the file system has no such files, a named
	 * temporary, which recovery removes once it is old.
	 */
	fd = open(root, O_TMPFILE | O_RDWR | O_CLOEXEC, 0644);
	if (fd < 0) {
		tmp = xasprintf("%s/%s-XXXXXX", root, JOURNAL_NAME);
		fd = mkostemp(tmp, O_CLOEXEC);
	}
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		error = errno;
		diag_error(root, 0, 0,
		    "cannot write the journal that makes the rewrite "
		    "recoverable: %s; nothing written",
		    strerror(error));
		if (fd >= 0)
			close(fd);
		if (tmp != NULL)
			unlink(tmp);
		free(tmp);
		return (error);
	}
	sb_addf(&sb, "vnetify journal 1\npid %ld\n", (long)getpid());
	for (i = 0; i < n; i++) {
		sb_adds(&sb, "file\t");
		escape(&sb, e[i].path);
		sb_addc(&sb, '\t');
		escape(&sb, e[i].tmp);
		sb_addc(&sb, '\t');
		escape(&sb, e[i].bak);
		sb_addc(&sb, '\n');
	}
	error = put(fd, sb_str(&sb), sb.len);
	sb_free(&sb);
	if (error == 0) {
		char *jpath = xasprintf("%s/%s", root, JOURNAL_NAME);
		char self[64];

		snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
		if ((tmp == NULL ? linkat(AT_FDCWD, self, AT_FDCWD, jpath,
				       AT_SYMLINK_FOLLOW)
				 : link(tmp, jpath)) != 0)
			error = errno;
		free(jpath);
	}
	if (tmp != NULL)
		unlink(tmp);
	free(tmp);
	if (error == EEXIST) {
		diag_error(root, 0, 0,
		    "another vnetify run is writing this tree, or one was "
		    "interrupted (%s is there); nothing written: run again "
		    "when it is done, or 'vnetify recover'",
		    JOURNAL_NAME);
		close(fd);
		return (error);
	}
	if (error != 0) {
		diag_error(root, 0, 0,
		    "cannot write the journal that makes the rewrite "
		    "recoverable: %s; nothing written",
		    strerror(error));
		close(fd);
		return (error);
	}
	dir_sync(root);
	j = xcalloc(1, sizeof(*j));
	j->fd = fd;
	j->root = xstrdup(root);
	j->path = xasprintf("%s/%s", root, JOURNAL_NAME);
	*jp = j;
	return (0);
}

int
journal_mark(struct journal *j, const char *word)
{
	char *line = xasprintf("%s\n", word);
	int error = put(j->fd, line, strlen(line));

	free(line);
	return (error);
}

void
journal_end(struct journal *j)
{
	if (j == NULL)
		return;
	unlink(j->path);
	dir_sync(j->root);
	journal_leave(j);
}

void
journal_leave(struct journal *j)
{
	if (j == NULL)
		return;
	close(j->fd);
	free(j->path);
	free(j->root);
	free(j);
}

/* Journal temporaries of runs killed before they published theirs. */
static void
remove_stale_temporaries(const char *root)
{
	size_t n = strlen(JOURNAL_NAME);
	struct dirent *de;
	DIR *d = opendir(root);
	struct stat st;
	char *p;
	int fd;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, JOURNAL_NAME, n) != 0 ||
		    de->d_name[n] != '-')
			continue;
		p = xasprintf("%s/%s", root, de->d_name);
		fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		/*
		 * Locked, or made a moment ago and not locked yet: a run
		 * that is writing it now.
		 */
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_mtime < time(NULL) - 60 &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlink(p);
		if (fd >= 0)
			close(fd);
		free(p);
	}
	closedir(d);
}

struct rec_entry {
	char *path, *tmp, *bak;
};
struct rec_list {
	struct rec_entry *v;
	size_t n, cap;
};

/* Is name ".BASE.vnetify-..." beside path? Then it is one of ours. */
static bool
ours(const char *path, const char *name)
{
	const char *slash = strrchr(path, '/'), *ns = strrchr(name, '/');
	size_t dl;
	char *prefix;
	bool ok;

	if (slash == NULL || ns == NULL || slash - path != ns - name ||
	    strncmp(path, name, (size_t)(slash - path)) != 0)
		return (false);
	dl = (size_t)(slash - path);
	prefix = xasprintf(".%s.vnetify-", slash + 1);
	ok = strncmp(name + dl + 1, prefix, strlen(prefix)) == 0 &&
	    strchr(name + dl + 1, '/') == NULL;
	free(prefix);
	return (ok);
}

/*
 * Is path a file under root, by what its directory really is?  A
 * journal is a file anyone can write: "ROOT/../elsewhere", a directory
 * that is a link out of the tree, or the root itself must not pass.
 */
static bool
inside_root(const char *path, const char *root)
{
	const char *slash = strrchr(path, '/'), *rel, *s;
	char *dir, *real;
	bool ok;

	if (slash == NULL || slash[1] == '\0' || strcmp(slash + 1, ".") == 0 ||
	    strcmp(slash + 1, "..") == 0)
		return (false);
	for (s = path; (s = strstr(s, "/..")) != NULL; s++)
		if (s[3] == '/' || s[3] == '\0')
			return (false);
	dir = xstrndup(path, (size_t)(slash - path));
	real = realpath(dir[0] != '\0' ? dir : "/", NULL);
	ok = real != NULL && strcmp(real, dir) == 0 &&
	    (rel = path_under(real, root)) != NULL;
	free(dir);
	free(real);
	return (ok);
}

static bool
exists(const char *path, struct stat *st)
{
	return (lstat(path, st) == 0);
}

/* Are a and b the same bytes? */
static bool
same_bytes(const char *a, const char *b)
{
	char *da, *db;
	size_t la, lb;
	bool same;

	if (read_file(a, &da, &la) != 0)
		return (false);
	if (read_file(b, &db, &lb) != 0) {
		free(da);
		return (false);
	}
	same = la == lb && memcmp(da, db, la) == 0;
	free(da);
	free(db);
	return (same);
}

/*
 * Brings one file to its final state: forward puts the new text in
 * place, backward the old.  Returns 0 or an errno after saying it.
 */
static int
recover_one(const struct rec_entry *r, bool committed, bool forward)
{
	struct stat sp, st, sb;
	bool have_tmp = exists(r->tmp, &st), have_bak = exists(r->bak, &sb);
	int e;

	if (forward) {
		if (have_tmp) {
			/* The original must still be what the backup holds. */
			if (stat(r->path, &sp) != 0 || !have_bak ||
			    (!(sp.st_dev == sb.st_dev &&
				 sp.st_ino == sb.st_ino) &&
				!same_bytes(r->path, r->bak))) {
				diag_error(r->path, 0, 0,
				    "changed after the interrupted rewrite; "
				    "its rewritten text is kept in %s: compare "
				    "the two and keep the one you want",
				    r->tmp);
				if (have_bak)
					unlink(r->bak);
				return (ESTALE);
			}
			if (rename(r->tmp, r->path) != 0) {
				e = errno;
				diag_error(r->path, 0, 0,
				    "cannot finish the interrupted rewrite: "
				    "%s; run 'vnetify recover' again",
				    strerror(e));
				return (e);
			}
		}
		if (have_bak)
			unlink(r->bak);
		return (0);
	}
	if (committed && !have_tmp && have_bak &&
	    !(stat(r->path, &sp) == 0 && sp.st_dev == sb.st_dev &&
		sp.st_ino == sb.st_ino)) {
		/* Replaced before the run gave up: the backup goes back. */
		if (rename(r->bak, r->path) != 0) {
			e = errno;
			diag_error(r->path, 0, 0,
			    "cannot undo the interrupted rewrite: %s; its "
			    "old text is in %s",
			    strerror(e), r->bak);
			return (e);
		}
		return (0);
	}
	if (have_tmp)
		unlink(r->tmp);
	if (have_bak)
		unlink(r->bak);
	return (0);
}

/* Reads the journal text; false if it is not one vnetify wrote. */
static bool
parse_journal(const char *text, const char *root, struct rec_list *out,
    bool *committed, bool *aborted, long *pid)
{
	const char *p = text, *nl, *q;
	struct rec_entry r;
	char *line;
	bool ok = true, first = true;

	while (ok && (nl = strchr(p, '\n')) != NULL) {
		line = xstrndup(p, (size_t)(nl - p));
		p = nl + 1;
		if (first) {
			ok = strcmp(line, "vnetify journal 1") == 0;
			first = false;
		} else if (strncmp(line, "pid ", 4) == 0)
			*pid = strtol(line + 4, NULL, 10);
		else if (strcmp(line, "commit") == 0)
			*committed = true;
		else if (strcmp(line, "abort") == 0)
			*aborted = true;
		else if (line[0] == '\0' ||
		    strncmp("commit", line, strlen(line)) == 0)
			/* A mark the kill cut short: it does not count. */
			;
		else if (strncmp(line, "file\t", 5) == 0) {
			q = line + 5;
			r.path = field(&q);
			r.tmp = r.path != NULL ? field(&q) : NULL;
			r.bak = r.tmp != NULL ? field(&q) : NULL;
			ok = r.bak != NULL && *q == '\0' &&
			    inside_root(r.path, root) && ours(r.path, r.tmp) &&
			    ours(r.path, r.bak);
			if (ok)
				VEC_PUSH(out, r);
			else {
				free(r.path);
				free(r.tmp);
				free(r.bak);
			}
		} else
			ok = false;
		free(line);
	}
	return (ok && !first);
}

/*
 * Opens and locks the journal at jpath: *fd is -1 when there is none.  A
 * journal is never followed through a link, must be a regular file, and
 * must still be the file at that name once the lock is had (its run
 * unlinks it before it lets go).  Waits for a run that holds it: one that
 * is replacing files, which takes moments, or one dying with its parent
 * (driver/supervise.c).
 */
static int
open_locked(const char *jpath, int *fdp)
{
	struct stat st, now;
	int fd, tries, error;
	bool locked;

	*fdp = -1;
	for (;;) {
		fd =
		    open(jpath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT)
			return (0);
		if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			error = fd < 0 ? errno : EINVAL;
			diag_error(jpath, 0, 0,
			    "is not a journal vnetify wrote (%s); look at it "
			    "and remove it",
			    fd < 0 ? strerror(error) : "not a regular file");
			if (fd >= 0)
				close(fd);
			return (error);
		}
		locked = false;
		for (tries = 0; tries < 1500; tries++) {
			struct timespec ts = {0, 20 * 1000 * 1000};

			if ((locked = flock(fd, LOCK_EX | LOCK_NB) == 0))
				break;
			nanosleep(&ts, NULL);
		}
		if (!locked) {
			close(fd);
			diag_error(jpath, 0, 0,
			    "another vnetify run has been writing this tree "
			    "for 30 s; run again when it is done");
			return (EBUSY);
		}
		if (stat(jpath, &now) == 0 && now.st_dev == st.st_dev &&
		    now.st_ino == st.st_ino) {
			*fdp = fd;
			return (0);
		}
		/* Its run finished meanwhile; another may have begun. */
		close(fd);
	}
}

/* The whole file behind fd, NUL-terminated. */
static int
read_fd(int fd, char **text)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || sb.len > (1u << 30)) {
			sb_free(&sb);
			*text = NULL;
			return (n < 0 ? errno : EFBIG);
		}
		sb_add(&sb, buf, (size_t)n);
	}
	sb_add(&sb, "", 0);
	*text = sb_detach(&sb);
	return (0);
}

int
journal_recover(const char *root, bool *recovered)
{
	struct rec_list ents = {0};
	bool committed = false, aborted = false, forward;
	char *jpath, *text;
	size_t i;
	long pid = 0;
	int fd, error = 0, e;

	*recovered = false;
	remove_stale_temporaries(root);
	jpath = xasprintf("%s/%s", root, JOURNAL_NAME);
	if ((error = open_locked(jpath, &fd)) != 0 || fd < 0) {
		free(jpath);
		return (error);
	}
	if ((error = read_fd(fd, &text)) != 0 ||
	    !parse_journal(text, root, &ents, &committed, &aborted, &pid)) {
		if (error == 0)
			error = EINVAL;
		free(text);
		diag_error(jpath, 0, 0,
		    "not a journal this vnetify can read; nothing recovered: "
		    "look at the files it names and remove it");
		goto out;
	}
	free(text);
	forward = committed && !aborted;
	for (i = 0; i < ents.n; i++)
		if ((e = recover_one(&ents.v[i], committed, forward)) != 0 &&
		    error == 0)
			error = e;
	for (i = 0; i < ents.n; i++)
		sync_dir_of(ents.v[i].path);
	if (error != 0 && error != ESTALE)
		goto out;
	unlink(jpath);
	dir_sync(root);
	*recovered = true;
	diag_note(NULL, 0, 0,
	    forward
		? "a rewrite of %zu file%s (pid %ld) was interrupted after "
		  "it had decided to go on: it is finished now%s"
		: "a rewrite of %zu file%s (pid %ld) was interrupted before "
		  "it was done: it is undone, every file as it was%s",
	    ents.n, ents.n == 1 ? "" : "s", pid,
	    error == ESTALE ? ", but for the files above" : "");
out:
	for (i = 0; i < ents.n; i++) {
		free(ents.v[i].path);
		free(ents.v[i].tmp);
		free(ents.v[i].bak);
	}
	VEC_FREE(&ents);
	close(fd);
	free(jpath);
	return (error);
}
