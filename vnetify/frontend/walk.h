/*
 * walk.h: the state of one translation unit's AST walk, shared by the
 * files of the front end (collect.c walks; functions.c records what the
 * code does with its functions).  Nothing outside frontend/ sees it.
 */
#ifndef VNETIFY_FRONTEND_WALK_H
#define VNETIFY_FRONTEND_WALK_H

#include <clang-c/Index.h>

#include "model/model.h"

/*
 * The model's file for each CXFile of the unit: the canonical path costs
 * a realpath() per lookup, and a unit names its hundred headers at every
 * location.  Open addressing, at most half full.
 */
struct file_cache {
	struct file_slot {
		CXFile key;
		struct srcfile *val;
		int8_t system; /* read as a system header; -1: not asked yet */
		int8_t shared; /* collect_shared_file() says so; -1: not asked */
		uint32_t reads;	 /* inclusions of it the unit made */
		uint32_t widest; /* its widest skipped range, in bytes */
	} *slots;
	size_t n, cap;
	struct file_slot *last; /* the last one asked for: often asked again */
};

/*
 * Where a function used as a value is: the innermost initializer field,
 * assignment to a field, or call argument around it.
 */
struct value_frame {
	enum fn_role role;
	char *record, *field; /* FIELD_*: owned */
	char *callee;	      /* ARGUMENT: owned */
	unsigned arg;
};

/*
 * What the walk has learnt of a declaration, by its cursor: a reference
 * asks, and the same few are referred to over and over.  Its USR (NULL
 * until asked; owned), whether it has static storage (-1: not asked
 * yet), and whether its name is a global's (a "no" holds while the walk
 * has recorded globals_n globals).
 */
struct decl_cache {
	struct decl_slot {
		CXCursor c;
		unsigned hash;
		bool used, global;
		signed char is_static;
		size_t globals_n;
		char *usr;
	} *slots;
	size_t n, cap;
};

struct walk {
	struct decl_cache decls;
	struct model *m;
	struct tu_facts *t;
	CXTranslationUnit tu;
	struct file_cache fc;
	struct hmap globals; /* names of variables recorded so far */
	/* Context, saved and restored around subtrees. */
	const char *func;     /* enclosing function definition */
	const char *func_usr; /* and its USR */
	uint32_t func_start;
	const char *owner; /* static initializer being walked: its USR */
	uint32_t func_end;
	struct srcfile *func_file;
	unsigned unevaluated; /* depth of sizeof and _Alignof operands */
	/* Ends of the blocks open around the cursor, innermost last. */
	VEC(uint32_t) blocks;
	VEC(struct value_frame) frames;
	/* The callee of the call being entered: not a function value. */
	CXSourceLocation callee_loc;
};

/* Locations, files and USRs, through the walk's caches. */
struct srcfile *cx_file(struct walk *, CXFile);
struct srcfile *cx_spelling(struct walk *, CXSourceLocation, uint32_t *off);
struct srcfile *cx_expansion(struct walk *, CXSourceLocation, uint32_t *off);
/*
 * cx_expansion(), and *system: clang_Location_isInSystemHeader(), which
 * is about the same file and is asked once for each file of the unit
 * (the source manager's answer costs as much as the location itself).
 */
struct srcfile *
cx_expansion_sys(struct walk *, CXSourceLocation, uint32_t *off, bool *system);
const char *cx_usr(struct walk *, CXCursor);
/* A copy of s, which is disposed of; "" for a NULL string. */
char *cx_dup(CXString s);

/* The walk's visitor, for a file that walks a subtree by hand. */
enum CXChildVisitResult walk_visit(CXCursor, CXCursor, CXClientData);
/* Visits c as the walk would, children included. */
void walk_one(struct walk *, CXCursor c, CXCursor parent);

/*
 * functions.c.  fn_function() fills in what a definition's func_def
 * holds beyond its place and records its leading declarations; the
 * fn_visit_*() take over the walk at a call, an initializer list and an
 * assignment, and return what walk_visit() should.
 */
void fn_function(struct walk *, CXCursor, struct func_def *);
enum CXChildVisitResult fn_visit_call(struct walk *, CXCursor);
enum CXChildVisitResult fn_visit_init_list(struct walk *, CXCursor);
enum CXChildVisitResult fn_visit_assign(struct walk *, CXCursor);
void fn_visit_ref(struct walk *, CXCursor c, CXCursor fn);
void fn_visit_return(struct walk *, CXCursor);
void fn_walk_free(struct walk *);

#endif /* !VNETIFY_FRONTEND_WALK_H */
