/*
 * rules.h: the rules file (rules/REFERENCE.md): which variables to
 * virtualize, which functions are entry points and how each finds its
 * vnet, which timers fan out over all vnets, how sysctls are written, which
 * configurations to parse and which files never to edit.
 *
 * The core fills in a struct rule_var with the facts it knows about a
 * candidate variable and asks rules_selects(); everything else is plain
 * data it reads back.  A loaded struct rules is never modified by a query,
 * so worker threads may share one.
 */
#ifndef VNETIFY_RULES_H
#define VNETIFY_RULES_H

#include <stdbool.h>
#include <stddef.h>

enum sysctl_dialect {
	SYSCTL_DIALECT_MODERN, /* CTLFLAG_VNET | ..., &VNET_NAME(x) */
	SYSCTL_DIALECT_2009    /* SYSCTL_VNET_INT(...) */
};

/* One configuration: extra compiler flags such as -DINET6, -UFOO. */
struct rule_config {
	char *name;
	char **argv;
	size_t argc;
};

/*
 * An entry point: a function that is entered with no curvnet and must set
 * it from vnet_expr ("sc->sc_vnet", "TD_TO_VNET(curthread)").  Either
 * function is set (a name or fnmatch(3) glob), or struct_name and field
 * are (every function stored in that field of a struct struct_name
 * initializer; the struct name is without the "struct " keyword).  file,
 * when not NULL, is a path glob (see rules_path_match) the function's
 * defining file must match.  line and col locate the entry in
 * rules_path(), vnet_line and vnet_col its expression.
 */
struct rule_entry {
	char *function;
	char *vnet_expr;
	char *struct_name;
	char *field;
	char *file;
	unsigned line, col;
	unsigned vnet_line, vnet_col; /* of the vnet expression */
};

/* A timer callback (name or glob) whose body runs once per vnet. */
struct rule_timer {
	char *function;
	unsigned line, col;
};

/*
 * A module init function (name or glob) whose statements that set up
 * virtualized state must run for every vnet: they move to a
 * VNET_SYSINIT(subsystem, order), the rest stays.  subsystem and order
 * may be NULL (then those of the function's own SYSINIT); teardown, when
 * not NULL, names the function whose per-vnet part becomes the matching
 * VNET_SYSUNINIT.
 */
struct rule_init {
	char *function;
	char *subsystem, *order;
	char *teardown;
	unsigned line, col;		      /* of function */
	unsigned teardown_line, teardown_col; /* of teardown */
};

/* Facts about one candidate variable, filled in by the core. */
struct rule_var {
	const char *name;     /* the variable's name */
	const char *file;     /* defining file, relative to the root */
	const char *function; /* enclosing function of a local static */
	bool is_const;	      /* the object itself is const-qualified */
	bool is_local_static; /* function-local static */
	bool marked;	      /* the declaration carries a rules_marker() */
};

struct rules;

/*
 * A problem in a rules or names file.  line and col are 1-based, 0 when
 * the problem has no place (an unreadable file).  Loading goes on after a
 * problem in the file's structure so that one run shows them all: the
 * first is in the struct itself, the others follow in document order in
 * the chain at next (NULL-terminated, owned by the first).
 */
struct rules_error {
	char *file;
	unsigned line, col;
	char *message;
	struct rules_error *next;
};

/* Empty rules: select nothing, modern sysctls, "<vnet/vnet.h>". */
struct rules *rules_new(void);
/* NULL on error with *err filled (err may be NULL). */
struct rules *rules_load(const char *path, struct rules_error *err);
/* The same from memory; name is what messages call the file. */
struct rules *rules_load_buffer(const char *name, const char *buf, size_t len,
    struct rules_error *err);
/* Frees what *err holds (not err itself) and zeroes it. */
void rules_error_free(struct rules_error *err);
/* Prints err and its chain through diag_error(). */
void rules_error_print(const struct rules_error *err);
void rules_free(struct rules *);

/* What --var NAME does: select NAME (a name or glob) wherever declared. */
void rules_add_name(struct rules *, const char *name);
/*
 * Is NAME one rules_add_name() can take, by the test --vars-file and the
 * rules file apply?  Returns 0, or -1 with *err saying why and what to
 * write.
 */
int rules_check_var(const char *name, struct rules_error *err);
/*
 * What --vars-file does: one name or glob per line, '#' starts a comment,
 * blank lines are ignored.  Returns 0, or -1 with *err filled and no name
 * of the file added.
 */
int
rules_add_names_file(struct rules *, const char *path, struct rules_error *err);
int rules_add_names_buffer(struct rules *, const char *name, const char *buf,
    size_t len, struct rules_error *err);

/* The verdict for one variable. */
bool rules_selects(const struct rules *, const struct rule_var *);

/* Why rules_selects() decided as it did, for the report. */
struct rule_reason {
	bool selected;
	/*
	 * The deciding rule's place: a rules or names file, "--var", or NULL
	 * when no rule applied; line and col are 0 when it has none.
	 */
	const char *file;
	unsigned line, col;
	/* A phrase such as "selected by name" (static storage). */
	const char *why;
};
bool rules_selects_why(const struct rules *, const struct rule_var *,
    struct rule_reason *);
/*
 * Would a selector that names no exact name ("memp_*") take v, but for v
 * being const (patterns pass const objects over)?
 */
bool rules_pattern_reaches_const(const struct rules *, const struct rule_var *);

/*
 * The selectors of virtualize (and --var, --vars-file), for saying which
 * selected nothing: their count, where each is (line and col 0 for one
 * with no place), and a short text for messages ("foo_*", "file
 * net/if.c"), malloc'd.
 */
size_t rules_nselectors(const struct rules *);
void rules_selector_place(const struct rules *, size_t i, const char **file,
    unsigned *line, unsigned *col, char **text);
/*
 * Does selector i match v, as selection would (except lists too)?  1
 * when it does, 2 when only a const or a local static it leaves out (a
 * glob does not take a const; a local static needs locals: true), else 0.
 */
int
rules_selector_matches(const struct rules *, size_t i, const struct rule_var *);
/*
 * The selectors (their numbers, in order, malloc'd in *out) that could
 * match a variable called name: those naming it exactly and those that
 * do not name it by a literal.  Any other selector cannot match it.
 */
size_t
rules_selector_candidates(const struct rules *, const char *name, size_t **out);

/* Whether a file (relative to the root) must never be edited. */
bool rules_never_touch(const struct rules *, const char *relpath);

enum sysctl_dialect rules_sysctl_dialect(const struct rules *);
/* What to #include in converted files: "<vnet/vnet.h>" or "\"x.h\"". */
const char *rules_include(const struct rules *);
/* Did the rules file name it (else it is the default)? */
bool rules_include_given(const struct rules *);
/* Zero configurations means "the build's flags as they are". */
size_t rules_nconfigs(const struct rules *);
const struct rule_config *rules_config(const struct rules *, size_t i);
size_t rules_nmarkers(const struct rules *);
const char *rules_marker(const struct rules *, size_t i);
size_t rules_nentries(const struct rules *);
const struct rule_entry *rules_entry(const struct rules *, size_t i);
size_t rules_ntimers(const struct rules *);
const struct rule_timer *rules_timer(const struct rules *, size_t i);
size_t rules_ninits(const struct rules *);
const struct rule_init *rules_init(const struct rules *, size_t i);
/* The lint key: rule i's id and level ("off", "warning", "error"). */
size_t rules_nlint(const struct rules *);
void
rules_lint(const struct rules *, size_t i, const char **id, const char **level);
/* The file the rules came from, or NULL. */
const char *rules_path(const struct rules *);

/*
 * Matching as the rules do it, for the core's own use of entries and
 * timers.  Names and functions match with fnmatch(pattern, s, 0).  Paths
 * match segment by segment ('/' separates) with fnmatch; a segment that is
 * exactly "**" matches any number of segments, none included.
 */
bool rules_name_match(const char *pattern, const char *name);
bool rules_path_match(const char *pattern, const char *relpath);
/* A function-kind entry matching a function defined in file (may be NULL). */
bool rules_entry_matches(const struct rule_entry *, const char *function,
    const char *file);
/* A role entry matching a function stored in struct_name.field. */
bool rules_entry_matches_role(const struct rule_entry *,
    const char *struct_name, const char *field, const char *file);
/* The first function-kind entry matching, or NULL. */
const struct rule_entry *
rules_find_entry(const struct rules *, const char *function, const char *file);
/* The first role entry for struct_name.field, or NULL. */
const struct rule_entry *rules_find_role(const struct rules *,
    const char *struct_name, const char *field, const char *file);
/* The first timer matching function, or NULL. */
const struct rule_timer *
rules_find_timer(const struct rules *, const char *function);

#endif /* !VNETIFY_RULES_H */
