/*
 * vnet.c: instances of the virtualized state.
 *
 * An instance is one allocation holding a struct vnet_impl followed by a
 * copy of the executable's data set, plus one allocation per shared object
 * that registered a data set.  Building an instance copies every module's
 * master set (so definitions' initial values become the instance's) and
 * then runs every VNET_SYSINIT in (subsystem, order) order with curvnet set
 * to the new instance.  Only a complete instance enters vnet_list; a
 * constructor that fails undoes the work of those before it and the
 * allocation fails.  Destruction is the mirror image: out of the list
 * first, so no iterator can reach a dying instance, then the destructors in
 * reverse order, then the memory.
 *
 * Instances are numbered from 1 (0 means "none" in every base table) and
 * numbers are reused, which keeps the modules' tables dense.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vnet_impl.h"

_Thread_local struct vnet_tls vnet_tls = {NULL, VNET_BASE_NONE, 0, 0, NULL};
extern _Thread_local struct vnet_tls vnet_tls_local
    __attribute__((__alias__("vnet_tls"), __visibility__("hidden")));

struct vnet *vnet0;

pthread_rwlock_t vnet_sysinit_lock = PTHREAD_RWLOCK_INITIALIZER;
pthread_mutex_t vnet_id_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t vnet_list_lock = PTHREAD_RWLOCK_INITIALIZER;

struct vnet_impl_list vnet_list = TAILQ_HEAD_INITIALIZER(vnet_list);
static unsigned int vnet_list_count; /* under vnet_list_lock */

bool vnet_booted;  /* vnet0 is built; atomic */
bool vnet_exiting; /* exit() began: modules stay registered; atomic */

/*
 * This thread's holds of vnet_list_lock shared (VNET_LIST_RLOCK nests),
 * and where the outermost was taken, when the code that took it says
 * (VNET_DEBUG).  A thread holding it must not create or destroy an
 * instance: that takes the lock exclusive and would wait for itself.
 */
static _Thread_local struct {
	unsigned int lh_depth;
	const char *lh_file; /* NULL: not known */
	int lh_line;
} vnet_list_held;

/* Free instance ids, under vnet_id_lock. */
static uint32_t *vnet_free_ids;
static size_t vnet_nfree_ids, vnet_free_ids_cap;
static uint32_t vnet_next_id = 1;

static int vnet_boot_inits(struct vnet_impl *);

static uint32_t
vnet_id_alloc(void)
{
	uint32_t id;

	if (vnet_nfree_ids > 0)
		return (vnet_free_ids[--vnet_nfree_ids]);
	id = vnet_next_id;
	if (id == UINT32_MAX)
		return (0);
	if (vnet_table_reserve(id) != 0)
		return (0);
	vnet_next_id++;
	return (id);
}

static void
vnet_id_free(uint32_t id)
{
	uint32_t *p;
	size_t cap;

	if (vnet_nfree_ids == vnet_free_ids_cap) {
		cap = vnet_free_ids_cap ? vnet_free_ids_cap * 2 : 64;
		p = realloc(vnet_free_ids, cap * sizeof(*p));
		if (p == NULL)
			return; /* the id is lost, nothing else */
		vnet_free_ids = p;
		vnet_free_ids_cap = cap;
	}
	vnet_free_ids[vnet_nfree_ids++] = id;
}

/*
 * Publish a module's copy for an instance: its base table entry and, for
 * the executable, the base CURVNET_SET loads.  block is either a separate
 * allocation the module owns or, for the executable, part of the
 * instance's own allocation (then m_blocks records nothing).
 */
void
vnet_data_attach(struct vnet_impl *vi, struct vnet_mod *m, void *block,
    bool owned)
{
	uintptr_t base = (uintptr_t)block - m->m_start;
	uint32_t id = vi->vi_pub.vnet_id;

	pthread_mutex_lock(&vnet_id_lock);
	m->m_bases[id] = base;
	if (owned)
		m->m_blocks[id] = block;
	pthread_mutex_unlock(&vnet_id_lock);
	if (m->m_primary)
		vi->vi_pub.vnet_data_base = base;
}

void
vnet_data_detach(struct vnet_impl *vi, struct vnet_mod *m)
{
	uint32_t id = vi->vi_pub.vnet_id;
	void *block;

	pthread_mutex_lock(&vnet_id_lock);
	m->m_bases[id] = VNET_BASE_NONE;
	block = m->m_blocks[id];
	m->m_blocks[id] = NULL;
	pthread_mutex_unlock(&vnet_id_lock);
	free(block);
}

static size_t
round_up(size_t n, size_t align)
{
	return ((n + align - 1) & ~(align - 1));
}

static struct vnet_mod *
vnet_primary(void)
{
	size_t i;

	for (i = 0; i < vnet_nmods; i++)
		if (vnet_mods[i]->m_primary && vnet_mods[i]->m_size > 0)
			return (vnet_mods[i]);
	return (NULL);
}

/*
 * The allocation: the structure, then the executable's data set aligned
 * as its section is.
 */
static struct vnet_impl *
vnet_impl_alloc(struct vnet_mod *primary, void **datap)
{
	size_t align = _Alignof(struct vnet_impl), off, size;
	struct vnet_impl *vi;

	off = sizeof(*vi);
	size = off;
	if (primary != NULL) {
		if (primary->m_align > align)
			align = primary->m_align;
		off = round_up(sizeof(*vi), primary->m_align);
		size = off + primary->m_size;
	}
	vi = aligned_alloc(align, round_up(size, align));
	if (vi == NULL)
		return (NULL);
	memset(vi, 0, sizeof(*vi));
	*datap = (char *)vi + off;
	return (vi);
}

/* Copy every module's master set into a new instance. */
static int
vnet_data_copy(struct vnet_impl *vi, struct vnet_mod *primary, void *pdata)
{
	struct vnet_mod *m;
	void *block;
	size_t i;

	for (i = 0; i < vnet_nmods; i++) {
		m = vnet_mods[i];
		if (m->m_size == 0)
			continue;
		if (m == primary) {
			memcpy(pdata, (void *)m->m_start, m->m_size);
			vnet_data_attach(vi, m, pdata, false);
			continue;
		}
		block = vnet_mod_block_alloc(m);
		if (block == NULL)
			return (ENOMEM);
		vnet_data_attach(vi, m, block, true);
	}
	return (0);
}

static void
vnet_data_release(struct vnet_impl *vi)
{
	size_t i;

	for (i = 0; i < vnet_nmods; i++)
		if (vnet_mods[i]->m_size > 0)
			vnet_data_detach(vi, vnet_mods[i]);
}

static int
vnet_call(const struct sysinit *si, struct vnet_impl *vi)
{
	int error;

	if (vi == NULL)
		return (si->si_func());
	CURVNET_SET_QUIET(&vi->vi_pub);
	error = si->si_func();
	CURVNET_RESTORE();
	return (error);
}

/*
 * Run, in reverse order, the VNET_SYSUNINITs of module only (all modules
 * if null) that sort strictly before the constructor before (all of them
 * if null).
 */
void
vnet_run_vnet_uninits(struct vnet_impl *vi, struct vnet_mod *only,
    const struct sysinit *before)
{
	struct vnet_si_list *l = &vnet_si[SI_KIND_VNET_UNINIT];
	size_t i;

	for (i = l->l_n; i-- > 0;) {
		if (only != NULL && l->l_ent[i].e_mod != only)
			continue;
		if (before != NULL &&
		    vnet_si_cmp_key(l->l_ent[i].e_si, before) >= 0)
			continue;
		(void)vnet_call(l->l_ent[i].e_si, vi);
	}
}

static void
vnet_report_failure(const struct sysinit *si, struct vnet_impl *vi, int error)
{
	vnet_warn("constructor %s (%s:%d) failed for %s: %s", si->si_name,
	    si->si_file, si->si_line, vi->vi_name, strerror(error));
}

/*
 * Run the VNET_SYSINITs of module only (all if null) for an instance;
 * on failure undo what ran and return the error.
 */
int
vnet_run_vnet_inits(struct vnet_impl *vi, struct vnet_mod *only)
{
	struct vnet_si_list *l = &vnet_si[SI_KIND_VNET_INIT];
	const struct sysinit *si;
	size_t i;
	int error;

	for (i = 0; i < l->l_n; i++) {
		if (only != NULL && l->l_ent[i].e_mod != only)
			continue;
		si = l->l_ent[i].e_si;
		error = vnet_call(si, vi);
		if (error != 0) {
			vnet_report_failure(si, vi, error);
			vnet_run_vnet_uninits(vi, only, si);
			return (error);
		}
	}
	return (0);
}

static void
vnet_list_insert(struct vnet_impl *vi)
{
	pthread_rwlock_wrlock(&vnet_list_lock);
	TAILQ_INSERT_TAIL(&vnet_list, vi, vi_link);
	vnet_list_count++;
	pthread_rwlock_unlock(&vnet_list_lock);
}

static void
vnet_list_remove(struct vnet_impl *vi)
{
	pthread_rwlock_wrlock(&vnet_list_lock);
	TAILQ_REMOVE(&vnet_list, vi, vi_link);
	vnet_list_count--;
	pthread_rwlock_unlock(&vnet_list_lock);
}

static char *
vnet_make_name(const char *name, uint32_t id)
{
	char buf[32];

	if (name != NULL)
		return (strdup(name));
	snprintf(buf, sizeof(buf), "vnet%u", id);
	return (strdup(buf));
}

/* A fresh instance number, or 0 when none can be had. */
static uint32_t
vnet_id_get(void)
{
	uint32_t id;

	pthread_mutex_lock(&vnet_id_lock);
	id = vnet_id_alloc();
	pthread_mutex_unlock(&vnet_id_lock);
	return (id);
}

static void
vnet_id_put(uint32_t id)
{
	pthread_mutex_lock(&vnet_id_lock);
	vnet_id_free(id);
	pthread_mutex_unlock(&vnet_id_lock);
}

/*
 * The memory of instance id, named, with no data attached yet; *pdatap is
 * where the executable's copy goes.  NULL when out of memory.
 */
static struct vnet_impl *
vnet_impl_new(const char *name, uint32_t id, struct vnet_mod *primary,
    void **pdatap)
{
	struct vnet_impl *vi;

	vi = vnet_impl_alloc(primary, pdatap);
	if (vi == NULL)
		return (NULL);
	vi->vi_pub.vnet_id = id;
	vi->vi_pub.vnet_magic_n = VNET_MAGIC_N;
	vi->vi_pub.vnet_data_base = VNET_BASE_NONE;
	vi->vi_name = vnet_make_name(name, id);
	if (vi->vi_name == NULL) {
		free(vi);
		return (NULL);
	}
	return (vi);
}

static void
vnet_impl_free(struct vnet_impl *vi)
{
	free(vi->vi_name);
	free(vi);
}

/*
 * Run the constructors of a new instance.  At boot the plain SYSINITs run
 * too, interleaved with the VNET_SYSINITs by (subsystem, order), as
 * FreeBSD boots vnet0.
 */
static int
vnet_construct(struct vnet_impl *vi, bool boot)
{
	if (!boot)
		return (vnet_run_vnet_inits(vi, NULL));
	/*
	 * FreeBSD's constructors tell vnet0 from the others with
	 * IS_DEFAULT_VNET(curvnet), so vnet0 must be known while its own
	 * constructors run.
	 */
	vnet0 = &vi->vi_pub;
	return (vnet_boot_inits(vi));
}

/*
 * Build an instance and list it: caller holds vnet_sysinit_lock (shared,
 * or exclusive at boot).  NULL with *errorp set to ENOMEM or a failed
 * constructor's errno, after undoing everything.
 */
static struct vnet_impl *
vnet_build(const char *name, bool boot, int *errorp)
{
	struct vnet_mod *primary = vnet_primary();
	struct vnet_impl *vi;
	void *pdata = NULL;
	uint32_t id;
	int error = ENOMEM;

	id = vnet_id_get();
	if (id == 0)
		goto fail;
	vi = vnet_impl_new(name, id, primary, &pdata);
	if (vi == NULL)
		goto fail_id;
	error = vnet_data_copy(vi, primary, pdata);
	if (error == 0)
		error = vnet_construct(vi, boot);
	if (error != 0)
		goto fail_data;
	vnet_list_insert(vi);
	return (vi);

fail_data:
	vnet_data_release(vi);
	vnet_impl_free(vi);
fail_id:
	vnet_id_put(id);
fail:
	*errorp = error;
	return (NULL);
}

/* Stop, rather than deadlock, when this thread holds the list lock. */
static void
vnet_check_list_unheld(const char *op, const struct vnet *vnet)
{
	char where[256];

	if (vnet_list_held.lh_depth == 0)
		return;
	if (vnet_list_held.lh_file == NULL)
		snprintf(where, sizeof(where),
		    "VNET_LIST_RLOCK; VNET_DEBUG names the place");
	else if (vnet_list_held.lh_line > 0)
		snprintf(where, sizeof(where), "VNET_LIST_RLOCK at %s:%d",
		    vnet_list_held.lh_file, vnet_list_held.lh_line);
	else
		snprintf(where, sizeof(where), "in %s", vnet_list_held.lh_file);
	vnet_fatal("%s%s%s%s while this thread holds the vnet list lock "
		   "(%s): it would wait for itself forever",
	    op, vnet != NULL ? "(" : "", vnet != NULL ? vnet_name(vnet) : "",
	    vnet != NULL ? ")" : "", where);
}

struct vnet *
vnet_alloc_named(const char *name)
{
	struct vnet_impl *vi;
	int error = 0;

	vnet_check_list_unheld("vnet_alloc", NULL);
	vnet_boot();
	pthread_rwlock_rdlock(&vnet_sysinit_lock);
	vi = vnet_build(name, false, &error);
	pthread_rwlock_unlock(&vnet_sysinit_lock);
	if (vi == NULL) {
		errno = error;
		return (NULL);
	}
	return (&vi->vi_pub);
}

struct vnet *
vnet_alloc(void)
{
	return (vnet_alloc_named(NULL));
}

void
vnet_destroy(struct vnet *vnet)
{
	struct vnet_impl *vi = (struct vnet_impl *)vnet;

	if (vnet == NULL || vnet->vnet_magic_n != VNET_MAGIC_N)
		vnet_fatal("vnet_destroy: %p is not a vnet", (void *)vnet);
	if (vnet == vnet0)
		vnet_fatal("vnet_destroy: vnet0 cannot be destroyed");
	if (vnet_tls.vt_vnet == vnet)
		vnet_fatal("vnet_destroy: %s is this thread's curvnet",
		    vi->vi_name);
	vnet_check_list_unheld("vnet_destroy", vnet);
	pthread_rwlock_rdlock(&vnet_sysinit_lock);
	vnet_list_remove(vi);
	vnet_run_vnet_uninits(vi, NULL, NULL);
	vnet_data_release(vi);
	vnet_id_put(vnet->vnet_id);
	pthread_rwlock_unlock(&vnet_sysinit_lock);
	vnet->vnet_magic_n = 0;
	vnet_impl_free(vi);
}

const char *
vnet_name(const struct vnet *vnet)
{
	return (vnet != NULL ? ((const struct vnet_impl *)vnet)->vi_name
			     : "(none)");
}

unsigned int
vnet_count(void)
{
	unsigned int n;

	pthread_rwlock_rdlock(&vnet_list_lock);
	n = vnet_list_count;
	pthread_rwlock_unlock(&vnet_list_lock);
	return (n);
}

struct vnet *
vnet_lookup_id(uint32_t id)
{
	struct vnet_impl *vi;

	pthread_rwlock_rdlock(&vnet_list_lock);
	TAILQ_FOREACH(vi, &vnet_list, vi_link)
		if (vi->vi_pub.vnet_id == id)
			break;
	pthread_rwlock_unlock(&vnet_list_lock);
	if (vi == NULL)
		errno = ENOENT;
	return (vi != NULL ? &vi->vi_pub : NULL);
}

struct vnet *
vnet_lookup_name(const char *name)
{
	struct vnet_impl *vi;

	if (name == NULL) {
		errno = EINVAL;
		return (NULL);
	}
	pthread_rwlock_rdlock(&vnet_list_lock);
	TAILQ_FOREACH(vi, &vnet_list, vi_link)
		if (strcmp(vi->vi_name, name) == 0)
			break;
	pthread_rwlock_unlock(&vnet_list_lock);
	if (vi == NULL)
		errno = ENOENT;
	return (vi != NULL ? &vi->vi_pub : NULL);
}

void
vnet_thread_set_home(struct vnet *vnet)
{
	if (vnet != NULL && vnet->vnet_magic_n != VNET_MAGIC_N)
		vnet_fatal("vnet_thread_set_home: %p is not a vnet",
		    (void *)vnet);
	vnet_tls.vt_home = vnet;
}

void
vnet_list_rlock(void)
{
	pthread_rwlock_rdlock(&vnet_list_lock);
	if (vnet_list_held.lh_depth++ == 0)
		vnet_list_held.lh_file = NULL;
}

void
vnet_debug_list_rlock(const char *file, int line)
{
	vnet_list_rlock();
	if (vnet_list_held.lh_depth == 1) {
		vnet_list_held.lh_file = file;
		vnet_list_held.lh_line = line;
	}
}

void
vnet_list_runlock(void)
{
	if (vnet_list_held.lh_depth > 0)
		vnet_list_held.lh_depth--;
	pthread_rwlock_unlock(&vnet_list_lock);
}

/* Caller holds the list lock. */
struct vnet *
vnet_list_first(void)
{
	struct vnet_impl *vi = TAILQ_FIRST(&vnet_list);

	return (vi != NULL ? &vi->vi_pub : NULL);
}

struct vnet *
vnet_list_next(struct vnet *vnet)
{
	struct vnet_impl *vi = TAILQ_NEXT((struct vnet_impl *)vnet, vi_link);

	return (vi != NULL ? &vi->vi_pub : NULL);
}

void
vnet_foreach_call(void (*fn)(void *), void *arg)
{
	VNET_ITERATOR_DECL(vnet_iter);

	/* A place for the message should fn create or destroy an instance. */
	vnet_debug_list_rlock("vnet_foreach_call()", 0);
	VNET_FOREACH(vnet_iter) {
		CURVNET_SET(vnet_iter);
		fn(arg);
		CURVNET_RESTORE();
	}
	VNET_LIST_RUNLOCK();
}

void *
vnet_instance_addr(struct vnet *vnet, uintptr_t master)
{
	if (vnet == NULL || vnet->vnet_magic_n != VNET_MAGIC_N)
		vnet_fatal("VNET_VNET_PTR: %p is not a vnet", (void *)vnet);
	return (vnet_addr_slow(master, vnet->vnet_id));
}

/*
 * Boot: all modules present at program start have registered; build
 * vnet0, running their constructors, plain and per-instance, in one
 * (subsystem, order) sequence.
 */
static int
vnet_boot_inits(struct vnet_impl *vi)
{
	struct vnet_si_merge sm;
	const struct sysinit *si;
	bool plain;
	int error;

	vnet_si_merge_init(&sm, &vnet_si[SI_KIND_PLAIN_INIT],
	    &vnet_si[SI_KIND_VNET_INIT]);
	while ((si = vnet_si_merge_next(&sm, &plain)) != NULL) {
		/*
		 * As in FreeBSD's boot, plain constructors of the vnet
		 * subsystems run with curvnet set to vnet0.
		 */
		error = vnet_call(si,
		    !plain ||
			    (si->si_subsystem >= SI_SUB_VNET &&
				si->si_subsystem < SI_SUB_VNET_DONE)
			? vi
			: NULL);
		if (error != 0) {
			if (plain)
				vnet_fatal("SYSINIT %s (%s:%d) failed: %s",
				    si->si_name, si->si_file, si->si_line,
				    strerror(error));
			vnet_report_failure(si, vi, error);
			vnet_run_vnet_uninits(vi, NULL, si);
			return (error);
		}
	}
	return (0);
}

static void
vnet_atexit(void)
{
	__atomic_store_n(&vnet_exiting, true, __ATOMIC_RELEASE);
}

static pthread_once_t vnet_boot_once = PTHREAD_ONCE_INIT;

static void
vnet_boot_once_fn(void)
{
	struct vnet_impl *vi;
	int error = 0;

	atexit(vnet_atexit);
	pthread_rwlock_wrlock(&vnet_sysinit_lock);
	vi = vnet_build("vnet0", true, &error);
	if (vi == NULL)
		vnet_fatal("cannot build vnet0: %s", strerror(error));
	vnet0 = &vi->vi_pub;
	vnet_tls.vt_home = NULL;
	__atomic_store_n(&vnet_booted, true, __ATOMIC_RELEASE);
	pthread_rwlock_unlock(&vnet_sysinit_lock);
}

void
vnet_boot(void)
{
	pthread_once(&vnet_boot_once, vnet_boot_once_fn);
}

void
sysinit_run_pending(void)
{
	vnet_boot();
}

/*
 * After every module linked into the program has registered (priority
 * 101) and before the program's own constructors.
 */
static void __attribute__((__constructor__(102)))
vnet_boot_ctor(void)
{
	vnet_boot();
}
