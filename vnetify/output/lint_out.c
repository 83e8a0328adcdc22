/*
 * lint_out.c: lint's findings as people and tools read them: clang's
 * diagnostic lines with -fdiagnostics-parseable-fixits fix-its, JSON,
 * and SARIF 2.1.0 as GitHub code scanning takes it.
 */
#include <string.h>

#include "output/json.h"
#include "output/lint_out.h"

#define SARIF_SCHEMA                                                  \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/" \
	"schemas/sarif-schema-2.1.0.json"
#define HELP_BASE "https://github.com/vnetify/vnetify/blob/main/README.md#"

static const char *
rel_of(const struct srcfile *f)
{
	return (f->rel != NULL ? f->rel : f->path);
}

static const char *
level_name(enum lint_level l)
{
	return (l == LEVEL_ERROR ? "error" : "warning");
}

/* clang's escaping of a fix-it's text. */
static void
fixit_text(struct strbuf *sb, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			sb_addf(sb, "\\%c", *s);
		else if (*s == '\n')
			sb_adds(sb, "\\n");
		else if (*s == '\t')
			sb_adds(sb, "\\t");
		else if ((unsigned char)*s < 0x20)
			sb_addf(sb, "\\%03o", (unsigned char)*s);
		else
			sb_addc(sb, *s);
	}
}

void
lint_write_text(const struct lint_run *lr, struct strbuf *sb)
{
	const struct finding *fd;
	const struct lint_fix *fx;
	unsigned l1, c1, l2, c2;
	size_t i, k;

	for (i = 0; i < lr->findings.n; i++) {
		fd = &lr->findings.v[i];
		file_line_col(fd->f, fd->off, &l1, &c1);
		sb_addf(sb, "%s:%u:%u: %s: %s [%s]\n", rel_of(fd->f), l1, c1,
		    level_name(lr->levels[fd->rule]), fd->message,
		    lint_rules[fd->rule].id);
		for (k = 0; k < fd->fixes.n; k++) {
			fx = &fd->fixes.v[k];
			file_line_col(fd->f, fx->off, &l1, &c1);
			file_line_col(fd->f, fx->off + fx->len, &l2, &c2);
			sb_addf(sb, "fix-it:\"%s\":{%u:%u-%u:%u}:\"",
			    rel_of(fd->f), l1, c1, l2, c2);
			fixit_text(sb, fx->text);
			sb_adds(sb, "\"\n");
		}
	}
}

/* One finding's place, as JSON and SARIF both have it. */
static void
region(struct strbuf *sb, const struct srcfile *f, uint32_t a, uint32_t b)
{
	unsigned l1, c1, l2, c2;

	file_line_col(f, a, &l1, &c1);
	file_line_col(f, b, &l2, &c2);
	sb_addf(sb,
	    "{\"startLine\": %u, \"startColumn\": %u, \"endLine\": %u, "
	    "\"endColumn\": %u}",
	    l1, c1, l2, c2);
}

/* The end of the finding's place: its first fix-it's, or its token's. */
static uint32_t
end_of(const struct finding *fd)
{
	size_t j;

	if (fd->fixes.n > 0 && fd->fixes.v[0].off == fd->off)
		return (fd->off + fd->fixes.v[0].len);
	j = tok_containing(&fd->f->toks, fd->off);
	return (j != SIZE_MAX ? fd->off + fd->f->toks.t[j].len : fd->off);
}

void
lint_write_json(const struct lint_run *lr, struct strbuf *sb)
{
	const struct finding *fd;
	const struct lint_fix *fx;
	size_t i, k;

	sb_adds(sb, "[");
	for (i = 0; i < lr->findings.n; i++) {
		fd = &lr->findings.v[i];
		sb_adds(sb, i == 0 ? "\n  {\"rule\": " : ",\n  {\"rule\": ");
		json_str(sb, lint_rules[fd->rule].id);
		sb_adds(sb, ", \"level\": ");
		json_str(sb, level_name(lr->levels[fd->rule]));
		sb_adds(sb, ", \"file\": ");
		json_str(sb, rel_of(fd->f));
		sb_adds(sb, ", \"region\": ");
		region(sb, fd->f, fd->off, end_of(fd));
		sb_adds(sb, ", \"message\": ");
		json_str(sb, fd->message);
		sb_adds(sb, ", \"fixes\": [");
		for (k = 0; k < fd->fixes.n; k++) {
			fx = &fd->fixes.v[k];
			sb_adds(sb,
			    k == 0 ? "{\"region\": " : ", {\"region\": ");
			region(sb, fd->f, fx->off, fx->off + fx->len);
			sb_adds(sb, ", \"text\": ");
			json_str(sb, fx->text);
			sb_adds(sb, "}");
		}
		sb_adds(sb, "]}");
	}
	sb_adds(sb, lr->findings.n > 0 ? "\n]\n" : "]\n");
}

/*
 * A finding's identity across commits: its rule, file, the text of its
 * line with blanks squeezed, and which such line it is in the file, so
 * that a line moving down keeps it and a second identical line does not
 * share it.
 */
static uint64_t
fingerprint(const struct finding *fd, unsigned *nth)
{
	const struct srcfile *f = fd->f;
	size_t s = line_start(f->data, fd->off), e, i, t;
	struct strbuf sb = STRBUF_INIT;
	uint64_t h;

	e = line_end(f->data, f->len, fd->off);
	sb_addf(&sb, "%s\n%s\n", lint_rules[fd->rule].id, rel_of(f));
	for (i = s; i < e; i++)
		if (f->data[i] != ' ' && f->data[i] != '\t' &&
		    f->data[i] != '\n' && f->data[i] != '\r')
			sb_addc(&sb, f->data[i]);
	h = fnv1a(sb_str(&sb), sb.len);
	/* Earlier lines of the file with the same text. */
	*nth = 0;
	for (t = 0; t < s; t = line_end(f->data, f->len, t)) {
		size_t te = line_end(f->data, f->len, t), k = t, m = s;
		bool same = true;

		while (same && (k < te || m < e)) {
			while (k < te && strchr(" \t\r\n", f->data[k]) != NULL)
				k++;
			while (m < e && strchr(" \t\r\n", f->data[m]) != NULL)
				m++;
			if (k < te && m < e && f->data[k] == f->data[m]) {
				k++;
				m++;
			} else
				same = k >= te && m >= e;
		}
		*nth += same;
	}
	sb_free(&sb);
	return (h);
}

void
lint_write_sarif(const struct lint_run *lr, const char *root,
    const char *version, struct strbuf *sb)
{
	const struct finding *fd;
	const struct lint_fix *fx;
	unsigned nth;
	size_t i, k;
	int r;

	sb_adds(sb,
	    "{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n"
	    "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
	    "    \"tool\": {\"driver\": {\"name\": \"vnetify\", "
	    "\"version\": ");
	json_str(sb, version);
	sb_adds(sb,
	    ", \"informationUri\": \"" HELP_BASE "vnetify-lint\", "
	    "\"rules\": [");
	for (r = 0; r < LINT_NRULES; r++) {
		sb_adds(sb,
		    r == 0 ? "\n      {\"id\": " : ",\n      {\"id\": ");
		json_str(sb, lint_rules[r].id);
		sb_adds(sb, ", \"shortDescription\": {\"text\": ");
		json_str(sb, lint_rules[r].brief);
		sb_adds(sb, "}, \"fullDescription\": {\"text\": ");
		json_str(sb, lint_rules[r].full);
		sb_addf(sb,
		    "}, \"helpUri\": \"" HELP_BASE "%s\", "
		    "\"defaultConfiguration\": {\"level\": \"%s\"}}",
		    lint_rules[r].anchor,
		    lint_rules[r].level == LEVEL_OFF
			? "none"
			: level_name(lint_rules[r].level));
	}
	sb_adds(sb,
	    "]}},\n    \"originalUriBaseIds\": {\"SRCROOT\": "
	    "{\"uri\": ");
	{
		char *uri = xasprintf("file://%s/", root);

		json_str(sb, uri);
		free(uri);
	}
	sb_adds(sb, "}},\n    \"results\": [");
	for (i = 0; i < lr->findings.n; i++) {
		fd = &lr->findings.v[i];
		sb_adds(sb, i == 0 ? "\n      {" : ",\n      {");
		sb_addf(sb, "\"ruleId\": \"%s\", \"ruleIndex\": %d, ",
		    lint_rules[fd->rule].id, (int)fd->rule);
		sb_addf(sb, "\"level\": \"%s\", \"message\": {\"text\": ",
		    level_name(lr->levels[fd->rule]));
		json_str(sb, fd->message);
		sb_adds(sb,
		    "}, \"locations\": [{\"physicalLocation\": "
		    "{\"artifactLocation\": {\"uri\": ");
		json_str(sb, rel_of(fd->f));
		sb_adds(sb, ", \"uriBaseId\": \"SRCROOT\"}, \"region\": ");
		region(sb, fd->f, fd->off, end_of(fd));
		{
			uint64_t h = fingerprint(fd, &nth);

			sb_addf(sb,
			    "}}], \"partialFingerprints\": "
			    "{\"vnetifyLineHash/v1\": \"%016llx:%u\"}",
			    (unsigned long long)h, nth);
		}
		if (fd->fixes.n > 0) {
			sb_adds(sb,
			    ", \"fixes\": [{\"description\": {\"text\": "
			    "\"apply the fix-its\"}, "
			    "\"artifactChanges\": [{\"artifactLocation\": "
			    "{\"uri\": ");
			json_str(sb, rel_of(fd->f));
			sb_adds(sb,
			    ", \"uriBaseId\": \"SRCROOT\"}, "
			    "\"replacements\": [");
			for (k = 0; k < fd->fixes.n; k++) {
				fx = &fd->fixes.v[k];
				sb_adds(sb,
				    k == 0 ? "{\"deletedRegion\": "
					   : ", {\"deletedRegion\": ");
				region(sb, fd->f, fx->off, fx->off + fx->len);
				sb_adds(sb,
				    ", \"insertedContent\": {\"text\": ");
				json_str(sb, fx->text);
				sb_adds(sb, "}}");
			}
			sb_adds(sb, "]}]}]");
		}
		sb_adds(sb, "}");
	}
	sb_adds(sb, lr->findings.n > 0 ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n");
}
