/*
 * apply.c: see apply.h.
 *
 * The work is split so that everything that can be checked is checked
 * before the first byte is written, and everything that can fail without
 * harm (temporary files, backups) fails before the first original is
 * replaced.  Only the renames remain after that, and rename(2) within a
 * directory either happens or does not, so undoing k of them is k renames
 * of the backups.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edits/edits.h"
#include "output/apply.h"
#include "support/diag.h"
#include "support/util.h"

struct apply_sys apply_sys = {write, fsync, link, rename};

struct target {
	const char *file; /* as the set names it */
	char *path;	  /* canonical: the file itself, never a link to it */
	struct stat st;
	char *data, *new;
	size_t len, nlen;
	char *tmp, *bak; /* beside path; NULL until made */
	bool write;	 /* the edits change it */
	bool replaced;	 /* tmp has been renamed over path */
};

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return (slash == path ? xstrdup("/")
			      : xstrndup(path, (size_t)(slash - path)));
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = apply_sys.write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return (errno);
		if (w == 0)
			return (EIO);
		p += w;
		n -= (size_t)w;
	}
	return (0);
}

/*
 * Finishes a file that holds t's new contents or a copy of its old ones:
 * owner and mode of the original, then synced.  Owner first, since chown
 * clears the set-id bits.
 */
static int
finish_fd(int fd, const struct target *t, const char *data, size_t len)
{
	struct stat st;
	int error;

	if ((error = write_all(fd, data, len)) != 0)
		return (error);
	if (fstat(fd, &st) != 0)
		return (errno);
	if ((st.st_uid != t->st.st_uid || st.st_gid != t->st.st_gid) &&
	    fchown(fd, t->st.st_uid, t->st.st_gid) != 0)
		return (errno);
	if (fchmod(fd, t->st.st_mode & 07777) != 0)
		return (errno);
	if (apply_sys.fsync(fd) != 0)
		return (errno);
	return (0);
}

/* A new file beside t->path holding its edited contents; sets t->tmp. */
static int
make_temp(struct target *t)
{
	const char *base = strrchr(t->path, '/') + 1;
	char *dir = dir_of(t->path);
	int fd, error;

	t->tmp = xasprintf("%s/.%s.vnetify-XXXXXX", strcmp(dir, "/") ? dir : "",
	    base);
	free(dir);
	fd = mkostemp(t->tmp, O_CLOEXEC);
	if (fd < 0) {
		error = errno;
		free(t->tmp);
		t->tmp = NULL;
		return (error);
	}
	error = finish_fd(fd, t, t->new, t->nlen);
	if (close(fd) != 0 && error == 0)
		error = errno;
	return (error);
}

static bool
same_version(const struct stat *a, const struct stat *b)
{
	return (a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec);
}

/*
 * A second name for the original, to rename back if the group fails.  A
 * hard link is the original itself; where links are not supported, a copy
 * of the bytes read stands in.  Either way the original must still be the
 * version that was read, or the edits would land on something else.
 */
static int
make_backup(struct target *t)
{
	struct stat st;
	int fd, error;

	t->bak = xasprintf("%s.orig", t->tmp);
	if (apply_sys.link(t->path, t->bak) == 0) {
		if (stat(t->bak, &st) != 0)
			return (errno);
		return (same_version(&st, &t->st) ? 0 : ESTALE);
	}
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP &&
	    errno != EMLINK) {
		error = errno;
		free(t->bak);
		t->bak = NULL;
		return (error);
	}
	if (stat(t->path, &st) != 0 || !same_version(&st, &t->st)) {
		free(t->bak);
		t->bak = NULL;
		return (ESTALE);
	}
	fd = open(t->bak, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		error = errno;
		free(t->bak);
		t->bak = NULL;
		return (error);
	}
	error = finish_fd(fd, t, t->data, t->len);
	if (close(fd) != 0 && error == 0)
		error = errno;
	return (error);
}

/* Makes the renames durable; a failure here loses nothing now. */
static void
sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)apply_sys.fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Checks that t may be written and computes its new contents. */
static int
prepare(struct target *t, const struct edit_set *set)
{
	const struct edit *e;
	size_t n;
	int error;

	if (stat(t->path, &t->st) != 0) {
		error = errno;
		diag_error(t->file, 0, 0, "%s; nothing written",
		    strerror(error));
		return (error);
	}
	if (!S_ISREG(t->st.st_mode)) {
		diag_error(t->file, 0, 0,
		    "is not a regular file; nothing written");
		return (EINVAL);
	}
	if ((error = read_file(t->path, &t->data, &t->len)) != 0) {
		diag_error(t->file, 0, 0, "cannot read: %s; nothing written",
		    strerror(error));
		return (error);
	}
	switch (edits_check_contents(set, t->file, t->data, t->len)) {
	case EDITS_CONTENTS_MATCH:
		break;
	case EDITS_CONTENTS_UNKNOWN:
		diag_error(t->file, 0, 0,
		    "no record of the contents its edits were computed "
		    "against; nothing written");
		return (ESTALE);
	case EDITS_CONTENTS_INCONSISTENT:
		diag_error(t->file, 0, 0,
		    "changed while it was being read; nothing written, run "
		    "again");
		return (ESTALE);
	case EDITS_CONTENTS_CHANGED:
	case EDITS_CONTENTS_SHORT:
		diag_error(t->file, 0, 0,
		    "changed since it was parsed; nothing written, run again");
		return (ESTALE);
	}
	e = edits_for_file(set, t->file, &n);
	t->new = edits_apply_buffer(t->data, t->len, e, n, &t->nlen);
	t->write = t->nlen != t->len || memcmp(t->new, t->data, t->len) != 0;
	return (0);
}

/* Removes what is left of the attempt; t->bak stays when keep_bak. */
static void
discard(struct target *t, bool keep_bak)
{
	if (t->tmp != NULL && !t->replaced)
		unlink(t->tmp);
	if (t->bak != NULL && !keep_bak)
		unlink(t->bak);
	free(t->tmp);
	free(t->bak);
	t->tmp = t->bak = NULL;
}

int
apply_in_place(const char *root, const struct edit_set *set)
{
	sigset_t hold, saved;
	struct target *t;
	size_t nf = edits_nfiles(set), i, j, k;
	char *croot;
	const char *rel;
	int error = 0, rerr;
	bool *keep;

	croot = path_canonical(root, NULL);
	t = xcalloc(nf, sizeof(*t));
	for (i = 0; i < nf; i++) {
		t[i].file = edits_file(set, i);
		t[i].path = path_canonical(t[i].file, NULL);
		rel = path_under(t[i].path, croot);
		if (rel == NULL || *rel == '\0') {
			diag_error(t[i].file, 0, 0,
			    "is not under the root %s; nothing written", croot);
			error = EXDEV;
		}
	}
	for (i = 0; i < nf && error == 0; i++)
		error = prepare(&t[i], set);
	/* Through links or aliases, two names may be one file. */
	for (i = 0; i < nf && error == 0; i++)
		for (j = i + 1; j < nf && error == 0; j++)
			if (t[i].st.st_dev == t[j].st.st_dev &&
			    t[i].st.st_ino == t[j].st.st_ino) {
				diag_error(t[j].file, 0, 0,
				    "is the same file as %s; nothing written",
				    t[i].file);
				error = EINVAL;
			}
	if (error != 0)
		goto out;

	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &hold, &saved);

	for (i = 0; i < nf && error == 0; i++) {
		if (!t[i].write)
			continue;
		if ((error = make_temp(&t[i])) != 0)
			diag_error(t[i].file, 0, 0,
			    "cannot write its new contents beside it: %s; "
			    "nothing written",
			    strerror(error));
		else if ((error = make_backup(&t[i])) == ESTALE)
			diag_error(t[i].file, 0, 0,
			    "changed since it was parsed; nothing written, run "
			    "again");
		else if (error != 0)
			diag_error(t[i].file, 0, 0,
			    "cannot keep a backup: %s; nothing written",
			    strerror(error));
	}
	for (i = 0; i < nf && error == 0; i++) {
		if (!t[i].write)
			continue;
		if (apply_sys.rename(t[i].tmp, t[i].path) == 0) {
			t[i].replaced = true;
			continue;
		}
		error = errno;
		diag_error(t[i].file, 0, 0, "cannot replace: %s",
		    strerror(error));
	}

	keep = xcalloc(nf, sizeof(*keep));
	if (error != 0) {
		/* Undo, newest first: the backups hold the originals. */
		for (k = nf; k-- > 0;) {
			if (!t[k].replaced)
				continue;
			if (apply_sys.rename(t[k].bak, t[k].path) == 0) {
				t[k].replaced = false;
				free(t[k].tmp);
				t[k].tmp = NULL;
				free(t[k].bak);
				t[k].bak = NULL;
				continue;
			}
			rerr = errno;
			diag_error(t[k].file, 0, 0,
			    "cannot restore it from %s: %s; move that back by "
			    "hand",
			    t[k].bak, strerror(rerr));
			keep[k] = true;
		}
		for (k = 0; k < nf; k++)
			if (keep[k])
				break;
		if (k == nf)
			diag_note(NULL, 0, 0, "every file was left as it was");
	} else {
		for (i = 0; i < nf; i++)
			if (t[i].replaced)
				sync_dir(t[i].path);
	}
	for (i = 0; i < nf; i++)
		discard(&t[i], keep[i]);
	free(keep);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
out:
	for (i = 0; i < nf; i++) {
		discard(&t[i], false);
		free(t[i].path);
		free(t[i].data);
		free(t[i].new);
	}
	free(t);
	free(croot);
	return (error);
}
