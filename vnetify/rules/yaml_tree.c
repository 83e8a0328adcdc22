/*
 * yaml_tree.c: the first stage of reading a rules file.  libyaml's event
 * parser builds a small tree of scalars, lists and mappings, each node with
 * its 1-based place; anchors, aliases and tags are refused here, so no
 * input can make the tree larger than the text (no "billion laughs").  A
 * YAML syntax error ends the read, with a hint where one helps.  The
 * reader's error list lives here too: every stage reports through
 * err_at().
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "rules/reader.h"

void
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

void
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
const char *
user_text(struct ctx *c, const char *s)
{
	VEC_PUSH(&c->shown, rules_printable(s));
	return (c->shown.v[c->shown.n - 1]);
}

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
		    user_text(c, (const char *)anchor));
		return (false);
	}
	if (tag != NULL &&
	    !(n->kind == Y_SCALAR &&
		strcmp((const char *)tag, YAML_STR_TAG) == 0)) {
		err_at(c, n,
		    "tag '%s': rules files do not use YAML tags; remove it",
		    user_text(c, (const char *)tag));
		return (false);
	}
	return (true);
}

struct ynode *
yaml_tree_build(struct ctx *c)
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
			    user_text(c, (const char *)ev.data.alias.anchor),
			    user_text(c, (const char *)ev.data.alias.anchor));
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
