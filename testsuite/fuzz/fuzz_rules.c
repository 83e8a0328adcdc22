/*
 * fuzz_rules.c: the libFuzzer target for the rules reader.  Each input is
 * read as a rules file and as a names file; whatever loads is queried the
 * way the core queries it.  Beyond "no crash, no leak, no undefined
 * behaviour" it checks what every caller relies on: a rejected input has
 * an error with a place and a printable message, an accepted one none, and
 * an exact name or entry point finds itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_errors(const struct rules_error *err)
{
	const struct rules_error *e;
	const char *p;

	for (e = err; e != NULL; e = e->next) {
		if (e->file == NULL || e->message == NULL || e->line == 0 ||
		    e->col == 0)
			abort();
		for (p = e->message; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
	}
}

static const char *const names[] = {"a", "tcp_x", "if_index", "null", "V_x",
    "_", "x1"};
static const char *const files[] = {"a.c", "net/if.c", "x/y/z.h",
    "contrib/pf/pf.c", "", "netinet6/nd6.c"};

static void
query(const struct rules *r)
{
	const struct rule_entry *e;
	const struct rule_config *c;
	struct rule_reason why;
	struct rule_var v;
	size_t i, j, k;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (j = 0; j < sizeof(files) / sizeof(files[0]); j++)
			for (k = 0; k < 16; k++) {
				v = (struct rule_var){.name = names[i],
				    .file = files[j],
				    .function = "f",
				    .is_const = k & 1,
				    .is_local_static = (k & 2) != 0,
				    .marked = (k & 4) != 0};
				if (k & 8)
					v.function = NULL;
				if (rules_selects_why(r, &v, &why) !=
					why.selected ||
				    why.why == NULL)
					abort();
				/* A marker selects unless excluded. */
				if (v.marked && !why.selected &&
				    strstr(why.why, "exclude") == NULL)
					abort();
			}
	for (j = 0; j < sizeof(files) / sizeof(files[0]); j++)
		(void)rules_never_touch(r, files[j]);
	for (i = 0; i < rules_nentries(r); i++) {
		e = rules_entry(r, i);
		if (e->vnet_expr == NULL ||
		    (e->function == NULL) ==
			(e->struct_name == NULL || e->field == NULL))
			abort();
		if (e->function != NULL && e->file == NULL &&
		    strpbrk(e->function, "*?[") == NULL &&
		    rules_find_entry(r, e->function, "a.c") == NULL)
			abort();
		if (e->struct_name != NULL)
			(void)rules_find_role(r, e->struct_name, "pr_input",
			    "a.c");
	}
	for (i = 0; i < rules_ntimers(r); i++)
		(void)rules_find_timer(r, rules_timer(r, i)->function);
	for (i = 0; i < rules_nconfigs(r); i++) {
		c = rules_config(r, i);
		for (j = 0; j < c->argc; j++)
			if (c->argv[j][0] != '-')
				abort();
	}
	for (i = 0; i < rules_nmarkers(r); i++)
		if (rules_marker(r, i)[0] == '\0')
			abort();
	if (rules_include(r) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rules_error err;
	struct rules *r;

	r = rules_load_buffer("fuzz.yaml", (const char *)data, size, &err);
	if (r == NULL) {
		if (err.message == NULL)
			abort();
		check_errors(&err);
		rules_error_free(&err);
	} else {
		if (err.message != NULL || rules_path(r) == NULL)
			abort();
		query(r);
		rules_free(r);
	}
	r = rules_new();
	if (rules_add_names_buffer(r, "fuzz.names", (const char *)data, size,
		&err) != 0) {
		check_errors(&err);
		rules_error_free(&err);
	} else
		query(r);
	rules_free(r);
	return (0);
}
