/*
 * lint_out.h: lint's findings written out (lint_out.c).
 */
#ifndef VNETIFY_LINT_OUT_H
#define VNETIFY_LINT_OUT_H

#include "lint/lint.h"

/* "file:line:col: warning: message [rule]" and fix-it: lines. */
void lint_write_text(const struct lint_run *, struct strbuf *);
void lint_write_json(const struct lint_run *, struct strbuf *);
/* SARIF 2.1.0; URIs relative to root (the SRCROOT base). */
void lint_write_sarif(const struct lint_run *, const char *root,
    const char *version, struct strbuf *);

#endif /* !VNETIFY_LINT_OUT_H */
