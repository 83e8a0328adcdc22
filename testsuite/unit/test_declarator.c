/*
 * test_declarator.c: a declaration statement split into its specifiers and
 * declarators (model/declarator.h): the parts of every declarator, the
 * statement's end past initializers with commas and braces, finding a
 * declarator by its name, and what is refused.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "model/declarator.h"
#include "srctext.h"

/*
 * Parse the statement starting at the first "start" whose first name is the
 * first "name" (a whole word).
 */
static bool
parse(const struct srcfile *f, const char *start, const char *name,
    struct decl_stmt *ds)
{
	return (
	    decl_stmt_parse(f, src_off(f, start, 0), src_word(f, name, 0), ds));
}

static void
parse_ok(const struct srcfile *f, const char *start, const char *name,
    struct decl_stmt *ds)
{
	cr_assert(parse(f, start, name, ds), "refused:\n%s", f->data);
}

/* Every field of a declarator, as token indexes. */
#define expect_decl(d, b, n, bd, ae, q, e, p)                                \
	do {                                                                 \
		const struct declarator *d_ = (d);                           \
		cr_expect_eq(d_->begin, (b), "begin %zu", d_->begin);        \
		cr_expect_eq(d_->name, (n), "name %zu", d_->name);           \
		cr_expect_eq(d_->bound, (bd), "bound %zu", d_->bound);       \
		cr_expect_eq(d_->arr_end, (ae), "arr_end %zu", d_->arr_end); \
		cr_expect_eq(d_->eq, (q), "eq %zu", d_->eq);                 \
		cr_expect_eq(d_->end, (e), "end %zu", d_->end);              \
		cr_expect_eq(d_->parens, (p), "parens");                     \
	} while (0)

Test(declarator, several_declarators)
{
	/*
	 * 0 static 1 int 2 a 3 , 4 * 5 b 6 = 7 & 8 a 9 , 10 c 11 [ 12 4
	 * 13 ] 14 = 15 { 16 1 17 } 18 , 19 ( 20 * 21 fp 22 ) 23 ( 24 int
	 * 25 ) 26 ;
	 */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "static int a, *b = &a, c[4] = {1}, (*fp)(int);\n");
	parse_ok(&f, "static", "a", &ds);
	cr_expect_eq(ds.first, 0);
	cr_expect_eq(ds.specs_end, 2);
	cr_expect_eq(ds.semi, 26);
	cr_assert_eq(ds.d.n, 4);
	expect_decl(&ds.d.v[0], 2, 2, 3, 3, 3, 3, false);
	expect_decl(&ds.d.v[1], 4, 5, 6, 6, 6, 9, false);
	expect_decl(&ds.d.v[2], 10, 10, 14, 14, 14, 18, false);
	expect_decl(&ds.d.v[3], 19, 21, 22, 26, 26, 26, true);
	cr_expect_eq(decl_stmt_find(&f, &ds, src_word(&f, "a", 0)), 0);
	cr_expect_eq(decl_stmt_find(&f, &ds, src_word(&f, "b", 0)), 1);
	cr_expect_eq(decl_stmt_find(&f, &ds, src_word(&f, "c", 0)), 2);
	cr_expect_eq(decl_stmt_find(&f, &ds, src_word(&f, "fp", 0)), 3);
	/* A use of a in b's initializer is no declarator's name. */
	cr_expect_eq(decl_stmt_find(&f, &ds, src_word(&f, "a", 1)), SIZE_MAX);
	/* Nor the inside of a name, nor a specifier. */
	cr_expect_eq(decl_stmt_find(&f, &ds, src_word(&f, "fp", 0) + 1),
	    SIZE_MAX);
	cr_expect_eq(decl_stmt_find(&f, &ds, src_word(&f, "int", 0)), SIZE_MAX);
	decl_stmt_free(&ds);
	cr_expect_eq(ds.d.n, 0);
	cr_expect_null(ds.d.v);
	src_free(&f);
}

Test(declarator, struct_definition_in_the_specifiers)
{
	/* 0 extern 1 struct 2 s 3 { 4 int 5 x 6 ; 7 } 8 v 9 ; */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "extern struct s { int x; } v;\nint after;\n");
	parse_ok(&f, "extern", "v", &ds);
	cr_expect_eq(ds.specs_end, 8);
	/* The ';' inside the braces does not end the statement. */
	cr_expect_eq(ds.semi, 9);
	cr_assert_eq(ds.d.n, 1);
	expect_decl(&ds.d.v[0], 8, 8, 9, 9, 9, 9, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, attribute_after_the_name)
{
	/*
	 * 0 int 1 x 2 __attribute__ 3 ( 4 ( 5 aligned 6 ( 7 8 8 ) 9 )
	 * 10 ) 11 = 12 1 13 ;
	 */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "int x __attribute__((aligned(8))) = 1;\n");
	parse_ok(&f, "int", "x", &ds);
	cr_expect_eq(ds.specs_end, 1);
	cr_assert_eq(ds.d.n, 1);
	/* The attribute is in [arr_end, eq). */
	expect_decl(&ds.d.v[0], 1, 1, 2, 2, 11, 13, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, attribute_of_one_declarator_among_several)
{
	/*
	 * 0 int 1 a 2 , 3 b 4 [ 5 2 6 ] 7 __attribute__ 8 ( 9 ( 10 unused
	 * 11 ) 12 ) 13 , 14 c 15 ;
	 */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "int a, b[2] __attribute__((unused)), c;\n");
	parse_ok(&f, "int", "a", &ds);
	cr_assert_eq(ds.d.n, 3);
	expect_decl(&ds.d.v[1], 3, 3, 7, 7, 13, 13, false);
	expect_decl(&ds.d.v[2], 14, 14, 15, 15, 15, 15, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, attribute_before_the_name_is_a_specifier)
{
	/* 0 int 1 __attribute__ 2 ( 3 ( 4 unused 5 ) 6 ) 7 y 8 , 9 z 10 ; */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "int __attribute__((unused)) y, z;\n");
	parse_ok(&f, "int", "y", &ds);
	cr_expect_eq(ds.specs_end, 7);
	cr_assert_eq(ds.d.n, 2);
	expect_decl(&ds.d.v[0], 7, 7, 8, 8, 8, 8, false);
	expect_decl(&ds.d.v[1], 9, 9, 10, 10, 10, 10, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, asm_label)
{
	/* 0 static 1 int 2 q 3 asm 4 ( 5 "q_sym" 6 ) 7 = 8 3 9 ; */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "static int q asm(\"q_sym\") = 3;\n");
	parse_ok(&f, "static", "q", &ds);
	cr_assert_eq(ds.d.n, 1);
	expect_decl(&ds.d.v[0], 2, 2, 3, 3, 7, 9, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, qualifiers_belong_to_the_declarator)
{
	/* 0 const 1 char 2 * 3 const 4 p 5 ; */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "const char *const p;\n");
	parse_ok(&f, "const", "p", &ds);
	cr_expect_eq(ds.specs_end, 2);
	cr_assert_eq(ds.d.n, 1);
	expect_decl(&ds.d.v[0], 2, 4, 5, 5, 5, 5, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, qualifiers_between_stars)
{
	/*
	 * 0 static 1 volatile 2 char 3 * 4 __restrict 5 * 6 volatile 7 pp
	 * 8 [ 9 2 10 ] 11 , 12 * 13 const 14 q 15 ;
	 */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f,
	    "static volatile char *__restrict *volatile pp[2], *const q;\n");
	parse_ok(&f, "static", "pp", &ds);
	/* volatile before char is a specifier: no star precedes it. */
	cr_expect_eq(ds.specs_end, 3);
	cr_assert_eq(ds.d.n, 2);
	expect_decl(&ds.d.v[0], 3, 7, 11, 11, 11, 11, false);
	expect_decl(&ds.d.v[1], 12, 14, 15, 15, 15, 15, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, array_of_function_pointers)
{
	/*
	 * 0 static 1 void 2 ( 3 * 4 handlers 5 [ 6 4 7 ] 8 ) 9 ( 10 int
	 * 11 , 12 char 13 * 14 ) 15 = 16 { 17 f 18 , 19 g 20 } 21 ;
	 */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "static void (*handlers[4])(int, char *) = { f, g };\n");
	parse_ok(&f, "static", "handlers", &ds);
	cr_expect_eq(ds.specs_end, 2);
	cr_expect_eq(ds.semi, 21);
	/* Neither the parameters' comma nor the initializer's splits it. */
	cr_assert_eq(ds.d.n, 1);
	expect_decl(&ds.d.v[0], 2, 4, 8, 15, 15, 21, true);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, pointer_to_function_returning_pointer_to_array)
{
	/*
	 * 0 int 1 ( 2 * 3 ( 4 * 5 fpp 6 ) 7 ( 8 void 9 ) 10 ) 11 [ 12 3
	 * 13 ] 14 , 15 n 16 ;
	 */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "int (*(*fpp)(void))[3], n;\n");
	parse_ok(&f, "int", "fpp", &ds);
	cr_assert_eq(ds.d.n, 2);
	expect_decl(&ds.d.v[0], 1, 5, 6, 14, 14, 14, true);
	expect_decl(&ds.d.v[1], 15, 15, 16, 16, 16, 16, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, initializers_with_commas_and_braces)
{
	/*
	 * 0 static 1 int 2 a 3 = 4 f 5 ( 6 1 7 , 8 2 9 ) 10 , 11 b 12 [
	 * 13 2 14 ] 15 = 16 { 17 3 18 , 19 4 20 } 21 , 22 c 23 = 24 (
	 * 25 int 26 ) 27 { 28 5 29 } 30 , 31 d 32 = 33 ( 34 { 35 int 36 t
	 * 37 = 38 1 39 ; 40 t 41 ; 42 } 43 ) 44 , 45 e 46 ;
	 */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f,
	    "static int a = f(1, 2), b[2] = { 3, 4 }, c = (int){ 5 },\n"
	    "    d = ({ int t = 1; t; }), e;\n");
	parse_ok(&f, "static", "a", &ds);
	cr_expect_eq(ds.semi, 46);
	cr_assert_eq(ds.d.n, 5);
	expect_decl(&ds.d.v[0], 2, 2, 3, 3, 3, 10, false);
	expect_decl(&ds.d.v[1], 11, 11, 15, 15, 15, 21, false);
	expect_decl(&ds.d.v[2], 22, 22, 23, 23, 23, 30, false);
	expect_decl(&ds.d.v[3], 31, 31, 32, 32, 32, 44, false);
	expect_decl(&ds.d.v[4], 45, 45, 46, 46, 46, 46, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, multidimensional_array)
{
	/*
	 * 0 static 1 struct 2 pt 3 pts 4 [ 5 2 6 ] 7 [ 8 N 9 + 10 1 11 ]
	 * 12 = 13 { 14 { 15 1 16 } 17 } 18 ;
	 */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "static struct pt pts[2][N + 1] = { { 1 } };\n");
	parse_ok(&f, "static", "pts", &ds);
	cr_expect_eq(ds.specs_end, 3);
	cr_assert_eq(ds.d.n, 1);
	expect_decl(&ds.d.v[0], 3, 3, 12, 12, 12, 18, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, comments_in_the_statement)
{
	/*
	 * 0 static 1 int 2 comment 3 a 4 comment 5 , 6 comment 7 b 8 = 9 1
	 * 10 ; 11 comment
	 */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f,
	    "static int /* hits */ a /* , */, /* c */ b = 1; /* ; */\n");
	parse_ok(&f, "static", "a", &ds);
	/* A comment before the first name stays with the specifiers. */
	cr_expect_eq(ds.specs_end, 3);
	cr_expect_eq(ds.semi, 10);
	cr_assert_eq(ds.d.n, 2);
	cr_expect_eq(ds.d.v[0].name, 3);
	cr_expect_eq(ds.d.v[0].end, 5);
	cr_expect_eq(ds.d.v[1].name, 7);
	cr_expect_eq(ds.d.v[1].eq, 8);
	cr_expect_eq(ds.d.v[1].end, 10);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, local_static_in_a_function)
{
	/* 0 void 1 f 2 ( 3 void 4 ) 5 { 6 static 7 int 8 cnt 9 = 10 0 11 ; */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "void f(void) { static int cnt = 0; }\n");
	parse_ok(&f, "static", "cnt", &ds);
	cr_expect_eq(ds.first, 6);
	cr_expect_eq(ds.specs_end, 8);
	cr_expect_eq(ds.semi, 11);
	cr_assert_eq(ds.d.n, 1);
	expect_decl(&ds.d.v[0], 8, 8, 9, 9, 9, 11, false);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, start_in_whitespace_before_the_statement)
{
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "int x;\n\n  static int y;\n");
	/* The first token at or after start begins the statement. */
	cr_assert(decl_stmt_parse(&f, src_off(&f, "\n\n", 0) + 1,
	    src_word(&f, "y", 0), &ds));
	cr_expect_eq(ds.first, src_tok(&f, "static", 0));
	cr_assert_eq(ds.d.n, 1);
	cr_expect_eq(ds.d.v[0].name, src_tok(&f, "y", 0));
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, refuses_a_statement_crossing_a_directive)
{
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "int\n#if X\na;\n#endif\n");
	cr_expect_not(parse(&f, "int", "a", &ds));
	cr_expect_eq(ds.d.n, 0);
	src_free(&f);
	src_init(&f, "static int a = 1\n#ifdef Y\n + 1\n#endif\n;\n");
	cr_expect_not(parse(&f, "static", "a", &ds));
	src_free(&f);
}

Test(declarator, directive_after_the_statement_is_no_matter)
{
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "static int a;\n#if X\nint b;\n#endif\n");
	parse_ok(&f, "static", "a", &ds);
	cr_expect_eq(ds.semi, 3);
	cr_expect_eq(ds.d.n, 1);
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, refuses_a_start_on_a_directive)
{
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "#define N 4\nint a[N];\n");
	cr_expect_not(parse(&f, "#define", "a", &ds));
	src_free(&f);
}

Test(declarator, refuses_a_name_before_the_start_or_off_a_token)
{
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "int a; int b;\n");
	cr_expect_not(decl_stmt_parse(&f, src_word(&f, "int", 1),
	    src_word(&f, "a", 0), &ds));
	/* The blank between int and b. */
	cr_expect_not(decl_stmt_parse(&f, src_word(&f, "int", 1),
	    src_word(&f, "b", 0) - 1, &ds));
	cr_expect_not(
	    decl_stmt_parse(&f, (uint32_t)f.len, src_word(&f, "b", 0), &ds));
	src_free(&f);
}

Test(declarator, refuses_a_statement_without_its_semicolon)
{
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "static int a = { 1, 2 ");
	cr_expect_not(parse(&f, "static", "a", &ds));
	src_free(&f);
}

Test(declarator, refuses_a_parameter)
{
	struct srcfile f;
	struct decl_stmt ds;

	/* Not a statement: the ')' closes what it did not open. */
	src_init(&f, "void g(int a);\n");
	cr_expect_not(parse(&f, "int", "a", &ds));
	src_free(&f);
}

Test(declarator, refuses_a_declaration_whose_name_is_in_a_macro_body)
{
	struct srcfile f;
	struct decl_stmt ds;

	/* The name is spelled in the #define, before the statement. */
	src_init(&f, "#define DECL int counter\nDECL;\n");
	cr_expect_not(decl_stmt_parse(&f, src_word(&f, "DECL", 1),
	    src_word(&f, "counter", 0), &ds));
	src_free(&f);
}

/*
 * A declaration produced by a macro whose argument is the name: the
 * declarators would be split from inside the invocation's parentheses.
 */
Test(declarator, refuses_a_declaration_made_by_a_macro)
{
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "DECLARE(int, a);\n");
	cr_expect_not(parse(&f, "DECLARE", "a", &ds));
	decl_stmt_free(&ds);
	src_free(&f);
}

/* C11's _Atomic after a '*' qualifies the pointer: b is the name. */
Test(declarator, atomic_qualifier_after_a_star)
{
	/* 0 static 1 int 2 a 3 , 4 * 5 _Atomic 6 b 7 ; */
	struct srcfile f;
	struct decl_stmt ds;

	src_init(&f, "static int a, *_Atomic b;\n");
	parse_ok(&f, "static", "a", &ds);
	cr_assert_eq(ds.d.n, 2);
	expect_decl(&ds.d.v[1], 4, 6, 7, 7, 7, 7, false);
	cr_expect_eq(decl_stmt_find(&f, &ds, src_word(&f, "b", 0)), 1);
	cr_expect(tok_is_qualifier(&f, 5));
	decl_stmt_free(&ds);
	src_free(&f);
}

Test(declarator, tok_is_qualifier)
{
	static const char *const yes[] = {"const", "volatile", "restrict",
	    "_Atomic", "__restrict", "__restrict__", "__const", "__const__",
	    "__volatile__", "__volatile", "_Nonnull", "_Nullable",
	    "_Null_unspecified", NULL};
	static const char *const no[] = {"static", "int", "constant",
	    "register", "__attribute__", NULL};
	struct srcfile f;
	size_t i;

	for (i = 0; yes[i] != NULL; i++) {
		src_init(&f, yes[i]);
		cr_expect(tok_is_qualifier(&f, 0), "%s", yes[i]);
		src_free(&f);
	}
	for (i = 0; no[i] != NULL; i++) {
		src_init(&f, no[i]);
		cr_expect_not(tok_is_qualifier(&f, 0), "%s", no[i]);
		src_free(&f);
	}
	/* Spelled "const" but a string, and past the end: no. */
	src_init(&f, "\"const\"");
	cr_expect_not(tok_is_qualifier(&f, 0));
	cr_expect_not(tok_is_qualifier(&f, 1));
	src_free(&f);
}
