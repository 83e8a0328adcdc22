/*
 * json.c: see json.h.
 */
#include "output/json.h"

/* The length of the valid UTF-8 sequence at p, or 0. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t k, i;
	unsigned cp;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return (0);
	k = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	cp = p[0] & (0x7f >> k);
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return (0);
	return (k);
}

/* Would a sequence starting at p end before end? */
static int
utf8_fits(const unsigned char *p, const unsigned char *end)
{
	size_t k = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;

	return ((size_t)(end - p) >= k);
}

/*
 * Legacy sources are often Latin-1: a byte that starts no valid UTF-8
 * sequence is written as the Latin-1 character it would be, so the output
 * is valid JSON for any input and nothing is dropped.
 */
void
json_str(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k;

	if (s == NULL) {
		sb_adds(sb, "null");
		return;
	}
	sb_addc(sb, '"');
	while (*p != '\0') {
		switch (*p) {
		case '"':
			sb_adds(sb, "\\\"");
			break;
		case '\\':
			sb_adds(sb, "\\\\");
			break;
		case '\n':
			sb_adds(sb, "\\n");
			break;
		case '\t':
			sb_adds(sb, "\\t");
			break;
		case '\r':
			sb_adds(sb, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				sb_addf(sb, "\\u%04x", *p);
			else if (*p < 0x80)
				sb_addc(sb, (char)*p);
			else if ((k = utf8_len(p)) > 0) {
				sb_add(sb, (const char *)p, k);
				p += k;
				continue;
			} else
				sb_addf(sb, "\\u%04x", *p);
		}
		p++;
	}
	sb_addc(sb, '"');
}

/*
 * Text as a Markdown code span: no escape means anything inside one, so
 * the fence is one backtick longer than the longest run in the text, and
 * padded with a blank where the text starts or ends with one.
 */
void
md_code(struct strbuf *sb, const char *s)
{
	size_t run = 0, longest = 0, i;
	bool pad;

	for (i = 0; s[i] != '\0'; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	pad = s[0] == '`' || (i > 0 && s[i - 1] == '`');
	for (i = 0; i <= longest; i++)
		sb_addc(sb, '`');
	if (pad)
		sb_addc(sb, ' ');
	for (i = 0; s[i] != '\0'; i++)
		sb_addc(sb, s[i] == '\n' || s[i] == '|' ? ' ' : s[i]);
	if (pad)
		sb_addc(sb, ' ');
	for (i = 0; i <= longest; i++)
		sb_addc(sb, '`');
}

void
md_cell(struct strbuf *sb, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '|' || *s == '`' || *s == '*' || *s == '_' ||
		    *s == '<' || *s == '>' || *s == '[' || *s == ']')
			sb_addc(sb, '\\');
		sb_addc(sb, *s == '\n' ? ' ' : *s);
	}
}

void
html_text(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t k;

	while (p < end) {
		switch (*p) {
		case '&':
			sb_adds(sb, "&amp;");
			break;
		case '<':
			sb_adds(sb, "&lt;");
			break;
		case '>':
			sb_adds(sb, "&gt;");
			break;
		case '"':
			sb_adds(sb, "&quot;");
			break;
		case '\'':
			sb_adds(sb, "&#39;");
			break;
		default:
			if (*p < 0x80) {
				if (*p < 0x20 && *p != '\t' && *p != '\n')
					sb_addf(sb, "&#x%x;", 0x2400 + *p);
				else
					sb_addc(sb, (char)*p);
				break;
			}
			k = utf8_fits(p, end) ? utf8_len(p) : 0;
			if (k > 0) {
				sb_add(sb, (const char *)p, k);
				p += k;
				continue;
			}
			sb_addf(sb, "&#x%x;", *p);
		}
		p++;
	}
}
