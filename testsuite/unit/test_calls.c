/*
 * test_calls.c: where an offset sits among the calls and #defines written
 * in a file (model/calls.h), and how a use touches its variable
 * (model/access.h), both read from the file's own tokens.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "model/access.h"
#include "model/calls.h"
#include "srctext.h"

/* The call holding the nth occurrence of word in text: name, arg. */
static bool
call_at(struct srcfile *f, const char *text, const char *word, int nth,
    struct call_site *cs)
{
	src_init(f, text);
	memset(cs, 0xff, sizeof(*cs));
	return (enclosing_call(f, src_word(f, word, nth), cs));
}

/* The call holding word is name's, word is argument arg. */
#define expect_call(text, word, nth, want_name, want_arg)                   \
	do {                                                                \
		struct srcfile f_;                                          \
		struct call_site cs_;                                       \
		cr_expect(call_at(&f_, (text), (word), (nth), &cs_),        \
		    "no call around %s in:\n%s", (word), (text));           \
		if (cs_.name != SIZE_MAX) {                                 \
			expect_tok(&f_, cs_.name, (want_name));             \
			expect_tok(&f_, cs_.lparen, "(");                   \
			cr_expect_eq(cs_.lparen, cs_.name + 1);             \
			expect_tok(&f_, cs_.rparen, ")");                   \
			cr_expect_eq(cs_.arg, (want_arg), "arg %u in:\n%s", \
			    cs_.arg, (text));                               \
		}                                                           \
		src_free(&f_);                                              \
	} while (0)

#define expect_no_call(text, word, nth)                                  \
	do {                                                             \
		struct srcfile f_;                                       \
		struct call_site cs_;                                    \
		cr_expect_not(call_at(&f_, (text), (word), (nth), &cs_), \
		    "a call around %s in:\n%s", (word), (text));         \
		src_free(&f_);                                           \
	} while (0)

Test(calls, nested_calls)
{
	/* 0 f 1 ( 2 a 3 , 4 g 5 ( 6 b 7 , 8 x 9 ) 10 , 11 c 12 ) 13 ; */
	const char *s = "f(a, g(b, x), c);";
	struct srcfile f;
	struct call_site cs;

	cr_assert(call_at(&f, s, "x", 0, &cs));
	cr_expect_eq(cs.name, 4);
	cr_expect_eq(cs.lparen, 5);
	cr_expect_eq(cs.rparen, 9);
	cr_expect_eq(cs.arg, 1);
	src_free(&f);
	cr_assert(call_at(&f, s, "c", 0, &cs));
	cr_expect_eq(cs.name, 0);
	cr_expect_eq(cs.lparen, 1);
	cr_expect_eq(cs.rparen, 12);
	cr_expect_eq(cs.arg, 2);
	src_free(&f);
	expect_call(s, "a", 0, "f", 0);
	expect_call(s, "b", 0, "g", 0);
}

Test(calls, argument_index_past_groups)
{
	const char *s = "f(a[1, 2], (b, c), {1, 2}, (struct s){ 3, 4 }, x);";

	expect_call(s, "x", 0, "f", 4);
	expect_call(s, "a", 0, "f", 0);
}

Test(calls, comments_hold_no_commas)
{
	expect_call("f(a, /* , , */ x)", "x", 0, "f", 1);
	expect_call("f(/* ( */ x, y)", "y", 0, "f", 1);
}

Test(calls, call_spanning_lines)
{
	/* 0 f 1 ( 2 a 3 , 4 g 5 ( 6 ) 7 , 8 x 9 ) 10 ; */
	const char *s = "f(a,\n  g(),\n  x);\n";
	struct srcfile f;
	struct call_site cs;

	cr_assert(call_at(&f, s, "x", 0, &cs));
	cr_expect_eq(cs.name, 0);
	cr_expect_eq(cs.arg, 2);
	cr_expect_eq(cs.rparen, 9);
	src_free(&f);
}

Test(calls, call_in_a_define_body)
{
	/* 0 # 1 define 2 M 3 ( 4 a 5 ) 6 g 7 ( 8 a 9 , 10 x 11 ) */
	const char *s = "#define M(a) g(a, x)\n";
	struct srcfile f;
	struct call_site cs;

	cr_assert(call_at(&f, s, "x", 0, &cs));
	cr_expect_eq(cs.name, 6);
	cr_expect_eq(cs.rparen, 11);
	cr_expect_eq(cs.arg, 1);
	src_free(&f);
	/* A parameter is in the macro's own parameter list. */
	expect_call(s, "a", 0, "M", 0);
	/* A continued body is one directive. */
	expect_call("#define M(a) g(a, \\\n    x)\n", "x", 0, "g", 1);
}

Test(calls, not_across_a_semicolon)
{
	expect_no_call("f(a; x);", "x", 0);
	expect_no_call("f();x;", "x", 0);
	expect_no_call("f(a);\nx;", "x", 0);
}

Test(calls, not_across_a_directive)
{
	expect_no_call("f(a,\n#if 1\n x);\n#endif\n", "x", 0);
	/* The line after a #define is not in its body. */
	expect_no_call("#define M(a) g(a,\n x)\n", "x", 0);
	/* Nor is a call in code part of a #define above it. */
	expect_no_call("#define M g(\nx)\n", "x", 0);
	/* Nor one directive part of the one before. */
	expect_no_call("#define M g(\n#define N x)\n", "x", 0);
}

Test(calls, not_in_a_call)
{
	expect_no_call("x = 1;", "x", 0);
	/* Grouping parentheses, subscripts and braces are no call. */
	expect_no_call("y = (x);", "x", 0);
	expect_no_call("y = a[x];", "x", 0);
	expect_no_call("int t[] = { 1, x };", "x", 0);
	expect_no_call("void f(void) { x; }", "x", 0);
	/* The name of a call is not in its argument list. */
	expect_no_call("f(y);", "f", 0);
	/* Not closed before the end of the file. */
	expect_no_call("f(a, x", "x", 0);
}

Test(calls, not_in_a_gap)
{
	struct srcfile f;
	struct call_site cs;

	src_init(&f, "f(a,  b)");
	cr_expect_not(enclosing_call(&f, 4, &cs));
	cr_expect_not(enclosing_call(&f, (uint32_t)f.len, &cs));
	src_free(&f);
}

/*
 * A '(' that no identifier precedes groups: an argument in parentheses is
 * still the outer call's, with the outer call's argument index.
 */
Test(calls, parenthesized_argument)
{
	expect_call("f((x));", "x", 0, "f", 0);
	expect_call("f(a, (int)x + (y));", "y", 0, "f", 1);
	expect_call("f(a, (b, x));", "x", 0, "f", 1);
	expect_call("SYSCTL_INT(a, b, c, d, (&x), 0, \"\");", "x", 0,
	    "SYSCTL_INT", 4);
}

/* A subscript inside an argument is that argument. */
Test(calls, subscript_inside_an_argument)
{
	expect_call("f(a, t[x]);", "x", 0, "f", 1);
	expect_call("f(a, t[b, x]);", "x", 0, "f", 1);
}

/* The parentheses after sizeof, if, return and the like are no call. */
Test(calls, keywords_are_no_calls)
{
	expect_no_call("n = sizeof(x);", "x", 0);
	expect_no_call("void g(void) { if (x) y = 1; }", "x", 0);
	expect_no_call("void g(void) { while (x) y = 1; }", "x", 0);
	expect_no_call("void g(void) { return (x); }", "x", 0);
	expect_no_call("void g(void) { y = 1; switch (x) {} }", "x", 0);
	expect_call("f(a, sizeof(x));", "x", 0, "f", 1);
	expect_call("f(a, __typeof__(x));", "x", 0, "f", 1);
}

Test(calls, call_arg_ranges)
{
	/*
	 * 0 f 1 ( 2 a 3 , 4 g 5 ( 6 b 7 , 8 c 9 ) 10 , 11 comment 12 d
	 * 13 + 14 1 15 , 16 ) 17 ;
	 */
	const char *s = "f(a, g(b, c), /* c */ d + 1, );";
	struct srcfile f;
	struct call_site cs;
	size_t first, last;

	cr_assert(call_at(&f, s, "a", 0, &cs));
	cr_assert(call_arg(&f, &cs, 0, &first, &last));
	cr_expect_eq(first, 2);
	cr_expect_eq(last, 2);
	cr_assert(call_arg(&f, &cs, 1, &first, &last));
	cr_expect_eq(first, 4);
	cr_expect_eq(last, 9);
	/* A comment at the start of an argument is part of it. */
	cr_assert(call_arg(&f, &cs, 2, &first, &last));
	cr_expect_eq(first, 11);
	cr_expect_eq(last, 14);
	/* Empty: first > last. */
	cr_assert(call_arg(&f, &cs, 3, &first, &last));
	cr_expect_eq(first, 16);
	cr_expect_eq(last, 15);
	cr_expect_not(call_arg(&f, &cs, 4, &first, &last));
	src_free(&f);
}

Test(calls, call_arg_of_the_inner_call_and_braces)
{
	/* 0 f 1 ( 2 { 3 1 4 , 5 2 6 } 7 , 8 h 9 ( 10 x 11 [ 12 0 13 ] 14 ) 15 )
	 */
	const char *s = "f({1, 2}, h(x[0]))";
	struct srcfile f;
	struct call_site cs;
	size_t first, last;

	cr_assert(call_at(&f, s, "h", 0, &cs));
	cr_assert(call_arg(&f, &cs, 0, &first, &last));
	cr_expect_eq(first, 2);
	cr_expect_eq(last, 6);
	cr_assert(call_arg(&f, &cs, 1, &first, &last));
	cr_expect_eq(first, 8);
	cr_expect_eq(last, 14);
	cr_expect_not(call_arg(&f, &cs, 2, &first, &last));
	src_free(&f);
	cr_assert(call_at(&f, s, "x", 0, &cs));
	cr_expect_eq(cs.name, 8);
	cr_assert(call_arg(&f, &cs, 0, &first, &last));
	cr_expect_eq(first, 10);
	cr_expect_eq(last, 13);
	src_free(&f);
}

Test(calls, call_arg_of_an_empty_call)
{
	struct srcfile f;
	struct call_site cs = {0, 1, 2, 0};
	size_t first = 99, last = 99;

	src_init(&f, "f()");
	cr_assert(call_arg(&f, &cs, 0, &first, &last));
	cr_expect_gt(first, last);
	cr_expect_not(call_arg(&f, &cs, 1, &first, &last));
	src_free(&f);
}

Test(calls, define_at)
{
	/*
	 * 0 # 1 define 2 M 3 ( 4 a 5 ) 6 ( 7 a 8 + 9 x 10 + 11 y 12 )
	 * 13 int 14 z 15 ; 16 # 17 define 18 N 19 w
	 */
	const char *s = "#define M(a) (a + x + \\\n\ty)\nint z;\n#define N w\n"
			"#undef M q\n#if r\n#endif\n";
	struct srcfile f;

	src_init(&f, s);
	cr_expect_eq(define_at(&f, src_word(&f, "x", 0)), 2);
	cr_expect_eq(define_at(&f, src_word(&f, "a", 1)), 2);
	/* On a continued line of the body. */
	cr_expect_eq(define_at(&f, src_word(&f, "y", 0)), 2);
	cr_expect_eq(define_at(&f, src_off(&f, "y)", 0) + 1), 2);
	/* The parameters are the macro's (macro_param() counts on it). */
	cr_expect_eq(define_at(&f, src_word(&f, "a", 0)), 2);
	/* An object-like macro. */
	cr_expect_eq(define_at(&f, src_word(&f, "w", 0)), 18);
	/* On the name itself, no. */
	cr_expect_eq(define_at(&f, src_word(&f, "M", 0)), SIZE_MAX);
	cr_expect_eq(define_at(&f, src_word(&f, "N", 0)), SIZE_MAX);
	/* Outside any directive, in other directives, in a gap: no. */
	cr_expect_eq(define_at(&f, src_word(&f, "z", 0)), SIZE_MAX);
	cr_expect_eq(define_at(&f, src_word(&f, "q", 0)), SIZE_MAX);
	cr_expect_eq(define_at(&f, src_word(&f, "r", 0)), SIZE_MAX);
	cr_expect_eq(define_at(&f, src_word(&f, "x", 0) - 1), SIZE_MAX);
	cr_expect_eq(define_at(&f, (uint32_t)f.len), SIZE_MAX);
	src_free(&f);
}

Test(calls, define_at_after_a_leading_comment)
{
	struct srcfile f;

	src_init(&f, "/* c */ #define M x\n");
	cr_expect_eq(define_at(&f, src_word(&f, "x", 0)), src_tok(&f, "M", 0));
	src_free(&f);
}

/* A #define whose keyword is split by a backslash-newline is a #define. */
Test(calls, define_at_with_a_continued_keyword)
{
	struct srcfile f;

	src_init(&f, "#def\\\nine M x\n");
	cr_expect_eq(define_at(&f, src_word(&f, "x", 0)), src_tok(&f, "M", 0));
	src_free(&f);
}

/* text_access of the nth occurrence of word in text. */
static unsigned
access_of(const char *text, const char *word, int nth)
{
	struct srcfile f;
	unsigned acc;

	src_init(&f, text);
	acc = text_access(&f, src_word(&f, word, nth));
	src_free(&f);
	return (acc);
}

struct acc_case {
	const char *text;
	const char *word;
	unsigned want;
};

static void
expect_access(const struct acc_case *c)
{
	unsigned got;

	for (; c->text != NULL; c++) {
		got = access_of(c->text, c->word, 0);
		cr_expect_eq(got, c->want, "%s: %s is %#x, not %#x", c->text,
		    c->word, got, c->want);
	}
}

Test(access, reads)
{
	static const struct acc_case cases[] = {{"y = x;", "x", ACC_READ},
	    {"x == 1;", "x", ACC_READ}, {"f(x);", "x", ACC_READ},
	    {"return x;", "x", ACC_READ}, {"y = (int)x;", "x", ACC_READ},
	    {"y = *x;", "x", ACC_READ}, {"y = -x;", "x", ACC_READ},
	    {"if (x < 2)", "x", ACC_READ}, {"y = t[x];", "x", ACC_READ},
	    {"x", "x", ACC_READ}, {"y = x ? 1 : 2;", "x", ACC_READ},
	    {NULL, NULL, 0}};

	expect_access(cases);
}

Test(access, binary_and_is_a_read)
{
	static const struct acc_case cases[] = {{"y = a & x;", "x", ACC_READ},
	    {"y = (a) & x;", "x", ACC_READ}, {"y = a[1] & x;", "x", ACC_READ},
	    {"y = 3 & x;", "x", ACC_READ}, {"y = f() & x;", "x", ACC_READ},
	    {"y = a && x;", "x", ACC_READ}, {"y = 'c' & x;", "x", ACC_READ},
	    {NULL, NULL, 0}};

	expect_access(cases);
}

Test(access, writes)
{
	static const struct acc_case cases[] = {{"x = 1;", "x", ACC_WRITE},
	    {"x += 1;", "x", ACC_READ | ACC_WRITE},
	    {"x <<= 1;", "x", ACC_READ | ACC_WRITE},
	    {"x |= 1;", "x", ACC_READ | ACC_WRITE},
	    {"x++;", "x", ACC_READ | ACC_WRITE},
	    {"x--;", "x", ACC_READ | ACC_WRITE},
	    {"++x;", "x", ACC_READ | ACC_WRITE},
	    {"--x;", "x", ACC_READ | ACC_WRITE},
	    {"y = 1 + x++;", "x", ACC_READ | ACC_WRITE},
	    {"x /* c */ = 1;", "x", ACC_WRITE}, {"y = x = 1;", "x", ACC_WRITE},
	    {NULL, NULL, 0}};

	expect_access(cases);
}

Test(access, members_and_elements_are_the_variable)
{
	static const struct acc_case cases[] = {{"x.f = 1;", "x", ACC_WRITE},
	    {"x[i] = 1;", "x", ACC_WRITE},
	    {"x[i][j] += 2;", "x", ACC_READ | ACC_WRITE},
	    {"x.a[3].b++;", "x", ACC_READ | ACC_WRITE},
	    {"x[f(i, j)] = 1;", "x", ACC_WRITE},
	    {"x[i /* c */] = 1;", "x", ACC_WRITE},
	    {"++x.f;", "x", ACC_READ | ACC_WRITE}, {"y = x.f;", "x", ACC_READ},
	    {"y = x[i] == 1;", "x", ACC_READ}, {NULL, NULL, 0}};

	expect_access(cases);
}

Test(access, arrow_is_not_a_write_of_the_pointer)
{
	static const struct acc_case cases[] = {{"p->f = 1;", "p", ACC_READ},
	    {"p->f++;", "p", ACC_READ}, {"p->f[2] = 3;", "p", ACC_READ},
	    {"x.f->g = 1;", "x", ACC_READ}, {"x[0]->g = 1;", "x", ACC_READ},
	    {NULL, NULL, 0}};

	expect_access(cases);
}

Test(access, address_taken)
{
	static const struct acc_case cases[] = {{"p = &x;", "x", ACC_ADDR},
	    {"return &x;", "x", ACC_ADDR}, {"return (&x);", "x", ACC_ADDR},
	    {"f(a, &x);", "x", ACC_ADDR}, {"p = &x.f;", "x", ACC_ADDR},
	    {"p = &x[2];", "x", ACC_ADDR}, {"case &x:", "x", ACC_ADDR},
	    {"p = &x; /* c */", "x", ACC_ADDR}, {NULL, NULL, 0}};

	expect_access(cases);
}

Test(access, only_measured)
{
	static const struct acc_case cases[] = {{"n = sizeof x;", "x",
						    ACC_SIZEOF},
	    {"n = sizeof(x);", "x", ACC_SIZEOF},
	    {"n = sizeof((x));", "x", ACC_SIZEOF},
	    {"n = sizeof x.f;", "x", ACC_SIZEOF},
	    {"n = sizeof(x[1]);", "x", ACC_SIZEOF},
	    {"n = _Alignof(x);", "x", ACC_SIZEOF},
	    {"n = __alignof__(x);", "x", ACC_SIZEOF},
	    {"typeof(x) y;", "x", ACC_SIZEOF},
	    {"__typeof__(x) y;", "x", ACC_SIZEOF},
	    {"n = sizeof(x) + x;", "x", ACC_SIZEOF},
	    {"n = sizeof(y) + x;", "x", ACC_READ}, {"n = f(x);", "x", ACC_READ},
	    {NULL, NULL, 0}};

	expect_access(cases);
}

Test(access, off_a_token_is_a_read)
{
	struct srcfile f;

	src_init(&f, "x = 1;  ");
	cr_expect_eq(text_access(&f, 1), ACC_READ);
	cr_expect_eq(text_access(&f, (uint32_t)f.len), ACC_READ);
	/* The middle of the name is the name. */
	src_free(&f);
	src_init(&f, "xyz = 1;");
	cr_expect_eq(text_access(&f, 1), ACC_WRITE);
	src_free(&f);
}

/*
 * A name under a unary operator inside sizeof is only measured:
 * "static int n = sizeof(t) / sizeof(*t);" evaluates no t.
 */
Test(access, measured_under_a_unary_operator)
{
	static const struct acc_case cases[] = {{"n = sizeof *x;", "x",
						    ACC_SIZEOF},
	    {"n = sizeof(*x);", "x", ACC_SIZEOF},
	    {"n = sizeof &x;", "x", ACC_SIZEOF},
	    {"n = sizeof(-x);", "x", ACC_SIZEOF}, {NULL, NULL, 0}};

	expect_access(cases);
	cr_expect_eq(access_of("static int n = sizeof(t) / sizeof(*t);", "t",
			 1),
	    ACC_SIZEOF);
}

/*
 * A '&' after a ')' that closes a type name (a keyword, or a '*' just
 * before it) is unary: the address is taken after a cast.
 */
Test(access, address_taken_after_a_cast)
{
	static const struct acc_case cases[] = {{"p = (char *)&x;", "x",
						    ACC_ADDR},
	    {"p = (unsigned long)&x;", "x", ACC_ADDR},
	    {"bzero((void *)&x, n);", "x", ACC_ADDR}, {NULL, NULL, 0}};

	expect_access(cases);
}

/* A store through a unary '*' reads the pointer and writes no p. */
Test(access, store_through_a_pointer)
{
	static const struct acc_case cases[] = {{"*p = 1;", "p", ACC_READ},
	    {"*p += 2;", "p", ACC_READ}, {NULL, NULL, 0}};

	expect_access(cases);
}

/* An assignment to a parenthesized name, as macro bodies write them. */
Test(access, write_to_a_parenthesized_name)
{
	static const struct acc_case cases[] = {{"(x) = 1;", "x", ACC_WRITE},
	    {"((x))++;", "x", ACC_READ | ACC_WRITE}, {NULL, NULL, 0}};

	expect_access(cases);
}

/* What the operators above must not take in. */
Test(access, binary_operators_and_other_parentheses)
{
	static const struct acc_case cases[] = {{"n = sizeof(int) & x;", "x",
						    ACC_READ},
	    {"n = sizeof a * x;", "x", ACC_READ},
	    {"n = (a) & x;", "x", ACC_READ}, {"n = a * x;", "x", ACC_READ},
	    {"if ((x)) ++y;", "x", ACC_READ}, {"f((x), 1);", "x", ACC_READ},
	    {"*(p) = 1;", "p", ACC_READ}, {"(*p) = 1;", "p", ACC_READ},
	    {"*p++ = 1;", "p", ACC_READ | ACC_WRITE},
	    {"(x).f = 1;", "x", ACC_WRITE},
	    {"return (x)++;", "x", ACC_READ | ACC_WRITE},
	    {"p = &(x);", "x", ACC_ADDR}, {NULL, NULL, 0}};

	expect_access(cases);
}
