/*
 * layout.c: rewritten lines stay within 80 columns.  A sysctl
 * registration that grows past column 80 is laid out again once every
 * edit inside it is known: its arguments, edits applied, filled up to
 * column 80 with the continuation indent the call had.
 */
#include <stdlib.h>
#include <string.h>

#include "model/tokens.h"
#include "passes/plan.h"

size_t
text_width(const char *t, size_t n, size_t col)
{
	size_t i;

	for (i = 0; i < n; i++)
		col = t[i] == '\t' ? (col + 8) & ~(size_t)7 : col + 1;
	return (col);
}

void
plan_request_reflow(struct plan *p, struct srcfile *f, uint32_t a, uint32_t b)
{
	size_t i;

	for (i = 0; i < p->reflows.n; i++)
		if (p->reflows.v[i].f == f && p->reflows.v[i].a == a)
			return;
	VEC_PUSH(&p->reflows, ((struct reflow){f, a, b}));
}

/*
 * The continuation indent of the call at [a, b): the leading white space
 * of its second line, or four spaces past its own line's when it has one
 * line only.
 */
static char *
reflow_indent(const struct srcfile *f, uint32_t a, uint32_t b)
{
	size_t ls = line_start(f->data, a), e, n;
	const char *nl = memchr(f->data + a, '\n', b - a);

	if (nl != NULL) {
		e = (size_t)(nl - f->data) + 1;
		for (n = 0; e + n < b &&
		    (f->data[e + n] == ' ' || f->data[e + n] == '\t');
		    n++)
			;
		return (xstrndup(f->data + e, n));
	}
	for (n = 0; f->data[ls + n] == ' ' || f->data[ls + n] == '\t'; n++)
		;
	return (xasprintf("%.*s    ", (int)n, f->data + ls));
}

/* One call's new layout; the text already has every edit applied. */
static char *
reflow_text(const char *text, size_t col, const char *indent)
{
	struct strbuf out = STRBUF_INIT, arg = STRBUF_INIT;
	struct toklist tl = {0};
	size_t i, lp = SIZE_MAX, start;
	int depth = 0;
	bool first = true;

	lex(text, strlen(text), &tl);
	for (i = 0; i < tl.n && lp == SIZE_MAX; i++)
		if (tok_is_punct(text, &tl.t[i], "("))
			lp = i;
	if (lp == SIZE_MAX) {
		toklist_free(&tl);
		return (xstrdup(text));
	}
	sb_add(&out, text, tl.t[lp].off + 1);
	col = text_width(text, tl.t[lp].off + 1, col);
	start = lp + 1;
	for (i = lp + 1; i < tl.n; i++) {
		const struct tok *t = &tl.t[i];
		bool close = depth == 0 && tok_is_punct(text, t, ")");
		bool comma = depth == 0 && tok_is_punct(text, t, ",");

		if (!close && !comma) {
			if (tok_is_punct(text, t, "(") ||
			    tok_is_punct(text, t, "[") ||
			    tok_is_punct(text, t, "{"))
				depth++;
			else if (tok_is_punct(text, t, ")") ||
			    tok_is_punct(text, t, "]") ||
			    tok_is_punct(text, t, "}"))
				depth--;
			if (i > start && t->ws)
				sb_addc(&arg, ' ');
			sb_add(&arg, text + t->off, t->len);
			continue;
		}
		sb_addc(&arg, close ? ')' : ',');
		if (!first && col + 1 + arg.len > 80) {
			sb_addf(&out, "\n%s", indent);
			col = text_width(indent, strlen(indent), 0);
		} else if (!first) {
			sb_addc(&out, ' ');
			col++;
		}
		sb_adds(&out, sb_str(&arg));
		col += arg.len;
		sb_reset(&arg);
		first = false;
		start = i + 1;
		if (close)
			break;
	}
	sb_free(&arg);
	toklist_free(&tl);
	return (sb_detach(&out));
}

void
plan_reflow(struct plan *p)
{
	struct reflow *r;
	char *text, *indent, *laid;
	size_t i, col;

	for (i = 0; i < p->reflows.n; i++) {
		r = &p->reflows.v[i];
		text = plan_render(p, r->f, r->a, r->b, true, false);
		indent = reflow_indent(r->f, r->a, r->b);
		col = text_width(r->f->data + line_start(r->f->data, r->a),
		    r->a - line_start(r->f->data, r->a), 0);
		laid = reflow_text(text, col, indent);
		plan_edit(p, r->f, r->a, r->b - r->a, laid, 0, "layout");
		free(laid);
		free(indent);
		free(text);
	}
}
