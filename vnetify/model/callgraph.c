/*
 * callgraph.c: see callgraph.h.  Reaching is found backwards, breadth
 * first from the functions that use the state themselves, so each node's
 * next is a callee on a shortest path and every node is seen once: linear
 * in functions and calls.
 */
#include <string.h>

#include "model/callgraph.h"
#include "model/tokens.h"

struct edge {
	size_t from, to;
};

static int
cmp_edge(const void *pa, const void *pb)
{
	const struct edge *a = pa, *b = pb;

	if (a->from != b->from)
		return (a->from < b->from ? -1 : 1);
	return (a->to < b->to ? -1 : a->to > b->to);
}

size_t
callgraph_find(const struct callgraph *cg, const char *usr)
{
	uintptr_t k = (uintptr_t)hmap_get(&cg->by_usr, usr);

	return (k == 0 ? SIZE_MAX : (size_t)k - 1);
}

size_t
callgraph_node_of(const struct callgraph *cg, const struct model *m,
    const struct func_def *fd)
{
	(void)cg;
	return ((size_t)(fd - m->funcs.v));
}

/* The node whose function holds the use, or SIZE_MAX. */
static size_t
node_at(const struct model *m, const struct use *u, const struct srcfile **f,
    uint32_t *off)
{
	const struct func_def *fd;

	*f = u->exp_file != NULL ? u->exp_file : u->file;
	*off = u->exp_file != NULL ? u->exp_off : u->off;
	if (*f == NULL || (fd = model_func_at(m, *f, *off)) == NULL)
		return (SIZE_MAX);
	return ((size_t)(fd - m->funcs.v));
}

/*
 * Is the use at off one of an instance the code names, VNET_VNET(vnet,
 * x) or VNET_VNET_PTR(vnet, x)?  That needs no curvnet.
 */
static bool
names_instance(const struct srcfile *f, uint32_t off)
{
	size_t j;

	if (!f->loaded || (j = tok_containing(&f->toks, off)) == SIZE_MAX)
		return (false);
	return (tok_eq(f, j, "VNET_VNET") || tok_eq(f, j, "VNET_VNET_PTR"));
}

static void
mark_users(struct callgraph *cg, const struct model *m,
    const struct cg_questions *q)
{
	const struct srcfile *f;
	struct cg_node *n;
	struct var *v;
	uint32_t off;
	size_t i, j, k;

	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (!q->virtualized(v, q->arg))
			continue;
		for (j = 0; j < v->uses.n; j++) {
			if ((k = node_at(m, &v->uses.v[j], &f, &off)) ==
				SIZE_MAX ||
			    names_instance(f, off))
				continue;
			n = &cg->nodes.v[k];
			if (n->var == NULL) {
				n->var = v;
				n->var_file = f;
				n->var_off = off;
			}
		}
	}
}

void
callgraph_build(struct callgraph *cg, const struct model *m,
    const struct cg_questions *qs)
{
	const struct call_fact *c;
	VEC(struct edge) edges = {0};
	index_vec queue = {0};
	struct cg_node *n, *p;
	size_t i, a, b, q;

	memset(cg, 0, sizeof(*cg));
	for (i = 0; i < m->funcs.n; i++) {
		struct cg_node node;

		memset(&node, 0, sizeof(node));
		node.def = &m->funcs.v[i];
		node.next = SIZE_MAX;
		node.sets_vnet = qs->sets_vnet != NULL &&
		    qs->sets_vnet(&m->funcs.v[i], qs->arg);
		VEC_PUSH(&cg->nodes, node);
		/* The first definition of a USR stands for it. */
		(void)hmap_put(&cg->by_usr, m->funcs.v[i].usr,
		    (void *)(uintptr_t)(i + 1));
	}
	/* Each edge once, however many calls make it: sorted, not searched. */
	for (i = 0; i < m->fn.calls.n; i++) {
		c = &m->fn.calls.v[i];
		if ((a = callgraph_find(cg, c->caller)) == SIZE_MAX)
			continue;
		if (c->callee[0] == '\0')
			cg->nodes.v[a].indirect = true;
		if ((b = callgraph_find(cg, c->callee)) == SIZE_MAX)
			continue;
		VEC_PUSH(&edges, ((struct edge){a, b}));
	}
	xqsort(edges.v, edges.n, sizeof(*edges.v), cmp_edge);
	for (i = 0; i < edges.n; i++) {
		if (i > 0 && cmp_edge(&edges.v[i - 1], &edges.v[i]) == 0)
			continue;
		VEC_PUSH(&cg->nodes.v[edges.v[i].from].callees, edges.v[i].to);
		VEC_PUSH(&cg->nodes.v[edges.v[i].to].callers, edges.v[i].from);
	}
	VEC_FREE(&edges);
	for (i = 0; i < m->fn.refs.n; i++)
		if ((a = callgraph_find(cg, m->fn.refs.v[i].usr)) != SIZE_MAX)
			VEC_PUSH(&cg->nodes.v[a].refs, &m->fn.refs.v[i]);
	mark_users(cg, m, qs);
	for (i = 0; i < cg->nodes.n; i++)
		if (cg->nodes.v[i].var != NULL) {
			cg->nodes.v[i].reaches = true;
			VEC_PUSH(&queue, i);
		}
	for (q = 0; q < queue.n; q++) {
		n = &cg->nodes.v[queue.v[q]];
		if (n->sets_vnet)
			continue;
		for (i = 0; i < n->callers.n; i++) {
			p = &cg->nodes.v[n->callers.v[i]];
			if (p->reaches)
				continue;
			p->reaches = true;
			p->next = queue.v[q];
			VEC_PUSH(&queue, n->callers.v[i]);
		}
	}
	/* What may reach through a pointer, the same way backwards. */
	queue.n = 0;
	for (i = 0; i < cg->nodes.n; i++)
		if (cg->nodes.v[i].reaches || cg->nodes.v[i].indirect) {
			cg->nodes.v[i].may_reach = true;
			VEC_PUSH(&queue, i);
		}
	for (q = 0; q < queue.n; q++) {
		n = &cg->nodes.v[queue.v[q]];
		if (n->sets_vnet)
			continue;
		for (i = 0; i < n->callers.n; i++) {
			p = &cg->nodes.v[n->callers.v[i]];
			if (!p->may_reach) {
				p->may_reach = true;
				VEC_PUSH(&queue, n->callers.v[i]);
			}
		}
	}
	VEC_FREE(&queue);
	/* Where each next is called, for the evidence. */
	for (i = 0; i < m->fn.calls.n; i++) {
		c = &m->fn.calls.v[i];
		if ((a = callgraph_find(cg, c->caller)) == SIZE_MAX ||
		    (b = callgraph_find(cg, c->callee)) == SIZE_MAX)
			continue;
		p = &cg->nodes.v[a];
		if (p->next == b && p->call_file == NULL) {
			p->call_file = c->file;
			p->call_off = c->off;
		}
	}
}

void
callgraph_free(struct callgraph *cg)
{
	size_t i;

	for (i = 0; i < cg->nodes.n; i++) {
		VEC_FREE(&cg->nodes.v[i].callees);
		VEC_FREE(&cg->nodes.v[i].callers);
		VEC_FREE(&cg->nodes.v[i].refs);
	}
	VEC_FREE(&cg->nodes);
	hmap_free(&cg->by_usr, NULL);
}

static void
add_place(struct strbuf *sb, const struct srcfile *f, uint32_t off)
{
	unsigned line, col;

	if (f == NULL || !f->loaded) {
		sb_adds(sb, f != NULL && f->rel != NULL ? f->rel : "?");
		return;
	}
	file_line_col(f, off, &line, &col);
	sb_addf(sb, "%s:%u", f->rel != NULL ? f->rel : f->path, line);
}

char *
callgraph_path(const struct callgraph *cg, size_t node)
{
	struct strbuf sb = STRBUF_INIT;
	const struct cg_node *n = &cg->nodes.v[node];
	size_t hops = 0;

	if (!n->reaches)
		return (xstrdup(""));
	sb_addf(&sb, "%s()", n->def->name);
	while (n->var == NULL && n->next != SIZE_MAX && hops++ < cg->nodes.n) {
		sb_addf(&sb, " calls %s() (", cg->nodes.v[n->next].def->name);
		add_place(&sb, n->call_file, n->call_off);
		sb_adds(&sb, ")");
		n = &cg->nodes.v[n->next];
		if (n->var == NULL)
			sb_adds(&sb, ", which");
	}
	sb_addf(&sb, "%s uses %s (", hops > 0 ? ", which" : "", n->var->name);
	add_place(&sb, n->var_file, n->var_off);
	sb_adds(&sb, ")");
	return (sb_detach(&sb));
}
