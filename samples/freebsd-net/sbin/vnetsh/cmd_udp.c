/*
 * cmd_udp.c: UDP from the script, what nc -u would do on FreeBSD.
 *
 *	udp listen [ADDR:]PORT
 *	udp send ADDR:PORT [TEXT...]
 *	udp recv PORT
 *	udp close PORT
 *
 * A listening socket lives across commands, in a table keyed by jail and
 * port, so that the same port can be open in several jails at once: that
 * is the isolation a scenario shows.  A datagram is sent from a socket
 * of its own, closed after, so it leaves from an ephemeral port.
 */
#include "kern/protosw.h"
#include "vnetsh.h"

/* Room for any datagram the stack can carry. */
#define UDP_BUFSIZE 65536

struct udp_sock {
	LIST_ENTRY(udp_sock) us_link;
	struct jail *us_jail;
	uint16_t us_port;
	int us_fd;
};

static LIST_HEAD(, udp_sock) udp_socks = LIST_HEAD_INITIALIZER(udp_socks);

static struct udp_sock *
udp_find(struct jail *j, uint16_t port)
{
	struct udp_sock *us;

	LIST_FOREACH(us, &udp_socks, us_link)
		if (us->us_jail == j && us->us_port == port)
			return (us);
	return (NULL);
}

/* The calling thread must be in the socket's jail. */
static void
udp_free(struct udp_sock *us)
{
	int error;

	error = sys_close(us->us_fd);
	if (error != 0)
		sh_warnc(error, "udp: %s: closing port %u", us->us_jail->j_name,
		    us->us_port);
	LIST_REMOVE(us, us_link);
	free(us);
}

static int
udp_listen(struct jail *j, const char *arg)
{
	struct udp_sock *us;
	struct in_addr a;
	uint16_t port;
	int error, fd;

	if (parse_hostport(arg, 1, &a, &port) != 0) {
		sh_warnx("udp: %s: not [address:]port", arg);
		return (1);
	}
	if (udp_find(j, port) != NULL) {
		sh_warnx("udp: port %u is open in %s already", port, j->j_name);
		return (1);
	}
	error = sys_socket(AF_INET, SOCK_DGRAM, 0, &fd);
	if (error != 0) {
		sh_warnc(error, "udp: socket");
		return (1);
	}
	error = sys_bind(fd, a, port);
	if (error != 0) {
		sh_warnc(error, "udp: bind %s", arg);
		sys_close(fd);
		return (1);
	}
	us = calloc(1, sizeof(*us));
	if (us == NULL) {
		sh_warnc(ENOMEM, "udp: listen %s", arg);
		sys_close(fd);
		return (1);
	}
	us->us_jail = j;
	us->us_port = port;
	us->us_fd = fd;
	LIST_INSERT_HEAD(&udp_socks, us, us_link);
	return (0);
}

static int
udp_send(struct jail *j, const char *arg, int argc, char **argv)
{
	struct in_addr a;
	uint16_t port;
	size_t len, n;
	char *text;
	int error, fd, i;

	if (parse_hostport(arg, 0, &a, &port) != 0) {
		sh_warnx("udp: %s: not address:port", arg);
		return (1);
	}
	len = 0;
	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	text = malloc(len + 1);
	if (text == NULL) {
		sh_warnc(ENOMEM, "udp: send");
		return (1);
	}
	len = 0;
	for (i = 0; i < argc; i++) {
		if (i > 0)
			text[len++] = ' ';
		n = strlen(argv[i]);
		memcpy(text + len, argv[i], n);
		len += n;
	}
	text[len] = '\0';
	error = sys_socket(AF_INET, SOCK_DGRAM, 0, &fd);
	if (error != 0) {
		sh_warnc(error, "udp: socket");
		free(text);
		return (1);
	}
	error = sys_sendto(fd, text, len, a, port);
	if (error != 0)
		sh_warnc(error, "udp: send to %s", arg);
	sys_close(fd);
	free(text);
	return (error != 0);
}

/* What came, with what is not printable written as \xNN. */
static void
udp_print(const char *jname, struct in_addr from, uint16_t fport,
    const unsigned char *data, size_t len)
{
	char addr[INET_ADDRSTRLEN];
	size_t i;

	printf("%s: from %s:%u: ", jname, in_ntoa_r(from, addr), fport);
	for (i = 0; i < len; i++) {
		if (data[i] == '\\')
			printf("\\\\");
		else if (data[i] >= 0x20 && data[i] < 0x7f)
			putchar(data[i]);
		else
			printf("\\x%02x", data[i]);
	}
	putchar('\n');
}

static int
udp_recv(struct jail *j, struct udp_sock *us)
{
	struct in_addr from;
	unsigned char *buf;
	uint16_t fport;
	size_t len;
	int error, n;

	buf = malloc(UDP_BUFSIZE);
	if (buf == NULL) {
		sh_warnc(ENOMEM, "udp: recv");
		return (1);
	}
	for (n = 0;; n++) {
		error = sys_recvfrom(us->us_fd, buf, UDP_BUFSIZE, &len, &from,
		    &fport);
		if (error != 0)
			break;
		udp_print(j->j_name, from, fport, buf, len);
	}
	free(buf);
	if (error != EAGAIN) {
		sh_warnc(error, "udp: recv on port %u", us->us_port);
		return (1);
	}
	if (n == 0)
		printf("%s: no datagram on port %u\n", j->j_name, us->us_port);
	return (0);
}

int
cmd_udp(struct jail *j, int argc, char **argv)
{
	struct udp_sock *us;
	long port;

	if (argc == 3 && strcmp(argv[1], "listen") == 0)
		return (udp_listen(j, argv[2]));
	if (argc >= 3 && strcmp(argv[1], "send") == 0)
		return (udp_send(j, argv[2], argc - 3, argv + 3));
	if (argc == 3 &&
	    (strcmp(argv[1], "recv") == 0 || strcmp(argv[1], "close") == 0)) {
		if (parse_number(argv[2], 1, 65535, &port) != 0) {
			sh_warnx("udp: %s: not a port", argv[2]);
			return (1);
		}
		us = udp_find(j, (uint16_t)port);
		if (us == NULL) {
			sh_warnx("udp: port %ld is not open in %s", port,
			    j->j_name);
			return (1);
		}
		if (argv[1][0] == 'r')
			return (udp_recv(j, us));
		udp_free(us);
		return (0);
	}
	sh_warnx("usage: udp [-j jail] listen [address:]port | send "
		 "address:port text... | recv port | close port");
	return (1);
}

/* Before the jail goes: its sockets die with its stack. */
void
udp_jail_gone(struct jail *j)
{
	struct udp_sock *us, *next;

	jail_enter(j);
	for (us = LIST_FIRST(&udp_socks); us != NULL; us = next) {
		next = LIST_NEXT(us, us_link);
		if (us->us_jail == j)
			udp_free(us);
	}
	jail_leave();
}

void
udp_fini(void)
{
	struct udp_sock *us;

	while ((us = LIST_FIRST(&udp_socks)) != NULL) {
		jail_enter(us->us_jail);
		udp_free(us);
		jail_leave();
	}
}
