/*
 * report_html.c: the report as a folder of static HTML, for reviewing a
 * machine edit of thousands of lines the way scan-build's report is read:
 * an index to sort and filter, and a page per changed file with the patch
 * and every review item at its line.
 *
 * It renders what the Markdown and JSON reports render, from the same
 * plan: the counts of the three are the same numbers (a test compares
 * them).  The pages need no server, no network and no script: the tables
 * are all there as HTML; a little inline script adds sorting by column
 * and filtering by kind, level and file or directory (the variables by
 * the file that defines them), and reads the filter from the
 * address ("index.html?kind=macro-body&file=net/") so that a link can
 * point at a selection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "edits/edits.h"
#include "output/diff.h"
#include "output/json.h"
#include "output/report.h"
#include "support/diag.h"
#include "support/hmap.h"

static void
text(struct strbuf *sb, const char *s)
{
	if (s != NULL)
		html_text(sb, s, strlen(s));
}

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;"
    "vertical-align:top}"
    "th{background:#eee}th[data-sort]{cursor:pointer}"
    "td.n{text-align:right}code,pre{font:13px monospace}"
    ".review{background:#fff4d6}.note{background:#eef4ff}"
    "table.patch{width:100%}table.patch td{border:0;padding:0 6px}"
    "table.patch pre{margin:0;white-space:pre-wrap}"
    "tr.add{background:#e6ffec}tr.del{background:#ffebe9}"
    "tr.hunk td{background:#f0f0ff;color:#555}"
    "td.ln{color:#888;text-align:right;width:4em;user-select:none}"
    "td.why{color:#666;font-size:12px;width:14em}"
    "tr.item td{padding:4px 6px;border:1px solid #e0c060}"
    "#filter{margin:.5em 0}"
    /* A fixed layout: 10,000 rows are laid out without measuring them. */
    "#items{table-layout:fixed;width:100%}"
    "#items col.k{width:11em}#items col.l{width:4.5em}"
    "#items col.s{width:6em}#items col.p{width:16em}"
    "#items col.v{width:10em}"
    "#items td{overflow-wrap:anywhere}"
    "#items td:nth-child(5){font:13px monospace}";

/*
 * Sorting and filtering.  Rows carry data-kind, data-level and data-file;
 * a filter hides the rows it does not keep and says how many are shown.
 */
static const char script[] =
    "(function(){"
    "var f=document.getElementById('filter');if(!f)return;f.hidden=false;"
    "var rows=[].slice.call(document.querySelectorAll('#items tbody tr'));"
    "var kind=document.getElementById('f-kind'),"
    "level=document.getElementById('f-level'),"
    "file=document.getElementById('f-file'),"
    "shown=document.getElementById('shown');"
    "var vrows=[].slice.call(document.querySelectorAll('#vars tbody tr'));"
    "var vfiles=vrows.map(function(r){return r.getAttribute('data-file');});"
    "var keys=rows.map(function(r){return [r.getAttribute('data-kind'),"
    "r.getAttribute('data-level'),r.getAttribute('data-file')];});"
    "var dj=document.getElementById('items-data'),"
    "data=dj?JSON.parse(dj.textContent):null,all=false;"
    "function esc(s){return String(s).replace(/[&<>\"]/g,function(c){"
    "return {'&':'&amp;','<':'&lt;','>':'&gt;','\"':'&quot;'}[c];});}"
    /* Past the rows the index carries, the rows come from the data. */
    "function render(k,l,fv){var h=[],n=0;data.items.forEach(function(t){"
    "var kd=data.kinds[t[0]],lv=t[1]?'note':'review',fl=data.files[t[3]];"
    "if((k&&kd!==k)||(l&&lv!==l)||(fv&&fl.indexOf(fv)!==0))return;n++;"
    "var pl=esc(fl)+':'+t[4]+':'+t[5];h.push('<tr class=\"'+lv+"
    "'\" data-kind=\"'+kd+'\" data-level=\"'+lv+'\" data-file=\"'+esc(fl)+"
    "'\"><td>'+kd+'<td>'+lv+'<td>'+data.states[t[2]]+'<td>'+"
    "(data.pages[t[3]]?'<a href=\"'+esc(data.pages[t[3]])+'#L'+t[4]+"
    "'\">'+pl+'</a>':pl)+'<td>'+esc(t[6])+'<td>'+esc(data.reasons[t[7]]));"
    "});document.querySelector('#items tbody').innerHTML=h.join('');"
    "return n;}"
    "function apply(){var n=0,k=kind.value,l=level.value,fv=file.value;"
    "if(data&&(k||l||fv||all)){n=render(k,l,fv);"
    "shown.textContent=n+' of '+data.items.length+' shown';}"
    "else if(data){shown.textContent=rows.length+' of '+data.items.length+"
    "' shown (filter, or show all)';}else{"
    "rows.forEach(function(r,i){var d=keys[i],"
    "ok=(!k||d[0]===k)&&(!l||d[1]===l)&&(!fv||d[2].indexOf(fv)===0);"
    "if(r.hidden===ok)r.hidden=!ok;if(ok)n++;});"
    "shown.textContent=n+' of '+rows.length+' shown';}"
    "vrows.forEach(function(r,i){var ok=!fv||vfiles[i].indexOf(fv)===0;"
    "if(r.hidden===ok)r.hidden=!ok;});}"
    "var q=new URLSearchParams(location.search);"
    "if(q.get('kind'))kind.value=q.get('kind');"
    "if(q.get('level'))level.value=q.get('level');"
    "if(q.get('file'))file.value=q.get('file');"
    "var sa=document.getElementById('show-all');"
    "if(sa&&data){sa.hidden=false;sa.addEventListener('click',function(){"
    "all=true;sa.hidden=true;apply();});}"
    "[kind,level,file].forEach(function(e){"
    "e.addEventListener('input',apply);});apply();"
    "[].forEach.call(document.querySelectorAll('th[data-sort]'),"
    "function(th){th.addEventListener('click',function(){"
    "var tb=th.closest('table').tBodies[0],i=th.cellIndex,"
    "num=th.dataset.sort==='n',up=th.dataset.dir!=='up';"
    "th.dataset.dir=up?'up':'down';"
    "[].slice.call(tb.rows).sort(function(a,b){"
    "var x=a.cells[i].textContent,y=b.cells[i].textContent,"
    "c=num?(parseFloat(x)||0)-(parseFloat(y)||0):x.localeCompare(y);"
    "return up?c:-c;}).forEach(function(r){tb.appendChild(r);});});});"
    /* When the index was ready, for make bench. */
    "document.body.setAttribute('data-ready-ms',"
    "Math.round(performance.now()));"
    "})();";

static void
head(struct strbuf *sb, const char *title)
{
	sb_adds(sb,
	    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>");
	text(sb, title);
	sb_addf(sb, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
}

/* "files/<rel>.html", the page of a file, from the index. */
static char *
page_of(const struct srcfile *f)
{
	return (xasprintf("files/%s.html", f->rel != NULL ? f->rel : "x"));
}

/*
 * The same as a link: a byte that is not plain in a path ('#', '?', '%',
 * a space, anything past ASCII) percent-encoded.
 */
static char *
href_of(const struct srcfile *f)
{
	struct strbuf sb = STRBUF_INIT;
	char *pg = page_of(f);
	const unsigned char *s;

	for (s = (const unsigned char *)pg; *s != '\0'; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("/._-+,=@~", *s))
			sb_addc(&sb, (char)*s);
		else
			sb_addf(&sb, "%%%02X", *s);
	free(pg);
	return (sb_detach(&sb));
}

/* A link to a place: its file's page and line, or the place as text. */
static void
place_link(struct strbuf *sb, const struct srcfile *f, uint32_t off,
    const char *prefix)
{
	unsigned line, col;
	char *file = report_place(f, off, &line, &col), *pg;

	if (f != NULL && f->rel != NULL) {
		pg = href_of(f);
		sb_addf(sb, "<a href=\"%s", prefix);
		text(sb, pg);
		sb_addf(sb, "#L%u\">", line);
		free(pg);
	}
	text(sb, file);
	sb_addf(sb, ":%u:%u", line, col);
	if (f != NULL && f->rel != NULL)
		sb_adds(sb, "</a>");
	free(file);
}

static void
provenance(const struct plan *p, struct strbuf *sb)
{
	size_t i;

	sb_adds(sb, "<table class=\"facts\">\n<tr><th>root</th><td><code>");
	text(sb, p->m->root);
	sb_addf(sb, "</code></td></tr>\n<tr><th>vnetify</th><td>%s</td></tr>\n",
	    VNETIFY_VERSION);
	sb_adds(sb, "<tr><th>made</th><td>");
	text(sb, p->origin.when);
	sb_adds(sb, "</td></tr>\n<tr><th>command</th><td><code>");
	text(sb, p->origin.command);
	sb_adds(sb, "</code></td></tr>\n<tr><th>rules</th><td>");
	if (rules_path(p->rules) != NULL) {
		sb_adds(sb, "<code>");
		text(sb, rules_path(p->rules));
		sb_adds(sb, "</code>");
	} else
		sb_adds(sb, "none (names from the command line)");
	sb_adds(sb, "</td></tr>\n<tr><th>configurations</th><td>");
	if (rules_nconfigs(p->rules) == 0)
		sb_adds(sb, "the build's flags as they are");
	for (i = 0; i < rules_nconfigs(p->rules); i++) {
		if (i > 0)
			sb_adds(sb, ", ");
		sb_adds(sb, "<code>");
		text(sb, rules_config(p->rules, i)->name);
		sb_adds(sb, "</code>");
	}
	sb_adds(sb, "</td></tr>\n</table>\n");
}

static void
totals(const struct plan *p, size_t nconflicts, struct strbuf *sb)
{
	unsigned counts[REVIEW_NKINDS], nvars = 0, nrev = 0, nnotes = 0;
	struct var_stats sum;
	size_t i;
	bool first;

	for (i = 0; i < p->m->varlist.n; i++)
		nvars += p->m->varlist.v[i]->selected;
	for (i = 0; i < p->reviews.n; i++) {
		nrev += !p->reviews.v[i].note;
		nnotes += p->reviews.v[i].note;
	}
	report_count_kinds(p, counts);
	sb_addf(sb,
	    "<h2>Totals</h2>\n<ul id=\"totals\">\n"
	    "<li>variables virtualized: <b id=\"n-vars\">%u</b></li>\n"
	    "<li>edits: <b id=\"n-edits\">%zu</b> in %zu file%s</li>\n"
	    "<li>entry points given CURVNET_SET: %u; timers run in every "
	    "vnet: %u; module inits given a VNET_SYSINIT: %u</li>\n"
	    "<li>review items: <b id=\"n-reviews\">%u</b>",
	    nvars, edits_count(p->edits), edits_nfiles(p->edits),
	    edits_nfiles(p->edits) == 1 ? "" : "s", p->entries_wrapped,
	    p->timers_fanned, p->inits_split, nrev);
	for (i = 0, first = true; i < REVIEW_NKINDS; i++)
		if (counts[i] > 0) {
			sb_addf(sb, "%s<a href=\"?kind=%s\">%s</a>: %u",
			    first ? " (" : "; ",
			    review_kind_name((enum review_kind)i),
			    review_kind_name((enum review_kind)i), counts[i]);
			first = false;
		}
	if (!first)
		sb_addc(sb, ')');
	sb_addf(sb, "</li>\n<li>notes: <b id=\"n-notes\">%u</b></li>\n",
	    nnotes);
	if (p->verified_units < 0)
		sb_adds(sb, "<li>verified: no (--no-verify)</li>\n");
	else
		sb_addf(sb,
		    "<li>verified: %ld unit%s parsed with VIMAGE, %ld of them "
		    "without it too</li>\n",
		    p->verified_units, p->verified_units == 1 ? "" : "s",
		    p->verified_plain);
	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < p->m->varlist.n; i++) {
		const struct var_stats *st;

		if (!p->m->varlist.v[i]->selected)
			continue;
		st = &p->stats[p->m->varlist.v[i]->idx];
		sum.uses_file += st->uses_file;
		sum.uses_arg += st->uses_arg;
		sum.uses_body += st->uses_body;
		sum.uses_static += st->uses_static;
		sum.sysctls += st->sysctls;
		sum.uses_scope += st->uses_scope;
		sum.uses_spelled += st->uses_spelled;
	}
	sb_addf(sb,
	    "<li>uses rewritten: %u in code, %u in macro arguments, %u in "
	    "macro bodies (macro edits), %u in static initializers, %u "
	    "sysctls; decided by the AST but for %u by scope (arguments the "
	    "expansion drops) and %u by spelling (code no configuration "
	    "compiles)</li>\n",
	    sum.uses_file, sum.uses_arg, sum.uses_body, sum.uses_static,
	    sum.sysctls, sum.uses_scope, sum.uses_spelled);
	if (nconflicts > 0)
		sb_addf(sb, "<li>conflicting edits dropped: %zu</li>\n",
		    nconflicts);
	sb_adds(sb, "</ul>\n");
}

/*
 * The rows of items a browser can take in the index and still show it
 * at once; past them the index carries the items as data, which its
 * script turns into rows when asked, and items.html has them all.
 */
#define INDEX_ROWS 500

static void
items_table(const struct plan *p, struct strbuf *sb, size_t limit)
{
	const struct review *r;
	size_t i, n;

	sb_adds(sb,
	    "<h2>Review items and notes</h2>\n"
	    "<form id=\"filter\" hidden>kind <select id=\"f-kind\">"
	    "<option value=\"\">all</option>");
	for (i = 0; i < REVIEW_NKINDS; i++)
		sb_addf(sb, "<option>%s</option>",
		    review_kind_name((enum review_kind)i));
	sb_adds(sb,
	    "</select> level <select id=\"f-level\">"
	    "<option value=\"\">all</option><option>review</option>"
	    "<option>note</option></select> file or directory "
	    "<input id=\"f-file\" size=\"30\"> <span id=\"shown\">"
	    "</span></form>\n");
	/* HTML has no empty table body: say it in words. */
	if (p->reviews.n == 0) {
		sb_adds(sb,
		    "<p id=\"no-items\">No review item and no note: "
		    "nothing here needs a person.</p>\n");
		return;
	}
	sb_adds(sb,
	    "<table id=\"items\">\n<colgroup><col class=\"k\">"
	    "<col class=\"l\"><col class=\"s\"><col class=\"p\">"
	    "<col class=\"v\"><col></colgroup>\n<thead><tr>"
	    "<th data-sort=\"t\">kind</th><th data-sort=\"t\">level</th>"
	    "<th data-sort=\"t\">state</th><th data-sort=\"t\">place</th>"
	    "<th data-sort=\"t\">variable</th><th>reason</th>"
	    "</tr></thead>\n<tbody>\n");
	for (i = 0; i < p->reviews.n && i < limit; i++) {
		r = &p->reviews.v[i];
		sb_addf(sb,
		    "<tr class=\"%s\" data-kind=\"%s\" data-level=\"%s\" "
		    "data-file=\"",
		    r->note ? "note" : "review", review_kind_name(r->kind),
		    r->note ? "note" : "review");
		text(sb,
		    r->file == NULL	       ? ""
			: r->file->rel != NULL ? r->file->rel
					       : r->file->path);
		/*
		 * The cells' end tags are implied; the reason is its first
		 * clause, whole on the file's page.  At 10,000 items the
		 * index is what a browser must parse before it can show it.
		 */
		sb_addf(sb, "\"><td>%s<td>%s<td>%s<td>",
		    review_kind_name(r->kind), r->note ? "note" : "review",
		    report_state_name(r->state));
		place_link(sb, r->file, r->off, "");
		sb_adds(sb, "<td>");
		text(sb, r->var);
		sb_adds(sb, "<td>");
		n = strcspn(r->reason, ";");
		html_text(sb, r->reason, n);
		if (r->reason[n] != '\0')
			sb_adds(sb, "; &hellip;");
		sb_adds(sb, "\n");
	}
	sb_adds(sb, "</tbody>\n</table>\n");
	if (limit < p->reviews.n)
		sb_addf(sb,
		    "<p id=\"more\">The first %zu of %zu items are listed "
		    "here; <a href=\"items.html\">items.html</a> has every "
		    "one (a long page), or filter them. <button "
		    "id=\"show-all\" type=\"button\" hidden>show all</button>"
		    "</p>\n",
		    limit, p->reviews.n);
}

/* The name a review item's file goes by in the report. */
static const char *
item_file(const struct review *r)
{
	return (r->file == NULL	       ? ""
		: r->file->rel != NULL ? r->file->rel
				       : r->file->path);
}

/*
 * Every item as data for the index's script (see items_table()): files
 * and reasons once each, an item as [kind, note, state, file, line,
 * column, variable, reason].
 */
static void
items_data(const struct plan *p, struct strbuf *sb)
{
	struct hmap files = {0}, reasons = {0};
	VEC(const struct review *) ffirst = {0};
	VEC(const char *) rtexts = {0};
	struct strbuf js = STRBUF_INIT;
	const struct review *r;
	unsigned line, col;
	const char *t;
	void **slot;
	size_t i, k;
	char *pg;

	for (i = 0; i < p->reviews.n; i++) {
		r = &p->reviews.v[i];
		slot = hmap_put(&files, item_file(r),
		    (void *)(uintptr_t)(ffirst.n + 1));
		if ((uintptr_t)*slot == ffirst.n + 1)
			VEC_PUSH(&ffirst, r);
		slot = hmap_put(&reasons, r->reason,
		    (void *)(uintptr_t)(rtexts.n + 1));
		if ((uintptr_t)*slot == rtexts.n + 1)
			VEC_PUSH(&rtexts, r->reason);
	}
	sb_adds(&js, "{\"kinds\":[");
	for (k = 0; k < REVIEW_NKINDS; k++) {
		sb_adds(&js, k > 0 ? "," : "");
		json_str(&js, review_kind_name((enum review_kind)k));
	}
	sb_adds(&js,
	    "],\"states\":[\"open\",\"acknowledged\","
	    "\"in the baseline\"],\"files\":[");
	for (k = 0; k < ffirst.n; k++) {
		sb_adds(&js, k > 0 ? "," : "");
		json_str(&js, item_file(ffirst.v[k]));
	}
	sb_adds(&js, "],\"pages\":[");
	for (k = 0; k < ffirst.n; k++) {
		sb_adds(&js, k > 0 ? "," : "");
		if (ffirst.v[k]->file != NULL &&
		    ffirst.v[k]->file->rel != NULL) {
			pg = href_of(ffirst.v[k]->file);
			json_str(&js, pg);
			free(pg);
		} else
			sb_adds(&js, "null");
	}
	sb_adds(&js, "],\"reasons\":[");
	for (k = 0; k < rtexts.n; k++) {
		sb_adds(&js, k > 0 ? "," : "");
		json_str(&js, rtexts.v[k]);
	}
	sb_adds(&js, "],\"items\":[");
	for (i = 0; i < p->reviews.n; i++) {
		r = &p->reviews.v[i];
		line = col = 0;
		if (r->file != NULL && r->file->loaded)
			file_line_col(r->file, r->off, &line, &col);
		sb_addf(&js, "%s[%d,%d,%d,%zu,%u,%u,", i > 0 ? "," : "",
		    (int)r->kind, r->note ? 1 : 0, (int)r->state,
		    (size_t)((uintptr_t)hmap_get(&files, item_file(r)) - 1),
		    line, col);
		json_str(&js, r->var != NULL ? r->var : "");
		sb_addf(&js, ",%zu]",
		    (size_t)((uintptr_t)hmap_get(&reasons, r->reason) - 1));
	}
	sb_adds(&js, "]}");
	/* Nothing in the data may end the script element. */
	sb_adds(sb, "<script type=\"application/json\" id=\"items-data\">");
	for (t = sb_str(&js); *t != '\0'; t++)
		if (t[0] == '<' && t[1] == '/')
			sb_adds(sb, "<\\");
		else
			sb_addc(sb, *t);
	sb_adds(sb, "</script>\n");
	sb_free(&js);
	hmap_free(&files, NULL);
	hmap_free(&reasons, NULL);
	VEC_FREE(&ffirst);
	VEC_FREE(&rtexts);
}

static void
vars_table(const struct plan *p, struct strbuf *sb)
{
	const struct var_stats *st;
	const struct var *v;
	const struct decl *d;
	size_t i;

	sb_adds(sb,
	    "<h2>Variables</h2>\n<table id=\"vars\">\n<thead><tr>"
	    "<th data-sort=\"t\">variable</th><th data-sort=\"t\">type"
	    "</th><th data-sort=\"n\">size</th><th data-sort=\"t\">"
	    "defined at</th><th data-sort=\"n\">code</th>"
	    "<th data-sort=\"n\">macro args</th><th data-sort=\"n\">"
	    "macro bodies</th><th data-sort=\"n\">static init</th>"
	    "<th data-sort=\"n\">sysctl</th><th data-sort=\"n\">by "
	    "scope</th><th data-sort=\"n\">by spelling</th>"
	    "<th>notes</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < p->m->varlist.n; i++) {
		v = p->m->varlist.v[i];
		if (!v->selected)
			continue;
		st = &p->stats[v->idx];
		d = var_defining_decl(v);
		sb_adds(sb, "<tr data-file=\"");
		text(sb, d->file->rel != NULL ? d->file->rel : d->file->path);
		sb_adds(sb, "\"><td><code>");
		text(sb, v->vname);
		sb_adds(sb, "</code></td><td><code>");
		text(sb, v->type);
		sb_adds(sb, "</code></td><td class=\"n\">");
		if (v->size >= 0)
			sb_addf(sb, "%lld", v->size);
		sb_adds(sb, "</td><td>");
		place_link(sb, d->file, d->name_off, "");
		sb_addf(sb,
		    "</td><td class=\"n\">%u</td><td class=\"n\">%u</td>"
		    "<td class=\"n\">%u</td><td class=\"n\">%u</td>"
		    "<td class=\"n\">%u</td><td class=\"n\">%u</td>"
		    "<td class=\"n\">%u</td><td>",
		    st->uses_file, st->uses_arg, st->uses_body, st->uses_static,
		    st->sysctls, st->uses_scope, st->uses_spelled);
		if (v->converted)
			sb_adds(sb, "already converted; ");
		if (st->hoisted) {
			sb_adds(sb, "local static of ");
			text(sb, v->function);
			sb_adds(sb, "() moved to file scope; ");
		}
		if (st->initialiser)
			sb_adds(sb, "per-instance initialiser generated; ");
		if (st->header_define)
			sb_adds(sb, "V_ defined in its header; ");
		text(sb, st->why);
		sb_adds(sb, "</td></tr>\n");
	}
	sb_adds(sb, "</tbody>\n</table>\n");
}

/* The files with a page: those the edits change or an item points into. */
static size_t
page_files(const struct plan *p, struct srcfile ***out)
{
	struct hmap seen = {0};
	struct srcfile **v = NULL, *f;
	size_t n = 0, cap = 0, i;

	for (i = 0; i < edits_nfiles(p->edits) + p->reviews.n; i++) {
		f = i < edits_nfiles(p->edits)
		    ? model_file(p->m, edits_file(p->edits, i))
		    : p->reviews.v[i - edits_nfiles(p->edits)].file;
		if (f == NULL || f->rel == NULL || hmap_has(&seen, f->path))
			continue;
		(void)hmap_put(&seen, f->path, NULL);
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = f;
	}
	hmap_free(&seen, NULL);
	*out = v;
	return (n);
}

static int
cmp_rel(const void *a, const void *b)
{
	return (strcmp((*(struct srcfile *const *)a)->rel,
	    (*(struct srcfile *const *)b)->rel));
}

static void
files_table(const struct plan *p, struct srcfile **files, size_t n,
    struct strbuf *sb)
{
	const struct edit *e;
	size_t i, k, ne, ni;
	char *pg;

	sb_adds(sb,
	    "<h2>Files</h2>\n<table id=\"files\">\n<thead><tr>"
	    "<th data-sort=\"t\">file</th><th data-sort=\"n\">edits"
	    "</th><th data-sort=\"n\">review items</th></tr></thead>\n"
	    "<tbody>\n");
	for (i = 0; i < n; i++) {
		e = edits_for_file(p->edits, files[i]->path, &ne);
		for (k = ni = 0; k < p->reviews.n; k++)
			ni += p->reviews.v[k].file == files[i] &&
			    !p->reviews.v[k].note;
		pg = href_of(files[i]);
		sb_adds(sb, "<tr><td><a href=\"");
		text(sb, pg);
		sb_adds(sb, "\">");
		text(sb, files[i]->rel);
		sb_addf(sb,
		    "</a></td><td class=\"n\">%zu</td><td class=\"n\">"
		    "%zu</td></tr>\n",
		    e != NULL ? ne : 0, ni);
		free(pg);
	}
	sb_adds(sb, "</tbody>\n</table>\n");
}

/* The unified diff of one file, as the -o output would have it. */
static char *
file_diff(const struct plan *p, struct srcfile *f)
{
	struct edit_set *one = edits_new();
	const struct edit *e;
	size_t n, i, len;
	char *buf = NULL;
	FILE *mem;

	e = edits_for_file(p->edits, f->path, &n);
	for (i = 0; e != NULL && i < n; i++)
		edits_add(one, f->path, e[i].off, e[i].len, e[i].text,
		    e[i].order, e[i].why);
	if (file_load(f))
		edits_expect_data(one, f->path, f->data, f->len);
	(void)edits_finalize(one, NULL, NULL);
	mem = open_memstream(&buf, &len);
	if (mem != NULL) {
		(void)diff_write(mem, p->m->root, one);
		fclose(mem);
	}
	edits_free(one);
	return (buf);
}

/* The review items and notes of f at its line L, as table rows. */
static void
items_at(const struct plan *p, const struct srcfile *f, unsigned line,
    struct strbuf *sb)
{
	const struct review *r;
	unsigned l, c;
	size_t i;

	for (i = 0; i < p->reviews.n; i++) {
		r = &p->reviews.v[i];
		if (r->file != f)
			continue;
		file_line_col(f, r->off, &l, &c);
		if (l != line)
			continue;
		sb_addf(sb,
		    "<tr class=\"item %s\"><td></td><td></td><td>"
		    "<b>%s</b> (%s) at %u:%u: ",
		    r->note ? "note" : "review", review_kind_name(r->kind),
		    r->note ? "note" : "review", l, c);
		text(sb, r->reason);
		sb_adds(sb, "</td></tr>\n");
	}
}

/*
 * Why the edits of line L (1-based, of the file as it was) were made, a
 * cell: "use of foo_mtu; definition".  Each reason once.
 */
static void
edit_reasons(const struct plan *p, const struct srcfile *f, unsigned line,
    struct strbuf *sb)
{
	const struct edit *e;
	const char *s = f->data, *end = f->data + f->len, *nl;
	size_t n, i, k, a, b;
	bool first = true, again;

	for (; line > 1 && s < end; line--) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			return;
		s = nl + 1;
	}
	a = (size_t)(s - f->data);
	nl = memchr(s, '\n', (size_t)(end - s));
	b = nl != NULL ? (size_t)(nl - f->data) + 1 : f->len;
	sb_adds(sb, "<td class=\"why\">");
	e = edits_for_file(p->edits, f->path, &n);
	for (i = 0; e != NULL && i < n; i++) {
		if (e[i].why == NULL || e[i].off < a || e[i].off >= b)
			continue;
		for (k = 0, again = false; k < i && !again; k++)
			again = e[k].why != NULL && e[k].off >= a &&
			    e[k].off < b && strcmp(e[k].why, e[i].why) == 0;
		if (again)
			continue;
		if (!first)
			sb_adds(sb, "; ");
		text(sb, e[i].why);
		first = false;
	}
	sb_adds(sb, "</td>");
}

/*
 * A file's page: its items and entry points, then the patch with the old
 * and new line numbers and each item under the line it is at; the old
 * lines carry the anchors the index links to (#L<line>), and a removed
 * line says why its edits were made.
 */
static void
file_page(const struct plan *p, struct srcfile *f, const char *index_name,
    struct strbuf *sb)
{
	const struct review *r;
	const struct context_site *cs;
	const struct func_def *fd;
	unsigned oldl = 0, newl = 0, l, c, a, b;
	char *diff, *line, *eol, *up;
	const char *s;
	size_t i, k, depth, nitems = 0;
	bool *shown;

	for (s = f->rel, depth = 0; *s != '\0'; s++)
		depth += *s == '/';
	up = xstrdup("../");
	for (k = 0; k < depth; k++) {
		char *u2 = xasprintf("%s../", up);

		free(up);
		up = u2;
	}
	head(sb, f->rel);
	sb_addf(sb, "<p><a href=\"%s", up);
	text(sb, index_name);
	sb_adds(sb, "\">index</a></p>\n<h1>");
	text(sb, f->rel);
	sb_adds(sb, "</h1>\n");
	for (i = 0; i < p->sites.n; i++) {
		cs = &p->sites.v[i];
		if (cs->f != f)
			continue;
		sb_adds(sb, "<p class=\"entry\">entry point <code>");
		text(sb, cs->function);
		sb_adds(sb, "()</code>");
		for (k = 0; k < p->m->funcs.n; k++) {
			fd = &p->m->funcs.v[k];
			if (fd->file == f &&
			    strcmp(fd->name, cs->function) == 0) {
				file_line_col(f, fd->start, &l, &c);
				sb_addf(sb, " (<a href=\"#L%u\">line %u</a>)",
				    l, l);
				break;
			}
		}
		sb_adds(sb, ": its vnet is <code>");
		text(sb, cs->expr);
		sb_adds(sb, "</code></p>\n");
	}
	sb_adds(sb,
	    "<h2>Review items and notes</h2>\n<ul id=\"file-items\">\n");
	for (i = 0; i < p->reviews.n; i++) {
		r = &p->reviews.v[i];
		if (r->file != f)
			continue;
		nitems++;
		file_line_col(f, r->off, &l, &c);
		sb_addf(sb,
		    "<li class=\"%s\"><a href=\"#L%u\">%u:%u</a> "
		    "<b>%s</b>: ",
		    r->note ? "note" : "review", l, l, c,
		    review_kind_name(r->kind));
		text(sb, r->reason);
		sb_adds(sb, "</li>\n");
	}
	if (nitems == 0)
		sb_adds(sb, "<li>none</li>\n");
	sb_adds(sb, "</ul>\n<h2>The patch</h2>\n<table class=\"patch\">\n");
	diff = file_diff(p, f);
	shown = xcalloc(f->len + 2, 1);
	for (line = diff; line != NULL && *line != '\0'; line = eol) {
		eol = strchr(line, '\n');
		eol = eol != NULL ? eol + 1 : line + strlen(line);
		k = (size_t)(eol - line);
		while (k > 0 && (line[k - 1] == '\n' || line[k - 1] == '\r'))
			k--;
		if (strncmp(line, "--- ", 4) == 0 ||
		    strncmp(line, "+++ ", 4) == 0 || line[0] == '\\')
			continue;
		if (strncmp(line, "@@", 2) == 0) {
			if (sscanf(line, "@@ -%u,%*u +%u", &a, &b) == 2 ||
			    sscanf(line, "@@ -%u +%u", &a, &b) == 2) {
				oldl = a;
				newl = b;
			}
			sb_adds(sb,
			    "<tr class=\"hunk\"><td></td><td></td><td>"
			    "<pre>");
			html_text(sb, line, k);
			sb_adds(sb, "</pre></td></tr>\n");
			continue;
		}
		if (line[0] == '-') {
			sb_addf(sb,
			    "<tr class=\"del\" id=\"L%u\"><td class=\"ln\">"
			    "%u</td><td class=\"ln\"></td><td><pre>",
			    oldl, oldl);
			html_text(sb, line, k);
			sb_adds(sb, "</pre></td>");
			edit_reasons(p, f, oldl, sb);
			sb_adds(sb, "</tr>\n");
			if (oldl <= f->len)
				shown[oldl] = true;
			items_at(p, f, oldl, sb);
			oldl++;
		} else if (line[0] == '+') {
			sb_addf(sb,
			    "<tr class=\"add\"><td class=\"ln\"></td>"
			    "<td class=\"ln\">%u</td><td><pre>",
			    newl);
			html_text(sb, line, k);
			sb_adds(sb, "</pre></td></tr>\n");
			newl++;
		} else {
			sb_addf(sb,
			    "<tr class=\"ctx\" id=\"L%u\"><td class=\"ln\">"
			    "%u</td><td class=\"ln\">%u</td><td><pre>",
			    oldl, oldl, newl);
			html_text(sb, line, k);
			sb_adds(sb, "</pre></td></tr>\n");
			if (oldl <= f->len)
				shown[oldl] = true;
			items_at(p, f, oldl, sb);
			oldl++;
			newl++;
		}
	}
	/* Items on lines the patch leaves alone: their line, as it is. */
	for (i = 0; i < p->reviews.n; i++) {
		r = &p->reviews.v[i];
		if (r->file != f)
			continue;
		file_line_col(f, r->off, &l, &c);
		if (l <= f->len && shown[l])
			continue;
		shown[l <= f->len ? l : 0] = true;
		sb_addf(sb,
		    "<tr class=\"hunk\"><td></td><td></td><td><pre>"
		    "unchanged line %u</pre></td></tr>\n"
		    "<tr class=\"ctx\" id=\"L%u\"><td class=\"ln\">%u</td>"
		    "<td class=\"ln\"></td><td><pre>",
		    l, l, l);
		s = f->data + r->off;
		while (s > f->data && s[-1] != '\n')
			s--;
		k = strcspn(s, "\r\n");
		html_text(sb, s, k);
		sb_adds(sb, "</pre></td></tr>\n");
		items_at(p, f, l, sb);
	}
	sb_adds(sb, "</table>\n</body>\n</html>\n");
	free(shown);
	free(diff);
	free(up);
}

/* Makes every directory above path. */
static int
make_parents(const char *path)
{
	char *d = xstrdup(path), *s;
	int error = 0;

	for (s = d + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(d, 0777) != 0 && errno != EEXIST) {
			error = errno;
			break;
		}
		*s = '/';
	}
	free(d);
	return (error);
}

void
report_html_render(const struct plan *p, size_t nconflicts,
    const char *index_name, struct report_pages *out)
{
	struct srcfile **files;
	struct strbuf sb = STRBUF_INIT;
	size_t n, i;

	memset(out, 0, sizeof(*out));
	n = page_files(p, &files);
	if (n > 0)
		qsort(files, n, sizeof(*files), cmp_rel);
	head(&sb, "vnetify rewrite report");
	sb_adds(&sb, "<h1>vnetify rewrite report</h1>\n");
	provenance(p, &sb);
	totals(p, nconflicts, &sb);
	items_table(p, &sb, INDEX_ROWS);
	vars_table(p, &sb);
	files_table(p, files, n, &sb);
	if (p->reviews.n > INDEX_ROWS)
		items_data(p, &sb);
	sb_addf(&sb, "<script>%s</script>\n</body>\n</html>\n", script);
	VEC_PUSH(&out->pages,
	    ((struct report_page){xstrdup(index_name), sb_detach(&sb)}));
	if (p->reviews.n > INDEX_ROWS) {
		head(&sb, "vnetify rewrite report: every item");
		sb_adds(&sb, "<p><a href=\"");
		text(&sb, index_name);
		sb_adds(&sb, "\">index</a></p>\n");
		items_table(p, &sb, p->reviews.n);
		sb_adds(&sb, "</body>\n</html>\n");
		VEC_PUSH(&out->pages,
		    ((struct report_page){xstrdup("items.html"),
			sb_detach(&sb)}));
	}
	for (i = 0; i < n; i++) {
		file_page(p, files[i], index_name, &sb);
		VEC_PUSH(&out->pages,
		    ((struct report_page){page_of(files[i]), sb_detach(&sb)}));
	}
	free(files);
}

int
report_html_write(const struct report_pages *rp, const char *dir)
{
	char *path;
	size_t i;
	int error = 0;

	for (i = 0; i < rp->pages.n && error == 0; i++) {
		path = path_join(dir, rp->pages.v[i].name);
		if ((error = make_parents(path)) != 0)
			diag_error(path, 0, 0, "cannot make its directory: %s",
			    strerror(error));
		else
			error = write_file(path, rp->pages.v[i].html,
			    strlen(rp->pages.v[i].html));
		free(path);
	}
	return (error);
}

void
report_pages_free(struct report_pages *rp)
{
	size_t i;

	for (i = 0; i < rp->pages.n; i++) {
		free(rp->pages.v[i].name);
		free(rp->pages.v[i].html);
	}
	VEC_FREE(&rp->pages);
}
