/*
 * lex.c: see lex.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model/lex.h"
#include "support/util.h"

/* Skip any backslash-newline pairs at p. */
static size_t
skip_splices(const char *b, size_t len, size_t p)
{
	while (p + 1 < len && b[p] == '\\') {
		if (b[p + 1] == '\n')
			p += 2;
		else if (b[p + 1] == '\r' && p + 2 < len && b[p + 2] == '\n')
			p += 3;
		else
			break;
	}
	return (p);
}

/* Byte classes, by table: the lexer asks of every byte of every file. */
#define CC_IDENT 1 /* may start a name */
#define CC_DIGIT 2 /* may go on with one */
#define CC_PUNCT 4 /* starts a punctuator */
#define CC_BLANK 8 /* white space within a line */
static const unsigned char char_class[256] = {
    ['a' ... 'z'] = CC_IDENT,
    ['A' ... 'Z'] = CC_IDENT,
    ['_'] = CC_IDENT,
    ['$'] = CC_IDENT,
    [0x80 ... 0xff] = CC_IDENT,
    ['0' ... '9'] = CC_DIGIT,
    ['{'] = CC_PUNCT,
    ['}'] = CC_PUNCT,
    ['['] = CC_PUNCT,
    [']'] = CC_PUNCT,
    ['('] = CC_PUNCT,
    [')'] = CC_PUNCT,
    ['<'] = CC_PUNCT,
    ['>'] = CC_PUNCT,
    [';'] = CC_PUNCT,
    [':'] = CC_PUNCT,
    [','] = CC_PUNCT,
    ['.'] = CC_PUNCT,
    ['?'] = CC_PUNCT,
    ['~'] = CC_PUNCT,
    ['!'] = CC_PUNCT,
    ['%'] = CC_PUNCT,
    ['^'] = CC_PUNCT,
    ['&'] = CC_PUNCT,
    ['*'] = CC_PUNCT,
    ['-'] = CC_PUNCT,
    ['+'] = CC_PUNCT,
    ['='] = CC_PUNCT,
    ['/'] = CC_PUNCT,
    ['|'] = CC_PUNCT,
    ['#'] = CC_PUNCT,
    [' '] = CC_BLANK,
    ['\t'] = CC_BLANK,
    ['\r'] = CC_BLANK,
    ['\f'] = CC_BLANK,
    ['\v'] = CC_BLANK,
};

static bool
is_ident_start(unsigned char c)
{
	return ((char_class[c] & CC_IDENT) != 0);
}

static bool
is_ident_char(unsigned char c)
{
	return ((char_class[c] & (CC_IDENT | CC_DIGIT)) != 0);
}

/* Length of the universal character name at p (\uXXXX, \UXXXXXXXX), or 0. */
static size_t
ucn_len(const char *b, size_t len, size_t p)
{
	size_t n, k;

	if (p + 1 >= len || b[p] != '\\' ||
	    (b[p + 1] != 'u' && b[p + 1] != 'U'))
		return (0);
	n = b[p + 1] == 'u' ? 4 : 8;
	for (k = 0; k < n; k++)
		if (p + 2 + k >= len || !isxdigit((unsigned char)b[p + 2 + k]))
			return (0);
	return (n + 2);
}

/* Length of the punctuator at p: C's longest match, by its first bytes. */
static size_t
punct_len(const char *b, size_t len, size_t p)
{
	char c = b[p], d = p + 1 < len ? b[p + 1] : 0;
	char e = p + 2 < len ? b[p + 2] : 0;

	switch (c) {
	case '<':
	case '>':
		if (d == c)
			return (e == '=' ? 3 : 2);
		return (d == '=' ? 2 : 1);
	case '.':
		return (d == '.' && e == '.' ? 3 : 1);
	case '-':
		return (d == '>' || d == '-' || d == '=' ? 2 : 1);
	case '+':
	case '&':
	case '|':
		return (d == c || d == '=' ? 2 : 1);
	case '=':
	case '!':
	case '*':
	case '/':
	case '%':
	case '^':
		return (d == '=' ? 2 : 1);
	case '#':
		return (d == '#' ? 2 : 1);
	default:
		return (1);
	}
}

/* End of a quoted literal starting at p (the opening quote). */
static size_t
scan_quoted(const char *b, size_t len, size_t p, char q)
{
	p++;
	while (p < len && b[p] != q && b[p] != '\n') {
		if (b[p] == '\\' && p + 1 < len)
			p++;
		p++;
	}
	return (p < len && b[p] == q ? p + 1 : p);
}

static inline void
push(struct toklist *out, size_t off, size_t end, enum tok_kind kind, bool bol,
    bool pp, bool ws)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 256;
		out->t = xrealloc(out->t, out->cap * sizeof(*out->t));
	}
	out->t[out->n++] = (struct tok){(uint32_t)off, (uint32_t)(end - off),
	    (uint8_t)kind, bol, pp, ws};
}

size_t
lex_bom_len(const char *b, size_t len)
{
	return (len >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0 ? 3 : 0);
}

void
lex(const char *b, size_t len, struct toklist *out)
{
	bool bol = true, pp = false, ws = false, include = false;
	size_t p = lex_bom_len(b, len), s;
	unsigned char c;

	out->n = 0;
	while (p < len) {
		if (b[p] == '\\') {
			p = skip_splices(b, len, p);
			if (p >= len)
				break;
		}
		c = (unsigned char)b[p];
		if (c == '\n') {
			bol = true;
			pp = include = false;
			ws = true;
			p++;
			continue;
		}
		if (char_class[c] & CC_BLANK) {
			ws = true;
			for (p++; p < len && (b[p] == ' ' || b[p] == '\t'); p++)
				;
			continue;
		}
		s = p;
		if (c == '/' && p + 1 < len && b[p + 1] == '*') {
			p += 2;
			while (p + 1 < len && !(b[p] == '*' && b[p + 1] == '/'))
				p++;
			p = p + 1 < len ? p + 2 : len;
			push(out, s, p, TOK_COMMENT, bol, pp, ws);
			ws = true;
			continue;
		}
		if (c == '/' && p + 1 < len && b[p + 1] == '/') {
			while (p < len && b[p] != '\n') {
				size_t q = skip_splices(b, len, p);

				p = q == p ? p + 1 : q;
			}
			push(out, s, p, TOK_COMMENT, bol, pp, ws);
			ws = true;
			continue;
		}
		if (bol && c == '#')
			pp = true;
		if (include && c == '<') {
			while (p < len && b[p] != '>' && b[p] != '\n')
				p++;
			p = p < len && b[p] == '>' ? p + 1 : p;
			push(out, s, p, TOK_STRING, bol, pp, ws);
		} else if (c == '"' || c == '\'') {
			p = scan_quoted(b, len, p, (char)c);
			push(out, s, p, c == '"' ? TOK_STRING : TOK_CHAR, bol,
			    pp, ws);
		} else if (is_ident_start(c) ||
		    (c == '\\' && ucn_len(b, len, p) > 0)) {
			/* A splice is the name's only if the name goes on. */
			while (p < len) {
				size_t q, u;

				/* Most names hold neither splice nor UCN. */
				while (p < len &&
				    is_ident_char((unsigned char)b[p]))
					p++;
				if (p >= len || b[p] != '\\')
					break;
				q = skip_splices(b, len, p);

				if (q < len &&
				    is_ident_char((unsigned char)b[q]))
					p = q + 1;
				else if ((u = ucn_len(b, len, q)) > 0)
					p = q + u;
				else
					break;
			}
			/* An encoding prefix belongs to the literal after it. */
			if (p < len && (b[p] == '"' || b[p] == '\'') &&
			    p - s <= 2 &&
			    (b[s] == 'L' || b[s] == 'u' || b[s] == 'U')) {
				char q = b[p];

				p = scan_quoted(b, len, p, q);
				push(out, s, p,
				    q == '"' ? TOK_STRING : TOK_CHAR, bol, pp,
				    ws);
			} else {
				push(out, s, p, TOK_IDENT, bol, pp, ws);
				if (pp && out->n >= 2 &&
				    out->t[out->n - 2].bol &&
				    tok_is(b, &out->t[out->n - 1], "include"))
					include = true;
			}
		} else if ((c >= '0' && c <= '9') ||
		    (c == '.' && p + 1 < len && b[p + 1] >= '0' &&
			b[p + 1] <= '9')) {
			/* A pp-number: digits, letters, dots, signed exponents.
			 */
			p++;
			while (p < len) {
				size_t q = skip_splices(b, len, p);

				if (q >= len)
					break;
				/* b[p - 1]: the last byte taken, not a splice. */
				if ((b[q] == '+' || b[q] == '-') &&
				    strchr("eEpP", b[p - 1]) != NULL)
					p = q + 1;
				else if (is_ident_char((unsigned char)b[q]) ||
				    b[q] == '.')
					p = q + 1;
				else
					break;
			}
			push(out, s, p, TOK_NUMBER, bol, pp, ws);
		} else if (char_class[c] & CC_PUNCT) {
			p += punct_len(b, len, p);
			push(out, s, p, TOK_PUNCT, bol, pp, ws);
		} else {
			p++;
			push(out, s, p, TOK_OTHER, bol, pp, ws);
		}
		bol = false;
		ws = false;
	}
}

void
toklist_free(struct toklist *tl)
{
	free(tl->t);
	tl->t = NULL;
	tl->n = tl->cap = 0;
}

size_t
tok_at_or_after(const struct toklist *tl, uint32_t off)
{
	size_t lo = 0, hi = tl->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tl->t[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

size_t
tok_containing(const struct toklist *tl, uint32_t off)
{
	size_t i = tok_at_or_after(tl, off);

	if (i < tl->n && tl->t[i].off == off)
		return (i);
	if (i > 0 && tl->t[i - 1].off <= off &&
	    off < tl->t[i - 1].off + tl->t[i - 1].len)
		return (i - 1);
	return (SIZE_MAX);
}

size_t
tok_containing_from(const struct toklist *tl, uint32_t off, size_t *hint)
{
	size_t lo = *hint, hi, step = 1, mid;

	if (lo >= tl->n || tl->t[lo].off > off) {
		if ((lo = tok_at_or_after(tl, off)) < tl->n &&
		    tl->t[lo].off == off)
			return (*hint = lo);
		if (lo == 0)
			return (SIZE_MAX);
		lo--;
	} else {
		/* Gallop: t[lo] starts at or before off; t[hi] after, or n. */
		for (hi = lo + 1; hi < tl->n && tl->t[hi].off <= off;
		    hi = lo + step) {
			lo = hi;
			step *= 2;
		}
		if (hi > tl->n)
			hi = tl->n;
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (tl->t[mid].off <= off)
				lo = mid;
			else
				hi = mid;
		}
	}
	*hint = lo;
	return (off < tl->t[lo].off + tl->t[lo].len || tl->t[lo].off == off
		? lo
		: SIZE_MAX);
}

bool
tok_is(const char *buf, const struct tok *t, const char *text)
{
	size_t n;

	/* Most tokens asked about differ in their first byte. */
	if (t->len == 0 || buf[t->off] != text[0])
		return (t->len == 0 && text[0] == '\0');
	n = strlen(text);
	return (t->len == n && memcmp(buf + t->off, text, n) == 0);
}

bool
tok_is_punct(const char *buf, const struct tok *t, const char *text)
{
	return (t->kind == TOK_PUNCT && tok_is(buf, t, text));
}

size_t
tok_directive(const struct toklist *tl, const char *buf, size_t i)
{
	if (i >= tl->n || !tl->t[i].pp)
		return (SIZE_MAX);
	while (i > 0 && !tl->t[i].bol)
		i--;
	if (!tok_is_punct(buf, &tl->t[i], "#"))
		return (SIZE_MAX);
	if (i + 1 < tl->n && tl->t[i + 1].pp && !tl->t[i + 1].bol &&
	    tl->t[i + 1].kind == TOK_IDENT)
		return (i + 1);
	return (SIZE_MAX);
}

size_t
line_start(const char *buf, size_t off)
{
	const char *nl = off > 0 ? memrchr(buf, '\n', off) : NULL;

	return (nl != NULL ? (size_t)(nl - buf) + 1 : 0);
}

size_t
line_end(const char *buf, size_t len, size_t off)
{
	while (off < len && buf[off] != '\n')
		off++;
	return (off < len ? off + 1 : off);
}

size_t
line_indent(const char *buf, size_t len, size_t off, size_t *indent_len)
{
	size_t s = line_start(buf, off), e = s;

	while (e < len && (buf[e] == ' ' || buf[e] == '\t'))
		e++;
	*indent_len = e - s;
	return (s);
}
