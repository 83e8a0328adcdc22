/*
 * rt_util.c: child processes for the tests that check how the runtime
 * fails.  A plain fork() rather than Criterion's .signal so that the
 * message the runtime prints can be checked too, and so that a sanitizer
 * build, where a fault ends in a report and exit status instead of a
 * signal, can be told apart from a child that did not fail at all.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rt_util.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define RT_SANITIZED 1
#endif
#if __has_feature(address_sanitizer)
#define RT_LSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RT_SANITIZED 1
#endif
#if defined(__SANITIZE_ADDRESS__)
#define RT_LSAN 1
#endif
#ifdef RT_LSAN
#include <sanitizer/lsan_interface.h>
#endif

int
rt_sanitized(void)
{
#ifdef RT_SANITIZED
	return (1);
#else
	return (0);
#endif
}

int
rt_run_child(void (*fn)(void *), void *arg, struct rt_child *out)
{
	size_t len = 0;
	char sink[512];
	ssize_t n;
	int fds[2], status;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	if (pipe(fds) != 0)
		return (-1);
	pid = fork();
	if (pid < 0)
		return (-1);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		close(fds[1]);
		/* A core dump per death test would only cost time. */
		setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	/* Drain everything, so that a chatty child cannot block on us. */
	while (
	    (n = len < sizeof(out->err) - 1
		    ? read(fds[0], out->err + len, sizeof(out->err) - 1 - len)
		    : read(fds[0], sink, sizeof(sink))) > 0)
		if (len < sizeof(out->err) - 1)
			len += (size_t)n;
	close(fds[0]);
	out->err[len] = '\0';
	if (waitpid(pid, &status, 0) != pid)
		return (-1);
	out->exited = WIFEXITED(status);
	out->code = out->exited ? WEXITSTATUS(status) : 0;
	out->signaled = WIFSIGNALED(status);
	out->signo = out->signaled ? WTERMSIG(status) : 0;
	return (0);
}

int
rt_died_of_segv(const struct rt_child *c)
{
	if (c->signaled && c->signo == SIGSEGV)
		return (1);
	return (rt_sanitized() && c->exited && c->code != 0 &&
	    strstr(c->err, "SEGV on unknown address") != NULL);
}

void
rt_expect_no_leaks(void)
{
#ifdef RT_LSAN
	int leaked = __lsan_do_recoverable_leak_check();

	cr_expect_eq(leaked, 0, "LeakSanitizer found leaks (report on stderr)");
#endif
}

int
rt_count(const char *haystack, const char *needle)
{
	const char *p = haystack;
	int n = 0;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return (n);
}
