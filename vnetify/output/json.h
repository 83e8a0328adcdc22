/*
 * json.h: enough JSON output for reports: strings escaped per RFC 8259.
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

#endif /* !VNETIFY_JSON_H */
