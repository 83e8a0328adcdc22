/*
 * vnet_debug.c: the checks of VNET_DEBUG builds and the runtime's fatal
 * errors.  Every message names the place in the user's source that
 * triggered it, because that is where the fix goes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "vnet_impl.h"

/*
 * One message, "vnet: " and a line on stderr, written under the stream's
 * lock so that threads reporting at once do not interleave their lines.
 */
static void
vnet_vwarn(const char *fmt, va_list ap)
{
	flockfile(stderr);
	fputs("vnet: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

void
vnet_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnet_vwarn(fmt, ap);
	va_end(ap);
}

void
vnet_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnet_vwarn(fmt, ap);
	va_end(ap);
	abort();
}

void
vnet_panic_nocurvnet(const char *var, const char *file, int line)
{
	vnet_fatal("%s:%d: V_%s used with no curvnet set (is a CURVNET_SET "
		   "missing on this path?)",
	    file, line, var);
}

void
vnet_assert_fail(const char *exp, const char *msg, const char *func,
    const char *file, int line)
{
	vnet_fatal("%s:%d: %s(): assertion \"%s\" failed: %s", file, line, func,
	    exp, msg);
}

static const char *
vnet_describe(const struct vnet *vnet)
{
	if (vnet == NULL)
		return ("(none)");
	if (vnet->vnet_magic_n != VNET_MAGIC_N)
		return ("(a destroyed or corrupt vnet)");
	return (vnet_name(vnet));
}

void *
vnet_debug_addr(uintptr_t addr, const struct vnet_modref *ref,
    int in_shared_object, const char *var, const char *file, int line)
{
	struct vnet *vnet = vnet_tls.vt_vnet;
	uintptr_t *bases;

	if (vnet == NULL)
		vnet_panic_nocurvnet(var, file, line);
	if (vnet->vnet_magic_n != VNET_MAGIC_N)
		vnet_fatal("%s:%d: V_%s: curvnet %p is not a vnet (destroyed "
			   "while in use?)",
		    file, line, var, (void *)vnet);
	if (ref == NULL || addr - ref->vm_start >= ref->vm_size) {
		if (!in_shared_object)
			vnet_fatal(
			    "%s:%d: V_%s is not in the executable's vnet "
			    "data set; code in the executable can only "
			    "reach the vnet variables the executable "
			    "defines",
			    file, line, var);
		return (vnet_addr_slow(addr, vnet->vnet_id));
	}
	if (!in_shared_object)
		return ((void *)(addr + vnet_tls.vt_base));
	bases = __atomic_load_n(&ref->vm_bases, __ATOMIC_ACQUIRE);
	return ((void *)(addr + bases[vnet->vnet_id]));
}

struct vnet *
vnet_debug_set(struct vnet *vnet, struct vnet_debug_site *site)
{
	struct vnet *cur = vnet_tls.vt_vnet;

	if (vnet == NULL || vnet->vnet_magic_n != VNET_MAGIC_N)
		vnet_fatal("%s:%d: %s(): CURVNET_SET of %p, which is not a "
			   "vnet",
		    site->ds_file, site->ds_line, site->ds_func, (void *)vnet);
	if (cur != NULL && !site->ds_quiet &&
	    !__atomic_exchange_n(&site->ds_logged, 1, __ATOMIC_RELAXED))
		vnet_warn("%s:%d: %s(): CURVNET_SET(%s) recursed: curvnet was "
			  "already %s (logged once for this site)",
		    site->ds_file, site->ds_line, site->ds_func,
		    vnet_describe(vnet), vnet_describe(cur));
	vnet_tls.vt_vnet = vnet;
	vnet_tls.vt_base = vnet->vnet_data_base;
	vnet_tls.vt_id = vnet->vnet_id;
	vnet_tls.vt_depth++;
	return (vnet);
}

void
vnet_debug_restore(struct vnet *set, struct vnet *saved,
    struct vnet_debug_site *site)
{
	if (vnet_tls.vt_depth == 0)
		vnet_fatal("%s:%d: %s(): CURVNET_RESTORE with no CURVNET_SET "
			   "in effect",
		    site->ds_file, site->ds_line, site->ds_func);
	if (vnet_tls.vt_vnet != set)
		vnet_fatal("%s:%d: %s(): unbalanced CURVNET_RESTORE: curvnet "
			   "is %s but this site set %s; a CURVNET_SET since "
			   "then was not restored",
		    site->ds_file, site->ds_line, site->ds_func,
		    vnet_describe(vnet_tls.vt_vnet), vnet_describe(set));
	if (set->vnet_magic_n != VNET_MAGIC_N ||
	    (saved != NULL && saved->vnet_magic_n != VNET_MAGIC_N))
		vnet_fatal("%s:%d: %s(): CURVNET_RESTORE: a vnet involved was "
			   "destroyed while current",
		    site->ds_file, site->ds_line, site->ds_func);
	vnet_tls.vt_depth--;
}
