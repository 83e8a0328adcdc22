/*
 * util.c: messages, and the parsing and printing of the arguments that
 * several commands take.
 */
#include <limits.h>
#include <stdarg.h>

#include "vnetsh.h"

int lineno;

static void
sh_vwarn(int error, const char *fmt, va_list ap)
{
	/*
	 * A transcript is stdout and stderr together: what the commands
	 * printed so far must come out before the complaint does.
	 */
	fflush(stdout);
	if (lineno > 0)
		fprintf(stderr, "vnetsh: line %d: ", lineno);
	else
		fprintf(stderr, "vnetsh: ");
	vfprintf(stderr, fmt, ap);
	if (error != 0)
		fprintf(stderr, ": %s", strerror(error));
	fputc('\n', stderr);
}

void
sh_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sh_vwarn(0, fmt, ap);
	va_end(ap);
}

void
sh_warnc(int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sh_vwarn(error, fmt, ap);
	va_end(ap);
}

int
sh_novimage(void)
{
	sh_warnx("jails need a kernel built with VIMAGE");
	return (1);
}

/* A decimal number in [lo, hi]: 0, or -1 when it is not one. */
int
parse_number(const char *s, long lo, long hi, long *vp)
{
	char *end;
	long v;

	/* strtol takes leading blanks and signs that no argument has. */
	if (*s < '0' || *s > '9')
		return (-1);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return (-1);
	*vp = v;
	return (0);
}

int
parse_addr(const char *s, struct in_addr *a)
{
	return (in_aton(s, a) ? 0 : -1);
}

int
parse_prefix(const char *s, struct in_addr *a, int *plenp)
{
	char buf[INET_ADDRSTRLEN];
	const char *slash;
	long plen;

	slash = strchr(s, '/');
	if (slash == NULL || (size_t)(slash - s) >= sizeof(buf))
		return (-1);
	memcpy(buf, s, slash - s);
	buf[slash - s] = '\0';
	if (parse_addr(buf, a) != 0 || parse_number(slash + 1, 0, 32, &plen))
		return (-1);
	*plenp = (int)plen;
	return (0);
}

int
parse_hostport(const char *s, int addr_optional, struct in_addr *a,
    uint16_t *portp)
{
	char buf[INET_ADDRSTRLEN];
	const char *colon, *port;
	long v;

	colon = strrchr(s, ':');
	if (colon == NULL) {
		if (!addr_optional)
			return (-1);
		a->s_addr = INADDR_ANY;
		port = s;
	} else {
		if ((size_t)(colon - s) >= sizeof(buf))
			return (-1);
		memcpy(buf, s, colon - s);
		buf[colon - s] = '\0';
		if (parse_addr(buf, a) != 0)
			return (-1);
		port = colon + 1;
	}
	if (parse_number(port, 1, 65535, &v) != 0)
		return (-1);
	*portp = (uint16_t)v;
	return (0);
}

char *
lladdr_ntoa(const uint8_t *lla, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", lla[0], lla[1],
	    lla[2], lla[3], lla[4], lla[5]);
	return (buf);
}

char *
prefix_ntoa(struct in_addr a, int plen, char *buf)
{
	char addr[INET_ADDRSTRLEN];

	snprintf(buf, PREFIXSTRLEN, "%s/%d", in_ntoa_r(a, addr), plen);
	return (buf);
}

/*
 * As netstat(1) writes it: "default" for /0, the bare address for a host
 * route, the prefix otherwise.
 */
char *
rt_dstname(const struct rt_info *ri, char *buf)
{
	if (ri->ri_plen == 0)
		snprintf(buf, PREFIXSTRLEN, "default");
	else if (ri->ri_plen == 32)
		in_ntoa_r(ri->ri_dst, buf);
	else
		prefix_ntoa(ri->ri_dst, ri->ri_plen, buf);
	return (buf);
}
