/*
 * rt_util.h: what several runtime suites need that Criterion lacks: running
 * a piece of the test in a child process whose death and stderr we can
 * inspect, and knowing whether a sanitizer changes how a fault looks.
 */
#ifndef RT_UTIL_H
#define RT_UTIL_H

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * A Criterion test whose body is followed by a leak check.  Criterion
 * ignores whatever a worker does once its test has reported (a leak
 * report at exit, even a crash in .fini), so in sanitizer builds the
 * check has to be part of the test itself.  RT_TEST_WITH passes
 * Criterion options (.timeout, .init) through.
 */
#define RT_TEST_WITH(suite, name, ...)              \
	static void rt_body_##suite##_##name(void); \
	Test(suite, name, __VA_ARGS__)              \
	{                                           \
		rt_body_##suite##_##name();         \
		rt_expect_no_leaks();               \
	}                                           \
	static void rt_body_##suite##_##name(void)
#define RT_TEST(suite, name) RT_TEST_WITH(suite, name, .disabled = false)

/* How a child ended, and what it wrote to stderr (NUL-terminated). */
struct rt_child {
	int exited; /* exited normally, with status code */
	int code;
	int signaled; /* killed by signal signo */
	int signo;
	char err[8192];
};

/*
 * Run fn(arg) in a forked child with stderr captured; the child exits 0
 * if fn returns.  Returns 0, or -1 if the child could not be run.
 */
int rt_run_child(void (*fn)(void *), void *arg, struct rt_child *out);

/*
 * True when a sanitizer runtime that turns SIGSEGV into a report and an
 * exit status is linked in (ASan, TSan).
 */
int rt_sanitized(void);

/*
 * Did the child die of an access to a wild address, as this build
 * reports it: SIGSEGV plainly, or a sanitizer's SEGV report and a
 * failure status.
 */
int rt_died_of_segv(const struct rt_child *);

/* Fails the current test if LeakSanitizer finds unreachable memory. */
void rt_expect_no_leaks(void);

/* Number of times needle occurs in haystack. */
int rt_count(const char *haystack, const char *needle);

#endif /* !RT_UTIL_H */
