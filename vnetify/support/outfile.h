/*
 * outfile.h: a file vnetify writes that is not a source of the tree (a
 * diff, a report, fixes, rules), written whole or not at all.
 *
 * outfile_open() makes a temporary file beside the path, so that an
 * output that cannot be written fails before the run changes anything
 * else; outfile_commit() renames it over the path.  A reader never sees
 * half an output, and a run that is killed leaves at most the temporary
 * file (".NAME.vnetify-out-XXXXXX").  An output that exists keeps its
 * mode; a new one gets 0666 less the umask, as fopen would give it.  A
 * link is followed to the file it names, which is replaced; a path that
 * names a terminal, a pipe or a device (/dev/stdout) is written directly.
 */
#ifndef VNETIFY_OUTFILE_H
#define VNETIFY_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

struct outfile {
	char *path; /* the file replaced: through a link, what it names */
	char *tmp;  /* NULL when not open */
	FILE *f;    /* write here until commit */
};

/* Returns 0, or an errno after saying what and where. */
int outfile_open(struct outfile *, const char *path);
/* Flushes, syncs and renames; returns 0 or an errno after saying it. */
int outfile_commit(struct outfile *);
/* Removes the temporary file; harmless on one not open or committed. */
void outfile_abort(struct outfile *);

#endif /* !VNETIFY_OUTFILE_H */
