/*
 * lex.h: a C tokenizer for source text as written.
 *
 * vnetify edits text, so it needs the tokens of the file itself, before
 * preprocessing: to split a declaration into its type and declarators, to
 * see which macro invocation an argument sits in, to tell a #define body
 * from ordinary code.  libclang answers questions about meaning; this
 * answers questions about spelling.  Comments are tokens (markers live in
 * them); whitespace is not.  Backslash-newline continuations are skipped
 * inside tokens the way translation phase 2 would, so a token's text may
 * span lines but its offsets always point into the original buffer.
 */
#ifndef VNETIFY_LEX_H
#define VNETIFY_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tok_kind {
	TOK_IDENT,
	TOK_NUMBER,
	TOK_STRING, /* "..." with any prefix, or <...> after #include */
	TOK_CHAR,
	TOK_PUNCT,
	TOK_COMMENT,
	TOK_OTHER /* a stray byte */
};

struct tok {
	uint32_t off, len;
	uint8_t kind;
	bool bol; /* first token on its logical line */
	bool pp;  /* part of a preprocessing directive line */
	bool ws;  /* whitespace precedes it (a continuation alone is none) */
};

struct toklist {
	struct tok *t;
	size_t n, cap;
};

/*
 * The length of a UTF-8 byte order mark at the start of buf (3), or 0.
 * The lexer skips it, and nothing is ever inserted before it.
 */
size_t lex_bom_len(const char *buf, size_t len);
/* Tokenize buf[0, len).  Never fails; a malformed file gives odd tokens. */
void lex(const char *buf, size_t len, struct toklist *out);
void toklist_free(struct toklist *);

/* Index of the first token whose offset is >= off (n if none). */
size_t tok_at_or_after(const struct toklist *, uint32_t off);
/* Index of the token containing off, or SIZE_MAX. */
size_t tok_containing(const struct toklist *, uint32_t off);
/*
 * tok_containing(), searching forward from *hint when the token there
 * starts at or before off (callers that go through a file in order), and
 * leaving in *hint the last token that starts at or before off.
 */
size_t tok_containing_from(const struct toklist *, uint32_t off, size_t *hint);

/* Is the token spelled text, byte for byte (splices included)? */
bool tok_is(const char *buf, const struct tok *, const char *text);
bool tok_is_punct(const char *buf, const struct tok *, const char *text);

/*
 * The directive on the logical line holding token i: "define", "include",
 * "if"... (the identifier after '#'), as a token index, or SIZE_MAX when
 * token i is not on a directive line.
 */
size_t tok_directive(const struct toklist *, const char *buf, size_t i);

/* Start of the line holding off, and the offset just past its newline. */
size_t line_start(const char *buf, size_t off);
size_t line_end(const char *buf, size_t len, size_t off);
/* The whitespace at the start of the line holding off. */
size_t line_indent(const char *buf, size_t len, size_t off, size_t *indent_len);

#endif /* !VNETIFY_LEX_H */
