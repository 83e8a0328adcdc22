/*
 * report.c: see report.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/conditionals.h"
#include "model/tokens.h"
#include "output/json.h"
#include "output/report.h"
#include "support/diag.h"

static int
cmp_review(const void *pa, const void *pb)
{
	const struct review *a = pa, *b = pb;
	int c;

	if (a->file != b->file) {
		if (a->file == NULL || b->file == NULL)
			return (a->file == NULL ? -1 : 1);
		c = strcmp(a->file->path, b->file->path);
		if (c != 0)
			return (c);
	}
	if (a->off != b->off)
		return (a->off < b->off ? -1 : 1);
	return (strcmp(a->reason, b->reason));
}

void
report_sort(struct plan *p)
{
	xqsort(p->reviews.v, p->reviews.n, sizeof(*p->reviews.v), cmp_review);
}

char *
report_place(const struct srcfile *f, uint32_t off, unsigned *line,
    unsigned *col)
{
	*line = *col = 0;
	if (f == NULL)
		return (xstrdup("(unknown)"));
	if (f->loaded)
		file_line_col(f, off, line, col);
	return (xstrdup(f->rel != NULL ? f->rel : f->path));
}

/*
 * The directive of the #if group no configuration compiles that holds
 * the item, or NULL: items of one such region are said together.
 */
static char *
skipped_region(const struct review *r, uint32_t *where)
{
	if (r->file == NULL || !r->file->loaded ||
	    !file_never_active(r->file, r->off))
		return (NULL);
	return (cond_directive_at(r->file, r->off, where));
}

size_t
report_print_reviews(const struct plan *p)
{
	const struct review *r;
	unsigned line, col, dl, dc;
	size_t i, k, n = 0, in_region;
	char *file, *region, *last = NULL;
	uint32_t where, last_where = 0;

	for (i = 0; i < p->reviews.n; i++) {
		r = &p->reviews.v[i];
		if (r->state != REVIEW_OPEN)
			continue;
		file = report_place(r->file, r->off, &line, &col);
		region = r->note ? NULL : skipped_region(r, &where);
		if (region != NULL &&
		    (last == NULL || strcmp(region, last) != 0 ||
			where != last_where)) {
			for (k = i, in_region = 0; k < p->reviews.n; k++) {
				uint32_t w2;
				char *r2;

				if (p->reviews.v[k].state != REVIEW_OPEN ||
				    p->reviews.v[k].note)
					continue;
				r2 = skipped_region(&p->reviews.v[k], &w2);
				if (r2 == NULL || strcmp(r2, region) != 0 ||
				    w2 != where) {
					free(r2);
					break;
				}
				free(r2);
				in_region++;
			}
			file_line_col(r->file, where, &dl, &dc);
			diag_note(r->file->rel != NULL ? r->file->rel
						       : r->file->path,
			    dl, dc,
			    "%zu review item%s below %s in code that no "
			    "configuration compiles, under '%s'; list a "
			    "configuration that compiles it in the rules to "
			    "have %s decided by a parse",
			    in_region, in_region == 1 ? "" : "s",
			    in_region == 1 ? "is" : "are", region,
			    in_region == 1 ? "it" : "them");
		}
		if (region != NULL) {
			free(last);
			last = region;
			last_where = where;
		}
		if (r->note)
			diag_note(file, line, col, "%s [vnetify-note-%s]",
			    r->reason, review_kind_name(r->kind));
		else {
			diag_warning(file, line, col, "%s [vnetify-review-%s]",
			    r->reason, review_kind_name(r->kind));
			n++;
		}
		free(file);
	}
	free(last);
	return (n);
}

/*
 * Items acknowledged in the code: a comment that says "vnetify:
 * reviewed" on the item's line, as NOLINT is for clang-tidy.
 */
void
report_mark_acknowledged(struct plan *p)
{
	struct review *r;
	const struct srcfile *f;
	size_t i, j;
	uint32_t a, b;

	for (i = 0; i < p->reviews.n; i++) {
		r = &p->reviews.v[i];
		if ((f = r->file) == NULL || !f->loaded)
			continue;
		a = (uint32_t)line_start(f->data, r->off);
		b = (uint32_t)line_end(f->data, f->len, r->off);
		for (j = tok_at_or_after(&f->toks, a);
		    j < f->toks.n && f->toks.t[j].off < b; j++)
			if (f->toks.t[j].kind == TOK_COMMENT &&
			    memmem(f->data + f->toks.t[j].off, f->toks.t[j].len,
				"vnetify: reviewed", 17) != NULL) {
				r->state = REVIEW_ACKED;
				break;
			}
	}
}

const char *
report_state_name(enum review_state s)
{
	return (s == REVIEW_ACKED      ? "acknowledged"
		: s == REVIEW_BASELINE ? "in the baseline"
				       : "open");
}

/* What made this report: a reader can run it again. */
static void
provenance_markdown(const struct plan *p, struct strbuf *sb)
{
	const struct report_origin *o = &p->origin;
	size_t i;

	sb_addf(sb, "- made by vnetify %s, %s\n", VNETIFY_VERSION,
	    o->when != NULL ? o->when : "");
	if (o->command != NULL) {
		sb_adds(sb, "- command: ");
		md_code(sb, o->command);
		sb_addc(sb, '\n');
	}
	sb_adds(sb, "- rules: ");
	if (rules_path(p->rules) != NULL)
		md_code(sb, rules_path(p->rules));
	else
		sb_adds(sb, "none (names from the command line)");
	sb_addc(sb, '\n');
	sb_adds(sb, "- configurations: ");
	if (rules_nconfigs(p->rules) == 0)
		sb_adds(sb, "the build's flags as they are");
	for (i = 0; i < rules_nconfigs(p->rules); i++) {
		if (i > 0)
			sb_adds(sb, ", ");
		md_code(sb, rules_config(p->rules, i)->name);
	}
	sb_addc(sb, '\n');
}

/*
 * The variables the selection named that were not virtualized, and why:
 * their review items say.
 */
static void
not_virtualized_markdown(const struct plan *p, struct strbuf *sb)
{
	const struct var *v;
	const struct review *r;
	size_t i, k, n = 0;

	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (v->selected || p->stats[v->idx].why == NULL)
			continue;
		if (n++ == 0)
			sb_adds(sb,
			    "\n## Selected but not virtualized\n\n"
			    "| variable | why |\n|---|---|\n");
		sb_adds(sb, "| ");
		md_code(sb, v->name);
		sb_adds(sb, " | ");
		for (k = 0; k < p->reviews.n; k++) {
			r = &p->reviews.v[k];
			if (r->var != NULL && strcmp(r->var, v->name) == 0) {
				md_cell(sb, r->reason);
				break;
			}
		}
		if (k == p->reviews.n)
			md_cell(sb, "(no reason recorded)");
		sb_adds(sb, " |\n");
	}
}

static const struct decl *
shown_decl(const struct var *v)
{
	return (var_defining_decl(v));
}

void
report_count_kinds(const struct plan *p, unsigned counts[REVIEW_NKINDS])
{
	size_t i;

	memset(counts, 0, REVIEW_NKINDS * sizeof(*counts));
	for (i = 0; i < p->reviews.n; i++)
		if (!p->reviews.v[i].note &&
		    p->reviews.v[i].kind < REVIEW_NKINDS)
			counts[p->reviews.v[i].kind]++;
}

/*
 * What --verify parsed: a unit is parsed without VIMAGE as well only when
 * an edit is in code that build alone may compile (driver/verify.c).
 */
static void
verified_markdown(const struct plan *p, struct strbuf *sb)
{
	if (p->verified_units < 0) {
		sb_adds(sb, "- verified: no (--no-verify)\n");
		return;
	}
	sb_addf(sb,
	    "- verified: %ld unit%s parsed with VIMAGE, %ld of them without "
	    "it too\n",
	    p->verified_units, p->verified_units == 1 ? "" : "s",
	    p->verified_plain);
}

static void
by_kind_markdown(const struct plan *p, struct strbuf *sb)
{
	unsigned counts[REVIEW_NKINDS];
	size_t k;

	report_count_kinds(p, counts);
	for (k = 0; k < REVIEW_NKINDS; k++)
		if (counts[k] > 0)
			sb_addf(sb, "  - %s: %u\n",
			    review_kind_name((enum review_kind)k), counts[k]);
}

/*
 * report.md: where the run came from and its totals, a table of the
 * variables, then the review items and the notes, one a line, in the
 * plan's sorted order: the same run gives the same text.
 */
static void
markdown(const struct plan *p, size_t nconflicts, struct strbuf *sb)
{
	const struct var_stats *st;
	const struct review *r;
	const struct decl *d;
	const struct var *v;
	unsigned line, col, nvars = 0, nrev = 0;
	size_t i;
	char *file;

	for (i = 0; i < p->m->varlist.n; i++)
		nvars += p->m->varlist.v[i]->selected;
	for (i = 0; i < p->reviews.n; i++)
		nrev += !p->reviews.v[i].note;
	sb_adds(sb, "# vnetify rewrite report\n\n");
	sb_adds(sb, "- root: ");
	md_code(sb, p->m->root);
	sb_addc(sb, '\n');
	provenance_markdown(p, sb);
	sb_addf(sb, "- variables virtualized: %u\n", nvars);
	sb_addf(sb, "- edits: %zu in %zu file%s\n", edits_count(p->edits),
	    edits_nfiles(p->edits), edits_nfiles(p->edits) == 1 ? "" : "s");
	sb_addf(sb,
	    "- entry points given CURVNET_SET: %u; timers run in every vnet: "
	    "%u; module inits given a VNET_SYSINIT: %u\n",
	    p->entries_wrapped, p->timers_fanned, p->inits_split);
	sb_addf(sb, "- review items: %u\n", nrev);
	by_kind_markdown(p, sb);
	verified_markdown(p, sb);
	if (nconflicts > 0)
		sb_addf(sb, "- conflicting edits dropped: %zu\n", nconflicts);
	sb_adds(sb,
	    "- uses decided by the AST: in code, macro arguments and bodies; "
	    "by scope: in macro arguments the expansion drops; by spelling: "
	    "in code no parse saw (skipped branches, bodies never "
	    "expanded)\n");
	sb_adds(sb, "\n## Variables\n\n");
	sb_adds(sb,
	    "| variable | defined at | type | code | macro args | "
	    "macro bodies | static init | sysctl | by scope | by spelling | "
	    "notes |\n");
	sb_adds(sb, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (!v->selected)
			continue;
		st = &p->stats[v->idx];
		d = shown_decl(v);
		file = report_place(d->file, d->name_off, &line, &col);
		sb_adds(sb, "| ");
		md_code(sb, v->vname);
		sb_adds(sb, " | ");
		md_cell(sb, file);
		sb_addf(sb, ":%u | ", line);
		md_cell(sb, v->type);
		sb_addf(sb, " | %u | %u | %u | %u | %u | %u | %u | ",
		    st->uses_file, st->uses_arg, st->uses_body, st->uses_static,
		    st->sysctls, st->uses_scope, st->uses_spelled);
		if (v->converted)
			sb_adds(sb, "already converted; ");
		if (st->hoisted)
			sb_addf(sb,
			    "local static of %s() moved to file scope; ",
			    v->function);
		if (st->initialiser)
			sb_adds(sb, "per-instance initialiser generated; ");
		if (st->header_define)
			sb_adds(sb, "V\\_ defined in its header; ");
		if (st->why != NULL)
			md_cell(sb, st->why);
		sb_adds(sb, " |\n");
		free(file);
	}
	not_virtualized_markdown(p, sb);
	sb_adds(sb, "\n## Review items\n\n");
	if (nrev == 0)
		sb_adds(sb, "None.\n");
	for (i = 0; i < p->reviews.n; i++) {
		r = &p->reviews.v[i];
		if (r->note)
			continue;
		file = report_place(r->file, r->off, &line, &col);
		{
			char *where = xasprintf("%s:%u:%u", file, line, col);

			sb_adds(sb, "- ");
			md_code(sb, where);
			free(where);
		}
		if (r->var != NULL) {
			sb_adds(sb, " (");
			md_code(sb, r->var);
			sb_adds(sb, ")");
		}
		sb_adds(sb, ": ");
		md_cell(sb, r->reason);
		if (r->state != REVIEW_OPEN)
			sb_addf(sb, " (%s)", report_state_name(r->state));
		sb_addc(sb, '\n');
		free(file);
	}
	if (nrev < p->reviews.n) {
		sb_adds(sb, "\n## Notes\n\n");
		for (i = 0; i < p->reviews.n; i++) {
			r = &p->reviews.v[i];
			if (!r->note)
				continue;
			file = report_place(r->file, r->off, &line, &col);
			{
				char *where =
				    xasprintf("%s:%u:%u", file, line, col);

				sb_adds(sb, "- ");
				md_code(sb, where);
				sb_adds(sb, ": ");
				free(where);
			}
			md_cell(sb, r->reason);
			sb_addc(sb, '\n');
			free(file);
		}
	}
}

static void
json_place(struct strbuf *sb, const struct srcfile *f, uint32_t off)
{
	unsigned line, col;
	char *file = report_place(f, off, &line, &col);

	sb_adds(sb, "{\"file\": ");
	json_str(sb, file);
	sb_addf(sb, ", \"line\": %u, \"column\": %u}", line, col);
	free(file);
}

/*
 * report.json: what markdown() says, for programs: the same totals,
 * every review item with its kind and place, every variable with its
 * counts.  Keys are fixed; a reader may rely on their presence.
 */
static void
json(const struct plan *p, size_t nconflicts, struct strbuf *sb)
{
	unsigned counts[REVIEW_NKINDS];
	const struct var_stats *st;
	const struct review *r;
	const struct var *v;
	const struct decl *d;
	bool first = true;
	size_t k;
	size_t i;

	sb_adds(sb, "{\n  \"root\": ");
	json_str(sb, p->m->root);
	sb_adds(sb, ",\n  \"vnetify\": ");
	json_str(sb, VNETIFY_VERSION);
	sb_adds(sb, ",\n  \"command\": ");
	json_str(sb, p->origin.command);
	sb_adds(sb, ",\n  \"when\": ");
	json_str(sb, p->origin.when);
	sb_adds(sb, ",\n  \"rules\": ");
	json_str(sb, rules_path(p->rules));
	sb_addf(sb,
	    ",\n  \"edits\": %zu,\n  \"files\": %zu,\n"
	    "  \"entry_points\": %u,\n  \"timers\": %u,\n"
	    "  \"module_inits\": %u,\n"
	    "  \"conflicts\": %zu,\n  \"review_kinds\": {",
	    edits_count(p->edits), edits_nfiles(p->edits), p->entries_wrapped,
	    p->timers_fanned, p->inits_split, nconflicts);
	report_count_kinds(p, counts);
	for (k = 0, first = true; k < REVIEW_NKINDS; k++) {
		if (counts[k] == 0)
			continue;
		sb_adds(sb, first ? "" : ", ");
		json_str(sb, review_kind_name((enum review_kind)k));
		sb_addf(sb, ": %u", counts[k]);
		first = false;
	}
	first = true;
	sb_adds(sb, "},\n  \"variables\": [");
	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (!v->selected)
			continue;
		st = &p->stats[v->idx];
		d = shown_decl(v);
		sb_adds(sb, first ? "\n    {" : ",\n    {");
		first = false;
		sb_adds(sb, "\"name\": ");
		json_str(sb, v->vname);
		sb_adds(sb, ", \"original_name\": ");
		json_str(sb, v->name);
		sb_adds(sb, ", \"usr\": ");
		json_str(sb, v->usr);
		sb_adds(sb, ", \"type\": ");
		json_str(sb, v->type);
		sb_adds(sb, ", \"defined\": ");
		json_place(sb, d->file, d->name_off);
		sb_addf(sb,
		    ", \"declarations\": %u, \"uses\": {\"code\": %u, "
		    "\"macro_argument\": %u, \"macro_body\": %u, "
		    "\"static_initializer\": %u, \"sysctl\": %u, "
		    "\"by_scope\": %u, \"by_spelling\": %u}",
		    st->decls, st->uses_file, st->uses_arg, st->uses_body,
		    st->uses_static, st->sysctls, st->uses_scope,
		    st->uses_spelled);
		sb_addf(sb,
		    ", \"already_converted\": %s, \"hoisted\": %s, "
		    "\"initialiser\": %s, \"selected_by\": ",
		    v->converted ? "true" : "false",
		    st->hoisted ? "true" : "false",
		    st->initialiser ? "true" : "false");
		json_str(sb, st->why);
		sb_adds(sb, "}");
	}
	sb_adds(sb, "\n  ],\n  \"reviews\": [");
	for (i = 0; i < p->reviews.n; i++) {
		r = &p->reviews.v[i];
		sb_adds(sb, i == 0 ? "\n    {" : ",\n    {");
		sb_adds(sb, "\"place\": ");
		json_place(sb, r->file, r->off);
		sb_adds(sb, ", \"variable\": ");
		json_str(sb, r->var);
		sb_adds(sb, ", \"level\": ");
		json_str(sb, r->note ? "note" : "review");
		sb_adds(sb, ", \"kind\": ");
		json_str(sb, review_kind_name(r->kind));
		sb_adds(sb, ", \"reason\": ");
		json_str(sb, r->reason);
		sb_adds(sb, ", \"state\": ");
		json_str(sb, report_state_name(r->state));
		sb_adds(sb, "}");
	}
	sb_adds(sb, "\n  ]\n}\n");
}

void
report_render(const struct plan *p, size_t nconflicts, const char *path,
    struct strbuf *sb)
{
	size_t n = strlen(path);

	if (n > 5 && strcmp(path + n - 5, ".json") == 0)
		json(p, nconflicts, sb);
	else
		markdown(p, nconflicts, sb);
}
