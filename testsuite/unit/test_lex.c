/*
 * test_lex.c: the tokenizer of source text as written (model/lex.h):
 * token kinds and offsets, comments as tokens, continuations, directives,
 * literals, pp-numbers, punctuators, CRLF, and the searches by offset and
 * by line.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "model/lex.h"

/* Tokens of a NUL-terminated text. */
static struct toklist
lx(const char *text)
{
	struct toklist tl = {0};

	lex(text, strlen(text), &tl);
	return (tl);
}

/* Token i has this kind, offset and length. */
#define expect_t(tl, i, k, o, l)                                       \
	do {                                                           \
		cr_assert_lt((size_t)(i), (tl).n, "no token %zu",      \
		    (size_t)(i));                                      \
		cr_expect_eq((tl).t[i].kind, (k), "token %zu kind %d", \
		    (size_t)(i), (tl).t[i].kind);                      \
		cr_expect_eq((tl).t[i].off, (o), "token %zu off %u",   \
		    (size_t)(i), (tl).t[i].off);                       \
		cr_expect_eq((tl).t[i].len, (l), "token %zu len %u",   \
		    (size_t)(i), (tl).t[i].len);                       \
	} while (0)

/* Token i has these bol, pp and ws flags. */
#define expect_flags(tl, i, b, p, w)                                          \
	do {                                                                  \
		cr_expect_eq((tl).t[i].bol, (b), "token %zu bol",             \
		    (size_t)(i));                                             \
		cr_expect_eq((tl).t[i].pp, (p), "token %zu pp", (size_t)(i)); \
		cr_expect_eq((tl).t[i].ws, (w), "token %zu ws", (size_t)(i)); \
	} while (0)

Test(lex, kinds_offsets_and_flags)
{
	const char *s = "int x = 42;\n  y(\"s\", 'c');";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 12);
	expect_t(tl, 0, TOK_IDENT, 0, 3);
	expect_t(tl, 1, TOK_IDENT, 4, 1);
	expect_t(tl, 2, TOK_PUNCT, 6, 1);
	expect_t(tl, 3, TOK_NUMBER, 8, 2);
	expect_t(tl, 4, TOK_PUNCT, 10, 1);
	expect_t(tl, 5, TOK_IDENT, 14, 1);
	expect_t(tl, 6, TOK_PUNCT, 15, 1);
	expect_t(tl, 7, TOK_STRING, 16, 3);
	expect_t(tl, 8, TOK_PUNCT, 19, 1);
	expect_t(tl, 9, TOK_CHAR, 21, 3);
	expect_t(tl, 10, TOK_PUNCT, 24, 1);
	expect_t(tl, 11, TOK_PUNCT, 25, 1);
	expect_flags(tl, 0, true, false, false);
	expect_flags(tl, 1, false, false, true);
	expect_flags(tl, 4, false, false, false);
	/* The newline and the indent before y are whitespace. */
	expect_flags(tl, 5, true, false, true);
	expect_flags(tl, 6, false, false, false);
	toklist_free(&tl);
	cr_expect_null(tl.t);
	cr_expect_eq(tl.n, 0);
}

Test(lex, empty_and_blank_input)
{
	struct toklist tl = lx(" \t\n\r\n\f\v ");

	cr_expect_eq(tl.n, 0);
	toklist_free(&tl);
	tl = lx("");
	cr_expect_eq(tl.n, 0);
	toklist_free(&tl);
}

Test(lex, lexing_again_replaces_the_tokens)
{
	struct toklist tl = lx("a b c d e f");

	lex("x", 1, &tl);
	cr_assert_eq(tl.n, 1);
	expect_t(tl, 0, TOK_IDENT, 0, 1);
	toklist_free(&tl);
}

Test(lex, comments_are_tokens)
{
	const char *s = "a /* b */ c // d\ne";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 5);
	expect_t(tl, 0, TOK_IDENT, 0, 1);
	expect_t(tl, 1, TOK_COMMENT, 2, 7);
	expect_t(tl, 2, TOK_IDENT, 10, 1);
	/* A line comment stops before its newline. */
	expect_t(tl, 3, TOK_COMMENT, 12, 4);
	expect_t(tl, 4, TOK_IDENT, 17, 1);
	expect_flags(tl, 2, false, false, true);
	expect_flags(tl, 4, true, false, true);
	toklist_free(&tl);
}

Test(lex, comment_without_spaces_around)
{
	struct toklist tl = lx("a/**/b//c");

	cr_assert_eq(tl.n, 4);
	expect_t(tl, 0, TOK_IDENT, 0, 1);
	expect_t(tl, 1, TOK_COMMENT, 1, 4);
	expect_t(tl, 2, TOK_IDENT, 5, 1);
	expect_t(tl, 3, TOK_COMMENT, 6, 3);
	/* A comment counts as whitespace for what follows it. */
	cr_expect(tl.t[2].ws);
	toklist_free(&tl);
}

Test(lex, block_comment_spanning_lines)
{
	const char *s = "x /* one\n two */ y\nz";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 4);
	expect_t(tl, 1, TOK_COMMENT, 2, 14);
	/* y is on the same logical line as x: the newline is in the comment. */
	expect_t(tl, 2, TOK_IDENT, 17, 1);
	expect_flags(tl, 2, false, false, true);
	expect_flags(tl, 3, true, false, true);
	toklist_free(&tl);
}

Test(lex, block_comment_inside_a_directive_continues_it)
{
	const char *s = "#define A /* a\n b */ 1\nint";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 6);
	expect_t(tl, 3, TOK_COMMENT, 10, 10);
	expect_t(tl, 4, TOK_NUMBER, 21, 1);
	expect_flags(tl, 4, false, true, true);
	expect_flags(tl, 5, true, false, true);
	cr_expect_eq(tok_directive(&tl, s, 4), 1);
	cr_expect_eq(tok_directive(&tl, s, 5), SIZE_MAX);
	toklist_free(&tl);
}

Test(lex, comment_before_hash_still_makes_a_directive)
{
	const char *s = "/* c */ #define X 1\n";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 5);
	expect_t(tl, 0, TOK_COMMENT, 0, 7);
	expect_flags(tl, 0, true, false, false);
	/* A comment is whitespace: '#' still begins the logical line. */
	expect_flags(tl, 1, true, true, true);
	cr_expect_eq(tok_directive(&tl, s, 3), 2);
	toklist_free(&tl);
}

Test(lex, unterminated_comment_runs_to_the_end)
{
	const char *s = "a /* never\nclosed";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 2);
	expect_t(tl, 1, TOK_COMMENT, 2, (uint32_t)strlen(s) - 2);
	toklist_free(&tl);
	/* Nothing but the opening: the token is what there is. */
	tl = lx("/*");
	cr_assert_eq(tl.n, 1);
	expect_t(tl, 0, TOK_COMMENT, 0, 2);
	toklist_free(&tl);
}

Test(lex, line_comment_continued_by_backslash)
{
	const char *s = "// a \\\n b\nc";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 2);
	expect_t(tl, 0, TOK_COMMENT, 0, 9);
	expect_t(tl, 1, TOK_IDENT, 10, 1);
	expect_flags(tl, 1, true, false, true);
	toklist_free(&tl);
}

Test(lex, continuation_inside_identifier)
{
	const char *s = "int fo\\\no = 1;";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 5);
	/* One token; its offsets cover the text as written. */
	expect_t(tl, 1, TOK_IDENT, 4, 5);
	cr_expect(memcmp(s + tl.t[1].off, "fo\\\no", 5) == 0);
	expect_t(tl, 2, TOK_PUNCT, 10, 1);
	expect_flags(tl, 2, false, false, true);
	toklist_free(&tl);
}

Test(lex, continuation_with_crlf_inside_identifier)
{
	const char *s = "fo\\\r\no+";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 2);
	expect_t(tl, 0, TOK_IDENT, 0, 6);
	expect_t(tl, 1, TOK_PUNCT, 6, 1);
	toklist_free(&tl);
}

Test(lex, continuation_inside_number_and_string)
{
	const char *s = "12\\\n34 \"ab\\\ncd\" x";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 3);
	expect_t(tl, 0, TOK_NUMBER, 0, 6);
	expect_t(tl, 1, TOK_STRING, 7, 8);
	expect_t(tl, 2, TOK_IDENT, 16, 1);
	toklist_free(&tl);
}

/*
 * A backslash-newline right after an identifier or a number is not part
 * of it: the token still compares equal to its name.
 */
Test(lex, continuation_after_identifier_is_not_in_it)
{
	const char *s = "foo_count\\\n+1\\\n;";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 4);
	expect_t(tl, 0, TOK_IDENT, 0, 9);
	cr_expect(tok_is(s, &tl.t[0], "foo_count"));
	expect_t(tl, 1, TOK_PUNCT, 11, 1);
	expect_t(tl, 2, TOK_NUMBER, 12, 1);
	expect_t(tl, 3, TOK_PUNCT, 15, 1);
	toklist_free(&tl);
}

/*
 * A continuation alone is not whitespace, as in translation phase 2:
 * "(\\\nx" is "(x", and "#define F\\\n(a)" is function-like.
 */
Test(lex, continuation_alone_is_not_whitespace)
{
	struct toklist tl = lx("(\\\nx ( \\\ny");

	cr_assert_eq(tl.n, 4);
	expect_t(tl, 1, TOK_IDENT, 3, 1);
	cr_expect_not(tl.t[1].ws);
	cr_expect_not(tl.t[1].bol);
	cr_expect(tl.t[3].ws);
	cr_expect_not(tl.t[3].bol);
	toklist_free(&tl);
}

Test(lex, continued_define_stays_one_directive)
{
	const char *s = "#define X \\\n\t1 + \\\n\t2\nint y;";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 9);
	expect_flags(tl, 0, true, true, false);
	expect_flags(tl, 1, false, true, false);
	expect_flags(tl, 2, false, true, true);
	/* 1, + and 2 are on later physical lines of the same directive. */
	expect_t(tl, 3, TOK_NUMBER, 13, 1);
	expect_flags(tl, 3, false, true, true);
	expect_flags(tl, 4, false, true, true);
	expect_t(tl, 5, TOK_NUMBER, 20, 1);
	expect_flags(tl, 5, false, true, true);
	expect_flags(tl, 6, true, false, true);
	cr_expect_eq(tok_directive(&tl, s, 5), 1);
	cr_expect_eq(tok_directive(&tl, s, 6), SIZE_MAX);
	toklist_free(&tl);
}

Test(lex, continuation_in_directive_name)
{
	const char *s = "#def\\\nine X 1\n";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 4);
	expect_t(tl, 1, TOK_IDENT, 1, 8);
	expect_t(tl, 2, TOK_IDENT, 10, 1);
	cr_expect(tl.t[2].pp);
	cr_expect_eq(tok_directive(&tl, s, 3), 1);
	toklist_free(&tl);
}

Test(lex, include_angle_is_one_string)
{
	const char *s = "#include <a/b.h>\n# include <sys/x-y.h> // c\n";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 7);
	expect_t(tl, 2, TOK_STRING, 9, 7);
	expect_flags(tl, 2, false, true, true);
	expect_t(tl, 5, TOK_STRING, 27, 11);
	expect_t(tl, 6, TOK_COMMENT, 39, 4);
	cr_expect_eq(tok_directive(&tl, s, 2), 1);
	cr_expect_eq(tok_directive(&tl, s, 5), 4);
	toklist_free(&tl);
}

Test(lex, angle_brackets_elsewhere_are_punctuators)
{
	const char *s = "#if a < b\n#include \"q.h\"\nx < y > z;\n"
			"#define include <c>\n";
	struct toklist tl = lx(s);
	size_t i, strings = 0;

	for (i = 0; i < tl.n; i++) {
		if (tl.t[i].kind == TOK_STRING) {
			strings++;
			cr_expect(tok_is(s, &tl.t[i], "\"q.h\""));
		}
		if (s[tl.t[i].off] == '<')
			cr_expect_eq(tl.t[i].kind, TOK_PUNCT, "at %u",
			    tl.t[i].off);
	}
	cr_expect_eq(strings, 1);
	toklist_free(&tl);
}

Test(lex, include_without_closing_angle)
{
	const char *s = "#include <a.h\nint";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 4);
	/* Stops at the end of the line, the newline is not in it. */
	expect_t(tl, 2, TOK_STRING, 9, 4);
	expect_flags(tl, 3, true, false, true);
	toklist_free(&tl);
}

Test(lex, string_and_char_escapes)
{
	const char *s = "\"a\\\"b\" '\\'' '\\\\' \"x\\\\\" y \"\"";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 6);
	expect_t(tl, 0, TOK_STRING, 0, 6);
	expect_t(tl, 1, TOK_CHAR, 7, 4);
	expect_t(tl, 2, TOK_CHAR, 12, 4);
	/* "x\\" ends at its quote: the backslash is escaped. */
	expect_t(tl, 3, TOK_STRING, 17, 5);
	expect_t(tl, 4, TOK_IDENT, 23, 1);
	expect_t(tl, 5, TOK_STRING, 25, 2);
	toklist_free(&tl);
}

Test(lex, string_with_punctuation_inside)
{
	const char *s = "f(\"a, b); /* c */\", ',');";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 7);
	expect_t(tl, 2, TOK_STRING, 2, 16);
	expect_t(tl, 4, TOK_CHAR, 20, 3);
	toklist_free(&tl);
}

Test(lex, unterminated_string_stops_at_newline)
{
	const char *s = "\"abc\nx 'q\ny";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 4);
	expect_t(tl, 0, TOK_STRING, 0, 4);
	expect_t(tl, 1, TOK_IDENT, 5, 1);
	expect_flags(tl, 1, true, false, true);
	expect_t(tl, 2, TOK_CHAR, 7, 2);
	expect_t(tl, 3, TOK_IDENT, 10, 1);
	toklist_free(&tl);
}

Test(lex, encoding_prefixes_belong_to_the_literal)
{
	const char *s = "L\"x\" u8\"x\" u\"x\" U\"x\" L'a' u'a' U'a' u8'a'";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 8);
	expect_t(tl, 0, TOK_STRING, 0, 4);
	expect_t(tl, 1, TOK_STRING, 5, 5);
	expect_t(tl, 2, TOK_STRING, 11, 4);
	expect_t(tl, 3, TOK_STRING, 16, 4);
	expect_t(tl, 4, TOK_CHAR, 21, 4);
	expect_t(tl, 5, TOK_CHAR, 26, 4);
	expect_t(tl, 6, TOK_CHAR, 31, 4);
	expect_t(tl, 7, TOK_CHAR, 36, 5);
	toklist_free(&tl);
}

Test(lex, other_identifiers_before_a_literal_are_not_prefixes)
{
	const char *s = "f\"x\" Lab\"y\" u8x'z'";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 6);
	expect_t(tl, 0, TOK_IDENT, 0, 1);
	expect_t(tl, 1, TOK_STRING, 1, 3);
	expect_t(tl, 2, TOK_IDENT, 5, 3);
	expect_t(tl, 3, TOK_STRING, 8, 3);
	expect_t(tl, 4, TOK_IDENT, 12, 3);
	expect_t(tl, 5, TOK_CHAR, 15, 3);
	toklist_free(&tl);
}

Test(lex, pp_numbers)
{
	const char *s = "1e+5 0x1p-3 1.2.3 .5e-2 42ULL 0x1e+5 1E-x 1+2 0xff-1";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 13);
	expect_t(tl, 0, TOK_NUMBER, 0, 4);
	expect_t(tl, 1, TOK_NUMBER, 5, 6);
	expect_t(tl, 2, TOK_NUMBER, 12, 5);
	expect_t(tl, 3, TOK_NUMBER, 18, 5);
	expect_t(tl, 4, TOK_NUMBER, 24, 5);
	/* A pp-number: 'e' then '+' continues it, even in hexadecimal. */
	expect_t(tl, 5, TOK_NUMBER, 30, 6);
	/* A sign after an exponent letter is taken, whatever follows. */
	expect_t(tl, 6, TOK_NUMBER, 37, 4);
	expect_t(tl, 7, TOK_NUMBER, 42, 1);
	expect_t(tl, 8, TOK_PUNCT, 43, 1);
	expect_t(tl, 9, TOK_NUMBER, 44, 1);
	/* 'f' is not an exponent: the '-' is an operator. */
	expect_t(tl, 10, TOK_NUMBER, 46, 4);
	expect_t(tl, 11, TOK_PUNCT, 50, 1);
	expect_t(tl, 12, TOK_NUMBER, 51, 1);
	toklist_free(&tl);
}

Test(lex, dot_is_a_number_only_before_a_digit)
{
	const char *s = "a.b .5 s..t";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 8);
	expect_t(tl, 1, TOK_PUNCT, 1, 1);
	expect_t(tl, 3, TOK_NUMBER, 4, 2);
	expect_t(tl, 5, TOK_PUNCT, 8, 1);
	expect_t(tl, 6, TOK_PUNCT, 9, 1);
	toklist_free(&tl);
}

Test(lex, punctuators_by_longest_match)
{
	static const char *const want[] = {"<<=", ">>=", "->", "##", "...",
	    "++", "--", "&&", "||", "+=", "-=", "*=", "/=", "%=", "^=", "&=",
	    "|=", "<=", ">=", "==", "!=", "<<", ">>", "<", ">", "#", "~", "?",
	    ":", ";", ",", "{", "}", "[", "]", "(", ")", "!", "=", NULL};
	const char *s = "<<= >>= -> ## ... ++ -- && || += -= *= /= %= ^= &= |= "
			"<= >= == != << >> < > # ~ ? : ; , { } [ ] ( ) ! =";
	struct toklist tl = lx(s);
	size_t i;

	for (i = 0; want[i] != NULL; i++) {
		cr_assert_lt(i, tl.n);
		cr_expect(tok_is_punct(s, &tl.t[i], want[i]), "token %zu: %s",
		    i, want[i]);
	}
	cr_expect_eq(tl.n, i);
	toklist_free(&tl);
}

Test(lex, punctuators_without_spaces)
{
	const char *s = "a+++b..x->y<<=2";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 11);
	cr_expect(tok_is_punct(s, &tl.t[1], "++"));
	cr_expect(tok_is_punct(s, &tl.t[2], "+"));
	/* ".." is two dots, not a truncated "...". */
	cr_expect(tok_is_punct(s, &tl.t[4], "."));
	cr_expect(tok_is_punct(s, &tl.t[5], "."));
	cr_expect(tok_is_punct(s, &tl.t[7], "->"));
	cr_expect(tok_is_punct(s, &tl.t[9], "<<="));
	expect_t(tl, 10, TOK_NUMBER, 14, 1);
	toklist_free(&tl);
}

Test(lex, stray_bytes)
{
	const char *s = "a @ `\\ b";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 5);
	expect_t(tl, 1, TOK_OTHER, 2, 1);
	expect_t(tl, 2, TOK_OTHER, 4, 1);
	/* A backslash not before a newline is a stray byte. */
	expect_t(tl, 3, TOK_OTHER, 5, 1);
	expect_t(tl, 4, TOK_IDENT, 7, 1);
	toklist_free(&tl);
}

Test(lex, identifiers_with_dollar_and_high_bytes)
{
	const char *s = "a$b \xc3\xa9t\xc3\xa9 _9";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 3);
	expect_t(tl, 0, TOK_IDENT, 0, 3);
	expect_t(tl, 1, TOK_IDENT, 4, 5);
	expect_t(tl, 2, TOK_IDENT, 10, 2);
	toklist_free(&tl);
}

Test(lex, identifiers_with_universal_character_names)
{
	/* \u with 4 hex digits and \U with 8 are part of the name. */
	const char *s = "caf\\u00e9 \\U0001F600x y\\u12z";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 5);
	expect_t(tl, 0, TOK_IDENT, 0, 9);
	expect_t(tl, 1, TOK_IDENT, 10, 11);
	/* Too few digits: the name ends at the backslash. */
	expect_t(tl, 2, TOK_IDENT, 22, 1);
	expect_t(tl, 3, TOK_OTHER, 23, 1);
	expect_t(tl, 4, TOK_IDENT, 24, 4);
	toklist_free(&tl);
}

Test(lex, crlf_line_endings)
{
	const char *s = "int a;\r\n#define X \\\r\n 1\r\nint b;\r\n";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 10);
	/* No token for the CR. */
	expect_t(tl, 2, TOK_PUNCT, 5, 1);
	expect_flags(tl, 3, true, true, true);
	expect_t(tl, 6, TOK_NUMBER, 22, 1);
	expect_flags(tl, 6, false, true, true);
	expect_flags(tl, 7, true, false, true);
	cr_expect(tok_is(s, &tl.t[7], "int"));
	expect_t(tl, 9, TOK_PUNCT, 30, 1);
	cr_expect_eq(line_end(s, strlen(s), 2), 8);
	/* A continued line is two lines for these. */
	cr_expect_eq(line_start(s, 22), 21);
	cr_expect_eq(line_start(s, 29), 25);
	toklist_free(&tl);
}

Test(lex, tok_at_or_after_and_containing)
{
	/* ab at [0, 2), cd at [4, 6), ; at 6. */
	const char *s = "ab  cd;";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 3);
	cr_expect_eq(tok_at_or_after(&tl, 0), 0);
	cr_expect_eq(tok_at_or_after(&tl, 1), 1);
	cr_expect_eq(tok_at_or_after(&tl, 2), 1);
	cr_expect_eq(tok_at_or_after(&tl, 3), 1);
	cr_expect_eq(tok_at_or_after(&tl, 4), 1);
	cr_expect_eq(tok_at_or_after(&tl, 5), 2);
	cr_expect_eq(tok_at_or_after(&tl, 6), 2);
	cr_expect_eq(tok_at_or_after(&tl, 7), 3);
	cr_expect_eq(tok_at_or_after(&tl, 1000), 3);
	cr_expect_eq(tok_containing(&tl, 0), 0);
	cr_expect_eq(tok_containing(&tl, 1), 0);
	/* The end of a token is not in it; a gap is in none. */
	cr_expect_eq(tok_containing(&tl, 2), SIZE_MAX);
	cr_expect_eq(tok_containing(&tl, 3), SIZE_MAX);
	cr_expect_eq(tok_containing(&tl, 4), 1);
	cr_expect_eq(tok_containing(&tl, 5), 1);
	cr_expect_eq(tok_containing(&tl, 6), 2);
	cr_expect_eq(tok_containing(&tl, 7), SIZE_MAX);
	toklist_free(&tl);
}

Test(lex, searches_on_an_empty_list)
{
	struct toklist tl = {0};

	cr_expect_eq(tok_at_or_after(&tl, 0), 0);
	cr_expect_eq(tok_containing(&tl, 0), SIZE_MAX);
	cr_expect_eq(tok_directive(&tl, "", 0), SIZE_MAX);
}

Test(lex, tok_containing_a_multiline_token)
{
	const char *s = "a /* x\ny */ b";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 3);
	cr_expect_eq(tok_containing(&tl, 2), 1);
	cr_expect_eq(tok_containing(&tl, 6), 1);
	cr_expect_eq(tok_containing(&tl, 10), 1);
	cr_expect_eq(tok_containing(&tl, 11), SIZE_MAX);
	toklist_free(&tl);
}

Test(lex, tok_directive_names)
{
	const char *s = "#define X 1\n"	   /* 0 # 1 define 2 X 3 1 */
			"int y;\n"	   /* 4 int 5 y 6 ; */
			"#  if A\n"	   /* 7 # 8 if 9 A */
			"#\n"		   /* 10 # */
			"foo # bar\n"	   /* 11 foo 12 # 13 bar */
			"# 12 \"f.c\"\n"   /* 14 # 15 12 16 "f.c" */
			"#/* c */endif\n"; /* 17 # 18 comment 19 endif */
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 20);
	cr_expect_eq(tok_directive(&tl, s, 0), 1);
	cr_expect_eq(tok_directive(&tl, s, 1), 1);
	cr_expect_eq(tok_directive(&tl, s, 3), 1);
	cr_expect_eq(tok_directive(&tl, s, 4), SIZE_MAX);
	cr_expect_eq(tok_directive(&tl, s, 9), 8);
	/* The null directive and a line marker name nothing. */
	cr_expect_eq(tok_directive(&tl, s, 10), SIZE_MAX);
	cr_expect_eq(tok_directive(&tl, s, 16), SIZE_MAX);
	/* A '#' inside a line is not a directive. */
	cr_expect_not(tl.t[12].pp);
	cr_expect_eq(tok_directive(&tl, s, 12), SIZE_MAX);
	cr_expect_eq(tok_directive(&tl, s, 13), SIZE_MAX);
	cr_expect_eq(tok_directive(&tl, s, 100), SIZE_MAX);
	toklist_free(&tl);
}

Test(lex, line_start_and_end)
{
	/* "ab\n" [0, 3), "\tcd\n" [3, 7), "\n" [7, 8), "  ef" [8, 12). */
	const char *s = "ab\n\tcd\n\n  ef";
	size_t len = strlen(s);

	cr_expect_eq(line_start(s, 0), 0);
	cr_expect_eq(line_start(s, 2), 0);
	cr_expect_eq(line_start(s, 3), 3);
	cr_expect_eq(line_start(s, 6), 3);
	cr_expect_eq(line_start(s, 7), 7);
	cr_expect_eq(line_start(s, 11), 8);
	cr_expect_eq(line_start(s, len), 8);
	cr_expect_eq(line_end(s, len, 0), 3);
	cr_expect_eq(line_end(s, len, 2), 3);
	cr_expect_eq(line_end(s, len, 3), 7);
	cr_expect_eq(line_end(s, len, 7), 8);
	/* The last line has no newline: its end is the end of the text. */
	cr_expect_eq(line_end(s, len, 9), len);
	cr_expect_eq(line_end(s, len, len), len);
}

Test(lex, line_indent)
{
	const char *s = "ab\n\t  cd\n\n  \n";
	size_t len = strlen(s), n = 99;

	cr_expect_eq(line_indent(s, len, 1, &n), 0);
	cr_expect_eq(n, 0);
	cr_expect_eq(line_indent(s, len, 7, &n), 3);
	cr_expect_eq(n, 3);
	cr_expect_eq(line_indent(s, len, 9, &n), 9);
	cr_expect_eq(n, 0);
	/* A line of blanks is all indent. */
	cr_expect_eq(line_indent(s, len, 10, &n), 10);
	cr_expect_eq(n, 2);
}

Test(lex, tok_is_and_tok_is_punct)
{
	const char *s = "x <<= xy";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 3);
	cr_expect(tok_is(s, &tl.t[0], "x"));
	cr_expect_not(tok_is(s, &tl.t[2], "x"));
	cr_expect_not(tok_is(s, &tl.t[0], "xy"));
	cr_expect(tok_is_punct(s, &tl.t[1], "<<="));
	cr_expect_not(tok_is_punct(s, &tl.t[1], "<<"));
	/* Spelled the same, but an identifier is no punctuator. */
	cr_expect_not(tok_is_punct(s, &tl.t[0], "x"));
	toklist_free(&tl);
}

/*
 * tok_is compares bytes as written: a name split by a splice is not its
 * name, since an edit of it would replace only strlen(name) bytes.
 */
Test(lex, tok_is_compares_the_spelling_as_written)
{
	const char *s = "fo\\\no";
	struct toklist tl = lx(s);

	cr_assert_eq(tl.n, 1);
	cr_expect_not(tok_is(s, &tl.t[0], "foo"));
	cr_expect(tok_is(s, &tl.t[0], "fo\\\no"));
	toklist_free(&tl);
}

/*
 * tok_containing_from() answers as tok_containing() does from any hint:
 * one before the answer (searched forward), after it (searched again), or
 * past the end; in gaps between tokens and after the last one too.
 */
Test(lex, containing_from_any_hint_as_containing)
{
	const char *text = "int  a = b /* c */ + 12;\n\tx->y(\"s\") ;  ";
	struct toklist tl = lx(text);
	size_t len = strlen(text), hint, h, want, got;
	uint32_t off;

	for (h = 0; h <= tl.n + 1; h++)
		for (off = 0; off <= len; off++) {
			hint = h;
			want = tok_containing(&tl, off);
			got = tok_containing_from(&tl, off, &hint);
			cr_assert_eq(got, want, "off %u from %zu: %zu, not %zu",
			    off, h, got, want);
			cr_assert((hint < tl.n && tl.t[hint].off <= off) ||
				off < tl.t[0].off,
			    "off %u: hint %zu", off, hint);
		}
	toklist_free(&tl);
}

Test(lex, containing_from_walks_a_file_in_order)
{
	const char *text = "a b c d e f g h i j k l m n o p q r s t u v w";
	struct toklist tl = lx(text);
	size_t hint = 0, i;

	for (i = 0; i < tl.n; i += 3)
		cr_assert_eq(tok_containing_from(&tl, tl.t[i].off, &hint), i);
	cr_assert_eq(hint, tl.n - 1 - (tl.n - 1) % 3);
	toklist_free(&tl);
}
