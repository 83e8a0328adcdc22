/*
 * rules.c: the life cycle of struct rules, its accessors, and the names
 * given on the command line (--var, --vars-file).  The YAML reader is in
 * rules_yaml.c, the verdicts in rules_match.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules_impl.h"
#include "support/diag.h"

/* Past this many problems in a names file the rest are noise. */
#define NAMES_MAX_ERRORS 20

struct rules *
rules_new(void)
{
	struct rules *r = xcalloc(1, sizeof(*r));

	r->include = xstrdup("<vnet/vnet.h>");
	r->sysctl = SYSCTL_DIALECT_MODERN;
	return (r);
}

void
strvec_free(struct strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	VEC_FREE(sv);
}

void
rsel_free(struct rsel *s)
{
	size_t i;

	strvec_free(&s->names);
	strvec_free(&s->files);
	strvec_free(&s->dirs);
	strvec_free(&s->functions);
	for (i = 0; i < s->except.n; i++)
		rsel_free(&s->except.v[i]);
	VEC_FREE(&s->except);
}

static void
rselvec_free(struct rselvec *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		rsel_free(&sv->v[i]);
	VEC_FREE(sv);
}

void
rules_free(struct rules *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	free(r->path);
	free(r->include);
	rules_index_free(r);
	rselvec_free(&r->virt);
	rselvec_free(&r->excl);
	for (i = 0; i < r->configs.n; i++) {
		free(r->configs.v[i].name);
		for (j = 0; j < r->configs.v[i].argc; j++)
			free(r->configs.v[i].argv[j]);
		free(r->configs.v[i].argv);
	}
	VEC_FREE(&r->configs);
	strvec_free(&r->markers);
	for (i = 0; i < r->entries.n; i++) {
		free(r->entries.v[i].function);
		free(r->entries.v[i].vnet_expr);
		free(r->entries.v[i].struct_name);
		free(r->entries.v[i].field);
		free(r->entries.v[i].file);
	}
	VEC_FREE(&r->entries);
	for (i = 0; i < r->timers.n; i++)
		free(r->timers.v[i].function);
	VEC_FREE(&r->timers);
	for (i = 0; i < r->inits.n; i++) {
		free(r->inits.v[i].function);
		free(r->inits.v[i].subsystem);
		free(r->inits.v[i].order);
		free(r->inits.v[i].teardown);
	}
	VEC_FREE(&r->inits);
	strvec_free(&r->lint_ids);
	strvec_free(&r->lint_levels);
	strvec_free(&r->never);
	strvec_free(&r->origins);
	free(r);
}

const char *
rules_origin(struct rules *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->origins.n; i++)
		if (strcmp(r->origins.v[i], name) == 0)
			return (r->origins.v[i]);
	VEC_PUSH(&r->origins, xstrdup(name));
	return (r->origins.v[r->origins.n - 1]);
}

void
rules_error_add(struct rules_error *head, const char *file, unsigned line,
    unsigned col, char *message)
{
	struct rules_error *e, **tail;

	if (head->message == NULL) {
		e = head;
		e->next = NULL;
	} else {
		for (tail = &head->next; *tail != NULL; tail = &(*tail)->next)
			;
		e = *tail = xcalloc(1, sizeof(*e));
	}
	e->file = xstrdup(file != NULL ? file : "<rules>");
	e->line = line;
	e->col = col;
	e->message = message;
}

void
rules_error_free(struct rules_error *err)
{
	struct rules_error *e, *next;

	if (err == NULL)
		return;
	for (e = err->next; e != NULL; e = next) {
		next = e->next;
		free(e->file);
		free(e->message);
		free(e);
	}
	free(err->file);
	free(err->message);
	memset(err, 0, sizeof(*err));
}

void
rules_error_print(const struct rules_error *err)
{
	for (; err != NULL && err->message != NULL; err = err->next)
		diag_error(err->file, err->line, err->col, "%s", err->message);
}

char *
rules_printable(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (i == 60) {
			sb_adds(&sb, "...");
			break;
		}
		if (ch < 0x20 || ch == 0x7f)
			sb_addf(&sb, "\\x%02x", ch);
		else
			sb_addc(&sb, (char)ch);
	}
	return (sb_detach(&sb));
}

bool
rules_pattern_is_literal(const char *p)
{
	return (strpbrk(p, "*?[") == NULL);
}

static bool
ident_char(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '$');
}

const char *
rules_check_name_pattern(const char *p)
{
	const char *s;

	bool literal = rules_pattern_is_literal(p);

	if (*p == '\0')
		return ("is empty");
	/* Outside a glob's brackets these would make no identifier. */
	for (s = p; *s != '\0'; s++)
		if (!ident_char(*s) &&
		    (literal || strchr("*?[]!^-:", *s) == NULL))
			return ("is not a C identifier or a glob of one");
	if (literal && *p >= '0' && *p <= '9')
		return ("starts with a digit, so it is not a C identifier");
	/* fnmatch takes an unclosed '[' as itself, which no name has. */
	for (s = p; (s = strchr(s, '[')) != NULL; s++) {
		const char *c = s + 1;

		if (*c == '!' || *c == '^')
			c++;
		if (*c == ']')
			c++;
		if (strchr(c, ']') == NULL)
			return ("has a '[' with no ']' to close it");
		s = strchr(c, ']');
	}
	return (NULL);
}

int
rules_check_var(const char *name, struct rules_error *err)
{
	const char *why = rules_check_name_pattern(name);
	char *shown;

	if (why == NULL)
		return (0);
	shown = rules_printable(name);
	memset(err, 0, sizeof(*err));
	if (name[0] == '-')
		rules_error_add(err, "--var", 0, 0,
		    xasprintf("'%s' is an option, not a variable name; give "
			      "--var a name (or fnmatch glob) each time",
			shown));
	else
		rules_error_add(err, "--var", 0, 0,
		    xasprintf("'%s' %s; give --var one variable name (or "
			      "fnmatch glob) each time",
			shown, why));
	free(shown);
	return (-1);
}

void
rules_add_name(struct rules *r, const char *name)
{
	struct rsel s;

	memset(&s, 0, sizeof(s));
	VEC_PUSH(&s.names, xstrdup(name));
	s.locals = true;
	s.origin = rules_origin(r, "--var");
	VEC_PUSH(&r->virt, s);
	rules_index_extend(r);
}

static bool
blank(char c)
{
	return (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v');
}

struct pending_name {
	char *name;
	unsigned line, col;
};

int
rules_add_names_buffer(struct rules *r, const char *name, const char *buf,
    size_t len, struct rules_error *err)
{
	VEC(struct pending_name) got = {0};
	struct rules_error local = {0};
	const char *p = buf, *end = buf + len, *eol, *a, *b, *c;
	const char *why;
	unsigned line = 0, nerr = 0;
	size_t i;
	char *s, *shown;

	if (err == NULL)
		err = &local;
	memset(err, 0, sizeof(*err));
	if (name == NULL)
		name = "<names>";
	for (; p < end && nerr < NAMES_MAX_ERRORS;
	    p = eol < end ? eol + 1 : end) {
		line++;
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		c = memchr(p, '#', (size_t)(eol - p));
		b = c != NULL ? c : eol;
		for (a = p; a < b && blank(*a); a++)
			;
		while (b > a && blank(b[-1]))
			b--;
		if (a == b)
			continue;
		for (c = a; c < b && !blank(*c); c++)
			;
		if (c < b) {
			while (blank(*c))
				c++;
			rules_error_add(err, name, line, (unsigned)(c - p) + 1,
			    xstrdup("one name per line; put this one on a "
				    "line of its own"));
			nerr++;
			continue;
		}
		if (memchr(a, '\0', (size_t)(b - a)) != NULL) {
			rules_error_add(err, name, line, (unsigned)(a - p) + 1,
			    xstrdup("a NUL byte in a name; the file should "
				    "be plain text, one name per line"));
			nerr++;
			continue;
		}
		s = xstrndup(a, (size_t)(b - a));
		if ((why = rules_check_name_pattern(s)) != NULL) {
			shown = rules_printable(s);
			rules_error_add(err, name, line, (unsigned)(a - p) + 1,
			    xasprintf("'%s' %s; write one variable name (or "
				      "fnmatch glob) per line",
				shown, why));
			free(shown);
			free(s);
			nerr++;
			continue;
		}
		VEC_PUSH(&got,
		    ((struct pending_name){s, line, (unsigned)(a - p) + 1}));
	}
	if (err->message == NULL) {
		const char *origin = rules_origin(r, name);

		for (i = 0; i < got.n; i++) {
			struct rsel sel;

			memset(&sel, 0, sizeof(sel));
			VEC_PUSH(&sel.names, got.v[i].name);
			sel.locals = true;
			sel.origin = origin;
			sel.line = got.v[i].line;
			sel.col = got.v[i].col;
			VEC_PUSH(&r->virt, sel);
		}
		rules_index_extend(r);
	} else
		for (i = 0; i < got.n; i++)
			free(got.v[i].name);
	VEC_FREE(&got);
	if (err->message == NULL)
		return (0);
	rules_error_free(&local);
	return (-1);
}

int
rules_add_names_file(struct rules *r, const char *path, struct rules_error *err)
{
	char *buf;
	size_t len;
	int error, rc;

	if ((error = read_file(path, &buf, &len)) != 0) {
		if (err != NULL) {
			memset(err, 0, sizeof(*err));
			rules_error_add(err, path, 0, 0,
			    xasprintf("cannot read the names file: %s",
				strerror(error)));
		}
		return (-1);
	}
	rc = rules_add_names_buffer(r, path, buf, len, err);
	free(buf);
	return (rc);
}

struct rules *
rules_load(const char *path, struct rules_error *err)
{
	struct rules *r;
	char *buf;
	size_t len;
	int error;

	if ((error = read_file(path, &buf, &len)) != 0) {
		if (err != NULL) {
			memset(err, 0, sizeof(*err));
			rules_error_add(err, path, 0, 0,
			    xasprintf("cannot read the rules file: %s",
				strerror(error)));
		}
		return (NULL);
	}
	r = rules_load_buffer(path, buf, len, err);
	free(buf);
	return (r);
}

enum sysctl_dialect
rules_sysctl_dialect(const struct rules *r)
{
	return (r->sysctl);
}

const char *
rules_include(const struct rules *r)
{
	return (r->include);
}

bool
rules_include_given(const struct rules *r)
{
	return (r->include_given);
}

size_t
rules_nconfigs(const struct rules *r)
{
	return (r->configs.n);
}

const struct rule_config *
rules_config(const struct rules *r, size_t i)
{
	return (i < r->configs.n ? &r->configs.v[i] : NULL);
}

size_t
rules_nmarkers(const struct rules *r)
{
	return (r->markers.n);
}

const char *
rules_marker(const struct rules *r, size_t i)
{
	return (i < r->markers.n ? r->markers.v[i] : NULL);
}

size_t
rules_nentries(const struct rules *r)
{
	return (r->entries.n);
}

const struct rule_entry *
rules_entry(const struct rules *r, size_t i)
{
	return (i < r->entries.n ? &r->entries.v[i] : NULL);
}

size_t
rules_ntimers(const struct rules *r)
{
	return (r->timers.n);
}

const struct rule_timer *
rules_timer(const struct rules *r, size_t i)
{
	return (i < r->timers.n ? &r->timers.v[i] : NULL);
}

size_t
rules_ninits(const struct rules *r)
{
	return (r->inits.n);
}

const struct rule_init *
rules_init(const struct rules *r, size_t i)
{
	return (i < r->inits.n ? &r->inits.v[i] : NULL);
}

size_t
rules_nlint(const struct rules *r)
{
	return (r->lint_ids.n);
}

void
rules_lint(const struct rules *r, size_t i, const char **id, const char **level)
{
	*id = r->lint_ids.v[i];
	*level = r->lint_levels.v[i];
}

const char *
rules_path(const struct rules *r)
{
	return (r->path);
}
