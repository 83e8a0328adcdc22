/*
 * fixes.c: see fixes.h.
 *
 * Every string goes out double-quoted, the one YAML style that can hold any
 * text on one line: LLVM's reader takes the bytes between the quotes as
 * they are, except for backslash escapes and line folding, so newlines,
 * other control characters, quotes and backslashes are escaped, and the
 * few code points YAML counts as line breaks or byte order marks are
 * written as \u escapes.  Any other byte, valid UTF-8 or not, goes out
 * raw and comes back unchanged.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "edits/edits.h"
#include "output/fixes.h"
#include "support/diag.h"
#include "support/util.h"

/*
 * The code point of the UTF-8 sequence at p (n bytes left), and its length
 * in *len; 0 with *len 1 for a byte that does not start a valid sequence.
 */
static uint32_t
utf8_decode(const unsigned char *p, size_t n, size_t *len)
{
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	uint32_t cp;
	size_t k, i;

	*len = 1;
	if (p[0] < 0xc2 || p[0] > 0xf4)
		return (0);
	k = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (n < k)
		return (0);
	cp = p[0] & (0x7f >> k);
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min[k] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return (0);
	*len = k;
	return (cp);
}

static void
add_quoted(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, len;
	uint32_t cp;

	sb_addc(sb, '"');
	for (i = 0; i < n; i += len) {
		len = 1;
		switch (p[i]) {
		case '"':
			sb_adds(sb, "\\\"");
			continue;
		case '\\':
			sb_adds(sb, "\\\\");
			continue;
		case '\n':
			sb_adds(sb, "\\n");
			continue;
		case '\t':
			sb_adds(sb, "\\t");
			continue;
		case '\r':
			sb_adds(sb, "\\r");
			continue;
		}
		if (p[i] < 0x20 || p[i] == 0x7f) {
			sb_addf(sb, "\\x%02x", p[i]);
			continue;
		}
		if (p[i] < 0x80) {
			sb_addc(sb, (char)p[i]);
			continue;
		}
		cp = utf8_decode(p + i, n - i, &len);
		if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 ||
		    cp == 0x2029 || cp == 0xfeff)
			sb_addf(sb, "\\u%04x", (unsigned)cp);
		else
			sb_add(sb, s + i, len);
	}
	sb_addc(sb, '"');
}

/*
 * What a person reads for one replacement: why it is made, and what it
 * writes (its first line, cut short), or that it deletes.
 */
static char *
message_of(const char *why, const char *text)
{
	size_t n = strcspn(text, "\n");

	if (text[0] == '\0')
		return (xasprintf("vnetify: %s: delete", why));
	if (n > 60)
		return (xasprintf("vnetify: %s: write %.57s...", why, text));
	return (xasprintf("vnetify: %s: write %.*s%s", why, (int)n, text,
	    text[n] != '\0' ? " ..." : ""));
}

/* One diagnostic carrying one replacement. */
static void
add_diagnostic(struct strbuf *sb, const char *file, size_t off, size_t len,
    const char *text, const char *why)
{
	char *msg = message_of(why, text);

	sb_adds(sb,
	    "  - DiagnosticName:  vnetify\n"
	    "    DiagnosticMessage:\n"
	    "      Message:         ");
	add_quoted(sb, msg);
	free(msg);
	sb_adds(sb, "\n      FilePath:        ");
	add_quoted(sb, file);
	sb_addf(sb, "\n      FileOffset:      %zu\n", off);
	sb_adds(sb,
	    "      Replacements:\n"
	    "        - FilePath:        ");
	add_quoted(sb, file);
	sb_addf(sb, "\n          Offset:          %zu\n", off);
	sb_addf(sb, "          Length:          %zu\n", len);
	sb_adds(sb, "          ReplacementText: ");
	add_quoted(sb, text);
	sb_adds(sb, "\n    Level:           Warning\n");
}

int
fixes_write_yaml(FILE *out, const char *main_source_file,
    const struct edit_set *set)
{
	struct strbuf sb = STRBUF_INIT, text = STRBUF_INIT, why = STRBUF_INIT;
	size_t nf = edits_nfiles(set), f, n, i, j, k;
	const struct edit *e;
	const char *file;
	int error = 0;

	sb_adds(&sb, "---\nMainSourceFile:  ");
	add_quoted(&sb, main_source_file);
	sb_adds(&sb, "\nDiagnostics:");
	k = sb.len;
	sb_addc(&sb, '\n');
	for (f = 0; f < nf; f++) {
		file = edits_file(set, f);
		e = edits_for_file(set, file, &n);
		for (i = 0; i < n; i = j) {
			/* Insertions at one offset leave as one, in order. */
			sb_reset(&text);
			sb_reset(&why);
			for (j = i; j < n &&
			    (j == i ||
				(e[j].len == 0 && e[i].len == 0 &&
				    e[j].off == e[i].off));
			    j++) {
				sb_adds(&text, e[j].text);
				if (e[j].why == NULL)
					continue;
				if (why.len > 0)
					sb_adds(&why, "; ");
				sb_adds(&why, e[j].why);
			}
			if (e[i].len == 0 && text.len == 0)
				continue;
			add_diagnostic(&sb, file, e[i].off, e[i].len,
			    sb_str(&text), why.len > 0 ? sb_str(&why) : "edit");
		}
	}
	if (sb.len == k + 1) {
		sb.len = k;
		sb_adds(&sb, "     []\n");
	}
	sb_adds(&sb, "...\n");
	if (fwrite(sb.s, 1, sb.len, out) != sb.len || fflush(out) != 0) {
		diag_error(NULL, 0, 0, "cannot write the fixes: %s",
		    strerror(errno));
		error = EIO;
	}
	sb_free(&sb);
	sb_free(&text);
	sb_free(&why);
	return (error);
}
