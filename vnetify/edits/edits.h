/*
 * edits.h: the edit set every output of "vnetify rewrite" renders.  An edit
 * replaces a byte range of a file as it was when the edits were computed;
 * the diff, the in-place writer and the clang-apply-replacements YAML all
 * read the same finalized set, so they cannot disagree.
 *
 * Life of a set: the core gives each translation unit its own set, adds
 * edits and records the contents they were computed against
 * (edits_expect), merges the sets (edits_merge, under its own lock: a set
 * has no lock), then calls edits_finalize once before rendering.
 * Everything that comes out is independent of the order edits were added
 * or merged in.
 */
#ifndef VNETIFY_EDITS_H
#define VNETIFY_EDITS_H

#include <stddef.h>
#include <stdint.h>

struct edit {
	/* Canonical absolute path. */
	char *file;
	/* Byte range replaced in the ORIGINAL file; len 0 = insertion. */
	size_t off, len;
	/* Replacement text. */
	char *text;
	/*
	 * Tie-break for several insertions at one offset: lower first, then
	 * by text.
	 */
	int order;
	/*
	 * Short origin note for conflict messages, e.g. "use of foo_count"
	 * (may be NULL).
	 */
	char *why;
};

struct edit_set;

struct edit_set *edits_new(void);
void edits_free(struct edit_set *);
/* Strings are copied; the set owns them.  A NULL text deletes. */
void edits_add(struct edit_set *, const char *file, size_t off, size_t len,
    const char *text, int order, const char *why);
/* Copies every edit and content record of src into dst. */
void edits_merge(struct edit_set *dst, const struct edit_set *src);
/* Edits held: before finalize, as added; after, those that survived. */
size_t edits_count(const struct edit_set *);

/*
 * Sort; drop exact duplicates (same file, off, len, text: the same header
 * edit seen from many translation units; the copy kept has the lowest
 * order, and a why when a copy of that order has one); detect conflicts: two
 * edits whose ranges overlap and differ, or an insertion strictly inside a
 * replaced range.  Each conflicting pair is reported through cb (a before b in
 * the final order; cb may be NULL) and both edits of every pair are removed, so
 * that no conflict is ever half applied.  Returns the number of conflicting
 * pairs.  Two pure insertions at one offset are not a conflict: they go in by
 * order, then by text; an insertion at the start of a replacement goes before
 * it, one at its end after it.  Adding or merging afterwards needs another
 * finalize.
 */
typedef void (
    *edit_conflict_fn)(const struct edit *a, const struct edit *b, void *arg);
size_t edits_finalize(struct edit_set *, edit_conflict_fn cb, void *arg);

/*
 * After finalize: the files touched, sorted by path (strcmp), and each
 * one's edits in the order edits_apply_buffer wants them.  A file the set
 * does not touch has no edits (NULL, *n = 0).  Calling these on a set that
 * is not finalized is a caller bug: fatal().
 */
size_t edits_nfiles(const struct edit_set *);
const char *edits_file(const struct edit_set *, size_t i);
const struct edit *
edits_for_file(const struct edit_set *, const char *file, size_t *n);

/*
 * Applies one file's edits, in finalized order, to its contents; returns a
 * new NUL-terminated buffer of *outlen bytes.  An edit past len, or edits
 * out of order or overlapping, are a caller bug: fatal().
 */
char *edits_apply_buffer(const char *orig, size_t len, const struct edit *e,
    size_t n, size_t *outlen);

/* FNV-1a, 64 bits: the hash of the set's strings. */
uint64_t fnv1a64(const void *, size_t);

/*
 * What the edits to a file were computed against.  The core records, for
 * every file it edits, the size and content_hash() of the contents it read
 * and parsed, and the renderers compare them with the file on
 * disk before they trust an offset.  Recording the same file twice with
 * different contents (it changed while the run read it) marks it
 * inconsistent: nothing computed from it may be written.
 */
void
edits_expect(struct edit_set *, const char *file, size_t size, uint64_t hash);
void edits_expect_data(struct edit_set *, const char *file, const void *data,
    size_t size);

/* What edits_check_contents found. */
enum edits_contents {
	EDITS_CONTENTS_MATCH,	     /* as recorded */
	EDITS_CONTENTS_UNKNOWN,	     /* nothing recorded for the file */
	EDITS_CONTENTS_INCONSISTENT, /* recorded twice, differently */
	EDITS_CONTENTS_CHANGED,	     /* differs from the record */
	EDITS_CONTENTS_SHORT	     /* an edit reaches past its end */
};
/*
 * Compares a file's current contents with the record and checks that its
 * edits fit them; the first finding in the order of the enum after MATCH
 * and UNKNOWN wins, so a file that changed is reported as changed even
 * when it also shrank, and an unrecorded one that is too short as short.
 */
enum edits_contents edits_check_contents(const struct edit_set *,
    const char *file, const char *data, size_t len);

#endif /* !VNETIFY_EDITS_H */
