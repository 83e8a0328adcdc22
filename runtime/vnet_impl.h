/*
 * vnet_impl.h: what the runtime's files share and nobody else sees.
 */
#ifndef VNET_IMPL_H
#define VNET_IMPL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/queue.h>

#include <vnet/module.h>
#include <vnet/sysctl.h>
#include <vnet/sysinit.h>
#include <vnet/vnet.h>

/*
 * CTLFLAG_VNET is 0 in client code built without VIMAGE; the runtime,
 * built once for both kinds, tests the bit itself.
 */
#define VNET_CTLFLAG_VNET_BIT 0x00020000u

/*
 * An instance.  The public part comes first so that a struct vnet * and
 * a struct vnet_impl * are the same pointer.  The executable's copy of its
 * data set follows the structure in the same allocation.
 */
struct vnet_impl {
	struct vnet vi_pub;
	TAILQ_ENTRY(vnet_impl) vi_link; /* vnet_list, under vnet_list_lock */
	char *vi_name;			/* malloc()ed; fixed for its life */
};
TAILQ_HEAD(vnet_impl_list, vnet_impl);

/*
 * One registered module: the executable or a shared object.  Its data set
 * has a copy in every instance; m_bases[id] is the distance from the
 * master to instance id's copy and m_blocks[id] the allocation holding
 * that copy when it is not the instance's own allocation.  The record
 * changes under vnet_sysinit_lock exclusive, m_bases and m_blocks also
 * under vnet_id_lock.
 */
struct vnet_mod {
	const void *m_key; /* first non-null bound of its sets: who it is */
	struct vnet_module_desc m_desc; /* what it registered */
	struct vnet_modref *m_ref;	/* its code's view; NULL: no vnet.h */
	uintptr_t m_start;		/* master data set, first byte */
	size_t m_size;			/* master data set, length */
	size_t m_align;			/* of every copy of the set */
	bool m_primary;			/* the executable */
	char *m_path;			/* file the module was loaded from */
	uintptr_t m_loadbase; /* ELF load bias, for the symbol table */
	uintptr_t *m_bases;   /* published in m_ref->vm_bases, read unlocked */
	void **m_blocks;
	struct vnet_symtab *m_symtab; /* first lookup, under vnet_symtab_lock */
};

/* One constructor or destructor in the global order. */
struct vnet_si_ent {
	const struct sysinit *e_si;
	struct vnet_mod *e_mod; /* whose it is */
	uint64_t e_seq;		/* registration order, which breaks ties */
};

/* Entries sorted by (subsystem, order, e_seq). */
struct vnet_si_list {
	struct vnet_si_ent *l_ent;
	size_t l_n, l_cap; /* used and allocated */
};

/* The lists, one per kind; the order is that of vnet_sysinit_info.kind. */
enum {
	SI_KIND_PLAIN_INIT,
	SI_KIND_VNET_INIT,
	SI_KIND_PLAIN_UNINIT,
	SI_KIND_VNET_UNINIT,
	SI_KIND_COUNT
};

/*
 * Locks, in the order they are taken:
 *  vnet_sysinit_lock	shared while an instance is built or torn down or
 *			introspection reads the modules, exclusive while a
 *			module comes or goes; protects vnet_mods, the
 *			constructor lists and the refused-module record.
 *  vnet_symtab_lock	the modules' symbol tables (vnet_symtab.c).
 *  vnet_id_lock	free instance ids, every module's m_bases and
 *			m_blocks, vnet_table_cap, and the retired tables and
 *			address maps (vnet_module.c).
 *  vnet_list_lock	vnet_list and its count (VNET_LIST_RLOCK); a thread
 *			holding it shared must not create or destroy an
 *			instance, which takes it exclusive.
 *  sysctl_lock		the knob index (vnet_sysctl.c), held shared while
 *			a handler runs.  A handler may take vnet_list_lock
 *			shared in turn: neither is held exclusive while
 *			another lock is awaited, so the two cannot deadlock.
 */
extern pthread_rwlock_t vnet_sysinit_lock;
extern pthread_mutex_t vnet_id_lock;
extern pthread_rwlock_t vnet_list_lock;

extern struct vnet_impl_list vnet_list;
extern struct vnet_mod **vnet_mods;
extern size_t vnet_nmods;
extern struct vnet_si_list vnet_si[SI_KIND_COUNT];
extern uint32_t vnet_table_cap;
extern bool vnet_booted;
extern bool vnet_exiting;

/* vnet.c */
/* Build vnet0 and run the boot constructors, once; idempotent. */
void vnet_boot(void);
void vnet_data_attach(struct vnet_impl *, struct vnet_mod *, void *block,
    bool owned);
/* Unpublish and free module m's copy in an instance. */
void vnet_data_detach(struct vnet_impl *, struct vnet_mod *);
int vnet_run_vnet_inits(struct vnet_impl *, struct vnet_mod *only);
void vnet_run_vnet_uninits(struct vnet_impl *, struct vnet_mod *only,
    const struct sysinit *before);

/* vnet_module.c */
/* The module whose master set holds addr, or NULL. */
struct vnet_mod *vnet_mod_of_addr(uintptr_t addr);
void *vnet_mod_block_alloc(const struct vnet_mod *);
int vnet_table_reserve(uint32_t id);
/* Compare by (subsystem, order): <0, 0, >0. */
int vnet_si_cmp_key(const struct sysinit *, const struct sysinit *);
/*
 * The entries of two sorted constructor lists in the one (subsystem,
 * order) sequence in which they run at boot; at equal keys the first
 * list's entries go first.  Both the code that runs them and
 * introspection walk them with this, so that what is listed is what runs.
 */
struct vnet_si_merge {
	const struct vnet_si_list *sm_first, *sm_second;
	size_t sm_i, sm_j; /* next entry of each */
};
void vnet_si_merge_init(struct vnet_si_merge *,
    const struct vnet_si_list *first, const struct vnet_si_list *second);
/* The next entry, NULL after the last; *fromfirstp says whose it is. */
const struct sysinit *
vnet_si_merge_next(struct vnet_si_merge *, bool *fromfirstp);

/* vnet_sysctl.c */
/*
 * Index a module's knobs (start, stop: its set): 0 or ENOMEM.  A name
 * already taken is reported and that knob left out.
 */
int vnet_sysctl_register(struct vnet_mod *, struct sysctl_oid *const *start,
    struct sysctl_oid *const *stop);
/* Drop a module's knobs; returns once no handler of theirs runs. */
void vnet_sysctl_unregister(struct vnet_mod *);

/* vnet_symtab.c */
struct vnet_symtab;
/* Read the module's symbol table if not yet done: 0, or ENOENT. */
int vnet_symtab_load(struct vnet_mod *);
void vnet_symtab_free(struct vnet_symtab *);
/* Looks up "vnet_entry_<name>" in the module's data set. */
int vnet_symtab_find(const struct vnet_mod *, const char *name,
    uintptr_t *masterp, size_t *sizep);
/* The alignment of the section of the file at addr, or 0 if unknown. */
size_t
vnet_elf_section_align(const char *path, uintptr_t loadbase, uintptr_t addr);

/* vnet_debug.c */
/* Report "vnet: <message>" on stderr and abort(). */
void vnet_fatal(const char *fmt, ...)
    __attribute__((__noreturn__, __format__(__printf__, 1, 2)));
/* Report "vnet: <message>" on stderr. */
void
vnet_warn(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

#endif /* !VNET_IMPL_H */
