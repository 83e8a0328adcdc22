/*
 * bench_access.h: the code whose cost the benchmark reports.  Each
 * measured operation exists as a small function (counted in the
 * disassembly) and as a loop (timed, and counted by callgrind).
 */
#ifndef BENCH_ACCESS_H
#define BENCH_ACCESS_H

struct vnet;

int get_plain(void);
int get_vnet(void);
void set_restore(struct vnet *);

/*
 * Loops of n iterations of eight operations each; arg is the instance
 * where one is needed.
 */
#define BENCH_UNROLL 8
long loop_empty(void *arg, long n);
long loop_plain(void *arg, long n);
long loop_vnet(void *arg, long n);
long loop_set_restore(void *arg, long n);

#endif /* !BENCH_ACCESS_H */
