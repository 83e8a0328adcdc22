/*
 * edits.c: see edits.h.
 *
 * A set keeps its strings (paths, replacement texts, notes) interned in one
 * table: a large tree yields hundreds of thousands of edits that name a few
 * thousand files and repeat the same few hundred texts ("V_foo_count"), so
 * each distinct string is stored once.  The table also carries, for a path,
 * the index of its content record.
 *
 * Determinism rests on sorting by every field of an edit: whatever order
 * the edits arrived in, the sorted array is the same, and so is every
 * decision finalize takes from it.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "edits/edits.h"
#include "support/diag.h"
#include "support/hmap.h"
#include "support/util.h"

#define NO_EXPECT ((size_t)-1)

struct str {
	char *s;
	uint64_t hash;
	size_t expect; /* index into expects, or NO_EXPECT */
};

struct expect {
	char *file;
	size_t size;
	uint64_t hash;
	bool inconsistent;
};

struct file_range {
	const char *file;
	size_t first, n;
};

struct edit_set {
	struct str *tab; /* open addressing; a power of two long */
	size_t ntab, used;
	VEC(struct edit) edits;
	VEC(struct expect) expects;
	bool finalized;
	VEC(struct file_range) files; /* valid while finalized */
	/* What edits_add() interned last: a file's edits come together. */
	char *last_file, *last_why;
};

uint64_t
fnv1a64(const void *p, size_t n)
{
	return (fnv1a(p, n));
}

static void
tab_grow(struct edit_set *set)
{
	struct str *old = set->tab;
	size_t nold = set->ntab, i, j;

	set->ntab = nold ? nold * 2 : 256;
	set->tab = xcalloc(set->ntab, sizeof(*set->tab));
	for (i = 0; i < nold; i++) {
		if (old[i].s == NULL)
			continue;
		j = (size_t)old[i].hash & (set->ntab - 1);
		while (set->tab[j].s != NULL)
			j = (j + 1) & (set->ntab - 1);
		set->tab[j] = old[i];
	}
	free(old);
}

/* The set's copy of s, made on first sight. */
static struct str *
intern(struct edit_set *set, const char *s)
{
	uint64_t h = fnv1a64(s, strlen(s));
	size_t j;

	if ((set->used + 1) * 4 > set->ntab * 3)
		tab_grow(set);
	j = (size_t)h & (set->ntab - 1);
	while (set->tab[j].s != NULL) {
		if (set->tab[j].hash == h && strcmp(set->tab[j].s, s) == 0)
			return (&set->tab[j]);
		j = (j + 1) & (set->ntab - 1);
	}
	set->tab[j].s = xstrdup(s);
	set->tab[j].hash = h;
	set->tab[j].expect = NO_EXPECT;
	set->used++;
	return (&set->tab[j]);
}

/* The entry for s if the set has seen it, else NULL. */
static const struct str *
lookup(const struct edit_set *set, const char *s)
{
	uint64_t h;
	size_t j;

	if (set->ntab == 0)
		return (NULL);
	h = fnv1a64(s, strlen(s));
	j = (size_t)h & (set->ntab - 1);
	while (set->tab[j].s != NULL) {
		if (set->tab[j].hash == h && strcmp(set->tab[j].s, s) == 0)
			return (&set->tab[j]);
		j = (j + 1) & (set->ntab - 1);
	}
	return (NULL);
}

struct edit_set *
edits_new(void)
{
	return (xcalloc(1, sizeof(struct edit_set)));
}

void
edits_free(struct edit_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->ntab; i++)
		free(set->tab[i].s);
	free(set->tab);
	VEC_FREE(&set->edits);
	VEC_FREE(&set->expects);
	VEC_FREE(&set->files);
	free(set);
}

/* intern(), when s is not the string *last already holds. */
static char *
intern_again(struct edit_set *set, char **last, const char *s)
{
	if (*last == NULL || strcmp(*last, s) != 0)
		*last = intern(set, s)->s;
	return (*last);
}

void
edits_add(struct edit_set *set, const char *file, size_t off, size_t len,
    const char *text, int order, const char *why)
{
	struct edit e;

	if (off + len < off)
		fatal("edit of %s: range %zu+%zu overflows", file, off, len);
	e.file = intern_again(set, &set->last_file, file);
	e.off = off;
	e.len = len;
	e.text = intern(set, text != NULL ? text : "")->s;
	e.order = order;
	e.why = why != NULL ? intern_again(set, &set->last_why, why) : NULL;
	VEC_PUSH(&set->edits, e);
	set->finalized = false;
}

void
edits_expect(struct edit_set *set, const char *file, size_t size, uint64_t hash)
{
	struct str *f = intern(set, file);
	struct expect *x;

	if (f->expect == NO_EXPECT) {
		struct expect nx = {f->s, size, hash, false};

		f->expect = set->expects.n;
		VEC_PUSH(&set->expects, nx);
		return;
	}
	x = &set->expects.v[f->expect];
	if (x->size != size || x->hash != hash)
		x->inconsistent = true;
}

void
edits_expect_data(struct edit_set *set, const char *file, const void *data,
    size_t size)
{
	edits_expect(set, file, size, content_hash(data, size));
}

void
edits_merge(struct edit_set *dst, const struct edit_set *src)
{
	const struct edit *e;
	const struct expect *x;
	size_t i;

	if (dst == src)
		return;
	VEC_RESERVE(&dst->edits, dst->edits.n + src->edits.n);
	for (i = 0; i < src->edits.n; i++) {
		e = &src->edits.v[i];
		edits_add(dst, e->file, e->off, e->len, e->text, e->order,
		    e->why);
	}
	for (i = 0; i < src->expects.n; i++) {
		x = &src->expects.v[i];
		edits_expect(dst, x->file, x->size, x->hash);
		if (x->inconsistent)
			dst->expects.v[lookup(dst, x->file)->expect]
			    .inconsistent = true;
	}
	dst->finalized = false;
}

size_t
edits_count(const struct edit_set *set)
{
	return (set->edits.n);
}

static int
cmp_size(size_t a, size_t b)
{
	return (a < b ? -1 : a > b);
}

/* NULL sorts first. */
static int
cmp_str(const char *a, const char *b)
{
	if (a == b)
		return (0);
	if (a == NULL || b == NULL)
		return (a == NULL ? -1 : 1);
	return (strcmp(a, b));
}

/*
 * Duplicates adjacent, the one to keep first: lowest order, then one that
 * says why, then the first why.
 */
static int
cmp_dedup(const void *pa, const void *pb)
{
	const struct edit *a = pa, *b = pb;
	int c;

	if ((c = cmp_str(a->file, b->file)) != 0 ||
	    (c = cmp_size(a->off, b->off)) != 0 ||
	    (c = cmp_size(a->len, b->len)) != 0 ||
	    (c = cmp_str(a->text, b->text)) != 0)
		return (c);
	if (a->order != b->order)
		return (a->order < b->order ? -1 : 1);
	if ((a->why == NULL) != (b->why == NULL))
		return (a->why == NULL ? 1 : -1);
	return (cmp_str(a->why, b->why));
}

/*
 * The order of application.  At one offset len 0 sorts first, so the
 * insertions there precede the replacement that starts there; among them,
 * order and then text decide.
 */
static int
cmp_final(const void *pa, const void *pb)
{
	const struct edit *a = pa, *b = pb;
	int c;

	if ((c = cmp_str(a->file, b->file)) != 0 ||
	    (c = cmp_size(a->off, b->off)) != 0 ||
	    (c = cmp_size(a->len, b->len)) != 0)
		return (c);
	if (a->order != b->order)
		return (a->order < b->order ? -1 : 1);
	if ((c = cmp_str(a->text, b->text)) != 0)
		return (c);
	return (cmp_str(a->why, b->why));
}

static bool
same_edit(const struct edit *a, const struct edit *b)
{
	/* Interned: equal strings are the same pointer. */
	return (a->file == b->file && a->off == b->off && a->len == b->len &&
	    a->text == b->text);
}

size_t
edits_finalize(struct edit_set *set, edit_conflict_fn cb, void *arg)
{
	struct edit *v = set->edits.v;
	size_t n = set->edits.n, i, j, k, end, nconflicts = 0;
	bool *gone;

	if (n > 1)
		xqsort(v, n, sizeof(*v), cmp_dedup);
	for (i = j = 0; i < n; i++)
		if (j == 0 || !same_edit(&v[j - 1], &v[i]))
			v[j++] = v[i];
	n = set->edits.n = j;
	if (n > 1)
		xqsort(v, n, sizeof(*v), cmp_final);

	/*
	 * Sorted by offset, every edit that overlaps a replacement follows it
	 * and starts before its end; nothing can overlap an insertion except a
	 * replacement that starts earlier.  An insertion at a replacement's
	 * start sorts before it and one at its end starts at end, so neither
	 * is seen here.
	 */
	gone = xcalloc(n, sizeof(*gone));
	for (i = 0; i < n; i++) {
		if (v[i].len == 0)
			continue;
		end = v[i].off + v[i].len;
		for (k = i + 1;
		    k < n && v[k].file == v[i].file && v[k].off < end; k++) {
			if (cb != NULL)
				cb(&v[i], &v[k], arg);
			gone[i] = gone[k] = true;
			nconflicts++;
		}
	}
	for (i = j = 0; i < n; i++)
		if (!gone[i])
			v[j++] = v[i];
	set->edits.n = n = j;
	free(gone);

	set->files.n = 0;
	for (i = 0; i < n; i = j) {
		struct file_range fr;

		for (j = i + 1; j < n && v[j].file == v[i].file; j++)
			;
		fr.file = v[i].file;
		fr.first = i;
		fr.n = j - i;
		VEC_PUSH(&set->files, fr);
	}
	set->finalized = true;
	return (nconflicts);
}

static void
need_final(const struct edit_set *set, const char *what)
{
	if (!set->finalized)
		fatal("%s: the edit set is not finalized", what);
}

size_t
edits_nfiles(const struct edit_set *set)
{
	need_final(set, "edits_nfiles");
	return (set->files.n);
}

const char *
edits_file(const struct edit_set *set, size_t i)
{
	need_final(set, "edits_file");
	if (i >= set->files.n)
		fatal("edits_file: %zu of %zu", i, set->files.n);
	return (set->files.v[i].file);
}

const struct edit *
edits_for_file(const struct edit_set *set, const char *file, size_t *n)
{
	size_t lo = 0, hi, mid;
	int c;

	need_final(set, "edits_for_file");
	hi = set->files.n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(file, set->files.v[mid].file);
		if (c == 0) {
			*n = set->files.v[mid].n;
			return (&set->edits.v[set->files.v[mid].first]);
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*n = 0;
	return (NULL);
}

char *
edits_apply_buffer(const char *orig, size_t len, const struct edit *e, size_t n,
    size_t *outlen)
{
	size_t i, pos = 0, total = len, tl;
	char *out, *o;

	for (i = 0; i < n; i++) {
		if (e[i].off > len || e[i].len > len - e[i].off)
			fatal("edit %zu+%zu of %s is past its end (%zu bytes)",
			    e[i].off, e[i].len,
			    e[i].file ? e[i].file : "a buffer", len);
		if (e[i].off < pos)
			fatal("edit %zu+%zu of %s overlaps the one before it",
			    e[i].off, e[i].len,
			    e[i].file ? e[i].file : "a buffer");
		pos = e[i].off + e[i].len;
		total = total - e[i].len + strlen(e[i].text);
	}
	out = o = xmalloc(total + 1);
	pos = 0;
	for (i = 0; i < n; i++) {
		memcpy(o, orig + pos, e[i].off - pos);
		o += e[i].off - pos;
		tl = strlen(e[i].text);
		memcpy(o, e[i].text, tl);
		o += tl;
		pos = e[i].off + e[i].len;
	}
	memcpy(o, orig + pos, len - pos);
	o += len - pos;
	*o = '\0';
	*outlen = total;
	return (out);
}

enum edits_contents
edits_check_contents(const struct edit_set *set, const char *file,
    const char *data, size_t len)
{
	const struct str *f = lookup(set, file);
	const struct expect *x = NULL;
	const struct edit *e;
	size_t n, i;

	if (f != NULL && f->expect != NO_EXPECT)
		x = &set->expects.v[f->expect];
	if (x != NULL && x->inconsistent)
		return (EDITS_CONTENTS_INCONSISTENT);
	if (x != NULL && (x->size != len || x->hash != content_hash(data, len)))
		return (EDITS_CONTENTS_CHANGED);
	e = edits_for_file(set, file, &n);
	for (i = 0; i < n; i++)
		if (e[i].off > len || e[i].len > len - e[i].off)
			return (EDITS_CONTENTS_SHORT);
	return (x != NULL ? EDITS_CONTENTS_MATCH : EDITS_CONTENTS_UNKNOWN);
}
