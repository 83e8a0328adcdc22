/*
 * lint.h: "vnetify lint", the checks that keep a virtualized tree right.
 *
 * The tree is read as rewrite reads it (one parse per unit and
 * configuration, plain C, without VIMAGE: VNET_DEFINE(int, x) is then
 * "int x", so a bare use of x resolves and can be found), and what is
 * virtualized is what the code says: its VNET_DEFINE, VNET_DEFINE_STATIC
 * and VNET_DECLARE.  Each check adds findings; one finding is one place,
 * one rule, one message, and the fix-its that would mend it.
 *
 *	vnet-missing-prefix	prefix.c	a bare use of a VNET variable
 *	vnet-no-context		context.c	state reached from a root with
 *						no CURVNET_SET on the path
 *	vnet-unbalanced		balance.c	CURVNET_SET and RESTORE that do
 *						not pair in one block
 *	vnet-escape		escape.c	the address of per-vnet state
 *						kept where all vnets share it
 *	vnet-unvirtualized	unvirtualized.c	a global a virtualized
 *						module writes but does not
 *						virtualize
 */
#ifndef VNETIFY_LINT_H
#define VNETIFY_LINT_H

#include "model/callgraph.h"
#include "passes/plan.h"

enum lint_rule {
	LINT_MISSING_PREFIX,
	LINT_NO_CONTEXT,
	LINT_UNBALANCED,
	LINT_ESCAPE,
	LINT_UNVIRTUALIZED,
	LINT_NRULES
};

enum lint_level { LEVEL_OFF, LEVEL_WARNING, LEVEL_ERROR };

/* What people and SARIF consumers read about a rule. */
struct lint_rule_info {
	const char *id;	       /* "vnet-missing-prefix" */
	const char *brief;     /* one line */
	const char *full;      /* a paragraph */
	const char *anchor;    /* of its section in the README */
	enum lint_level level; /* by default */
};
extern const struct lint_rule_info lint_rules[LINT_NRULES];
/* The rule named id, or LINT_NRULES. */
enum lint_rule lint_rule_named(const char *id);

/* A replacement that mends a finding: [off, off + len) becomes text. */
struct lint_fix {
	uint32_t off, len;
	char *text;
};

/*
 * Code a finding rests on beyond its own line: the block between a
 * CURVNET_SET and where it is left, the functions of a call path.  An
 * edit there (a line removed included) keeps the finding under
 * --diff-base.
 */
struct lint_span {
	const struct srcfile *f;
	uint32_t start, end; /* offsets */
};

struct finding {
	enum lint_rule rule;
	struct srcfile *f;
	uint32_t off;
	char *message;
	VEC(struct lint_fix) fixes;
	VEC(struct lint_span) spans;
};

struct lint_run {
	struct plan *p;
	struct callgraph cg;
	enum lint_level levels[LINT_NRULES];
	VEC(struct finding) findings;
	/* The "#define V_x" names of the files read (prefix.c). */
	struct hmap v_defines;
	bool v_defines_read;
};

/* A finding with no fix-it yet; the message is formatted. */
struct finding *
lint_add(struct lint_run *, enum lint_rule, struct srcfile *, uint32_t off,
    const char *fmt, ...) __attribute__((__format__(__printf__, 5, 6)));
void
lint_add_fix(struct finding *, uint32_t off, uint32_t len, const char *text);
void lint_add_span(struct finding *, const struct srcfile *, uint32_t start,
    uint32_t end);
void lint_finding_free(struct finding *);
/* Sorts by file, place and rule; drops findings of rules turned off. */
void lint_finish(struct lint_run *);
void lint_run_free(struct lint_run *);

/*
 * Is the CURVNET_RESTORE at token j followed by a return, goto, break or
 * continue?  Then it ends one way out, and the code after it (a label)
 * still runs with the vnet set.
 */
bool lint_restore_then_leaves(const struct srcfile *, size_t j);

/* The checks, in the order they run. */
void lint_missing_prefix(struct lint_run *);
void lint_no_context(struct lint_run *);
void lint_unbalanced(struct lint_run *);
/* vnet-unbalanced in one function only (rewrite's check of what it keeps). */
void lint_unbalanced_in(struct lint_run *, const struct func_def *);
/*
 * The same for vnet-no-context: a use of per-vnet state, or a call that
 * reaches it, outside the CURVNET_SET of fd, a function that sets its
 * own vnet (lr->cg built).
 */
void lint_outside_in(struct lint_run *, const struct func_def *);
void lint_escape(struct lint_run *);
void lint_unvirtualized(struct lint_run *);

#endif /* !VNETIFY_LINT_H */
