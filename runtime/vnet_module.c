/*
 * vnet_module.c: modules coming and going.
 *
 * Every module (the executable, each shared object) registers its linker
 * sets from a constructor.  Registration records the data set, merges the
 * module's constructors and destructors into the global (subsystem,
 * order) lists and indexes its knobs.  Before boot that is all: boot
 * builds vnet0 and runs everything in one order.  After boot the module
 * is late: its plain SYSINITs run at once, and every live instance gets a
 * copy of its data set and runs its VNET_SYSINITs, exactly as FreeBSD
 * treats a kld loaded into a running system.  Unregistration, at dlclose,
 * runs the destructors for every instance and releases the copies.
 *
 * Base tables.  Each module has an array indexed by instance id holding
 * the distance from its master set to that instance's copy.  Code in a
 * shared object reads it without a lock, so a table is never changed in
 * place when it grows: a larger copy is published with a release store
 * and the old one is retired, not freed, because a reader may still hold
 * it (its entries stay valid).  Retired tables are freed with the module.
 */
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>

#include "vnet_impl.h"

struct vnet_mod **vnet_mods;
size_t vnet_nmods;
struct vnet_si_list vnet_si[SI_KIND_COUNT];
uint32_t vnet_table_cap = 64; /* under vnet_id_lock */
static uint64_t vnet_seq; /* numbers set entries as they come; sysinit lock */

/*
 * Modules whose late attachment failed, by key.  Every registration glue
 * of a module asks to register it, so without this record each of them
 * would try again (and run the constructors again) after the first
 * failed; the record goes when the module is unloaded.  Under
 * vnet_sysinit_lock.
 */
static const void **vnet_refused;
static size_t vnet_nrefused;

struct vnet_retired {
	struct vnet_retired *r_next;
	const struct vnet_mod *r_mod;
	void *r_mem;
};
static struct vnet_retired *vnet_retired; /* under vnet_id_lock */

/*
 * The address-to-module map read by vnet_addr_slow() without a lock:
 * rebuilt on every change and published atomically; old maps are retired.
 */
struct vnet_modmap {
	size_t mm_n;
	struct {
		uintptr_t start, size;
		uintptr_t *const *basesp;
	} mm_e[];
};
static struct vnet_modmap *vnet_modmap;

static void
vnet_retire(const struct vnet_mod *m, void *mem)
{
	struct vnet_retired *r;

	if (mem == NULL)
		return;
	r = malloc(sizeof(*r));
	if (r == NULL)
		return; /* leak it rather than free it under a reader */
	r->r_mod = m;
	r->r_mem = mem;
	r->r_next = vnet_retired;
	vnet_retired = r;
}

static void
vnet_retired_free(const struct vnet_mod *m)
{
	struct vnet_retired **rp = &vnet_retired, *r;

	while ((r = *rp) != NULL) {
		if (r->r_mod == m) {
			*rp = r->r_next;
			free(r->r_mem);
			free(r);
		} else
			rp = &r->r_next;
	}
}

static uintptr_t *
vnet_table_new(const uintptr_t *old, uint32_t oldcap, uint32_t cap)
{
	uintptr_t *t;
	uint32_t i;

	t = malloc(cap * sizeof(*t));
	if (t == NULL)
		return (NULL);
	for (i = 0; i < cap; i++)
		t[i] = i < oldcap ? old[i] : VNET_BASE_NONE;
	return (t);
}

static void
vnet_table_publish(struct vnet_mod *m, uintptr_t *t)
{
	__atomic_store_n(&m->m_bases, t, __ATOMIC_RELEASE);
	if (m->m_ref != NULL)
		__atomic_store_n(&m->m_ref->vm_bases, t, __ATOMIC_RELEASE);
}

/* Make every module's table hold entry id.  Caller holds vnet_id_lock. */
int
vnet_table_reserve(uint32_t id)
{
	uint32_t cap = vnet_table_cap;
	uintptr_t **tables;
	void ***blocks;
	size_t i;

	if (id < cap)
		return (0);
	while (cap <= id)
		cap *= 2;
	tables = calloc(vnet_nmods + 1, sizeof(*tables));
	blocks = calloc(vnet_nmods + 1, sizeof(*blocks));
	if (tables == NULL || blocks == NULL)
		goto fail;
	for (i = 0; i < vnet_nmods; i++) {
		tables[i] =
		    vnet_table_new(vnet_mods[i]->m_bases, vnet_table_cap, cap);
		blocks[i] = calloc(cap, sizeof(void *));
		if (tables[i] == NULL || blocks[i] == NULL)
			goto fail;
	}
	for (i = 0; i < vnet_nmods; i++) {
		memcpy(blocks[i], vnet_mods[i]->m_blocks,
		    vnet_table_cap * sizeof(void *));
		free(vnet_mods[i]->m_blocks);
		vnet_mods[i]->m_blocks = blocks[i];
		vnet_retire(vnet_mods[i], vnet_mods[i]->m_bases);
		vnet_table_publish(vnet_mods[i], tables[i]);
	}
	vnet_table_cap = cap;
	free(tables);
	free(blocks);
	return (0);
fail:
	for (i = 0; tables != NULL && blocks != NULL && i < vnet_nmods; i++) {
		free(tables[i]);
		free(blocks[i]);
	}
	free(tables);
	free(blocks);
	return (ENOMEM);
}

int
vnet_si_cmp_key(const struct sysinit *a, const struct sysinit *b)
{
	if (a->si_subsystem != b->si_subsystem)
		return (a->si_subsystem < b->si_subsystem ? -1 : 1);
	if (a->si_order != b->si_order)
		return (a->si_order < b->si_order ? -1 : 1);
	return (0);
}

static int
vnet_si_ent_cmp(const void *pa, const void *pb)
{
	const struct vnet_si_ent *a = pa, *b = pb;
	int c = vnet_si_cmp_key(a->e_si, b->e_si);

	if (c != 0)
		return (c);
	return (a->e_seq < b->e_seq ? -1 : a->e_seq > b->e_seq);
}

/* Start a walk over first and second merged (see vnet_impl.h). */
void
vnet_si_merge_init(struct vnet_si_merge *sm, const struct vnet_si_list *first,
    const struct vnet_si_list *second)
{
	sm->sm_first = first;
	sm->sm_second = second;
	sm->sm_i = sm->sm_j = 0;
}

/* The walk's next constructor; ties go to the first list. */
const struct sysinit *
vnet_si_merge_next(struct vnet_si_merge *sm, bool *fromfirstp)
{
	const struct vnet_si_list *f = sm->sm_first, *s = sm->sm_second;
	bool first;

	if (sm->sm_i == f->l_n && sm->sm_j == s->l_n)
		return (NULL);
	first = sm->sm_j == s->l_n ||
	    (sm->sm_i < f->l_n &&
		vnet_si_cmp_key(f->l_ent[sm->sm_i].e_si,
		    s->l_ent[sm->sm_j].e_si) <= 0);
	*fromfirstp = first;
	return (first ? f->l_ent[sm->sm_i++].e_si : s->l_ent[sm->sm_j++].e_si);
}

/* Add a set's entries to a list, keeping it sorted. */
static int
vnet_si_add(struct vnet_si_list *l, struct vnet_mod *m,
    const struct sysinit *const *start, const struct sysinit *const *stop)
{
	const struct sysinit *const *p;
	struct vnet_si_ent *ne;
	size_t n = (size_t)(stop - start), cap;

	if (start == NULL || n == 0)
		return (0);
	if (l->l_n + n > l->l_cap) {
		cap = l->l_cap ? l->l_cap : 16;
		while (cap < l->l_n + n)
			cap *= 2;
		ne = realloc(l->l_ent, cap * sizeof(*ne));
		if (ne == NULL)
			return (ENOMEM);
		l->l_ent = ne;
		l->l_cap = cap;
	}
	for (p = start; p < stop; p++) {
		if (*p == NULL)
			continue;
		l->l_ent[l->l_n].e_si = *p;
		l->l_ent[l->l_n].e_mod = m;
		l->l_ent[l->l_n].e_seq = ++vnet_seq;
		l->l_n++;
	}
	qsort(l->l_ent, l->l_n, sizeof(*l->l_ent), vnet_si_ent_cmp);
	return (0);
}

static void
vnet_si_remove(struct vnet_si_list *l, const struct vnet_mod *m)
{
	size_t i, j;

	for (i = j = 0; i < l->l_n; i++)
		if (l->l_ent[i].e_mod != m)
			l->l_ent[j++] = l->l_ent[i];
	l->l_n = j;
}

/* The vnet_sysinit wrapper exists only to keep the sets apart. */
#define VSI(p) ((const struct sysinit *const *)(const void *)(p))

static int
vnet_si_add_module(struct vnet_mod *m)
{
	const struct vnet_module_desc *d = &m->m_desc;
	int error;

	error = vnet_si_add(&vnet_si[SI_KIND_PLAIN_INIT], m, d->md_si_start,
	    d->md_si_stop);
	if (error == 0)
		error = vnet_si_add(&vnet_si[SI_KIND_PLAIN_UNINIT], m,
		    d->md_su_start, d->md_su_stop);
	if (error == 0)
		error = vnet_si_add(&vnet_si[SI_KIND_VNET_INIT], m,
		    VSI(d->md_vsi_start), VSI(d->md_vsi_stop));
	if (error == 0)
		error = vnet_si_add(&vnet_si[SI_KIND_VNET_UNINIT], m,
		    VSI(d->md_vsu_start), VSI(d->md_vsu_stop));
	return (error);
}

static void
vnet_si_remove_module(const struct vnet_mod *m)
{
	int k;

	for (k = 0; k < SI_KIND_COUNT; k++)
		vnet_si_remove(&vnet_si[k], m);
}

static const void *
vnet_desc_key(const struct vnet_module_desc *d)
{
	const void *const bounds[] = {d->md_data_start, d->md_vsi_start,
	    d->md_vsu_start, d->md_si_start, d->md_su_start, d->md_oid_start};
	size_t i;

	for (i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++)
		if (bounds[i] != NULL)
			return (bounds[i]);
	return (NULL);
}

static bool
vnet_refused_find(const void *key, bool remove)
{
	size_t i;

	for (i = 0; i < vnet_nrefused; i++) {
		if (vnet_refused[i] != key)
			continue;
		if (remove)
			vnet_refused[i] = vnet_refused[--vnet_nrefused];
		return (true);
	}
	return (false);
}

static void
vnet_refused_add(const void *key)
{
	const void **p;

	p = realloc(vnet_refused, (vnet_nrefused + 1) * sizeof(*p));
	if (p == NULL)
		vnet_fatal("out of memory refusing a module");
	vnet_refused = p;
	vnet_refused[vnet_nrefused++] = key;
}

static struct vnet_mod *
vnet_mod_find(const void *key)
{
	size_t i;

	for (i = 0; i < vnet_nmods; i++)
		if (vnet_mods[i]->m_key == key)
			return (vnet_mods[i]);
	return (NULL);
}

/* Caller holds vnet_sysinit_lock. */
struct vnet_mod *
vnet_mod_of_addr(uintptr_t addr)
{
	size_t i;

	for (i = 0; i < vnet_nmods; i++)
		if (addr - vnet_mods[i]->m_start < vnet_mods[i]->m_size)
			return (vnet_mods[i]);
	return (NULL);
}

static void
vnet_modmap_rebuild(void)
{
	struct vnet_modmap *mm;
	size_t i, n = 0;

	mm = malloc(sizeof(*mm) + vnet_nmods * sizeof(mm->mm_e[0]));
	if (mm == NULL)
		vnet_fatal("out of memory registering a module");
	for (i = 0; i < vnet_nmods; i++) {
		if (vnet_mods[i]->m_size == 0)
			continue;
		mm->mm_e[n].start = vnet_mods[i]->m_start;
		mm->mm_e[n].size = vnet_mods[i]->m_size;
		mm->mm_e[n].basesp = &vnet_mods[i]->m_bases;
		n++;
	}
	mm->mm_n = n;
	pthread_mutex_lock(&vnet_id_lock);
	vnet_retire(NULL, vnet_modmap);
	__atomic_store_n(&vnet_modmap, mm, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&vnet_id_lock);
}

void *
vnet_addr_slow(uintptr_t addr, uint32_t id)
{
	struct vnet_modmap *mm =
	    __atomic_load_n(&vnet_modmap, __ATOMIC_ACQUIRE);
	uintptr_t *bases;
	size_t i;

	for (i = 0; mm != NULL && i < mm->mm_n; i++) {
		if (addr - mm->mm_e[i].start < mm->mm_e[i].size) {
			bases = __atomic_load_n(mm->mm_e[i].basesp,
			    __ATOMIC_ACQUIRE);
			return ((void *)(addr + bases[id]));
		}
	}
	vnet_fatal("address %p is in no registered vnet data set (a variable "
		   "defined in a shared object and used from the executable, "
		   "or moved by a copy relocation?)",
	    (void *)addr);
}

/* A copy of the module's master set, aligned as the set is. */
void *
vnet_mod_block_alloc(const struct vnet_mod *m)
{
	size_t size = (m->m_size + m->m_align - 1) & ~(m->m_align - 1);
	void *block;

	block = aligned_alloc(m->m_align, size);
	if (block != NULL)
		memcpy(block, (void *)m->m_start, m->m_size);
	return (block);
}

/*
 * The alignment the set's copies need.  The set starts at a multiple of
 * its section alignment, which is at least every member's, so the lowest
 * set bit of its address is always enough; past a cache line, ask the
 * ELF section header to avoid over-aligning every copy.
 */
static size_t
vnet_mod_align(const struct vnet_mod *m)
{
	size_t low, a;

	if (m->m_size == 0)
		return (1);
	low = m->m_start & -m->m_start;
	if (low <= 64)
		return (low);
	a = vnet_elf_section_align(m->m_path, m->m_loadbase, m->m_start);
	if (a != 0 && a <= low)
		return (a < sizeof(void *) ? sizeof(void *) : a);
	return (low > 4096 ? 4096 : low);
}

static void
vnet_mod_identify(struct vnet_mod *m)
{
	struct link_map *lm = NULL;
	Dl_info info;

	if (dladdr1(m->m_key, &info, (void **)&lm, RTLD_DL_LINKMAP) != 0 &&
	    lm != NULL) {
		m->m_primary = lm->l_prev == NULL && lm->l_name[0] == '\0';
		m->m_loadbase = lm->l_addr;
		m->m_path =
		    strdup(m->m_primary ? "/proc/self/exe" : lm->l_name);
	} else {
		/* Not dynamically linked at all: the executable. */
		m->m_primary = true;
		m->m_path = strdup("/proc/self/exe");
	}
}

static void
vnet_mod_free(struct vnet_mod *m)
{
	size_t i;

	for (i = 0; i < vnet_nmods; i++) {
		if (vnet_mods[i] == m) {
			memmove(&vnet_mods[i], &vnet_mods[i + 1],
			    (vnet_nmods - i - 1) * sizeof(*vnet_mods));
			vnet_nmods--;
			break;
		}
	}
	vnet_modmap_rebuild();
	pthread_mutex_lock(&vnet_id_lock);
	vnet_retired_free(m);
	pthread_mutex_unlock(&vnet_id_lock);
	if (m->m_ref != NULL) {
		m->m_ref->vm_size = 0;
		m->m_ref->vm_bases = NULL;
	}
	vnet_symtab_free(m->m_symtab);
	free(m->m_bases);
	free(m->m_blocks);
	free(m->m_path);
	free(m);
}

static int
vnet_mod_run_plain(struct vnet_mod *m)
{
	struct vnet_si_list *l = &vnet_si[SI_KIND_PLAIN_INIT];
	struct vnet_si_list *u = &vnet_si[SI_KIND_PLAIN_UNINIT];
	const struct sysinit *si;
	size_t i, j;
	int error;

	for (i = 0; i < l->l_n; i++) {
		if (l->l_ent[i].e_mod != m)
			continue;
		si = l->l_ent[i].e_si;
		error = si->si_func();
		if (error == 0)
			continue;
		vnet_warn("SYSINIT %s (%s:%d) failed: %s", si->si_name,
		    si->si_file, si->si_line, strerror(error));
		for (j = u->l_n; j-- > 0;)
			if (u->l_ent[j].e_mod == m &&
			    vnet_si_cmp_key(u->l_ent[j].e_si, si) < 0)
				(void)u->l_ent[j].e_si->si_func();
		return (error);
	}
	return (0);
}

static void
vnet_mod_run_plain_uninits(struct vnet_mod *m)
{
	struct vnet_si_list *u = &vnet_si[SI_KIND_PLAIN_UNINIT];
	size_t j;

	for (j = u->l_n; j-- > 0;)
		if (u->l_ent[j].e_mod == m)
			(void)u->l_ent[j].e_si->si_func();
}

/*
 * Give every live instance a copy of a late module's data and run its
 * constructors there.  On failure the module is undone everywhere.
 */
static int
vnet_mod_attach_live(struct vnet_mod *m)
{
	struct vnet_impl *vi, *vj;
	void *block;
	int error;

	TAILQ_FOREACH(vi, &vnet_list, vi_link) {
		if (m->m_size > 0) {
			block = vnet_mod_block_alloc(m);
			if (block == NULL) {
				error = ENOMEM;
				goto undo;
			}
			vnet_data_attach(vi, m, block, true);
		}
		error = vnet_run_vnet_inits(vi, m);
		if (error != 0)
			goto undo;
	}
	return (0);
undo:
	TAILQ_FOREACH(vj, &vnet_list, vi_link) {
		if (vj == vi)
			break;
		vnet_run_vnet_uninits(vj, m, NULL);
	}
	return (error);
}

/* Forget a module: its copies in every instance, its entries, itself. */
static void
vnet_mod_detach(struct vnet_mod *m)
{
	struct vnet_impl *vi;

	/* Knobs first: a handler may be running on the data. */
	vnet_sysctl_unregister(m);
	if (m->m_size > 0)
		TAILQ_FOREACH(vi, &vnet_list, vi_link)
			vnet_data_detach(vi, m);
	vnet_si_remove_module(m);
	vnet_mod_free(m);
}

/*
 * A new module record for d, identified and aligned but known to nobody
 * yet.  Out of memory, or data but no modref, is fatal: a module cannot
 * refuse to load from its constructor.
 */
static struct vnet_mod *
vnet_mod_new(const struct vnet_module_desc *d, const void *key)
{
	struct vnet_mod *m;

	m = calloc(1, sizeof(*m));
	if (m == NULL)
		vnet_fatal("out of memory registering a module");
	m->m_key = key;
	m->m_desc = *d;
	m->m_ref = d->md_modref;
	m->m_start = (uintptr_t)d->md_data_start;
	m->m_size = d->md_data_start != NULL
	    ? (size_t)(d->md_data_stop - d->md_data_start)
	    : 0;
	vnet_mod_identify(m);
	if (m->m_size > 0 && m->m_ref == NULL)
		vnet_fatal("%s: vnet data without <vnet/vnet.h> under VIMAGE",
		    m->m_path);
	m->m_align = vnet_mod_align(m);
	return (m);
}

/*
 * Enter a new module in the module table, the address map and the
 * constructor lists, and publish its bounds and base table to its code.
 * Caller holds vnet_sysinit_lock exclusive.
 */
static void
vnet_mod_insert(struct vnet_mod *m)
{
	struct vnet_mod **nm;

	pthread_mutex_lock(&vnet_id_lock);
	nm = realloc(vnet_mods, (vnet_nmods + 1) * sizeof(*nm));
	m->m_bases = vnet_table_new(NULL, 0, vnet_table_cap);
	m->m_blocks = calloc(vnet_table_cap, sizeof(void *));
	if (nm == NULL || m->m_bases == NULL || m->m_blocks == NULL)
		vnet_fatal("out of memory registering %s", m->m_path);
	vnet_mods = nm;
	vnet_mods[vnet_nmods++] = m;
	pthread_mutex_unlock(&vnet_id_lock);
	if (m->m_ref != NULL) {
		m->m_ref->vm_start = m->m_start;
		m->m_ref->vm_size = m->m_size;
		m->m_ref->vm_primary = m->m_primary;
		vnet_table_publish(m, m->m_bases);
	}
	vnet_modmap_rebuild();
	if (vnet_si_add_module(m) != 0)
		vnet_fatal("out of memory registering %s", m->m_path);
}

/*
 * A module registering after boot joins the running system as a kld
 * does: its plain SYSINITs run, then every live instance gets its data
 * and runs its VNET_SYSINITs.  0, or an errno after undoing all of it.
 */
static int
vnet_mod_attach_late(struct vnet_mod *m)
{
	int error;

	error = vnet_mod_run_plain(m);
	if (error != 0)
		return (error);
	error = vnet_mod_attach_live(m);
	if (error != 0)
		vnet_mod_run_plain_uninits(m);
	return (error);
}

/*
 * Register a module's sets; idempotent, keyed by the sets.  A late module
 * whose constructors fail is forgotten and refused from then on, until
 * it is unloaded.  Its knobs are published last, once every live
 * instance has its data: a knob read before would find none.
 */
void
vnet_module_register(const struct vnet_module_desc *d)
{
	const void *key = vnet_desc_key(d);
	struct vnet_mod *m;
	int error;

	if (key == NULL)
		return;
	pthread_rwlock_wrlock(&vnet_sysinit_lock);
	if (vnet_mod_find(key) != NULL || vnet_refused_find(key, false)) {
		pthread_rwlock_unlock(&vnet_sysinit_lock);
		return;
	}
	m = vnet_mod_new(d, key);
	vnet_mod_insert(m);
	if (__atomic_load_n(&vnet_booted, __ATOMIC_ACQUIRE) &&
	    (error = vnet_mod_attach_late(m)) != 0) {
		vnet_warn("%s: not attached: %s", m->m_path, strerror(error));
		vnet_mod_detach(m);
		vnet_refused_add(key);
	} else
		(void)vnet_sysctl_register(m, d->md_oid_start, d->md_oid_stop);
	pthread_rwlock_unlock(&vnet_sysinit_lock);
}

void
vnet_module_unregister(const struct vnet_module_desc *d)
{
	const void *key = vnet_desc_key(d);
	struct vnet_impl *vi;
	struct vnet_mod *m;

	if (key == NULL || __atomic_load_n(&vnet_exiting, __ATOMIC_ACQUIRE))
		return;
	pthread_rwlock_wrlock(&vnet_sysinit_lock);
	m = vnet_mod_find(key);
	if (m == NULL) {
		(void)vnet_refused_find(key, true);
		pthread_rwlock_unlock(&vnet_sysinit_lock);
		return;
	}
	/* As FreeBSD unloads a kld: knobs go before the destructors run. */
	vnet_sysctl_unregister(m);
	TAILQ_FOREACH(vi, &vnet_list, vi_link)
		vnet_run_vnet_uninits(vi, m, NULL);
	vnet_mod_run_plain_uninits(m);
	vnet_mod_detach(m);
	pthread_rwlock_unlock(&vnet_sysinit_lock);
}
