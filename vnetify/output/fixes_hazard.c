/*
 * fixes_hazard.c: the lines clang-apply-replacements' clean-up would
 * damage (fixes_cleanup_hazards in fixes.h).
 */
#include <stdbool.h>
#include <string.h>

#include "edits/edits.h"
#include "output/fixes.h"
#include "support/util.h"

#define MORE_LINES 40

/*
 * Scans out[from, ...) a token at a time, from the start of a physical
 * line to the end of the one holding last, and on while a parenthesis
 * opened is still open; true when it meets a comma clang-format's
 * clean-up would delete.
 */
static bool
line_has_empty_argument(const char *out, size_t len, size_t from, size_t last)
{
	size_t i = from, extra = 0;
	int depth = 0;
	char prev = 0, c, q;

	while (i < len) {
		c = out[i];
		if (c == '\n') {
			if (i >= last && (depth <= 0 || ++extra > MORE_LINES))
				return (false);
			i++;
			continue;
		}
		if (c == '\\' && i + 1 < len && out[i + 1] == '\n') {
			i += 2;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v') {
			i++;
			continue;
		}
		if (c == '/' && i + 1 < len && out[i + 1] == '*') {
			const char *end = strstr(out + i + 2, "*/");

			i = end != NULL ? (size_t)(end - out) + 2 : len;
			continue;
		}
		if (c == '/' && i + 1 < len && out[i + 1] == '/') {
			while (i < len && out[i] != '\n')
				i++;
			continue;
		}
		if (c == '"' || c == '\'') {
			for (q = c, i++; i < len && out[i] != q; i++)
				if (out[i] == '\\' && i + 1 < len)
					i++;
				else if (out[i] == '\n')
					break;
			i++;
			prev = 'x';
			continue;
		}
		if ((prev == '(' && c == ',') || (prev == ',' && c == ')') ||
		    (prev == ',' && c == ','))
			return (true);
		depth += c == '(' ? 1 : c == ')' ? -1 : 0;
		prev = c;
		i++;
	}
	return (false);
}

size_t
fixes_cleanup_hazards(const char *data, size_t len, const struct edit *e,
    size_t n, size_t *at)
{
	struct strbuf out = STRBUF_INIT;
	size_t *start = xcalloc(n + 1, sizeof(*start));
	size_t i, pos = 0, found = 0, from, last, tl;

	/* The edited text, and where each edit's text begins in it. */
	for (i = 0; i < n; i++) {
		sb_add(&out, data + pos, e[i].off - pos);
		start[i] = out.len;
		sb_adds(&out, e[i].text);
		pos = e[i].off + e[i].len;
	}
	sb_add(&out, data + pos, len - pos);
	for (i = 0; i < n; i++) {
		tl = strlen(e[i].text);
		from = start[i];
		for (;;) {
			while (from > 0 && out.s[from - 1] != '\n')
				from--;
			if (from < 2 || out.s[from - 2] != '\\')
				break;
			from--; /* a continued line: its start too */
		}
		last = start[i] + (tl > 0 ? tl - 1 : 0);
		if (line_has_empty_argument(sb_str(&out), out.len, from, last))
			at[found++] = i;
	}
	free(start);
	sb_free(&out);
	return (found);
}
