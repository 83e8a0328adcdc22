/*
 * plan.h: what "vnetify rewrite" decides, before anything is written.
 *
 * The passes run in order over the finished model:
 *	select	which variables to virtualize, under which names
 *	uses	an edit for every use, or a review item saying why not
 *	decls	the definitions and declarations, hoisted locals, the
 *		per-instance initialisers, the #define V_x lines
 *	include	the runtime header where a file needs it
 * Edits to one file are first kept as pending edits so that a pass that
 * rewrites a whole statement can fold in the edits inside it; what is
 * left goes to the edit set at the end.  Every decision that needs a
 * human becomes a review item with its place and reason.
 */
#ifndef VNETIFY_PLAN_H
#define VNETIFY_PLAN_H

#include "edits/edits.h"
#include "model/model.h"
#include "rules/rules.h"
#include "support/arena.h"

/*
 * Why a person is needed: a stable kind, for counting and for tools
 * (review_kind_name() gives its name, "macro-body").  REVIEW_CONST,
 * REVIEW_MASTER_COPY, REVIEW_NO_STATE and REVIEW_STRINGIZED are notes:
 * information, nothing to do.
 */
enum review_kind {
	REVIEW_THREAD_LOCAL,
	REVIEW_DECLARED_BY_MACRO,
	REVIEW_NOT_EDITABLE,
	REVIEW_LOCAL_TYPE,
	REVIEW_DECLARATION_SHAPE,
	REVIEW_STATIC_INIT,
	REVIEW_INITIALISER,
	REVIEW_MACRO_BODY,
	REVIEW_MACRO_ARGUMENT,
	REVIEW_PASTE,
	REVIEW_TEXT_NOT_NAME,
	REVIEW_INACTIVE_CODE,
	REVIEW_AMBIGUOUS_NAME,
	REVIEW_CONFLICT,
	REVIEW_CONST,
	REVIEW_MASTER_COPY,
	REVIEW_ENTRY_POINT,
	REVIEW_NO_STATE,
	REVIEW_TIMER,
	REVIEW_MODULE_INIT,
	REVIEW_STRINGIZED,
	REVIEW_COMPILE_ERROR, /* rewrite --force: a unit that does not compile */
	REVIEW_NKINDS
};
const char *review_kind_name(enum review_kind);

/* Whether a review item still asks for a person (open). */
enum review_state {
	REVIEW_OPEN,
	REVIEW_ACKED,	/* a "vnetify: reviewed" comment on its line */
	REVIEW_BASELINE /* the --baseline report has it already */
};

struct review {
	struct srcfile *file;
	uint32_t off;
	char *var;
	char *reason;
	enum review_kind kind;
	bool note; /* information, no action needed */
	enum review_state state;
};

/* What was done for one variable, for the report. */
struct var_stats {
	unsigned decls;		 /* declarations and definitions rewritten */
	unsigned inactive_decls; /* ... of them, in skipped branches */
	unsigned uses_file;	 /* uses rewritten where they are written */
	unsigned uses_arg;	 /* ... in macro arguments */
	unsigned uses_body;	 /* ... once, in a #define body */
	unsigned uses_static;	 /* ... in static initializers (VNET_NAME) */
	unsigned sysctls;	 /* sysctl registrations converted */
	unsigned uses_scope;	 /* ... in macro arguments the expansion drops,
				    by the declarations visible there */
	unsigned uses_spelled;	 /* ... in code no parse saw (a skipped #if
				    branch, a body never expanded), by
				    spelling and scope */
	bool initialiser;	 /* has a generated per-instance initialiser */
	bool hoisted;		 /* a function-local static moved out */
	bool header_define;	 /* V_x comes from a header */
	const char *why;	 /* why it was selected */
	char *v_text;		 /* "V_x", made on first use */
	char *master_text;	 /* "VNET_NAME(x)" */
};

/*
 * An edit not yet in the edit set.  It stays pending until plan_emit() so
 * that a pass rebuilding a whole statement can take in the edits that lie
 * inside it (plan_render() with consume) instead of conflicting with them.
 */
struct pending_edit {
	uint32_t off, len;
	char *text;
	int order;
	const char *why;
};

#define PLAN_MAX_RUNS 48

struct file_plan {
	struct srcfile *f;
	/*
	 * Pending edits; the first nsorted are in offset order (the uses,
	 * sorted before the declarations pass looks inside statements), the
	 * rest are appended as they come.  A consumed edit has a NULL text.
	 */
	VEC(struct pending_edit) pending;
	size_t nsorted;
	/*
	 * The rest, indexed for plan_render() as sorted runs of their
	 * positions in pending, run k holding 0 or 2^k of them (Bentley and
	 * Saxe's logarithmic method): an edit joins in O(log n) amortized,
	 * a range is found by bisecting each run, so planning stays
	 * n log n however the passes mix rendering with adding.  Positions
	 * from nindexed on have not joined yet.
	 */
	size_t *runs[PLAN_MAX_RUNS];
	size_t nindexed;
	bool needs_include; /* gets VNET_* and cannot see the header */
	/*
	 * 1 + the offset the #include must precede (a macro body this run
	 * gives VNET_DEFINE, when an #include after it may expand it), or 0.
	 */
	uint32_t include_before;
	bool gains_include; /* an #include is being added to it */
	bool define_tabs;   /* its #defines put a tab after the name */
	bool vimage_conds;  /* an #if of it names VIMAGE */
	/* End of the lines the last hoist deleted from a block's top. */
	uint32_t hoist_top_end;
};

/*
 * What goes after a rebuilt statement: its #define V_x lines and its
 * per-instance initialiser.  The declarations pass places them at the
 * end, so that a run of definitions gets one block of defines.
 */
struct after_stmt {
	struct srcfile *f;
	uint32_t start;	    /* the statement's first byte */
	uint32_t end;	    /* just past its ';' */
	VEC(char *) vnames; /* of the #define lines it needs */
	char *initialiser;  /* or NULL */
};

/* A #define body token edited for a variable (checked by unseen.c). */
struct body_edit {
	struct srcfile *f;
	uint32_t off;
	struct var *v;
	char *macro; /* the #define's name */
};

/*
 * A vnet expression that a rules entry made the rewrite write into a
 * function, CURVNET_SET(expr): if it does not compile there, the rules
 * are wrong, and verify says so at the entry.
 */
struct context_site {
	struct srcfile *f;
	char *function;
	const char *expr;    /* the rules' */
	unsigned line, col;  /* of the expression in the rules file */
	uint32_t start, end; /* the function's extent in f */
};

/* A call to lay out again, at the end (plan_reflow()). */
struct reflow {
	struct srcfile *f;
	uint32_t a, b;
};

/* What made the run, for the report. */
struct report_origin {
	char *command; /* the command line, quoted for a shell */
	char *when;    /* UTC, ISO 8601 */
};

/* A use of v in the static initializer of u->owner. */
struct owned_use {
	const struct var *v;
	const struct use *u;
};

struct plan {
	struct model *m;
	const struct rules *rules;
	struct edit_set *edits;
	VEC(struct review) reviews;
	struct var_stats *stats;   /* indexed by var.idx */
	struct hmap files;	   /* path -> struct file_plan */
	struct file_plan *last_fp; /* plan_file()'s last answer */
	struct arena texts;	   /* the texts of the pending edits */
	struct hmap names;	   /* names this run introduces */
	/*
	 * usr -> the typedef a variable's converted declarations share, and
	 * "usr\npath" for each file that defines it.
	 */
	struct hmap typedefs;
	/*
	 * owner usr -> the variables its static initializer names that
	 * become per-instance while it stays shared (passes/uses.c).
	 */
	struct hmap unowned;
	/*
	 * usr of const objects a pattern reaches that are virtualized with
	 * the variables their static initializers name (passes/select.c).
	 */
	struct hmap owners;
	/*
	 * macro name -> the definitions its invocations were expanded under
	 * (passes/macro_decls.c), indexed on first use.
	 */
	struct hmap expanded_defs;
	bool expanded_defs_built;
	/*
	 * The uses in a macro body that sit in an object's static
	 * initializer, in model order (passes/initialisers.c), listed on
	 * first use: few, and asked about once per such object.
	 */
	VEC(struct owned_use) body_owned;
	bool body_owned_built;
	const char *include_hdr; /* as written after #include */
	struct hmap stmt_first;	 /* "path\nstart" -> first name offset + 1 */
	VEC(struct reflow) reflows;
	VEC(struct after_stmt) afters;
	VEC(struct body_edit) body_edits;
	VEC(struct context_site) sites;
	/* Entry points left alone because they set their vnet already. */
	VEC(const struct func_def *) prewrapped;
	struct report_origin origin;
	unsigned entries_wrapped; /* functions given CURVNET_SET */
	unsigned timers_fanned;	  /* timer bodies run for every vnet */
	unsigned inits_split;	  /* module inits given a VNET_SYSINIT */
	/* --verify: units parsed with VIMAGE, and without (-1: not run) */
	long verified_units, verified_plain;
};

void plan_init(struct plan *, struct model *, const struct rules *);
void plan_free(struct plan *);

void plan_review(struct plan *, enum review_kind, struct srcfile *,
    uint32_t off, const struct var *, const char *fmt, ...)
    __attribute__((__format__(__printf__, 6, 7)));
struct file_plan *plan_file(struct plan *, struct srcfile *);
void plan_edit(struct plan *, struct srcfile *, uint32_t off, uint32_t len,
    const char *text, int order, const char *why);
/* Take back the pending edits at [off, off + len) of f. */
void plan_withdraw(struct plan *, struct srcfile *, uint32_t off, uint32_t len);
/*
 * The name offset of the first declarator of the statement at start: the
 * smallest over every variable declared there.
 */
uint32_t
plan_stmt_first_name(struct plan *, const struct srcfile *, uint32_t start);
/* "V_x" and "VNET_NAME(x)" for a variable, made once each. */
const char *plan_v_name(struct plan *, const struct var *);
const char *plan_master_name(struct plan *, const struct var *);
/* A name no declaration in the root uses and this run has not made. */
char *plan_fresh_name(struct plan *, const char *base);
/* "#define V_x VNET(x)" in the file's style, without a newline. */
char *plan_define_line(struct plan *, struct srcfile *, const char *vname);

/* Frees a value of plan.expanded_defs. */
void macro_def_places_free(void *);

/*
 * Variables declared by a macro, their names built by ## (macro_decls.c):
 * can the declaration be converted in the body?  If not, *why says which
 * condition fails.
 */
bool macro_decl_convertible(struct plan *, const struct var *,
    const struct decl *, const char **why);
/* Is it VNET_DEFINE(...) in the body already? */
bool
macro_decl_converted(struct plan *, const struct var *, const struct decl *);
/*
 * One body declares several variables: all of them are virtualized or
 * none, and those selected are dropped with a review item otherwise.
 */
void macro_decls_all_or_none(struct plan *);
/* Convert the bodies and add each invocation's #define. */
void macro_decls(struct plan *);

void pass_select(struct plan *);
/* Warns of selectors that select nothing; the number of variables selected. */
size_t select_report_unused(struct plan *, bool share);
void pass_uses(struct plan *);
/* Stand-ins "#define x 0" for a virtualized x become V_x (stand_ins.c). */
void pass_stand_ins(struct plan *);
void pass_decls(struct plan *);
void pass_includes(struct plan *);
/* Puts every file's pending edits in offset order, for plan_render(). */
void plan_sort_pending(struct plan *);
/*
 * f's text in [a, b) with the pending edits that lie inside applied (an
 * insertion at either end belongs to the neighbour).  As in the edit set,
 * an edit planned twice is applied once, and two that overlap and differ
 * are neither applied but reported.  consume takes them out of the plan;
 * v_names writes VNET_NAME(x) as V_x, for per-instance code.
 */
char *plan_render(struct plan *, struct srcfile *, uint32_t a, uint32_t b,
    bool consume, bool v_names);
/*
 * Lay the call at [a, b) out again once all its edits are made: its
 * arguments, edits applied, filled up to column 80 with the continuation
 * indent the call had.
 */
void
plan_request_reflow(struct plan *, struct srcfile *, uint32_t a, uint32_t b);
void plan_reflow(struct plan *);
/* Continuation backslashes an edit would move go back to their column. */
void plan_keep_continuations(struct plan *);
/* Display width of n bytes of text starting at column col (tabs of 8). */
size_t text_width(const char *, size_t n, size_t col);
/*
 * Moves the remaining pending edits into the edit set; finalizing it
 * (edits_finalize()) is the caller's.
 */
void plan_emit(struct plan *);

/* The whole of it. */
void plan_run(struct plan *);

#endif /* !VNETIFY_PLAN_H */
