/*
 * balance.c: vnet-unbalanced.  CURVNET_SET declares the saved vnet in its
 * block and CURVNET_RESTORE reads it, so a function is read block by
 * block, from its own tokens:
 *
 *	- a block holds one CURVNET_SET;
 *	- a CURVNET_RESTORE needs a CURVNET_SET in its block or one around;
 *	- between a CURVNET_SET and its restore, a return, a goto to a label
 *	  outside the block, or a break or continue that leaves it, must
 *	  come after a CURVNET_RESTORE on its way (in its block or one
 *	  around it, up to the set's);
 *	- a block with a CURVNET_SET that can run to its closing brace is
 *	  restored before it.
 *
 * Loops and switches are known by their keywords (and FOREACH macros),
 * with or without braces, so that a break knows what it leaves.  Each
 * branch of an #if starts from the state before it, since only one of
 * them is compiled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint.h"
#include "model/conditionals.h"
#include "model/tokens.h"
#include "passes/contexts.h"
#include "passes/func_body.h"
#include "passes/leaves.h"

enum frame_kind { FR_BLOCK, FR_LOOP, FR_SWITCH };

/* A block, or the body of a loop or switch written without braces. */
struct frame {
	enum frame_kind kind;
	bool braced;   /* closes at its '}', else after token end */
	size_t end;    /* the last token of a body without braces */
	size_t set;    /* its CURVNET_SET, or SIZE_MAX */
	bool restored; /* a CURVNET_RESTORE came in it since */
	bool do_body;  /* a do's body: a while follows it */
	/*
	 * That restore is followed by a return or jump: it ends that way
	 * out only, and after it (at a label) the vnet is set again.
	 */
	bool exit_restore;
};

typedef VEC(struct frame) frame_vec;

struct walker {
	struct lint_run *lr;
	struct srcfile *f;
	const struct func_def *fd;
	size_t open, close;
	frame_vec st;
	VEC(frame_vec) saved; /* the state at each open #if */
	bool skip_while;      /* the while of a do ... while */
};

/*
 * CURVNET_SET, or a macro that sets the vnet and leaves it set
 * (SO_CURVNET_SET(so)); one that sets and restores it is neither.
 */
static bool
is_set(const struct walker *w, size_t j)
{
	return (vnet_macro_at(w->lr->p->m, w->f, j) == VNET_MACRO_SET);
}

/* CURVNET_RESTORE, or a macro that only restores. */
static bool
is_restore(const struct walker *w, size_t j)
{
	return (vnet_macro_at(w->lr->p->m, w->f, j) == VNET_MACRO_RESTORE);
}

static bool
is_foreach(const struct srcfile *f, size_t j)
{
	size_t len;
	const char *s = tok_text(f, j, &len);

	return (f->toks.t[j].kind == TOK_IDENT && len >= 7 &&
	    memmem(s, len, "FOREACH", 7) != NULL);
}

static struct body_span
span_of(const struct walker *w)
{
	struct body_span b = {w->f, w->open, w->close};

	return (b);
}

static size_t
next_code(const struct walker *w, size_t j)
{
	struct body_span b = span_of(w);

	return (span_next(&b, j));
}

static size_t
matching_paren(const struct walker *w, size_t j)
{
	struct body_span b = span_of(w);

	return (span_paren_close(&b, j));
}

static unsigned
line_of(const struct srcfile *f, size_t j)
{
	unsigned line, col;

	file_line_col(f, f->toks.t[j].off, &line, &col);
	return (line);
}

/* The frame that holds the active CURVNET_SET, walking out from the top. */
static size_t
active_set(const struct walker *w, size_t down_to, bool *restored)
{
	size_t k = w->st.n;

	*restored = false;
	while (k-- > down_to) {
		if (w->st.v[k].restored) {
			*restored = true;
			return (k);
		}
		if (w->st.v[k].set != SIZE_MAX)
			return (k);
	}
	return (SIZE_MAX);
}

/* The CURVNET_SET of frame k or the nearest around it, or SIZE_MAX. */
static size_t
set_around(const struct walker *w, size_t k)
{
	while (k != SIZE_MAX && k < w->st.n) {
		if (w->st.v[k].set != SIZE_MAX)
			return (w->st.v[k].set);
		if (k == 0)
			break;
		k--;
	}
	return (SIZE_MAX);
}

/* A way out at token j leaves frames [down_to, top]: is one set? */
static void
leaving(struct walker *w, size_t j, size_t down_to, const char *how)
{
	bool restored;
	size_t k = active_set(w, down_to, &restored);
	struct finding *fd;

	if (k == SIZE_MAX || restored)
		return;
	fd = lint_add(w->lr, LINT_UNBALANCED, w->f, w->f->toks.t[j].off,
	    "%s leaves the block of the CURVNET_SET at line %u without "
	    "CURVNET_RESTORE(); restore the vnet first",
	    how, line_of(w->f, w->st.v[k].set));
	lint_add_span(fd, w->f, w->f->toks.t[w->st.v[k].set].off,
	    w->f->toks.t[j].off);
}

/* Is there a label called name in tokens [from, to)? */
static bool
label_named_inside(const struct walker *w, const char *name, size_t from,
    size_t to)
{
	const struct srcfile *f = w->f;
	size_t j, n;

	for (j = from; j < to; j++) {
		if (f->toks.t[j].kind != TOK_IDENT || f->toks.t[j].pp ||
		    !tok_eq(f, j, name))
			continue;
		n = next_code(w, j);
		if (n < w->close && tok_punct(f, n, ":"))
			return (true);
	}
	return (false);
}

/* Is there a label named like token j in [from, to)? */
static bool
label_inside(const struct walker *w, size_t name, size_t from, size_t to)
{
	char *text = xstrndup(w->f->data + w->f->toks.t[name].off,
	    w->f->toks.t[name].len);
	bool in = label_named_inside(w, text, from, to);

	free(text);
	return (in);
}

/* The '}' that closes the block opened at token j. */
static size_t
block_close(const struct walker *w, size_t j)
{
	int depth = 0;

	for (; j < w->close; j++) {
		if (w->f->toks.t[j].pp)
			continue;
		if (tok_punct(w->f, j, "{"))
			depth++;
		else if (tok_punct(w->f, j, "}") && --depth == 0)
			return (j);
	}
	return (w->close);
}

bool
lint_restore_then_leaves(const struct srcfile *f, size_t j)
{
	size_t k = j;
	int depth = 0;

	/* Past "CURVNET_RESTORE()" and its ';'. */
	while (++k < f->toks.n) {
		if (f->toks.t[k].pp || f->toks.t[k].kind == TOK_COMMENT)
			continue;
		if (tok_punct(f, k, "("))
			depth++;
		else if (tok_punct(f, k, ")"))
			depth--;
		else if (depth == 0 && tok_punct(f, k, ";"))
			break;
	}
	k = tok_next_code(f, k);
	return (k != SIZE_MAX &&
	    (tok_eq(f, k, "return") || tok_eq(f, k, "goto") ||
		tok_eq(f, k, "break") || tok_eq(f, k, "continue")));
}

/*
 * The CURVNET_RESTORE of the block of the CURVNET_SET at token set (that
 * block ends at token end): the first one after it at the set's own
 * depth that the code goes on after, or end.  One followed by a return
 * or a jump ends that way out only: a label after it still runs set.
 */
static size_t
restore_of(const struct walker *w, size_t set, size_t end)
{
	const struct srcfile *f = w->f;
	size_t j;
	int depth = 0;

	for (j = set + 1; j < end && j < w->close; j++) {
		if (f->toks.t[j].pp || f->toks.t[j].kind == TOK_COMMENT)
			continue;
		if (tok_punct(f, j, "{"))
			depth++;
		else if (tok_punct(f, j, "}"))
			depth--;
		else if (depth == 0 && is_restore(w, j) &&
		    !lint_restore_then_leaves(f, j))
			return (j);
	}
	return (end);
}

/*
 * A macro whose body returns, or jumps to label: the same way out,
 * written by the macro (FreeBSD's ERROUT(x) is "error = (x); goto
 * errout").
 */
static void
macro_jump(struct walker *w, size_t j, const char *label)
{
	size_t k;
	bool restored;
	char *how;

	k = active_set(w, 0, &restored);
	if (k == SIZE_MAX || restored)
		return;
	if (strcmp(label, "return") != 0 &&
	    label_named_inside(w, label, w->st.v[k].set,
		restore_of(w, w->st.v[k].set, w->st.v[k].end)))
		return;
	how = xasprintf("the %s in this %.*s()",
	    strcmp(label, "return") == 0 ? "return" : "goto",
	    (int)w->f->toks.t[j].len, w->f->data + w->f->toks.t[j].off);
	leaving(w, j, 0, how);
	free(how);
}

static void
on_goto(struct walker *w, size_t j)
{
	size_t label = next_code(w, j), k;
	bool restored;

	k = active_set(w, 0, &restored);
	if (k == SIZE_MAX || restored || label >= w->close)
		return;
	/*
	 * A label after the set and before its restore keeps the goto
	 * inside; one after the restore, even in the same block, jumps
	 * past it.
	 */
	if (label_inside(w, label, w->st.v[k].set,
		restore_of(w, w->st.v[k].set, w->st.v[k].end)))
		return;
	leaving(w, j, 0, "this goto");
}

/* The innermost loop (or switch, for break), or SIZE_MAX. */
static size_t
breakable(const struct walker *w, bool is_break)
{
	size_t k = w->st.n;

	while (k-- > 0)
		if (w->st.v[k].kind == FR_LOOP ||
		    (is_break && w->st.v[k].kind == FR_SWITCH))
			return (k);
	return (SIZE_MAX);
}

/* Can the block that ends at its '}' (token close) run into it? */
static bool
falls_through(const struct walker *w, size_t close)
{
	struct body_span b = span_of(w);

	return (!span_always_leaves(&b, span_prev(&b, close)));
}

static void
pop(struct walker *w, size_t j)
{
	struct frame *fr = &w->st.v[w->st.n - 1];
	struct finding *fd;

	if (fr->set != SIZE_MAX && !fr->restored && fr->braced &&
	    falls_through(w, j)) {
		fd = lint_add(w->lr, LINT_UNBALANCED, w->f,
		    w->f->toks.t[fr->set].off,
		    "this CURVNET_SET is not restored before its block ends "
		    "(line %u); add CURVNET_RESTORE() there",
		    line_of(w->f, j));
		lint_add_span(fd, w->f, w->f->toks.t[fr->set].off,
		    w->f->toks.t[j].off);
	}
	w->skip_while = fr->do_body;
	w->st.n--;
}

/* Close the bodies without braces that end at or before token j. */
static void
close_bodies(struct walker *w, size_t j)
{
	while (w->st.n > 1 && !w->st.v[w->st.n - 1].braced &&
	    w->st.v[w->st.n - 1].end < j)
		pop(w, j);
}

static size_t
construct_body(struct walker *, size_t, enum frame_kind, bool, bool);

/*
 * A loop or switch keyword at j: its body is the next block (pushed when
 * its '{' comes) or a single statement.  Returns the token to go on at.
 */
static size_t
construct(struct walker *w, size_t j, enum frame_kind kind, bool is_do)
{
	return (construct_body(w, j, kind, is_do, !is_do));
}

/*
 * The same, for a keyword whose body follows it at once (do, else) when
 * cond is false.
 */
static size_t
construct_body(struct walker *w, size_t j, enum frame_kind kind, bool is_do,
    bool cond)
{
	struct frame fr = {kind, false, 0, SIZE_MAX, false, is_do, false};
	size_t body = next_code(w, j), rp;

	if (cond) {
		if (body >= w->close || !tok_punct(w->f, body, "(") ||
		    (rp = matching_paren(w, body)) == SIZE_MAX)
			return (j + 1);
		body = next_code(w, rp);
	}
	if (body >= w->close)
		return (j + 1);
	if (tok_punct(w->f, body, "{")) {
		fr.braced = true;
		fr.end = block_close(w, body);
		VEC_PUSH(&w->st, fr);
		return (body + 1);
	}
	fr.end = body_statement_last(w->f, body, w->close);
	if (fr.end == SIZE_MAX)
		return (j + 1);
	VEC_PUSH(&w->st, fr);
	return (body);
}

/*
 * Is token j in code only the build without VIMAGE compiles (#ifndef
 * VIMAGE)?  The vnet build, the one curvnet is for, has none of it: its
 * sets, restores and ways out count for nothing, though lint parses the
 * other build.
 */
static bool
vimage_absent(const struct walker *w, size_t j)
{
	return (cond_side_at(w->f, w->f->toks.t[j].off, "VIMAGE", NULL, NULL) ==
	    SIDE_UNDEFINED);
}

/*
 * Is token j in code no build compiles (#ifdef NEVER)?  Its set counts
 * for nothing, and so does its restore, unless a return or jump in the
 * same code follows it (that way out is compiled out with it).  Code
 * under #ifdef VIMAGE counts: lint parses without it, but that is the
 * build the vnet is for.
 */
static bool
compiled_out(const struct walker *w, size_t j)
{
	const struct srcfile *f = w->f;
	uint32_t where;
	size_t k, n;
	int lvl = 0;
	char *d;
	bool branch;

	if (vimage_absent(w, j))
		return (true);
	/* A function no build compiles is read as it is written. */
	if (!file_never_active(f, f->toks.t[j].off) ||
	    file_never_active(f, f->toks.t[w->open].off) ||
	    cond_side_at(f, f->toks.t[j].off, "VIMAGE", NULL, NULL) ==
		SIDE_DEFINED)
		return (false);
	/*
	 * A branch of an #if with an #else is one of two ways the code is
	 * built; the walk reads each from the state before the #if.
	 */
	d = cond_directive_at(f, f->toks.t[j].off, &where);
	branch = d != NULL &&
	    (strncmp(d, "#else", 5) == 0 || strncmp(d, "#elif", 5) == 0);
	free(d);
	if (branch)
		return (false);
	for (k = j; k < w->close; k++) {
		if ((n = tok_directive_name(f, k)) == SIZE_MAX)
			continue;
		if (tok_opens_group(f, n))
			lvl++;
		else if (tok_eq(f, n, "endif") && lvl-- == 0)
			return (true);
		else if (lvl == 0 &&
		    (tok_eq(f, n, "else") || tok_eq(f, n, "elif")))
			return (false);
	}
	return (true);
}

static void
directive(struct walker *w, size_t j)
{
	size_t d = j + 1;
	frame_vec copy = {0};

	if (d >= w->f->toks.n || !w->f->toks.t[d].pp)
		return;
	if (tok_eq(w->f, d, "if") || tok_eq(w->f, d, "ifdef") ||
	    tok_eq(w->f, d, "ifndef")) {
		VEC_RESERVE(&copy, w->st.n);
		memcpy(copy.v, w->st.v, w->st.n * sizeof(*w->st.v));
		copy.n = w->st.n;
		VEC_PUSH(&w->saved, copy);
	} else if ((tok_eq(w->f, d, "elif") || tok_eq(w->f, d, "else")) &&
	    w->saved.n > 0) {
		frame_vec *s = &w->saved.v[w->saved.n - 1];

		w->st.n = 0;
		VEC_RESERVE(&w->st, s->n);
		memcpy(w->st.v, s->v, s->n * sizeof(*s->v));
		w->st.n = s->n;
	} else if (tok_eq(w->f, d, "endif") && w->saved.n > 0) {
		w->saved.n--;
		VEC_FREE(&w->saved.v[w->saved.n]);
	}
}

/* Past a return or jump that a restore came just before. */
static void
after_jump(struct walker *w)
{
	struct frame *fr = &w->st.v[w->st.n - 1];

	if (fr->exit_restore) {
		fr->restored = false;
		fr->exit_restore = false;
	}
}

static void
walk_function(struct walker *w)
{
	const struct srcfile *f = w->f;
	struct frame body = {FR_BLOCK, true, 0, SIZE_MAX, false, false, false};
	const char *jump;
	size_t j, k, n;
	bool restored;

	body.end = w->close;
	VEC_PUSH(&w->st, body);
	for (j = w->open + 1; j < w->close;) {
		if (f->toks.t[j].pp) {
			if (tok_punct(f, j, "#") && f->toks.t[j].bol)
				directive(w, j);
			j++;
			continue;
		}
		if (f->toks.t[j].kind == TOK_COMMENT) {
			j++;
			continue;
		}
		close_bodies(w, j);
		if (tok_punct(f, j, "{")) {
			struct frame fr = {FR_BLOCK, true, block_close(w, j),
			    SIZE_MAX, false, false, false};

			VEC_PUSH(&w->st, fr);
		} else if (tok_punct(f, j, "}")) {
			if (w->st.n > 1)
				pop(w, j);
		} else if (tok_eq(f, j, "for") || is_foreach(f, j) ||
		    (tok_eq(f, j, "while") && !w->skip_while)) {
			j = construct(w, j, FR_LOOP, false);
			continue;
		} else if (tok_eq(f, j, "do")) {
			j = construct(w, j, FR_LOOP, true);
			continue;
		} else if (tok_eq(f, j, "switch")) {
			j = construct(w, j, FR_SWITCH, false);
			continue;
		} else if (tok_eq(f, j, "if")) {
			/*
			 * A branch is a block of its own, braces or not: a
			 * restore in it restores that way only.
			 */
			j = construct(w, j, FR_BLOCK, false);
			continue;
		} else if (tok_eq(f, j, "else") &&
		    !tok_eq(f, next_code(w, j), "if") &&
		    !tok_punct(f, next_code(w, j), "{")) {
			j = construct_body(w, j, FR_BLOCK, false, false);
			continue;
		} else if (is_set(w, j) && tok_punct(f, next_code(w, j), "(") &&
		    !compiled_out(w, j)) {
			struct frame *fr = &w->st.v[w->st.n - 1];

			if (fr->set != SIZE_MAX) {
				struct finding *fd = lint_add(w->lr,
				    LINT_UNBALANCED, w->f, f->toks.t[j].off,
				    "a second CURVNET_SET in this block (the "
				    "first is at line %u): one block holds "
				    "one; open a block for this one",
				    line_of(f, fr->set));

				lint_add_span(fd, f, f->toks.t[fr->set].off,
				    f->toks.t[j].off);
			} else {
				fr->set = j;
				fr->restored = false;
			}
		} else if (is_restore(w, j) &&
		    tok_punct(f, next_code(w, j), "(") &&
		    (!compiled_out(w, j) ||
			(lint_restore_then_leaves(f, j) &&
			    !vimage_absent(w, j)))) {
			k = active_set(w, 0, &restored);
			if (k == SIZE_MAX)
				(void)lint_add(w->lr, LINT_UNBALANCED, w->f,
				    f->toks.t[j].off,
				    "CURVNET_RESTORE() with no CURVNET_SET "
				    "before it in this block or one around "
				    "it");
			else if (restored && set_around(w, k) != SIZE_MAX) {
				size_t set = set_around(w, k);
				struct finding *fd = lint_add(w->lr,
				    LINT_UNBALANCED, w->f, f->toks.t[j].off,
				    "a second CURVNET_RESTORE() for the "
				    "CURVNET_SET at line %u, which is "
				    "restored already; remove one, or set the "
				    "vnet again before it",
				    line_of(f, set));

				lint_add_span(fd, f, f->toks.t[set].off,
				    f->toks.t[j].off);
			} else {
				w->st.v[w->st.n - 1].restored = true;
				w->st.v[w->st.n - 1].exit_restore =
				    lint_restore_then_leaves(f, j);
			}
		} else if (tok_eq(f, j, "return") && !vimage_absent(w, j))
			leaving(w, j, 0, "this return");
		else if ((jump = jump_macro_at(w->lr->p->m, f, j)) != NULL &&
		    tok_punct(f, next_code(w, j), "(") && !vimage_absent(w, j))
			macro_jump(w, j, jump);
		else if (tok_eq(f, j, "goto") && !vimage_absent(w, j))
			on_goto(w, j);
		else if ((tok_eq(f, j, "break") || tok_eq(f, j, "continue")) &&
		    !vimage_absent(w, j)) {
			n = breakable(w, tok_eq(f, j, "break"));
			if (n != SIZE_MAX)
				leaving(w, j, n,
				    tok_eq(f, j, "break") ? "this break"
							  : "this continue");
		}
		if ((tok_eq(f, j, "return") || tok_eq(f, j, "goto") ||
			tok_eq(f, j, "break") || tok_eq(f, j, "continue")) &&
		    !vimage_absent(w, j))
			after_jump(w);
		if (!tok_eq(f, j, "while"))
			w->skip_while = false;
		j++;
	}
	close_bodies(w, w->close);
	while (w->st.n > 0)
		pop(w, w->close);
	for (k = 0; k < w->saved.n; k++)
		VEC_FREE(&w->saved.v[k]);
	VEC_FREE(&w->saved);
	VEC_FREE(&w->st);
}

/* Does the body name CURVNET_SET or CURVNET_RESTORE at all? */
static bool
func_sets_vnet_text(const struct walker *w)
{
	size_t j;

	for (j = w->open; j < w->close; j++)
		if (w->f->toks.t[j].kind == TOK_IDENT && !w->f->toks.t[j].pp &&
		    (is_set(w, j) || is_restore(w, j)))
			return (true);
	return (false);
}

/* The '}' that closes the '{' at token j, in the whole file. */
static size_t
file_block_close(const struct srcfile *f, size_t j)
{
	int depth = 0;

	for (; j < f->toks.n; j++) {
		if (f->toks.t[j].pp)
			continue;
		if (tok_punct(f, j, "{"))
			depth++;
		else if (tok_punct(f, j, "}") && --depth == 0)
			return (j);
	}
	return (SIZE_MAX);
}

/*
 * Function bodies no parse saw: in branches no configuration compiles,
 * or made by a macro (DB_SHOW_COMMAND(name, func) { ... }).  style(9)
 * puts a function's '{' in the first column after its ')'; those not
 * walked already are walked from their text.
 */
static void
text_bodies(struct lint_run *lr, struct srcfile *f, const struct hmap *seen)
{
	struct walker w;
	size_t j, p, close;
	char key[32];

	for (j = 0; j < f->toks.n; j++) {
		if (f->toks.t[j].pp || !tok_punct(f, j, "{") ||
		    !f->toks.t[j].bol ||
		    f->toks.t[j].off != line_start(f->data, f->toks.t[j].off))
			continue;
		p = tok_prev_code(f, j);
		if (p == SIZE_MAX || !tok_punct(f, p, ")"))
			continue;
		snprintf(key, sizeof(key), "%u", f->toks.t[j].off);
		if (hmap_has(seen, key) ||
		    (close = file_block_close(f, j)) == SIZE_MAX)
			continue;
		memset(&w, 0, sizeof(w));
		w.lr = lr;
		w.f = f;
		w.open = j;
		w.close = close;
		if (func_sets_vnet_text(&w))
			walk_function(&w);
		j = close;
	}
}

void
lint_unbalanced_in(struct lint_run *lr, const struct func_def *fd)
{
	struct func_body b;
	struct walker w;

	if (func_body_read(&b, fd->file, fd)) {
		memset(&w, 0, sizeof(w));
		w.lr = lr;
		w.f = b.f;
		w.fd = fd;
		w.open = b.open;
		w.close = b.close;
		walk_function(&w);
	}
	func_body_free(&b);
}

void
lint_unbalanced(struct lint_run *lr)
{
	const struct model *m = lr->p->m;
	struct hmap seen = {0}; /* "path\noffset" of each body walked */
	struct func_body b;
	struct walker w;
	struct srcfile *f;
	size_t i;
	char *key;

	for (i = 0; i < m->funcs.n; i++) {
		if (m->funcs.v[i].file->rel == NULL ||
		    !func_body_read(&b, m->funcs.v[i].file, &m->funcs.v[i])) {
			func_body_free(&b);
			continue;
		}
		key = xasprintf("%s\n%u", b.f->path, b.f->toks.t[b.open].off);
		(void)hmap_put(&seen, key, NULL);
		free(key);
		memset(&w, 0, sizeof(w));
		w.lr = lr;
		w.f = b.f;
		w.fd = &m->funcs.v[i];
		w.open = b.open;
		w.close = b.close;
		if (func_sets_vnet_text(&w))
			walk_function(&w);
		func_body_free(&b);
	}
	for (i = 0; i < m->files.cap; i++) {
		struct hmap mine = {0};
		size_t k;

		if (m->files.slots[i].key == NULL)
			continue;
		f = m->files.slots[i].val;
		if (f->rel == NULL || !f->loaded)
			continue;
		for (k = 0; k < seen.cap; k++) {
			const char *s = seen.slots[k].key, *nl;

			if (s != NULL && (nl = strchr(s, '\n')) != NULL &&
			    (size_t)(nl - s) == strlen(f->path) &&
			    memcmp(s, f->path, strlen(f->path)) == 0)
				(void)hmap_put(&mine, nl + 1, NULL);
		}
		text_bodies(lr, f, &mine);
		hmap_free(&mine, NULL);
	}
	hmap_free(&seen, NULL);
}
