/*
 * json_parse.h: JSON read into a tree, for the files vnetify reads back
 * (an earlier run's report, for --baseline).  RFC 8259; \u escapes are
 * decoded to UTF-8, surrogate pairs included.
 */
#ifndef VNETIFY_JSON_PARSE_H
#define VNETIFY_JSON_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "support/util.h"

enum jkind { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	enum jkind kind;
	bool b;
	double num;
	char *str;		   /* J_STR */
	VEC(struct jnode *) items; /* J_ARR, and J_OBJ's values */
	VEC(char *) keys;	   /* J_OBJ: keys[i] names items[i] */
};

/*
 * The tree, or NULL with *err (malloc'd) saying what is wrong and *line
 * and *col where (1-based, the column counted in characters of UTF-8).
 */
struct jnode *json_parse(const char *text, size_t len, char **err,
    unsigned *line, unsigned *col);
void json_free(struct jnode *);
/* An object's member, or NULL (also when n is not an object). */
const struct jnode *json_member(const struct jnode *n, const char *key);
/* A member's string, or NULL. */
const char *json_member_str(const struct jnode *n, const char *key);

#endif /* !VNETIFY_JSON_PARSE_H */
