/*
 * contexts.h: how each path into the code finds its vnet.  The call graph
 * of the run (which functions reach the state it virtualizes), the roots
 * a porter must give a vnet to, and the rules entries that name them.
 * Shared by "scan --entries" and the entry-point and timer passes.
 */
#ifndef VNETIFY_PASSES_CONTEXTS_H
#define VNETIFY_PASSES_CONTEXTS_H

#include "model/callgraph.h"
#include "passes/plan.h"

/* The call graph of the plan's model, over the variables it selected. */
void contexts_graph(struct plan *, struct callgraph *);

/* Does the function's body set a vnet itself (CURVNET_SET...)? */
bool func_sets_vnet(const struct model *, const struct func_def *);
/*
 * What the token at j does to the vnet: VNET_MACRO_SET for CURVNET_SET
 * and its kin or a macro that sets it, VNET_MACRO_RESTORE for
 * CURVNET_RESTORE or a macro that restores it, both for a macro that
 * does both, 0 otherwise.
 */
unsigned vnet_macro_at(const struct model *, const struct srcfile *, size_t j);
/*
 * Is the token at j a macro whose body returns ("return") or jumps (the
 * label its goto names)?  NULL otherwise.
 */
const char *
jump_macro_at(const struct model *, const struct srcfile *, size_t j);
/* Does its body hold the token name (not in a directive)? */
bool func_body_has(const struct func_def *, const char *name);
/*
 * The names per-vnet state goes by in code (hmap keys): x and V_x of each
 * selected variable, and curvnet.
 */
void contexts_vnet_names(const struct plan *, struct hmap *);

/*
 * What a function used as a value is for, for people: "pr_input of
 * struct protosw", "pthread_create start", "argument 2 of register_cb".
 */
char *fn_role_text(const struct fn_ref *);

/* A function entered from outside the code's own calls. */
struct root {
	size_t node;		 /* in the call graph */
	const struct fn_ref *by; /* the use that makes it one, or NULL: an
				    external function the tree never calls */
};
typedef VEC(struct root) root_vec;

/*
 * The roots that reach the state and set no vnet: functions used as
 * values, and external functions nothing in the tree calls.  In the
 * model's order.
 */
void
contexts_roots(const struct plan *, const struct callgraph *, root_vec *out);

/* The functions a rules entry point names (nodes, in model order). */
void entry_matches(const struct plan *, const struct callgraph *,
    const struct rule_entry *, index_vec *out);

/*
 * The passes: entry points get CURVNET_SET/CURVNET_RESTORE
 * (entry_points.c), timers run for every vnet (timers.c).
 */
void pass_entry_points(struct plan *, const struct callgraph *);
void pass_timers(struct plan *, const struct callgraph *);
/* Module inits put their per-vnet part in a VNET_SYSINIT (module_init.c). */
void pass_module_init(struct plan *, const struct callgraph *);

#endif /* !VNETIFY_PASSES_CONTEXTS_H */
