/*
 * findings.c: the rules' descriptions and the list of findings.
 */
#include <stdarg.h>
#include <string.h>

#include "lint/lint.h"
#include "model/tokens.h"

const struct lint_rule_info lint_rules[LINT_NRULES] = {
    {"vnet-missing-prefix",
	"A variable defined with VNET_DEFINE is used without V_.",
	"A use of a per-vnet variable must go through V_x (or "
	"&VNET_NAME(x) where a sysctl registration takes its master "
	"address).  The bare name compiles and works without VIMAGE and "
	"breaks with it.",
	"vnet-missing-prefix", LEVEL_WARNING},
    {"vnet-no-context",
	"Per-vnet state is reached from an entry point with no vnet set.",
	"A function entered from outside the code's own calls (an entry "
	"point of the rules, a thread start routine, a timer callback, a "
	"signal or atexit handler) reaches V_ state through its callees "
	"and no function on the path sets curvnet: with VIMAGE it faults "
	"at run time.",
	"vnet-no-context", LEVEL_WARNING},
    {"vnet-unbalanced",
	"CURVNET_SET and CURVNET_RESTORE do not pair in one block.",
	"CURVNET_SET saves the current vnet in its block and "
	"CURVNET_RESTORE puts it back: every CURVNET_SET needs its "
	"restore in the same block before the block ends and before every "
	"return, goto, break or continue that leaves it; one block holds "
	"one CURVNET_SET.",
	"vnet-unbalanced", LEVEL_WARNING},
    {"vnet-escape",
	"The address of per-vnet state is kept where all vnets share it.",
	"A pointer to V_ state stored in a variable that is not itself per "
	"vnet (a plain global or static, or the static initializer of "
	"one) points into one vnet's copy from all of them.",
	"vnet-escape", LEVEL_WARNING},
    {"vnet-unvirtualized",
	"A virtualized module writes a global it does not virtualize.",
	"A file that defines per-vnet variables writes a mutable global "
	"that is not per vnet: state shared by all vnets.  Off unless the "
	"rules turn it on; some such globals are shared on purpose.",
	"vnet-unvirtualized", LEVEL_OFF},
};

enum lint_rule
lint_rule_named(const char *id)
{
	int k;

	for (k = 0; k < LINT_NRULES; k++)
		if (strcmp(lint_rules[k].id, id) == 0)
			return ((enum lint_rule)k);
	return (LINT_NRULES);
}

struct finding *
lint_add(struct lint_run *lr, enum lint_rule rule, struct srcfile *f,
    uint32_t off, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct finding fd;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	memset(&fd, 0, sizeof(fd));
	fd.rule = rule;
	fd.f = f;
	fd.off = off;
	fd.message = sb_detach(&sb);
	VEC_PUSH(&lr->findings, fd);
	return (&lr->findings.v[lr->findings.n - 1]);
}

void
lint_add_fix(struct finding *fd, uint32_t off, uint32_t len, const char *text)
{
	VEC_PUSH(&fd->fixes, ((struct lint_fix){off, len, xstrdup(text)}));
}

void
lint_add_span(struct finding *fd, const struct srcfile *f, uint32_t start,
    uint32_t end)
{
	VEC_PUSH(&fd->spans, ((struct lint_span){f, start, end}));
}

void
lint_finding_free(struct finding *fd)
{
	size_t i;

	free(fd->message);
	for (i = 0; i < fd->fixes.n; i++)
		free(fd->fixes.v[i].text);
	VEC_FREE(&fd->fixes);
	VEC_FREE(&fd->spans);
}

static int
cmp_finding(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;

	if (a->f != b->f && (c = strcmp(a->f->path, b->f->path)) != 0)
		return (c);
	if (a->off != b->off)
		return (a->off < b->off ? -1 : 1);
	if (a->rule != b->rule)
		return (a->rule < b->rule ? -1 : 1);
	return (strcmp(a->message, b->message));
}

/* A "vnetify: reviewed" comment on the finding's line, as NOLINT. */
static bool
acknowledged(const struct finding *fd)
{
	const struct srcfile *f = fd->f;
	uint32_t a = (uint32_t)line_start(f->data, fd->off);
	uint32_t b = (uint32_t)line_end(f->data, f->len, fd->off);
	size_t j;

	for (j = tok_at_or_after(&f->toks, a);
	    j < f->toks.n && f->toks.t[j].off < b; j++)
		if (f->toks.t[j].kind == TOK_COMMENT &&
		    memmem(f->data + f->toks.t[j].off, f->toks.t[j].len,
			"vnetify: reviewed", 17) != NULL)
			return (true);
	return (false);
}

void
lint_finish(struct lint_run *lr)
{
	size_t i, k;

	for (i = k = 0; i < lr->findings.n; i++) {
		if (lr->levels[lr->findings.v[i].rule] == LEVEL_OFF ||
		    (lr->findings.v[i].f->loaded &&
			acknowledged(&lr->findings.v[i])))
			lint_finding_free(&lr->findings.v[i]);
		else
			lr->findings.v[k++] = lr->findings.v[i];
	}
	lr->findings.n = k;
	xqsort(lr->findings.v, lr->findings.n, sizeof(*lr->findings.v),
	    cmp_finding);
	/* The same finding from several configurations is one. */
	for (i = k = 0; i < lr->findings.n; i++) {
		if (k > 0 &&
		    cmp_finding(&lr->findings.v[k - 1], &lr->findings.v[i]) ==
			0)
			lint_finding_free(&lr->findings.v[i]);
		else
			lr->findings.v[k++] = lr->findings.v[i];
	}
	lr->findings.n = k;
}

void
lint_run_free(struct lint_run *lr)
{
	size_t i;

	for (i = 0; i < lr->findings.n; i++)
		lint_finding_free(&lr->findings.v[i]);
	VEC_FREE(&lr->findings);
	hmap_free(&lr->v_defines, NULL);
}
