/*
 * srctext.h: a source file made from a string, for the suites that test
 * the modules reading a file's tokens (declarator, calls, access), and
 * ways to name a place in it by its text rather than by a counted offset.
 * Header-only: each suite includes what it uses.
 */
#ifndef SRCTEXT_H
#define SRCTEXT_H

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "model/model.h"
#include "model/tokens.h"
#include "support/util.h"

/*
 * A struct srcfile holding text, as file_load() leaves one: data with a
 * NUL after it, len, tokens, line starts.  No model, no file on disk.
 */
static inline void
src_init(struct srcfile *f, const char *text)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->path = xstrdup("/srctext/t.c");
	f->data = xstrdup(text);
	f->len = strlen(text);
	lex(f->data, f->len, &f->toks);
	VEC_PUSH(&f->lines, 0);
	for (i = 0; i < f->len; i++)
		if (f->data[i] == '\n' && i + 1 < f->len)
			VEC_PUSH(&f->lines, (uint32_t)(i + 1));
	f->loaded = true;
}

static inline void
src_free(struct srcfile *f)
{
	free(f->path);
	free(f->data);
	toklist_free(&f->toks);
	VEC_FREE(&f->lines);
}

static inline bool
src_is_word_char(char c)
{
	return (c == '_' || isalnum((unsigned char)c));
}

/* Offset of the nth (from 0) occurrence of needle in the text. */
static inline uint32_t
src_off(const struct srcfile *f, const char *needle, int nth)
{
	const char *s = f->data;

	for (;;) {
		s = strstr(s, needle);
		cr_assert_not_null(s, "\"%s\" #%d not in:\n%s", needle, nth,
		    f->data);
		if (nth-- == 0)
			return ((uint32_t)(s - f->data));
		s++;
	}
}

/* Offset of the nth occurrence of word as a whole identifier or number. */
static inline uint32_t
src_word(const struct srcfile *f, const char *word, int nth)
{
	size_t n = strlen(word);
	const char *s = f->data;

	for (;;) {
		s = strstr(s, word);
		cr_assert_not_null(s, "word \"%s\" #%d not in:\n%s", word, nth,
		    f->data);
		if ((s == f->data || !src_is_word_char(s[-1])) &&
		    !src_is_word_char(s[n]) && nth-- == 0)
			return ((uint32_t)(s - f->data));
		s++;
	}
}

/* Index of the token that starts at the nth occurrence of word. */
static inline size_t
src_tok(const struct srcfile *f, const char *word, int nth)
{
	uint32_t off = src_word(f, word, nth);
	size_t i = tok_containing(&f->toks, off);

	cr_assert_neq(i, SIZE_MAX, "no token at \"%s\" #%d", word, nth);
	cr_assert_eq(f->toks.t[i].off, off, "\"%s\" #%d is inside a token",
	    word, nth);
	return (i);
}

/* Index of the token that starts at the nth occurrence of text. */
static inline size_t
src_tok_at(const struct srcfile *f, const char *text, int nth)
{
	uint32_t off = src_off(f, text, nth);
	size_t i = tok_containing(&f->toks, off);

	cr_assert_neq(i, SIZE_MAX, "no token at \"%s\" #%d", text, nth);
	cr_assert_eq(f->toks.t[i].off, off, "\"%s\" #%d is inside a token",
	    text, nth);
	return (i);
}

/* Token i's text as a new string ("<none>" past the end). */
static inline char *
src_tok_str(const struct srcfile *f, size_t i)
{
	size_t len;
	const char *s;

	if (i >= f->toks.n)
		return (xstrdup("<none>"));
	s = tok_text(f, i, &len);
	return (xstrndup(s, len));
}

/* Token i is spelled want. */
#define expect_tok(f, i, want)                                            \
	do {                                                              \
		char *got_ = src_tok_str((f), (i));                       \
		cr_expect_str_eq(got_, (want), "token %zu", (size_t)(i)); \
		free(got_);                                               \
	} while (0)

#endif /* !SRCTEXT_H */
