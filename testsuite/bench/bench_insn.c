/*
 * bench_insn.c: see bench_insn.h.  The disassembly is AT&T syntax from
 * either GNU objdump or llvm-objdump; an instruction reads memory if an
 * operand other than its destination is a memory reference (a store's
 * destination does not count, a read-modify-write's does), lea aside.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_insn.h"

static int
is_mem(const char *op)
{
	return (strchr(op, '(') != NULL || strstr(op, "%fs:") != NULL ||
	    strstr(op, "%gs:") != NULL);
}

/* Split AT&T operands at top-level commas. */
static int
split_operands(char *s, char **ops, int max)
{
	int n = 0, depth = 0;
	char *p;

	if (*s == '\0')
		return (0);
	ops[n++] = s;
	for (p = s; *p != '\0'; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		else if (*p == ',' && depth == 0 && n < max) {
			*p = '\0';
			ops[n++] = p + 1;
		}
	}
	for (depth = 0; depth < n; depth++)
		while (isspace((unsigned char)*ops[depth]))
			ops[depth]++;
	return (n);
}

static void
count_one(char *line, struct insn_count *c)
{
	char *mn, *rest, *ops[4], *hash;
	int nops, i;

	if ((hash = strchr(line, '#')) != NULL)
		*hash = '\0';
	while (isspace((unsigned char)*line))
		line++;
	mn = line;
	for (rest = mn; *rest != '\0' && !isspace((unsigned char)*rest); rest++)
		;
	if (*rest != '\0')
		*rest++ = '\0';
	while (isspace((unsigned char)*rest))
		rest++;
	rest[strcspn(rest, "\n")] = '\0';
	for (i = (int)strlen(rest); i > 0 && isspace((unsigned char)rest[i - 1]);
	     i--)
		rest[i - 1] = '\0';
	if (strncmp(mn, "ret", 3) == 0 || strncmp(mn, "nop", 3) == 0 ||
	    strcmp(mn, "endbr64") == 0 || strncmp(mn, "data16", 6) == 0 ||
	    strcmp(mn, "int3") == 0 || strcmp(mn, "cs") == 0)
		return;
	c->insns++;
	if (strlen(c->text) + strlen(mn) + strlen(rest) + 8 < sizeof(c->text))
		snprintf(c->text + strlen(c->text),
		    sizeof(c->text) - strlen(c->text), "    %s %s\n", mn, rest);
	if (strncmp(mn, "call", 4) == 0 || strncmp(mn, "jmp", 3) == 0) {
		/* A jump within the function is not a call. */
		if (strncmp(mn, "call", 4) == 0 || strchr(rest, '<') == NULL ||
		    strchr(rest, '+') == NULL)
			c->calls++;
		return;
	}
	if (strncmp(mn, "lea", 3) == 0)
		return;
	nops = split_operands(rest, ops, 4);
	for (i = 0; i < nops; i++) {
		/* The last operand is the destination; a plain mov only writes it. */
		if (i == nops - 1 && nops > 1 && strncmp(mn, "mov", 3) == 0)
			continue;
		if (is_mem(ops[i])) {
			c->loads++;
			if (strstr(ops[i], "%fs:") != NULL)
				c->tls++;
			break;
		}
	}
}

int
insn_static(const char *objdump, const char *file, const char *func,
    struct insn_count *c)
{
	char cmd[1024], line[512], header[256];
	int in = 0, found = 0;
	FILE *p;

	memset(c, 0, sizeof(*c));
	snprintf(cmd, sizeof(cmd), "'%s' -d --no-show-raw-insn '%s' 2>/dev/null",
	    objdump, file);
	snprintf(header, sizeof(header), "<%s>:", func);
	if ((p = popen(cmd, "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof(line), p) != NULL) {
		if (!in) {
			if (strstr(line, header) != NULL)
				in = found = 1;
			continue;
		}
		if (line[0] == '\n' || strchr(line, ':') == NULL)
			break;
		/* "  1139:\tmov ..." */
		count_one(strchr(line, ':') + 1, c);
	}
	pclose(p);
	return (found ? 0 : -1);
}

double
insn_dynamic(const char *valgrind, const char *exe, const char *func, long n)
{
	char out[] = "/tmp/vnet_bench_cg.XXXXXX", cmd[1024], line[256];
	double total = -1;
	FILE *f;
	int fd;

	if ((fd = mkstemp(out)) < 0)
		return (-1);
	close(fd);
	snprintf(cmd, sizeof(cmd),
	    "'%s' -q --tool=callgrind --callgrind-out-file=%s "
	    "--toggle-collect=%s '%s' --loop %s %ld >/dev/null 2>&1",
	    valgrind, out, func, exe, func, n);
	if (system(cmd) == 0 && (f = fopen(out, "r")) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "totals: %lf", &total) == 1 ||
			    sscanf(line, "summary: %lf", &total) == 1)
				break;
		fclose(f);
	}
	unlink(out);
	return (total < 0 ? -1 : total / (double)n);
}
