/*
 * sysctl.h: named, typed knobs, after FreeBSD's sysctl(9).
 *
 * SYSCTL_INT(_net_foo, OID_AUTO, count, CTLFLAG_RW, &foo_count, 0, "...")
 * publishes foo_count as "net.foo.count".  Each knob is a static
 * struct sysctl_oid placed in the module's set_sysctl linker set; the
 * runtime indexes them by full name when the module registers and drops
 * them when it unloads.
 *
 * A knob flagged CTLFLAG_VNET points at the master copy of a virtualized
 * variable (&VNET_NAME(foo_count)).  Reading or writing it names an
 * instance: the runtime rebases the pointer into that instance's copy and
 * runs the handler with curvnet set to it.  Without VIMAGE, CTLFLAG_VNET is
 * 0 and VNET_NAME(x) is x, so the same line declares an ordinary knob.
 *
 * Handlers have FreeBSD's signature (SYSCTL_HANDLER_ARGS) and move data
 * with SYSCTL_OUT and SYSCTL_IN; the stock sysctl_handle_* functions serve
 * the common types.
 */
#ifndef VNET_SYSCTL_H
#define VNET_SYSCTL_H

#include <stddef.h>
#include <stdint.h>
#include <vnet/module.h>

#ifdef __cplusplus
extern "C" {
#endif

struct vnet;
struct sysctl_req;

#define SYSCTL_HANDLER_ARGS                                 \
	struct sysctl_oid *oidp, void *arg1, intmax_t arg2, \
	    struct sysctl_req *req

#define CTL_MAXNAME 24
#define OID_AUTO    (-1)

#define CTLTYPE	       0xf
#define CTLTYPE_NODE   1
#define CTLTYPE_INT    2
#define CTLTYPE_STRING 3
#define CTLTYPE_S64    4
#define CTLTYPE_OPAQUE 5
#define CTLTYPE_STRUCT CTLTYPE_OPAQUE
#define CTLTYPE_UINT   6
#define CTLTYPE_LONG   7
#define CTLTYPE_ULONG  8
#define CTLTYPE_U64    9

#define CTLFLAG_RD	  0x80000000u
#define CTLFLAG_WR	  0x40000000u
#define CTLFLAG_RW	  (CTLFLAG_RD | CTLFLAG_WR)
#define CTLFLAG_DORMANT	  0x20000000u
#define CTLFLAG_ANYBODY	  0x10000000u
#define CTLFLAG_SECURE	  0x08000000u
#define CTLFLAG_PRISON	  0x04000000u
#define CTLFLAG_DYN	  0x02000000u
#define CTLFLAG_SKIP	  0x01000000u
#define CTLMASK_SECURE	  0x00F00000u
#define CTLFLAG_TUN	  0x00080000u
#define CTLFLAG_RDTUN	  (CTLFLAG_RD | CTLFLAG_TUN)
#define CTLFLAG_RWTUN	  (CTLFLAG_RW | CTLFLAG_TUN)
#define CTLFLAG_MPSAFE	  0x00040000u
#define CTLFLAG_DYING	  0x00010000u
#define CTLFLAG_CAPRD	  0x00008000u
#define CTLFLAG_CAPWR	  0x00004000u
#define CTLFLAG_CAPRW	  (CTLFLAG_CAPRD | CTLFLAG_CAPWR)
#define CTLFLAG_STATS	  0x00002000u
#define CTLFLAG_NOFETCH	  0x00001000u
#define CTLFLAG_NEEDGIANT 0x00000800u

/* Virtualized knobs exist only in VIMAGE builds, as in FreeBSD. */
#ifdef VIMAGE
#define CTLFLAG_VNET 0x00020000u
#else
#define CTLFLAG_VNET 0
#endif

struct sysctl_oid {
	struct sysctl_oid *oid_parent;
	int oid_number;
	unsigned int oid_kind;
	void *oid_arg1;
	intmax_t oid_arg2;
	const char *oid_name;
	int (*oid_handler)(SYSCTL_HANDLER_ARGS);
	const char *oid_fmt;
	const char *oid_descr;
	/* Owned by the runtime once registered. */
	const void *oid_module;
	char *oid_path;
};

/*
 * A request: old value out to (oldptr, oldlen), new value in from
 * (newptr, newlen).  A null oldptr asks only for the size.
 */
struct sysctl_req {
	void *oldptr;
	size_t oldlen;
	size_t oldidx;
	const void *newptr;
	size_t newlen;
	size_t newidx;
	struct vnet *vnet;
};

int sysctl_req_out(struct sysctl_req *, const void *, size_t);
int sysctl_req_in(struct sysctl_req *, void *, size_t);
#define SYSCTL_OUT(r, p, l)  sysctl_req_out((r), (p), (l))
#define SYSCTL_IN(r, p, l)   sysctl_req_in((r), (p), (l))
#define SYSCTL_OUT_STR(r, p) SYSCTL_OUT((r), (p), strlen(p) + 1)

int sysctl_handle_int(SYSCTL_HANDLER_ARGS);
int sysctl_handle_long(SYSCTL_HANDLER_ARGS);
int sysctl_handle_64(SYSCTL_HANDLER_ARGS);
int sysctl_handle_string(SYSCTL_HANDLER_ARGS);
int sysctl_handle_opaque(SYSCTL_HANDLER_ARGS);
int sysctl_handle_node(SYSCTL_HANDLER_ARGS);

#define SYSCTL_DECL(name)     extern struct sysctl_oid sysctl_##name
#define SYSCTL_PARENT(parent) (&sysctl_##parent)

/* The roots FreeBSD defines; others may be added with SYSCTL_ROOT_NODE. */
SYSCTL_DECL(_kern);
SYSCTL_DECL(_vm);
SYSCTL_DECL(_vfs);
SYSCTL_DECL(_net);
SYSCTL_DECL(_debug);
SYSCTL_DECL(_hw);
SYSCTL_DECL(_machdep);
SYSCTL_DECL(_user);
SYSCTL_DECL(_compat);
SYSCTL_DECL(_security);
SYSCTL_DECL(_dev);

#define SYSCTL_OID_RAW(id, parentp, nbr, name, kind, a1, a2, handler, fmt, \
    descr)                                                                 \
	struct sysctl_oid id = {(parentp), (nbr), (kind), (a1),            \
	    (intmax_t)(a2), #name, (handler), (fmt), (descr), NULL, NULL}; \
	VNET_SET_ENTRY(sysctl, id, struct sysctl_oid, id);                 \
	VNET_MODULE_GLUE(id)

#define SYSCTL_OID(parent, nbr, name, kind, a1, a2, handler, fmt, descr)       \
	static SYSCTL_OID_RAW(sysctl_##parent##_##name, SYSCTL_PARENT(parent), \
	    nbr, name, kind, a1, a2, handler, fmt, descr)

/* A node is global so that other files can hang knobs under it. */
#define SYSCTL_NODE(parent, nbr, name, access, handler, descr)               \
	SYSCTL_OID_RAW(sysctl_##parent##_##name, SYSCTL_PARENT(parent), nbr, \
	    name, CTLTYPE_NODE | (access), NULL, 0, handler, "N", descr)
#define SYSCTL_ROOT_NODE(nbr, name, access, handler, descr) \
	SYSCTL_OID_RAW(sysctl__##name, NULL, nbr, name,     \
	    CTLTYPE_NODE | (access), NULL, 0, handler, "N", descr)

#define SYSCTL_INT(parent, nbr, name, access, ptr, val, descr)           \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_INT | (access),            \
	    (void *)(1 ? (ptr) : (int *)0), val, sysctl_handle_int, "I", \
	    descr)
#define SYSCTL_UINT(parent, nbr, name, access, ptr, val, descr)              \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_UINT | (access),               \
	    (void *)(1 ? (ptr) : (unsigned int *)0), val, sysctl_handle_int, \
	    "IU", descr)
#define SYSCTL_LONG(parent, nbr, name, access, ptr, val, descr)            \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_LONG | (access),             \
	    (void *)(1 ? (ptr) : (long *)0), val, sysctl_handle_long, "L", \
	    descr)
#define SYSCTL_ULONG(parent, nbr, name, access, ptr, val, descr)               \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_ULONG | (access),                \
	    (void *)(1 ? (ptr) : (unsigned long *)0), val, sysctl_handle_long, \
	    "LU", descr)
#define SYSCTL_S64(parent, nbr, name, access, ptr, val, descr)              \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_S64 | (access),               \
	    (void *)(1 ? (ptr) : (int64_t *)0), val, sysctl_handle_64, "Q", \
	    descr)
#define SYSCTL_U64(parent, nbr, name, access, ptr, val, descr)                \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_U64 | (access),                 \
	    (void *)(1 ? (ptr) : (uint64_t *)0), val, sysctl_handle_64, "QU", \
	    descr)
#define SYSCTL_STRING(parent, nbr, name, access, arg, len, descr) \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_STRING | (access),  \
	    (void *)(arg), len, sysctl_handle_string, "A", descr)
#define SYSCTL_OPAQUE(parent, nbr, name, access, ptr, len, fmt, descr) \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_OPAQUE | (access),       \
	    (void *)(ptr), len, sysctl_handle_opaque, fmt, descr)
#define SYSCTL_STRUCT(parent, nbr, name, access, ptr, type, descr)    \
	SYSCTL_OID(parent, nbr, name, CTLTYPE_OPAQUE | (access),      \
	    (void *)(ptr), sizeof(struct type), sysctl_handle_opaque, \
	    "S," #type, descr)
#define SYSCTL_PROC(parent, nbr, name, access, ptr, arg, handler, fmt, descr) \
	SYSCTL_OID(parent, nbr, name, (access), (void *)(ptr), arg, handler,  \
	    fmt, descr)

/* The 2009 spelling of virtualized knobs (FreeBSD 8). */
#define SYSCTL_VNET_INT(parent, nbr, name, access, ptr, val, descr) \
	SYSCTL_INT(parent, nbr, name, CTLFLAG_VNET | (access), ptr, val, descr)
#define SYSCTL_VNET_UINT(parent, nbr, name, access, ptr, val, descr) \
	SYSCTL_UINT(parent, nbr, name, CTLFLAG_VNET | (access), ptr, val, descr)
#define SYSCTL_VNET_LONG(parent, nbr, name, access, ptr, val, descr) \
	SYSCTL_LONG(parent, nbr, name, CTLFLAG_VNET | (access), ptr, val, descr)
#define SYSCTL_VNET_ULONG(parent, nbr, name, access, ptr, val, descr)      \
	SYSCTL_ULONG(parent, nbr, name, CTLFLAG_VNET | (access), ptr, val, \
	    descr)
#define SYSCTL_VNET_STRING(parent, nbr, name, access, arg, len, descr)      \
	SYSCTL_STRING(parent, nbr, name, CTLFLAG_VNET | (access), arg, len, \
	    descr)
#define SYSCTL_VNET_OPAQUE(parent, nbr, name, access, ptr, len, fmt, descr) \
	SYSCTL_OPAQUE(parent, nbr, name, CTLFLAG_VNET | (access), ptr, len, \
	    fmt, descr)
#define SYSCTL_VNET_STRUCT(parent, nbr, name, access, ptr, type, descr)      \
	SYSCTL_STRUCT(parent, nbr, name, CTLFLAG_VNET | (access), ptr, type, \
	    descr)
#define SYSCTL_VNET_PROC(parent, nbr, name, access, ptr, arg, handler, fmt, \
    descr)                                                                  \
	SYSCTL_PROC(parent, nbr, name, CTLFLAG_VNET | (access), ptr, arg,   \
	    handler, fmt, descr)

/*
 * Access by name.  vnet selects the instance for CTLFLAG_VNET knobs (null
 * means curvnet, or vnet0 when none is set) and is ignored for the others.
 * All return 0 or an errno: ENOENT (no such knob), ENOTDIR (a node),
 * EPERM (not writable), EINVAL (bad value, a null name, or vnet not an
 * instance), ENOMEM (old buffer too small), or what a handler returned.
 * The knob stays registered (its module loaded) for the whole call, and
 * its handler runs with curvnet set to the instance.  The stock integer
 * handlers access the variable atomically, so requests from several
 * threads on one knob do not race; string and opaque knobs are copied
 * bytewise, and concurrent writers of one such knob race.
 */

/*
 * The raw value, as sysctl(3) moves it: out to (oldp, *oldlenp), in from
 * (newp, newlen) when newp is not null.  A null oldp asks for the size
 * only.  On 0 or ENOMEM *oldlenp is set to the size of the whole value;
 * on ENOMEM oldp holds as many of its first bytes as fit, so a string cut
 * short has no terminator.  EINVAL if oldp is not null and oldlenp is.
 */
int vnet_sysctlbyname(struct vnet *vnet, const char *name, void *oldp,
    size_t *oldlenp, const void *newp, size_t newlen);
/*
 * The value as text ("42", "hello", hex for opaque data) in buf, which has
 * room for buflen bytes, terminator included.  ENOMEM when the text does
 * not fit: buf then holds as much of it as fits, terminated, as snprintf()
 * leaves it (nothing is written when buflen is 0).  EINVAL if buf is null
 * and buflen is not 0.  On other errors buf is left alone.
 */
int
vnet_sysctl_get(struct vnet *vnet, const char *name, char *buf, size_t buflen);
/*
 * Parse text according to the knob's type and store it: EINVAL if text is
 * null, does not parse, is out of range, or the knob is opaque.
 */
int vnet_sysctl_set(struct vnet *vnet, const char *name, const char *text);

/*
 * The knob with full name name, or NULL (also for a null name).  It lives
 * in its module: the pointer is valid only while that module is loaded,
 * which the caller must ensure; the functions above need no such care.
 */
struct sysctl_oid *sysctl_find(const char *name);
/*
 * Calls fn for every registered knob in name order and stops at its first
 * nonzero return, which it returns; EINVAL if fn is null.  fn runs with
 * the index locked shared: it may read knobs, not load or unload modules.
 */
int sysctl_foreach(int (*fn)(struct sysctl_oid *, void *), void *arg);

#ifdef __cplusplus
}
#endif

#endif /* !VNET_SYSCTL_H */
