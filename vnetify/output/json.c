/*
 * json.c: see json.h.
 */
#include "output/json.h"

void
json_str(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL) {
		sb_adds(sb, "null");
		return;
	}
	sb_addc(sb, '"');
	for (; *p != '\0'; p++) {
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
			if (*p < 0x20)
				sb_addf(sb, "\\u%04x", *p);
			else
				sb_addc(sb, (char)*p);
		}
	}
	sb_addc(sb, '"');
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
