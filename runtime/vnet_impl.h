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

/* The runtime is built once for both kinds of client code. */
#define VNET_CTLFLAG_VNET_BIT 0x00020000u

/*
 * An instance.  The public part comes first so that a struct vnet * and
 * a struct vnet_impl * are the same pointer.  The executable's copy of its
 * data set follows the structure in the same allocation.
 */
struct vnet_impl {
	struct vnet vi_pub;
	TAILQ_ENTRY(vnet_impl) vi_link; /* vnet_list, under vnet_list_lock */
	char *vi_name;
};
TAILQ_HEAD(vnet_impl_list, vnet_impl);

/*
 * One registered module: the executable or a shared object.  Its data set
 * has a copy in every instance; vm_bases[id] is the distance from the
 * master to instance id's copy and vm_blocks[id] the allocation holding
 * that copy when it is not the instance's own allocation.
 */
struct vnet_mod {
	const void *m_key;
	struct vnet_module_desc m_desc;
	struct vnet_modref *m_ref;
	uintptr_t m_start;
	size_t m_size;
	size_t m_align;
	bool m_primary;
	uint64_t m_seq;
	char *m_path;	      /* file the module was loaded from */
	uintptr_t m_loadbase; /* ELF load bias, for the symbol table */
	uintptr_t *m_bases;   /* published in m_ref->vm_bases */
	void **m_blocks;
	struct vnet_symtab *m_symtab; /* built on first lookup */
};

/* One constructor or destructor in the global order. */
struct vnet_si_ent {
	const struct sysinit *e_si;
	struct vnet_mod *e_mod;
	uint64_t e_seq;
};

struct vnet_si_list {
	struct vnet_si_ent *l_ent;
	size_t l_n, l_cap;
};

enum {
	SI_KIND_PLAIN_INIT,
	SI_KIND_VNET_INIT,
	SI_KIND_PLAIN_UNINIT,
	SI_KIND_VNET_UNINIT,
	SI_KIND_COUNT
};

/*
 * Locks, in the order they are taken:
 *  vnet_sysinit_lock	shared while an instance is built or torn down,
 *			exclusive while a module comes or goes; protects the
 *			module table and the constructor lists.
 *  vnet_id_lock	instance ids and every module's base table.
 *  vnet_list_lock	the list of complete instances (VNET_LIST_RLOCK).
 *  sysctl_lock	the knob index.
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
void vnet_boot(void);
void vnet_data_attach(struct vnet_impl *, struct vnet_mod *, void *block,
    bool owned);
void vnet_data_detach(struct vnet_impl *, struct vnet_mod *);
int vnet_run_vnet_inits(struct vnet_impl *, struct vnet_mod *only);
void vnet_run_vnet_uninits(struct vnet_impl *, struct vnet_mod *only,
    const struct sysinit *before);

/* vnet_module.c */
struct vnet_mod *vnet_mod_of_addr(uintptr_t addr);
void *vnet_mod_block_alloc(const struct vnet_mod *);
int vnet_table_reserve(uint32_t id);
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
int vnet_sysctl_register(struct vnet_mod *, struct sysctl_oid *const *,
    struct sysctl_oid *const *);
void vnet_sysctl_unregister(struct vnet_mod *);

/* vnet_symtab.c */
struct vnet_symtab;
int vnet_symtab_load(struct vnet_mod *);
void vnet_symtab_free(struct vnet_symtab *);
/* Looks up "vnet_entry_<name>" in the module's data set. */
int vnet_symtab_find(const struct vnet_mod *, const char *name,
    uintptr_t *masterp, size_t *sizep);
int vnet_symtab_foreach(const struct vnet_mod *,
    int (*fn)(const char *, uintptr_t, size_t, void *), void *arg);
size_t
vnet_elf_section_align(const char *path, uintptr_t loadbase, uintptr_t addr);

/* vnet_debug.c */
void vnet_fatal(const char *fmt, ...)
    __attribute__((__noreturn__, __format__(__printf__, 1, 2)));
void
vnet_warn(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));

#endif /* !VNET_IMPL_H */
