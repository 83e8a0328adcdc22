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
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "edits/edits.h"
#include "output/apply.h"
#include "output/journal.h"
#include "support/diag.h"
#include "support/util.h"

struct apply_sys apply_sys = {write, fsync, link, rename};

struct target {
	const char *file; /* as the set names it */
	char *path;	  /* canonical: the file itself, never a link to it */
	struct stat st;
	char *data, *new;
	size_t len, nlen;
	char *tmp, *bak; /* beside path, named before anything is made */
	bool made_tmp, made_bak;
	bool bak_is_link; /* the original itself, not a copy */
	bool write;	  /* the edits change it */
	bool replaced;	  /* tmp has been renamed over path */
};

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

/*
 * Names for t's temporary file and backup, beside it.  They are chosen
 * before anything is made so that the journal can list them first.
 */
static void
name_temps(struct target *t)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	const char *base = strrchr(t->path, '/') + 1;
	char *dir = path_dir(t->path), suffix[9];
	unsigned char rnd[8];
	size_t i;

	if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd))
		for (i = 0; i < sizeof(rnd); i++)
			rnd[i] =
			    (unsigned char)(rand() ^ getpid() ^ time(NULL));
	for (i = 0; i < sizeof(rnd); i++)
		suffix[i] = digits[rnd[i] % (sizeof(digits) - 1)];
	suffix[8] = '\0';
	t->tmp = xasprintf("%s/.%s.vnetify-%s", strcmp(dir, "/") ? dir : "",
	    base, suffix);
	t->bak = xasprintf("%s.orig", t->tmp);
	free(dir);
}

/* A new file, t->tmp, holding t's edited contents. */
static int
make_temp(struct target *t)
{
	int fd, error;

	fd = open(t->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return (errno);
	t->made_tmp = true;
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

	if (apply_sys.link(t->path, t->bak) == 0) {
		t->made_bak = t->bak_is_link = true;
		if (stat(t->bak, &st) != 0)
			return (errno);
		return (same_version(&st, &t->st) ? 0 : ESTALE);
	}
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP &&
	    errno != EMLINK)
		return (errno);
	if (stat(t->path, &st) != 0 || !same_version(&st, &t->st))
		return (ESTALE);
	fd = open(t->bak, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return (errno);
	t->made_bak = true;
	error = finish_fd(fd, t, t->data, t->len);
	if (close(fd) != 0 && error == 0)
		error = errno;
	return (error);
}

/* Does path hold exactly the bytes t was read with? */
static bool
holds_original(const struct target *t, const char *path)
{
	struct stat st;
	char *data;
	size_t len;
	bool same;

	if (stat(path, &st) != 0 || !same_version(&st, &t->st))
		return (false);
	if (read_file(path, &data, &len) != 0)
		return (false);
	same = len == t->len && memcmp(data, t->data, len) == 0;
	free(data);
	return (same);
}

/* Makes the renames durable; a failure here loses nothing now. */
static void
sync_dir(const char *path)
{
	char *dir = path_dir(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)apply_sys.fsync(fd);
		close(fd);
	}
	free(dir);
}

void
apply_hold_signals(sigset_t *saved)
{
	sigset_t hold;

	sigemptyset(&hold);
	sigaddset(&hold, SIGINT);
	sigaddset(&hold, SIGTERM);
	sigaddset(&hold, SIGHUP);
	sigaddset(&hold, SIGQUIT);
	pthread_sigmask(SIG_BLOCK, &hold, saved);
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
	if (!(t->st.st_mode & S_IWUSR)) {
		diag_error(t->file, 0, 0,
		    "is read-only; nothing written: make it writable (chmod "
		    "u+w) if vnetify should rewrite it");
		return (EACCES);
	}
	if (t->st.st_nlink > 1) {
		diag_error(t->file, 0, 0,
		    "has %lu hard links, which a rewrite would part (the "
		    "others would keep the old text); nothing written: make "
		    "it a file of its own (cp, then mv over it)",
		    (unsigned long)t->st.st_nlink);
		return (EMLINK);
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
	/*
	 * The backup first: a kill between the two leaves a temporary file
	 * alone, which recovery knows as not replaced.
	 */
	if (t->made_bak && !keep_bak)
		unlink(t->bak);
	if (t->made_tmp && !t->replaced)
		unlink(t->tmp);
	free(t->tmp);
	free(t->bak);
	t->tmp = t->bak = NULL;
	t->made_tmp = t->made_bak = false;
}

/*
 * Renames every new text over its original, each checked just before:
 * a file another process changed since it was read stops the group.
 */
static int
replace_all(struct target *t, size_t nf)
{
	size_t i;
	int error;

	for (i = 0; i < nf; i++) {
		if (!t[i].write)
			continue;
		if (!holds_original(&t[i], t[i].path)) {
			diag_error(t[i].file, 0, 0,
			    "changed while it was being written; nothing "
			    "written, run again");
			return (ESTALE);
		}
		if (apply_sys.rename(t[i].tmp, t[i].path) == 0) {
			t[i].replaced = true;
			continue;
		}
		error = errno;
		diag_error(t[i].file, 0, 0, "cannot replace: %s",
		    strerror(error));
		return (error);
	}
	/*
	 * A process that had the file open, or opened it before its
	 * rename, writes to the original, which the backup still is: what
	 * it wrote must not be lost with it.
	 */
	for (i = 0; i < nf; i++)
		if (t[i].replaced && t[i].bak_is_link &&
		    !holds_original(&t[i], t[i].bak)) {
			diag_error(t[i].file, 0, 0,
			    "changed while it was being written; nothing "
			    "written, run again");
			return (ESTALE);
		}
	return (0);
}

/* Undo, newest first: the backups hold the originals.  Sets keep[]. */
static void
undo_all(struct target *t, size_t nf, bool *keep)
{
	size_t k;
	int rerr;

	for (k = nf; k-- > 0;) {
		if (!t[k].replaced)
			continue;
		if (apply_sys.rename(t[k].bak, t[k].path) == 0) {
			t[k].replaced = false;
			t[k].made_tmp = t[k].made_bak = false;
			continue;
		}
		rerr = errno;
		diag_error(t[k].file, 0, 0,
		    "cannot restore it from %s: %s; 'vnetify recover' "
		    "tries again, or move that back by hand",
		    t[k].bak, strerror(rerr));
		keep[k] = true;
	}
}

int
apply_in_place(const char *root, const struct edit_set *set)
{
	sigset_t saved;
	struct journal_entry *je;
	struct journal *j = NULL;
	struct target *t;
	size_t nf = edits_nfiles(set), i, j2, k, nw;
	char *croot;
	const char *rel;
	int error = 0;
	bool *keep, kept = false;

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
		for (j2 = i + 1; j2 < nf && error == 0; j2++)
			if (t[i].st.st_dev == t[j2].st.st_dev &&
			    t[i].st.st_ino == t[j2].st.st_ino) {
				diag_error(t[j2].file, 0, 0,
				    "is the same file as %s; nothing written",
				    t[i].file);
				error = EINVAL;
			}
	for (i = nw = 0; i < nf; i++)
		nw += t[i].write;
	if (error != 0 || nw == 0)
		goto out;

	apply_hold_signals(&saved);

	je = xcalloc(nw, sizeof(*je));
	for (i = k = 0; i < nf; i++)
		if (t[i].write) {
			name_temps(&t[i]);
			je[k++] = (struct journal_entry){t[i].path, t[i].tmp,
			    t[i].bak};
		}
	error = journal_begin(&j, croot, je, nw);
	free(je);
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
	/* From here the rewrite is decided: recovery would finish it. */
	if (error == 0 && (error = journal_mark(j, "commit")) != 0)
		diag_error(croot, 0, 0,
		    "cannot write the journal: %s; nothing written",
		    strerror(error));
	if (error == 0)
		error = replace_all(t, nf);

	keep = xcalloc(nf, sizeof(*keep));
	if (error != 0) {
		/*
		 * Recovery, should this be killed, must undo too.  If that
		 * cannot be said, the journal still says "commit": the next
		 * run finishes the rewrite, so nothing is undone here.
		 */
		if (j != NULL && journal_mark(j, "abort") != 0) {
			diag_error(croot, 0, 0,
			    "cannot write the journal to undo the rewrite; "
			    "'vnetify recover' will finish it");
			/* Every temporary file and backup stays for it. */
			for (k = 0; k < nf; k++)
				t[k].made_tmp = t[k].made_bak = false;
			kept = true;
		} else
			undo_all(t, nf, keep);
		for (k = 0; k < nf; k++)
			kept |= keep[k];
		if (!kept)
			diag_note(NULL, 0, 0, "every file was left as it was");
	} else {
		for (i = 0; i < nf; i++)
			if (t[i].replaced)
				sync_dir(t[i].path);
	}
	for (i = 0; i < nf; i++)
		discard(&t[i], keep[i]);
	free(keep);
	if (kept)
		journal_leave(j);
	else
		journal_end(j);
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
