/*
 * timers.c: a timer callback the rules name under "timers" runs its body
 * once for every vnet, as FreeBSD's are written:
 *
 *	VNET_ITERATOR_DECL(vnet_iter);
 *
 *	VNET_LIST_RLOCK_NOSLEEP();
 *	VNET_FOREACH(vnet_iter) {
 *		CURVNET_SET(vnet_iter);
 *		... the body, one level deeper ...
 *		CURVNET_RESTORE();
 *	}
 *	VNET_LIST_RUNLOCK_NOSLEEP();
 *
 * The body's own declarations open the loop's block, before CURVNET_SET,
 * so each vnet's pass starts from them afresh.  When the body returns, or
 * a declaration's initializer already reads per-vnet state, the body
 * stays as it is in a per-vnet helper (the function renamed, made static)
 * and a new definition under the old name runs the loop around a call to
 * it.  A timer that re-arms itself (callout_reset(&c, t, itself, arg) as
 * its last statement) must do so once, not once per vnet: that statement
 * goes after the loop.  A timer that iterates over vnets already
 * (VNET_FOREACH in its body) is left as it is.
 */
#include <string.h>

#include "model/conditionals.h"
#include "model/declarator.h"
#include "model/tokens.h"
#include "passes/contexts.h"
#include "passes/func_body.h"
#include "support/diag.h"

struct fan {
	struct plan *p;
	const struct callgraph *cg;
	struct func_body b;
	const struct func_def *fd;
	char *outer;  /* indentation of the body's statements */
	char *unit;   /* one level of indentation */
	char *iter;   /* the iterator's name */
	size_t rearm; /* first token of the re-arming statement, or none */
	size_t rearm_semi;
	/* "(void)arg;" statements kept before the loop: their first and
	 * last token, or SIZE_MAX. */
	size_t casts, casts_semi;
};

/* Names the leading declarations declare. */
static void
declared_names(struct fan *fn, struct hmap *out)
{
	const struct lead_decl *leads;
	struct decl_stmt ds;
	size_t nl, i, k;
	const struct srcfile *f = fn->b.f;

	leads = fn_leads(&fn->p->m->fn, f, fn->fd->start, &nl);
	for (i = 0; i < nl; i++) {
		if (leads[i].name_off == NO_OFFSET ||
		    !decl_stmt_parse(f, leads[i].start, leads[i].name_off, &ds))
			continue;
		for (k = 0; k < ds.d.n; k++) {
			char *n =
			    xstrndup(f->data + f->toks.t[ds.d.v[k].name].off,
				f->toks.t[ds.d.v[k].name].len);

			(void)hmap_put(out, n, out);
			free(n);
		}
		decl_stmt_free(&ds);
	}
}

/*
 * Is off inside an #if group that opens in the body?  Moved out of it, a
 * statement would run in builds that compile it out.
 */
static bool
in_body_group(const struct fan *fn, uint32_t off)
{
	const struct srcfile *f = fn->b.f;
	uint32_t where;
	char *d = cond_group_after(f, off, f->toks.t[fn->b.open].off, &where);
	bool in = d != NULL;

	free(d);
	return (in);
}

/*
 * The body's last top-level statement, when it names the timer itself
 * (it re-arms it) and uses none of the body's own locals.
 */
static void
find_rearm(struct fan *fn)
{
	const struct srcfile *f = fn->b.f;
	struct hmap locals = {0};
	size_t j, start = SIZE_MAX, last, self = SIZE_MAX;

	fn->rearm = SIZE_MAX;
	/* The top-level statements, in order; remember the last one's start. */
	for (j = fn->b.open + 1; j < fn->b.close;) {
		while (j < fn->b.close &&
		    (f->toks.t[j].pp || f->toks.t[j].kind == TOK_COMMENT))
			j++;
		if (j >= fn->b.close)
			break;
		last = body_statement_last(f, j, fn->b.close);
		if (last == SIZE_MAX)
			return;
		start = j;
		j = last + 1;
	}
	/*
	 * A labeled re-arm stays where it is: a goto reaches it, and a
	 * label cannot end a block.
	 */
	if (start == SIZE_MAX ||
	    !tok_punct(f, body_statement_last(f, start, fn->b.close), ";") ||
	    (f->toks.t[start].kind == TOK_IDENT &&
		tok_punct(f, tok_next_code(f, start), ":")))
		return;
	last = body_statement_last(f, start, fn->b.close);
	if (in_body_group(fn, f->toks.t[start].off))
		return;
	declared_names(fn, &locals);
	for (j = start; j < last; j++) {
		if (f->toks.t[j].kind != TOK_IDENT)
			continue;
		if (tok_eq(f, j, fn->fd->name))
			self = j;
		if (hmap_get_n(&locals, f->data + f->toks.t[j].off,
			f->toks.t[j].len) != NULL) {
			hmap_free(&locals, NULL);
			return;
		}
	}
	hmap_free(&locals, NULL);
	if (self == SIZE_MAX)
		return;
	fn->rearm = start;
	fn->rearm_semi = last;
}

/*
 * A per-vnet variable that the re-arming statement reads (its interval,
 * its argument), or NULL: run once after the loop, it would read it
 * with no vnet set.
 */
static const struct var *
rearm_reads(const struct fan *fn)
{
	const struct srcfile *f = fn->b.f;
	const struct model *m = fn->p->m;
	uint32_t a, b, off;
	const struct use *u;
	size_t i, k;

	if (fn->rearm == SIZE_MAX)
		return (NULL);
	a = f->toks.t[fn->rearm].off;
	b = tok_end(f, fn->rearm_semi);
	for (i = 0; i < m->varlist.n; i++) {
		if (!m->varlist.v[i]->selected)
			continue;
		for (k = 0; k < m->varlist.v[i]->uses.n; k++) {
			u = &m->varlist.v[i]->uses.v[k];
			off = u->exp_file != NULL ? u->exp_off : u->off;
			if ((u->exp_file != NULL ? u->exp_file : u->file) ==
				f &&
			    off >= a && off < b)
				return (m->varlist.v[i]);
		}
	}
	return (NULL);
}

/*
 * A function the re-arming statement calls that reaches per-vnet state
 * (its interval from q_interval()), or NULL: the same, one call away.
 */
static const struct func_def *
rearm_calls(const struct fan *fn)
{
	const struct srcfile *f = fn->b.f;
	const struct model *m = fn->p->m;
	const struct call_fact *c;
	uint32_t a, b;
	size_t i, k;

	if (fn->rearm == SIZE_MAX)
		return (NULL);
	a = f->toks.t[fn->rearm].off;
	b = tok_end(f, fn->rearm_semi);
	for (i = 0; i < m->fn.calls.n; i++) {
		c = &m->fn.calls.v[i];
		if (c->file != f || c->off < a || c->off >= b)
			continue;
		k = callgraph_find(fn->cg, c->callee);
		if (k != SIZE_MAX && fn->cg->nodes.v[k].reaches &&
		    strcmp(fn->cg->nodes.v[k].def->usr, fn->fd->usr) != 0)
			return (fn->cg->nodes.v[k].def);
	}
	return (NULL);
}

/* The re-arming statement's text, taken out of the body. */
static char *
take_rearm(struct fan *fn)
{
	struct srcfile *f = fn->b.f;
	uint32_t a = (uint32_t)line_start(f->data, f->toks.t[fn->rearm].off);
	uint32_t b =
	    (uint32_t)line_end(f->data, f->len, tok_end(f, fn->rearm_semi));
	char *text = plan_render(fn->p, f, f->toks.t[fn->rearm].off,
	    tok_end(f, fn->rearm_semi), true, false);

	plan_edit(fn->p, f, a, b - a, "", 0, "timer re-armed once");
	return (text);
}

/* Is the name at token j one of the function's parameters? */
static bool
is_param(const struct fan *fn, size_t j)
{
	const struct srcfile *f = fn->b.f;
	const char *p, *q;
	size_t len = f->toks.t[j].len;

	for (p = fn->fd->params; *p != '\0'; p = *q != '\0' ? q + 2 : q) {
		q = strstr(p, ", ");
		if (q == NULL)
			q = p + strlen(p);
		if ((size_t)(q - p) == len &&
		    memcmp(p, f->data + f->toks.t[j].off, len) == 0)
			return (true);
	}
	return (false);
}

/*
 * The "(void)arg;" statements at token j and after, each alone on its
 * line, that say a parameter goes unused: they say so once, before the
 * loop, not once per vnet.
 */
static void
find_casts(struct fan *fn, size_t j)
{
	const struct srcfile *f = fn->b.f;

	fn->casts = SIZE_MAX;
	while (j + 4 < fn->b.close && f->toks.t[j].bol &&
	    tok_punct(f, j, "(") && tok_eq(f, j + 1, "void") &&
	    tok_punct(f, j + 2, ")") && f->toks.t[j + 3].kind == TOK_IDENT &&
	    is_param(fn, j + 3) && tok_punct(f, j + 4, ";") &&
	    (j + 5 >= f->toks.n || f->toks.t[j + 5].bol) &&
	    j + 4 != fn->rearm) {
		if (fn->casts == SIZE_MAX)
			fn->casts = j;
		fn->casts_semi = j + 4;
		j += 5;
	}
}

/* Is the line starting at off one of the casts kept before the loop? */
static bool
in_casts(const struct fan *fn, uint32_t off)
{
	const struct srcfile *f = fn->b.f;

	return (fn->casts != SIZE_MAX &&
	    off >= line_start(f->data, f->toks.t[fn->casts].off) &&
	    off < tok_end(f, fn->casts_semi));
}

/* The loop around body, at the body's indentation. */
static char *
loop_text(const struct fan *fn, const char *inner, const char *rearm)
{
	const char *o = fn->outer;

	return (xasprintf("%sVNET_LIST_RLOCK_NOSLEEP();\n"
			  "%sVNET_FOREACH(%s) {\n"
			  "%s"
			  "%s}\n"
			  "%sVNET_LIST_RUNLOCK_NOSLEEP();\n"
			  "%s%s%s",
	    o, o, fn->iter, inner, o, o, rearm != NULL ? o : "",
	    rearm != NULL ? rearm : "", rearm != NULL ? "\n" : ""));
}

/* Does any leading declaration read per-vnet state in its initializer? */
static bool
leads_need_vnet(const struct fan *fn)
{
	const struct lead_decl *leads;
	const struct srcfile *f = fn->b.f;
	size_t nl, i, j, k;

	leads = fn_leads(&fn->p->m->fn, f, fn->fd->start, &nl);
	for (i = 0; i < nl; i++) {
		for (j = tok_at_or_after(&f->toks, leads[i].start);
		    j < f->toks.n && f->toks.t[j].off < leads[i].end; j++) {
			if (f->toks.t[j].kind != TOK_IDENT)
				continue;
			if (f->toks.t[j].len > 2 &&
			    memcmp(f->data + f->toks.t[j].off, "V_", 2) == 0)
				return (true);
			for (k = 0; k < fn->p->m->varlist.n; k++)
				if (fn->p->m->varlist.v[k]->selected &&
				    tok_eq(f, j, fn->p->m->varlist.v[k]->name))
					return (true);
			k = tok_next_code(f, j);
			if (k != SIZE_MAX && tok_punct(f, k, "("))
				return (true);
		}
	}
	return (false);
}

/* Every line of the body, the loop's block now, one level deeper. */
static void
reindent(struct fan *fn)
{
	struct srcfile *f = fn->b.f;
	uint32_t off =
	    (uint32_t)line_end(f->data, f->len, f->toks.t[fn->b.open].off);
	uint32_t end =
	    (uint32_t)line_start(f->data, f->toks.t[fn->b.close].off);
	size_t t, s;

	for (; off < end; off = (uint32_t)line_end(f->data, f->len, off)) {
		for (s = off;
		    s < f->len && (f->data[s] == ' ' || f->data[s] == '\t');
		    s++)
			;
		if (f->data[s] == '\n' || f->data[s] == '#')
			continue;
		/* Inside a string that runs on: its text is not ours. */
		t = tok_containing(&f->toks, off);
		if (t != SIZE_MAX && f->toks.t[t].off < off &&
		    f->toks.t[t].kind != TOK_COMMENT)
			continue;
		/* Every line of the re-arm, which moves after the loop. */
		if (fn->rearm != SIZE_MAX &&
		    off >= line_start(f->data, f->toks.t[fn->rearm].off) &&
		    off < tok_end(f, fn->rearm_semi))
			continue;
		if (in_casts(fn, off))
			continue;
		/* A label in the first column stays there (style(9)). */
		t = tok_at_or_after(&f->toks, s);
		if (s == off && t < f->toks.n &&
		    f->toks.t[t].kind == TOK_IDENT &&
		    tok_punct(f, tok_next_code(f, t), ":") &&
		    !tok_eq(f, t, "default"))
			continue;
		plan_edit(fn->p, f, off, 0, fn->unit, 2, "timer body");
	}
}

static void
fan_in_place(struct fan *fn)
{
	struct srcfile *f = fn->b.f;
	const struct lead_decl *leads;
	char *head, *tail, *set, *rearm = NULL, *deep, *casts = NULL;
	uint32_t after_decls, a, b;
	size_t nl, first;

	leads = fn_leads(&fn->p->m->fn, f, fn->fd->start, &nl);
	after_decls = nl > 0 ? leads[nl - 1].end : tok_end(f, fn->b.open);
	first = tok_at_or_after(&f->toks, after_decls);
	if (nl > 0) {
		struct hmap vnames = {0};

		contexts_vnet_names(fn->p, &vnames);
		body_past_declaration_groups(&fn->b, &first, &after_decls,
		    &vnames);
		hmap_free(&vnames, NULL);
	}
	deep = xasprintf("%s%s", fn->outer, fn->unit);
	if (fn->rearm != SIZE_MAX)
		rearm = take_rearm(fn);
	find_casts(fn, first);
	if (fn->casts != SIZE_MAX) {
		a = (uint32_t)line_start(f->data, f->toks.t[fn->casts].off);
		b = (uint32_t)line_end(f->data, f->len,
		    tok_end(f, fn->casts_semi));
		casts = xstrndup(f->data + a, b - a);
		plan_edit(fn->p, f, a, b - a, "", 0, "timer: said once");
		first = fn->casts_semi + 1;
	}
	head = xasprintf("%sVNET_ITERATOR_DECL(%s);\n\n%s"
			 "%sVNET_LIST_RLOCK_NOSLEEP();\n"
			 "%sVNET_FOREACH(%s) {\n",
	    fn->outer, fn->iter, casts != NULL ? casts : "", fn->outer,
	    fn->outer, fn->iter);
	plan_edit(fn->p, f,
	    (uint32_t)line_end(f->data, f->len, f->toks.t[fn->b.open].off), 0,
	    head, -1, "timer");
	set = xasprintf("%sCURVNET_SET(%s);\n", deep, fn->iter);
	plan_edit(fn->p, f,
	    nl > 0 && first < fn->b.close
		? (uint32_t)line_start(f->data, f->toks.t[first].off)
		: (uint32_t)line_end(f->data, f->len,
		      f->toks.t[fn->b.open].off),
	    0, set, 0, "timer");
	tail = xasprintf("%sCURVNET_RESTORE();\n%s}\n"
			 "%sVNET_LIST_RUNLOCK_NOSLEEP();\n%s%s%s",
	    deep, fn->outer, fn->outer, rearm != NULL ? fn->outer : "",
	    rearm != NULL ? rearm : "", rearm != NULL ? "\n" : "");
	plan_edit(fn->p, f,
	    (uint32_t)line_start(f->data, f->toks.t[fn->b.close].off), 0, tail,
	    0, "timer");
	reindent(fn);
	free(head);
	free(set);
	free(tail);
	free(rearm);
	free(casts);
	free(deep);
}

/* The function name token in the definition's header, or SIZE_MAX. */
static size_t
name_token(const struct fan *fn)
{
	const struct srcfile *f = fn->b.f;
	size_t j;

	for (j = tok_at_or_after(&f->toks, fn->fd->start); j < fn->b.open; j++)
		if (f->toks.t[j].kind == TOK_IDENT &&
		    tok_eq(f, j, fn->fd->name) &&
		    tok_punct(f, tok_next_code(f, j), "("))
			return (j);
	return (SIZE_MAX);
}

/* Do the body's statements start on a line after '{' and end before '}'? */
static bool
body_on_own_lines(const struct fan *fn)
{
	const struct srcfile *f = fn->b.f;

	return (fn->b.open + 1 < f->toks.n && f->toks.t[fn->b.open + 1].bol &&
	    f->toks.t[fn->b.close].bol);
}

/*
 * Where the body names the timer, other than in the re-arm that moves;
 * SIZE_MAX if nowhere.
 */
static size_t
self_name(const struct fan *fn)
{
	const struct srcfile *f = fn->b.f;
	size_t j;

	for (j = fn->b.open + 1; j < fn->b.close; j++)
		if (f->toks.t[j].kind == TOK_IDENT && !f->toks.t[j].pp &&
		    tok_eq(f, j, fn->fd->name) &&
		    (fn->rearm == SIZE_MAX || j < fn->rearm ||
			j > fn->rearm_semi))
			return (j);
	return (SIZE_MAX);
}

/* Is the timer declared before its definition (token name), a prototype? */
static bool
declared_before(const struct fan *fn, size_t name)
{
	const struct srcfile *f = fn->b.f;
	size_t j;

	for (j = 0; j + 1 < name; j++)
		if (f->toks.t[j].kind == TOK_IDENT && !f->toks.t[j].pp &&
		    tok_eq(f, j, fn->fd->name) &&
		    tok_punct(f, tok_next_code(f, j), "("))
			return (true);
	return (false);
}

static bool
fan_helper(struct fan *fn)
{
	struct plan *p = fn->p;
	struct srcfile *f = fn->b.f;
	size_t name = name_token(fn);
	char *base, *helper, *header, *inner, *loop, *text, *rearm = NULL;
	char *deep;

	if (name == SIZE_MAX || fn->fd->variadic) {
		plan_review(p, REVIEW_TIMER, f, fn->fd->start, NULL,
		    "timer %s() %s; make it run once per vnet by hand "
		    "(VNET_FOREACH around a per-vnet helper)",
		    fn->fd->name,
		    fn->fd->variadic ? "takes variable arguments"
				     : "is not named in its definition");
		return (false);
	}
	header = str_trim(plan_render(p, f, fn->fd->start,
	    f->toks.t[fn->b.open].off, false, false));
	base = xasprintf("%s_vnet", fn->fd->name);
	helper = plan_fresh_name(p, base);
	free(base);
	if (fn->rearm != SIZE_MAX)
		rearm = take_rearm(fn);
	/* The helper still names the timer (it re-arms it): declare it. */
	if (self_name(fn) != SIZE_MAX && !declared_before(fn, name)) {
		char *proto = xasprintf("%s;\n\n", header);
		size_t k;

		for (k = 0; proto[k] != '\0'; k++)
			if (proto[k] == '\n' && proto[k + 1] != '\n' &&
			    proto[k + 1] != '\0')
				proto[k] = ' ';
		plan_edit(p, f, fn->fd->start, 0, proto, 0, "timer helper");
		free(proto);
	}
	plan_edit(p, f, f->toks.t[name].off, f->toks.t[name].len, helper, 0,
	    "timer helper");
	if (!fn->fd->is_static)
		plan_edit(p, f, fn->fd->start, 0, "static ", 1, "timer helper");
	deep = xasprintf("%s%s", fn->outer, fn->unit);
	inner =
	    xasprintf("%sCURVNET_SET(%s);\n%s%s(%s);\n%sCURVNET_RESTORE();\n",
		deep, fn->iter, deep, helper, fn->fd->params, deep);
	loop = loop_text(fn, inner, rearm);
	text = xasprintf("\n\n%s\n{\n%sVNET_ITERATOR_DECL(%s);\n\n%s}", header,
	    fn->outer, fn->iter, loop);
	plan_edit(p, f, tok_end(f, fn->b.close), 0, text, 0, "timer");
	free(header);
	free(helper);
	free(inner);
	free(loop);
	free(text);
	free(rearm);
	free(deep);
	return (true);
}

static void
fan_out(struct plan *p, const struct callgraph *cg, const struct func_def *fd)
{
	const struct var *rv;
	const struct func_def *rc;
	struct fan fn;
	char *brace;
	bool helper, returns;
	size_t self;

	memset(&fn, 0, sizeof(fn));
	fn.p = p;
	fn.cg = cg;
	fn.fd = fd;
	if (!func_body_read(&fn.b, fd->file, fd)) {
		plan_review(p, REVIEW_TIMER, fd->file, fd->start, NULL,
		    "cannot read the body of timer %s(); make it run once per "
		    "vnet by hand",
		    fd->name);
		func_body_free(&fn.b);
		return;
	}
	if (strcmp(fd->result, "void") != 0) {
		plan_review(p, REVIEW_TIMER, fd->file, fd->start, NULL,
		    "timer %s() returns %s, and run for every vnet it has no "
		    "one value to return; make it run once per vnet by hand",
		    fd->name, fd->result);
		func_body_free(&fn.b);
		return;
	}
	fn.outer = body_indent(&fn.b);
	brace = indent_of(fd->file, fd->file->toks.t[fn.b.open].off);
	fn.unit = xstrdup(
	    strlen(fn.outer) > strlen(brace) ? fn.outer + strlen(brace) : "\t");
	free(brace);
	fn.iter = body_fresh_name(&fn.b, "vnet_iter");
	fn.casts = SIZE_MAX;
	find_rearm(&fn);
	/* The re-arm, once after the loop, has no vnet to read state in. */
	rc = rearm_calls(&fn);
	rv = rc == NULL ? rearm_reads(&fn) : NULL;
	if (rc != NULL || rv != NULL) {
		plan_review(p, REVIEW_TIMER, fd->file,
		    fd->file->toks.t[fn.rearm].off, NULL,
		    "timer %s() re-arms itself with %s%s%s, but all vnets "
		    "share the one callout, re-armed once after the loop; "
		    "give each vnet its own callout (VNET_DEFINE), or re-arm "
		    "with a global value, by hand",
		    fd->name, rc != NULL ? "what " : "per-vnet ",
		    rc != NULL ? rc->name : rv->name,
		    rc != NULL ? "() returns, and that reads per-vnet state"
			       : "");
		free(fn.outer);
		free(fn.unit);
		free(fn.iter);
		func_body_free(&fn.b);
		return;
	}
	returns = fn.b.returns.n > 0 ||
	    fn_macro_return_in(&p->m->fn, fd->file,
		fd->file->toks.t[fn.b.open].off,
		fd->file->toks.t[fn.b.close].off, NULL);
	/*
	 * A path that returns does not re-arm: moved after the loop, the
	 * re-arm would run when every vnet returned (a timer that stops
	 * itself at teardown would go on).  It stays in the helper, run
	 * for each vnet that reaches it.
	 */
	if (returns && fn.rearm != SIZE_MAX) {
		plan_review(p, REVIEW_TIMER, fd->file,
		    fd->file->toks.t[fn.rearm].off, NULL,
		    "timer %s() returns before it re-arms itself on some "
		    "paths, so the re-arm stays in its per-vnet helper and "
		    "runs once for each vnet that reaches it; if a second "
		    "re-arm schedules it twice, re-arm once after the loop "
		    "when any vnet asks, by hand",
		    fd->name);
		fn.rearm = SIZE_MAX;
	} else if ((self = self_name(&fn)) != SIZE_MAX)
		plan_review(p, REVIEW_TIMER, fd->file,
		    fd->file->toks.t[self].off, NULL,
		    "timer %s() names itself here (it re-arms itself) where "
		    "the fan-out leaves it in the per-vnet body, so it runs "
		    "once for each vnet; if a second re-arm schedules it "
		    "twice, re-arm once after the loop, by hand",
		    fd->name);
	/* In place, the body is re-indented line by line: it needs lines. */
	helper = !body_on_own_lines(&fn) || returns || leads_need_vnet(&fn);
	if (helper ? fan_helper(&fn) : (fan_in_place(&fn), true)) {
		p->timers_fanned++;
		plan_file(p, fd->file)->needs_include = true;
	}
	free(fn.outer);
	free(fn.unit);
	free(fn.iter);
	func_body_free(&fn.b);
}

/*
 * Is n called from a VNET_FOREACH loop already: the per-vnet helper of a
 * timer fanned out before, which a glob of the rules may match too?
 */
static bool
called_per_vnet(const struct callgraph *cg, const struct cg_node *n)
{
	size_t i;

	for (i = 0; i < n->callers.n; i++)
		if (func_body_has(cg->nodes.v[n->callers.v[i]].def,
			"VNET_FOREACH"))
			return (true);
	return (false);
}

void
pass_timers(struct plan *p, const struct callgraph *cg)
{
	const struct rule_timer *t;
	const struct cg_node *n;
	const struct func_def *def;
	bool *matched;
	size_t i, k;

	if (rules_ntimers(p->rules) == 0)
		return;
	matched = xcalloc(rules_ntimers(p->rules) + 1, sizeof(*matched));
	/*
	 * Every definition (one per #ifdef branch configurations compile
	 * apart); the first stands for the function in the graph.
	 */
	for (i = 0; i < cg->nodes.n; i++) {
		def = cg->nodes.v[i].def;
		if ((k = callgraph_find(cg, def->usr)) == SIZE_MAX)
			continue;
		n = &cg->nodes.v[k];
		t = rules_find_timer(p->rules, def->name);
		if (t == NULL)
			continue;
		for (k = 0; k < rules_ntimers(p->rules); k++)
			if (rules_timer(p->rules, k) == t)
				matched[k] = true;
		if (func_body_has(def, "VNET_FOREACH") ||
		    called_per_vnet(cg, n))
			continue;
		if (func_sets_vnet(p->m, def)) {
			plan_review(p, REVIEW_TIMER, def->file, def->start,
			    NULL,
			    "timer %s() sets its own vnet already, so it is "
			    "left as it is; if it runs for one vnet (a callout "
			    "of that vnet), take it out of the rules' timers, "
			    "else make it run once per vnet by hand",
			    def->name);
			continue;
		}
		if (!def->file->editable) {
			plan_review(p, REVIEW_NOT_EDITABLE, def->file,
			    def->start, NULL,
			    "timer %s() is in a file vnetify must not edit; "
			    "make "
			    "it run once per vnet there by hand",
			    def->name);
			continue;
		}
		if (!n->may_reach) {
			plan_review(p, REVIEW_NO_STATE, def->file, def->start,
			    NULL,
			    "timer %s() reaches no virtualized state; left as "
			    "it "
			    "is",
			    def->name);
			continue;
		}
		fan_out(p, cg, def);
	}
	for (k = 0; k < rules_ntimers(p->rules); k++) {
		t = rules_timer(p->rules, k);
		if (!matched[k])
			diag_warning(rules_path(p->rules), t->line, t->col,
			    "timer %s matches no function defined in the files "
			    "parsed; nothing is done for it",
			    t->function);
	}
	free(matched);
}
