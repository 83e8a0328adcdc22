/*
 * json.h: text escaped for the reports: JSON strings per RFC 8259,
 * Markdown, and HTML.
 */
#ifndef VNETIFY_JSON_H
#define VNETIFY_JSON_H

#include "support/util.h"

/* Appends s as a JSON string literal (null for NULL). */
void json_str(struct strbuf *, const char *s);
/* Appends s escaped for Markdown text and table cells. */
void md_cell(struct strbuf *, const char *s);
/* Appends s as a Markdown code span (in a table cell too). */
void md_code(struct strbuf *, const char *s);
/*
 * Appends n bytes of s as HTML text (attribute values too): & < > " '
 * escaped, and, as json_str does, a byte that starts no UTF-8 sequence
 * as the Latin-1 character it would be.
 */
void html_text(struct strbuf *, const char *s, size_t n);

#endif /* !VNETIFY_JSON_H */
