/*
 * test_lint.c: the pieces of vnetify lint that are not a parse: its rule
 * table against the rules file's lint key, the finding list (levels,
 * order, duplicates), and clang's escaping of fix-it text.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "lint/lint.h"
#include "output/lint_out.h"
#include "rules/rules.h"
#include "srctext.h"

Test(lint, every_rule_can_be_set_in_a_rules_file)
{
	struct rules_error err;
	struct rules *r;
	const char *id, *level;
	char *text;
	int k;

	for (k = 0; k < LINT_NRULES; k++) {
		cr_expect_eq((int)lint_rule_named(lint_rules[k].id), k);
		text = xasprintf("lint:\n  %s: error\n", lint_rules[k].id);
		memset(&err, 0, sizeof(err));
		r = rules_load_buffer("rules.yaml", text, strlen(text), &err);
		cr_assert_not_null(r, "%s: %s", lint_rules[k].id,
		    err.message != NULL ? err.message : "");
		cr_assert_eq(rules_nlint(r), 1);
		rules_lint(r, 0, &id, &level);
		cr_expect_str_eq(id, lint_rules[k].id);
		cr_expect_str_eq(level, "error");
		rules_free(r);
		free(text);
	}
	cr_expect_eq(lint_rule_named("vnet-nothing"), LINT_NRULES);
}

Test(lint, an_unknown_rule_or_level_is_an_error)
{
	struct rules_error err;
	const char *bad[] = {"lint:\n  vnet-nothing: off\n",
	    "lint:\n  vnet-escape: loud\n"};
	size_t i;

	for (i = 0; i < 2; i++) {
		memset(&err, 0, sizeof(err));
		cr_expect_null(rules_load_buffer("rules.yaml", bad[i],
		    strlen(bad[i]), &err));
		cr_expect_eq(err.line, 2, "%s", bad[i]);
		rules_error_free(&err);
	}
}

Test(lint, findings_sorted_deduplicated_and_filtered_by_level)
{
	struct srcfile f;
	struct lint_run lr;
	struct strbuf sb = STRBUF_INIT;
	int k;

	src_init(&f, "int x;\nint y = x;\n");
	f.rel = "t.c";
	memset(&lr, 0, sizeof(lr));
	for (k = 0; k < LINT_NRULES; k++)
		lr.levels[k] = lint_rules[k].level;
	lr.levels[LINT_ESCAPE] = LEVEL_ERROR;
	(void)lint_add(&lr, LINT_ESCAPE, &f, src_word(&f, "x", 1), "second");
	(void)lint_add(&lr, LINT_MISSING_PREFIX, &f, src_word(&f, "x", 0),
	    "first");
	(void)lint_add(&lr, LINT_ESCAPE, &f, src_word(&f, "x", 1), "second");
	(void)lint_add(&lr, LINT_UNVIRTUALIZED, &f, 0, "off by default");
	lint_finish(&lr);
	cr_assert_eq(lr.findings.n, 2);
	lint_write_text(&lr, &sb);
	cr_expect_str_eq(sb_str(&sb),
	    "t.c:1:5: warning: first [vnet-missing-prefix]\n"
	    "t.c:2:9: error: second [vnet-escape]\n");
	sb_free(&sb);
	lint_run_free(&lr);
	src_free(&f);
}

Test(lint, fix_it_text_is_escaped_as_clang_does)
{
	struct srcfile f;
	struct lint_run lr;
	struct strbuf sb = STRBUF_INIT;
	struct finding *fd;

	src_init(&f, "int x;\n");
	f.rel = "t.c";
	memset(&lr, 0, sizeof(lr));
	lr.levels[LINT_MISSING_PREFIX] = LEVEL_WARNING;
	fd = lint_add(&lr, LINT_MISSING_PREFIX, &f, 4, "m");
	lint_add_fix(fd, 4, 1, "a\"b\\c\nd");
	lint_finish(&lr);
	lint_write_text(&lr, &sb);
	cr_expect_str_eq(sb_str(&sb),
	    "t.c:1:5: warning: m [vnet-missing-prefix]\n"
	    "fix-it:\"t.c\":{1:5-1:6}:\"a\\\"b\\\\c\\nd\"\n");
	sb_free(&sb);
	lint_run_free(&lr);
	src_free(&f);
}
