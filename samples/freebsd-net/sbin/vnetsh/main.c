/*
 * main.c: vnetsh reads a script, a command a line, and runs it.
 *
 *	vnetsh [-ex] [script]
 *
 * The script is the file named, or standard input.  A line is words
 * separated by blanks; "..." makes one word of what it encloses, blanks
 * included (\" and \\ inside stand for " and \), and a word that starts
 * with # starts a comment that runs to the end of the line.  With -x each
 * command is printed, after "vnetsh> ", before it runs, so that the
 * output reads as a session; with -e the first command that fails ends
 * the script.  The exit status is 1 if any command failed.
 *
 * Commands that reach a network stack take "-j JAIL" right after their
 * name, as ifconfig(8) and route(8) do on FreeBSD: the whole command then
 * runs in that jail's stack.
 */
#include <limits.h>
#include <unistd.h>

#include "kern/callout.h"
#include "vnetsh.h"

#define MAXWORDS 128

#define CMD_JAIL   0x01 /* takes -j JAIL */
#define CMD_VIMAGE 0x02 /* means nothing with one stack */

static int cmd_echo(struct jail *, int, char **);
static int cmd_sleep(struct jail *, int, char **);

static const struct cmd {
	const char *c_name;
	int (*c_func)(struct jail *, int, char **);
	int c_flags;
} cmds[] = {
    {"arp", cmd_arp, CMD_JAIL},
    {"echo", cmd_echo, 0},
    {"ifconfig", cmd_ifconfig, CMD_JAIL},
    {"jail", cmd_jail, CMD_VIMAGE},
    {"jls", cmd_jls, CMD_VIMAGE},
    {"netstat", cmd_netstat, CMD_JAIL},
    {"ping", cmd_ping, CMD_JAIL},
    {"route", cmd_route, CMD_JAIL},
    {"sleep", cmd_sleep, 0},
    {"sysctl", cmd_sysctl, CMD_JAIL},
    {"topology", cmd_topology, 0},
    {"udp", cmd_udp, CMD_JAIL},
};

/* echo TEXT...: the words, one blank between them. */
static int
cmd_echo(struct jail *j, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		printf("%s%s", i > 1 ? " " : "", argv[i]);
	putchar('\n');
	return (0);
}

/*
 * sleep SECONDS: the stack's clock moves only when told to, which keeps
 * a scenario's output the same on every run; this is the telling.
 */
static int
cmd_sleep(struct jail *j, int argc, char **argv)
{
	long secs;

	if (argc != 2) {
		sh_warnx("usage: sleep seconds");
		return (1);
	}
	if (parse_number(argv[1], 0, INT_MAX / (hz > 0 ? hz : 1), &secs)) {
		sh_warnx("sleep: %s: bad number of seconds", argv[1]);
		return (1);
	}
	if (secs > 0)
		callout_advance((int)secs * hz);
	return (0);
}

/*
 * Splits line (changed in place) into words: their number, or -1 after
 * a message.
 */
static int
tokenize(char *line, char **words, int max)
{
	char *p, *q;
	int n;

	n = 0;
	p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (n == max) {
			sh_warnx("more than %d words", max);
			return (-1);
		}
		/* The word is copied down over its quotes as it is read. */
		words[n++] = q = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' &&
		    *p != '\n') {
			if (*p != '"') {
				*q++ = *p++;
				continue;
			}
			for (p++; *p != '"'; p++) {
				if (*p == '\0') {
					sh_warnx("unterminated quote");
					return (-1);
				}
				if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
					p++;
				*q++ = *p;
			}
			p++;
		}
		/* The end of the word may be where the next one starts. */
		if (*p != '\0')
			p++;
		*q = '\0';
	}
	return (n);
}

static const struct cmd *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(cmds); i++)
		if (strcmp(cmds[i].c_name, name) == 0)
			return (&cmds[i]);
	return (NULL);
}

/* Runs one command: 0, or 1 when it failed. */
static int
run(int argc, char **argv)
{
	const struct cmd *c;
	struct jail *j;
	int rc;

	c = cmd_find(argv[0]);
	if (c == NULL) {
		sh_warnx("%s: command not found", argv[0]);
		return (1);
	}
	j = jail_host();
	/* For the others, -j is an argument like any: echo -j prints it. */
	if ((c->c_flags & CMD_JAIL) && argc > 1 && strcmp(argv[1], "-j") == 0) {
#ifndef VIMAGE
		return (sh_novimage());
#endif
		if (argc < 3) {
			sh_warnx("%s: -j: a jail name is required", argv[0]);
			return (1);
		}
		j = jail_lookup(argv[2]);
		if (j == NULL) {
			sh_warnx("%s: jail \"%s\" not found", argv[0], argv[2]);
			return (1);
		}
		/* The command sees itself without the option. */
		argv[2] = argv[0];
		argv += 2;
		argc -= 2;
	}
#ifndef VIMAGE
	if (c->c_flags & CMD_VIMAGE)
		return (sh_novimage());
#endif
	if (c->c_flags & CMD_JAIL)
		jail_enter(j);
	rc = c->c_func(j, argc, argv);
	if (c->c_flags & CMD_JAIL)
		jail_leave();
	return (rc != 0);
}

static void
usage(void)
{
	fprintf(stderr, "usage: vnetsh [-ex] [script]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	char *words[MAXWORDS];
	char *line, *start;
	size_t cap;
	ssize_t len;
	FILE *fp;
	int ch, eflag, failed, n, xflag;

	eflag = xflag = 0;
	while ((ch = getopt(argc, argv, "ex")) != -1) {
		switch (ch) {
		case 'e':
			eflag = 1;
			break;
		case 'x':
			xflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 0 || strcmp(argv[0], "-") == 0)
		fp = stdin;
	else if ((fp = fopen(argv[0], "r")) == NULL) {
		fprintf(stderr, "vnetsh: %s: %s\n", argv[0], strerror(errno));
		exit(2);
	}
	/* Lines, so that stdout and stderr interleave as they were made. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	jail_init();
	failed = 0;
	line = NULL;
	cap = 0;
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		for (start = line; *start == ' ' || *start == '\t'; start++)
			continue;
		/* What -x prints is the line as written, before splitting. */
		if (xflag && *start != '\0' && *start != '#')
			printf("vnetsh> %s\n", start);
		n = tokenize(start, words, MAXWORDS);
		if (n == 0)
			continue;
		if (n < 0 || run(n, words) != 0) {
			failed = 1;
			if (eflag)
				break;
		}
		fflush(stdout);
	}
	if (ferror(fp)) {
		sh_warnx("read error: %s", strerror(errno));
		failed = 1;
	}
	free(line);
	if (fp != stdin)
		fclose(fp);

	/* What the script left open goes as the script ended it. */
	lineno = 0;
	udp_fini();
	jail_fini();
	fflush(stdout);
	return (failed);
}
