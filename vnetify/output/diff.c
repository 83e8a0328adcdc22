/*
 * diff.c: see diff.h.
 *
 * The edits say exactly which bytes changed, so no diff of whole files is
 * needed.  Each edit dirties the original lines from the one holding its
 * first byte to the one holding the byte just after it (an insertion at a
 * line start dirties that line: the inserted text may not end in a
 * newline).  Overlapping runs of dirty lines form blocks; outside them the
 * old and new files agree line for line.  Inside a block the lines both
 * sides share at either end are trimmed, and what remains is matched by a
 * longest common subsequence of lines when it is small enough to be cheap,
 * else shown as one replacement.  Changes then group into hunks the way
 * GNU diff does: two changes share a hunk when at most 2 * DIFF_CONTEXT
 * unchanged lines separate them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edits/edits.h"
#include "output/diff.h"
#include "support/diag.h"
#include "support/hmap.h"
#include "support/util.h"

/* Above this many cells (old x new lines) a block is not matched. */
#define LCS_MAX_CELLS (4u * 1024 * 1024)

/* A buffer's lines: line i is buf[start[i] .. start[i + 1]). */
struct lines {
	const char *buf;
	size_t *start; /* n + 1 entries; start[n] is the length */
	size_t n;
};

/* A run of old lines [o, o + on) that becomes new lines [n, n + nn). */
struct change {
	size_t o, on, n, nn;
};

typedef VEC(struct change) change_vec;

static void
lines_split(struct lines *l, const char *buf, size_t len)
{
	const char *p, *end = buf + len;
	size_t n = 0;

	for (p = buf; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	if (len > 0 && buf[len - 1] != '\n')
		n++;
	l->buf = buf;
	l->n = n;
	l->start = xmalloc((n + 1) * sizeof(*l->start));
	n = 0;
	if (len > 0)
		l->start[n++] = 0;
	for (p = buf; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++)
		if (p + 1 < end)
			l->start[n++] = (size_t)(p + 1 - buf);
	l->start[n] = len;
}

static size_t
line_len(const struct lines *l, size_t i)
{
	return (l->start[i + 1] - l->start[i]);
}

static bool
line_eq(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	size_t n = line_len(a, i);

	return (n == line_len(b, j) &&
	    memcmp(a->buf + a->start[i], b->buf + b->start[j], n) == 0);
}

/* The first line starting at or after byte x; n when there is none. */
static size_t
line_at_or_after(const struct lines *l, size_t x)
{
	size_t lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->start[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/*
 * The line holding byte x.  The end of the buffer belongs to the last line
 * when that line has no newline (text added there joins it), else to the
 * empty line n past the end.
 */
static size_t
line_of(const struct lines *l, size_t x)
{
	size_t i = line_at_or_after(l, x);

	if (i < l->n && l->start[i] == x)
		return (i);
	if (i == l->n && x == l->start[l->n] &&
	    (x == 0 || l->buf[x - 1] == '\n'))
		return (l->n);
	return (i - 1);
}

/*
 * line_of(), from a line at or before the answer: edits come in offset
 * order, so the line is usually *hint or one of the next few.
 */
static size_t
line_of_near(const struct lines *l, size_t x, size_t *hint)
{
	size_t i = *hint, k;

	if (i < l->n && l->start[i] <= x && x < l->start[l->n]) {
		for (k = 0; k < 16 && i + 1 < l->n && l->start[i + 1] <= x; k++)
			i++;
		if (i + 1 == l->n || l->start[i + 1] > x)
			return (*hint = i);
	}
	i = line_of(l, x);
	if (i < l->n)
		*hint = i;
	return (i);
}

static void
add_change(change_vec *cv, size_t o, size_t on, size_t n, size_t nn)
{
	struct change c = {o, on, n, nn};

	if (on > 0 || nn > 0)
		VEC_PUSH(cv, c);
}

static uint64_t
line_hash(const struct lines *l, size_t i)
{
	return (fnv1a(l->buf + l->start[i], line_len(l, i)));
}

static int
cmp_hash(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

/*
 * Might a line of old[oa, ob) also be a line of new[na, nb)?  When none
 * can be, their longest common subsequence is empty and the block is one
 * change; that is the usual block (every line of it edited), and telling
 * it costs a hash a line instead of a table of N x M comparisons.
 */
static bool
may_share_line(const struct lines *ol, size_t oa, size_t ob,
    const struct lines *nl, size_t na, size_t nb)
{
	uint64_t *h, k;
	size_t i, m = nb - na;
	bool shared = false;

	h = xmalloc(m * sizeof(*h));
	for (i = 0; i < m; i++)
		h[i] = line_hash(nl, na + i);
	qsort(h, m, sizeof(*h), cmp_hash);
	for (i = oa; i < ob && !shared; i++) {
		k = line_hash(ol, i);
		shared = bsearch(&k, h, m, sizeof(*h), cmp_hash) != NULL;
	}
	free(h);
	return (shared);
}

/*
 * Old lines [oa, ob) became new lines [na, nb); records the changes
 * between them, with as few changed lines as the matching finds and, where
 * two choices are as good, deletions before insertions.
 */
static void
diff_block(change_vec *cv, const struct lines *ol, size_t oa, size_t ob,
    const struct lines *nl, size_t na, size_t nb)
{
	size_t N, M, i, j, ci, cj, w;
	uint32_t *t;

	while (oa < ob && na < nb && line_eq(ol, oa, nl, na))
		oa++, na++;
	while (oa < ob && na < nb && line_eq(ol, ob - 1, nl, nb - 1))
		ob--, nb--;
	N = ob - oa;
	M = nb - na;
	if (N == 0 || M == 0 || N + 1 > LCS_MAX_CELLS / (M + 1) ||
	    !may_share_line(ol, oa, ob, nl, na, nb)) {
		add_change(cv, oa, N, na, M);
		return;
	}

	/* t[i][j]: length of the LCS of old[oa + i ..] and new[na + j ..]. */
	w = M + 1;
	t = xcalloc((N + 1) * w, sizeof(*t));
	for (i = N; i-- > 0;)
		for (j = M; j-- > 0;)
			t[i * w + j] = line_eq(ol, oa + i, nl, na + j)
			    ? t[(i + 1) * w + j + 1] + 1
			    : (t[(i + 1) * w + j] > t[i * w + j + 1]
				      ? t[(i + 1) * w + j]
				      : t[i * w + j + 1]);
	/* Deletions before insertions when both are as good, as diff does. */
	i = j = ci = cj = 0;
	while (i < N || j < M) {
		if (i < N && j < M && line_eq(ol, oa + i, nl, na + j)) {
			add_change(cv, oa + ci, i - ci, na + cj, j - cj);
			ci = ++i;
			cj = ++j;
		} else if (j == M ||
		    (i < N && t[(i + 1) * w + j] >= t[i * w + j + 1]))
			i++;
		else
			j++;
	}
	add_change(cv, oa + ci, i - ci, na + cj, j - cj);
	free(t);
}

/* The changes from old to new, which the edits e[0..n) made. */
static void
diff_changes(change_vec *cv, const struct lines *ol, const struct lines *nl,
    const struct edit *e, size_t n)
{
	size_t i = 0, la, lb, ela, elb, bs, be, d = 0, bd, at = 0, to = 0;
	size_t olen = ol->start[ol->n];

	while (i < n) {
		la = line_of_near(ol, e[i].off, &at);
		lb = line_of_near(ol, e[i].off + e[i].len, &to);
		bd = 0;
		for (; i < n; i++) {
			ela = line_of_near(ol, e[i].off, &at);
			elb = line_of_near(ol, e[i].off + e[i].len, &to);
			/*
			 * Edits on adjacent lines form one block, so that a
			 * run of changed lines reads as its deletions, then
			 * its insertions.
			 */
			if (ela > lb + 1)
				break;
			if (elb > lb)
				lb = elb;
			bd += strlen(e[i].text) - e[i].len;
		}
		/* Old bytes [bs, be) hold lines la..lb; new ones follow d. */
		bs = la < ol->n ? ol->start[la] : olen;
		be = lb < ol->n ? ol->start[lb + 1] : olen;
		diff_block(cv, ol, la, lb < ol->n ? lb + 1 : ol->n, nl,
		    line_at_or_after(nl, bs + d),
		    line_at_or_after(nl, be + d + bd));
		d += bd;
	}
}

/*
 * A header line: mark, then prefix and rel, which git quotes with C escapes
 * when the name needs it.
 */
static void
add_path(struct strbuf *sb, const char *mark, const char *prefix,
    const char *rel)
{
	const unsigned char *p;
	bool quote = false, space = false;

	for (p = (const unsigned char *)rel; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
			quote = true;
		if (*p == ' ')
			space = true;
	}
	sb_adds(sb, mark);
	if (!quote) {
		sb_adds(sb, prefix);
		sb_adds(sb, rel);
		/* GNU patch ends a name at a tab, else at a space. */
		if (space)
			sb_addc(sb, '\t');
		sb_addc(sb, '\n');
		return;
	}
	sb_addc(sb, '"');
	sb_adds(sb, prefix);
	for (p = (const unsigned char *)rel; *p != '\0'; p++) {
		switch (*p) {
		case '"':
		case '\\':
			sb_addc(sb, '\\');
			sb_addc(sb, (char)*p);
			break;
		case '\a':
			sb_adds(sb, "\\a");
			break;
		case '\b':
			sb_adds(sb, "\\b");
			break;
		case '\t':
			sb_adds(sb, "\\t");
			break;
		case '\n':
			sb_adds(sb, "\\n");
			break;
		case '\v':
			sb_adds(sb, "\\v");
			break;
		case '\f':
			sb_adds(sb, "\\f");
			break;
		case '\r':
			sb_adds(sb, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				sb_addf(sb, "\\%03o", *p);
			else
				sb_addc(sb, (char)*p);
		}
	}
	sb_adds(sb, "\"\n");
}

static void
add_line(struct strbuf *sb, char mark, const struct lines *l, size_t i)
{
	size_t n = line_len(l, i);

	sb_addc(sb, mark);
	sb_add(sb, l->buf + l->start[i], n);
	if (n == 0 || l->buf[l->start[i] + n - 1] != '\n')
		sb_adds(sb, "\n\\ No newline at end of file\n");
}

/* A hunk range: the line before it when empty, the count only when not 1. */
static void
add_range(struct strbuf *sb, char mark, size_t start, size_t count)
{
	if (count == 0)
		sb_addf(sb, "%c%zu,0", mark, start);
	else if (count == 1)
		sb_addf(sb, "%c%zu", mark, start + 1);
	else
		sb_addf(sb, "%c%zu,%zu", mark, start + 1, count);
}

static void
diff_hunks(struct strbuf *sb, const change_vec *cv, const struct lines *ol,
    const struct lines *nl)
{
	size_t i, j, k, h0, h1, pos, grow, x;

	for (i = 0; i < cv->n; i = j) {
		/* Changes i..j-1 share a hunk. */
		for (j = i + 1; j < cv->n; j++)
			if (cv->v[j].o - (cv->v[j - 1].o + cv->v[j - 1].on) >
			    2 * DIFF_CONTEXT)
				break;
		h0 = cv->v[i].o > DIFF_CONTEXT ? cv->v[i].o - DIFF_CONTEXT : 0;
		h1 = cv->v[j - 1].o + cv->v[j - 1].on;
		h1 = ol->n - h1 > DIFF_CONTEXT ? h1 + DIFF_CONTEXT : ol->n;
		grow = 0;
		for (k = i; k < j; k++)
			grow += cv->v[k].nn - cv->v[k].on;
		sb_adds(sb, "@@ ");
		add_range(sb, '-', h0, h1 - h0);
		sb_addc(sb, ' ');
		/* The new side starts where the old one does, shifted. */
		add_range(sb, '+', cv->v[i].n - (cv->v[i].o - h0),
		    h1 - h0 + grow);
		sb_adds(sb, " @@\n");
		pos = h0;
		for (k = i; k < j; k++) {
			for (; pos < cv->v[k].o; pos++)
				add_line(sb, ' ', ol, pos);
			for (x = 0; x < cv->v[k].on; x++)
				add_line(sb, '-', ol, cv->v[k].o + x);
			for (x = 0; x < cv->v[k].nn; x++)
				add_line(sb, '+', nl, cv->v[k].n + x);
			pos = cv->v[k].o + cv->v[k].on;
		}
		for (; pos < h1; pos++)
			add_line(sb, ' ', ol, pos);
	}
}

/* The diff of one file; nothing when the edits leave it as it was. */
static void
diff_file(struct strbuf *sb, const char *rel, const char *old, size_t olen,
    const struct edit *e, size_t n)
{
	struct lines ol, nl;
	change_vec cv = {0};
	size_t nlen;
	char *new;

	new = edits_apply_buffer(old, olen, e, n, &nlen);
	if (nlen == olen && memcmp(old, new, olen) == 0) {
		free(new);
		return;
	}
	lines_split(&ol, old, olen);
	lines_split(&nl, new, nlen);
	diff_changes(&cv, &ol, &nl, e, n);
	add_path(sb, "--- ", "a/", rel);
	add_path(sb, "+++ ", "b/", rel);
	diff_hunks(sb, &cv, &ol, &nl);
	VEC_FREE(&cv);
	free(ol.start);
	free(nl.start);
	free(new);
}

/* The diff with a terminal's colours: file headers bold, hunks cyan,
 * removed lines red, added ones green. */
static void
colorize(struct strbuf *sb)
{
	struct strbuf c = STRBUF_INIT;
	const char *s = sb_str(sb), *nl, *code;
	size_t len;

	for (; *s != '\0'; s = nl + 1) {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		code = strncmp(s, "+++ ", 4) == 0 || strncmp(s, "--- ", 4) == 0
		    ? "1"
		    : s[0] == '@' ? "36"
		    : s[0] == '+' ? "32"
		    : s[0] == '-' ? "31"
				  : NULL;
		if (code != NULL)
			sb_addf(&c, "\033[%sm", code);
		sb_add(&c, s, len);
		if (code != NULL)
			sb_adds(&c, "\033[0m");
		sb_addc(&c, '\n');
		if (nl == NULL)
			break;
	}
	sb_free(sb);
	*sb = c;
}

int
diff_write(FILE *out, const char *root, const struct edit_set *set)
{
	return (diff_write_colored(out, root, set, false));
}

int
diff_write_colored(FILE *out, const char *root, const struct edit_set *set,
    bool color)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, nf = edits_nfiles(set), n, len;
	char *croot, **canon, *data;
	const struct edit *e;
	const char *file, *rel;
	int error = 0, rerr;

	croot = path_canonical(root, NULL);
	canon = xcalloc(nf, sizeof(*canon));
	/* Refuse before reading anything, so that nothing half-done escapes. */
	for (i = 0; i < nf; i++) {
		file = edits_file(set, i);
		canon[i] = path_canonical(file, NULL);
		rel = path_under(canon[i], croot);
		if (rel == NULL || *rel == '\0') {
			diag_error(file, 0, 0,
			    "is not under the root %s; no diff written", croot);
			error = EXDEV;
		}
	}
	for (i = 0; i < nf && error == 0; i++) {
		file = edits_file(set, i);
		rerr = read_file(canon[i], &data, &len);
		if (rerr != 0) {
			diag_error(file, 0, 0,
			    "cannot read: %s; no diff written", strerror(rerr));
			error = rerr;
			break;
		}
		switch (edits_check_contents(set, file, data, len)) {
		case EDITS_CONTENTS_MATCH:
		case EDITS_CONTENTS_UNKNOWN:
			e = edits_for_file(set, file, &n);
			diff_file(&sb, path_under(canon[i], croot), data, len,
			    e, n);
			break;
		case EDITS_CONTENTS_INCONSISTENT:
			diag_error(file, 0, 0,
			    "changed while it was being read; run again");
			error = ESTALE;
			break;
		case EDITS_CONTENTS_CHANGED:
		case EDITS_CONTENTS_SHORT:
			diag_error(file, 0, 0,
			    "changed since it was parsed; run again");
			error = ESTALE;
			break;
		}
		free(data);
	}
	if (error == 0 && color && sb.len > 0)
		colorize(&sb);
	if (error == 0 && sb.len > 0 &&
	    (fwrite(sb.s, 1, sb.len, out) != sb.len || fflush(out) != 0)) {
		diag_error(NULL, 0, 0, "cannot write the diff: %s",
		    strerror(errno));
		error = EIO;
	}
	for (i = 0; i < nf; i++)
		free(canon[i]);
	free(canon);
	free(croot);
	sb_free(&sb);
	return (error);
}
