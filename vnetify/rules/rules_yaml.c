/*
 * rules_yaml.c: reads a rules file (rules/REFERENCE.md) into struct rules.
 *
 * Two stages.  libyaml's event parser builds a small tree of scalars, lists
 * and mappings, each node with its 1-based place; anchors, aliases and
 * tags are refused there, so no input can make the tree larger than the
 * text (no "billion laughs").  Then the schema walk turns the tree into
 * rules, checking every key and value.  A YAML syntax error ends the read;
 * a schema problem is recorded and the walk goes on, so one run shows every
 * problem (up to MAX_ERRORS) in document order.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "rules/rules_impl.h"
#include "support/diag.h"

#define MAX_ERRORS 20
/* The schema nests five deep; anything far deeper is not a rules file. */
#define MAX_DEPTH 64

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP, Y_BAD };

struct ynode {
	enum ykind kind;
	unsigned line, col;
	char *s;    /* a scalar's text */
	bool plain; /* an untagged plain scalar: null and bool words apply */
	/* A list's items; a mapping's keys and values, alternating. */
	VEC(struct ynode *) kids;
};

struct ctx {
	const char *file;
	const char *buf;
	size_t len;
	struct rules *r;
	const char *origin;
	struct rules_error *err;
	unsigned nerr;
	/*
	 * Problems met: errors, and nodes already reported when built.  A
	 * piece is kept only if no problem was met while reading it.
	 */
	unsigned nfail;
	bool fatal; /* the tree is incomplete: no schema walk */
	VEC(struct ynode *) nodes;
	struct strvec shown;
};

/* One item list: a YAML list's items, or a lone scalar as a list of one. */
struct ylist {
	struct ynode **v;
	size_t n;
	struct ynode *one;
};

static void
add_error(struct ctx *c, unsigned line, unsigned col, char *msg)
{
	c->nfail++;
	if (c->nerr > MAX_ERRORS) {
		free(msg);
		return;
	}
	if (++c->nerr > MAX_ERRORS) {
		free(msg);
		msg = xasprintf("too many errors; fix these and run again");
	}
	rules_error_add(c->err, c->file, line, col, msg);
}

static void err_at(struct ctx *, const struct ynode *, const char *, ...)
    __attribute__((__format__(__printf__, 3, 4)));

static void
err_at(struct ctx *c, const struct ynode *n, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	add_error(c, n != NULL ? n->line : 0, n != NULL ? n->col : 0,
	    sb_detach(&sb));
}

/* User text for a message; freed with the context. */
static const char *
show(struct ctx *c, const char *s)
{
	VEC_PUSH(&c->shown, rules_printable(s));
	return (c->shown.v[c->shown.n - 1]);
}

/* Tree building. */

static struct ynode *
new_node(struct ctx *c, enum ykind kind, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	VEC_PUSH(&c->nodes, n);
	return (n);
}

/* Where a libyaml mark points in the text, or NULL (for hints only). */
static const char *
mark_ptr(const struct ctx *c, size_t line, size_t column)
{
	const char *p = c->buf, *end = c->buf + c->len;

	for (; line > 0 && p < end; line--) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (p == NULL)
			return (NULL);
		p++;
	}
	for (; column > 0 && p < end && *p != '\n'; column--)
		for (p++; p < end && (*p & 0xc0) == 0x80; p++)
			;
	return (p < end ? p : NULL);
}

static int
char_at(const struct ctx *c, size_t line, size_t column)
{
	const char *p = mark_ptr(c, line, column);

	return (p != NULL ? (unsigned char)*p : -1);
}

/* The token at a mark, as far as a YAML separator. */
static const char *
token_at(struct ctx *c, size_t line, size_t column)
{
	const char *p = mark_ptr(c, line, column), *q, *end = c->buf + c->len;
	char *tok;

	if (p == NULL)
		return ("");
	for (q = p; q < end && q - p < 60 &&
	    strchr(" \t\r\n,[]{}", *q) == NULL && *q != '\0';
	    q++)
		;
	tok = xstrndup(p, (size_t)(q - p));
	VEC_PUSH(&c->shown, rules_printable(tok));
	free(tok);
	return (c->shown.v[c->shown.n - 1]);
}

static const char *
syntax_hint(const char *problem, const char *context, int ch)
{
	if (strstr(problem, "cannot start any token") != NULL) {
		if (ch == '\t')
			return ("; YAML indents with spaces, never tabs");
		if (ch == '`' || ch == '@')
			return ("; quote a value that starts with this "
				"character");
	}
	if (strstr(problem, "mapping values are not allowed") != NULL)
		return ("; quote a value that contains ': ', or check the "
			"indentation");
	if (strstr(problem, "did not find expected key") != NULL ||
	    strstr(problem, "did not find expected '-'") != NULL)
		return ("; check this line's indentation against the lines "
			"above");
	if (strstr(problem, "could not find expected ':'") != NULL)
		return ("; a key needs ': ' after it, and a value that goes on "
			"to the next line must be quoted");
	if (strstr(problem, "expected ',' or ']'") != NULL)
		return ("; close the '[' list with ']'");
	if (strstr(problem, "expected ',' or '}'") != NULL)
		return ("; close the '{' mapping with '}'");
	if (strstr(problem, "end of stream") != NULL && context != NULL &&
	    strstr(context, "quoted scalar") != NULL)
		return ("; close the quote");
	return ("");
}

static void
syntax_error(struct ctx *c, const yaml_parser_t *p)
{
	const char *problem = p->problem != NULL ? p->problem : "error", *tok;
	size_t i, line = 0, col = 0, off;
	bool alias;

	c->fatal = true;
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		add_error(c, 0, 0, xstrdup("out of memory reading the file"));
		return;
	case YAML_READER_ERROR:
		off = p->problem_offset < c->len ? p->problem_offset : c->len;
		for (i = 0; i < off; i++)
			if (c->buf[i] == '\n') {
				line++;
				col = 0;
			} else if ((c->buf[i] & 0xc0) != 0x80)
				col++;
		add_error(c, (unsigned)line + 1, (unsigned)col + 1,
		    xasprintf("cannot read this as text (%s); a rules file is "
			      "UTF-8 text",
			problem));
		return;
	default:
		break;
	}
	/*
	 * A glob such as *.c is the usual way into an alias or anchor:
	 * say that, at the glob.
	 */
	if (p->context != NULL &&
	    ((alias = strcmp(p->context, "while scanning an alias") == 0) ||
		strcmp(p->context, "while scanning an anchor") == 0)) {
		tok = token_at(c, p->context_mark.line, p->context_mark.column);
		add_error(c, (unsigned)p->context_mark.line + 1,
		    (unsigned)p->context_mark.column + 1,
		    xasprintf("'%s' reads as a YAML %s; quote a value that "
			      "starts with '%c': \"%s\"",
			tok, alias ? "alias" : "anchor", alias ? '*' : '&',
			tok));
		return;
	}
	if (p->context != NULL)
		add_error(c, (unsigned)p->problem_mark.line + 1,
		    (unsigned)p->problem_mark.column + 1,
		    xasprintf("YAML syntax error: %s (%s that began at "
			      "line %zu, column %zu)%s",
			problem, p->context, p->context_mark.line + 1,
			p->context_mark.column + 1,
			syntax_hint(problem, p->context,
			    char_at(c, p->problem_mark.line,
				p->problem_mark.column))));
	else
		add_error(c, (unsigned)p->problem_mark.line + 1,
		    (unsigned)p->problem_mark.column + 1,
		    xasprintf("YAML syntax error: %s%s", problem,
			syntax_hint(problem, p->context,
			    char_at(c, p->problem_mark.line,
				p->problem_mark.column))));
}

static bool
node_extras_ok(struct ctx *c, struct ynode *n, const yaml_char_t *anchor,
    const yaml_char_t *tag)
{
	if (anchor != NULL) {
		err_at(c, n,
		    "anchor '&%s': rules files do not use anchors or aliases; "
		    "write the value out in full",
		    show(c, (const char *)anchor));
		return (false);
	}
	if (tag != NULL &&
	    !(n->kind == Y_SCALAR &&
		strcmp((const char *)tag, YAML_STR_TAG) == 0)) {
		err_at(c, n,
		    "tag '%s': rules files do not use YAML tags; remove it",
		    show(c, (const char *)tag));
		return (false);
	}
	return (true);
}

static struct ynode *
build_tree(struct ctx *c)
{
	VEC(struct ynode *) stack = {0};
	struct ynode *root = NULL, *n;
	yaml_parser_t p;
	yaml_event_t ev;
	int docs = 0;
	bool done = false;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)c->buf, c->len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			syntax_error(c, &p);
			break;
		}
		n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				add_error(c, (unsigned)ev.start_mark.line + 1,
				    (unsigned)ev.start_mark.column + 1,
				    xstrdup("a second YAML document; a rules "
					    "file holds one, so merge this "
					    "into the first or remove it"));
				done = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			n = new_node(c, Y_BAD, &ev.start_mark);
			err_at(c, n,
			    "'*%s' reads as a YAML alias, which rules files "
			    "do not use; quote a value that starts with '*': "
			    "\"*%s\"",
			    show(c, (const char *)ev.data.alias.anchor),
			    show(c, (const char *)ev.data.alias.anchor));
			break;
		case YAML_SCALAR_EVENT:
			n = new_node(c, Y_SCALAR, &ev.start_mark);
			if (memchr(ev.data.scalar.value, '\0',
				ev.data.scalar.length) != NULL) {
				err_at(c, n,
				    "a NUL character in a value; remove it");
				n->kind = Y_BAD;
				break;
			}
			n->s = xstrndup((const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			n->plain =
			    ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			    ev.data.scalar.tag == NULL;
			if (!node_extras_ok(c, n, ev.data.scalar.anchor,
				ev.data.scalar.tag))
				n->kind = Y_BAD;
			break;
		case YAML_SEQUENCE_START_EVENT:
			n = new_node(c, Y_SEQ, &ev.start_mark);
			node_extras_ok(c, n, ev.data.sequence_start.anchor,
			    ev.data.sequence_start.tag);
			break;
		case YAML_MAPPING_START_EVENT:
			n = new_node(c, Y_MAP, &ev.start_mark);
			node_extras_ok(c, n, ev.data.mapping_start.anchor,
			    ev.data.mapping_start.tag);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (stack.n > 0)
				stack.n--;
			break;
		default:
			break;
		}
		if (n != NULL) {
			if (stack.n > 0)
				VEC_PUSH(&stack.v[stack.n - 1]->kids, n);
			else if (root == NULL)
				root = n;
			if (n->kind == Y_SEQ || n->kind == Y_MAP) {
				if (stack.n >= MAX_DEPTH) {
					err_at(c, n,
					    "lists and mappings nested more "
					    "than %d deep; a rules file needs "
					    "five at most",
					    MAX_DEPTH);
					c->fatal = true;
					done = true;
				}
				VEC_PUSH(&stack, n);
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	VEC_FREE(&stack);
	return (root);
}

/* Values. */

static bool
is_null(const struct ynode *n)
{
	return (n->kind == Y_SCALAR && n->plain &&
	    (n->s[0] == '\0' || strcmp(n->s, "~") == 0 ||
		strcmp(n->s, "null") == 0 || strcmp(n->s, "Null") == 0 ||
		strcmp(n->s, "NULL") == 0));
}

static const char *
kind_name(const struct ynode *n)
{
	if (is_null(n))
		return ("no value");
	switch (n->kind) {
	case Y_SEQ:
		return ("a list");
	case Y_MAP:
		return ("a mapping");
	default:
		return ("a string");
	}
}

/*
 * The string value of n, or NULL after saying what is wrong; what names
 * the value ("'include'").  Y_BAD nodes were reported when built.
 */
static const char *
want_string(struct ctx *c, const struct ynode *n, const char *what)
{
	if (n->kind == Y_BAD) {
		c->nfail++;
		return (NULL);
	}
	if (is_null(n)) {
		err_at(c, n, "missing value for %s", what);
		return (NULL);
	}
	if (n->kind != Y_SCALAR) {
		err_at(c, n, "%s must be a string, found %s", what,
		    kind_name(n));
		return (NULL);
	}
	return (n->s);
}

static bool
want_bool(struct ctx *c, const struct ynode *n, const char *what, bool *out)
{
	static const char *const yes[] = {"true", "True", "TRUE"};
	static const char *const no[] = {"false", "False", "FALSE"};
	const char *s;
	size_t i;

	if ((s = want_string(c, n, what)) == NULL)
		return (false);
	for (i = 0; i < 3; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return (true);
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return (true);
		}
	}
	err_at(c, n, "%s must be true or false, found '%s'", what, show(c, s));
	return (false);
}

static bool
want_list(struct ctx *c, struct ynode *n, const char *what, struct ylist *l)
{
	l->n = 0;
	if (n->kind == Y_BAD) {
		c->nfail++;
		return (false);
	}
	if (is_null(n)) {
		err_at(c, n,
		    "missing value for %s; give a list, or [] for none", what);
		return (false);
	}
	if (n->kind == Y_SEQ) {
		l->v = n->kids.v;
		l->n = n->kids.n;
		return (true);
	}
	if (n->kind == Y_MAP) {
		err_at(c, n,
		    "%s must be a list, found a mapping; start each item "
		    "with '- '",
		    what);
		return (false);
	}
	l->one = n;
	l->v = &l->one;
	l->n = 1;
	return (true);
}

/* Edit distance with transpositions, for "did you mean". */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[33][33];

	if (la > 32 || lb > 32)
		return ((size_t)-1);
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1, best;

			best = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return (d[la][lb]);
}

/* Case, '_' and '-' are the usual slips in a key; compare without them. */
static char *
fold(const char *s)
{
	char *f = xstrndup(s, strnlen(s, 40)), *p;

	for (p = f; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (*p == '_')
			*p = '-';
	return (f);
}

static const char *
closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t i, d, bestd = (size_t)-1, limit;
	char *fw = fold(word), *fc;

	for (i = 0; i < n; i++) {
		fc = fold(cands[i]);
		d = distance(fw, fc);
		limit = strlen(cands[i]) / 3 > 0 ? strlen(cands[i]) / 3 : 1;
		if (d <= limit && d < bestd) {
			best = cands[i];
			bestd = d;
		}
		free(fc);
	}
	free(fw);
	return (best);
}

/*
 * Finds the value of each known key of mapping n (vals[i] for keys[i],
 * NULL when absent) and reports unknown and repeated keys.  what names the
 * mapping ("an entry point").
 */
static bool
want_map(struct ctx *c, struct ynode *n, const char *what,
    const char *const *keys, size_t nkeys, struct ynode **vals)
{
	struct ynode *k, *seen[12];
	struct strbuf sb = STRBUF_INIT;
	const char *sugg;
	size_t i, j;

	if (nkeys > sizeof(seen) / sizeof(seen[0]))
		fatal("internal error: a schema mapping with %zu keys", nkeys);
	memset(vals, 0, nkeys * sizeof(*vals));
	memset(seen, 0, sizeof(seen));
	if (n->kind == Y_BAD) {
		c->nfail++;
		return (false);
	}
	if (n->kind != Y_MAP) {
		err_at(c, n,
		    "%s must be a mapping of 'key: value' lines, found %s",
		    what, kind_name(n));
		return (false);
	}
	for (i = 0; i + 1 < n->kids.n; i += 2) {
		k = n->kids.v[i];
		if (k->kind == Y_BAD) {
			c->nfail++;
			continue;
		}
		if (k->kind != Y_SCALAR || is_null(k)) {
			err_at(c, k,
			    "a key in %s must be a plain name, found %s", what,
			    kind_name(k));
			continue;
		}
		for (j = 0; j < nkeys && strcmp(k->s, keys[j]) != 0; j++)
			;
		if (j < nkeys && seen[j] != NULL) {
			err_at(c, k,
			    "duplicate key '%s' (first given at line %u); "
			    "keep one",
			    keys[j], seen[j]->line);
			continue;
		}
		if (j < nkeys) {
			seen[j] = k;
			vals[j] = n->kids.v[i + 1];
			continue;
		}
		if ((sugg = closest(k->s, keys, nkeys)) != NULL) {
			err_at(c, k,
			    "unknown key '%s' in %s; did you mean '%s'?",
			    show(c, k->s), what, sugg);
			continue;
		}
		for (j = 0; j < nkeys; j++)
			sb_addf(&sb, "%s%s", j > 0 ? ", " : "", keys[j]);
		err_at(c, k, "unknown key '%s' in %s; expected one of: %s",
		    show(c, k->s), what, sb_str(&sb));
		sb_reset(&sb);
	}
	sb_free(&sb);
	return (true);
}

/* Checked and normalized pieces. */

static char *
want_name(struct ctx *c, const struct ynode *n, const char *what)
{
	const char *s, *why;

	if ((s = want_string(c, n, what)) == NULL)
		return (NULL);
	if ((why = rules_check_name_pattern(s)) != NULL) {
		err_at(c, n,
		    "%s '%s' %s; give a C identifier or an fnmatch glob of one",
		    what, show(c, s), why);
		return (NULL);
	}
	return (xstrdup(s));
}

/*
 * A path glob relative to the root, with "." segments and repeated or
 * trailing slashes dropped.  The root itself ("." or "") comes back as ""
 * when root_ok, else is an error.
 */
static char *
want_path(struct ctx *c, const struct ynode *n, const char *what, bool root_ok)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s, *p, *seg;
	size_t len;

	if ((s = want_string(c, n, what)) == NULL)
		return (NULL);
	if (s[0] == '/') {
		err_at(c, n,
		    "%s '%s' is absolute; paths in rules are "
		    "relative to the root (--root), so drop the leading '/'",
		    what, show(c, s));
		return (NULL);
	}
	for (p = s; *p != '\0';) {
		for (seg = p; *p != '\0' && *p != '/'; p++)
			;
		len = (size_t)(p - seg);
		while (*p == '/')
			p++;
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			err_at(c, n,
			    "%s '%s' climbs out with '..'; paths in "
			    "rules are relative to the root and stay inside it",
			    what, show(c, s));
			sb_free(&sb);
			return (NULL);
		}
		if (sb.len > 0)
			sb_addc(&sb, '/');
		sb_add(&sb, seg, len);
	}
	if (sb.len == 0 && !root_ok) {
		err_at(c, n,
		    "%s '%s' names the root itself; to mean every "
		    "file, write '**'",
		    what, show(c, s));
		return (NULL);
	}
	return (sb_detach(&sb));
}

/* NULL if s reads as one C expression, else what is wrong. */
static const char *
check_expr(const char *s)
{
	struct strbuf open = STRBUF_INIT;
	const char *p, *why = NULL;
	char quote = 0;

	for (p = s; *p != '\0' && why == NULL; p++) {
		if (quote != 0) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == quote)
				quote = 0;
			continue;
		}
		switch (*p) {
		case '"':
		case '\'':
			quote = *p;
			break;
		case '(':
		case '[':
			sb_addc(&open, *p);
			break;
		case ')':
		case ']':
			if (open.len == 0 ||
			    open.s[open.len - 1] != (*p == ')' ? '(' : '['))
				why = "has an unbalanced closing bracket";
			else
				open.s[--open.len] = '\0';
			break;
		case ';':
		case '{':
		case '}':
			why = "is not a single expression (it holds ';', '{' "
			      "or '}')";
			break;
		default:
			break;
		}
	}
	if (why == NULL && quote != 0)
		why = "has an unterminated quote";
	if (why == NULL && open.len > 0)
		why = "has an unclosed bracket";
	sb_free(&open);
	return (why);
}

/* The schema. */

static void
top_version(struct ctx *c, struct ynode *n)
{
	const char *s;

	if ((s = want_string(c, n, "'version'")) == NULL)
		return;
	if (strcmp(s, "1") != 0)
		err_at(c, n,
		    "unsupported version '%s'; this vnetify reads version 1",
		    show(c, s));
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
		    show(c, s));
		return;
	}
	free(c->r->include);
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
		    show(c, s));
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
			    show(c, s));
		else
			VEC_PUSH(&c->r->markers, xstrdup(s));
	}
}

enum sel_kind { SEL_VIRTUALIZE, SEL_EXCLUDE, SEL_EXCEPT };

/*
 * A restriction with an empty list would restrict nothing, the opposite of
 * what it says.
 */
static bool
nonempty(struct ctx *c, const struct ynode *n, const char *what,
    const struct ylist *l)
{
	if (l->n > 0)
		return (true);
	err_at(c, n,
	    "%s is an empty list, which would match nothing; give "
	    "at least one item or remove the key",
	    what);
	return (false);
}

static void
names_into(struct ctx *c, struct ynode *n, const char *what, struct strvec *out)
{
	struct ylist l;
	char *s;
	size_t i;

	if (!want_list(c, n, what, &l) || !nonempty(c, n, what, &l))
		return;
	for (i = 0; i < l.n; i++)
		if ((s = want_name(c, l.v[i], what)) != NULL)
			VEC_PUSH(out, s);
}

static void
paths_into(struct ctx *c, struct ynode *n, const char *what, bool root_ok,
    struct strvec *out)
{
	struct ylist l;
	char *s;
	size_t i;

	if (!want_list(c, n, what, &l) || !nonempty(c, n, what, &l))
		return;
	for (i = 0; i < l.n; i++)
		if ((s = want_path(c, l.v[i], what, root_ok)) != NULL)
			VEC_PUSH(out, s);
}

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
	if (n->kind == Y_SCALAR && !is_null(n)) {
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
	if (is_null(n)) {
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
		names_into(c, v[K_NAME], "'name'", &s->names);
	if (v[K_FILE] != NULL)
		paths_into(c, v[K_FILE], "'file'", false, &s->files);
	if (v[K_DIR] != NULL)
		paths_into(c, v[K_DIR], "'dir'", true, &s->dirs);
	if (v[K_FUNCTION] != NULL)
		names_into(c, v[K_FUNCTION], "'function'", &s->functions);
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

static void
entry_point(struct ctx *c, struct ynode *n)
{
	enum { K_FUNCTION, K_VNET, K_STRUCT, K_FIELD, K_FILE };
	static const char *const keys[] = {"function", "vnet", "struct",
	    "field", "file"};
	struct ynode *v[5];
	struct rule_entry e;
	struct ylist fl;
	const char *s, *why;
	unsigned nfail = c->nfail;
	char *fn;
	size_t i;

	memset(&e, 0, sizeof(e));
	e.line = n->line;
	e.col = n->col;
	if (n->kind == Y_SCALAR && !is_null(n)) {
		err_at(c, n,
		    "entry point '%s' needs a context expression; "
		    "write '{function: %s, vnet: EXPR}'",
		    show(c, n->s), show(c, n->s));
		return;
	}
	if (is_null(n)) {
		err_at(c, n,
		    "empty item in the 'entry-points' list; remove "
		    "the lone '-'");
		return;
	}
	if (!want_map(c, n, "an entry point", keys, 5, v))
		return;
	if (v[K_STRUCT] != NULL &&
	    (s = want_string(c, v[K_STRUCT], "'struct'")) != NULL) {
		if (strncmp(s, "struct ", 7) == 0)
			s += 7 + strspn(s + 7, " ");
		if ((why = rules_check_name_pattern(s)) != NULL)
			err_at(c, v[K_STRUCT],
			    "struct '%s' %s; give the tag "
			    "of the struct, as in 'struct: protosw'",
			    show(c, s), why);
		else
			e.struct_name = xstrdup(s);
	}
	if (v[K_FIELD] != NULL)
		e.field = want_name(c, v[K_FIELD], "'field'");
	if (v[K_FILE] != NULL)
		e.file = want_path(c, v[K_FILE], "'file'", false);
	if (v[K_VNET] != NULL &&
	    (s = want_string(c, v[K_VNET], "'vnet'")) != NULL) {
		e.vnet_expr = str_trim(xstrdup(s));
		if ((why = check_expr(e.vnet_expr)) != NULL ||
		    (e.vnet_expr[0] == '\0' && (why = "is empty"))) {
			err_at(c, v[K_VNET],
			    "context expression '%s' %s; "
			    "give a C expression of type struct vnet *",
			    show(c, e.vnet_expr), why);
			free(e.vnet_expr);
			e.vnet_expr = NULL;
		}
	}
	fl.n = 0;
	if (v[K_FUNCTION] != NULL &&
	    want_list(c, v[K_FUNCTION], "'function'", &fl))
		nonempty(c, v[K_FUNCTION], "'function'", &fl);
	if (c->nfail != nfail)
		goto out;
	if (v[K_FUNCTION] != NULL && (v[K_STRUCT] || v[K_FIELD])) {
		err_at(c, n,
		    "an entry point is either 'function' or "
		    "'struct' with 'field', not both; split it in two");
		goto out;
	}
	if (v[K_FUNCTION] == NULL &&
	    (v[K_STRUCT] == NULL) != (v[K_FIELD] == NULL)) {
		err_at(c, n,
		    "a role entry point needs both 'struct' and "
		    "'field' (the functions stored in that field of "
		    "that struct's initializers)");
		goto out;
	}
	if (v[K_FUNCTION] == NULL && v[K_STRUCT] == NULL) {
		err_at(c, n,
		    "an entry point needs 'function: NAME', or "
		    "'struct: TAG' with 'field: NAME'");
		goto out;
	}
	if (e.vnet_expr == NULL) {
		if (v[K_STRUCT] != NULL)
			err_at(c, n,
			    "entry point 'struct %s' field '%s' has "
			    "no context expression; add 'vnet: "
			    "EXPR', the vnet its functions run in",
			    show(c, e.struct_name), show(c, e.field));
		else
			err_at(c, n,
			    "entry point '%s' has no context "
			    "expression; add 'vnet: EXPR', the vnet "
			    "it runs in (e.g. 'sc->sc_vnet')",
			    fl.n > 0 && fl.v[0]->kind == Y_SCALAR
				? show(c, fl.v[0]->s)
				: "");
		goto out;
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
		    }));
	}
out:
	entry_free(&e);
}

/* A top-level key whose value is a list, each item read by item(). */
static void
each_item(struct ctx *c, struct ynode *n, const char *what,
    void (*item)(struct ctx *, struct ynode *))
{
	struct ylist l;
	size_t i;

	if (!want_list(c, n, what, &l))
		return;
	for (i = 0; i < l.n; i++)
		item(c, l.v[i]);
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
				nonempty(c, v[0], "'function'", &fl);
		} else if (is_null(l.v[i]))
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
			    show(c, f), show(c, f));
		else
			err_at(c, n,
			    "'%s' is not a compiler flag; flags "
			    "start with '-', as in -DINET6 or -UFOO",
			    show(c, f));
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
		    kind_name(n));
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
			    show(c, s));
		for (i = 0; i < c->r->configs.n && c->nfail == nfail; i++)
			if (strcmp(c->r->configs.v[i].name, cf.name) == 0)
				err_at(c, v[0],
				    "configuration '%s' is "
				    "already defined; give each a "
				    "distinct name",
				    show(c, cf.name));
	}
	if (v[1] != NULL && v[1]->kind == Y_SCALAR && !is_null(v[1])) {
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
	paths_into(c, n, "'never-touch'", false, &c->r->never);
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
					a->line, show(c, a->vnet_expr)));
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
					show(c, t->function),
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

	if (root == NULL || is_null(root) || root->kind == Y_BAD)
		return;
	if (root->kind != Y_MAP) {
		err_at(c, root,
		    "a rules file is a mapping of keys such as "
		    "'virtualize:' and 'exclude:', found %s",
		    kind_name(root));
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
	root = build_tree(&c);
	if (!c.fatal)
		walk(&c, root);
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
