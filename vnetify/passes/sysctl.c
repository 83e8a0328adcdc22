/*
 * sysctl.c: a virtualized variable registered as a sysctl becomes a
 * per-instance knob, as FreeBSD writes it:
 *
 *	SYSCTL_INT(_net, OID_AUTO, count, CTLFLAG_RW, &count, 0, "");
 *	SYSCTL_INT(_net, OID_AUTO, count, CTLFLAG_VNET | CTLFLAG_RW,
 *	    &VNET_NAME(count), 0, "");
 *
 * or, in the 2009 dialect, SYSCTL_VNET_INT(...) with the same pointer.
 * The pointer is the master copy's address, a constant the runtime rebases
 * per instance.  A knob already flagged keeps its flags.  A call that
 * grows past column 80 is laid out again (layout.c).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model/tokens.h"
#include "passes/uses.h"

/* The arguments whose growth is counted: the name, and the first eight. */
#define NGROW 9

static bool
is_2009(const char *mname)
{
	return (strncmp(mname, "SYSCTL_VNET_", 12) == 0);
}

/*
 * The pointer may be wrapped in other macros or calls
 * (__DEVOLATILE(u_int *, &x)): the registration is the first SYSCTL_
 * call out from off, and off must be in its pointer argument.
 */
/* The argument of the call that holds a CTLFLAG_ token, or UINT_MAX. */
static unsigned
flags_arg(const struct srcfile *f, const struct call_site *cs)
{
	size_t first, last, i, len;
	const char *s;
	unsigned k;

	for (k = 0; call_arg(f, cs, k, &first, &last); k++)
		for (i = first; i <= last && first <= last; i++) {
			s = tok_text(f, i, &len);
			if (len > 8 && strncmp(s, "CTLFLAG_", 8) == 0)
				return (k);
		}
	return (UINT_MAX);
}

bool
sysctl_site(const struct srcfile *f, uint32_t off, struct sysctl_site *site)
{
	struct call_site *cs = &site->call;
	const char *mname;
	size_t len;
	int depth;

	for (depth = 0; depth < 8 && enclosing_call(f, off, cs); depth++) {
		mname = tok_text(f, cs->name, &len);
		if (len > 7 && strncmp(mname, "SYSCTL_", 7) == 0) {
			if (strncmp(mname, "SYSCTL_ADD_", 11) == 0)
				return (false);
			if (cs->arg == 4) {
				site->flags = 3;
				return (true);
			}
			/*
			 * Another shape: the flags tell where they are.  With
			 * them where FreeBSD has them, it is FreeBSD's shape,
			 * and its other arguments are not the pointer.
			 */
			site->flags = flags_arg(f, cs);
			return (site->flags != UINT_MAX && site->flags != 3 &&
			    site->flags != cs->arg);
		}
		off = f->toks.t[cs->name].off;
	}
	return (false);
}

/* Does the access flags argument already say CTLFLAG_VNET? */
static bool
flagged(const struct srcfile *f, const struct call_site *cs, unsigned k)
{
	size_t first, last, i;

	if (!call_arg(f, cs, k, &first, &last))
		return (false);
	for (i = first; i <= last && first <= last; i++)
		if (tok_eq(f, i, "CTLFLAG_VNET"))
			return (true);
	return (false);
}

/*
 * Would the edits, made in place, push a line of the call past column
 * 80?  grow[k] is what the edit at argument k adds (the name for k == 0
 * counts the macro's name).
 */
static bool
sysctl_grows(const struct srcfile *f, const struct call_site *cs,
    const size_t grow[NGROW])
{
	size_t k, j, first, last, ls, le, add, at[NGROW];

	for (k = 0; k < NGROW; k++) {
		if (k == 0)
			at[k] = line_start(f->data, f->toks.t[cs->name].off);
		else if (call_arg(f, cs, (unsigned)k, &first, &last) &&
		    first <= last)
			at[k] = line_start(f->data, f->toks.t[first].off);
		else
			at[k] = SIZE_MAX;
	}
	for (k = 0; k < NGROW; k++) {
		if (grow[k] == 0 || at[k] == SIZE_MAX)
			continue;
		ls = at[k];
		le = line_end(f->data, f->len, ls);
		while (le > ls &&
		    (f->data[le - 1] == '\n' || f->data[le - 1] == '\r'))
			le--;
		for (add = 0, j = 0; j < NGROW; j++)
			if (at[j] == ls)
				add += grow[j];
		if (text_width(f->data + ls, le - ls, 0) + add > 80)
			return (true);
	}
	return (false);
}

/*
 * The name at [off, off + len) becomes the master's, VNET_NAME(x); a knob
 * that is a member takes the member path inside, as FreeBSD writes it:
 * &VNET_NAME(tcp_syncache.bucket_limit), not &VNET_NAME(tcp_syncache).
 * bucket_limit (VNET_NAME pastes only the first token, so both build).
 */
static void
master_name_at(struct plan *p, struct var *v, struct srcfile *f, uint32_t off,
    uint32_t len)
{
	const char *master = plan_master_name(p, v);
	size_t i = tok_containing(&f->toks, off), last;
	char *open;

	/* The member path: ".a.b" after the name token itself. */
	last = i;
	while (i != SIZE_MAX && f->toks.t[i].off == off &&
	    f->toks.t[i].len == len && last + 2 < f->toks.n &&
	    tok_punct(f, last + 1, ".") &&
	    f->toks.t[last + 2].kind == TOK_IDENT && !f->toks.t[last + 2].pp)
		last += 2;
	if (last == i) {
		plan_edit(p, f, off, len, master, 0, "sysctl pointer");
		return;
	}
	open = xstrndup(master, strlen(master) - 1);
	plan_edit(p, f, off, len, open, 0, "sysctl pointer");
	plan_edit(p, f, tok_end(f, last), 0, ")", 0, "sysctl pointer");
	free(open);
}

void
sysctl_edit(struct plan *p, struct var *v, struct srcfile *f, uint32_t off,
    const struct sysctl_site *site)
{
	sysctl_edit_spelled(p, v, f, off, (uint32_t)strlen(v->name), site);
}

void
sysctl_edit_spelled(struct plan *p, struct var *v, struct srcfile *f,
    uint32_t off, uint32_t len_at, const struct sysctl_site *site)
{
	const struct call_site *cs = &site->call;
	size_t grow[NGROW] = {0}, first, last, len;
	const char *mname = tok_text(f, cs->name, &len);
	bool has_flag = flagged(f, cs, site->flags);
	bool modern = rules_sysctl_dialect(p->rules) == SYSCTL_DIALECT_MODERN;
	char *text;

	/* Already the master's name: the flags may still lack the bit. */
	if (len_at != strlen(plan_master_name(p, v)) ||
	    memcmp(f->data + off, plan_master_name(p, v), len_at) != 0) {
		master_name_at(p, v, f, off, len_at);
		if (cs->arg < NGROW)
			grow[cs->arg] = strlen(plan_master_name(p, v)) - len_at;
	}
	if (!is_2009(mname) && !has_flag && !modern) {
		text = xasprintf("SYSCTL_VNET_%.*s", (int)(len - 7), mname + 7);
		plan_edit(p, f, f->toks.t[cs->name].off, (uint32_t)len, text, 0,
		    "sysctl dialect");
		grow[0] = strlen(text) - len;
		free(text);
	} else if (!is_2009(mname) && !has_flag &&
	    call_arg(f, cs, site->flags, &first, &last) && first <= last) {
		plan_edit(p, f, f->toks.t[first].off, 0, "CTLFLAG_VNET | ", 0,
		    "sysctl flag");
		if (site->flags < NGROW)
			grow[site->flags] = strlen("CTLFLAG_VNET | ");
	}
	if (sysctl_grows(f, cs, grow))
		plan_request_reflow(p, f, f->toks.t[cs->name].off,
		    tok_end(f, cs->rparen));
	p->stats[v->idx].sysctls++;
}
