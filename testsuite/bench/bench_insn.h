/*
 * bench_insn.h: counting instructions, statically in a function's
 * disassembly (objdump) and dynamically in a loop (valgrind's
 * callgrind), since this machine may have no hardware counters.
 */
#ifndef BENCH_INSN_H
#define BENCH_INSN_H

/*
 * A function's fast path is what runs up to its first return; code
 * placed after it (a cold slow path) is counted apart.
 */
struct insn_count {
	int insns; /* fast path, without the return and padding */
	int loads; /* of those, instructions that read memory */
	int tls;   /* of the loads, those through %fs */
	int calls; /* calls and tail jumps on the fast path */
	int chain; /* longest run of dependent reads giving the result */
	int slow_insns, slow_calls;
	char text[1024]; /* the fast path, one instruction a line */
};

/* Disassemble func in file; 0, or -1 if it cannot be found. */
int insn_static(const char *objdump, const char *file, const char *func,
    struct insn_count *);

/*
 * Callgrind runs copies of the program and its module without their
 * debugging information, which the valgrind of the day may not read
 * (DWARF 5 from clang).  insn_prepare makes them in a directory of its
 * own and returns the program's path, or NULL; insn_cleanup removes
 * them.
 */
const char *
insn_prepare(const char *objcopy, const char *exe, const char *module);
void insn_cleanup(void);

/*
 * Run "exe --loop func n" under callgrind, collecting only inside func;
 * instructions executed per iteration, or -1.
 */
double
insn_dynamic(const char *valgrind, const char *exe, const char *func, long n);

#endif /* !BENCH_INSN_H */
