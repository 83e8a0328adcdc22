/*
 * model.h: the one picture of a code base's global state that every pass
 * reads.
 *
 * The collector (collect.c) parses translation units and reports what it
 * saw as facts: declarations of variables with static storage, and every
 * reference to them with the place it was written and the place it was
 * expanded.  Facts from all translation units and all configurations are
 * merged here, keyed by USR, so a variable declared in a header and used
 * from a hundred files is one struct var with one list of uses.  scan
 * prints the model, rewrite turns it into edits, lint into findings.
 *
 * Offsets are bytes into the file as it is on disk.  Files are interned by
 * canonical path; their text is loaded once, after parsing, and is what
 * every edit is computed against.
 */
#ifndef VNETIFY_MODEL_H
#define VNETIFY_MODEL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/functions.h"
#include "model/lex.h"
#include "support/hmap.h"
#include "support/util.h"

#define NO_OFFSET UINT32_MAX

struct skip_range {
	uint32_t start, end;
	uint32_t count; /* parses of the file that skipped exactly this */
};

struct srcfile {
	char *path;	 /* canonical, absolute */
	uint32_t id;	 /* rank in path order, set by model_finish() */
	const char *rel; /* relative to the root; NULL when outside it */
	bool editable;	 /* under the root and not a never-touch file */
	bool system;	 /* a system header in some translation unit */
	bool main;	 /* the main file of some translation unit */
	uint32_t nparses;
	VEC(struct skip_range) skipped;
	VEC(struct srcfile *) incl; /* main files: root headers they include */
	bool sees_header; /* main files: the runtime header is included */
	/*
	 * Parses in which VNET_DEFINE was already defined where the file
	 * starts (a header included before it defines it); equal to
	 * nparses, the file needs no #include to use the VNET macros.
	 */
	uint32_t nvnet_before;
	/* Some unit reads it built so that declarations precede code (C89,
	   -Wdeclaration-after-statement): nothing may go before one. */
	bool c89;
	/* Loaded by file_load(), under load_lock (workers load main files). */
	pthread_mutex_t load_lock;
	bool loaded, load_failed;
	char *data;
	size_t len;
	uint64_t hash;
	struct toklist toks;
	VEC(uint32_t) lines; /* offset of each line's first byte */
};

enum use_kind {
	USE_FILE,	/* written in the file where it is compiled */
	USE_MACRO_ARG,	/* written in a macro argument */
	USE_MACRO_BODY, /* written in a #define body */
	USE_PASTED	/* built by ## in a macro: no text to edit */
};

/* How a use touches the variable: see text_access(). */
enum use_access {
	ACC_READ = 1,
	ACC_WRITE = 2,
	ACC_ADDR = 4,  /* operand of unary & */
	ACC_SIZEOF = 8 /* operand of sizeof, _Alignof, typeof */
};

struct var;

struct decl {
	struct srcfile *file;
	uint32_t name_off;   /* the name as written, or NO_OFFSET */
	uint32_t start;	     /* first byte of the declaration (file location) */
	uint32_t init_start; /* initializer, as written, or NO_OFFSET */
	uint32_t init_end;
	uint32_t func_start; /* enclosing function definition, or NO_OFFSET */
	char *function;	     /* its name */
	bool is_def, is_extern, is_local;
	bool name_in_macro; /* the name is spelled in a macro argument */
	char *macro;	    /* that macro's name */
	bool type_is_local; /* its type is declared inside the function */
	bool inactive;	    /* read from the text of a skipped branch */
	bool pasted; /* its name built by ## in a macro: name_off is where the
			macro is invoked */
	uint32_t config_mask; /* bit k: seen in configuration k */
};

struct use {
	struct srcfile *file; /* where the name is spelled (NULL if pasted) */
	uint32_t off;
	/* Where it is expanded: the file location of the macro use, if any. */
	struct srcfile *exp_file;
	uint32_t exp_off;
	uint8_t kind; /* enum use_kind */
	bool in_function;
	bool unevaluated;     /* in an operand of sizeof or _Alignof */
	char *owner_usr;      /* object whose static initializer holds it */
	struct var *owner;    /* resolved by model_finish() */
	uint32_t config_mask; /* bit k: seen in configuration k */
};

struct var {
	char *usr;
	char *name;
	char *type;
	long long size;
	bool is_const; /* the object itself cannot be written */
	bool is_tls;
	bool is_local;	/* function-local static */
	bool external;	/* external linkage */
	bool defined;	/* a definition was seen */
	char *function; /* enclosing function of a local static */
	VEC(struct decl) decls;
	VEC(struct use) uses;
	/* Decided by the passes. */
	bool selected;	  /* to be virtualized */
	bool converted;	  /* already virtualized in the source */
	bool master_copy; /* a plain master and a copy under VIMAGE
			     (passes/master_copy.c) */
	char *vname;	  /* name in VNET_DEFINE (differs for hoisted locals) */
	size_t idx;	  /* position in model.varlist */
};

/*
 * A name spelled like a global variable that, where it is spelled, means
 * something else in some parse: a local, a parameter, a member, a label.
 * In a macro body that makes an edit of the body token wrong; in code it
 * tells the text questions that the AST saw the token.
 */
struct body_nonvar {
	struct srcfile *file;
	uint32_t off;
	char *what; /* USR of what it referred to, or a cursor kind */
};

/*
 * A parameter or local variable named like a global, and the text it is
 * visible in: a use of the name there is not the global's.
 */
struct local_decl {
	struct srcfile *file;
	uint32_t off;	    /* the name, where it is expanded */
	uint32_t scope_end; /* end of the block (or function) holding it */
	char *name;
};

/* A macro invoked in the root's files: its name, and its definition's. */
struct macro_use {
	struct srcfile *file;
	uint32_t off;
	struct srcfile *def_file; /* NULL when libclang did not say */
	uint32_t def_off;
};

/* Where a function-like macro is defined (outside system headers). */
struct macro_def_fact {
	char *name;
	struct srcfile *file;
	uint32_t off; /* of the name */
};

#define VNET_MACRO_SET	   1u
#define VNET_MACRO_RESTORE 2u

/* A function definition in the root's files. */
struct func_def {
	struct srcfile *file;
	uint32_t start, end; /* its extent, expansion locations */
	char *name;
	char *usr;
	uint32_t body;	/* its body's '{', or NO_OFFSET */
	char *result;	/* the result type, as libclang spells it */
	char *params;	/* the parameters' names, ", " between; "" if none */
	bool is_static; /* internal linkage */
	bool variadic;
	/* The result cannot be assigned: const, or a struct with a const
	   member (a local holding it must be initialized, not assigned). */
	bool result_const;
};

struct tu_status {
	struct srcfile *file;
	unsigned config;
	bool failed;
	bool stopped; /* the supervisor stopped its parse (driver/supervise.h) */
	char *message; /* its errors, "file:line:col: error: ..." a line each */
};

struct model {
	char *root;
	struct hmap files;	/* path -> struct srcfile */
	struct hmap file_names; /* clang's name of a file -> srcfile */
	/*
	 * What the walks of the units have recorded once for all of them:
	 * model_first_walk(), model_first_macro_use(), model_first_macro_def().
	 */
	struct walked_set {
		struct walked_key {
			uintptr_t file; /* 0: an empty slot */
			uintptr_t def_file;
			uint64_t at, def_at;
		} *slots;
		size_t n, cap;
	} walked;
	struct hmap vars;	   /* USR -> struct var */
	VEC(struct var *) varlist; /* sorted by first declaration */
	VEC(struct body_nonvar) body_nonvars;
	VEC(struct local_decl) locals;	  /* sorted by file and offset */
	VEC(struct func_def) funcs;	  /* sorted by file and start */
	struct fn_facts fn;		  /* calls, function values... */
	VEC(struct macro_use) macro_uses; /* sorted by file and offset */
	struct hmap macro_defs; /* name -> struct macro_def_fact, the first */
	/*
	 * Function-like macros that set or restore the vnet in their body
	 * (SO_CURVNET_SET(so), a RUN_IN_VNET(v, stmt) wrapper): name ->
	 * VNET_MACRO_SET | VNET_MACRO_RESTORE (passes/contexts.c).
	 */
	struct hmap vnet_macros;
	/*
	 * Function-like macros whose body returns or jumps: name ->
	 * "return", or the label its goto names.
	 */
	struct hmap jump_macros;
	struct hmap names; /* names declared in the root's files */
	/*
	 * The header the code base has the VNET macros from, as its
	 * #include writes it ("<net/vnet.h>"), when every parse that has
	 * them has them from the same file; else NULL.
	 */
	char *vnet_header;
	struct srcfile *vnet_header_file;
	bool vnet_header_mixed;
	VEC(struct tu_status) tus;
	unsigned nconfigs;
	/*
	 * Collect what functions do (fn, and a definition's result, params
	 * and body): only the call graph reads it, so a rewrite with no
	 * entry points, timers or module inits does without.  Set by
	 * model_init().
	 */
	bool fn_facts;
	pthread_mutex_t lock;
};

void model_init(struct model *, const char *root);
void model_free(struct model *);

/* Intern a file (thread-safe). */
struct srcfile *model_file(struct model *, const char *canonical_path);
/* The same for a name clang gives a file, made canonical once per run. */
struct srcfile *model_file_named(struct model *, const char *name);
/*
 * True the first time a unit of configuration config asks about the
 * declaration at off of f, false after (thread-safe).
 */
bool model_first_walk(struct model *, unsigned config, const struct srcfile *,
    uint32_t off);
/*
 * True the first time any unit records the macro invocation mu (the
 * model keeps one of each), false after (thread-safe).
 */
bool model_first_macro_use(struct model *, const struct macro_use *);
/* True the first time any unit records the #define at off of f. */
bool
model_first_macro_def(struct model *, const struct srcfile *, uint32_t off);
/* The file's text and tokens; false (with a message) if unreadable. */
bool file_load(struct srcfile *);
/* 1-based line and column of off (file must be loaded). */
void file_line_col(const struct srcfile *, uint32_t off, unsigned *line,
    unsigned *col);
/* Was off skipped by the preprocessor in every parse of the file? */
bool file_never_active(const struct srcfile *, uint32_t off);

/* usr and u.owner_usr point into tu_facts.usrs. */
struct use_fact {
	const char *usr;
	struct use u;
};

struct skip_fact {
	struct srcfile *file;
	uint32_t start, end;
};

/* A file a parse read, and the #include that read it (none: main). */
struct read_fact {
	struct srcfile *file, *from;
	uint32_t from_off;
};

/* What one translation unit, in one configuration, contributes. */
struct tu_facts {
	struct srcfile *main;
	unsigned config;
	struct var_fact {
		struct var v; /* decls holds exactly one entry */
	} *vars;
	size_t nvars, capvars;
	VEC(struct use_fact) uses;
	VEC(char *) usrs; /* owned: the USRs its uses name, each once */
	VEC(struct body_nonvar) body_nonvars;
	VEC(struct local_decl) locals;
	VEC(struct func_def) funcs;
	struct fn_facts fn;
	VEC(struct macro_use) macro_uses;
	VEC(struct macro_def_fact) macro_defs;
	VEC(char *) names;
	VEC(struct skip_fact) skipped;
	VEC(struct srcfile *) parsed; /* files this parse read */
	/* Files it read again and found empty (a self-inclusion's guard). */
	VEC(struct srcfile *) reentered;
	/* Every file this parse read, in the order it read them. */
	VEC(struct read_fact) read_order;
	bool sees_header; /* it includes the runtime header */
	size_t header_at; /* where in read_order it first does, if it does */
	bool c89;	  /* built so that declarations must precede code */
	bool failed;
	bool stopped; /* see struct tu_status */
	char *message;
};

void tu_facts_free(struct tu_facts *);
/* Fold a translation unit's facts into the model (thread-safe). */
void model_merge(struct model *, struct tu_facts *);
/* After the last merge: sort, resolve owners, drop duplicates. */
void model_finish(struct model *);

struct var *model_var(const struct model *, const char *usr);
/* The macro invoked by the name at off, or NULL. */
const struct macro_use *
model_macro_at(const struct model *, const struct srcfile *, uint32_t off);
/*
 * Every invocation recorded by the name at off, *n of them: one for each
 * definition it was expanded under (an X-macro list, included again after
 * #undef and another #define).  NULL when there is none.
 */
const struct macro_use *model_macros_at(const struct model *,
    const struct srcfile *, uint32_t off, size_t *n);
/* The function definition whose extent holds off, or NULL. */
const struct func_def *
model_func_at(const struct model *, const struct srcfile *, uint32_t off);
/*
 * Is name a local or parameter visible at off (declared before it, in a
 * block that holds it)?
 */
bool model_local_visible(const struct model *, const struct srcfile *,
    uint32_t off, const char *name);

/* The declaration that defines v, else its first declaration. */
const struct decl *var_defining_decl(const struct var *);

#endif /* !VNETIFY_MODEL_H */
