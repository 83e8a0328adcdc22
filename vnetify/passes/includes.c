/*
 * includes.c: the runtime header, where a file needs it.
 *
 * A header that gains VNET_DECLARE includes the runtime header itself, so
 * it stays self-contained.  A main file gets it only if nothing it already
 * includes (directly, or through a header gaining it now) provides it.
 * The line goes after the last #include of the file's opening block, in
 * the angle-bracket group when the header is written with <>, so that it
 * precedes every use; when a macro body of the file gets VNET_DEFINE, the
 * block ends at that #define, since an #include after it may expand it
 * (an X-macro list).
 */
#include <stdlib.h>
#include <string.h>

#include "model/tokens.h"
#include "passes/plan.h"

/*
 * Is the group directive d opens a guard: does it end with the file, its
 * #endif the last directive, nothing but comments after it?  Only then
 * is a line inside it in every build that reads the file at all: "#ifndef
 * DBG #define DBG 0 #endif" at the top of a file is a default, and a
 * build with -DDBG skips it.  (A guard with a line after its #endif is
 * taken for none: the runtime header then goes before it, which is as
 * good, its own guard being its own.)
 */
static bool
group_is_guard(const struct srcfile *f, size_t d)
{
	size_t j, n;
	int depth = 0;

	for (j = d; j < f->toks.n; j++) {
		if (!f->toks.t[j].pp ||
		    tok_directive(&f->toks, f->data, j) != j)
			continue;
		if (tok_opens_group(f, j))
			depth++;
		else if (tok_eq(f, j, "endif") && --depth == 0)
			break;
	}
	if (j >= f->toks.n)
		return (false);
	/* The rest of the #endif line, then comments only. */
	for (n = j + 1; n < f->toks.n; n++)
		if (f->toks.t[n].kind != TOK_COMMENT &&
		    (!f->toks.t[n].pp || f->toks.t[n].bol))
			return (false);
	return (true);
}

/*
 * If directive d opens an include guard ("#ifndef X" then "#define X",
 * group_is_guard()) or is "#pragma once", the directive
 * token after which the guard is in place; else SIZE_MAX.
 */
static size_t
guard_end(const struct srcfile *f, size_t d)
{
	const struct tok *name, *def;
	size_t j;

	if (tok_eq(f, d, "pragma") && tok_eq(f, d + 1, "once"))
		return (d);
	if (!tok_eq(f, d, "ifndef") || d + 1 >= f->toks.n)
		return (SIZE_MAX);
	name = &f->toks.t[d + 1];
	for (j = d + 2; j < f->toks.n && f->toks.t[j].kind == TOK_COMMENT; j++)
		;
	if (j + 2 >= f->toks.n || !tok_punct(f, j, "#") ||
	    !tok_eq(f, j + 1, "define"))
		return (SIZE_MAX);
	def = &f->toks.t[j + 2];
	if (def->len != name->len ||
	    memcmp(f->data + def->off, f->data + name->off, name->len) != 0 ||
	    !group_is_guard(f, d))
		return (SIZE_MAX);
	return (j + 1);
}

/*
 * Where the line goes; *alone says that it joins no group of directives,
 * so a blank line parts it from the code that follows.
 */
static uint32_t
include_point(const struct srcfile *f, uint32_t before, bool angle, bool *alone)
{
	size_t i, d, last = SIZE_MAX, last_angle = SIZE_MAX, guard = SIZE_MAX;
	bool first = true;
	int depth = 0, base = 0;

	for (i = 0; i < f->toks.n; i++) {
		if (f->toks.t[i].kind == TOK_COMMENT)
			continue;
		if (!f->toks.t[i].pp ||
		    (before != 0 && f->toks.t[i].off >= before - 1))
			break;
		d = tok_directive(&f->toks, f->data, i);
		if (d != i)
			continue;
		/*
		 * Only an include guard (or #pragma once) opening the file
		 * places the line without an #include to follow: any other
		 * #define may be the first of a group the line would split.
		 */
		if (first) {
			guard = guard_end(f, i);
			if (guard != SIZE_MAX && tok_eq(f, i, "ifndef"))
				base = 1;
		}
		first = false;
		/* An #include under #if is not there in every build. */
		if (tok_eq(f, i, "if") || tok_eq(f, i, "ifdef") ||
		    tok_eq(f, i, "ifndef"))
			depth++;
		else if (tok_eq(f, i, "endif"))
			depth--;
		else if (tok_eq(f, i, "include") && depth == base) {
			last = i;
			if (i + 1 < f->toks.n &&
			    f->data[f->toks.t[i + 1].off] == '<')
				last_angle = i;
		}
	}
	if (angle && last_angle != SIZE_MAX)
		last = last_angle;
	if (last == SIZE_MAX)
		last = guard;
	*alone = last == SIZE_MAX;
	if (last != SIZE_MAX)
		return (
		    (uint32_t)line_end(f->data, f->len, f->toks.t[last].off));
	/*
	 * No include and no guard: after the opening comment, unless code
	 * goes on on its last line ("/" "* x *" "/ int n;"): then before it.
	 */
	for (i = 0; i < f->toks.n && f->toks.t[i].kind == TOK_COMMENT; i++)
		;
	if (i == 0)
		return ((uint32_t)lex_bom_len(f->data, f->len));
	if (i < f->toks.n &&
	    line_start(f->data, f->toks.t[i].off) <= tok_end(f, i - 1) - 1)
		return (line_start(f->data, f->toks.t[0].off) == 0
			? (uint32_t)lex_bom_len(f->data, f->len)
			: (uint32_t)line_start(f->data, f->toks.t[0].off));
	return ((uint32_t)line_end(f->data, f->len, tok_end(f, i - 1) - 1));
}

static void
add_include(struct plan *p, struct file_plan *fp)
{
	struct srcfile *f = fp->f;
	bool alone;
	uint32_t at = include_point(f, fp->include_before,
	    p->include_hdr[0] == '<', &alone);
	char *t;

	if (at == f->len && f->len > 0 && f->data[f->len - 1] != '\n')
		t = xasprintf("\n#include %s\n", p->include_hdr);
	else
		t = xasprintf("#include %s\n%s", p->include_hdr,
		    alone && at < f->len && f->data[at] != '\n' &&
			    f->data[at] != '\r'
			? "\n"
			: "");
	plan_edit(p, f, at, 0, t, -1, "runtime header");
	free(t);
	fp->gains_include = true;
}

/*
 * Is VNET_DEFINE defined where the file starts, in every parse of it
 * (FreeBSD's <net/vnet.h> included before it, say)?  Then the file uses
 * those, and a second definition would clash with them.
 */
static bool
sees_vnet_macros(const struct srcfile *f)
{
	return (f->nparses > 0 && f->nvnet_before >= f->nparses);
}

static bool
reaches_header(struct plan *p, const struct srcfile *f)
{
	struct file_plan *hp;
	size_t i;

	if (f->sees_header)
		return (true);
	for (i = 0; i < f->incl.n; i++) {
		hp = hmap_get(&p->files, f->incl.v[i]->path);
		if (hp != NULL && hp->gains_include)
			return (true);
	}
	return (false);
}

void
pass_includes(struct plan *p)
{
	struct file_plan *fp;
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < p->files.cap; i++) {
			if (p->files.slots[i].key == NULL)
				continue;
			fp = p->files.slots[i].val;
			if (!fp->needs_include || fp->f->main != (pass == 1) ||
			    has_include_line(fp->f, p->include_hdr) ||
			    sees_vnet_macros(fp->f))
				continue;
			if (fp->f->main && reaches_header(p, fp->f))
				continue;
			add_include(p, fp);
		}
	}
}
