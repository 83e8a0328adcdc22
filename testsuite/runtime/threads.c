/*
 * threads.c: the runtime under concurrency, for ThreadSanitizer.  Many
 * threads create, destroy and iterate over instances, read knobs, and
 * load and unload a module, all at once; every thread checks that what
 * it sees is consistent.  A plain program printing TAP rather than a
 * Criterion suite, because Criterion cannot start under TSan (its
 * sandbox maps a shared arena at a random fixed address, and under TSan
 * every candidate lies in the sanitizer's reserved ranges; Criterion
 * issue #274).
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vnet/sysctl.h>
#include <vnet/vnet.h>

#include "dso.h"

VNET_DEFINE_STATIC(struct vnet *, thr_self);
VNET_DEFINE_STATIC(long, thr_scratch);
VNET_DEFINE_STATIC(int, thr_id);
#define V_thr_self    VNET(thr_self)
#define V_thr_scratch VNET(thr_scratch)
#define V_thr_id      VNET(thr_id)

SYSCTL_NODE(_net, OID_AUTO, rtthr, CTLFLAG_RW, NULL, "thread tests");
SYSCTL_INT(_net_rtthr, OID_AUTO, id, CTLFLAG_VNET | CTLFLAG_RD,
    &VNET_NAME(thr_id), 0, "the instance's id, set by its constructor");

/* Failures of the current case, from any thread. */
static atomic_int failures;
static char first_failure[256];
static pthread_mutex_t failure_lock = PTHREAD_MUTEX_INITIALIZER;

static void
fail(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&failure_lock);
	if (atomic_fetch_add(&failures, 1) == 0) {
		va_start(ap, fmt);
		vsnprintf(first_failure, sizeof(first_failure), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&failure_lock);
}

#define CHECK(cond, ...)                   \
	do {                               \
		if (!(cond))               \
			fail(__VA_ARGS__); \
	} while (0)

static void
thr_init(const void *unused)
{
	(void)unused;
	V_thr_self = curvnet;
	V_thr_id = (int)curvnet->vnet_id;
}
VNET_SYSINIT(thr_init, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, thr_init, NULL);

static void
thr_uninit(const void *unused)
{
	(void)unused;
	CHECK(V_thr_self == curvnet, "destructor: V_thr_self %p in %p",
	    (void *)V_thr_self, (void *)curvnet);
	V_thr_self = NULL;
}
VNET_SYSUNINIT(thr_uninit, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, thr_uninit,
    NULL);

/* What the module expects of the program that loads it. */
VNET_DEFINE(int, exe_shared) = 10;
const char *rt_dso_fail_name;
static atomic_int mod_vinits, mod_vuninits;

void
rt_dso_event(const char *what, struct vnet *cur, int ok)
{
	CHECK(ok, "module event %s in %s not ok", what, vnet_name(cur));
	if (strcmp(what, "vinit") == 0)
		atomic_fetch_add(&mod_vinits, 1);
	else if (strcmp(what, "vuninit") == 0)
		atomic_fetch_add(&mod_vuninits, 1);
}

static atomic_int creators_left;
/* Every thread of a case starts at once, so that they overlap. */
static pthread_barrier_t start_line;
/*
 * Creators go on until the iterators have made this many passes, so the
 * overlap does not depend on how the threads happen to be scheduled.
 */
static long min_passes;
/* How much really overlapped, reported as TAP diagnostics. */
static atomic_long seen_passes, seen_others, seen_loads;

/* Lets the writers in: the list lock prefers readers. */
static void
pause_briefly(void)
{
	sched_yield();
}

/* Every thread starts with no curvnet and vnet0 as home. */
static void
check_new_thread(void)
{
	CHECK(curvnet == NULL, "a new thread has curvnet %p", (void *)curvnet);
	CHECK(TD_TO_VNET(curthread) == vnet0,
	    "a new thread's home is not vnet0");
}

struct creator {
	int n, keep, tid;
};

static void *
creator(void *arg)
{
	struct creator *c = arg;
	struct vnet *live[16] = {0};
	char name[32];
	int i, slot;

	check_new_thread();
	pthread_barrier_wait(&start_line);
	for (i = 0; i < c->n || atomic_load(&seen_passes) < min_passes; i++) {
		slot = i % c->keep;
		if (live[slot] != NULL)
			vnet_destroy(live[slot]);
		snprintf(name, sizeof(name), "t%d.%d", c->tid, i);
		live[slot] = i % 2 ? vnet_alloc() : vnet_alloc_named(name);
		if (live[slot] == NULL) {
			fail("vnet_alloc: %s", strerror(errno));
			break;
		}
		CURVNET_SET(live[slot]);
		CHECK(V_thr_self == curvnet, "constructor did not run");
		V_thr_scratch = (long)c->tid << 32 | i;
		CURVNET_RESTORE();
		CHECK(VNET_VNET(live[slot], thr_scratch) ==
			((long)c->tid << 32 | i),
		    "scratch lost");
	}
	for (slot = 0; slot < c->keep; slot++)
		if (live[slot] != NULL)
			vnet_destroy(live[slot]);
	atomic_fetch_sub(&creators_left, 1);
	return (NULL);
}

static void
check_self(void *arg)
{
	(void)arg;
	CHECK(V_thr_self == curvnet, "foreach_call: V_thr_self %p in %p",
	    (void *)V_thr_self, (void *)curvnet);
}

static void *
iterator(void *arg)
{
	VNET_ITERATOR_DECL(it);
	int passes = 0;

	(void)arg;
	check_new_thread();
	pthread_barrier_wait(&start_line);
	while (atomic_load(&creators_left) > 0 || passes < 3) {
		VNET_LIST_RLOCK();
		VNET_FOREACH(it) {
			CURVNET_SET(it);
			CHECK(V_thr_self == it, "listed instance not built");
			CURVNET_RESTORE();
			if (it != vnet0)
				atomic_fetch_add(&seen_others, 1);
		}
		VNET_LIST_RUNLOCK();
		atomic_fetch_add(&seen_passes, 1);
		vnet_foreach_call(check_self, NULL);
		CHECK(vnet_count() >= 1, "vnet_count() is 0");
		passes++;
		pause_briefly();
	}
	return (NULL);
}

static void *
knob_reader(void *arg)
{
	VNET_ITERATOR_DECL(it);
	size_t len;
	int id, error;

	(void)arg;
	check_new_thread();
	pthread_barrier_wait(&start_line);
	while (atomic_load(&creators_left) > 0) {
		VNET_LIST_RLOCK_NOSLEEP();
		VNET_FOREACH(it) {
			len = sizeof(id);
			error = vnet_sysctlbyname(it, "net.rtthr.id", &id, &len,
			    NULL, 0);
			CHECK(error == 0 && id == (int)it->vnet_id,
			    "net.rtthr.id: error %d, %d in instance %u", error,
			    id, it->vnet_id);
		}
		VNET_LIST_RUNLOCK_NOSLEEP();
		/* The module's knob exists or not, but is never half there. */
		len = sizeof(id);
		error = vnet_sysctlbyname(vnet0, "net.rtmod_counter", &id, &len,
		    NULL, 0);
		CHECK(error == ENOENT || (error == 0 && id == 500),
		    "net.rtmod_counter: error %d, value %d", error, id);
		pause_briefly();
	}
	return (NULL);
}

static int
count_ctor(const struct vnet_sysinit_info *si, void *arg)
{
	(void)si;
	++*(int *)arg;
	return (0);
}

/* What a monitoring tool does while the system changes under it. */
static void *
introspector(void *arg)
{
	FILE *null = fopen("/dev/null", "w");
	int error, n, *id;
	size_t size;
	void *p;

	(void)arg;
	check_new_thread();
	pthread_barrier_wait(&start_line);
	while (atomic_load(&creators_left) > 0) {
		error = vnet_symbol_lookup(vnet0, "thr_id", &p, &size);
		id = p;
		CHECK(error == 0 && size == sizeof(int) &&
			*id == (int)vnet0->vnet_id,
		    "thr_id in vnet0: error %d", error);
		error = vnet_symbol_lookup(vnet0, "mod_counter", &p, &size);
		CHECK(error == 0 || error == ENOENT, "mod_counter: error %d",
		    error);
		n = 0;
		vnet_sysinit_foreach(count_ctor, &n);
		CHECK(n >= 2, "%d constructors and destructors", n);
		if (null != NULL)
			vnet_dump(null);
		pause_briefly();
	}
	if (null != NULL)
		fclose(null);
	return (NULL);
}

struct module_fns {
	int (*get_counter)(struct vnet *);
	void (*set_counter)(struct vnet *, int);
};

static void *
loader(void *arg)
{
	struct module_fns fn;
	struct vnet *v;
	int i, rounds = *(int *)arg;
	void *h;

	check_new_thread();
	pthread_barrier_wait(&start_line);
	for (i = 0; i < rounds; i++) {
		h = dlopen(RT_MOD_PATH, RTLD_NOW | RTLD_LOCAL);
		if (h == NULL) {
			fail("dlopen: %s", dlerror());
			break;
		}
		*(void **)&fn.get_counter = dlsym(h, "mod_get_counter");
		*(void **)&fn.set_counter = dlsym(h, "mod_set_counter");
		v = vnet_alloc();
		CHECK(v != NULL && fn.get_counter(v) == 500,
		    "module data in a new instance");
		fn.set_counter(v, i);
		CHECK(fn.get_counter(v) == i, "module data not kept");
		CHECK(fn.get_counter(vnet0) == 500, "vnet0's module data");
		vnet_destroy(v);
		dlclose(h);
		atomic_fetch_add(&seen_loads, 1);
	}
	return (NULL);
}

static atomic_int knob_loader_done;

/* Loads and unloads the module, whose knob comes and goes with it. */
static void *
knob_loader(void *arg)
{
	int i, rounds = *(int *)arg;
	void *h;

	check_new_thread();
	pthread_barrier_wait(&start_line);
	for (i = 0; i < rounds; i++) {
		h = dlopen(RT_MOD_PATH, RTLD_NOW | RTLD_LOCAL);
		if (h == NULL) {
			fail("dlopen: %s", dlerror());
			break;
		}
		usleep(200);
		dlclose(h);
		atomic_fetch_add(&seen_loads, 1);
		/*
		 * Unmapped for a while: a reload would likely map the module
		 * at the same address and hide a stale pointer.
		 */
		usleep(500);
	}
	atomic_store(&knob_loader_done, 1);
	return (NULL);
}

/*
 * Reads and writes the module's knob by name, as text and raw, while the
 * module comes and goes: each access finds the knob whole or not at all.
 */
static void *
knob_user(void *arg)
{
	char text[32];
	size_t len;
	int error, v;

	(void)arg;
	check_new_thread();
	pthread_barrier_wait(&start_line);
	while (!atomic_load(&knob_loader_done)) {
		error = vnet_sysctl_get(vnet0, "net.rtmod_counter", text,
		    sizeof(text));
		CHECK(error == ENOENT ||
			(error == 0 && strcmp(text, "500") == 0),
		    "vnet_sysctl_get: error %d, \"%s\"", error,
		    error == 0 ? text : "");
		if (error == 0)
			atomic_fetch_add(&seen_others, 1);
		error = vnet_sysctl_set(NULL, "net.rtmod_counter", "500");
		CHECK(error == 0 || error == ENOENT,
		    "vnet_sysctl_set: error %d", error);
		len = sizeof(v);
		error = vnet_sysctlbyname(vnet0, "net.rtmod_counter", &v, &len,
		    NULL, 0);
		CHECK(error == ENOENT || (error == 0 && v == 500),
		    "vnet_sysctlbyname: error %d, value %d", error, v);
		atomic_fetch_add(&seen_passes, 1);
		pause_briefly();
	}
	return (NULL);
}

static void *
own_instance(void *arg)
{
	struct vnet *v = arg;
	int i;

	check_new_thread();
	vnet_thread_set_home(v);
	CURVNET_SET(TD_TO_VNET(curthread));
	for (i = 0; i < 20000; i++)
		V_thr_scratch++;
	CHECK(curvnet == v, "curvnet changed under a thread");
	CURVNET_RESTORE();
	CHECK(TD_TO_VNET(curthread) == v, "home changed under a thread");
	return (NULL);
}

#define NCREATORS 4

static void
run_creators(int n, int with_readers, int loader_rounds)
{
	pthread_t t[NCREATORS + 5];
	struct creator c[NCREATORS];
	int i, nt = 0;

	atomic_store(&seen_passes, 0);
	atomic_store(&seen_others, 0);
	atomic_store(&seen_loads, 0);
	atomic_store(&creators_left, NCREATORS);
	min_passes = with_readers ? 100 : 0;
	pthread_barrier_init(&start_line, NULL,
	    NCREATORS + (with_readers ? 4 : 0) + (loader_rounds > 0));
	for (i = 0; i < NCREATORS; i++) {
		c[i] = (struct creator){n, 1 + i * 4, i};
		pthread_create(&t[nt++], NULL, creator, &c[i]);
	}
	if (with_readers) {
		pthread_create(&t[nt++], NULL, iterator, NULL);
		pthread_create(&t[nt++], NULL, iterator, NULL);
		pthread_create(&t[nt++], NULL, knob_reader, NULL);
		pthread_create(&t[nt++], NULL, introspector, NULL);
	}
	if (loader_rounds > 0)
		pthread_create(&t[nt++], NULL, loader, &loader_rounds);
	for (i = 0; i < nt; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&start_line);
	CHECK(vnet_count() == 1, "%u instances left", vnet_count());
	printf("# %d creators made at least %d instances each; %ld "
	       "iterations saw %ld of them; %ld module loads\n",
	    NCREATORS, n, atomic_load(&seen_passes), atomic_load(&seen_others),
	    atomic_load(&seen_loads));
}

static void
case_create_destroy_iterate(void)
{
	run_creators(1000, 1, 0);
}

static void
case_modules_come_and_go(void)
{
	atomic_store(&mod_vinits, 0);
	atomic_store(&mod_vuninits, 0);
	run_creators(300, 1, 30);
	CHECK(atomic_load(&mod_vinits) > 0, "the module never ran");
	CHECK(atomic_load(&mod_vinits) == atomic_load(&mod_vuninits),
	    "module: %d constructors, %d destructors", atomic_load(&mod_vinits),
	    atomic_load(&mod_vuninits));
}

#define NKNOB_USERS 4

static void
case_knobs_used_while_their_module_goes(void)
{
	pthread_t t[NKNOB_USERS + 1];
	int i, rounds = 500;

	atomic_store(&knob_loader_done, 0);
	atomic_store(&seen_passes, 0);
	atomic_store(&seen_others, 0);
	atomic_store(&seen_loads, 0);
	pthread_barrier_init(&start_line, NULL, NKNOB_USERS + 1);
	pthread_create(&t[0], NULL, knob_loader, &rounds);
	for (i = 1; i <= NKNOB_USERS; i++)
		pthread_create(&t[i], NULL, knob_user, NULL);
	for (i = 0; i <= NKNOB_USERS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&start_line);
	CHECK(sysctl_find("net.rtmod_counter") == NULL,
	    "the knob outlived its module");
	printf("# %ld loads; %d threads made %ld passes, %ld found the knob\n",
	    atomic_load(&seen_loads), NKNOB_USERS, atomic_load(&seen_passes),
	    atomic_load(&seen_others));
}

static void
case_curvnet_is_per_thread(void)
{
	struct vnet *v[8];
	pthread_t t[8];
	int i;

	for (i = 0; i < 8; i++)
		v[i] = vnet_alloc();
	for (i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, own_instance, v[i]);
	for (i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 8; i++) {
		CHECK(VNET_VNET(v[i], thr_scratch) == 20000,
		    "instance %d counted %ld", i, VNET_VNET(v[i], thr_scratch));
		vnet_destroy(v[i]);
	}
	CHECK(TD_TO_VNET(curthread) == vnet0, "another thread's home leaked");
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
    {"create, destroy and iterate concurrently", case_create_destroy_iterate},
    {"modules load and unload while instances come and go",
	case_modules_come_and_go},
    {"curvnet and home are per thread", case_curvnet_is_per_thread},
    {"knobs used by name while their module loads and unloads",
	case_knobs_used_while_their_module_goes},
};

int
main(void)
{
	size_t i, n = sizeof(cases) / sizeof(cases[0]);
	int bad = 0;

	printf("TAP version 13\n1..%zu\n", n);
	for (i = 0; i < n; i++) {
		atomic_store(&failures, 0);
		cases[i].fn();
		if (atomic_load(&failures) == 0) {
			printf("ok %zu - %s\n", i + 1, cases[i].name);
		} else {
			printf("not ok %zu - %s # %d failures, first: %s\n",
			    i + 1, cases[i].name, atomic_load(&failures),
			    first_failure);
			bad++;
		}
		fflush(stdout);
	}
	return (bad != 0);
}
