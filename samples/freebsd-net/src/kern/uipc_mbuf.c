/*
 * uipc_mbuf.c: packet buffers (mbuf.h).  The count of buffers out is the
 * system's, not a network stack's: every stack draws on one pool.
 */
#include "kern/mbuf.h"

#define MBUF_LIMIT 65536

int mbufs_out;
static struct mtx mbuf_mtx = {PTHREAD_MUTEX_INITIALIZER, "mbuf"};

SYSCTL_INT(_kern_ipc, OID_AUTO, mbufs_out, CTLFLAG_RD, &mbufs_out, 0,
    "Packet buffers in use");

struct mbuf *
m_gethdr(void)
{
	struct mbuf *m;

	mtx_lock(&mbuf_mtx);
	if (mbufs_out >= MBUF_LIMIT) {
		mtx_unlock(&mbuf_mtx);
		return (NULL);
	}
	mbufs_out++;
	mtx_unlock(&mbuf_mtx);
	m = kmalloc(sizeof(*m), M_WAITOK);
	m->m_data = m->m_buf + MHLEN;
	m->m_len = 0;
	m->m_flags = 0;
	m->m_pkthdr.rcvif = NULL;
	m->m_pkthdr.len = 0;
	return (m);
}

void
m_freem(struct mbuf *m)
{
	if (m == NULL)
		return;
	kfree(m);
	mtx_lock(&mbuf_mtx);
	mbufs_out--;
	mtx_unlock(&mbuf_mtx);
}

struct mbuf *
m_prepend(struct mbuf *m, int len)
{
	if (m->m_data - m->m_buf < len) {
		m_freem(m);
		return (NULL);
	}
	m->m_data -= len;
	m->m_len += len;
	m->m_pkthdr.len += len;
	return (m);
}

void
m_adj(struct mbuf *m, int len)
{
	if (len >= 0) {
		if (len > m->m_len)
			len = m->m_len;
		m->m_data += len;
		m->m_len -= len;
		m->m_pkthdr.len -= len;
	} else {
		len = -len;
		if (len > m->m_len)
			len = m->m_len;
		m->m_len -= len;
		m->m_pkthdr.len -= len;
	}
}

int
m_append(struct mbuf *m, int len, const void *data)
{
	if (len < 0 || m->m_data + m->m_len + len > m->m_buf + MCLBYTES)
		return (ENOBUFS);
	memcpy(m->m_data + m->m_len, data, len);
	m->m_len += len;
	m->m_pkthdr.len += len;
	return (0);
}

struct mbuf *
m_dup(const struct mbuf *m)
{
	struct mbuf *n;

	n = m_gethdr();
	if (n == NULL)
		return (NULL);
	n->m_data = n->m_buf + (m->m_data - m->m_buf);
	memcpy(n->m_data, m->m_data, m->m_len);
	n->m_len = m->m_len;
	n->m_flags = m->m_flags;
	n->m_pkthdr = m->m_pkthdr;
	return (n);
}
