/*
 * test_conditionals.c: which side of a macro's #ifdef a spot is on
 * (model/conditionals.h), and the group that decides it, read from the
 * text whatever a parse compiled.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "model/conditionals.h"
#include "srctext.h"
#include "support/hmap.h"

/* The side the nth occurrence of word is on, and its group's text. */
static enum cond_side
side_of(const char *text, const char *word, int nth, char **group)
{
	struct srcfile f;
	uint32_t start = UINT32_MAX, end = UINT32_MAX;
	enum cond_side s;

	src_init(&f, text);
	s = cond_side_at(&f, src_word(&f, word, nth), "VIMAGE", &start, &end);
	if (group != NULL)
		*group = s == SIDE_BOTH ? NULL
					: xstrndup(f.data + start, end - start);
	src_free(&f);
	return (s);
}

#define expect_side(text, word, nth, want)                         \
	cr_expect_eq(side_of((text), (word), (nth), NULL), (want), \
	    "%s #%d in:\n%s", (word), (nth), (text))

Test(conditionals, outside_any_conditional)
{
	expect_side("int a;\n", "a", 0, SIDE_BOTH);
	expect_side("#ifdef VIMAGE\nint b;\n#endif\nint a;\n", "a", 0,
	    SIDE_BOTH);
}

Test(conditionals, ifdef_ifndef_and_else)
{
	static const char t[] = "#ifdef VIMAGE\nint a;\n#else\nint b;\n"
				"#endif\n#ifndef VIMAGE\nint c;\n#else\n"
				"int d;\n#endif\n";

	expect_side(t, "a", 0, SIDE_DEFINED);
	expect_side(t, "b", 0, SIDE_UNDEFINED);
	expect_side(t, "c", 0, SIDE_UNDEFINED);
	expect_side(t, "d", 0, SIDE_DEFINED);
}

Test(conditionals, if_defined_forms)
{
	expect_side("#if defined(VIMAGE)\nint a;\n#endif\n", "a", 0,
	    SIDE_DEFINED);
	expect_side("#if defined VIMAGE\nint a;\n#endif\n", "a", 0,
	    SIDE_DEFINED);
	expect_side("#if !defined(VIMAGE) /* plain */\nint a;\n#endif\n", "a",
	    0, SIDE_UNDEFINED);
	/* Another condition with it: not known to be either side. */
	expect_side("#if defined(VIMAGE) && defined(INET)\nint a;\n#endif\n",
	    "a", 0, SIDE_BOTH);
	expect_side("#ifdef VIMAGE_X\nint a;\n#endif\n", "a", 0, SIDE_BOTH);
}

Test(conditionals, elif_after_a_known_side)
{
	static const char t[] = "#ifdef VIMAGE\nint a;\n#elif INET\nint b;\n"
				"#else\nint c;\n#endif\n"
				"#if INET\nint d;\n#elif defined(VIMAGE)\n"
				"int e;\n#else\nint g;\n#endif\n";

	expect_side(t, "a", 0, SIDE_DEFINED);
	expect_side(t, "b", 0, SIDE_UNDEFINED);
	expect_side(t, "c", 0, SIDE_UNDEFINED);
	expect_side(t, "d", 0, SIDE_BOTH);
	expect_side(t, "e", 0, SIDE_DEFINED);
	expect_side(t, "g", 0, SIDE_BOTH);
}

Test(conditionals, nested_groups_inherit_the_side)
{
	static const char t[] = "#ifdef VIMAGE\n#ifdef INET\nint a;\n"
				"#endif\nint b;\n#endif\nint c;\n";
	char *g = NULL;

	cr_expect_eq(side_of(t, "a", 0, &g), SIDE_DEFINED);
	/* The deciding group is the outer one, all of it. */
	cr_expect_str_eq(g, "#ifdef INET\nint a;\n#endif\nint b;\n");
	free(g);
	expect_side(t, "b", 0, SIDE_DEFINED);
	expect_side(t, "c", 0, SIDE_BOTH);
}

Test(conditionals, group_text_stops_at_its_else)
{
	static const char t[] = "void f(void)\n{\n#ifdef VIMAGE\n\tx = 1;\n"
				"\tx = x;\n#else\n\tx = 2;\n#endif\n}\n";
	char *g = NULL;

	cr_expect_eq(side_of(t, "x", 1, &g), SIDE_DEFINED);
	cr_expect_str_eq(g, "\tx = 1;\n\tx = x;\n");
	free(g);
	cr_expect_eq(side_of(t, "x", 3, &g), SIDE_UNDEFINED);
	cr_expect_str_eq(g, "\tx = 2;\n");
	free(g);
}

Test(conditionals, unterminated_group_runs_to_the_end)
{
	char *g = NULL;

	cr_expect_eq(side_of("#ifdef VIMAGE\nint a;\n", "a", 0, &g),
	    SIDE_DEFINED);
	cr_expect_str_eq(g, "int a;\n");
	free(g);
}

Test(conditionals, a_stray_endif_is_ignored)
{
	expect_side("#endif\n#ifdef VIMAGE\nint a;\n#endif\n", "a", 0,
	    SIDE_DEFINED);
}

/* Is the nth occurrence of word in code only the plain build may compile? */
static bool
plain_only(const char *text, const char *word, int nth)
{
	struct hmap deps = {0};
	struct srcfile f;
	uint32_t off;
	bool r;

	src_init(&f, text);
	while (cond_dependents(&f, "VIMAGE", &deps) > 0)
		;
	off = src_word(&f, word, nth);
	r = cond_plain_only(&f, "VIMAGE", &deps, &off, 1);
	hmap_free(&deps, NULL);
	src_free(&f);
	return (r);
}

Test(conditionals, plain_only_code)
{
	static const char t[] =
	    "int a;\n#ifdef VIMAGE\nint b;\n#else\nint c;\n"
	    "#endif\n#ifndef VIMAGE\nint d;\n#else\nint e;\n"
	    "#endif\n#if defined(VIMAGE) && defined(X)\nint f;\n"
	    "#endif\n#ifdef X\nint g;\n#else\nint h;\n#endif\n";

	cr_expect(!plain_only(t, "a", 0));
	cr_expect(!plain_only(t, "b", 0));
	cr_expect(plain_only(t, "c", 0));
	cr_expect(plain_only(t, "d", 0));
	cr_expect(!plain_only(t, "e", 0));
	/* Not a plain test of VIMAGE: either build may skip it. */
	cr_expect(plain_only(t, "f", 0));
	cr_expect(!plain_only(t, "g", 0));
	cr_expect(!plain_only(t, "h", 0));
}

Test(conditionals, plain_only_nested_and_elif)
{
	static const char t[] = "#ifdef X\n#ifndef VIMAGE\nint a;\n#endif\n"
				"int b;\n#endif\n#if defined(Y)\nint c;\n"
				"#elif defined(VIMAGE)\nint d;\n#else\nint e;\n"
				"#endif\n";

	cr_expect(plain_only(t, "a", 0));
	cr_expect(!plain_only(t, "b", 0));
	/* Before the #elif, VIMAGE decides nothing. */
	cr_expect(!plain_only(t, "c", 0));
	cr_expect(!plain_only(t, "d", 0));
	cr_expect(plain_only(t, "e", 0));
}

Test(conditionals, plain_only_through_dependent_macros)
{
	/* HAVE_VNET follows VIMAGE, and VNET_LOCKS follows HAVE_VNET. */
	static const char t[] = "#ifdef VIMAGE\n#define HAVE_VNET 1\n#endif\n"
				"#ifdef HAVE_VNET\n#define VNET_LOCKS\n#endif\n"
				"#ifndef VNET_LOCKS\nint a;\n#endif\n"
				"#ifdef OTHER\n#define UNRELATED\n#endif\n"
				"#ifndef UNRELATED\nint b;\n#endif\n";

	cr_expect(plain_only(t, "a", 0));
	cr_expect(!plain_only(t, "b", 0));
}
