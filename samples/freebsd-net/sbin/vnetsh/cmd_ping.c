/*
 * cmd_ping.c: ping(8).
 *
 *	ping [-c count] [-t ttl] [-s size] address
 *
 * Echo requests with sequence numbers 0 to count - 1 and an identifier
 * of their own per ping command, so that what comes back late for one
 * command is never taken for an answer to the next.  Times are not
 * printed: the stack's clock moves only by sleep, and output is the
 * same on every run.  A ping that gets nothing back has still worked,
 * as a tool, so only bad options make the command fail.
 */
#include "netinet/icmp_var.h"
#include "netinet/ip_var.h"
#include "vnetsh.h"

#define DEFDATALEN 56

/*
 * What an error message about one of our echoes measures: the ICMP
 * header, then the IP header and the first 8 bytes of the echo, which
 * is what icmp_var.h says this stack quotes.  sys_ping does not give
 * the length, so it is worked out.
 */
#define ICMP_ERRLEN (ICMP_MINLEN + (int)sizeof(struct ip) + 8)

static uint16_t ping_ident;

static const char *
unreach_text(int code)
{
	switch (code) {
	case ICMP_UNREACH_NET:
		return ("Destination Net Unreachable");
	case ICMP_UNREACH_HOST:
		return ("Destination Host Unreachable");
	case ICMP_UNREACH_PORT:
		return ("Destination Port Unreachable");
	default:
		return (NULL);
	}
}

static void
ping_answer(int type, int code, struct in_addr from, int ttl, uint16_t seq,
    int datalen)
{
	char addr[INET_ADDRSTRLEN];
	const char *text;

	in_ntoa_r(from, addr);
	switch (type) {
	case ICMP_ECHOREPLY:
		printf("%d bytes from %s: icmp_seq=%u ttl=%d\n",
		    datalen + ICMP_MINLEN, addr, seq, ttl);
		break;
	case ICMP_TIMXCEED:
		printf("%d bytes from %s: Time to live exceeded\n", ICMP_ERRLEN,
		    addr);
		break;
	case ICMP_UNREACH:
		text = unreach_text(code);
		if (text != NULL)
			printf("%d bytes from %s: %s\n", ICMP_ERRLEN, addr,
			    text);
		else
			printf("%d bytes from %s: Destination Unreachable, "
			       "Unknown Code: %d\n",
			    ICMP_ERRLEN, addr, code);
		break;
	default:
		printf("%d bytes from %s: ICMP type %d, code %d\n", ICMP_ERRLEN,
		    addr, type, code);
		break;
	}
}

int
cmd_ping(struct jail *j, int argc, char **argv)
{
	char addr[INET_ADDRSTRLEN];
	struct in_addr dst, from;
	long count, datalen, ttl, v;
	long n, ntransmitted, nreceived;
	uint16_t id, seq;
	int code, error, i, rttl, type;

	count = 1;
	ttl = 64;
	datalen = DEFDATALEN;
	/* Every option takes an argument. */
	for (i = 1; i < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "-c") != 0 && strcmp(argv[i], "-t") != 0 &&
		    strcmp(argv[i], "-s") != 0) {
			sh_warnx("ping: %s: unknown option", argv[i]);
			goto usage;
		}
		if (i + 1 == argc) {
			sh_warnx("ping: %s: an argument is required", argv[i]);
			goto usage;
		}
		switch (argv[i][1]) {
		case 'c':
			if (parse_number(argv[i + 1], 1, 65535, &v) != 0) {
				sh_warnx("ping: invalid count of packets to "
					 "transmit: `%s'",
				    argv[i + 1]);
				return (1);
			}
			count = v;
			break;
		case 't':
			if (parse_number(argv[i + 1], 1, IP_MAXTTL, &v) != 0) {
				sh_warnx("ping: invalid TTL: `%s'",
				    argv[i + 1]);
				return (1);
			}
			ttl = v;
			break;
		case 's':
			/* What fits is for the stack to say. */
			if (parse_number(argv[i + 1], 0, 65507, &v) != 0) {
				sh_warnx("ping: invalid packet size: `%s'",
				    argv[i + 1]);
				return (1);
			}
			datalen = v;
			break;
		}
	}
	if (argc - i != 1)
		goto usage;
	if (parse_addr(argv[i], &dst) != 0) {
		sh_warnx("ping: cannot resolve %s: not an address", argv[i]);
		return (1);
	}

	id = ++ping_ident;
	in_ntoa_r(dst, addr);
	printf("PING %s (%s): %ld data bytes\n", addr, addr, datalen);
	ntransmitted = nreceived = 0;
	for (n = 0; n < count; n++) {
		seq = (uint16_t)n;
		error = sys_ping(dst, (int)ttl, id, seq, (int)datalen, &type,
		    &code, &from, &rttl);
		/* As ping(8), a packet that could not go still counts. */
		ntransmitted++;
		if (error == ETIMEDOUT) {
			printf("Request timeout for icmp_seq %u\n", seq);
			continue;
		}
		if (error != 0) {
			printf("ping: sendto: %s\n", strerror(error));
			continue;
		}
		if (type == ICMP_ECHOREPLY)
			nreceived++;
		ping_answer(type, code, from, rttl, seq, (int)datalen);
	}
	printf("\n--- %s ping statistics ---\n", addr);
	printf("%ld packets transmitted, %ld packets received, %.1f%% packet "
	       "loss\n",
	    ntransmitted, nreceived,
	    (ntransmitted - nreceived) * 100.0 / ntransmitted);
	return (0);

usage:
	sh_warnx("usage: ping [-j jail] [-c count] [-t ttl] [-s size] "
		 "address");
	return (1);
}
