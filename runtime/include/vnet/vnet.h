/*
 * vnet.h: many independent instances of a module's global state in one
 * address space, after FreeBSD's VNET(9).
 *
 * A variable to be virtualized is defined with VNET_DEFINE (or
 * VNET_DEFINE_STATIC) instead of as a plain global.  The definition lands
 * in the module's set_vnet linker set, which is the master copy: it is
 * never used directly.  Each instance (struct vnet) owns a copy of every
 * module's set, made when the instance is allocated, so the initial values
 * of the definitions are the initial values of every new instance.  Code
 * reaches the copy of the current instance with VNET(x), by convention
 * through a V_x macro defined next to the definition:
 *
 *	VNET_DEFINE_STATIC(int, foo_count) = 3;
 *	#define	V_foo_count	VNET(foo_count)
 *
 * The current instance is per thread (curvnet), set on entry to the code
 * with CURVNET_SET() and put back with CURVNET_RESTORE().  A thread that
 * has not set one cannot touch V_x: the access faults at once (or, with
 * VNET_DEBUG, stops with a message naming the variable and the line).
 *
 * Access cost.  The runtime keeps, in thread-local storage, the distance
 * between the executable's master set and the current instance's copy of
 * it, so in the executable V_x costs one thread-local load and an add; no
 * call, no lock.  Code built as position-independent but not as an
 * executable (a shared object) cannot know that distance for its own set,
 * which the runtime lays out per instance when the object registers;
 * there V_x loads the thread's instance id and indexes the module's table
 * of distances: two dependent loads.  A shared object that touches a
 * variable defined in another module pays a range check and a call.
 *
 * Without VIMAGE every macro here collapses to the plain global and the
 * set-up macros vanish: the object code is that of the original source.
 *
 * The headers serve legacy code as it is built: C89 or later, gcc or
 * clang, -pedantic and strict warnings, with or without VIMAGE, without a
 * diagnostic of their own (see CURVNET_SET for its place in C89 code).
 */
#ifndef VNET_VNET_H
#define VNET_VNET_H

#include <stddef.h>
#include <stdint.h>
#include <vnet/module.h>
#include <vnet/sysinit.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VNET_SETNAME   "set_vnet"
#define VNET_SYMPREFIX "vnet_entry_"
#define VNET_MAGIC_N   0x5e4a6f28u

struct vnet;

/*
 * The instance.  Only the fields the access macros read are public; the
 * runtime keeps the rest behind them.
 */
struct vnet {
	uintptr_t vnet_data_base; /* executable's copy minus its master */
	uint32_t vnet_id;	  /* index into every module's table */
	uint32_t vnet_magic_n;
};

/*
 * Per-thread state.  vt_base is curvnet's vnet_data_base, or an offset
 * that makes every access fault when no vnet is set; vt_id is curvnet's
 * id, 0 when none (entry 0 of every table holds the same faulting offset).
 */
struct vnet_tls {
	struct vnet *vt_vnet;
	uintptr_t vt_base;
	uint32_t vt_id;
	uint32_t vt_depth; /* CURVNET_SET nesting, for VNET_DEBUG */
	struct vnet *vt_home;
};

/*
 * Added to any user address, this gives one that faults: non-canonical on
 * x86-64, and in the kernel half on AArch64, whose top-byte-ignore would
 * make bit 63 alone harmless.
 */
#define VNET_BASE_NONE ((uintptr_t)1 << 63 | (uintptr_t)1 << 55)

/* Is this translation unit part of a shared object? */
#if defined(__PIC__) && !defined(__PIE__)
#define VNET_IN_SHARED_OBJECT 1
#endif

/*
 * The storage class of the thread's state: C11's keyword where the client
 * is C11, else GNU's __thread, which gcc and clang accept in every mode
 * (C89, C99, and C++, which lacks _Thread_local) without a word under
 * -pedantic, while _Thread_local draws one before C11.  Both make the
 * same TLS symbol.
 */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && \
    !defined(__cplusplus)
#define VNET_THREAD_LOCAL _Thread_local
#else
#define VNET_THREAD_LOCAL __thread
#endif

/*
 * The executable reaches the thread's state through a hidden alias, which
 * the link editor resolves to a fixed offset from the thread pointer (one
 * instruction); a shared object, or any code when the runtime itself is a
 * shared library (VNET_RUNTIME_SHARED), goes through the exported name.
 */
extern VNET_THREAD_LOCAL struct vnet_tls vnet_tls
    __attribute__((__tls_model__("initial-exec")));
#if defined(VNET_IN_SHARED_OBJECT) || defined(VNET_RUNTIME_SHARED)
#define VNET_TLS vnet_tls
#else
extern VNET_THREAD_LOCAL struct vnet_tls vnet_tls_local
    __attribute__((__visibility__("hidden"), __tls_model__("local-exec")));
#define VNET_TLS vnet_tls_local
#endif

/*
 * The instance created at start-up, once the modules linked with the
 * program have registered and before its constructors of no priority (or
 * of one above 102) run; never destroyed.
 */
extern struct vnet *vnet0;

/*
 * Instances.  Any thread may call these at any time, except where said.
 * "Fatal" means a message naming the problem on stderr, then abort().
 */

/* vnet_alloc_named(NULL). */
struct vnet *vnet_alloc(void);
/*
 * A new instance, named name (copied; NULL gives "vnet<id>"; names need
 * not be unique): every module's data copied from the master sets, then
 * every VNET_SYSINIT run in (subsystem, order) order with curvnet set to
 * it (the caller's curvnet is back as it was on return).  It is listed,
 * and so visible to VNET_FOREACH and the lookups, only once complete.
 * NULL with errno set when it cannot be made: ENOMEM (out of memory or of
 * instance ids), or the errno a VNET_SYSINIT_ERR constructor returned;
 * that failure is reported on stderr and the constructors that ran are
 * undone by their destructors, in reverse.  Fatal if this thread holds
 * the list lock (VNET_LIST_RLOCK), which creating would wait for forever.
 */
struct vnet *vnet_alloc_named(const char *name);
/*
 * Destroy an instance: unlisted first (once this starts no iterator or
 * lookup finds it), then its VNET_SYSUNINITs run in reverse (subsystem,
 * order) order with curvnet set to it, then its data and memory are
 * freed; every pointer into it (VNET_VNET_PTR, vnet_symbol_lookup) dies
 * with it.  Fatal, and nothing is done, if vnet is NULL or not an
 * instance (bad magic number: a corrupt pointer, or one destroyed before
 * whose memory was not reused yet), if it is vnet0, if it is this
 * thread's curvnet, or if this thread holds the list lock.  Another
 * thread must not be using it (as curvnet, home or otherwise): that is
 * not detected.
 */
void vnet_destroy(struct vnet *);
/* Its name, valid until it is destroyed; "(none)" for NULL. */
const char *vnet_name(const struct vnet *);
/* The number of listed instances, vnet0 included, at the time of call. */
unsigned int vnet_count(void);
/*
 * The listed instance with that id or name (the oldest of those so
 * named), or NULL with errno ENOENT; a null name gives NULL and EINVAL.
 * The result is a plain pointer: nothing stops another thread from
 * destroying the instance right after.  A caller that cannot rule that
 * out holds VNET_LIST_RLOCK across the lookup and every use of the
 * result: an instance is unlisted, which waits for the lock, before it is
 * destroyed.
 */
struct vnet *vnet_lookup_id(uint32_t id);
struct vnet *vnet_lookup_name(const char *name);

/*
 * Set this thread's home instance, FreeBSD's TD_TO_VNET(curthread): vnet0
 * until the thread chooses another, and again after it sets NULL.  Unlike
 * curvnet it is never unset.  Fatal if vnet is not NULL and not an
 * instance.  The home must outlive its use: not checked.
 */
void vnet_thread_set_home(struct vnet *);

/*
 * The list of instances (VNET_LIST_RLOCK and friends).  While a thread
 * holds it, no instance is listed or unlisted, so none it reaches can be
 * destroyed.  Holds nest, and are released by the thread that took them.
 * A holder must not create or destroy an instance: fatal (see above).
 * vnet_debug_list_rlock is vnet_list_rlock for VNET_DEBUG builds, which
 * records file and line for that message.
 */
void vnet_list_rlock(void);
void vnet_debug_list_rlock(const char *file, int line);
void vnet_list_runlock(void);
/*
 * The first listed instance (vnet0) and the one after vnet, oldest first;
 * NULL after the last.  The caller holds the list lock.
 */
struct vnet *vnet_list_first(void);
struct vnet *vnet_list_next(struct vnet *);

/*
 * Runs fn(arg) (fn not null) once in every listed instance, oldest first,
 * with curvnet set to it and the list lock held: fn must not create or
 * destroy instances.
 */
void vnet_foreach_call(void (*fn)(void *), void *arg);

/*
 * Introspection (what libkvm gives netstat).  The address, in instance
 * vnet, of the virtualized variable name (as written in VNET_DEFINE,
 * statics included: the modules' ELF symbol tables are read) in *addrp,
 * its size in *sizep unless sizep is null.  0, EINVAL (vnet not an
 * instance; name or addrp null) or ENOENT (no such variable, or its
 * module is stripped).  The address is good while the instance lives and
 * the module defining the variable stays loaded.
 */
int vnet_symbol_lookup(struct vnet *, const char *name, void **addrp,
    size_t *sizep);
/*
 * Calls fn with every virtualized variable's name (no vnet_entry_ prefix),
 * master address and size, module by module in registration order and by
 * name within one; stops at fn's first nonzero return, which it returns
 * (0 if none; EINVAL if fn is null).  fn runs with the module table
 * locked: it must not load or unload a module; the name is valid during
 * the call only.
 */
int vnet_symbol_foreach(int (*fn)(const char *name, uintptr_t master,
			    size_t size, void *arg),
    void *arg);
struct vnet_sysinit_info {
	int kind; /* 0: SYSINIT, 1: VNET_SYSINIT, 2/3: the UNINITs */
	unsigned int subsystem, order;
	const char *name, *file; /* the function as written; its file */
	int line;
};
/*
 * Calls fn for every constructor in the order they run at start-up (at
 * equal (subsystem, order), plain SYSINITs first: the order that runs),
 * then for every destructor in the order they run; the strings in the
 * info are valid during the call only, and fn runs unlocked (it may do
 * anything).  Stops at fn's first nonzero return, which it returns; else
 * 0, or EINVAL if fn is null, or ENOMEM.
 */
int vnet_sysinit_foreach(int (*fn)(const struct vnet_sysinit_info *, void *arg),
    void *arg);
/* Modules, instances and constructor order, as text on a FILE *. */
void vnet_dump(void *stdio_file);

/*
 * The address in instance id of the virtualized variable whose master
 * copy is at addr, in whichever module defines it (VNET() in a shared
 * object, for other modules' variables).  Fatal if addr is in no
 * registered data set; id is not checked.
 */
void *vnet_addr_slow(uintptr_t addr, uint32_t id);
/*
 * The same in instance vnet (VNET_VNET_PTR): fatal if vnet is not an
 * instance.
 */
void *vnet_instance_addr(struct vnet *, uintptr_t master);

/*
 * What the macros call, with the place in the user's source.  V_var used
 * with no curvnet: fatal.
 */
void vnet_panic_nocurvnet(const char *var, const char *file, int line)
    __attribute__((__noreturn__, __cold__));
/*
 * VNET_DEBUG's VNET(): the address of master addr in curvnet, after
 * checking that curvnet is set and an instance and that addr is in a data
 * set this code can reach; fatal otherwise.
 */
void *vnet_debug_addr(uintptr_t addr, const struct vnet_modref *,
    int in_shared_object, const char *var, const char *file, int line);
/* One CURVNET_SET in the source, for VNET_DEBUG's messages. */
struct vnet_debug_site {
	const char *ds_func;
	const char *ds_file;
	int ds_line;
	int ds_logged; /* recursion already reported from here */
	int ds_quiet;
};
/*
 * VNET_DEBUG's CURVNET_SET: fatal if vnet is not an instance; a recursion
 * (curvnet already set) is reported once per site unless quiet.  Returns
 * vnet, now curvnet.
 */
struct vnet *vnet_debug_set(struct vnet *, struct vnet_debug_site *);
/*
 * VNET_DEBUG's CURVNET_RESTORE, before the saved state is put back: fatal
 * if no CURVNET_SET is in effect, if curvnet is not what this site set
 * (a CURVNET_SET since was not restored), or if either instance involved
 * was destroyed meanwhile.
 */
void vnet_debug_restore(struct vnet *set, struct vnet *saved,
    struct vnet_debug_site *);

/*
 * The name of the function it appears in: __func__ is C99, and
 * __extension__ lets C89 client code (-pedantic, -Wc90-c99-compat) use
 * it without a warning.
 */
#define VNET_FUNC (__extension__ __func__)

#ifdef VIMAGE

#define VNET_NAME(n)	   vnet_entry_##n
#define VNET_DECLARE(t, n) extern t VNET_NAME(n)
/*
 * Nothing precedes the declarator, so "static VNET_DEFINE(...)" is a
 * working static and arrays and attributes stay with the name.
 */
#define VNET_DEFINE(t, n) \
	t VNET_NAME(n) __attribute__((__section__(VNET_SETNAME), __used__))
#define VNET_DEFINE_STATIC(t, n) static VNET_DEFINE(t, n)
/*
 * The per-instance copies live in writable memory, and one section cannot
 * hold both const and writable objects: a const virtualized object is
 * written with VNET_CONST, which is const only without VIMAGE.
 */
#define VNET_CONST

/*
 * Every module that includes this header under VIMAGE gets one modref,
 * one descriptor and one registration glue; the weak, hidden definitions
 * merge per module at link time.
 */
struct vnet_modref __vnet_modref VNET_HIDDEN_WEAK;
const struct vnet_module_desc __vnet_module_desc VNET_HIDDEN_WEAK =
    VNET_MODULE_DESC_INIT;
void __vnet_module_ctor(void) VNET_HIDDEN_WEAK;
void __vnet_module_dtor(void) VNET_HIDDEN_WEAK;
void __attribute__((__weak__, __visibility__("hidden"),
    __constructor__(VNET_MODULE_CTOR_PRIO)))
__vnet_module_ctor(void)
{
	vnet_module_register(&__vnet_module_desc);
}
void __attribute__((__weak__, __visibility__("hidden"),
    __destructor__(VNET_MODULE_CTOR_PRIO)))
__vnet_module_dtor(void)
{
	vnet_module_unregister(&__vnet_module_desc);
}

/*
 * Shared-object V_x: the module's own variables through its base table,
 * others through the runtime.  The names are odd so that -Wshadow cannot
 * find a client global they hide.
 */
static __inline__ uintptr_t
vnet_so_base(uintptr_t vnet_addr_, uint32_t vnet_id_)
{
	const struct vnet_modref *vnet_m_ = &__vnet_modref;
	uintptr_t *vnet_bases_;

	if (__builtin_expect(vnet_addr_ - vnet_m_->vm_start < vnet_m_->vm_size,
		1)) {
		vnet_bases_ =
		    __atomic_load_n(&vnet_m_->vm_bases, __ATOMIC_ACQUIRE);
		return (vnet_addr_ + vnet_bases_[vnet_id_]);
	}
	return ((uintptr_t)vnet_addr_slow(vnet_addr_, vnet_id_));
}

#if defined(VNET_DEBUG)
#ifdef VNET_IN_SHARED_OBJECT
#define VNET_DEBUG_SO 1
#else
#define VNET_DEBUG_SO 0
#endif
#define VNET_ADDR(n)                                              \
	vnet_debug_addr((uintptr_t)&VNET_NAME(n), &__vnet_modref, \
	    VNET_DEBUG_SO, #n, __FILE__, __LINE__)
#elif defined(VNET_IN_SHARED_OBJECT)
#define VNET_ADDR(n) vnet_so_base((uintptr_t)&VNET_NAME(n), VNET_TLS.vt_id)
#endif

#ifdef VNET_ADDR
#define VNET_PTR(n) ((__typeof__(&VNET_NAME(n)))(VNET_ADDR(n)))
#define VNET(n)	    (*VNET_PTR(n))
#else
/*
 * The executable's V_x, spelled out rather than built from VNET_PTR and
 * an address macro: converted code reads a V_x on nearly every line, and
 * each macro level costs the compiler on every one (a tenth of the VIMAGE
 * parse of such code).
 */
#define VNET_PTR(n)                                                 \
	((__typeof__(&vnet_entry_##n))((uintptr_t)&vnet_entry_##n + \
	    VNET_TLS.vt_base))
#define VNET(n)                                                      \
	(*(__typeof__(&vnet_entry_##n))((uintptr_t)&vnet_entry_##n + \
	    VNET_TLS.vt_base))
#endif
#define VNET_VNET_PTR(vnet, n)                                 \
	((__typeof__(&VNET_NAME(n)))vnet_instance_addr((vnet), \
	    (uintptr_t)&VNET_NAME(n)))
#define VNET_VNET(vnet, n) (*VNET_VNET_PTR(vnet, n))

#define curvnet		     (VNET_TLS.vt_vnet)
#define IS_DEFAULT_VNET(arg) ((arg) == vnet0)
#ifndef curthread
#define curthread (&VNET_TLS)
#endif
#define TD_TO_VNET(td) ((td)->vt_home != NULL ? (td)->vt_home : vnet0)

/*
 * CURVNET_SET declares variables that CURVNET_RESTORE reads, so the two
 * must sit in the same block, once each, as in FreeBSD; saved_vnet keeps
 * FreeBSD's name for the instance that was current before.  As FreeBSD's,
 * it is declarations followed by a statement: in C89 code it must come
 * after the declarations of its block, or open a block of its own
 * ("{ CURVNET_SET(v); ... CURVNET_RESTORE(); }"), and no declaration may
 * follow it there.  One CURVNET_SET in a block nested inside another's
 * hides the outer saved_vnet (-Wshadow says so); FreeBSD code nests them
 * across functions instead, which is fine.
 */
#define CURVNET_SAVE()                                 \
	struct vnet *saved_vnet = VNET_TLS.vt_vnet;    \
	uintptr_t saved_vnet_base_ = VNET_TLS.vt_base; \
	uint32_t saved_vnet_id_ = VNET_TLS.vt_id
#define CURVNET_PUT_BACK()                           \
	do {                                         \
		VNET_TLS.vt_vnet = saved_vnet;       \
		VNET_TLS.vt_base = saved_vnet_base_; \
		VNET_TLS.vt_id = saved_vnet_id_;     \
	} while (0)

/*
 * CURVNET_SET's argument, which must be a struct vnet *: C takes a void *
 * or a 0 without a word, and curvnet would be garbage.  Anything else
 * becomes a void expression, which no initializer takes, so it is an
 * error where it is written.  C++ checks the conversion itself.
 */
#ifdef __cplusplus
#define VNET_ARG(arg) (arg)
#else
#define VNET_ARG(arg)                                                       \
	__builtin_choose_expr(__builtin_types_compatible_p(__typeof__(arg), \
				  struct vnet *),                           \
	    (arg), (void)0)
#endif

#ifdef VNET_DEBUG
#define CURVNET_SET_SITE(arg, quiet)                                           \
	static struct vnet_debug_site vnet_debug_site_ = {VNET_FUNC, __FILE__, \
	    __LINE__, 0, (quiet)};                                             \
	CURVNET_SAVE();                                                        \
	struct vnet *const vnet_debug_cur_ =                                   \
	    vnet_debug_set(VNET_ARG(arg), &vnet_debug_site_)
#define CURVNET_SET_QUIET(arg)	 CURVNET_SET_SITE(arg, 1)
#define CURVNET_SET(arg)	 CURVNET_SET_SITE(arg, 0)
#define CURVNET_SET_VERBOSE(arg) CURVNET_SET(arg)
#define CURVNET_RESTORE()                                       \
	do {                                                    \
		vnet_debug_restore(vnet_debug_cur_, saved_vnet, \
		    &vnet_debug_site_);                         \
		CURVNET_PUT_BACK();                             \
	} while (0)
#define VNET_ASSERT(exp, msg)                                            \
	do {                                                             \
		if (!(exp))                                              \
			vnet_assert_fail(#exp, msg, VNET_FUNC, __FILE__, \
			    __LINE__);                                   \
	} while (0)
#else /* !VNET_DEBUG */
#define CURVNET_SET_QUIET(arg)                                \
	CURVNET_SAVE();                                       \
	do {                                                  \
		struct vnet *vnet_set_ = VNET_ARG(arg);       \
		VNET_TLS.vt_vnet = vnet_set_;                 \
		VNET_TLS.vt_base = vnet_set_->vnet_data_base; \
		VNET_TLS.vt_id = vnet_set_->vnet_id;          \
	} while (0)
#define CURVNET_SET(arg)	 CURVNET_SET_QUIET(arg)
#define CURVNET_SET_VERBOSE(arg) CURVNET_SET(arg)
#define CURVNET_RESTORE()	 CURVNET_PUT_BACK()
#define VNET_ASSERT(exp, msg)	 ((void)0)
#endif /* VNET_DEBUG */

/* A failed VNET_ASSERT or CURVNET_ASSERT_SET: fatal. */
void vnet_assert_fail(const char *exp, const char *msg, const char *func,
    const char *file, int line) __attribute__((__noreturn__, __cold__));

#define CURVNET_ASSERT_SET()                                           \
	do {                                                           \
		if (__builtin_expect(VNET_TLS.vt_vnet == NULL, 0))     \
			vnet_assert_fail("curvnet != NULL",            \
			    "curvnet is not set", VNET_FUNC, __FILE__, \
			    __LINE__);                                 \
	} while (0)

#define VNET_ITERATOR_DECL(arg) struct vnet *arg
#define VNET_FOREACH(arg)                              \
	for ((arg) = vnet_list_first(); (arg) != NULL; \
	    (arg) = vnet_list_next(arg))
#ifdef VNET_DEBUG
/* The place is kept, for the message should it be held too long. */
#define VNET_LIST_RLOCK() vnet_debug_list_rlock(__FILE__, __LINE__)
#else
#define VNET_LIST_RLOCK() vnet_list_rlock()
#endif
#define VNET_LIST_RUNLOCK()	    vnet_list_runlock()
#define VNET_LIST_RLOCK_NOSLEEP()   VNET_LIST_RLOCK()
#define VNET_LIST_RUNLOCK_NOSLEEP() vnet_list_runlock()

/*
 * Constructors and destructors run for every instance, in (subsystem,
 * order) order with destructors reversed.  A constructor declared with
 * VNET_SYSINIT_ERR returns 0 or an errno; a failure undoes the
 * constructors already run (by running the destructors registered before
 * the failed step, in reverse) and makes vnet_alloc() return NULL.
 */
#define VNET_SYSINIT_DESC(set, ident, sub, order, func)                  \
	static const struct vnet_sysinit ident = {                       \
	    {(sub), (order), ident##_thunk, #func, __FILE__, __LINE__}}; \
	VNET_SET_ENTRY(set, ident, const struct vnet_sysinit, ident);    \
	VNET_MODULE_GLUE(ident)
#define VNET_SYSINIT(ident, sub, order, func, arg)   \
	SYSINIT_THUNK(ident##_vnet_init, func, arg); \
	VNET_SYSINIT_DESC(vnet_sysinit, ident##_vnet_init, sub, order, func)
#define VNET_SYSINIT_ERR(ident, sub, order, func, arg)   \
	SYSINIT_THUNK_ERR(ident##_vnet_init, func, arg); \
	VNET_SYSINIT_DESC(vnet_sysinit, ident##_vnet_init, sub, order, func)
#define VNET_SYSUNINIT(ident, sub, order, func, arg)   \
	SYSINIT_THUNK(ident##_vnet_uninit, func, arg); \
	VNET_SYSINIT_DESC(vnet_sysuninit, ident##_vnet_uninit, sub, order, func)

#else /* !VIMAGE */

#define VNET_NAME(n)		 n
#define VNET_DECLARE(t, n)	 extern t n
#define VNET_DEFINE(t, n)	 t n
#define VNET_DEFINE_STATIC(t, n) static t n
#define VNET_CONST		 const

#define VNET_PTR(n)	       (&(n))
#define VNET(n)		       (n)
#define VNET_VNET_PTR(vnet, n) (&(n))
#define VNET_VNET(vnet, n)     (n)

#define curvnet		     NULL
#define IS_DEFAULT_VNET(arg) 1

#define CURVNET_SET(arg)
#define CURVNET_SET_QUIET(arg)
#define CURVNET_SET_VERBOSE(arg)
#define CURVNET_RESTORE()
#define CURVNET_ASSERT_SET()
#define VNET_ASSERT(exp, msg)

#define TD_TO_VNET(td)		NULL

/*
 * A declaration of nothing, not an empty statement: C89 code declares
 * more after it (-Wdeclaration-after-statement), as it may under VIMAGE.
 */
#define VNET_ITERATOR_DECL(arg) struct __vnet_hack
#define VNET_FOREACH(arg)
#define VNET_LIST_RLOCK()
#define VNET_LIST_RUNLOCK()
#define VNET_LIST_RLOCK_NOSLEEP()
#define VNET_LIST_RUNLOCK_NOSLEEP()

#define VNET_SYSINIT(ident, sub, order, func, arg) \
	SYSINIT(ident, sub, order, func, arg)
#define VNET_SYSINIT_ERR(ident, sub, order, func, arg) \
	SYSINIT_ERR(ident, sub, order, func, arg)
#define VNET_SYSUNINIT(ident, sub, order, func, arg) \
	SYSUNINIT(ident, sub, order, func, arg)

#endif /* VIMAGE */

#ifdef __cplusplus
}
#endif

#endif /* !VNET_VNET_H */
