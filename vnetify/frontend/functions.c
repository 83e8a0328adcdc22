/*
 * functions.c: what a translation unit does with its functions
 * (model/functions.h), recorded during the walk of collect.c.
 *
 * A function named as a value is recorded with the innermost context
 * around it: the field of the initializer list it stands in (the walk
 * takes the children of an InitListExpr one by one, by designator or by
 * position, to know which field each fills), the field it is assigned
 * to, or the argument of the call it is passed to.  The callee of a call
 * is not a value: the call's children are taken one by one too, and the
 * first is the callee.
 *
 * None of it is recorded when the model does not want it (model.fn_facts:
 * no call graph will be built); the walk then goes on as it would
 * anywhere else.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/walk.h"

#define CALLEE UINT_MAX /* frame.arg while the callee is walked */

static bool
in_root(const struct srcfile *f)
{
	return (f != NULL && f->rel != NULL);
}

/* A record type's name: its tag, or the typedef that names it. */
static char *
record_name(CXType t)
{
	CXCursor decl = clang_getTypeDeclaration(clang_getCanonicalType(t));
	CXString s;
	char *name;

	if (!clang_Cursor_isAnonymousRecordDecl(decl) &&
	    !clang_Cursor_isAnonymous(decl)) {
		name = cx_dup(clang_getCursorSpelling(decl));
		if (name[0] != '\0' && strchr(name, ' ') == NULL)
			return (name);
		free(name);
	}
	s = clang_getTypedefName(t);
	name = cx_dup(s);
	if (name[0] == '\0') {
		free(name);
		return (NULL);
	}
	return (name);
}

static enum CXChildVisitResult
last_compound(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_CompoundStmt)
		*(CXCursor *)data = c;
	return (CXChildVisit_Continue);
}

struct lead_walk {
	struct walk *w;
	struct func_def *fd;
};

static enum CXChildVisitResult
first_var(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_VarDecl)
		return (CXChildVisit_Continue);
	*(CXCursor *)data = c;
	return (CXChildVisit_Break);
}

/* The declaration statements a body opens with, up to the first other. */
static enum CXChildVisitResult
leading_decl(CXCursor c, CXCursor parent, CXClientData data)
{
	struct lead_walk *lw = data;
	CXSourceRange r = clang_getCursorExtent(c);
	CXCursor var = clang_getNullCursor();
	struct lead_decl ld;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_DeclStmt)
		return (CXChildVisit_Break);
	clang_visitChildren(c, first_var, &var);
	memset(&ld, 0, sizeof(ld));
	ld.file = lw->fd->file;
	ld.func_start = lw->fd->start;
	if (cx_expansion(lw->w, clang_getRangeStart(r), &ld.start) != ld.file ||
	    cx_expansion(lw->w, clang_getRangeEnd(r), &ld.end) != ld.file)
		return (CXChildVisit_Break);
	ld.name_off = NO_OFFSET;
	if (!clang_Cursor_isNull(var) &&
	    cx_expansion(lw->w, clang_getCursorLocation(var), &ld.name_off) !=
		ld.file)
		ld.name_off = NO_OFFSET;
	VEC_PUSH(&lw->w->t->fn.leads, ld);
	return (CXChildVisit_Continue);
}

static bool type_has_const(CXType);

static enum CXVisitorResult
const_field(CXCursor c, CXClientData data)
{
	if (type_has_const(clang_getCursorType(c))) {
		*(bool *)data = true;
		return (CXVisit_Break);
	}
	return (CXVisit_Continue);
}

/* Is t const, or a struct or union with a const member, at any depth? */
static bool
type_has_const(CXType t)
{
	bool found = false;

	t = clang_getCanonicalType(t);
	if (clang_isConstQualifiedType(t))
		return (true);
	if (t.kind == CXType_ConstantArray)
		return (type_has_const(clang_getArrayElementType(t)));
	if (t.kind == CXType_Record)
		(void)clang_Type_visitFields(t, const_field, &found);
	return (found);
}

void
fn_function(struct walk *w, CXCursor c, struct func_def *fd)
{
	CXCursor body = clang_getNullCursor();
	struct strbuf sb = STRBUF_INIT;
	struct lead_walk lw = {w, fd};
	CXType type, result;
	int i, n;

	fd->body = NO_OFFSET;
	if (!w->m->fn_facts)
		return;
	type = clang_getCursorType(c);
	fd->is_static = clang_Cursor_getStorageClass(c) == CX_SC_Static;
	fd->variadic = clang_isFunctionTypeVariadic(type) != 0;
	/*
	 * C drops a qualifier of the result itself ("char *const f()" gives
	 * a char *), so a local holding it goes without; a const inside it
	 * stays.
	 */
	result = clang_getResultType(type);
	if (clang_isConstQualifiedType(result))
		result = clang_getUnqualifiedType(result);
	fd->result = cx_dup(clang_getTypeSpelling(result));
	fd->result_const = type_has_const(result);
	n = clang_Cursor_getNumArguments(c);
	for (i = 0; i < n; i++) {
		char *pname = cx_dup(clang_getCursorSpelling(
		    clang_Cursor_getArgument(c, (unsigned)i)));

		if (i > 0)
			sb_adds(&sb, ", ");
		sb_adds(&sb, pname);
		free(pname);
	}
	fd->params = sb_detach(&sb);
	clang_visitChildren(c, last_compound, &body);
	if (clang_Cursor_isNull(body) ||
	    cx_expansion(w, clang_getRangeStart(clang_getCursorExtent(body)),
		&fd->body) != fd->file) {
		fd->body = NO_OFFSET;
		return;
	}
	clang_visitChildren(body, leading_decl, &lw);
}

static struct value_frame *
frame_push(struct walk *w, enum fn_role role)
{
	struct value_frame fr;

	memset(&fr, 0, sizeof(fr));
	fr.role = role;
	VEC_PUSH(&w->frames, fr);
	return (&w->frames.v[w->frames.n - 1]);
}

static void
frame_pop(struct walk *w)
{
	struct value_frame *fr = &w->frames.v[--w->frames.n];

	free(fr->record);
	free(fr->field);
	free(fr->callee);
}

struct call_walk {
	struct walk *w;
	size_t frame;
	unsigned k;
};

static enum CXChildVisitResult
call_child(CXCursor c, CXCursor parent, CXClientData data)
{
	struct call_walk *cw = data;

	cw->w->frames.v[cw->frame].arg = cw->k == 0 ? CALLEE : cw->k - 1;
	cw->k++;
	walk_one(cw->w, c, parent);
	return (CXChildVisit_Continue);
}

enum CXChildVisitResult
fn_visit_call(struct walk *w, CXCursor c)
{
	struct call_walk cw;
	struct value_frame *fr;
	struct call_fact cf;
	CXCursor ref;

	if (!w->m->fn_facts)
		return (CXChildVisit_Recurse);
	ref = clang_getCursorReferenced(c);
	cf.file = cx_expansion(w, clang_getCursorLocation(c), &cf.off);
	if (w->func_usr != NULL && in_root(cf.file)) {
		cf.caller = xstrdup(w->func_usr);
		/* Through a pointer: "", the call graph cannot follow it. */
		cf.callee =
		    xstrdup(clang_getCursorKind(ref) == CXCursor_FunctionDecl
			    ? cx_usr(w, ref)
			    : "");
		VEC_PUSH(&w->t->fn.calls, cf);
	}
	fr = frame_push(w, ROLE_ARGUMENT);
	fr->callee = cx_dup(clang_getCursorSpelling(c));
	cw.w = w;
	cw.frame = w->frames.n - 1;
	cw.k = 0;
	clang_visitChildren(c, call_child, &cw);
	frame_pop(w);
	return (CXChildVisit_Continue);
}

static enum CXVisitorResult
field_name(CXCursor c, CXClientData data)
{
	VEC(char *) *names = data;

	VEC_PUSH(names, cx_dup(clang_getCursorSpelling(c)));
	return (CXVisit_Continue);
}

/* A designated initializer's designators: the last field it names. */
struct designator {
	CXCursor field; /* the MemberRef, or a null cursor */
};

static enum CXChildVisitResult
designator_of(CXCursor c, CXCursor parent, CXClientData data)
{
	struct designator *d = data;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_MemberRef)
		return (CXChildVisit_Break);
	d->field = c;
	return (CXChildVisit_Continue);
}

struct init_walk {
	struct walk *w;
	size_t frame;
	char **fields;
	size_t nfields, k;
};

static enum CXChildVisitResult
init_child(CXCursor c, CXCursor parent, CXClientData data)
{
	struct init_walk *iw = data;
	struct value_frame *fr = &iw->w->frames.v[iw->frame];
	struct designator d = {clang_getNullCursor()};
	CXCursor fd;
	size_t i;

	free(fr->field);
	fr->field = NULL;
	if (clang_getCursorKind(c) == CXCursor_UnexposedExpr)
		clang_visitChildren(c, designator_of, &d);
	if (!clang_Cursor_isNull(d.field)) {
		fr->field = cx_dup(clang_getCursorSpelling(d.field));
		fd = clang_getCursorReferenced(d.field);
		free(fr->record);
		fr->record = record_name(
		    clang_getCursorType(clang_getCursorSemanticParent(fd)));
		for (i = 0; i < iw->nfields; i++)
			if (strcmp(iw->fields[i], fr->field) == 0)
				iw->k = i;
	} else if (iw->k < iw->nfields)
		fr->field = xstrdup(iw->fields[iw->k]);
	iw->k++;
	walk_one(iw->w, c, parent);
	return (CXChildVisit_Continue);
}

enum CXChildVisitResult
fn_visit_init_list(struct walk *w, CXCursor c)
{
	VEC(char *) fields = {0};
	struct init_walk iw;
	struct value_frame *fr;
	size_t i;
	CXType t;

	if (!w->m->fn_facts)
		return (CXChildVisit_Recurse);
	t = clang_getCursorType(c);
	if (clang_getCanonicalType(t).kind != CXType_Record) {
		(void)frame_push(w, ROLE_VALUE);
		clang_visitChildren(c, walk_visit, w);
		frame_pop(w);
		return (CXChildVisit_Continue);
	}
	(void)clang_Type_visitFields(clang_getCanonicalType(t), field_name,
	    &fields);
	fr = frame_push(w, ROLE_FIELD_INIT);
	fr->record = record_name(t);
	iw.w = w;
	iw.frame = w->frames.n - 1;
	iw.fields = fields.v;
	iw.nfields = fields.n;
	iw.k = 0;
	clang_visitChildren(c, init_child, &iw);
	frame_pop(w);
	for (i = 0; i < fields.n; i++)
		free(fields.v[i]);
	VEC_FREE(&fields);
	return (CXChildVisit_Continue);
}

struct assign_walk {
	struct walk *w;
	CXCursor lhs;
	unsigned k;
};

static enum CXChildVisitResult
assign_child(CXCursor c, CXCursor parent, CXClientData data)
{
	struct assign_walk *aw = data;
	struct value_frame *fr;
	CXCursor fd;

	if (aw->k++ == 0) {
		aw->lhs = c;
		walk_one(aw->w, c, parent);
		return (CXChildVisit_Continue);
	}
	if (clang_getCursorKind(aw->lhs) == CXCursor_MemberRefExpr) {
		fr = frame_push(aw->w, ROLE_FIELD_SET);
		fr->field = cx_dup(clang_getCursorSpelling(aw->lhs));
		fd = clang_getCursorReferenced(aw->lhs);
		fr->record = record_name(
		    clang_getCursorType(clang_getCursorSemanticParent(fd)));
	} else
		(void)frame_push(aw->w, ROLE_VALUE);
	walk_one(aw->w, c, parent);
	frame_pop(aw->w);
	return (CXChildVisit_Continue);
}

enum CXChildVisitResult
fn_visit_assign(struct walk *w, CXCursor c)
{
	struct assign_walk aw;

	if (!w->m->fn_facts ||
	    clang_getCursorBinaryOperatorKind(c) != CXBinaryOperator_Assign)
		return (CXChildVisit_Recurse);
	aw.w = w;
	aw.lhs = clang_getNullCursor();
	aw.k = 0;
	clang_visitChildren(c, assign_child, &aw);
	return (CXChildVisit_Continue);
}

void
fn_visit_ref(struct walk *w, CXCursor c, CXCursor fn)
{
	const struct value_frame *fr =
	    w->frames.n > 0 ? &w->frames.v[w->frames.n - 1] : NULL;
	struct fn_ref r;

	if (!w->m->fn_facts)
		return;
	if (fr != NULL && fr->role == ROLE_ARGUMENT && fr->arg == CALLEE)
		return; /* called, not used as a value */
	memset(&r, 0, sizeof(r));
	r.file = cx_expansion(w, clang_getCursorLocation(c), &r.off);
	if (!in_root(r.file))
		return;
	r.usr = xstrdup(cx_usr(w, fn));
	r.name = cx_dup(clang_getCursorSpelling(fn));
	r.in_func = w->func_usr != NULL ? xstrdup(w->func_usr) : NULL;
	r.role = fr != NULL ? fr->role : ROLE_VALUE;
	if (fr != NULL && fr->record != NULL)
		r.record = xstrdup(fr->record);
	if (fr != NULL && fr->field != NULL)
		r.field = xstrdup(fr->field);
	if ((r.role == ROLE_FIELD_INIT || r.role == ROLE_FIELD_SET) &&
	    r.field == NULL)
		r.role = ROLE_VALUE;
	if (r.role == ROLE_ARGUMENT) {
		r.callee = xstrdup(fr->callee);
		r.arg = fr->arg;
	}
	VEC_PUSH(&w->t->fn.refs, r);
}

void
fn_visit_return(struct walk *w, CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	struct macro_return mr;
	struct srcfile *sf;
	uint32_t soff;

	if (!w->m->fn_facts)
		return;
	mr.file = cx_expansion(w, loc, &mr.off);
	sf = cx_spelling(w, loc, &soff);
	if (!in_root(mr.file) || (sf == mr.file && soff == mr.off))
		return;
	VEC_PUSH(&w->t->fn.macro_returns, mr);
}

void
fn_walk_free(struct walk *w)
{
	while (w->frames.n > 0)
		frame_pop(w);
	VEC_FREE(&w->frames);
}
