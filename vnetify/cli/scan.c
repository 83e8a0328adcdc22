/*
 * scan.c: "vnetify scan", the inventory a porter starts from: every
 * mutable variable with static storage in the root's files, with what
 * decides whether it can be per instance (who writes it, whether its
 * address escapes, whether macros or other objects' initializers name
 * it).  TSV for grep and spreadsheets, JSON for tools, and optionally a
 * starter rules file that selects all of them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "model/access.h"
#include "output/json.h"
#include "support/diag.h"

struct counts {
	unsigned uses, reads, writes, addr, macro, static_init;
};

static struct counts
count_uses(const struct var *v)
{
	struct counts c = {0};
	const struct use *u;
	unsigned acc;
	size_t i;

	for (i = 0; i < v->uses.n; i++) {
		u = &v->uses.v[i];
		c.uses++;
		/* A name built by ## has no text: count it as read. */
		acc = u->file != NULL && file_load(u->file)
		    ? text_access(u->file, u->off)
		    : ACC_READ;
		c.reads += (acc & ACC_READ) != 0;
		c.writes += (acc & ACC_WRITE) != 0;
		c.addr += (acc & ACC_ADDR) != 0;
		c.macro += u->kind != USE_FILE;
		c.static_init += u->owner != NULL && u->owner != v;
	}
	return (c);
}

static const char *
linkage(const struct var *v)
{
	if (v->is_local)
		return ("local-static");
	if (v->external)
		return (v->defined ? "global" : "extern");
	return ("static");
}

/* Mutable, with a declaration in the root: what a porter must decide. */
static bool
listed(const struct var *v)
{
	const struct decl *d = var_defining_decl(v);

	return (d != NULL && d->file->rel != NULL && !v->is_const &&
	    strncmp(v->name, "vnet_entry_", 11) != 0);
}

/* What every output says of one listed variable. */
struct row {
	const struct var *v;
	const struct decl *d;
	unsigned line, col;
	struct counts c;
};

static void
row_of(const struct var *v, struct row *r)
{
	r->v = v;
	r->d = var_defining_decl(v);
	(void)file_load(r->d->file);
	file_line_col(r->d->file, r->d->name_off, &r->line, &r->col);
	r->c = count_uses(v);
}

static void
tsv(const struct model *m, struct strbuf *sb)
{
	const struct var *v;
	struct row r;
	size_t i;

	sb_adds(sb,
	    "name\tlinkage\ttype\tsize\tfile\tline\tfunction\tuses\t"
	    "reads\twrites\taddress_taken\tmacro_uses\t"
	    "static_init_uses\tthread_local\n");
	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (!listed(v))
			continue;
		row_of(v, &r);
		sb_addf(sb, "%s\t%s\t%s\t%lld\t%s\t%u\t%s\t", v->name,
		    linkage(v), v->type, v->size, r.d->file->rel, r.line,
		    v->function != NULL ? v->function : "-");
		sb_addf(sb, "%u\t%u\t%u\t%u\t%u\t%u\t%s\n", r.c.uses, r.c.reads,
		    r.c.writes, r.c.addr, r.c.macro, r.c.static_init,
		    v->is_tls ? "yes" : "no");
	}
}

static void
json_out(const struct model *m, struct strbuf *sb)
{
	const struct var *v;
	bool first = true;
	struct row r;
	size_t i;

	sb_adds(sb, "[");
	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (!listed(v))
			continue;
		row_of(v, &r);
		sb_adds(sb, first ? "\n  {" : ",\n  {");
		first = false;
		sb_adds(sb, "\"name\": ");
		json_str(sb, v->name);
		sb_adds(sb, ", \"linkage\": ");
		json_str(sb, linkage(v));
		sb_adds(sb, ", \"type\": ");
		json_str(sb, v->type);
		sb_addf(sb, ", \"size\": %lld, \"file\": ", v->size);
		json_str(sb, r.d->file->rel);
		sb_addf(sb,
		    ", \"line\": %u, \"column\": %u, \"function\": ", r.line,
		    r.col);
		json_str(sb, v->function);
		sb_addf(sb,
		    ", \"uses\": %u, \"reads\": %u, \"writes\": %u, "
		    "\"address_taken\": %u, \"macro_uses\": %u, "
		    "\"static_init_uses\": %u, \"thread_local\": %s, "
		    "\"usr\": ",
		    r.c.uses, r.c.reads, r.c.writes, r.c.addr, r.c.macro,
		    r.c.static_init, v->is_tls ? "true" : "false");
		json_str(sb, v->usr);
		sb_adds(sb, "}");
	}
	sb_adds(sb, "\n]\n");
}

/* Is name declared more than once among the listed variables? */
static bool
ambiguous(const struct model *m, const struct var *v)
{
	size_t i;

	for (i = 0; i < m->varlist.n; i++)
		if (m->varlist.v[i] != v && listed(m->varlist.v[i]) &&
		    strcmp(m->varlist.v[i]->name, v->name) == 0)
			return (true);
	return (false);
}

static int
emit_rules(const struct model *m, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const struct var *v;
	struct row r;
	size_t i;
	int error;

	sb_adds(&sb,
	    "# Starter rules written by \"vnetify scan --emit-rules\":"
	    " every mutable\n"
	    "# variable with static storage found under the root.  "
	    "Delete the ones that\n"
	    "# must stay shared by all instances (locks, caches of "
	    "hardware state),\n"
	    "# then run \"vnetify rewrite --rules\" with this file.  "
	    "See rules/REFERENCE.md.\n"
	    "version: 1\n"
	    "virtualize:\n");
	for (i = 0; i < m->varlist.n; i++) {
		v = m->varlist.v[i];
		if (!listed(v) || v->is_tls)
			continue;
		row_of(v, &r);
		if (v->is_local)
			sb_addf(&sb, "  - name: %s\n    function: %s\n",
			    v->name, v->function);
		else if (ambiguous(m, v))
			sb_addf(&sb, "  - name: %s\n    file: %s\n", v->name,
			    r.d->file->rel);
		else
			sb_addf(&sb, "  - %s\n", v->name);
		sb_addf(&sb, "    # %s:%u, %s, %u reads, %u writes%s\n",
		    r.d->file->rel, r.line, v->type, r.c.reads, r.c.writes,
		    r.c.addr ? ", address taken" : "");
	}
	error = write_file(path, sb_str(&sb), sb.len);
	sb_free(&sb);
	return (error);
}

/* Variables of headers outside the root are not listed: say how many. */
static void
outside_root_note(const struct model *m)
{
	const struct decl *d;
	size_t i, n = 0;

	for (i = 0; i < m->varlist.n; i++) {
		d = var_defining_decl(m->varlist.v[i]);
		if (d != NULL && d->file->rel == NULL && !d->file->system)
			n++;
	}
	if (n > 0)
		diag_warning(NULL, 0, 0,
		    "%zu variable%s defined in files outside the root %s %s "
		    "not listed; give --root a directory that holds them to "
		    "list them",
		    n, n == 1 ? "" : "s", m->root, n == 1 ? "is" : "are");
}

int
cmd_scan(const struct options *o, struct rules *rules)
{
	struct strbuf sb = STRBUF_INIT;
	struct model m;
	int rc;

	if (o->entries)
		return (cmd_scan_entries(o, rules));
	model_init(&m, o->root);
	rc = run_collect(o, rules, &m, NULL);
	if (rc == EXIT_USAGE)
		goto out;
	outside_root_note(&m);
	if (o->format == NULL || strcmp(o->format, "tsv") == 0)
		tsv(&m, &sb);
	else
		json_out(&m, &sb);
	if (o->output == NULL)
		fputs(sb_str(&sb), stdout);
	else if (write_file(o->output, sb_str(&sb), sb.len) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (o->emit_rules != NULL && emit_rules(&m, o->emit_rules) != 0)
		rc = EXIT_USAGE;
out:
	sb_free(&sb);
	model_free(&m);
	return (rc);
}
