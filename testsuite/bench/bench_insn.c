/*
 * bench_insn.c: see bench_insn.h.  The disassembly is x86-64 AT&T
 * syntax from GNU objdump or llvm-objdump.  An instruction reads memory
 * if an operand other than a mov's destination is a memory reference
 * (lea aside).  The chain of dependent reads is found by following
 * registers: each register carries the number of reads its value waited
 * for, and a read adds one to the most of its inputs.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_insn.h"

enum { NREG = 16 };

static const char *const regnames[NREG] = {"ax", "bx", "cx", "dx", "si", "di",
    "bp", "sp", "8", "9", "10", "11", "12", "13", "14", "15"};

/* The 64-bit register a name is part of, or -1 (rip, segments). */
static int
reg_index(const char *r, size_t len)
{
	char name[8];
	int i;

	if (len == 0 || len >= sizeof(name))
		return (-1);
	memcpy(name, r, len);
	name[len] = '\0';
	if (name[0] == 'r' && isdigit((unsigned char)name[1])) {
		name[1 + strspn(name + 1, "0123456789")] = '\0';
		for (i = 8; i < NREG; i++)
			if (strcmp(name + 1, regnames[i]) == 0)
				return (i);
		return (-1);
	}
	if ((name[0] == 'r' || name[0] == 'e') && len == 3)
		memmove(name, name + 1, 3);
	else if (len == 2 && (name[1] == 'l' || name[1] == 'h'))
		name[1] = 'x';
	else if (len == 3 && name[2] == 'l')
		name[2] = '\0';
	for (i = 0; i < 8; i++)
		if (strcmp(name, regnames[i]) == 0)
			return (i);
	return (-1);
}

static int
is_mem(const char *op)
{
	return (strchr(op, '(') != NULL || strstr(op, "%fs:") != NULL ||
	    strstr(op, "%gs:") != NULL);
}

/* The most any register in op waited for. */
static int
depth_of(const char *op, const int *depth)
{
	const char *p;
	int d = 0, r;
	size_t len;

	for (p = strchr(op, '%'); p != NULL; p = strchr(p + 1, '%')) {
		len = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789");
		r = reg_index(p + 1, len);
		if (r >= 0 && depth[r] > d)
			d = depth[r];
	}
	return (d);
}

/* Split AT&T operands at top-level commas. */
static int
split_operands(char *s, char **ops, int max)
{
	int n = 0, depth = 0, i;
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
	for (i = 0; i < n; i++)
		while (isspace((unsigned char)*ops[i]))
			ops[i]++;
	return (n);
}

struct walk {
	struct insn_count *c;
	int depth[NREG];
	int past_ret;
};

static void
count_one(char *line, struct walk *w)
{
	struct insn_count *c = w->c;
	char *mn, *rest, *ops[4], *hash, *dst;
	int nops, i, in = 0, reads = 0, r, mov;

	if ((hash = strchr(line, '#')) != NULL)
		*hash = '\0';
	line[strcspn(line, "\n")] = '\0';
	while (isspace((unsigned char)*line))
		line++;
	mn = line;
	for (rest = mn; *rest != '\0' && !isspace((unsigned char)*rest); rest++)
		;
	if (*rest != '\0')
		*rest++ = '\0';
	while (isspace((unsigned char)*rest))
		rest++;
	for (i = (int)strlen(rest);
	    i > 0 && isspace((unsigned char)rest[i - 1]); i--)
		rest[i - 1] = '\0';
	if (*mn == '\0' || strncmp(mn, "nop", 3) == 0 ||
	    strcmp(mn, "endbr64") == 0 || strncmp(mn, "data16", 6) == 0 ||
	    strcmp(mn, "int3") == 0 || strcmp(mn, "cs") == 0)
		return;
	if (strncmp(mn, "ret", 3) == 0) {
		if (!w->past_ret)
			c->chain = w->depth[0];
		w->past_ret = 1;
		return;
	}
	if (w->past_ret) {
		c->slow_insns++;
		c->slow_calls += strncmp(mn, "call", 4) == 0;
		return;
	}
	c->insns++;
	if (strlen(c->text) + strlen(mn) + strlen(rest) + 8 < sizeof(c->text))
		snprintf(c->text + strlen(c->text),
		    sizeof(c->text) - strlen(c->text), "      %s %s\n", mn,
		    rest);
	if (strncmp(mn, "call", 4) == 0 ||
	    (strncmp(mn, "jmp", 3) == 0 &&
		(strchr(rest, '<') == NULL || strchr(rest, '+') == NULL))) {
		c->calls++;
		return;
	}
	if (mn[0] == 'j')
		return;
	mov = strncmp(mn, "mov", 3) == 0 || strncmp(mn, "lea", 3) == 0;
	nops = split_operands(rest, ops, 4);
	dst = nops > 1 ? ops[nops - 1] : NULL;
	for (i = 0; i < nops; i++) {
		/* A register destination is read only by arithmetic. */
		if (ops[i] == dst && mov && !is_mem(dst))
			continue;
		if (depth_of(ops[i], w->depth) > in)
			in = depth_of(ops[i], w->depth);
		if (is_mem(ops[i]) && strncmp(mn, "lea", 3) != 0 &&
		    !(ops[i] == dst && mov))
			reads = 1;
		if (is_mem(ops[i]) && strstr(ops[i], "%fs:") != NULL &&
		    !(ops[i] == dst && mov))
			c->tls++;
	}
	c->loads += reads;
	if (dst == NULL || is_mem(dst) || strncmp(mn, "cmp", 3) == 0 ||
	    strncmp(mn, "test", 4) == 0)
		return;
	r = reg_index(dst + 1, strlen(dst + 1));
	if (r < 0)
		return;
	/* xor %r,%r and the like produce a constant. */
	if (nops == 2 && strcmp(ops[0], dst) == 0 &&
	    (strncmp(mn, "xor", 3) == 0 || strncmp(mn, "sub", 3) == 0))
		in = reads = 0;
	w->depth[r] = in + reads;
}

int
insn_static(const char *objdump, const char *file, const char *func,
    struct insn_count *c)
{
	char cmd[1024], line[512], header[256];
	struct walk w;
	int in = 0, found = 0;
	FILE *p;

	memset(c, 0, sizeof(*c));
	memset(&w, 0, sizeof(w));
	w.c = c;
	c->chain = -1;
	snprintf(cmd, sizeof(cmd),
	    "'%s' -d --no-show-raw-insn '%s' 2>/dev/null", objdump, file);
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
		count_one(strchr(line, ':') + 1, &w);
	}
	pclose(p);
	return (found ? 0 : -1);
}

static char cg_dir[64], cg_exe[128], cg_mod[128];

static int
strip_copy(const char *objcopy, const char *from, const char *to)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd),
	    "'%s' --strip-debug '%s' '%s' 2>/dev/null && chmod +x '%s'",
	    objcopy, from, to, to);
	return (system(cmd));
}

const char *
insn_prepare(const char *objcopy, const char *exe, const char *module)
{
	const char *base = strrchr(module, '/');

	snprintf(cg_dir, sizeof(cg_dir), "/tmp/vnet_bench.XXXXXX");
	if (mkdtemp(cg_dir) == NULL)
		return (NULL);
	snprintf(cg_exe, sizeof(cg_exe), "%s/vnet_bench", cg_dir);
	snprintf(cg_mod, sizeof(cg_mod), "%s/%s", cg_dir,
	    base != NULL ? base + 1 : module);
	if (strip_copy(objcopy, exe, cg_exe) != 0 ||
	    strip_copy(objcopy, module, cg_mod) != 0) {
		insn_cleanup();
		return (NULL);
	}
	return (cg_exe);
}

void
insn_cleanup(void)
{
	if (cg_dir[0] == '\0')
		return;
	unlink(cg_exe);
	unlink(cg_mod);
	rmdir(cg_dir);
	cg_dir[0] = '\0';
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
