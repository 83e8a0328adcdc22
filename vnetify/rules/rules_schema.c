/*
 * rules_schema.c: a rules file's keys (rules/REFERENCE.md), read from
 * the tree yaml_tree.c builds into struct rules, every key and value
 * checked.  A problem is recorded and the walk goes on.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/reader.h"

static void
top_version(struct ctx *c, struct ynode *n)
{
	const char *s;

	if ((s = want_string(c, n, "'version'")) == NULL)
		return;
	if (strcmp(s, "1") != 0)
		err_at(c, n,
		    "unsupported version '%s'; this vnetify reads version 1",
		    user_text(c, s));
}

static void
top_include(struct ctx *c, struct ynode *n)
{
	const char *s, *p;
	size_t len;
	bool ok;

	if ((s = want_string(c, n, "'include'")) == NULL)
		return;
	len = strlen(s);
	ok = len > 0 && strpbrk(s, " \t\r\n") == NULL;
	if (ok && s[0] == '<')
		ok = len > 2 && s[len - 1] == '>' &&
		    strpbrk(s + 1, "<\"") == NULL &&
		    strchr(s + 1, '>') == s + len - 1;
	else if (ok && s[0] == '"')
		ok = len > 2 && s[len - 1] == '"' &&
		    strchr(s + 1, '"') == s + len - 1 &&
		    strpbrk(s, "<>") == NULL;
	else if (ok)
		for (p = s; *p != '\0' && ok; p++)
			ok = strchr("<>\"", *p) == NULL;
	if (!ok) {
		err_at(c, n,
		    "include '%s' is not a header name; write "
		    "<path/vnet.h>, or a path that the converted "
		    "files include in quotes",
		    user_text(c, s));
		return;
	}
	free(c->r->include);
	c->r->include_given = true;
	c->r->include =
	    s[0] == '<' || s[0] == '"' ? xstrdup(s) : xasprintf("\"%s\"", s);
}

static void
top_sysctl(struct ctx *c, struct ynode *n)
{
	const char *s;

	if ((s = want_string(c, n, "'sysctl'")) == NULL)
		return;
	if (strcmp(s, "modern") == 0)
		c->r->sysctl = SYSCTL_DIALECT_MODERN;
	else if (strcmp(s, "2009") == 0)
		c->r->sysctl = SYSCTL_DIALECT_2009;
	else
		err_at(c, n,
		    "unknown sysctl dialect '%s'; use 'modern' "
		    "(CTLFLAG_VNET in the flags) or '2009' (the "
		    "SYSCTL_VNET_* macros)",
		    user_text(c, s));
}

static void
top_markers(struct ctx *c, struct ynode *n)
{
	struct ylist l;
	const char *s;
	size_t i;

	if (!want_list(c, n, "'markers'", &l))
		return;
	for (i = 0; i < l.n; i++) {
		if ((s = want_string(c, l.v[i], "a marker")) == NULL)
			continue;
		if (strpbrk(s, "\r\n") != NULL || s[strspn(s, " \t")] == '\0')
			err_at(c, l.v[i],
			    "marker '%s' must be text on one line, not blank",
			    user_text(c, s));
		else
			VEC_PUSH(&c->r->markers, xstrdup(s));
	}
}

enum sel_kind { SEL_VIRTUALIZE, SEL_EXCLUDE, SEL_EXCEPT };

static bool
selector(struct ctx *, struct ynode *, enum sel_kind, struct rsel *);

static void
selectors_into(struct ctx *c, struct ynode *n, const char *what,
    enum sel_kind kind, struct rselvec *out)
{
	struct ylist l;
	struct rsel s;
	size_t i;

	if (!want_list(c, n, what, &l))
		return;
	for (i = 0; i < l.n; i++) {
		if (selector(c, l.v[i], kind, &s))
			VEC_PUSH(out, s);
		else
			rsel_free(&s);
	}
}

/*
 * One item of virtualize, exclude or except: a name (or glob), or a
 * mapping of restrictions.  *s is always set, to be freed on failure.
 */
static bool
selector(struct ctx *c, struct ynode *n, enum sel_kind kind, struct rsel *s)
{
	enum { K_NAME, K_FILE, K_DIR, K_FUNCTION, K_ALL, K_LOCALS, K_EXCEPT };
	static const char *const keys[] = {"name", "file", "dir", "function",
	    "all", "locals", "except"};
	static const char *const what[] = {"a 'virtualize' item",
	    "an 'exclude' item", "an 'except' item"};
	struct ynode *v[7];
	unsigned nfail = c->nfail;
	bool locals = false, all = false;
	char *name;

	memset(s, 0, sizeof(*s));
	memset(v, 0, sizeof(v));
	s->origin = c->origin;
	s->line = n->line;
	s->col = n->col;
	if (n->kind == Y_SCALAR && !node_is_null(n)) {
		if ((name = want_name(c, n, "name")) == NULL)
			return (false);
		VEC_PUSH(&s->names, name);
		s->locals = true;
		return (true);
	}
	if (n->kind == Y_SEQ) {
		err_at(c, n,
		    "%s is a name or a mapping, found a list; "
		    "list the names one per item",
		    what[kind]);
		return (false);
	}
	if (node_is_null(n)) {
		err_at(c, n, "empty item in %s list; remove the lone '-'",
		    kind == SEL_VIRTUALIZE    ? "the 'virtualize'"
			: kind == SEL_EXCLUDE ? "the 'exclude'"
					      : "an 'except'");
		return (false);
	}
	/* Exclusions take the restrictions only: name, file, dir, function. */
	if (!want_map(c, n, what[kind], keys, kind == SEL_VIRTUALIZE ? 7 : 4,
		v))
		return (false);
	if (v[K_NAME] != NULL)
		items_into(c, v[K_NAME], "'name'", ITEM_NAME, &s->names);
	if (v[K_FILE] != NULL)
		items_into(c, v[K_FILE], "'file'", ITEM_PATH, &s->files);
	if (v[K_DIR] != NULL)
		items_into(c, v[K_DIR], "'dir'", ITEM_DIR, &s->dirs);
	if (v[K_FUNCTION] != NULL)
		items_into(c, v[K_FUNCTION], "'function'", ITEM_NAME,
		    &s->functions);
	if (kind == SEL_VIRTUALIZE) {
		if (v[K_ALL] != NULL && want_bool(c, v[K_ALL], "'all'", &all) &&
		    !all)
			err_at(c, v[K_ALL],
			    "'all: false' selects nothing; "
			    "remove the item or write 'all: true'");
		if (v[K_LOCALS] != NULL)
			want_bool(c, v[K_LOCALS], "'locals'", &locals);
		if (v[K_EXCEPT] != NULL)
			selectors_into(c, v[K_EXCEPT], "'except'", SEL_EXCEPT,
			    &s->except);
	}
	s->all = all;
	if (c->nfail != nfail)
		return (false);
	if (all && (v[K_NAME] || v[K_FILE] || v[K_DIR] || v[K_FUNCTION])) {
		err_at(c, v[K_ALL],
		    "'all' cannot go with 'name', 'file', "
		    "'dir' or 'function'; they narrow the "
		    "selection, so drop 'all'");
		return (false);
	}
	if (!all && !v[K_NAME] && !v[K_FILE] && !v[K_DIR] && !v[K_FUNCTION]) {
		err_at(c, n,
		    kind == SEL_VIRTUALIZE
			? "this item selects nothing; give 'name', 'file', "
			  "'dir', 'function' or 'all: true'"
			: "this item excludes nothing; give 'name', 'file', "
			  "'dir' or 'function'");
		return (false);
	}
	if (v[K_FUNCTION] != NULL && v[K_LOCALS] != NULL && !locals) {
		err_at(c, v[K_LOCALS],
		    "'function' selects function-local "
		    "statics, so 'locals: false' contradicts it; remove one");
		return (false);
	}
	if (kind != SEL_VIRTUALIZE)
		s->locals = true;
	else if (v[K_LOCALS] != NULL)
		s->locals = locals;
	else
		s->locals = v[K_NAME] != NULL || v[K_FUNCTION] != NULL;
	return (true);
}

static void
top_virtualize(struct ctx *c, struct ynode *n)
{
	selectors_into(c, n, "'virtualize'", SEL_VIRTUALIZE, &c->r->virt);
}

static void
top_exclude(struct ctx *c, struct ynode *n)
{
	selectors_into(c, n, "'exclude'", SEL_EXCLUDE, &c->r->excl);
}

static void
entry_free(struct rule_entry *e)
{
	free(e->function);
	free(e->vnet_expr);
	free(e->struct_name);
	free(e->field);
	free(e->file);
}

/* The keys of an entry point. */
enum { K_FUNCTION, K_VNET, K_STRUCT, K_FIELD, K_FILE, K_NENTRY };

/* The values of an entry point's keys, each checked, into e and fl. */
static void
entry_values(struct ctx *c, struct ynode **v, struct rule_entry *e,
    struct ylist *fl)
{
	const char *s, *why;

	if (v[K_STRUCT] != NULL &&
	    (s = want_string(c, v[K_STRUCT], "'struct'")) != NULL) {
		if (strncmp(s, "struct ", 7) == 0)
			s += 7 + strspn(s + 7, " ");
		if ((why = rules_check_name_pattern(s)) != NULL)
			err_at(c, v[K_STRUCT],
			    "struct '%s' %s; give the tag "
			    "of the struct, as in 'struct: protosw'",
			    user_text(c, s), why);
		else
			e->struct_name = xstrdup(s);
	}
	if (v[K_FIELD] != NULL)
		e->field = want_name(c, v[K_FIELD], "'field'");
	if (v[K_FILE] != NULL)
		e->file = want_path(c, v[K_FILE], "'file'", false);
	if (v[K_VNET] != NULL &&
	    (s = want_string(c, v[K_VNET], "'vnet'")) != NULL) {
		e->vnet_expr = str_trim(xstrdup(s));
		e->vnet_line = v[K_VNET]->line;
		e->vnet_col = v[K_VNET]->col;
		if ((why = check_expr(e->vnet_expr)) != NULL ||
		    (e->vnet_expr[0] == '\0' && (why = "is empty")) ||
		    (strcmp(e->vnet_expr, "TODO") == 0 &&
			(why = "is still the placeholder that scan "
			       "--emit-rules wrote"))) {
			err_at(c, v[K_VNET],
			    "context expression '%s' %s; "
			    "give a C expression of type struct vnet *",
			    user_text(c, e->vnet_expr), why);
			free(e->vnet_expr);
			e->vnet_expr = NULL;
		}
	}
	fl->n = 0;
	if (v[K_FUNCTION] != NULL &&
	    want_list(c, v[K_FUNCTION], "'function'", fl))
		want_nonempty(c, v[K_FUNCTION], "'function'", fl);
}

/*
 * An entry point is by function or by role (struct and field), never
 * both, and has a context expression.
 */
static bool
entry_shape_ok(struct ctx *c, struct ynode *n, struct ynode **v,
    const struct rule_entry *e, const struct ylist *fl)
{
	if (v[K_FUNCTION] != NULL && (v[K_STRUCT] || v[K_FIELD])) {
		err_at(c, n,
		    "an entry point is either 'function' or "
		    "'struct' with 'field', not both; split it in two");
		return (false);
	}
	if (v[K_FUNCTION] == NULL &&
	    (v[K_STRUCT] == NULL) != (v[K_FIELD] == NULL)) {
		err_at(c, n,
		    "a role entry point needs both 'struct' and "
		    "'field' (the functions stored in that field of "
		    "that struct's initializers)");
		return (false);
	}
	if (v[K_FUNCTION] == NULL && v[K_STRUCT] == NULL) {
		err_at(c, n,
		    "an entry point needs 'function: NAME', or "
		    "'struct: TAG' with 'field: NAME'");
		return (false);
	}
	if (e->vnet_expr != NULL)
		return (true);
	if (v[K_STRUCT] != NULL)
		err_at(c, n,
		    "entry point 'struct %s' field '%s' has "
		    "no context expression; add 'vnet: "
		    "EXPR', the vnet its functions run in",
		    user_text(c, e->struct_name), user_text(c, e->field));
	else
		err_at(c, n,
		    "entry point '%s' has no context "
		    "expression; add 'vnet: EXPR', the vnet "
		    "it runs in (e.g. 'sc->sc_vnet')",
		    fl->n > 0 && fl->v[0]->kind == Y_SCALAR
			? user_text(c, fl->v[0]->s)
			: "");
	return (false);
}

/* One item of 'entry-points'. */
static void
entry_point(struct ctx *c, struct ynode *n)
{
	static const char *const keys[] = {"function", "vnet", "struct",
	    "field", "file"};
	struct ynode *v[K_NENTRY];
	struct rule_entry e;
	struct ylist fl;
	unsigned nfail = c->nfail;
	char *fn;
	size_t i;

	if (n->kind == Y_SCALAR && !node_is_null(n)) {
		err_at(c, n,
		    "entry point '%s' needs a context expression; "
		    "write '{function: %s, vnet: EXPR}'",
		    user_text(c, n->s), user_text(c, n->s));
		return;
	}
	if (node_is_null(n)) {
		err_at(c, n,
		    "empty item in the 'entry-points' list; remove "
		    "the lone '-'");
		return;
	}
	if (!want_map(c, n, "an entry point", keys, K_NENTRY, v))
		return;
	memset(&e, 0, sizeof(e));
	e.line = n->line;
	e.col = n->col;
	entry_values(c, v, &e, &fl);
	if (c->nfail != nfail || !entry_shape_ok(c, n, v, &e, &fl)) {
		entry_free(&e);
		return;
	}
	if (v[K_STRUCT] != NULL) {
		VEC_PUSH(&c->r->entries, e);
		return;
	}
	/* A list of functions sharing one expression: an entry for each. */
	for (i = 0; i < fl.n; i++) {
		if ((fn = want_name(c, fl.v[i], "'function'")) == NULL)
			continue;
		VEC_PUSH(&c->r->entries,
		    ((struct rule_entry){
			.function = fn,
			.vnet_expr = xstrdup(e.vnet_expr),
			.file = e.file != NULL ? xstrdup(e.file) : NULL,
			.line = fl.v[i]->line,
			.col = fl.v[i]->col,
			.vnet_line = e.vnet_line,
			.vnet_col = e.vnet_col,
		    }));
	}
	entry_free(&e);
}

static void
top_entries(struct ctx *c, struct ynode *n)
{
	each_item(c, n, "'entry-points'", entry_point);
}

static void
top_timers(struct ctx *c, struct ynode *n)
{
	static const char *const keys[] = {"function"};
	struct ylist l, fl;
	struct ynode *v[1];
	size_t i, j;
	char *fn;

	if (!want_list(c, n, "'timers'", &l))
		return;
	for (i = 0; i < l.n; i++) {
		fl.n = 0;
		if (l.v[i]->kind == Y_MAP) {
			if (!want_map(c, l.v[i], "a timer", keys, 1, v))
				continue;
			if (v[0] == NULL) {
				err_at(c, l.v[i],
				    "a timer needs 'function: NAME'");
				continue;
			}
			if (want_list(c, v[0], "'function'", &fl))
				want_nonempty(c, v[0], "'function'", &fl);
		} else if (node_is_null(l.v[i]))
			err_at(c, l.v[i],
			    "empty item in the 'timers' list; "
			    "remove the lone '-'");
		else if (l.v[i]->kind == Y_SEQ)
			err_at(c, l.v[i],
			    "a timer is a name or a mapping, "
			    "found a list; list the names one per item");
		else
			want_list(c, l.v[i], "a timer", &fl);
		for (j = 0; j < fl.n; j++)
			if ((fn = want_name(c, fl.v[j], "timer")) != NULL)
				VEC_PUSH(&c->r->timers,
				    ((struct rule_timer){fn, fl.v[j]->line,
					fl.v[j]->col}));
	}
}

/* A SYSINIT subsystem or order: an identifier or a number, as C has it. */
static char *
want_sysinit_arg(struct ctx *c, const struct ynode *n, const char *what)
{
	const char *s = want_string(c, n, what);
	size_t i;

	if (s == NULL)
		return (NULL);
	for (i = 0; s[i] != '\0'; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
			(s[i] >= 'A' && s[i] <= 'Z') ||
			(s[i] >= '0' && s[i] <= '9') ||
			(i > 0 && (s[i] == ' ' || s[i] == '+'))))
			break;
	if (i == 0 || s[i] != '\0') {
		err_at(c, n,
		    "%s '%s' is not a SYSINIT subsystem or order; write a "
		    "name such as SI_SUB_PROTO_DOMAIN or SI_ORDER_ANY, or a "
		    "number",
		    what, user_text(c, s));
		return (NULL);
	}
	return (xstrdup(s));
}

static void
module_init(struct ctx *c, struct ynode *n)
{
	static const char *const keys[] = {"function", "subsystem", "order",
	    "teardown"};
	struct ynode *v[4];
	struct rule_init ri;

	if (!want_map(c, n, "a module init", keys, 4, v))
		return;
	if (v[0] == NULL) {
		err_at(c, n,
		    "a module init needs 'function: NAME', the function that "
		    "sets up the module");
		return;
	}
	memset(&ri, 0, sizeof(ri));
	ri.line = v[0]->line;
	ri.col = v[0]->col;
	ri.function = want_name(c, v[0], "'function'");
	if (v[1] != NULL)
		ri.subsystem = want_sysinit_arg(c, v[1], "'subsystem'");
	if (v[2] != NULL)
		ri.order = want_sysinit_arg(c, v[2], "'order'");
	if (v[3] != NULL) {
		ri.teardown = want_name(c, v[3], "'teardown'");
		ri.teardown_line = v[3]->line;
		ri.teardown_col = v[3]->col;
	}
	if (ri.function == NULL) {
		free(ri.subsystem);
		free(ri.order);
		free(ri.teardown);
		return;
	}
	VEC_PUSH(&c->r->inits, ri);
}

static void
top_inits(struct ctx *c, struct ynode *n)
{
	each_item(c, n, "'module-init'", module_init);
}

/*
 * The lint rules a rules file may set, as lint/findings.c names them (a
 * unit test keeps the two lists the same).
 */
static const char *const lint_rule_ids[] = {"vnet-missing-prefix",
    "vnet-no-context", "vnet-unbalanced", "vnet-escape", "vnet-unvirtualized",
    NULL};

static void
top_lint(struct ctx *c, struct ynode *n)
{
	static const char *const levels[] = {"off", "warning", "error", NULL};
	struct ynode *v[5];
	const char *s;
	size_t k;

	if (!want_map(c, n, "'lint' (rule: off, warning or error)",
		lint_rule_ids, 5, v))
		return;
	for (k = 0; k < 5; k++) {
		if (v[k] == NULL ||
		    (s = want_string(c, v[k], "a level")) == NULL)
			continue;
		if (!str_in_set(levels, s)) {
			err_at(c, v[k],
			    "'%s' is not a level for %s; write off, warning or "
			    "error",
			    user_text(c, s), lint_rule_ids[k]);
			continue;
		}
		VEC_PUSH(&c->r->lint_ids, xstrdup(lint_rule_ids[k]));
		VEC_PUSH(&c->r->lint_levels, xstrdup(s));
	}
}

static bool
looks_like_identifier(const char *s)
{
	return (
	    rules_check_name_pattern(s) == NULL && rules_pattern_is_literal(s));
}

static void
flag_into(struct ctx *c, const struct ynode *n, const char *f,
    struct rule_config *cf)
{
	if (f[0] != '-') {
		if (looks_like_identifier(f))
			err_at(c, n,
			    "'%s' is not a compiler flag; did you mean '-D%s'?",
			    user_text(c, f), user_text(c, f));
		else
			err_at(c, n,
			    "'%s' is not a compiler flag; flags "
			    "start with '-', as in -DINET6 or -UFOO",
			    user_text(c, f));
		return;
	}
	if (strcmp(f, "-D") == 0 || strcmp(f, "-U") == 0 ||
	    strcmp(f, "-I") == 0) {
		err_at(c, n,
		    "'%s' needs its argument in the same item: write %sNAME", f,
		    f);
		return;
	}
	cf->argv = xrealloc(cf->argv, (cf->argc + 1) * sizeof(*cf->argv));
	cf->argv[cf->argc++] = xstrdup(f);
}

static void
configuration(struct ctx *c, struct ynode *n)
{
	static const char *const keys[] = {"name", "flags"};
	struct rule_config cf = {0};
	struct ynode *v[2];
	struct ylist l;
	const char *s, *p, *q;
	unsigned nfail = c->nfail;
	size_t i;
	char *f;

	if (n->kind != Y_MAP && n->kind != Y_BAD) {
		err_at(c, n,
		    "a configuration is a mapping such as "
		    "'{name: inet6, flags: [-DINET6]}', found %s",
		    node_kind_name(n));
		return;
	}
	if (!want_map(c, n, "a configuration", keys, 2, v))
		return;
	if (v[0] == NULL)
		err_at(c, n,
		    "a configuration needs 'name:', the name the "
		    "report uses for it");
	else if ((s = want_string(c, v[0], "'name'")) != NULL) {
		cf.name = str_trim(xstrdup(s));
		if (cf.name[0] == '\0' || strpbrk(cf.name, "\r\n") != NULL)
			err_at(c, v[0],
			    "configuration name '%s' must be text "
			    "on one line, not blank",
			    user_text(c, s));
		for (i = 0; i < c->r->configs.n && c->nfail == nfail; i++)
			if (strcmp(c->r->configs.v[i].name, cf.name) == 0)
				err_at(c, v[0],
				    "configuration '%s' is "
				    "already defined; give each a "
				    "distinct name",
				    user_text(c, cf.name));
	}
	if (v[1] != NULL && v[1]->kind == Y_SCALAR && !node_is_null(v[1])) {
		/* "flags: -DINET -DINET6" reads as two flags. */
		for (p = v[1]->s; *p != '\0'; p = q) {
			p += strspn(p, " \t\r\n");
			q = p + strcspn(p, " \t\r\n");
			if (q == p)
				break;
			f = xstrndup(p, (size_t)(q - p));
			flag_into(c, v[1], f, &cf);
			free(f);
		}
	} else if (v[1] != NULL && want_list(c, v[1], "'flags'", &l))
		for (i = 0; i < l.n; i++)
			if ((s = want_string(c, l.v[i], "a flag")) != NULL)
				flag_into(c, l.v[i], s, &cf);
	if (c->nfail == nfail) {
		VEC_PUSH(&c->r->configs, cf);
		return;
	}
	free(cf.name);
	for (i = 0; i < cf.argc; i++)
		free(cf.argv[i]);
	free(cf.argv);
}

static void
top_configurations(struct ctx *c, struct ynode *n)
{
	each_item(c, n, "'configurations'", configuration);
}

static void
top_never_touch(struct ctx *c, struct ynode *n)
{
	items_into(c, n, "'never-touch'", ITEM_PATH, &c->r->never);
}

static const struct {
	const char *key;
	void (*fn)(struct ctx *, struct ynode *);
} top_keys[] = {
    {"version", top_version},
    {"include", top_include},
    {"sysctl", top_sysctl},
    {"markers", top_markers},
    {"virtualize", top_virtualize},
    {"exclude", top_exclude},
    {"entry-points", top_entries},
    {"timers", top_timers},
    {"module-init", top_inits},
    {"lint", top_lint},
    {"configurations", top_configurations},
    {"never-touch", top_never_touch},
};
#define NTOP (sizeof(top_keys) / sizeof(top_keys[0]))

/*
 * What only the whole file shows: two entries for one function or role
 * with different expressions, a function that is an entry point and a
 * timer.  Quadratic, but entry lists are hundreds long at most.
 */
static void
cross_checks(struct ctx *c)
{
	const struct rule_entry *a, *b;
	const struct rule_timer *t;
	size_t i, j;

#define SAME(x, y) \
	((x) == NULL ? (y) == NULL : (y) != NULL && strcmp((x), (y)) == 0)
	for (i = 0; i < c->r->entries.n; i++) {
		b = &c->r->entries.v[i];
		for (j = 0; j < i; j++) {
			a = &c->r->entries.v[j];
			if (!SAME(a->function, b->function) ||
			    !SAME(a->struct_name, b->struct_name) ||
			    !SAME(a->field, b->field) ||
			    !SAME(a->file, b->file))
				continue;
			if (strcmp(a->vnet_expr, b->vnet_expr) != 0)
				add_error(c, b->line, b->col,
				    xasprintf("this entry point is already "
					      "given at line %u with vnet "
					      "'%s'; keep one",
					a->line, user_text(c, a->vnet_expr)));
			break;
		}
	}
	for (i = 0; i < c->r->timers.n; i++) {
		t = &c->r->timers.v[i];
		for (j = 0; j < c->r->entries.n; j++)
			if (SAME(c->r->entries.v[j].function, t->function)) {
				add_error(c, t->line, t->col,
				    xasprintf("'%s' is also an entry point "
					      "(line %u); a timer sets "
					      "curvnet for each vnet itself, "
					      "so keep it in one list",
					user_text(c, t->function),
					c->r->entries.v[j].line));
				break;
			}
	}
#undef SAME
}

static void
walk(struct ctx *c, struct ynode *root)
{
	struct ynode *v[NTOP];
	const char *keys[NTOP];
	size_t i;

	if (root == NULL || node_is_null(root) || root->kind == Y_BAD)
		return;
	if (root->kind != Y_MAP) {
		err_at(c, root,
		    "a rules file is a mapping of keys such as "
		    "'virtualize:' and 'exclude:', found %s",
		    node_kind_name(root));
		return;
	}
	for (i = 0; i < NTOP; i++)
		keys[i] = top_keys[i].key;
	want_map(c, root, "the rules file", keys, NTOP, v);
	for (i = 0; i < NTOP; i++)
		if (v[i] != NULL)
			top_keys[i].fn(c, v[i]);
	cross_checks(c);
}

static int
error_order(const void *a, const void *b)
{
	const struct rules_error *x = *(struct rules_error *const *)a;
	const struct rules_error *y = *(struct rules_error *const *)b;

	if (x->line != y->line)
		return (x->line < y->line ? -1 : 1);
	if (x->col != y->col)
		return (x->col < y->col ? -1 : 1);
	return (0);
}

/*
 * Puts the chain in document order, ties in the order found, except that
 * a "too many errors" note (when last is) stays last.
 */
static void
sort_errors(struct rules_error *head, bool keep_last)
{
	VEC(struct rules_error *) v = {0};
	struct rules_error *e, first;
	size_t i, j;

	for (e = head; e != NULL; e = e->next)
		VEC_PUSH(&v, e);
	if (v.n < 2) {
		VEC_FREE(&v);
		return;
	}
	/* Insertion sort: stable, and the list holds MAX_ERRORS + 1. */
	for (i = 1; i < v.n - (keep_last ? 1 : 0); i++)
		for (j = i; j > 0 && error_order(&v.v[j - 1], &v.v[j]) > 0;
		    j--) {
			e = v.v[j];
			v.v[j] = v.v[j - 1];
			v.v[j - 1] = e;
		}
	/*
	 * The head is the caller's struct, not a heap node: move contents
	 * so that whichever error sorts first lives in it.
	 */
	for (i = 0; i < v.n; i++)
		if (v.v[i] == head)
			break;
	if (i > 0) {
		first = *v.v[0];
		*v.v[0] = *head;
		*head = first;
		v.v[i] = v.v[0];
		v.v[0] = head;
	}
	for (i = 0; i + 1 < v.n; i++)
		v.v[i]->next = v.v[i + 1];
	v.v[v.n - 1]->next = NULL;
	VEC_FREE(&v);
}

struct rules *
rules_load_buffer(const char *name, const char *buf, size_t len,
    struct rules_error *err)
{
	struct rules_error local = {0};
	struct ctx c;
	struct ynode *root;
	size_t i;

	if (err == NULL)
		err = &local;
	memset(err, 0, sizeof(*err));
	memset(&c, 0, sizeof(c));
	c.file = name != NULL ? name : "<rules>";
	c.buf = buf != NULL ? buf : "";
	c.len = buf != NULL ? len : 0;
	c.err = err;
	c.r = rules_new();
	c.r->path = xstrdup(c.file);
	c.origin = rules_origin(c.r, c.file);
	root = yaml_tree_build(&c);
	if (!c.fatal)
		walk(&c, root);
	rules_index_extend(c.r);
	for (i = 0; i < c.nodes.n; i++) {
		free(c.nodes.v[i]->s);
		VEC_FREE(&c.nodes.v[i]->kids);
		free(c.nodes.v[i]);
	}
	VEC_FREE(&c.nodes);
	strvec_free(&c.shown);
	if (err->message == NULL)
		return (c.r);
	sort_errors(err, c.nerr > MAX_ERRORS);
	rules_free(c.r);
	rules_error_free(&local);
	return (NULL);
}
