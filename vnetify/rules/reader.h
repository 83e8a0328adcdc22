/*
 * reader.h: what the three stages of the rules reader share.
 *
 *	yaml_tree.c	the YAML text as a tree of nodes with places, and
 *			the list of errors every stage reports to
 *	rules_values.c	typed, checked values of nodes
 *	rules_schema.c	the keys of a rules file, and rules_load_buffer()
 *
 * A schema problem is recorded and reading goes on, so that one run shows
 * every problem (up to MAX_ERRORS) in document order.  Nothing outside
 * these files includes this.
 */
#ifndef VNETIFY_RULES_READER_H
#define VNETIFY_RULES_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/rules_impl.h"

#define MAX_ERRORS 20
/* The schema nests five deep; anything far deeper is not a rules file. */
#define MAX_DEPTH 64

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP, Y_BAD };

struct ynode {
	enum ykind kind;
	unsigned line, col;
	char *s;    /* a scalar's text */
	bool plain; /* an untagged plain scalar: null and bool words apply */
	/* A list's items; a mapping's keys and values, alternating. */
	VEC(struct ynode *) kids;
};

/* The state of one read. */
struct ctx {
	const char *file;
	const char *buf;
	size_t len;
	struct rules *r;
	const char *origin;
	struct rules_error *err;
	unsigned nerr;
	/*
	 * Problems met: errors, and nodes already reported when built.  A
	 * piece is kept only if no problem was met while reading it.
	 */
	unsigned nfail;
	bool fatal; /* the tree is incomplete: no schema walk */
	VEC(struct ynode *) nodes;
	struct strvec shown;
};

/* One item list: a YAML list's items, or a lone scalar as a list of one. */
struct ylist {
	struct ynode **v;
	size_t n;
	struct ynode *one;
};

/* Records an error at line:col; takes msg. */
void add_error(struct ctx *, unsigned line, unsigned col, char *msg);
/* Records an error at n's place. */
void err_at(struct ctx *, const struct ynode *n, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
/* User text as a message may show it; valid for the read. */
const char *user_text(struct ctx *, const char *s);
/*
 * The tree of the whole text, or NULL; c->fatal is set when a syntax
 * error left it incomplete.  Nodes are owned by c->nodes.
 */
struct ynode *yaml_tree_build(struct ctx *);

bool node_is_null(const struct ynode *);
/* "a list", "a mapping", "a string", "no value": for messages. */
const char *node_kind_name(const struct ynode *);
/*
 * The checks.  what names the value in messages ("'include'").  Each
 * returns NULL or false after recording what is wrong.
 */
const char *want_string(struct ctx *, const struct ynode *, const char *what);
bool want_bool(struct ctx *, const struct ynode *, const char *what, bool *out);
bool want_list(struct ctx *, struct ynode *, const char *what, struct ylist *);
/*
 * A mapping whose keys are among keys[0, nkeys): v[k] is the value of
 * keys[k], or NULL.  An unknown or repeated key is an error.
 */
bool want_map(struct ctx *, struct ynode *, const char *what,
    const char *const *keys, size_t nkeys, struct ynode **v);
/* A name or name glob (rules_check_name_pattern()); a copy. */
char *want_name(struct ctx *, const struct ynode *, const char *what);
/* A path or path glob under the root, normalized; a copy. */
char *
want_path(struct ctx *, const struct ynode *, const char *what, bool root_ok);
/* NULL if s reads as one C expression, else what is wrong. */
const char *check_expr(const char *s);
/* A list with at least one item: an empty one would match nothing. */
bool want_nonempty(struct ctx *, const struct ynode *, const char *what,
    const struct ylist *);
/* A key whose value is a list, each item read by item(). */
void each_item(struct ctx *, struct ynode *, const char *what,
    void (*item)(struct ctx *, struct ynode *));
enum item_kind { ITEM_NAME, ITEM_PATH, ITEM_DIR };
/* A non-empty list of names, paths, or paths where "." is allowed. */
void items_into(struct ctx *, struct ynode *, const char *what, enum item_kind,
    struct strvec *out);

#endif /* !VNETIFY_RULES_READER_H */
