/*
 * journal.h: the record that makes a multi-file rewrite recoverable
 * after a kill or a crash, as a database's log or git's index lock does.
 *
 * apply_in_place() writes the journal, ROOT/.vnetify-journal, before it
 * makes the first temporary file: one line per file it will replace,
 * naming the file, its temporary file and its backup.  When every
 * temporary file and backup is made and synced it appends "commit"; from
 * then on the rewrite is decided and recovery finishes it.  If a rename
 * fails or a file turns out to have changed, it appends "abort" before
 * it undoes what it did, and recovery undoes the rest.  The journal goes
 * once every file is in its final state.
 *
 * So after a kill at any point, journal_recover() leaves every listed
 * file wholly old (no "commit", or "abort") or wholly new ("commit"), and
 * removes every temporary file and backup the run made.  The journal is
 * locked (flock) for as long as its run lives; a journal that is locked
 * belongs to a run still going, and is left alone.
 */
#ifndef VNETIFY_JOURNAL_H
#define VNETIFY_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

struct journal;

/* One file of the rewrite: canonical paths, all in one directory. */
struct journal_entry {
	const char *path, *tmp, *bak;
};

/*
 * Writes and syncs the journal for root (canonical) listing the entries,
 * and holds its lock.  EEXIST when a journal is there already: another
 * run is writing the tree, or one was interrupted (journal_recover()).
 * Returns 0 or an errno, after saying what went wrong.
 */
int journal_begin(struct journal **, const char *root,
    const struct journal_entry *, size_t n);
/* Appends "commit" or "abort" and syncs it; 0 or an errno. */
int journal_mark(struct journal *, const char *word);
/* Removes the journal (every file is final) and frees it; NULL: none. */
void journal_end(struct journal *);
/*
 * Keeps the journal for the next run to act on (a backup could not be
 * put back) and frees it; NULL: none.
 */
void journal_leave(struct journal *);

/*
 * Finishes or undoes the rewrite an interrupted run left in root, if
 * any, and says which.  0 when there was none or it is recovered; EBUSY
 * when a live run holds the journal; else an errno, with the journal kept
 * and a message saying what to do.  *recovered: a journal was acted on.
 */
int journal_recover(const char *root, bool *recovered);

/* The journal's name under the root. */
#define JOURNAL_NAME ".vnetify-journal"

#endif /* !VNETIFY_JOURNAL_H */
