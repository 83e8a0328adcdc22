/*
 * continuations.c: a macro's line-continuation backslashes stay in their
 * column.  Code bases align them (lwIP with spaces, FreeBSD with tabs):
 *
 *	#define TCP_REG_ACTIVE(npcb)                       \
 *	    TCP_REG(&tcp_active_pcbs, npcb);               \
 *
 * and a line that an edit makes longer (V_tcp_active_pcbs) or shorter
 * would push its backslash out of the column.  The white space before the
 * backslash is given back or taken, as far as it goes, so that the
 * backslash sits where it was; written with the tabs or spaces the line
 * used.  Lines whose edits reach into that white space or run over more
 * than the line are left as they are.
 */
#include <stdlib.h>
#include <string.h>

#include "model/lex.h"
#include "passes/plan.h"
#include "support/keysort.h"

static int
cmp_by_place(const void *pa, const void *pb)
{
	const struct pending_edit *a = *(const struct pending_edit *const *)pa;
	const struct pending_edit *b = *(const struct pending_edit *const *)pb;

	if (a->off != b->off)
		return (a->off < b->off ? -1 : 1);
	if (a->len != b->len)
		return (a->len < b->len ? -1 : 1);
	if (a->order != b->order)
		return (a->order < b->order ? -1 : 1);
	return (strcmp(a->text, b->text));
}

static uint64_t
key_by_place(const void *pa)
{
	const struct pending_edit *a = *(const struct pending_edit *const *)pa;

	return ((uint64_t)a->off << 32 | a->len);
}

static bool
same_edit(const struct pending_edit *a, const struct pending_edit *b)
{
	return (a->off == b->off && a->len == b->len &&
	    strcmp(a->text, b->text) == 0);
}

/*
 * White space that takes a line from column from to column to, in tabs
 * when the old run had one; at least one character.
 */
static char *
fill(size_t from, size_t to, bool tabs)
{
	struct strbuf sb = STRBUF_INIT;
	size_t col = from;

	if (tabs)
		while (((col + 8) & ~(size_t)7) <= to) {
			sb_addc(&sb, '\t');
			col = (col + 8) & ~(size_t)7;
		}
	for (; col < to; col++)
		sb_addc(&sb, ' ');
	if (sb.len == 0)
		sb_addc(&sb, tabs ? '\t' : ' ');
	return (sb_detach(&sb));
}

/* A white space run to replace, found before it can be added. */
struct refill {
	uint32_t off, len;
	char *text;
};

/*
 * The edits e[0..n) all lie on the line [ls, le) of f: the white space
 * that keeps its final backslash in its column, if it needs new.
 */
static bool
keep_line(const struct srcfile *f, size_t ls, size_t le,
    struct pending_edit *const *e, size_t n, struct refill *r)
{
	const char *d = f->data;
	struct strbuf line = STRBUF_INIT;
	size_t b = le, w, at = ls, i, c_old, e_old, e_new;
	char *run;

	if (b > ls && d[b - 1] == '\r')
		b--;
	if (b == ls || d[b - 1] != '\\')
		return (false);
	b--;
	for (w = b; w > ls && (d[w - 1] == ' ' || d[w - 1] == '\t'); w--)
		;
	if (w == b || w == ls)
		return (false);
	for (i = 0; i < n; i++) {
		if (e[i]->off < at || e[i]->off + e[i]->len > w ||
		    strchr(e[i]->text, '\n') != NULL) {
			sb_free(&line);
			return (false); /* overlapping, or past the text */
		}
		sb_add(&line, d + at, e[i]->off - at);
		sb_adds(&line, e[i]->text);
		at = e[i]->off + e[i]->len;
	}
	sb_add(&line, d + at, w - at);
	e_old = text_width(d + ls, w - ls, 0);
	e_new = text_width(line.s, line.len, 0);
	c_old = text_width(d + ls, b - ls, 0);
	sb_free(&line);
	if (e_new == e_old)
		return (false);
	run = fill(e_new, c_old, memchr(d + w, '\t', b - w) != NULL);
	if (strlen(run) == b - w && memcmp(run, d + w, b - w) == 0) {
		free(run);
		return (false);
	}
	r->off = (uint32_t)w;
	r->len = (uint32_t)(b - w);
	r->text = run;
	return (true);
}

static void
keep_file(struct plan *p, struct file_plan *fp)
{
	struct srcfile *f = fp->f;
	struct pending_edit **e;
	VEC(struct refill) todo = {0};
	struct refill r;
	size_t i, j, k, n = 0, ls, le;
	const char *nl;

	e = xcalloc(fp->pending.n + 1, sizeof(*e));
	for (i = 0; i < fp->pending.n; i++)
		if (fp->pending.v[i].text != NULL)
			e[n++] = &fp->pending.v[i];
	keysort(e, n, sizeof(*e), key_by_place, cmp_by_place);
	for (i = j = 0; i < n; i++)
		if (j == 0 || !same_edit(e[j - 1], e[i]))
			e[j++] = e[i];
	n = j;
	for (i = 0; i < n; i = k) {
		ls = line_start(f->data, e[i]->off);
		nl = memchr(f->data + e[i]->off, '\n', f->len - e[i]->off);
		le = nl != NULL ? (size_t)(nl - f->data) : f->len;
		for (k = i; k < n && e[k]->off <= le &&
		    line_start(f->data, e[k]->off) == ls;
		    k++)
			;
		if (nl != NULL && keep_line(f, ls, le, e + i, k - i, &r))
			VEC_PUSH(&todo, r);
	}
	free(e);
	/* Added only now: adding moves the edits e points into. */
	for (i = 0; i < todo.n; i++) {
		plan_edit(p, f, todo.v[i].off, todo.v[i].len, todo.v[i].text, 0,
		    "continuation column");
		free(todo.v[i].text);
	}
	VEC_FREE(&todo);
}

void
plan_keep_continuations(struct plan *p)
{
	size_t i, n;

	n = p->files.cap;
	for (i = 0; i < n; i++)
		if (p->files.slots[i].key != NULL)
			keep_file(p, p->files.slots[i].val);
}
