/*
 * apply.h: writing a finalized edit set back into the tree, all files or
 * none ("vnetify rewrite -i").
 */
#ifndef VNETIFY_APPLY_H
#define VNETIFY_APPLY_H

#include <signal.h>
#include <sys/types.h>

struct edit_set;

/*
 * Rewrites every file the set touches, as a group: on return either every
 * file holds its edited contents or every file is as it was.  Nothing is
 * written unless every file is under root, a regular file, distinct from
 * the others, and still byte for byte what its edits were computed against
 * -- so the set must record that for every file it edits (edits_expect);
 * a file without a record is refused.  A file the edits leave unchanged is
 * not rewritten.  New contents keep the mode and owner of the old.
 *
 * Each new content goes to a temporary file beside the original, is
 * synced, and renamed over it; a hard link (or, where the file system has
 * none, a copy) of each original is kept until every rename has
 * succeeded, and if one fails those already replaced are renamed back.
 * Temporary files and backups are removed on every path but one: a backup
 * that could not be renamed back stays, and the message names it.  The
 * group is not atomic to an observer reading while the renames run, nor
 * across a crash in that window; SIGINT, SIGTERM, SIGHUP and SIGQUIT are
 * held off meanwhile.
 *
 * Returns 0, or an errno after saying what and where through diag_error:
 * EXDEV (a file outside root), ESTALE (one changed, or has no record),
 * EINVAL (not a regular file, or two names of one file), or the error of
 * the system call that failed.
 */
int apply_in_place(const char *root, const struct edit_set *);

/*
 * Holds off SIGINT, SIGTERM, SIGHUP and SIGQUIT, which would stop a
 * group of writes half way, saving the mask to put back with
 * pthread_sigmask(SIG_SETMASK, saved, NULL).  Holds nest.
 */
void apply_hold_signals(sigset_t *saved);

/*
 * The system calls apply_in_place writes with, so that the test suite can
 * make any one of them fail.  Nothing else should touch this.
 */
struct apply_sys {
	ssize_t (*write)(int, const void *, size_t);
	int (*fsync)(int);
	int (*link)(const char *, const char *);
	int (*rename)(const char *, const char *);
};
extern struct apply_sys apply_sys;

#endif /* !VNETIFY_APPLY_H */
