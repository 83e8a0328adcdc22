/*
 * collect.c: the libclang walk.
 *
 * For every variable with static storage declared in a file under the
 * root (file-scope, function-local static, or a local extern
 * redeclaration), record its declaration; for every reference to one,
 * record where the name is spelled and where it is expanded, how it is
 * accessed (read, written, address taken, sizeof) and, when it sits in the
 * initializer of another object with static storage, which object.  Names
 * spelled in a #define body that, in this expansion, mean something other
 * than a global variable (a local, a member, a label) are recorded too:
 * editing such a body token would break this expansion.
 *
 * System headers are skipped at the top level, which is most of the
 * saving over walking everything.  Locations are resolved through a small
 * cache from CXFile to interned struct srcfile.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend/collect.h"
#include "frontend/walk.h"
#include "support/diag.h"
#include "support/util.h"

static struct file_slot *
file_slot(struct file_cache *fc, CXFile f)
{
	size_t h = ((uintptr_t)f >> 4) * 0x9e3779b97f4a7c15u;

	for (h &= fc->cap - 1;
	    fc->slots[h].key != NULL && fc->slots[h].key != f;
	    h = (h + 1) & (fc->cap - 1))
		;
	return (&fc->slots[h]);
}

static void
file_cache_grow(struct file_cache *fc)
{
	struct file_cache bigger;
	size_t i;

	bigger.cap = fc->cap ? fc->cap * 2 : 256;
	bigger.n = fc->n;
	bigger.last = NULL;
	bigger.slots = xcalloc(bigger.cap, sizeof(*bigger.slots));
	for (i = 0; i < fc->cap; i++)
		if (fc->slots[i].key != NULL)
			*file_slot(&bigger, fc->slots[i].key) = fc->slots[i];
	free(fc->slots);
	*fc = bigger;
}

static struct file_slot *
cx_file_slot(struct walk *w, CXFile f)
{
	struct file_slot *slot;
	struct srcfile *sf;
	CXString name;

	if (w->fc.last != NULL && w->fc.last->key == f)
		return (w->fc.last);
	if (2 * (w->fc.n + 1) > w->fc.cap)
		file_cache_grow(&w->fc);
	slot = file_slot(&w->fc, f);
	w->fc.last = slot;
	if (slot->key == f)
		return (slot);
	name = clang_File_tryGetRealPathName(f);
	if (clang_getCString(name) == NULL || clang_getCString(name)[0] == 0) {
		clang_disposeString(name);
		name = clang_getFileName(f);
	}
	sf = model_file_named(w->m, clang_getCString(name));
	clang_disposeString(name);
	slot->key = f;
	slot->val = sf;
	slot->system = -1;
	slot->shared = -1;
	slot->reads = slot->widest = 0;
	w->fc.n++;
	return (slot);
}

struct srcfile *
cx_file(struct walk *w, CXFile f)
{
	return (f != NULL ? cx_file_slot(w, f)->val : NULL);
}

struct srcfile *
cx_expansion_sys(struct walk *w, CXSourceLocation loc, uint32_t *off,
    bool *system)
{
	struct file_slot *slot;
	unsigned o;
	CXFile f;

	clang_getExpansionLocation(loc, &f, NULL, NULL, &o);
	*off = o;
	if (f == NULL) {
		*system = clang_Location_isInSystemHeader(loc) != 0;
		return (NULL);
	}
	slot = cx_file_slot(w, f);
	if (slot->system < 0)
		slot->system = clang_Location_isInSystemHeader(loc) != 0;
	*system = slot->system != 0;
	return (slot->val);
}

static struct decl_slot *
decl_slot(struct decl_cache *dc, CXCursor c)
{
	unsigned h = clang_hashCursor(c);
	struct decl_slot *old;
	size_t i, j, oldcap;

	if ((dc->n + 1) * 2 > dc->cap) {
		old = dc->slots;
		oldcap = dc->cap;
		dc->cap = oldcap ? oldcap * 2 : 256;
		dc->slots = xcalloc(dc->cap, sizeof(*dc->slots));
		for (i = 0; i < oldcap; i++) {
			if (!old[i].used)
				continue;
			for (j = old[i].hash & (dc->cap - 1); dc->slots[j].used;
			    j = (j + 1) & (dc->cap - 1))
				;
			dc->slots[j] = old[i];
		}
		free(old);
	}
	for (i = h & (dc->cap - 1); dc->slots[i].used;
	    i = (i + 1) & (dc->cap - 1))
		if (dc->slots[i].hash == h &&
		    clang_equalCursors(dc->slots[i].c, c))
			return (&dc->slots[i]);
	dc->slots[i].used = true;
	dc->slots[i].c = c;
	dc->slots[i].hash = h;
	dc->slots[i].globals_n = SIZE_MAX;
	dc->slots[i].is_static = -1;
	dc->slots[i].usr = NULL;
	dc->n++;
	return (&dc->slots[i]);
}

/* The USR of the declaration of slot s, asked of libclang once. */
static const char *
slot_usr(struct decl_slot *s)
{
	CXString u;

	if (s->usr == NULL) {
		u = clang_getCursorUSR(s->c);
		s->usr = xstrdup(clang_getCString(u));
		clang_disposeString(u);
	}
	return (s->usr);
}

const char *
cx_usr(struct walk *w, CXCursor c)
{
	return (slot_usr(decl_slot(&w->decls, c)));
}

static void
decl_cache_free(struct decl_cache *dc)
{
	size_t i;

	for (i = 0; i < dc->cap; i++)
		free(dc->slots[i].usr);
	free(dc->slots);
}

/* The cache's USRs, which the unit's uses point to, go to its facts. */
static void
decl_cache_give(struct decl_cache *dc, struct tu_facts *t)
{
	size_t i;

	for (i = 0; i < dc->cap; i++)
		if (dc->slots[i].usr != NULL)
			VEC_PUSH(&t->usrs, dc->slots[i].usr);
	free(dc->slots);
}

/* Is the name of slot s's declaration, a local or a parameter, no global's? */
static bool
names_no_global(struct walk *w, struct decl_slot *s)
{
	CXString name;

	if (s->globals_n != w->globals.n && !s->global) {
		name = clang_getCursorSpelling(s->c);
		s->global = hmap_has(&w->globals, clang_getCString(name));
		s->globals_n = w->globals.n;
		clang_disposeString(name);
	}
	return (!s->global);
}

struct srcfile *
cx_spelling(struct walk *w, CXSourceLocation loc, uint32_t *off)
{
	CXFile f;
	unsigned o;

	/*
	 * No line or column: libclang then does not look them up, which
	 * costs more than the rest of the call, and the offset says it all.
	 */
	clang_getSpellingLocation(loc, &f, NULL, NULL, &o);
	*off = o;
	return (cx_file(w, f));
}

struct srcfile *
cx_expansion(struct walk *w, CXSourceLocation loc, uint32_t *off)
{
	CXFile f;
	unsigned o;

	clang_getExpansionLocation(loc, &f, NULL, NULL, &o);
	*off = o;
	return (cx_file(w, f));
}

char *
cx_dup(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = xstrdup(c != NULL ? c : "");

	clang_disposeString(s);
	return (r);
}

/*
 * A type's spelling for people: an anonymous struct is named by its place,
 * which clang gives as an absolute path; show it relative to the root.
 */
static char *
type_text(struct walk *w, CXString s)
{
	char *t = cx_dup(s), *at;
	size_t n = strlen(w->m->root);

	while ((at = strstr(t, w->m->root)) != NULL && at[n] == '/')
		memmove(at, at + n + 1, strlen(at + n + 1) + 1);
	return (t);
}

/* Static storage duration: file scope, static local, or extern. */
static bool
has_static_storage(CXCursor c)
{
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(c);
	enum CXCursorKind pk =
	    clang_getCursorKind(clang_getCursorSemanticParent(c));

	if (sc == CX_SC_Static || sc == CX_SC_Extern)
		return (true);
	return (pk == CXCursor_TranslationUnit);
}

static bool
type_is_const(CXType t)
{
	/* Canonical arrays may carry their elements' qualifiers themselves. */
	t = clang_getCanonicalType(t);
	while (!clang_isConstQualifiedType(t) &&
	    (t.kind == CXType_ConstantArray ||
		t.kind == CXType_IncompleteArray ||
		t.kind == CXType_VariableArray))
		t = clang_getArrayElementType(t);
	return (clang_isConstQualifiedType(t) != 0);
}

/* Is the type (under pointers and arrays) declared inside the function? */
static bool
type_declared_within(struct walk *w, CXType t, CXCursor func)
{
	CXSourceRange fr = clang_getCursorExtent(func);
	uint32_t off, fs, fe;
	CXCursor d;

	for (;;) {
		if (t.kind == CXType_Pointer)
			t = clang_getPointeeType(t);
		else if (t.kind == CXType_ConstantArray ||
		    t.kind == CXType_IncompleteArray)
			t = clang_getArrayElementType(t);
		else if (t.kind == CXType_Elaborated)
			t = clang_Type_getNamedType(t);
		else
			break;
	}
	d = clang_getTypeDeclaration(t);
	if (clang_Cursor_isNull(d) ||
	    clang_getCursorKind(d) == CXCursor_NoDeclFound)
		return (false);
	/* Offsets compare only within one file: a header's typedef may
	 * sit at an offset that falls inside the function. */
	if (cx_expansion(w, clang_getCursorLocation(d), &off) !=
	    cx_expansion(w, clang_getRangeStart(fr), &fs))
		return (false);
	(void)cx_expansion(w, clang_getRangeEnd(fr), &fe);
	return (off >= fs && off < fe);
}

static CXCursor
enclosing_function(CXCursor c)
{
	CXCursor p = clang_getCursorSemanticParent(c);

	while (!clang_Cursor_isNull(p) &&
	    clang_getCursorKind(p) != CXCursor_FunctionDecl &&
	    clang_getCursorKind(p) != CXCursor_TranslationUnit)
		p = clang_getCursorSemanticParent(p);
	return (p);
}

/* A new, zeroed variable fact in the unit's list. */
static struct var_fact *
var_fact_new(struct walk *w)
{
	struct var_fact *vf;

	if (w->t->nvars == w->t->capvars) {
		w->t->capvars = w->t->capvars ? w->t->capvars * 2 : 32;
		w->t->vars =
		    xrealloc(w->t->vars, w->t->capvars * sizeof(*w->t->vars));
	}
	vf = &w->t->vars[w->t->nvars++];
	memset(vf, 0, sizeof(*vf));
	return (vf);
}

/* What the variable is, whichever declaration says it. */
static void
var_facts(struct walk *w, CXCursor c, struct var *v)
{
	CXType type = clang_getCursorType(c);
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(c);

	v->usr = cx_dup(clang_getCursorUSR(c));
	v->name = cx_dup(clang_getCursorSpelling(c));
	v->type = type_text(w, clang_getTypeSpelling(type));
	v->size = clang_Type_getSizeOf(type);
	v->is_const = type_is_const(type);
	v->is_tls = clang_getCursorTLSKind(c) != CXTLS_None;
	v->external = clang_getCursorLinkage(c) == CXLinkage_External;
	/* libclang does not count a tentative definition ("int x;") as one. */
	v->defined = clang_isCursorDefinition(c) != 0 || sc == CX_SC_Static ||
	    (sc == CX_SC_None &&
		clang_getCursorKind(clang_getCursorSemanticParent(c)) ==
		    CXCursor_TranslationUnit);
}

/*
 * Where this declaration is written: its statement, its name, its
 * initializer and the function around it.
 */
static void
decl_facts(struct walk *w, CXCursor c, struct var *v, struct decl *d)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(c);
	uint32_t exp_off;
	CXCursor init, fn;

	memset(d, 0, sizeof(*d));
	d->file = cx_spelling(w, loc, &d->name_off);
	(void)cx_expansion(w, loc, &exp_off);
	(void)cx_expansion(w, clang_getRangeStart(clang_getCursorExtent(c)),
	    &d->start);
	d->name_in_macro = d->name_off != exp_off;
	d->is_def = v->defined;
	d->is_extern = sc == CX_SC_Extern;
	d->init_start = d->init_end = NO_OFFSET;
	d->func_start = NO_OFFSET;
	d->config_mask = 1u << w->t->config;
	init = clang_Cursor_getVarDeclInitializer(c);
	if (!clang_Cursor_isNull(init)) {
		CXSourceRange ir = clang_getCursorExtent(init);
		uint32_t is, ie;

		if (cx_expansion(w, clang_getRangeStart(ir), &is) == d->file &&
		    cx_expansion(w, clang_getRangeEnd(ir), &ie) == d->file) {
			d->init_start = is;
			d->init_end = ie;
		}
	}
	fn = enclosing_function(c);
	if (clang_getCursorKind(fn) != CXCursor_FunctionDecl)
		return;
	d->is_local = true;
	d->function = xstrdup(w->func != NULL ? w->func : "");
	d->func_start = w->func_start;
	v->is_local = sc == CX_SC_Static;
	if (v->is_local) {
		v->function = xstrdup(d->function);
		d->type_is_local =
		    type_declared_within(w, clang_getCursorType(c), fn);
	}
}

/*
 * A declaration of a variable with static storage.  Declarations outside
 * the root are recorded too (never system headers): vnetify cannot edit
 * them, and must say so when the variable is selected.
 */
static void
record_var(struct walk *w, CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	struct var_fact *vf;
	struct srcfile *sf;
	uint32_t off;
	struct decl d;
	uint32_t exp_off;
	struct srcfile *xf;
	bool in_system;

	xf = cx_expansion_sys(w, loc, &exp_off, &in_system);
	if (in_system)
		return;
	sf = cx_spelling(w, loc, &off);
	/*
	 * A name built by ## (DECL(a) with "static int cnt_##n;") is spelled
	 * nowhere: the declaration is placed at the invocation.
	 */
	if (sf == NULL && (xf == NULL || xf->rel == NULL))
		return;
	/* Only a macro of the code base's own: the runtime's SYSCTL_INT
	 * declares objects too, which are not this code's state. */
	if (sf == NULL) {
		struct srcfile *mf = cx_spelling(w,
		    clang_getRangeStart(clang_getCursorExtent(c)), &off);

		if (mf == NULL || mf->rel == NULL)
			return;
	}
	if ((sf != NULL && xf != sf) ||
	    cx_expansion(w, clang_getRangeStart(clang_getCursorExtent(c)),
		&off) != xf)
		return; /* declared by a macro from another file */
	vf = var_fact_new(w);
	var_facts(w, c, &vf->v);
	decl_facts(w, c, &vf->v, &d);
	if (sf == NULL) {
		d.file = xf;
		d.name_off = exp_off;
		d.name_in_macro = true;
		d.pasted = true;
	}
	VEC_PUSH(&vf->v.decls, d);
	(void)hmap_put(&w->globals, vf->v.name, NULL);
}

static void
record_use(struct walk *w, CXCursor c, const char *usr)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	struct use_fact uf;
	struct srcfile *sf, *xf;
	uint32_t soff, exp_off;
	bool in_system;

	sf = cx_spelling(w, loc, &soff);
	xf = cx_expansion_sys(w, loc, &exp_off, &in_system);
	if (xf == NULL || xf->rel == NULL)
		return; /* expanded outside the root: nothing we may edit */
	if (sf != NULL && in_system && sf->rel == NULL)
		return;
	memset(&uf, 0, sizeof(uf));
	uf.usr = usr;
	uf.u.file = sf;
	uf.u.off = soff;
	uf.u.exp_file = xf;
	uf.u.exp_off = exp_off;
	if (sf == NULL)
		uf.u.kind = USE_PASTED;
	else if (sf == xf && soff == exp_off)
		uf.u.kind = USE_FILE;
	else
		uf.u.kind = USE_MACRO_ARG; /* refined from the text later */
	uf.u.in_function = w->func != NULL;
	uf.u.unevaluated = w->unevaluated > 0;
	uf.u.owner_usr = (char *)w->owner;
	uf.u.config_mask = 1u << w->t->config;
	VEC_PUSH(&w->t->uses, uf);
}

/* A name spelled in a macro body that here is not a global variable. */
static void
record_body_nonvar(struct walk *w, CXCursor c, const char *what)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	struct body_nonvar b;
	struct srcfile *sf;
	uint32_t soff;
	CXString name;

	if (w->globals.n == 0)
		return;
	/*
	 * The name first: it is a cheap reference into the AST, and most
	 * locals and members are not named like any global.
	 */
	name = clang_getCursorSpelling(c);
	if (!hmap_has(&w->globals, clang_getCString(name))) {
		clang_disposeString(name);
		return;
	}
	clang_disposeString(name);
	sf = cx_spelling(w, loc, &soff);
	if (sf == NULL || sf->rel == NULL)
		return;
	b.file = sf;
	b.off = soff;
	b.what = xstrdup(what);
	VEC_PUSH(&w->t->body_nonvars, b);
}

/* Blocks that end at or before off are closed. */
static void
blocks_close(struct walk *w, uint32_t off)
{
	while (w->blocks.n > 0 && w->blocks.v[w->blocks.n - 1] <= off)
		w->blocks.n--;
}

/* A block of the function being walked opens. */
static void
block_open(struct walk *w, CXCursor c)
{
	CXSourceRange r = clang_getCursorExtent(c);
	uint32_t start, end;

	if (cx_expansion(w, clang_getRangeStart(r), &start) != w->func_file ||
	    cx_expansion(w, clang_getRangeEnd(r), &end) != w->func_file)
		return;
	blocks_close(w, start);
	VEC_PUSH(&w->blocks, end);
}

/*
 * A parameter or local named like a global: where it is visible, so that
 * text the AST never saw (a discarded macro argument, a skipped branch)
 * can still tell the local from the global.
 */
static void
record_local(struct walk *w, CXCursor c)
{
	struct local_decl l;
	CXString name;
	uint32_t off;

	if (w->func == NULL || w->globals.n == 0)
		return;
	name = clang_getCursorSpelling(c);
	if (!hmap_has(&w->globals, clang_getCString(name)) ||
	    cx_expansion(w, clang_getCursorLocation(c), &off) != w->func_file ||
	    w->func_file == NULL || w->func_file->rel == NULL) {
		clang_disposeString(name);
		return;
	}
	blocks_close(w, off);
	l.file = w->func_file;
	l.off = off;
	l.scope_end =
	    w->blocks.n > 0 ? w->blocks.v[w->blocks.n - 1] : w->func_end;
	l.name = cx_dup(name);
	VEC_PUSH(&w->t->locals, l);
}

static void
walk_children(struct walk *w, CXCursor c)
{
	clang_visitChildren(c, walk_visit, w);
}

void
walk_one(struct walk *w, CXCursor c, CXCursor parent)
{
	if (walk_visit(c, parent, w) == CXChildVisit_Recurse)
		walk_children(w, c);
}

static void
visit_function(struct walk *w, CXCursor c)
{
	const char *saved = w->func, *saved_usr = w->func_usr;
	uint32_t saved_start = w->func_start;
	struct func_def fd;
	char *name, *usr;

	if (!clang_isCursorDefinition(c))
		return;
	name = cx_dup(clang_getCursorSpelling(c));
	usr = xstrdup(cx_usr(w, c));
	w->func = name;
	w->func_usr = usr;
	w->func_file = cx_expansion(w,
	    clang_getRangeStart(clang_getCursorExtent(c)), &w->func_start);
	if (cx_expansion(w, clang_getRangeEnd(clang_getCursorExtent(c)),
		&w->func_end) != w->func_file)
		w->func_end = w->func_start;
	if (w->func_file != NULL && w->func_file->rel != NULL) {
		memset(&fd, 0, sizeof(fd));
		fd.file = w->func_file;
		fd.start = w->func_start;
		fd.end = w->func_end;
		fd.name = xstrdup(name);
		fd.usr = xstrdup(usr);
		fn_function(w, c, &fd);
		VEC_PUSH(&w->t->funcs, fd);
	}
	w->blocks.n = 0;
	walk_children(w, c);
	w->func = saved;
	w->func_usr = saved_usr;
	w->func_start = saved_start;
	free(name);
	free(usr);
}

/*
 * The initializer of a variable with static storage is walked with it as
 * the owner; a nested visit is what bounds that context.
 */
static enum CXChildVisitResult
visit_var(struct walk *w, CXCursor c)
{
	const char *saved = w->owner;

	if (!has_static_storage(c)) {
		record_body_nonvar(w, c, "local");
		record_local(w, c);
		return (CXChildVisit_Recurse);
	}
	record_var(w, c);
	w->owner = cx_usr(w, c);
	walk_children(w, c);
	w->owner = saved;
	return (CXChildVisit_Continue);
}

enum CXChildVisitResult
walk_visit(CXCursor c, CXCursor parent, CXClientData data)
{
	struct walk *w = data;
	enum CXCursorKind rk;
	struct decl_slot *s;
	CXCursor ref;

	(void)parent;
	switch (clang_getCursorKind(c)) {
	case CXCursor_FunctionDecl:
		visit_function(w, c);
		return (CXChildVisit_Continue);
	case CXCursor_VarDecl:
		return (visit_var(w, c));
	case CXCursor_DeclRefExpr:
		ref = clang_getCursorReferenced(c);
		rk = clang_getCursorKind(ref);
		if (rk == CXCursor_FunctionDecl) {
			fn_visit_ref(w, c, ref);
			return (CXChildVisit_Continue);
		}
		if (clang_Cursor_isNull(ref)) {
			record_body_nonvar(w, c, "local");
			return (CXChildVisit_Continue);
		}
		s = decl_slot(&w->decls, ref);
		if (rk == CXCursor_VarDecl) {
			if (s->is_static < 0)
				s->is_static = has_static_storage(ref);
			if (s->is_static) {
				record_use(w, c, slot_usr(s));
				return (CXChildVisit_Continue);
			}
		}
		if (w->globals.n > 0 && !names_no_global(w, s))
			record_body_nonvar(w, c, "local");
		return (CXChildVisit_Continue);
	case CXCursor_CallExpr:
		return (fn_visit_call(w, c));
	case CXCursor_InitListExpr:
		return (fn_visit_init_list(w, c));
	case CXCursor_BinaryOperator:
		return (fn_visit_assign(w, c));
	case CXCursor_ReturnStmt:
		fn_visit_return(w, c);
		return (CXChildVisit_Recurse);
	case CXCursor_MemberRefExpr:
	case CXCursor_MemberRef:
	case CXCursor_FieldDecl:
		record_body_nonvar(w, c, "member");
		return (CXChildVisit_Recurse);
	case CXCursor_LabelRef:
	case CXCursor_LabelStmt:
		record_body_nonvar(w, c, "label");
		return (CXChildVisit_Recurse);
	case CXCursor_ParmDecl:
		record_body_nonvar(w, c, "parameter");
		record_local(w, c);
		return (CXChildVisit_Recurse);
	case CXCursor_CompoundStmt:
		if (w->func != NULL)
			block_open(w, c);
		return (CXChildVisit_Recurse);
	case CXCursor_UnaryExpr:
		/* sizeof, _Alignof: what is under them is not evaluated. */
		w->unevaluated++;
		walk_children(w, c);
		w->unevaluated--;
		return (CXChildVisit_Continue);
	default:
		return (CXChildVisit_Recurse);
	}
}

/*
 * A macro invoked in the root's files, and where it is defined: whether
 * a name in its arguments is a use the expansion dropped depends on what
 * the body does with the parameter.
 */
static void
record_macro_use(struct walk *w, CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	struct macro_use mu;
	CXCursor def;

	if (clang_Location_isInSystemHeader(loc))
		return;
	mu.file = cx_spelling(w, loc, &mu.off);
	if (mu.file == NULL || mu.file->rel == NULL)
		return;
	def = clang_getCursorReferenced(c);
	mu.def_file = NULL;
	mu.def_off = 0;
	if (!clang_Cursor_isNull(def))
		mu.def_file =
		    cx_spelling(w, clang_getCursorLocation(def), &mu.def_off);
	/* A header's invocations, seen by every unit that reads it. */
	if (model_first_macro_use(w->m, &mu))
		VEC_PUSH(&w->t->macro_uses, mu);
}

/* Is the name at off of f VNET_DEFINE? */
static bool
spells_vnet_define(struct srcfile *f, uint32_t off)
{
	size_t i;

	return (file_load(f) &&
	    (i = tok_containing(&f->toks, off)) != SIZE_MAX &&
	    f->toks.t[i].off == off &&
	    tok_is(f->data, &f->toks.t[i], "VNET_DEFINE"));
}

/*
 * A function-like macro's definition outside the system headers: text no
 * parse saw can then still ask what the macro does with an argument.
 */
static void
record_macro_def(struct walk *w, CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	struct macro_def_fact d;

	if (!clang_Cursor_isMacroFunctionLike(c))
		return;
	d.file = cx_spelling(w, loc, &d.off);
	/*
	 * A header's definitions are the model's once (it keeps the first
	 * of each name), but each unit needs to know where its VNET_DEFINE
	 * is (count_vnet_before()).
	 */
	if (d.file == NULL ||
	    (!model_first_macro_def(w->m, d.file, d.off) &&
		!spells_vnet_define(d.file, d.off)) ||
	    clang_Location_isInSystemHeader(loc))
		return;
	d.name = cx_dup(clang_getCursorSpelling(c));
	VEC_PUSH(&w->t->macro_defs, d);
}

bool (*collect_shared_file)(const char *rel);

/* Is the file of loc one collect_shared_file() names (cached per unit)? */
static bool
shared_file(struct walk *w, CXSourceLocation loc)
{
	struct file_slot *slot;
	CXFile f;

	clang_getExpansionLocation(loc, &f, NULL, NULL, NULL);
	if (f == NULL)
		return (false);
	slot = cx_file_slot(w, f);
	if (slot->shared < 0)
		slot->shared = collect_shared_file(slot->val->rel) ? 1 : 0;
	return (slot->shared != 0);
}

/* Top level: skip what the user cannot edit, remember declared names. */
static enum CXChildVisitResult
visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
	struct walk *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	CXSourceLocation loc;
	struct srcfile *sf;
	uint32_t off;

	if (k == CXCursor_MacroExpansion) {
		record_macro_use(w, c);
		return (CXChildVisit_Continue);
	}
	if (k == CXCursor_MacroDefinition) {
		record_macro_def(w, c);
		return (CXChildVisit_Continue);
	}
	if (k == CXCursor_InclusionDirective)
		return (CXChildVisit_Continue);
	loc = clang_getCursorLocation(c);
	/* Most of a unit's declarations are the system's: ask that first. */
	if (clang_Location_isInSystemHeader(loc))
		return (CXChildVisit_Continue);
	sf = cx_expansion(w, loc, &off);
	/*
	 * A kernel's own headers, read by every unit: their declarations
	 * are walked once per configuration, not once per unit (the same
	 * facts, which the model merges), a third of the walk of a
	 * FreeBSD tree.
	 */
	if (sf != NULL && collect_shared_file != NULL && shared_file(w, loc) &&
	    !model_first_walk(w->m, w->t->config, sf, off))
		return (CXChildVisit_Continue);
	if (sf != NULL && sf->rel != NULL && clang_isDeclaration(k))
		VEC_PUSH(&w->t->names, cx_dup(clang_getCursorSpelling(c)));
	return (walk_visit(c, parent, w));
}

const char *collect_runtime_header = "vnet/vnet.h";

static void
inclusion(CXFile f, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct walk *w = data;
	struct file_slot *slot;
	struct srcfile *sf;
	size_t n, h = strlen(collect_runtime_header);
	struct read_fact rf;

	if (f == NULL)
		return;
	slot = cx_file_slot(w, f);
	slot->reads++;
	if ((sf = slot->val) == NULL)
		return;
	n = strlen(sf->path);
	if (n > h && strcmp(sf->path + n - h, collect_runtime_header) == 0 &&
	    sf->path[n - h - 1] == '/' && !w->t->sees_header) {
		w->t->sees_header = true;
		w->t->header_at = w->t->read_order.n;
	}
	if (sf->rel != NULL)
		VEC_PUSH(&w->t->parsed, sf);
	rf.file = sf;
	rf.from = NULL;
	rf.from_off = 0;
	if (depth > 0)
		rf.from = cx_spelling(w, stack[0], &rf.from_off);
	VEC_PUSH(&w->t->read_order, rf);
}

/*
 * A header that includes itself again before its end (lwIP's stats.h
 * reaches stats.h through memp.h) is skipped whole by its include guard
 * the second time: that range is not code the unit skipped, since the
 * first inclusion compiled it, and counting it would make every line of
 * the header look never compiled.  Such a header is guarded, read more
 * than once (clang does not even open a guarded header it has finished),
 * and the range is its widest one, the guard's body, which holds all the
 * others.  The inclusion that read nothing is not counted either
 * (tu_facts.reentered): each inclusion counts as one parse of the file,
 * so that an X-macro list read twice is never compiled only where both
 * readings skip it.
 */
static bool
guard_reentry(struct walk *w, CXFile cf, uint32_t start, uint32_t end)
{
	struct file_slot *slot = cx_file_slot(w, cf);

	return (slot->reads > 1 && end - start == slot->widest &&
	    clang_isFileMultipleIncludeGuarded(w->tu, cf));
}

/* A skipped range in a file of the root. */
struct root_skip {
	CXFile cf;
	struct srcfile *f;
	unsigned start, end;
};

static void
collect_skipped(struct walk *w)
{
	CXSourceRangeList *l = clang_getAllSkippedRanges(w->tu);
	VEC(struct root_skip) root = {0};
	struct root_skip rs;
	struct skip_fact s;
	struct file_slot *slot;
	unsigned i, start, end;
	CXFile cf, cfe;

	/*
	 * The root's ranges, and the widest of each of its files for
	 * guard_reentry(); most ranges are the system headers', and one
	 * location tells.
	 */
	for (i = 0; l != NULL && i < l->count; i++) {
		clang_getSpellingLocation(clang_getRangeStart(l->ranges[i]),
		    &cf, NULL, NULL, &start);
		if (cf == NULL)
			continue;
		slot = cx_file_slot(w, cf);
		if (slot->val == NULL || slot->val->rel == NULL)
			continue;
		clang_getSpellingLocation(clang_getRangeEnd(l->ranges[i]), &cfe,
		    NULL, NULL, &end);
		if (cf != cfe)
			continue;
		if (end >= start && end - start > slot->widest)
			slot->widest = end - start;
		rs.cf = cf;
		rs.f = slot->val;
		rs.start = start;
		rs.end = end;
		VEC_PUSH(&root, rs);
	}
	for (i = 0; i < root.n; i++) {
		if (guard_reentry(w, root.v[i].cf, root.v[i].start,
			root.v[i].end)) {
			VEC_PUSH(&w->t->reentered, root.v[i].f);
			continue;
		}
		s.file = root.v[i].f;
		s.start = root.v[i].start;
		s.end = root.v[i].end;
		VEC_PUSH(&w->t->skipped, s);
	}
	VEC_FREE(&root);
	clang_disposeSourceRangeList(l);
}

/* Every error of the unit, "file:line:col: error: message" a line each. */
static char *
all_errors(struct walk *w, CXTranslationUnit tu)
{
	unsigned i, n = clang_getNumDiagnostics(tu), line, col, off;
	struct strbuf sb = STRBUF_INIT;
	struct srcfile *sf;
	CXSourceLocation loc;
	CXDiagnostic d;
	CXString msg;
	CXFile f;

	for (i = 0; i < n; i++) {
		d = clang_getDiagnostic(tu, i);
		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			loc = clang_getDiagnosticLocation(d);
			clang_getExpansionLocation(loc, &f, &line, &col, &off);
			sf = cx_file(w, f);
			msg = clang_getDiagnosticSpelling(d);
			sb_addf(&sb, "%s%s:%u:%u: error: %s",
			    sb.len > 0 ? "\n" : "",
			    sf == NULL		  ? "(no file)"
				: sf->rel != NULL ? sf->rel
						  : sf->path,
			    line, col, clang_getCString(msg));
			clang_disposeString(msg);
		}
		clang_disposeDiagnostic(d);
	}
	return (sb.len > 0 ? sb_detach(&sb) : (sb_free(&sb), NULL));
}

void *
collect_index_new(void)
{
	return (clang_createIndex(0, 0));
}

void
collect_index_free(void *idx)
{
	clang_disposeIndex(idx);
}

const char *collect_runtime_include = VNETIFY_RUNTIME_INCLUDE;

/*
 * An installed vnetify must not depend on the source tree it was built
 * from: when the headers sit beside the executable, as the install rules
 * put them, those are the ones to use.
 */
void
collect_find_runtime_include(void)
{
	static char found[PATH_MAX];
	char exe[PATH_MAX], *slash, *probe;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return;
	*slash = '\0';
	probe = xasprintf("%s/%s/vnet/vnet.h", exe,
	    VNETIFY_INSTALLED_INCLUDE_FROM_BIN);
	if (access(probe, R_OK) == 0 &&
	    (size_t)snprintf(found, sizeof(found), "%s/%s", exe,
		VNETIFY_INSTALLED_INCLUDE_FROM_BIN) < sizeof(found))
		collect_runtime_include = found;
	free(probe);
}

/*
 * Without warnings, a parse shows none (-w); with them, it shows the
 * build's own, none of them an error unless the build names it
 * (-Werror=foo), since vnetify asks only whether the code compiles.
 */
static CXTranslationUnit
parse_with(void *idx, const struct parse_job *job, unsigned flags,
    const char *const *extra, size_t nextra, const struct unsaved *us,
    size_t nus, bool warnings, enum CXErrorCode *ec)
{
	const char **args =
	    xcalloc((size_t)job->argc + nextra + 5, sizeof(*args));
	struct CXUnsavedFile *files = xcalloc(nus + 1, sizeof(*files));
	char *wd = xasprintf("-working-directory=%s", job->dir);
	CXTranslationUnit tu = NULL;
	size_t i;
	int n = 0;

	for (i = 0; i < (size_t)job->argc; i++)
		args[n++] = job->argv[i];
	for (i = 0; i < nextra; i++)
		args[n++] = extra[i];
	args[n++] = wd;
	args[n++] = warnings ? "-Wno-error" : "-w";
	if (collect_runtime_include != NULL &&
	    collect_runtime_include[0] != '\0') {
		args[n++] = "-idirafter";
		args[n++] = collect_runtime_include;
	}
	for (i = 0; i < nus; i++) {
		files[i].Filename = us[i].path;
		files[i].Contents = us[i].data;
		files[i].Length = (unsigned long)us[i].len;
	}
	*ec = clang_parseTranslationUnit2(idx, job->file, args, n, files,
	    (unsigned)nus, flags, &tu);
	free(files);
	free(args);
	free(wd);
	return (tu);
}

static CXTranslationUnit
parse(void *idx, const struct parse_job *job, unsigned flags,
    enum CXErrorCode *ec)
{
	return (parse_with(idx, job, flags, NULL, 0, NULL, 0, false, ec));
}

/*
 * "file:line:col: error: message" (or "warning:") at the file location:
 * a diagnostic inside a macro expansion is placed where the macro is
 * used, not in clang's scratch space.
 */
static struct error_fact
error_text(CXDiagnostic d, bool warning)
{
	CXSourceLocation loc = clang_getDiagnosticLocation(d);
	struct strbuf files = STRBUF_INIT;
	unsigned line, col, off, i;
	struct error_fact e;
	CXDiagnosticSet notes;
	CXDiagnostic nd;
	CXString name, msg;
	CXFile f;

	clang_getExpansionLocation(loc, &f, &line, &col, &off);
	name = clang_getFileName(f);
	msg = clang_getDiagnosticSpelling(d);
	e.warning = warning;
	e.text = xasprintf("%s:%u:%u: %s: %s",
	    clang_getCString(name) != NULL ? clang_getCString(name) : "", line,
	    col, warning ? "warning" : "error", clang_getCString(msg));
	clang_disposeString(name);
	clang_disposeString(msg);
	clang_getSpellingLocation(loc, &f, &line, &col, &off);
	if (f != NULL) {
		name = clang_getFileName(f);
		sb_adds(&files, clang_getCString(name));
		sb_addc(&files, '\n');
		clang_disposeString(name);
	}
	/* The notes: "expanded from macro M", at M's definition. */
	notes = clang_getChildDiagnostics(d);
	for (i = 0; i < clang_getNumDiagnosticsInSet(notes); i++) {
		nd = clang_getDiagnosticInSet(notes, i);
		clang_getSpellingLocation(clang_getDiagnosticLocation(nd), &f,
		    &line, &col, &off);
		if (f != NULL) {
			name = clang_getFileName(f);
			sb_adds(&files, clang_getCString(name));
			sb_addc(&files, '\n');
			clang_disposeString(name);
		}
		clang_disposeDiagnostic(nd);
	}
	e.spelled_in = sb_detach(&files);
	return (e);
}

void
errlist_free(struct errlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].text);
		free(l->v[i].spelled_in);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

bool
collect_errors(void *idx, const struct parse_job *job, const char *const *extra,
    size_t nextra, const struct unsaved *us, size_t nus, bool warnings,
    struct errlist *out)
{
	enum CXErrorCode ec;
	CXTranslationUnit tu = parse_with(idx, job, CXTranslationUnit_KeepGoing,
	    extra, nextra, us, nus, warnings, &ec);
	enum CXDiagnosticSeverity sev;
	unsigned i, n;
	CXDiagnostic d;

	if (tu == NULL) {
		VEC_PUSH(out,
		    ((struct error_fact){
			xasprintf("%s:0:0: error: libclang could not parse "
				  "it (error %d)",
			    job->file, (int)ec),
			NULL, false}));
		return (false);
	}
	n = clang_getNumDiagnostics(tu);
	for (i = 0; i < n; i++) {
		d = clang_getDiagnostic(tu, i);
		sev = clang_getDiagnosticSeverity(d);
		if (sev >= CXDiagnostic_Error ||
		    (warnings && sev == CXDiagnostic_Warning))
			VEC_PUSH(out, error_text(d, sev < CXDiagnostic_Error));
		clang_disposeDiagnostic(d);
	}
	clang_disposeTranslationUnit(tu);
	return (true);
}

int
collect_parse_only(void *idx, const struct parse_job *job)
{
	enum CXErrorCode ec;
	CXTranslationUnit tu =
	    parse(idx, job, CXTranslationUnit_KeepGoing, &ec);

	if (tu != NULL)
		clang_disposeTranslationUnit(tu);
	return (ec == CXError_Success ? 0 : 1);
}

/*
 * Does the unit's build want declarations before statements: a C89
 * standard (the last -std or -ansi says), or the warning?
 */
static bool
declarations_first(const struct parse_job *job)
{
	static const char *const c89[] = {"-std=c89", "-std=c90", "-std=gnu89",
	    "-std=gnu90", "-std=iso9899:1990", "-std=iso9899:199409", "-ansi",
	    NULL};
	bool std89 = false, warn = false;
	const char *a;
	int i;

	for (i = 0; i < job->argc; i++) {
		a = job->argv[i];
		if (strncmp(a, "-std=", 5) == 0 || strcmp(a, "-ansi") == 0)
			std89 = str_in_set(c89, a);
		else if (strcmp(a, "-Wdeclaration-after-statement") == 0 ||
		    strcmp(a, "-Werror=declaration-after-statement") == 0)
			warn = true;
		else if (strcmp(a, "-Wno-declaration-after-statement") == 0)
			warn = false;
	}
	return (std89 || warn);
}

void
collect_tu(void *idx, struct model *m, const struct parse_job *job, bool force,
    struct tu_facts *out)
{
	struct walk w;
	enum CXErrorCode ec;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.m = m;
	w.t = out;
	out->config = job->config;
	out->main = model_file(m, job->file);
	out->c89 = declarations_first(job);
	w.tu = parse(idx, job,
	    CXTranslationUnit_DetailedPreprocessingRecord |
		CXTranslationUnit_KeepGoing,
	    &ec);
	if (w.tu == NULL) {
		out->failed = true;
		out->message =
		    xasprintf("%s: libclang could not parse it "
			      "(error %d); check the compile command",
			job->file, (int)ec);
		return;
	}
	out->message = all_errors(&w, w.tu);
	if (out->message != NULL && !force) {
		out->failed = true;
		clang_disposeTranslationUnit(w.tu);
		decl_cache_free(&w.decls);
		free(w.fc.slots);
		return;
	}
	clang_getInclusions(w.tu, inclusion, &w);
	collect_skipped(&w);
	clang_visitChildren(clang_getTranslationUnitCursor(w.tu), visit_top,
	    &w);
	/*
	 * The planner reads every file of the root that a parse read (the
	 * names no parse saw are looked for in all of them: unseen.c); read
	 * them here, in parallel.
	 */
	for (i = 0; i < out->parsed.n; i++)
		(void)file_load(out->parsed.v[i]);
	hmap_free(&w.globals, NULL);
	VEC_FREE(&w.blocks);
	decl_cache_give(&w.decls, w.t);
	free(w.fc.slots);
	fn_walk_free(&w);
	clang_disposeTranslationUnit(w.tu);
}
