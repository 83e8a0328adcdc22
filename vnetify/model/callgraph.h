/*
 * callgraph.h: which functions reach virtualized state, and by what path.
 *
 * Built once per run from the model's function facts and the uses of the
 * variables the run virtualizes.  A function reaches the state when it
 * uses a virtualized variable itself, or calls a function that reaches
 * it.  A call through a pointer is no edge: the functions called that way
 * are roots, found where they are stored (struct fn_ref), and it is the
 * rules' entry points that say how each finds its vnet.
 */
#ifndef VNETIFY_MODEL_CALLGRAPH_H
#define VNETIFY_MODEL_CALLGRAPH_H

#include "model/model.h"

typedef VEC(size_t) index_vec;

struct cg_node {
	const struct func_def *def;
	index_vec callees; /* nodes, each once */
	index_vec callers;
	VEC(const struct fn_ref *) refs; /* where it is used as a value */
	/* A virtualized variable it uses itself, and where; or NULL. */
	const struct var *var;
	const struct srcfile *var_file;
	uint32_t var_off;
	bool reaches;
	bool sets_vnet; /* a barrier: its callers do not reach through it */
	bool indirect;	/* calls through a pointer */
	/* Reaches, or calls through a pointer itself or in a callee. */
	bool may_reach;
	/* The callee on its shortest path to the state, and the call. */
	size_t next;
	const struct srcfile *call_file;
	uint32_t call_off;
};

struct callgraph {
	VEC(struct cg_node) nodes; /* one per model.funcs entry, same order */
	struct hmap by_usr;	   /* USR -> node index + 1 */
};

/*
 * What the run knows: is v virtualized, and does a function set its own
 * vnet (a CURVNET_SET of its own, so that its callers need none for it)?
 */
struct cg_questions {
	bool (*virtualized)(const struct var *v, void *arg);
	bool (*sets_vnet)(const struct func_def *fd, void *arg);
	void *arg;
};

/*
 * Builds the call graph of every function the model saw: its direct
 * calls, its uses as a value (initializers, assignments, registration
 * calls), whether it calls through a pointer, and the first virtualized
 * variable it uses.  Then, once for the whole program, whether each
 * reaches virtualized state through callees that do not set their own
 * vnet, with the next callee on the shortest such path as evidence.
 */
void callgraph_build(struct callgraph *, const struct model *,
    const struct cg_questions *);
void callgraph_free(struct callgraph *);
/* The node of the function with that USR, or SIZE_MAX. */
size_t callgraph_find(const struct callgraph *, const char *usr);
/* The node of a definition of the model. */
size_t callgraph_node_of(const struct callgraph *, const struct model *,
    const struct func_def *);
/*
 * The evidence for a reaching node, for people:
 * "f() calls g() (a.c:12), which uses x (a.c:40)".
 */
char *callgraph_path(const struct callgraph *, size_t node);

#endif /* !VNETIFY_MODEL_CALLGRAPH_H */
