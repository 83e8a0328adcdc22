/*
 * uses.h: what the files of the uses pass share.
 *
 *	uses.c		the pass: every use the AST saw, grouped by the
 *			token it is spelled at, one decision per token
 *	sysctl.c	a use that is the pointer of a sysctl registration
 *	bodies.c	a use spelled in a #define body
 *	paste.c		a name built by ## in a macro body
 *	stringize.c	a macro argument the macro also turns into text
 *	unseen.c	tokens spelled like a variable that no parse saw as
 *			a use: discarded macro arguments, bodies never
 *			expanded, code no configuration compiles; decided
 *			by the declarations visible there (scope.c)
 */
#ifndef VNETIFY_PASSES_USES_H
#define VNETIFY_PASSES_USES_H

#include "model/calls.h"
#include "passes/plan.h"

typedef VEC(struct use *) use_vec;

/* Every use of one spelled token, from every expansion. */
struct spelled {
	struct srcfile *f;
	uint32_t off;
	use_vec uses;
	VEC(struct var *) vars; /* vars.v[i] is the variable of uses.v[i] */
};

/* Is the token at off already written the converted way (V_x, VNET(x))? */
bool use_converted(const struct srcfile *, uint32_t off);
/* Is the use evaluated in the static initializer of an object? */
bool in_static_init(const struct use *);
/* What else the token at off means in some parse (a local...), or NULL. */
const char *
nonvar_at(const struct model *, const struct srcfile *, uint32_t off);
/* The name of the #define whose body holds off ("?" when none). */
const char *define_name(const struct srcfile *, uint32_t off, size_t *len);

/* A sysctl registration: the call, and which argument holds the flags. */
struct sysctl_site {
	struct call_site call;
	unsigned flags;
};
/*
 * Is off the pointer argument of a registration: FreeBSD's
 * SYSCTL_xxx(parent, nbr, name, access, ptr, ...), or a SYSCTL_ macro of
 * another shape whose flags are an argument with CTLFLAG_ in it?
 */
bool sysctl_site(const struct srcfile *, uint32_t off, struct sysctl_site *);
/*
 * The knob becomes a per-instance one: &VNET_NAME(x) at the pointer and
 * CTLFLAG_VNET in the flags, in the rules' dialect.  The leaf name never
 * changes.
 */
void sysctl_edit(struct plan *, struct var *, struct srcfile *, uint32_t off,
    const struct sysctl_site *);
/* The same for a pointer spelled otherwise: len bytes at off ("V_x"). */
void sysctl_edit_spelled(struct plan *, struct var *, struct srcfile *,
    uint32_t off, uint32_t len, const struct sysctl_site *);

/* One edit in a #define body, right for every expansion, or a review. */
void decide_body(struct plan *, struct spelled *);

/*
 * A name built by ## in a macro body from a fixed part and a parameter:
 * the fixed part takes the V_ prefix when every name the paste builds is
 * a virtualized variable.
 */
void paste_uses(struct plan *, struct spelled *pasted);

/*
 * Is the use u, spelled at off of f in the arguments of a macro
 * invocation, in an argument the macro turns into text with '#' (in its
 * body or a macro's it hands it to)?  Then *macro is the invoked macro's
 * name (a copy) and *hf, *hash the place of the '#'.
 */
bool stringized_argument(struct plan *, const struct use *u, struct srcfile *f,
    uint32_t off, char **macro, struct srcfile **hf, uint32_t *hash);

/* The tokens no parse saw as a use (see unseen.c). */
void unseen_names(struct plan *);

#endif /* !VNETIFY_PASSES_USES_H */
