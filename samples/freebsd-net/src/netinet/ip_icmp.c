/*
 * ip_icmp.c: ICMP.  Echo requests are answered; echo replies, and the
 * errors routers send about our echoes, are kept for ping to read
 * (icmp_echo_result); errors about packets we cannot forward or deliver
 * go back to their source, at most icmplim a second.
 */
#include "kern/mbuf.h"
#include "kern/protosw.h"
#include "net/if_var.h"
#include "netinet/icmp_var.h"
#include "netinet/ip_var.h"

#define ICMP_RESULTS 32 /* kept for ping; the oldest go first */

struct icmpstat icmpstat;
static int icmplim = 200;
static int icmp_errs;	    /* sent since icmp_errs_start */
static int icmp_errs_start; /* tick */
static struct icmp_echo_result icmp_results[ICMP_RESULTS];
static int icmp_nresults;
static struct mtx icmp_mtx;

SYSCTL_INT(_net_inet_icmp, OID_AUTO, icmplim, CTLFLAG_RW, &icmplim, 0,
    "Maximum number of ICMP errors sent per second");
SYSCTL_STRUCT(_net_inet_icmp, OID_AUTO, stats, CTLFLAG_RW, &icmpstat, icmpstat,
    "ICMP statistics (struct icmpstat, netinet/icmp_var.h)");

static void
icmp_init(void *unused)
{
	(void)unused;
	mtx_init(&icmp_mtx, "icmp");
}
SYSINIT(icmp, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY, icmp_init, NULL);

static void
icmp_uninit(void *unused)
{
	(void)unused;
	mtx_destroy(&icmp_mtx);
}
SYSUNINIT(icmp, SI_SUB_PROTO_DOMAIN, SI_ORDER_ANY, icmp_uninit, NULL);

static void
icmp_record(const struct icmp_echo_result *er)
{
	mtx_lock(&icmp_mtx);
	if (icmp_nresults == ICMP_RESULTS) {
		memmove(&icmp_results[0], &icmp_results[1],
		    sizeof(icmp_results[0]) * (ICMP_RESULTS - 1));
		icmp_nresults--;
	}
	icmp_results[icmp_nresults++] = *er;
	mtx_unlock(&icmp_mtx);
}

int
icmp_echo_result(uint16_t id, uint16_t seq, struct icmp_echo_result *er)
{
	int i;

	mtx_lock(&icmp_mtx);
	for (i = 0; i < icmp_nresults; i++)
		if (icmp_results[i].er_id == id &&
		    icmp_results[i].er_seq == seq)
			break;
	if (i == icmp_nresults) {
		mtx_unlock(&icmp_mtx);
		return (0);
	}
	*er = icmp_results[i];
	memmove(&icmp_results[i], &icmp_results[i + 1],
	    sizeof(icmp_results[0]) * (icmp_nresults - i - 1));
	icmp_nresults--;
	mtx_unlock(&icmp_mtx);
	return (1);
}

/* Is an error allowed now?  Counts it if so. */
static int
icmp_ratelimit(void)
{
	int ok;

	mtx_lock(&icmp_mtx);
	ok = icmp_errs < icmplim;
	if (ok)
		icmp_errs++;
	mtx_unlock(&icmp_mtx);
	return (ok);
}

void
icmp_slowtimo(void)
{
	mtx_lock(&icmp_mtx);
	if (ticks - icmp_errs_start >= hz) {
		icmp_errs = 0;
		icmp_errs_start = ticks;
	}
	mtx_unlock(&icmp_mtx);
}

/* Sends an ICMP message of type and code, body after it, to dst. */
static int
icmp_send(struct in_addr dst, int ttl, int type, int code, uint16_t id,
    uint16_t seq, const void *body, int bodylen)
{
	char buf[ICMP_MINLEN + 1500];
	struct icmp *icp = (struct icmp *)buf;
	struct in_addr src;
	struct mbuf *m;
	int error;

	if (bodylen < 0 || bodylen > (int)sizeof(buf) - ICMP_MINLEN)
		return (EMSGSIZE);
	error = ip_srcaddr(dst, &src);
	if (error != 0)
		return (error);
	icp->icmp_type = (uint8_t)type;
	icp->icmp_code = (uint8_t)code;
	icp->icmp_id = htons(id);
	icp->icmp_seq = htons(seq);
	icp->icmp_cksum = 0;
	memcpy(buf + ICMP_MINLEN, body, bodylen);
	icp->icmp_cksum = in_cksum(buf, ICMP_MINLEN + bodylen);
	m = ip_newpacket(IPPROTO_ICMP, src, dst, ttl, buf,
	    ICMP_MINLEN + bodylen);
	if (m == NULL)
		return (ENOBUFS);
	ICMPSTAT_INC(icps_outhist[type]);
	return (ip_output(m, 0));
}

int
icmp_echo_send(struct in_addr dst, int ttl, uint16_t id, uint16_t seq,
    int datalen)
{
	char data[1500];
	int i;

	if (datalen < 0 || datalen > (int)sizeof(data))
		return (EMSGSIZE);
	for (i = 0; i < datalen; i++)
		data[i] = (char)i;
	return (icmp_send(dst, ttl, ICMP_ECHO, 0, id, seq, data, datalen));
}

void
icmp_error(struct mbuf *m, int type, int code)
{
	struct ip *oip = mtod(m, struct ip *);
	struct icmp *oicp;
	int ohlen = IP_VHL_HL(oip->ip_vhl) << 2;
	int len;

	ICMPSTAT_INC(icps_error);
	/* Never an error about an error, nor about a broadcast. */
	if (oip->ip_p == IPPROTO_ICMP && m->m_len >= ohlen + ICMP_MINLEN) {
		oicp = (struct icmp *)(m->m_data + ohlen);
		if (oicp->icmp_type != ICMP_ECHO) {
			ICMPSTAT_INC(icps_oldicmp);
			goto out;
		}
	}
	if ((m->m_flags & M_BCAST) || oip->ip_src.s_addr == INADDR_ANY)
		goto out;
	if (!icmp_ratelimit()) {
		ICMPSTAT_INC(icps_ratelimited);
		goto out;
	}
	len = min(m->m_len, ohlen + 8);
	(void)icmp_send(oip->ip_src, 0, type, code, 0, 0, m->m_data, len);
out:
	m_freem(m);
}

/* An error about an echo we sent: it is ping's answer. */
static void
icmp_input_error(const struct icmp *icp, const struct ip *ip, int len)
{
	const struct ip *oip = (const struct ip *)(icp + 1);
	const struct icmp *oicp;
	struct icmp_echo_result er;
	int ohlen;

	if (len < ICMP_MINLEN + (int)sizeof(struct ip) + ICMP_MINLEN)
		return;
	ohlen = IP_VHL_HL(oip->ip_vhl) << 2;
	if (oip->ip_p != IPPROTO_ICMP ||
	    len < ICMP_MINLEN + ohlen + ICMP_MINLEN)
		return;
	oicp = (const struct icmp *)((const char *)oip + ohlen);
	if (oicp->icmp_type != ICMP_ECHO)
		return;
	er.er_id = ntohs(oicp->icmp_id);
	er.er_seq = ntohs(oicp->icmp_seq);
	er.er_type = icp->icmp_type;
	er.er_code = icp->icmp_code;
	er.er_ttl = ip->ip_ttl;
	er.er_from = ip->ip_src;
	icmp_record(&er);
}

int
icmp_input(struct mbuf **mp, int *offp, int proto)
{
	struct mbuf *m = *mp;
	struct ip *ip = mtod(m, struct ip *);
	struct icmp_echo_result er;
	struct icmp *icp;
	struct in_addr tmp;
	int hlen = *offp, len = m->m_len - hlen;

	(void)proto;
	if (len < ICMP_MINLEN) {
		ICMPSTAT_INC(icps_tooshort);
		goto done;
	}
	icp = (struct icmp *)(m->m_data + hlen);
	if (in_cksum(icp, len) != 0) {
		ICMPSTAT_INC(icps_checksum);
		goto done;
	}
	if (icp->icmp_type > ICMP_MAXTYPE) {
		ICMPSTAT_INC(icps_badcode);
		goto done;
	}
	ICMPSTAT_INC(icps_inhist[icp->icmp_type]);
	switch (icp->icmp_type) {
	case ICMP_ECHO:
		if (m->m_flags & M_BCAST)
			break;
		/* Back where it came from, from the address it was for. */
		tmp = ip->ip_src;
		ip->ip_src = ip->ip_dst;
		ip->ip_dst = tmp;
		ip->ip_ttl = (uint8_t)ip_defttl;
		icp->icmp_type = ICMP_ECHOREPLY;
		icp->icmp_cksum = 0;
		icp->icmp_cksum = in_cksum(icp, len);
		m->m_flags &= ~M_LOOP;
		ICMPSTAT_INC(icps_reflect);
		ICMPSTAT_INC(icps_outhist[ICMP_ECHOREPLY]);
		ip_output(m, 0);
		*mp = NULL;
		return (IPPROTO_DONE);
	case ICMP_ECHOREPLY:
		er.er_id = ntohs(icp->icmp_id);
		er.er_seq = ntohs(icp->icmp_seq);
		er.er_type = ICMP_ECHOREPLY;
		er.er_code = 0;
		er.er_ttl = ip->ip_ttl;
		er.er_from = ip->ip_src;
		icmp_record(&er);
		break;
	case ICMP_UNREACH:
	case ICMP_TIMXCEED:
		icmp_input_error(icp, ip, len);
		break;
	}
done:
	m_freem(m);
	*mp = NULL;
	return (IPPROTO_DONE);
}
