/*
 * functions.c: see functions.h.  Sorting uses the files' ranks, so
 * fn_facts_finish() runs in model_finish() after they are given.
 */
#include <string.h>

#include "model/functions.h"
#include "model/model.h"

static int
cmp_place(const struct srcfile *fa, uint32_t a, const struct srcfile *fb,
    uint32_t b)
{
	if (fa != fb)
		return (fa == NULL	  ? -1
			: fb == NULL	  ? 1
			: fa->id < fb->id ? -1
					  : 1);
	return (a < b ? -1 : a > b);
}

static int
cmp_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b ? 0 : a == NULL ? -1 : 1);
	return (strcmp(a, b));
}

static int
cmp_call(const void *pa, const void *pb)
{
	const struct call_fact *a = pa, *b = pb;
	int c = cmp_place(a->file, a->off, b->file, b->off);

	if (c == 0)
		c = strcmp(a->caller, b->caller);
	return (c != 0 ? c : strcmp(a->callee, b->callee));
}

static int
cmp_ref(const void *pa, const void *pb)
{
	const struct fn_ref *a = pa, *b = pb;
	int c = cmp_place(a->file, a->off, b->file, b->off);

	if (c == 0)
		c = strcmp(a->usr, b->usr);
	if (c == 0)
		c = (int)a->role - (int)b->role;
	if (c == 0)
		c = cmp_str(a->field, b->field);
	return (c);
}

static int
cmp_lead(const void *pa, const void *pb)
{
	const struct lead_decl *a = pa, *b = pb;
	int c = cmp_place(a->file, a->func_start, b->file, b->func_start);

	return (c != 0 ? c : a->start < b->start ? -1 : a->start > b->start);
}

static int
cmp_mret(const void *pa, const void *pb)
{
	const struct macro_return *a = pa, *b = pb;

	return (cmp_place(a->file, a->off, b->file, b->off));
}

static void
free_call(struct call_fact *c)
{
	free(c->caller);
	free(c->callee);
}

static void
free_ref(struct fn_ref *r)
{
	free(r->usr);
	free(r->name);
	free(r->in_func);
	free(r->record);
	free(r->field);
	free(r->callee);
}

void
fn_facts_move(struct fn_facts *dst, struct fn_facts *src)
{
	size_t i;

	for (i = 0; i < src->calls.n; i++)
		VEC_PUSH(&dst->calls, src->calls.v[i]);
	for (i = 0; i < src->refs.n; i++)
		VEC_PUSH(&dst->refs, src->refs.v[i]);
	for (i = 0; i < src->leads.n; i++)
		VEC_PUSH(&dst->leads, src->leads.v[i]);
	for (i = 0; i < src->macro_returns.n; i++)
		VEC_PUSH(&dst->macro_returns, src->macro_returns.v[i]);
	VEC_FREE(&src->calls);
	VEC_FREE(&src->refs);
	VEC_FREE(&src->leads);
	VEC_FREE(&src->macro_returns);
}

void
fn_facts_finish(struct fn_facts *ff)
{
	size_t i, k;

	xqsort(ff->calls.v, ff->calls.n, sizeof(*ff->calls.v), cmp_call);
	for (i = k = 0; i < ff->calls.n; i++) {
		if (k > 0 &&
		    cmp_call(&ff->calls.v[k - 1], &ff->calls.v[i]) == 0)
			free_call(&ff->calls.v[i]);
		else
			ff->calls.v[k++] = ff->calls.v[i];
	}
	ff->calls.n = k;
	xqsort(ff->refs.v, ff->refs.n, sizeof(*ff->refs.v), cmp_ref);
	for (i = k = 0; i < ff->refs.n; i++) {
		if (k > 0 && cmp_ref(&ff->refs.v[k - 1], &ff->refs.v[i]) == 0)
			free_ref(&ff->refs.v[i]);
		else
			ff->refs.v[k++] = ff->refs.v[i];
	}
	ff->refs.n = k;
	xqsort(ff->leads.v, ff->leads.n, sizeof(*ff->leads.v), cmp_lead);
	for (i = k = 0; i < ff->leads.n; i++)
		if (k == 0 ||
		    cmp_lead(&ff->leads.v[k - 1], &ff->leads.v[i]) != 0)
			ff->leads.v[k++] = ff->leads.v[i];
	ff->leads.n = k;
	xqsort(ff->macro_returns.v, ff->macro_returns.n,
	    sizeof(*ff->macro_returns.v), cmp_mret);
	for (i = k = 0; i < ff->macro_returns.n; i++)
		if (k == 0 ||
		    cmp_mret(&ff->macro_returns.v[k - 1],
			&ff->macro_returns.v[i]) != 0)
			ff->macro_returns.v[k++] = ff->macro_returns.v[i];
	ff->macro_returns.n = k;
}

void
fn_facts_free(struct fn_facts *ff)
{
	size_t i;

	for (i = 0; i < ff->calls.n; i++)
		free_call(&ff->calls.v[i]);
	for (i = 0; i < ff->refs.n; i++)
		free_ref(&ff->refs.v[i]);
	VEC_FREE(&ff->calls);
	VEC_FREE(&ff->refs);
	VEC_FREE(&ff->leads);
	VEC_FREE(&ff->macro_returns);
}

const struct lead_decl *
fn_leads(const struct fn_facts *ff, const struct srcfile *f,
    uint32_t func_start, size_t *n)
{
	size_t lo = 0, hi = ff->leads.n, mid, i;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_place(ff->leads.v[mid].file,
			ff->leads.v[mid].func_start, f, func_start) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < ff->leads.n && ff->leads.v[i].file == f &&
	    ff->leads.v[i].func_start == func_start;
	    i++)
		;
	*n = i - lo;
	return (*n > 0 ? &ff->leads.v[lo] : NULL);
}

bool
fn_macro_return_in(const struct fn_facts *ff, const struct srcfile *f,
    uint32_t start, uint32_t end, uint32_t *where)
{
	size_t lo = 0, hi = ff->macro_returns.n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_place(ff->macro_returns.v[mid].file,
			ff->macro_returns.v[mid].off, f, start) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ff->macro_returns.n && ff->macro_returns.v[lo].file == f &&
	    ff->macro_returns.v[lo].off < end) {
		if (where != NULL)
			*where = ff->macro_returns.v[lo].off;
		return (true);
	}
	return (false);
}
