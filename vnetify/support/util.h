/*
 * util.h: the plain-C kit the rest of vnetify is written with: memory that
 * cannot fail (an allocation failure ends the run with a message),
 * growable strings and arrays, whole-file reads and path arithmetic.
 */
#ifndef VNETIFY_UTIL_H
#define VNETIFY_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *
xasprintf(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

/* A growable, always NUL-terminated string. */
struct strbuf {
	char *s;
	size_t len, cap;
};
#define STRBUF_INIT {NULL, 0, 0}
void sb_add(struct strbuf *, const char *, size_t);
void sb_adds(struct strbuf *, const char *);
void sb_addc(struct strbuf *, char);
void sb_addf(struct strbuf *, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
void sb_vaddf(struct strbuf *, const char *fmt, va_list);
/* The contents, never NULL; the buffer is left empty. */
char *sb_detach(struct strbuf *);
const char *sb_str(const struct strbuf *);
void sb_reset(struct strbuf *);
void sb_free(struct strbuf *);

/* A growable array of T: VEC(int) v = {0}; VEC_PUSH(&v, 3); v.v[0]. */
#define VEC(T)                 \
	struct {               \
		T *v;          \
		size_t n, cap; \
	}
#define VEC_RESERVE(vec, want)                                                 \
	do {                                                                   \
		if ((want) > (vec)->cap) {                                     \
			size_t c_ = (vec)->cap ? (vec)->cap * 2 : 2;           \
			while (c_ < (want))                                    \
				c_ *= 2;                                       \
			(vec)->v = xrealloc((vec)->v, c_ * sizeof(*(vec)->v)); \
			(vec)->cap = c_;                                       \
		}                                                              \
	} while (0)
#define VEC_PUSH(vec, x)                          \
	do {                                      \
		VEC_RESERVE((vec), (vec)->n + 1); \
		(vec)->v[(vec)->n++] = (x);       \
	} while (0)
#define VEC_FREE(vec)                      \
	do {                               \
		free((vec)->v);            \
		(vec)->v = NULL;           \
		(vec)->n = (vec)->cap = 0; \
	} while (0)

/* Is s one of the strings of set (NULL-terminated)? */
bool str_in_set(const char *const *set, const char *s);
/* s without leading and trailing blanks (space, tab, CR, LF), in place. */
char *str_trim(char *s);

/*
 * A map key for up to three numbers (a pointer passes as uintptr_t):
 * hex digits with a space between, in out, which must hold KEY_NUMS_MAX
 * bytes.  snprintf with %p costs twenty times as much, and a walk
 * makes one for every declaration it meets.
 */
#define KEY_NUMS_MAX (3 * 17)
char *key_nums(char *out, uint64_t a, uint64_t b, uint64_t c);

/*
 * A file's contents, hashed to tell later whether it is still what was
 * read: eight bytes a step, since every file of a run is hashed twice.
 * Not a map's hash (hmap.h has that); equal contents, equal hashes.
 */
uint64_t content_hash(const void *, size_t);

/*
 * qsort(3) that takes an empty array (base may then be NULL) and leaves an
 * array already in order alone at the cost of one pass.
 */
void xqsort(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *));

/*
 * Reads a whole file.  Returns 0, or an errno with *data untouched.  The
 * buffer has a NUL after the last byte so it can be scanned as a string.
 */
int read_file(const char *path, char **data, size_t *len);

/*
 * Writes data to path, replacing what was there whole or not at all
 * (support/outfile.h).  Returns 0, or an errno (EIO when the system gave
 * none) after saying it.
 */
int write_file(const char *path, const void *data, size_t len);

/* path joined to dir unless it is absolute; never NULL. */
char *path_join(const char *dir, const char *path);
/*
 * The absolute, normalized form of path (relative to cwd if not absolute):
 * "." and ".." and repeated slashes resolved lexically, symbolic links
 * resolved for the part that exists.
 */
char *path_canonical(const char *path, const char *cwd);
/*
 * path relative to root, or NULL when path is not inside root.  Both must
 * be canonical.  The result points into path.
 */
const char *path_under(const char *path, const char *root);
bool path_is_absolute(const char *);
/* The directory path is in: "." for a bare name, "/" for one at the top. */
char *path_dir(const char *path);
/* Syncs the directory dir, so that renames in it last; best effort. */
void dir_sync(const char *dir);

#endif /* !VNETIFY_UTIL_H */
