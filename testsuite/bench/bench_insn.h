/*
 * bench_insn.h: counting instructions, statically in a function's
 * disassembly (objdump) and dynamically in a loop (valgrind's
 * callgrind), since this machine may have no hardware counters.
 */
#ifndef BENCH_INSN_H
#define BENCH_INSN_H

struct insn_count {
	int insns;  /* instructions, without the return and padding */
	int loads;  /* instructions that read memory */
	int calls;  /* calls and tail jumps out of the function */
	int tls;    /* of the loads, those through %fs */
	char text[512]; /* the instructions, one line each */
};

/* Disassemble func in file; 0, or -1 if it cannot be found. */
int insn_static(const char *objdump, const char *file, const char *func,
    struct insn_count *);

/*
 * Run "exe --loop func n" under callgrind, collecting only inside func;
 * instructions executed per iteration, or -1.
 */
double insn_dynamic(const char *valgrind, const char *exe, const char *func,
    long n);

#endif /* !BENCH_INSN_H */
