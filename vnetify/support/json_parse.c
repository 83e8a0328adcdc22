/*
 * json_parse.c: see json_parse.h.  Recursive descent, nesting bounded so
 * that a hostile file cannot exhaust the stack.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/json_parse.h"

#define MAX_DEPTH 256

struct jp {
	const char *s, *end, *start;
	char *err;
	const char *err_at;
	int depth;
};

static void
fail(struct jp *p, const char *what)
{
	if (p->err == NULL) {
		p->err = xstrdup(what);
		p->err_at = p->s < p->end ? p->s : p->end;
	}
}

static void
blanks(struct jp *p)
{
	while (p->s < p->end &&
	    (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static struct jnode *
node(enum jkind k)
{
	struct jnode *n = xcalloc(1, sizeof(*n));

	n->kind = k;
	return (n);
}

static int
hex4(struct jp *p)
{
	int v = 0, i;

	if (p->end - p->s < 4)
		return (-1);
	for (i = 0; i < 4; i++) {
		char c = *p->s++;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return (-1);
	}
	return (v);
}

static void
utf8(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80)
		sb_addc(sb, (char)cp);
	else if (cp < 0x800) {
		sb_addc(sb, (char)(0xc0 | (cp >> 6)));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_addc(sb, (char)(0xe0 | (cp >> 12)));
		sb_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		sb_addc(sb, (char)(0xf0 | (cp >> 18)));
		sb_addc(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		sb_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		sb_addc(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

static char *
string(struct jp *p)
{
	struct strbuf sb = STRBUF_INIT;
	int cp, lo;

	p->s++; /* the quote */
	while (p->s < p->end && *p->s != '"') {
		if ((unsigned char)*p->s < 0x20) {
			fail(p, "a control character in a string");
			sb_free(&sb);
			return (NULL);
		}
		if (*p->s != '\\') {
			sb_addc(&sb, *p->s++);
			continue;
		}
		if (++p->s >= p->end)
			break;
		switch (*p->s++) {
		case '"':
			sb_addc(&sb, '"');
			break;
		case '\\':
			sb_addc(&sb, '\\');
			break;
		case '/':
			sb_addc(&sb, '/');
			break;
		case 'b':
			sb_addc(&sb, '\b');
			break;
		case 'f':
			sb_addc(&sb, '\f');
			break;
		case 'n':
			sb_addc(&sb, '\n');
			break;
		case 'r':
			sb_addc(&sb, '\r');
			break;
		case 't':
			sb_addc(&sb, '\t');
			break;
		case 'u':
			if ((cp = hex4(p)) < 0)
				goto bad;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (p->end - p->s < 6 || p->s[0] != '\\' ||
				    p->s[1] != 'u')
					goto bad;
				p->s += 2;
				if ((lo = hex4(p)) < 0xdc00 || lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			utf8(&sb, (unsigned)cp);
			break;
		default:
			goto bad;
		}
	}
	if (p->s >= p->end) {
		fail(p, "a string does not end");
		sb_free(&sb);
		return (NULL);
	}
	p->s++;
	return (sb_detach(&sb));
bad:
	fail(p, "a bad escape in a string");
	sb_free(&sb);
	return (NULL);
}

static struct jnode *value(struct jp *);

static struct jnode *
array_or_object(struct jp *p, bool obj)
{
	struct jnode *n = node(obj ? J_OBJ : J_ARR), *v;
	char *key;

	if (++p->depth > MAX_DEPTH) {
		fail(p, "nested too deep");
		return (n);
	}
	p->s++;
	blanks(p);
	if (p->s < p->end && *p->s == (obj ? '}' : ']')) {
		p->s++;
		p->depth--;
		return (n);
	}
	for (;;) {
		blanks(p);
		if (obj) {
			if (p->s >= p->end || *p->s != '"') {
				fail(p, "a member name must be a string");
				break;
			}
			if ((key = string(p)) == NULL)
				break;
			blanks(p);
			if (p->s >= p->end || *p->s != ':') {
				free(key);
				fail(p, "':' expected after a member name");
				break;
			}
			p->s++;
			VEC_PUSH(&n->keys, key);
		}
		if ((v = value(p)) == NULL)
			break;
		VEC_PUSH(&n->items, v);
		blanks(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == (obj ? '}' : ']')) {
			p->s++;
			break;
		}
		fail(p, obj ? "',' or '}' expected" : "',' or ']' expected");
		break;
	}
	p->depth--;
	return (n);
}

static struct jnode *
value(struct jp *p)
{
	struct jnode *n;
	char *end;

	blanks(p);
	if (p->err != NULL || p->s >= p->end) {
		fail(p, "a value expected");
		return (NULL);
	}
	switch (*p->s) {
	case '{':
		return (array_or_object(p, true));
	case '[':
		return (array_or_object(p, false));
	case '"':
		n = node(J_STR);
		if ((n->str = string(p)) == NULL) {
			free(n);
			return (NULL);
		}
		return (n);
	}
	if (p->end - p->s >= 4 && memcmp(p->s, "null", 4) == 0) {
		p->s += 4;
		return (node(J_NULL));
	}
	if (p->end - p->s >= 4 && memcmp(p->s, "true", 4) == 0) {
		p->s += 4;
		n = node(J_BOOL);
		n->b = true;
		return (n);
	}
	if (p->end - p->s >= 5 && memcmp(p->s, "false", 5) == 0) {
		p->s += 5;
		return (node(J_BOOL));
	}
	n = node(J_NUM);
	n->num = strtod(p->s, &end);
	if (end == p->s || end > p->end) {
		free(n);
		fail(p, "a value expected");
		return (NULL);
	}
	p->s = end;
	return (n);
}

struct jnode *
json_parse(const char *text, size_t len, char **err, unsigned *line,
    unsigned *col)
{
	struct jp p = {text, text + len, text, NULL, NULL, 0};
	struct jnode *n = value(&p);
	const char *s;

	blanks(&p);
	if (p.err == NULL && p.s != p.end)
		fail(&p, "text after the value");
	if (p.err == NULL)
		return (n);
	json_free(n);
	*err = p.err;
	*line = *col = 1;
	for (s = text; s < p.err_at; s++) {
		if (*s == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)*s & 0xc0) != 0x80)
			++*col;
	}
	return (NULL);
}

void
json_free(struct jnode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->items.n; i++)
		json_free(n->items.v[i]);
	for (i = 0; i < n->keys.n; i++)
		free(n->keys.v[i]);
	VEC_FREE(&n->items);
	VEC_FREE(&n->keys);
	free(n->str);
	free(n);
}

const struct jnode *
json_member(const struct jnode *n, const char *key)
{
	size_t i;

	if (n == NULL || n->kind != J_OBJ)
		return (NULL);
	for (i = 0; i < n->keys.n && i < n->items.n; i++)
		if (strcmp(n->keys.v[i], key) == 0)
			return (n->items.v[i]);
	return (NULL);
}

const char *
json_member_str(const struct jnode *n, const char *key)
{
	const struct jnode *m = json_member(n, key);

	return (m != NULL && m->kind == J_STR ? m->str : NULL);
}
