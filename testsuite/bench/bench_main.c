/*
 * bench_main.c: the benchmark's driver (make bench).  Measures V_x
 * access and CURVNET_SET/RESTORE here, then runs the allocation and
 * memory benchmarks, which need data sets of their own and so are
 * separate programs, and prints everything as one report.  Every figure
 * comes with a baseline measured in the same run.
 *
 * "vnet_bench --loop NAME N" runs one loop N times, for callgrind.
 */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vnet/vnet.h>

#include "bench_access.h"
#include "bench_insn.h"
#include "bench_util.h"

#define NLOOP  4000000L /* iterations of 8 operations, timed */
#define NCOUNT 200000L	/* iterations of 8 operations, under callgrind */

static char self[PATH_MAX], dir[PATH_MAX], mod[PATH_MAX + 32];
static const char *cg_exe; /* the copy callgrind runs, if it can */

typedef long loop_fn(void *, long);

struct loop {
	const char *name;
	loop_fn *fn;
};

static loop_fn *mod_loop_plain, *mod_loop_vnet, *mod_loop_exe;

static __attribute__((__noinline__)) void
empty_call(void)
{
	__asm__ volatile("");
}

static long
loop_call(void *arg, long n)
{
	long i;

	(void)arg;
	for (i = 0; i < n; i++) {
		empty_call();
		empty_call();
		empty_call();
		empty_call();
		empty_call();
		empty_call();
		empty_call();
		empty_call();
	}
	return (0);
}

static void
load_module(void)
{
	void *h;

	snprintf(mod, sizeof(mod), "%s/libvnet_bench_mod.so", dir);
	if ((h = dlopen(mod, RTLD_NOW)) == NULL) {
		fprintf(stderr, "vnet_bench: %s\n", dlerror());
		exit(1);
	}
	*(void **)&mod_loop_plain = dlsym(h, "mod_loop_plain");
	*(void **)&mod_loop_vnet = dlsym(h, "mod_loop_vnet");
	*(void **)&mod_loop_exe = dlsym(h, "mod_loop_exe");
}

static loop_fn *
find_loop(const char *name)
{
	const struct loop loops[] = {{"loop_empty", loop_empty},
	    {"loop_call", loop_call}, {"loop_plain", loop_plain},
	    {"loop_vnet", loop_vnet}, {"loop_set_restore", loop_set_restore},
	    {"mod_loop_plain", mod_loop_plain},
	    {"mod_loop_vnet", mod_loop_vnet}, {"mod_loop_exe", mod_loop_exe}};
	size_t i;

	for (i = 0; i < sizeof(loops) / sizeof(loops[0]); i++)
		if (strcmp(loops[i].name, name) == 0)
			return (loops[i].fn);
	return (NULL);
}

/* One operation: its code, and per operation, what it executes and costs. */
struct figure {
	const char *what;
	int value; /* the function returns the value read */
	struct insn_count st;
	int have_st;
	double dyn; /* callgrind instructions, -1 if unknown */
	double ns;
};

static void
measure(struct figure *f, const char *what, const char *file, const char *func,
    const char *loop, struct vnet *v)
{
	f->what = what;
	f->value = strncmp(what, "CURVNET", 7) != 0 && strncmp(what, "call", 4);
	f->have_st =
	    func != NULL && insn_static(BENCH_OBJDUMP, file, func, &f->st) == 0;
	f->dyn = cg_exe != NULL
	    ? insn_dynamic(BENCH_VALGRIND, cg_exe, loop, NCOUNT) / BENCH_UNROLL
	    : -1;
	f->ns = bench_ns_per(find_loop(loop), v, NLOOP) / BENCH_UNROLL;
}

static void
print_code(const struct figure *f)
{
	if (!f->have_st) {
		printf("  %s: not found in the disassembly\n", f->what);
		return;
	}
	printf("  %s: %d instructions, %d memory reads (%d via %%fs), ",
	    f->what, f->st.insns, f->st.loads, f->st.tls);
	if (f->value)
		printf("%d in the chain to the value, ", f->st.chain);
	printf("%d calls", f->st.calls);
	if (f->st.slow_insns > 0)
		printf("; cold path after the return: %d instructions, %d "
		       "calls",
		    f->st.slow_insns, f->st.slow_calls);
	printf("\n%s", f->st.text);
}

static void
print_run(const struct figure *f, const struct figure *empty,
    const struct figure *base)
{
	printf("  %-34s", f->what);
	if (f->dyn >= 0)
		printf(" %5.2f insns", f->dyn - empty->dyn);
	else
		printf("    n/a insns");
	printf("  %6.3f ns", f->ns - empty->ns);
	if (base != NULL && base != f)
		printf("  %5.2fx %s",
		    (f->ns - empty->ns) / (base->ns - empty->ns), base->what);
	else if (base == f)
		printf("  (baseline)");
	printf("\n");
}

/* aim < 0: there is only the goal. */
static const char *
verdict(const struct figure *v, const struct figure *plain, int aim)
{
	int extra = v->st.chain - plain->st.chain;

	if (!v->have_st || !plain->have_st)
		return ("unknown");
	if (v->st.calls != 0 || extra > 2)
		return ("NOT MET");
	if (aim < 0)
		return ("met");
	return (extra <= aim ? "met, and the aim" : "met, not the aim");
}

static void
report_access(struct vnet *v)
{
	struct figure empty, plain, exe, mplain, mvnet, cross, call, sr;

	CURVNET_SET(v);
	measure(&empty, "empty loop", self, NULL, "loop_empty", v);
	measure(&plain, "plain global", self, "get_plain", "loop_plain", v);
	measure(&exe, "V_x", self, "get_vnet", "loop_vnet", v);
	measure(&mplain, "plain global in a .so", mod, "mod_get_plain",
	    "mod_loop_plain", v);
	measure(&mvnet, "V_x in a .so", mod, "mod_get_vnet", "mod_loop_vnet",
	    v);
	measure(&cross, "the executable's V_x from a .so", mod, NULL,
	    "mod_loop_exe", v);
	CURVNET_RESTORE();
	measure(&call, "call of an empty function", self, "empty_call",
	    "loop_call", v);
	measure(&sr, "CURVNET_SET + CURVNET_RESTORE", self, "set_restore",
	    "loop_set_restore", v);

	printf("V_x access\n");
	printf(" the code (%s -d), fast path up to the first return:\n",
	    BENCH_OBJDUMP);
	print_code(&plain);
	print_code(&exe);
	print_code(&mplain);
	print_code(&mvnet);
	printf(" goal: no call, at most 2 dependent reads more than a plain "
	       "global there (aim: 1 in an executable)\n");
	printf("  executable:    %d more dependent, %d calls: %s\n",
	    exe.st.chain - plain.st.chain, exe.st.calls,
	    verdict(&exe, &plain, 1));
	printf("  shared object: %d more dependent, %d calls: %s\n",
	    mvnet.st.chain - mplain.st.chain, mvnet.st.calls,
	    verdict(&mvnet, &mplain, -1));
	printf(" per access, loop overhead taken out (instructions: "
	       "callgrind; time: best of 7 x %ld):\n",
	    NLOOP * BENCH_UNROLL);
	print_run(&plain, &empty, &plain);
	print_run(&exe, &empty, &plain);
	print_run(&mplain, &empty, &plain);
	print_run(&mvnet, &empty, &plain);
	print_run(&cross, &empty, &plain);

	printf("\nCURVNET_SET + CURVNET_RESTORE\n");
	print_code(&sr);
	printf(" goal: a few instructions, no call: %s\n",
	    sr.have_st && sr.st.calls == 0 ? "met" : "NOT MET");
	print_run(&call, &empty, &call);
	print_run(&sr, &empty, &call);
}

/* The other programs print their own sections. */
static void
run_part(const char *prog)
{
	char cmd[PATH_MAX + 64];

	printf("\n");
	fflush(stdout);
	snprintf(cmd, sizeof(cmd), "'%s/%s'", dir, prog);
	if (system(cmd) != 0)
		printf("(%s failed)\n", prog);
}

int
main(int argc, char **argv)
{
	char tmp[PATH_MAX];
	struct vnet *v;
	loop_fn *fn;
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return (1);
	self[n] = '\0';
	snprintf(tmp, sizeof(tmp), "%s", self);
	snprintf(dir, sizeof(dir), "%s", dirname(tmp));
	load_module();
	v = vnet_alloc_named("bench");
	if (argc == 4 && strcmp(argv[1], "--loop") == 0) {
		if ((fn = find_loop(argv[2])) == NULL)
			return (2);
		CURVNET_SET(v);
		bench_sink += fn(v, atol(argv[3]));
		CURVNET_RESTORE();
		return (0);
	}
	printf("vnet benchmark (%s)\n\n", BENCH_COMPILER);
	if (BENCH_VALGRIND[0] != '\0')
		cg_exe = insn_prepare(BENCH_OBJCOPY, self, mod);
	report_access(v);
	insn_cleanup();
	run_part("vnet_bench_alloc");
	run_part("vnet_bench_mem");
	vnet_destroy(v);
	return (0);
}
