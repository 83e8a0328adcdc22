/*
 * rules_impl.h: the inside of struct rules, shared by rules.c (life cycle,
 * accessors, names files), rules_yaml.c (the YAML reader) and
 * rules_match.c (the verdicts).  Nothing outside those files includes it.
 */
#ifndef VNETIFY_RULES_IMPL_H
#define VNETIFY_RULES_IMPL_H

#include "rules/rules.h"
#include "support/hmap.h"
#include "support/util.h"

struct strvec {
	char **v;
	size_t n, cap;
};

struct rsel;

struct rselvec {
	struct rsel *v;
	size_t n, cap;
};

/*
 * A selector: one item of virtualize, exclude or an except list.  A
 * variable matches when it passes every restriction present: names (globs
 * on its name), functions (it is a local static of a matching function),
 * files and dirs (its file matches one of either).  all marks the selector
 * that has no restriction on purpose.  dirs are stored without "./" or a
 * trailing '/', the root as "".
 */
struct rsel {
	struct strvec names, files, dirs, functions;
	bool all;
	bool locals; /* local statics too (selection only) */
	struct rselvec except;
	const char *origin; /* file named in reasons; not owned */
	unsigned line, col;
};

struct rules {
	char *path;
	char *include;
	bool include_given; /* the file says which (else the default) */
	enum sysctl_dialect sysctl;
	struct rselvec virt, excl;
	struct {
		struct rule_config *v;
		size_t n, cap;
	} configs;
	struct strvec markers;
	struct {
		struct rule_entry *v;
		size_t n, cap;
	} entries;
	struct {
		struct rule_timer *v;
		size_t n, cap;
	} timers;
	struct {
		struct rule_init *v;
		size_t n, cap;
	} inits;
	struct strvec lint_ids, lint_levels; /* parallel */
	struct strvec never;
	struct strvec origins; /* the names rsel.origin points at */
	/*
	 * An index of virt for queries: the selectors that name only exact
	 * names, by name, and the others.  A names file of thousands would
	 * otherwise cost a glob match per name per variable.  Whatever adds
	 * to virt calls rules_index_extend() before it returns, so that a
	 * query never changes a loaded struct rules.
	 */
	size_t indexed;		/* virt[0, indexed) are in the index */
	struct hmap by_literal; /* name -> struct sel_list */
	struct sel_list {
		size_t *v;
		size_t n, cap;
	} general;
};

/* Index the selectors added to virt since the last call. */
void rules_index_extend(struct rules *);
void rules_index_free(struct rules *);

void strvec_free(struct strvec *);
void rsel_free(struct rsel *);
/* The string kept for the life of r, for rsel.origin. */
const char *rules_origin(struct rules *r, const char *name);

/* A name pattern without glob characters: it names one variable. */
bool rules_pattern_is_literal(const char *pattern);
/*
 * Checks a name pattern; NULL if it is fine, else a static phrase saying
 * what is wrong with it.
 */
const char *rules_check_name_pattern(const char *pattern);

/*
 * User text as messages show it: control bytes escaped, long text cut, so
 * that a hostile file cannot garble the terminal or flood it.
 */
char *rules_printable(const char *s);

/*
 * Records an error: in *head while that is empty, else at the end of its
 * chain.  Takes message.
 */
void rules_error_add(struct rules_error *head, const char *file, unsigned line,
    unsigned col, char *message);

#endif /* !VNETIFY_RULES_IMPL_H */
