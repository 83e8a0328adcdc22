/*
 * paste.c: names built by ## in a macro body.
 *
 * libclang places a pasted name in a scratch buffer, so the AST says which
 * variable a paste built and which macro invocation it came from, but not
 * which ## built it.  The sites are read from the text instead: a paste
 * whose first operand is fixed text and whose other operands include a
 * parameter, such as
 *
 *	#define DYN_BUCKET_VERSION(b, v)  ck_pr_load_32(&dyn_ ## v[(b)])
 *
 * builds names of the shape dyn_* ("dyn_ ## name ## _zone" builds
 * dyn_*_zone).  A site is taken to build a pasted use when its shape
 * matches the variable's name and its macro is reached, through the
 * bodies of macros, from the invocation the use was expanded at.  A site
 * that builds only virtualized variables gets the V_ prefix on its fixed
 * text (&V_dyn_ ## v[(b)]), as FreeBSD writes it; the V_ names it then
 * builds are the variables' #define V_x lines.  A site in a static
 * initializer takes the master copy's address instead,
 * VNET_NAME(memp_tab_ ## name), and its object gets a per-instance
 * initialiser (macro_decls.c).  A site that also builds
 * names of variables this run leaves alone, and a pasted use no site
 * explains, are review items.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "model/tokens.h"
#include "passes/decls.h"
#include "passes/uses.h"

/* One #define of the root's files. */
struct macro {
	struct srcfile *f;
	size_t name;	       /* token of the macro's name */
	size_t body, end;      /* body tokens [body, end) */
	size_t lparen, rparen; /* parameter list, SIZE_MAX if object-like */
};

typedef VEC(struct var *) var_list;

/* A paste with fixed text first: the shape of the names it builds. */
struct site {
	const struct macro *mac;
	size_t first;  /* token of the fixed first operand */
	char *pattern; /* fnmatch(3) shape: fixed text, '*' per parameter */
	var_list built;
	/* Objects whose static initializers hold the names it builds. */
	var_list owners;
	bool in_code;	/* it builds a use outside static initializers */
	bool converted; /* an argument of VNET(), VNET_NAME(), VNET_DEFINE() */
};

struct pastes {
	struct plan *p;
	struct hmap macros;  /* name -> VEC of struct macro * */
	struct hmap reached; /* name -> VEC of struct macro *: reached_from() */
	VEC(struct macro *) all;
	VEC(struct site) sites;
};

typedef VEC(struct macro *) macro_list;

static bool
is_param(const struct srcfile *f, const struct macro *mac, size_t i)
{
	return (mac->lparen != SIZE_MAX &&
	    tok_is_macro_param(f, mac->lparen, mac->rparen, i));
}

/* The end of the logical line of the directive at token d. */
static size_t
directive_end(const struct srcfile *f, size_t d)
{
	size_t i = d + 1;

	while (i < f->toks.n && !f->toks.t[i].bol)
		i++;
	return (i);
}

/* The shape a paste chain starting at token i builds, or NULL. */
static char *
chain_pattern(const struct srcfile *f, const struct macro *mac, size_t i)
{
	struct strbuf sb = STRBUF_INIT;
	bool param = false;
	size_t k = i;

	if (f->toks.t[i].kind != TOK_IDENT || is_param(f, mac, i))
		return (NULL);
	for (;;) {
		if (f->toks.t[k].kind != TOK_IDENT &&
		    f->toks.t[k].kind != TOK_NUMBER) {
			sb_free(&sb);
			return (NULL);
		}
		if (is_param(f, mac, k)) {
			sb_addc(&sb, '*');
			param = true;
		} else
			sb_add(&sb, f->data + f->toks.t[k].off,
			    f->toks.t[k].len);
		if (k + 2 >= mac->end || !tok_punct(f, k + 1, "##"))
			break;
		k += 2;
	}
	if (!param) {
		sb_free(&sb);
		return (NULL);
	}
	return (sb_detach(&sb));
}

/*
 * Is the paste chain at token k the name a body declaration declares
 * ("static int cnt_ ## n;", "static void inc_ ## n(void)")?  It is when
 * only names, '*' and comments stand between it and the start of its
 * statement, and the first of them is no statement keyword.  That name is
 * macro_decls.c's to convert, not a use.
 */
static bool
declares(const struct model *m, const struct srcfile *f,
    const struct macro *mac, size_t k)
{
	static const char *const keywords[] = {"return", "else", "do", "case",
	    "goto", "sizeof", "typeof", "__typeof__", "_Alignof", NULL};
	size_t i = k, first = SIZE_MAX, open;

	while (i > mac->body) {
		i--;
		if (f->toks.t[i].kind == TOK_IDENT)
			first = i;
		else if (tok_punct(f, i, ")") && first != SIZE_MAX &&
		    (open = tok_group_open(f, mac->body, i)) != SIZE_MAX &&
		    open > mac->body && f->toks.t[open - 1].kind == TOK_IDENT) {
			/*
			 * An invocation that brings its own ';'
			 * ("STATS_INSTANCE(memp_stats_ ## name) static
			 * struct memp *memp_tab_ ## name;") ends a statement.
			 */
			if (!function_macro(m, f, open - 1))
				return (false);
			break;
		} else if (f->toks.t[i].kind != TOK_COMMENT &&
		    !tok_punct(f, i, "*")) {
			if (!tok_punct(f, i, ";") && !tok_punct(f, i, "{") &&
			    !tok_punct(f, i, "}"))
				return (false);
			break;
		}
	}
	return (first != SIZE_MAX && !tok_in_set(f, first, keywords));
}

/* The last operand of the paste chain at token k. */
static size_t
chain_last(const struct srcfile *f, const struct macro *mac, size_t k)
{
	while (k + 2 < mac->end && tok_punct(f, k + 1, "##"))
		k += 2;
	return (k);
}

/*
 * Is the paste chain at token k written in the converted form already: the
 * whole argument of VNET(), VNET_NAME() or VNET_PTR(), or the name a
 * VNET_DEFINE(), VNET_DEFINE_STATIC() or VNET_DECLARE() declares (the
 * output of a run before, or the code's own)?
 */
static bool
converted_site(const struct srcfile *f, const struct macro *mac, size_t k)
{
	static const char *const access[] = {"VNET", "VNET_NAME", "VNET_PTR",
	    NULL};
	static const char *const define[] = {"VNET_DEFINE",
	    "VNET_DEFINE_STATIC", "VNET_DECLARE", NULL};
	size_t last = chain_last(f, mac, k), call, arg;

	if (k < mac->body + 2 || last + 1 >= mac->end)
		return (false);
	if (tok_punct(f, k - 1, "(") && tok_punct(f, last + 1, ")") &&
	    tok_in_set(f, k - 2, access))
		return (true);
	call = tok_call_around(f, mac->body, k, &arg);
	return (call != SIZE_MAX && arg == 1 && tok_punct(f, k - 1, ",") &&
	    tok_in_set(f, call, define));
}

/*
 * Is the paste chain at token k a whole argument of an invocation whose
 * macro declares that parameter ("STATS_INSTANCE(memp_stats_ ## name)",
 * whose body is "static struct stats_mem name;")?  That is a declaration
 * too, macro_decls.c's to convert.
 */
static bool
declared_by_argument(const struct model *m, const struct srcfile *f,
    const struct macro *mac, size_t k)
{
	size_t last = chain_last(f, mac, k), call, arg, len;
	const char *name;

	if (k == mac->body || last + 1 >= mac->end ||
	    !(tok_punct(f, k - 1, "(") || tok_punct(f, k - 1, ",")) ||
	    !(tok_punct(f, last + 1, ")") || tok_punct(f, last + 1, ",")) ||
	    (call = tok_call_around(f, mac->body, k, &arg)) == SIZE_MAX)
		return (false);
	name = tok_text(f, call, &len);
	return (macro_declares_param(m, name, len, arg));
}

/* Every #define of the root's parsed files, and its paste sites. */
static void
collect_macros(struct pastes *ps)
{
	struct srcfile *f;
	struct macro *mac;
	macro_list **slot;
	char *name, *pat;
	size_t i, j, k;

	for (i = 0; i < ps->p->m->files.cap; i++) {
		f = ps->p->m->files.slots[i].key != NULL
		    ? ps->p->m->files.slots[i].val
		    : NULL;
		if (f == NULL || f->rel == NULL || f->nparses == 0 ||
		    !file_load(f))
			continue;
		for (j = 0; j + 1 < f->toks.n; j++) {
			if (!f->toks.t[j].pp || !tok_eq(f, j, "define") ||
			    tok_directive(&f->toks, f->data, j) != j)
				continue;
			mac = xcalloc(1, sizeof(*mac));
			mac->f = f;
			mac->name = j + 1;
			mac->end = directive_end(f, j);
			mac->lparen = mac->rparen = SIZE_MAX;
			mac->body = j + 2;
			if (j + 2 < mac->end && !f->toks.t[j + 2].ws &&
			    tok_punct(f, j + 2, "(")) {
				mac->lparen = j + 2;
				for (k = j + 3;
				    k < mac->end && !tok_punct(f, k, ")"); k++)
					;
				mac->rparen = k;
				mac->body = k + 1;
			}
			VEC_PUSH(&ps->all, mac);
			name = xstrndup(f->data + f->toks.t[j + 1].off,
			    f->toks.t[j + 1].len);
			slot = (macro_list **)hmap_put(&ps->macros, name, NULL);
			free(name);
			if (*slot == NULL)
				*slot = xcalloc(1, sizeof(**slot));
			VEC_PUSH(*slot, mac);
			for (k = mac->body; k + 2 < mac->end; k++) {
				if (!tok_punct(f, k + 1, "##") ||
				    (k > mac->body &&
					tok_punct(f, k - 1, "##")))
					continue;
				if (declares(ps->p->m, f, mac, k) ||
				    declared_by_argument(ps->p->m, f, mac, k))
					continue;
				pat = chain_pattern(f, mac, k);
				if (pat != NULL)
					VEC_PUSH(&ps->sites,
					    ((struct site){mac, k, pat, {0},
						{0}, false,
						converted_site(f, mac, k)}));
			}
		}
	}
}

/*
 * The definitions that macro from reaches: its own, and those the bodies
 * of reached definitions name, at any depth.  Computed once for each name,
 * since the pasted uses of a tree come from few invocations.
 */
static const macro_list *
reached_from(struct pastes *ps, const char *from)
{
	macro_list **slot, *out, todo = {0};
	const macro_list *l;
	const struct macro *mac;
	struct hmap done = {0};
	const char *t;
	size_t i, k, len;
	char *name;

	slot = (macro_list **)hmap_put(&ps->reached, from, NULL);
	if (*slot != NULL)
		return (*slot);
	out = *slot = xcalloc(1, sizeof(*out));
	if ((l = hmap_get(&ps->macros, from)) == NULL)
		return (out);
	(void)hmap_put(&done, from, (void *)1);
	for (i = 0; i < l->n; i++)
		VEC_PUSH(&todo, l->v[i]);
	while (todo.n > 0) {
		mac = todo.v[--todo.n];
		VEC_PUSH(out, (struct macro *)mac);
		for (k = mac->body; k < mac->end; k++) {
			if (mac->f->toks.t[k].kind != TOK_IDENT)
				continue;
			t = mac->f->data + mac->f->toks.t[k].off;
			len = mac->f->toks.t[k].len;
			if ((l = hmap_get_n(&ps->macros, t, len)) == NULL ||
			    hmap_get_n(&done, t, len) != NULL)
				continue;
			name = xstrndup(t, len);
			(void)hmap_put(&done, name, (void *)1);
			free(name);
			for (i = 0; i < l->n; i++)
				VEC_PUSH(&todo, l->v[i]);
		}
	}
	VEC_FREE(&todo);
	hmap_free(&done, NULL);
	return (out);
}

/* Does the body of some definition of macro from reach macro to? */
static bool
reaches(struct pastes *ps, const char *from, const struct macro *to)
{
	const macro_list *l = reached_from(ps, from);
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == to)
			return (true);
	return (false);
}

/*
 * Is mac a definition of from other than those the parses expanded there
 * (the nmu invocations mu recorded at the place)?  A macro defined again after
 * #undef (lwIP's memp_std.h users) is another macro: "#define X(n) static int
 * var_ ## n;" declares what "#define X(n) var_ ## n" later reads.
 */
static bool
other_definition(const struct macro *mac, const char *from,
    const struct macro_use *mu, size_t nmu)
{
	const struct tok *t = &mac->f->toks.t[mac->name];
	size_t i;

	if (t->len != strlen(from) ||
	    memcmp(mac->f->data + t->off, from, t->len) != 0)
		return (false);
	for (i = 0; i < nmu; i++)
		if (mu[i].def_file == NULL ||
		    (mu[i].def_file == mac->f && mu[i].def_off == t->off))
			return (false);
	return (nmu > 0);
}

/* The macro invoked at a use's expansion place, by its name token. */
static char *
invoked_at(const struct use *u)
{
	size_t i;

	if (u->exp_file == NULL || !file_load(u->exp_file))
		return (NULL);
	i = tok_containing(&u->exp_file->toks, u->exp_off);
	if (i == SIZE_MAX || u->exp_file->toks.t[i].kind != TOK_IDENT)
		return (NULL);
	return (xstrndup(u->exp_file->data + u->exp_file->toks.t[i].off,
	    u->exp_file->toks.t[i].len));
}

/*
 * Can the site build v's name at the invocation of from that u comes
 * from?  When the site is in from's own body its arguments say
 * ("memp_ ## name" has the shape of memp_tab_UDP, but builds memp_UDP at
 * POOL(UDP)); a site reached through other macros takes their arguments,
 * and its shape is all there is to go by.
 */
static bool
builds_at(const struct site *s, const char *from, const struct use *u,
    const struct var *v)
{
	size_t len, inv;
	const char *name = tok_text(s->mac->f, s->mac->name, &len);

	if (s->mac->lparen == SIZE_MAX || len != strlen(from) ||
	    memcmp(name, from, len) != 0 ||
	    (inv = tok_containing(&u->exp_file->toks, u->exp_off)) == SIZE_MAX)
		return (true);
	return (tok_paste_builds(s->mac->f, s->mac->lparen, s->mac->rparen,
	    s->first, s->mac->end, u->exp_file, inv, v->name));
}

static void
add_once(var_list *l, struct var *x)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i] == x)
			return;
	VEC_PUSH(l, x);
}

static void
site_built(struct site *s, struct var *v, const struct use *u)
{
	add_once(&s->built, v);
	if (!in_static_init(u))
		s->in_code = true;
	else if (u->owner != NULL)
		add_once(&s->owners, u->owner);
}

/*
 * A site that builds names in static initializers only: the master copy's
 * address, VNET_NAME(memp_tab_ ## name), when each initializer's object
 * is virtualized too, which then gets a per-instance initialiser.  False
 * when no edit is made: the site is written so already, or it cannot be
 * (a review item says why).
 */
static bool
init_site(struct plan *p, struct site *s, size_t last, const char *mname,
    int mlen)
{
	const struct srcfile *f = s->mac->f;
	char *text;
	size_t i;

	/* Written so already (a second run). */
	if (s->first >= 2 && tok_punct(f, s->first - 1, "(") &&
	    tok_eq(f, s->first - 2, "VNET_NAME"))
		return (false);
	if (s->in_code || s->owners.n == 0) {
		plan_review(p, REVIEW_PASTE, s->mac->f, f->toks.t[s->first].off,
		    s->built.v[0],
		    s->in_code
			? "macro %.*s builds %s with ## both in a static "
			  "initializer (where it needs VNET_NAME) and in code "
			  "(where it needs V_); no edit: give the two their "
			  "own pastes"
			: "macro %.*s builds %s with ## in the static "
			  "initializer of an object vnetify cannot name; no "
			  "edit: write VNET_NAME() around the paste and set "
			  "that object in a VNET_SYSINIT by hand",
		    mlen, mname, s->built.v[0]->name);
		return (false);
	}
	for (i = 0; i < s->owners.n; i++) {
		if (s->owners.v[i]->selected)
			continue;
		plan_review(p, REVIEW_STATIC_INIT, s->mac->f,
		    f->toks.t[s->first].off, s->built.v[0],
		    "the initializer of %s, built by macro %.*s, names %s "
		    "with ##; %s is not virtualized, so it would keep "
		    "pointing into the master copy: virtualize %s too or set "
		    "it at run time",
		    s->owners.v[i]->name, mlen, mname, s->built.v[0]->name,
		    s->owners.v[i]->name, s->owners.v[i]->name);
		return (false);
	}
	text = xasprintf("VNET_NAME(%.*s)",
	    (int)(tok_end(f, last) - f->toks.t[s->first].off),
	    f->data + f->toks.t[s->first].off);
	plan_edit(p, s->mac->f, f->toks.t[s->first].off,
	    tok_end(f, last) - f->toks.t[s->first].off, text, 0,
	    "paste in a static initializer");
	free(text);
	for (i = 0; i < s->owners.n; i++)
		p->stats[s->owners.v[i]->idx].initialiser = true;
	return (true);
}

/* Edit a site whose every name is a virtualized variable, or review it. */
static void
decide_site(struct plan *p, struct site *s)
{
	const struct srcfile *f = s->mac->f;
	struct var *plain = NULL;
	size_t i, mlen, last;
	const char *mname;
	char *text;

	if (s->converted)
		return;
	for (i = 0; i < s->built.n; i++)
		if (!s->built.v[i]->selected)
			plain = s->built.v[i];
	mname = tok_text(f, s->mac->name, &mlen);
	if (plain != NULL) {
		plan_review(p, REVIEW_PASTE, s->mac->f, f->toks.t[s->first].off,
		    plain,
		    "macro %.*s builds with ## names of virtualized variables "
		    "and of %s, which is not virtualized; no edit: give them "
		    "separate macros, or virtualize %s too",
		    (int)mlen, mname, plain->name, plain->name);
		return;
	}
	if (!s->mac->f->editable) {
		plan_review(p, REVIEW_NOT_EDITABLE, s->mac->f,
		    f->toks.t[s->first].off, s->built.v[0],
		    "macro %.*s builds the names of virtualized variables with "
		    "## but is in a file vnetify must not edit; write V_ "
		    "before "
		    "its fixed text by hand",
		    (int)mlen, mname);
		return;
	}
	for (last = s->first;
	    last + 2 < s->mac->end && tok_punct(f, last + 1, "##"); last += 2)
		;
	if (s->owners.n > 0 || !s->in_code) {
		if (!init_site(p, s, last, mname, (int)mlen))
			return;
	} else {
		text = xasprintf("V_%.*s", (int)f->toks.t[s->first].len,
		    f->data + f->toks.t[s->first].off);
		plan_edit(p, s->mac->f, f->toks.t[s->first].off,
		    f->toks.t[s->first].len, text, 0, "paste in a macro body");
		free(text);
	}
	for (i = 0; i < s->built.n; i++)
		p->stats[s->built.v[i]->idx].uses_body++;
}

static void
free_macro_list(void *p)
{
	macro_list *l = p;

	VEC_FREE(l);
	free(l);
}

void
paste_uses(struct plan *p, struct spelled *pasted)
{
	struct pastes ps;
	const struct macro_use *mu;
	struct site *s;
	struct use *u;
	struct var *v;
	size_t i, k, nmu;
	bool explained;
	char *from;

	if (pasted->uses.n == 0)
		return;
	memset(&ps, 0, sizeof(ps));
	ps.p = p;
	collect_macros(&ps);
	for (i = 0; i < pasted->uses.n; i++) {
		u = pasted->uses.v[i];
		v = pasted->vars.v[i];
		/*
		 * Under VIMAGE a converted x is vnet_entry_x, and VNET_NAME()
		 * builds that name with ##: the paste is the converted form.
		 */
		if (strncmp(v->name, "vnet_entry_", 11) == 0)
			continue;
		from = invoked_at(u);
		nmu = 0;
		mu = u->exp_file != NULL
		    ? model_macros_at(p->m, u->exp_file, u->exp_off, &nmu)
		    : NULL;
		explained = false;
		for (k = 0; from != NULL && k < ps.sites.n; k++) {
			s = &ps.sites.v[k];
			if (fnmatch(s->pattern, v->name, 0) != 0 ||
			    !reaches(&ps, from, s->mac) ||
			    other_definition(s->mac, from, mu, nmu) ||
			    !builds_at(s, from, u, v))
				continue;
			site_built(s, v, u);
			explained = true;
		}
		/*
		 * A name no file spells, from a macro no #define of the tree
		 * makes: a -D of the build, or a header outside the tree.
		 */
		if (!explained && v->selected && from != NULL &&
		    hmap_get(&ps.macros, from) == NULL)
			plan_review(p, REVIEW_NOT_EDITABLE, u->exp_file,
			    u->exp_off, v,
			    "%s expands to %s here, but no #define under the "
			    "root makes it (a -D of the build, or a header "
			    "vnetify does not edit): make it produce V_%s",
			    from, v->name, v->vname);
		else if (!explained && v->selected)
			plan_review(p, REVIEW_PASTE, u->exp_file, u->exp_off, v,
			    "a macro expanded here builds the name %s with ##; "
			    "vnetify does not guess pasted names: make the "
			    "macro produce V_%s",
			    v->name, v->vname);
		free(from);
	}
	for (k = 0; k < ps.sites.n; k++) {
		s = &ps.sites.v[k];
		for (i = 0; i < s->built.n && !s->built.v[i]->selected; i++)
			;
		if (i < s->built.n)
			decide_site(p, s);
		free(s->pattern);
		VEC_FREE(&s->built);
		VEC_FREE(&s->owners);
	}
	VEC_FREE(&ps.sites);
	for (i = 0; i < ps.all.n; i++)
		free(ps.all.v[i]);
	VEC_FREE(&ps.all);
	hmap_free(&ps.macros, free_macro_list);
	hmap_free(&ps.reached, free_macro_list);
}
