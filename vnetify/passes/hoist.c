/*
 * hoist.c: function-local statics move to file scope, just above their
 * function (before its comment block), under a name made of the
 * function's and their own.  The statement goes from the function; the
 * comments that describe it go with it.
 */
#include <stdlib.h>
#include <string.h>

#include "model/tokens.h"
#include "passes/decls.h"

/* Where text can go just above a function: before its comment block. */
static uint32_t
above_function(const struct srcfile *f, uint32_t func_start)
{
	size_t i = tok_at_or_after(&f->toks, func_start);
	uint32_t pos = (uint32_t)line_start(f->data, func_start);

	while (i > 0 && f->toks.t[i - 1].kind == TOK_COMMENT &&
	    f->toks.t[i - 1].bol &&
	    line_end(f->data, f->len, tok_end(f, i - 1) - 1) == pos) {
		pos = (uint32_t)line_start(f->data, f->toks.t[i - 1].off);
		i--;
	}
	return (pos);
}

/* s[0, n) without the first ilen bytes of indent after each newline. */
static char *
dedent(const char *s, size_t n, const char *indent, size_t ilen)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		sb_addc(&sb, s[i]);
		if (s[i] == '\n' && ilen > 0 && n - i - 1 >= ilen &&
		    memcmp(s + i + 1, indent, ilen) == 0)
			i += ilen;
	}
	return (sb_detach(&sb));
}

/*
 * A block whose declarations all move out keeps no blank line between
 * them and its code: style(9) puts one there only when there are
 * declarations.  The statement (its first token, comments above it
 * included, is first) takes lines [ls, le); they are at the top of the
 * block when the token before is its '{' or ends lines the previous
 * hoist of this file deleted from the top.  Then a blank line after them
 * goes too, unless the block ends there.  Returns the new le.
 */
static uint32_t
drop_separator(struct plan *p, struct srcfile *f, size_t first, uint32_t ls,
    uint32_t le)
{
	struct file_plan *fp = plan_file(p, f);
	bool top = (first > 0 && tok_punct(f, first - 1, "{")) ||
	    (fp->hoist_top_end != 0 && fp->hoist_top_end == ls);
	uint32_t b = le;

	fp->hoist_top_end = top ? le : 0;
	if (!top)
		return (le);
	while (b < f->len && (f->data[b] == ' ' || f->data[b] == '\t'))
		b++;
	if (b >= f->len || f->data[b] != '\n')
		return (le);
	b++;
	while (b < f->len &&
	    (f->data[b] == ' ' || f->data[b] == '\t' || f->data[b] == '\n'))
		b++;
	if (b >= f->len || f->data[b] == '}')
		return (le);
	return ((uint32_t)line_start(f->data, b) > le
		? (uint32_t)line_end(f->data, f->len, le)
		: le);
}

/*
 * Delete a local statement: whole lines when it has them to itself.  Then
 * a comment after it on its last line and the comment block on the lines
 * right above it describe it, and move with it: *trailing and *leading
 * (de-indented for file scope), NULL when there is none.  A statement that
 * shares its lines keeps its comments where they are.
 */
void
hoist_delete_statement(struct plan *p, struct srcfile *f,
    const struct decl_stmt *ds, char **trailing, char **leading)
{
	uint32_t a = f->toks.t[ds->first].off, b = tok_end(f, ds->semi);
	uint32_t ls = (uint32_t)line_start(f->data, a);
	uint32_t le = (uint32_t)line_end(f->data, f->len, b - 1);
	size_t i, c = SIZE_MAX;
	bool alone = true;

	*trailing = *leading = NULL;
	for (i = ls; i < a; i++)
		if (f->data[i] != ' ' && f->data[i] != '\t')
			alone = false;
	if (ds->semi + 1 < f->toks.n && f->toks.t[ds->semi + 1].off < le) {
		if (f->toks.t[ds->semi + 1].kind == TOK_COMMENT &&
		    (ds->semi + 2 >= f->toks.n ||
			f->toks.t[ds->semi + 2].off >= le))
			c = ds->semi + 1;
		else
			alone = false;
	}
	if (!alone) {
		/* With the blanks after it, so what follows does not shift. */
		while (b < f->len && (f->data[b] == ' ' || f->data[b] == '\t'))
			b++;
		plan_edit(p, f, a, b - a, "", 0, "hoisted local");
		return;
	}
	if (c != SIZE_MAX)
		*trailing =
		    xstrndup(f->data + f->toks.t[c].off, f->toks.t[c].len);
	for (i = ds->first; i > 0 && f->toks.t[i - 1].kind == TOK_COMMENT &&
	    f->toks.t[i - 1].bol &&
	    line_end(f->data, f->len, tok_end(f, i - 1) - 1) == ls;
	    i--)
		ls = (uint32_t)line_start(f->data, f->toks.t[i - 1].off);
	if (i < ds->first)
		*leading = dedent(f->data + f->toks.t[i].off,
		    tok_end(f, ds->first - 1) - f->toks.t[i].off, f->data + ls,
		    f->toks.t[i].off - ls);
	le = drop_separator(p, f, i, ls, le);
	plan_edit(p, f, ls, le - ls, "", 0, "hoisted local");
}

/* Put the comment that moved with a statement above its first hoist. */
void
hoist_comment(hoist_vec *hoists, size_t first, char *leading)
{
	char *t;

	if (leading == NULL || first >= hoists->n)
		return;
	t = xasprintf("%s\n%s", leading, hoists->v[first].text);
	free(hoists->v[first].text);
	hoists->v[first].text = t;
}

void
hoists_emit(struct plan *p, hoist_vec *hoists)
{
	size_t i;

	for (i = 0; i < hoists->n; i++) {
		struct hoist *h = &hoists->v[i];
		char *t = xasprintf("%s\n", h->text);

		plan_edit(p, h->f, above_function(h->f, h->func_start), 0, t,
		    (int)h->order, "hoisted definition");
		plan_file(p, h->f)->needs_include = true;
		free(t);
		free(h->text);
	}
}
