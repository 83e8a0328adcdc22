/*
 * rules_values.c: the values of a rules file, checked: a string, a
 * boolean, a list (or a lone item as a list of one), a mapping with only
 * known keys (an unknown one gets the closest known key as a suggestion),
 * a name or glob, a path under the root, a C expression.  Each check says
 * what is wrong at the node's place and returns NULL or false.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/reader.h"
#include "support/diag.h"

bool
node_is_null(const struct ynode *n)
{
	return (n->kind == Y_SCALAR && n->plain &&
	    (n->s[0] == '\0' || strcmp(n->s, "~") == 0 ||
		strcmp(n->s, "null") == 0 || strcmp(n->s, "Null") == 0 ||
		strcmp(n->s, "NULL") == 0));
}

const char *
node_kind_name(const struct ynode *n)
{
	if (node_is_null(n))
		return ("no value");
	switch (n->kind) {
	case Y_SEQ:
		return ("a list");
	case Y_MAP:
		return ("a mapping");
	default:
		return ("a string");
	}
}

/*
 * The string value of n, or NULL after saying what is wrong; what names
 * the value ("'include'").  Y_BAD nodes were reported when built.
 */
const char *
want_string(struct ctx *c, const struct ynode *n, const char *what)
{
	if (n->kind == Y_BAD) {
		c->nfail++;
		return (NULL);
	}
	if (node_is_null(n)) {
		err_at(c, n, "missing value for %s", what);
		return (NULL);
	}
	if (n->kind != Y_SCALAR) {
		err_at(c, n, "%s must be a string, found %s", what,
		    node_kind_name(n));
		return (NULL);
	}
	return (n->s);
}

bool
want_bool(struct ctx *c, const struct ynode *n, const char *what, bool *out)
{
	static const char *const yes[] = {"true", "True", "TRUE"};
	static const char *const no[] = {"false", "False", "FALSE"};
	const char *s;
	size_t i;

	if ((s = want_string(c, n, what)) == NULL)
		return (false);
	for (i = 0; i < 3; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return (true);
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return (true);
		}
	}
	err_at(c, n, "%s must be true or false, found '%s'", what,
	    user_text(c, s));
	return (false);
}

bool
want_list(struct ctx *c, struct ynode *n, const char *what, struct ylist *l)
{
	l->n = 0;
	if (n->kind == Y_BAD) {
		c->nfail++;
		return (false);
	}
	if (node_is_null(n)) {
		err_at(c, n,
		    "missing value for %s; give a list, or [] for none", what);
		return (false);
	}
	if (n->kind == Y_SEQ) {
		l->v = n->kids.v;
		l->n = n->kids.n;
		return (true);
	}
	if (n->kind == Y_MAP) {
		err_at(c, n,
		    "%s must be a list, found a mapping; start each item "
		    "with '- '",
		    what);
		return (false);
	}
	l->one = n;
	l->v = &l->one;
	l->n = 1;
	return (true);
}

/* Edit distance with transpositions, for "did you mean". */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[33][33];

	if (la > 32 || lb > 32)
		return ((size_t)-1);
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1, best;

			best = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return (d[la][lb]);
}

/* Case, '_' and '-' are the usual slips in a key; compare without them. */
static char *
fold(const char *s)
{
	char *f = xstrndup(s, strnlen(s, 40)), *p;

	for (p = f; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (*p == '_')
			*p = '-';
	return (f);
}

static const char *
closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t i, d, bestd = (size_t)-1, limit;
	char *fw = fold(word), *fc;

	for (i = 0; i < n; i++) {
		fc = fold(cands[i]);
		d = distance(fw, fc);
		limit = strlen(cands[i]) / 3 > 0 ? strlen(cands[i]) / 3 : 1;
		if (d <= limit && d < bestd) {
			best = cands[i];
			bestd = d;
		}
		free(fc);
	}
	free(fw);
	return (best);
}

/*
 * Finds the value of each known key of mapping n (vals[i] for keys[i],
 * NULL when absent) and reports unknown and repeated keys.  what names the
 * mapping ("an entry point").
 */
bool
want_map(struct ctx *c, struct ynode *n, const char *what,
    const char *const *keys, size_t nkeys, struct ynode **vals)
{
	struct ynode *k, *seen[12];
	struct strbuf sb = STRBUF_INIT;
	const char *sugg;
	size_t i, j;

	if (nkeys > sizeof(seen) / sizeof(seen[0]))
		fatal("internal error: a schema mapping with %zu keys", nkeys);
	memset(vals, 0, nkeys * sizeof(*vals));
	memset(seen, 0, sizeof(seen));
	if (n->kind == Y_BAD) {
		c->nfail++;
		return (false);
	}
	if (n->kind != Y_MAP) {
		err_at(c, n,
		    "%s must be a mapping of 'key: value' lines, found %s",
		    what, node_kind_name(n));
		return (false);
	}
	for (i = 0; i + 1 < n->kids.n; i += 2) {
		k = n->kids.v[i];
		if (k->kind == Y_BAD) {
			c->nfail++;
			continue;
		}
		if (k->kind != Y_SCALAR || node_is_null(k)) {
			err_at(c, k,
			    "a key in %s must be a plain name, found %s", what,
			    node_kind_name(k));
			continue;
		}
		for (j = 0; j < nkeys && strcmp(k->s, keys[j]) != 0; j++)
			;
		if (j < nkeys && seen[j] != NULL) {
			err_at(c, k,
			    "duplicate key '%s' (first given at line %u); "
			    "keep one",
			    keys[j], seen[j]->line);
			continue;
		}
		if (j < nkeys) {
			seen[j] = k;
			vals[j] = n->kids.v[i + 1];
			continue;
		}
		if ((sugg = closest(k->s, keys, nkeys)) != NULL) {
			err_at(c, k,
			    "unknown key '%s' in %s; did you mean '%s'?",
			    user_text(c, k->s), what, sugg);
			continue;
		}
		for (j = 0; j < nkeys; j++)
			sb_addf(&sb, "%s%s", j > 0 ? ", " : "", keys[j]);
		err_at(c, k, "unknown key '%s' in %s; expected one of: %s",
		    user_text(c, k->s), what, sb_str(&sb));
		sb_reset(&sb);
	}
	sb_free(&sb);
	return (true);
}

/* Checked and normalized pieces. */

char *
want_name(struct ctx *c, const struct ynode *n, const char *what)
{
	const char *s, *why;

	if ((s = want_string(c, n, what)) == NULL)
		return (NULL);
	if ((why = rules_check_name_pattern(s)) != NULL) {
		err_at(c, n,
		    "%s '%s' %s; give a C identifier or an fnmatch glob of one",
		    what, user_text(c, s), why);
		return (NULL);
	}
	return (xstrdup(s));
}

/*
 * A path glob relative to the root, with "." segments and repeated or
 * trailing slashes dropped.  The root itself ("." or "") comes back as ""
 * when root_ok, else is an error.
 */
char *
want_path(struct ctx *c, const struct ynode *n, const char *what, bool root_ok)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s, *p, *seg;
	size_t len;

	if ((s = want_string(c, n, what)) == NULL)
		return (NULL);
	if (s[0] == '/') {
		err_at(c, n,
		    "%s '%s' is absolute; paths in rules are "
		    "relative to the root (--root), so drop the leading '/'",
		    what, user_text(c, s));
		return (NULL);
	}
	for (p = s; *p != '\0';) {
		for (seg = p; *p != '\0' && *p != '/'; p++)
			;
		len = (size_t)(p - seg);
		while (*p == '/')
			p++;
		if (len == 0 || (len == 1 && seg[0] == '.'))
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			err_at(c, n,
			    "%s '%s' climbs out with '..'; paths in "
			    "rules are relative to the root and stay inside it",
			    what, user_text(c, s));
			sb_free(&sb);
			return (NULL);
		}
		if (sb.len > 0)
			sb_addc(&sb, '/');
		sb_add(&sb, seg, len);
	}
	if (sb.len == 0 && !root_ok) {
		err_at(c, n,
		    "%s '%s' names the root itself; to mean every "
		    "file, write '**'",
		    what, user_text(c, s));
		return (NULL);
	}
	return (sb_detach(&sb));
}

/* NULL if s reads as one C expression, else what is wrong. */
const char *
check_expr(const char *s)
{
	struct strbuf open = STRBUF_INIT;
	const char *p, *why = NULL;
	char quote = 0;

	for (p = s; *p != '\0' && why == NULL; p++) {
		if (quote != 0) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == quote)
				quote = 0;
			continue;
		}
		switch (*p) {
		case '"':
		case '\'':
			quote = *p;
			break;
		case '(':
		case '[':
			sb_addc(&open, *p);
			break;
		case ')':
		case ']':
			if (open.len == 0 ||
			    open.s[open.len - 1] != (*p == ')' ? '(' : '['))
				why = "has an unbalanced closing bracket";
			else
				open.s[--open.len] = '\0';
			break;
		case ';':
		case '{':
		case '}':
			why = "is not a single expression (it holds ';', '{' "
			      "or '}')";
			break;
		default:
			break;
		}
	}
	if (why == NULL && quote != 0)
		why = "has an unterminated quote";
	if (why == NULL && open.len > 0)
		why = "has an unclosed bracket";
	sb_free(&open);
	return (why);
}

/*
 * A restriction with an empty list would restrict nothing, the opposite of
 * what it says.
 */
bool
want_nonempty(struct ctx *c, const struct ynode *n, const char *what,
    const struct ylist *l)
{
	if (l->n > 0)
		return (true);
	err_at(c, n,
	    "%s is an empty list, which would match nothing; give "
	    "at least one item or remove the key",
	    what);
	return (false);
}

/* A top-level key whose value is a list, each item read by item(). */
void
each_item(struct ctx *c, struct ynode *n, const char *what,
    void (*item)(struct ctx *, struct ynode *))
{
	struct ylist l;
	size_t i;

	if (!want_list(c, n, what, &l))
		return;
	for (i = 0; i < l.n; i++)
		item(c, l.v[i]);
}

/* A list of names (or paths) into out; root_ok as for want_path(). */
void
items_into(struct ctx *c, struct ynode *n, const char *what,
    enum item_kind kind, struct strvec *out)
{
	struct ylist l;
	char *s;
	size_t i;

	if (!want_list(c, n, what, &l) || !want_nonempty(c, n, what, &l))
		return;
	for (i = 0; i < l.n; i++) {
		s = kind == ITEM_NAME
		    ? want_name(c, l.v[i], what)
		    : want_path(c, l.v[i], what, kind == ITEM_DIR);
		if (s != NULL)
			VEC_PUSH(out, s);
	}
}
