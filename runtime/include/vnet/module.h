/*
 * module.h: how a module's linker sets reach the runtime.
 *
 * A "module" is the executable or one shared object.  Each keeps its
 * virtualized data and its constructor, destructor and knob descriptors in
 * linker sets: ELF sections named set_<name> whose bounds the link editor
 * publishes as __start_set_<name> and __stop_set_<name>.  The bounds are
 * declared weak and hidden here, so that every module sees its own sections
 * and a module without a given set sees a null pointer instead of failing
 * to link.
 *
 * A module registers its sets from a constructor and withdraws them from a
 * destructor, which for a shared object runs at dlclose().  Registration is
 * idempotent and keyed by the sets themselves, so any number of
 * translation units in a module may ask for it; the first request does the
 * work.  Nothing in this file emits code or data on its own: the glue is
 * instantiated only by the macros that need it (SYSINIT, SYSCTL_*, and
 * VNET_DEFINE under VIMAGE), so a translation unit that uses none of them
 * compiles to exactly what it would without this header.
 */
#ifndef VNET_MODULE_H
#define VNET_MODULE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sysinit;
struct vnet_sysinit;
struct sysctl_oid;

/*
 * What a module's code needs at run time to find its own data in an
 * instance: the bounds of its master data set and, for each instance id,
 * the distance from the master copy to that instance's copy.  Filled in by
 * the runtime; read by VNET() in position-independent code.
 */
struct vnet_modref {
	uintptr_t vm_start;  /* master set, first byte */
	uintptr_t vm_size;   /* master set, length in bytes */
	uintptr_t *vm_bases; /* per instance id; published atomically */
	int vm_primary;	     /* this module is the executable */
};

/* Everything a module hands to the runtime, all pointers may be null. */
struct vnet_module_desc {
	char *md_data_start, *md_data_stop;
	const struct vnet_sysinit *const *md_vsi_start, *const *md_vsi_stop;
	const struct vnet_sysinit *const *md_vsu_start, *const *md_vsu_stop;
	const struct sysinit *const *md_si_start, *const *md_si_stop;
	const struct sysinit *const *md_su_start, *const *md_su_stop;
	struct sysctl_oid *const *md_oid_start, *const *md_oid_stop;
	struct vnet_modref *md_modref;
};

/*
 * Called by the glue, from the module's constructors and destructors.
 * Register: the first call for a module records its sets (later ones,
 * from its other glue, do nothing); after start-up the module's plain
 * SYSINITs run and every live instance gets its data and runs its
 * VNET_SYSINITs, and if one fails the module is reported and left out
 * until it is unloaded.  Unregister: its knobs go, its VNET_SYSUNINITs run
 * in every instance and its SYSUNINITs once, and its copies are freed;
 * nothing is done once exit() has begun.  Out of memory is fatal.
 */
void vnet_module_register(const struct vnet_module_desc *);
void vnet_module_unregister(const struct vnet_module_desc *);

#define VNET_HIDDEN_WEAK __attribute__((__weak__, __visibility__("hidden")))

extern char __start_set_vnet[] VNET_HIDDEN_WEAK;
extern char __stop_set_vnet[] VNET_HIDDEN_WEAK;
extern const struct vnet_sysinit
    *const __start_set_vnet_sysinit[] VNET_HIDDEN_WEAK;
extern const struct vnet_sysinit
    *const __stop_set_vnet_sysinit[] VNET_HIDDEN_WEAK;
extern const struct vnet_sysinit
    *const __start_set_vnet_sysuninit[] VNET_HIDDEN_WEAK;
extern const struct vnet_sysinit
    *const __stop_set_vnet_sysuninit[] VNET_HIDDEN_WEAK;
extern const struct sysinit *const __start_set_sysinit[] VNET_HIDDEN_WEAK;
extern const struct sysinit *const __stop_set_sysinit[] VNET_HIDDEN_WEAK;
extern const struct sysinit *const __start_set_sysuninit[] VNET_HIDDEN_WEAK;
extern const struct sysinit *const __stop_set_sysuninit[] VNET_HIDDEN_WEAK;
extern struct sysctl_oid *const __start_set_sysctl[] VNET_HIDDEN_WEAK;
extern struct sysctl_oid *const __stop_set_sysctl[] VNET_HIDDEN_WEAK;

/* Defined (weakly, once per module) by <vnet/vnet.h> under VIMAGE. */
extern struct vnet_modref __vnet_modref VNET_HIDDEN_WEAK;

/*
 * The initializer of a module's descriptor.  It initializes a static
 * object rather than a compound literal, which C90 lacks, so that client
 * code built as C89 can use every macro.
 */
#define VNET_MODULE_DESC_INIT                                                \
	{__start_set_vnet, __stop_set_vnet, __start_set_vnet_sysinit,        \
	    __stop_set_vnet_sysinit, __start_set_vnet_sysuninit,             \
	    __stop_set_vnet_sysuninit, __start_set_sysinit,                  \
	    __stop_set_sysinit, __start_set_sysuninit, __stop_set_sysuninit, \
	    __start_set_sysctl, __stop_set_sysctl, &__vnet_modref}

/* Priority 101 runs before any constructor written without a priority. */
#define VNET_MODULE_CTOR_PRIO 101

/*
 * Registration glue for one set entry named by ident: the module's
 * descriptor, a constructor that registers the whole module and a
 * destructor that withdraws it.
 */
#define VNET_MODULE_GLUE(ident)                                            \
	static const struct vnet_module_desc ident##_moddesc =             \
	    VNET_MODULE_DESC_INIT;                                         \
	static void __attribute__((__constructor__(VNET_MODULE_CTOR_PRIO), \
	    __used__)) ident##_modreg(void)                                \
	{                                                                  \
		vnet_module_register(&ident##_moddesc);                    \
	}                                                                  \
	static void __attribute__((__destructor__(VNET_MODULE_CTOR_PRIO),  \
	    __used__)) ident##_modunreg(void)                              \
	{                                                                  \
		vnet_module_unregister(&ident##_moddesc);                  \
	}                                                                  \
	struct __vnet_hack

/* Place a pointer to obj in linker set set. */
#define VNET_SET_ENTRY(set, ident, type, obj)        \
	static type *const __set_##set##_sym_##ident \
	    __attribute__((__section__("set_" #set), __used__)) = &(obj)

#ifdef __cplusplus
}
#endif

#endif /* !VNET_MODULE_H */
