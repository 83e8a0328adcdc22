/*
 * vnet_sysctl.c: the knob registry.
 *
 * Knobs are indexed by full dotted name in one sorted array, rebuilt when
 * a module comes or goes (rare) and searched by bisection.  A handler runs
 * with sysctl_lock held shared, so a module cannot be unloaded under it.
 * For a CTLFLAG_VNET knob the pointer is rebased into the chosen instance
 * and the handler runs with curvnet set to that instance, so a
 * SYSCTL_PROC handler can use V_ variables as FreeBSD's do.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "vnet_impl.h"

static pthread_rwlock_t sysctl_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct sysctl_oid **sysctl_index; /* sorted by oid_path */
static size_t sysctl_n, sysctl_cap;

SYSCTL_ROOT_NODE(OID_AUTO, kern, CTLFLAG_RW, NULL,
    "High kernel, proc, limits &c");
SYSCTL_ROOT_NODE(OID_AUTO, vm, CTLFLAG_RW, NULL, "Virtual memory");
SYSCTL_ROOT_NODE(OID_AUTO, vfs, CTLFLAG_RW, NULL, "File system");
SYSCTL_ROOT_NODE(OID_AUTO, net, CTLFLAG_RW, NULL, "Network, (see socket.h)");
SYSCTL_ROOT_NODE(OID_AUTO, debug, CTLFLAG_RW, NULL, "Debugging");
SYSCTL_ROOT_NODE(OID_AUTO, hw, CTLFLAG_RW, NULL, "hardware");
SYSCTL_ROOT_NODE(OID_AUTO, machdep, CTLFLAG_RW, NULL, "machine dependent");
SYSCTL_ROOT_NODE(OID_AUTO, user, CTLFLAG_RW, NULL, "user-level");
SYSCTL_ROOT_NODE(OID_AUTO, compat, CTLFLAG_RW, NULL, "Compatibility code");
SYSCTL_ROOT_NODE(OID_AUTO, security, CTLFLAG_RW, NULL, "Security");
SYSCTL_ROOT_NODE(OID_AUTO, dev, CTLFLAG_RW, NULL, "Devices");

static char *
oid_make_path(const struct sysctl_oid *oid)
{
	const struct sysctl_oid *p;
	size_t len = 0, n;
	char *path, *end;

	for (p = oid; p != NULL; p = p->oid_parent)
		len += strlen(p->oid_name) + 1;
	path = malloc(len);
	if (path == NULL)
		return (NULL);
	end = path + len - 1;
	*end = '\0';
	for (p = oid; p != NULL; p = p->oid_parent) {
		n = strlen(p->oid_name);
		end -= n;
		memcpy(end, p->oid_name, n);
		if (p->oid_parent != NULL)
			*--end = '.';
	}
	return (path);
}

static int
oid_cmp(const void *a, const void *b)
{
	return (strcmp((*(struct sysctl_oid *const *)a)->oid_path,
	    (*(struct sysctl_oid *const *)b)->oid_path));
}

static struct sysctl_oid *
index_find(const char *name)
{
	size_t lo = 0, hi = sysctl_n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, sysctl_index[mid]->oid_path);
		if (c == 0)
			return (sysctl_index[mid]);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (NULL);
}

int
vnet_sysctl_register(struct vnet_mod *m, struct sysctl_oid *const *start,
    struct sysctl_oid *const *stop)
{
	struct sysctl_oid *const *p, **ni;
	size_t n = (size_t)(stop - start), cap;
	int error = 0;

	if (start == NULL || n == 0)
		return (0);
	pthread_rwlock_wrlock(&sysctl_lock);
	if (sysctl_n + n > sysctl_cap) {
		cap = sysctl_cap ? sysctl_cap : 64;
		while (cap < sysctl_n + n)
			cap *= 2;
		ni = realloc(sysctl_index, cap * sizeof(*ni));
		if (ni == NULL) {
			error = ENOMEM;
			goto out;
		}
		sysctl_index = ni;
		sysctl_cap = cap;
	}
	for (p = start; p < stop; p++) {
		if (*p == NULL)
			continue;
		(*p)->oid_path = oid_make_path(*p);
		if ((*p)->oid_path == NULL) {
			error = ENOMEM;
			break;
		}
		if (index_find((*p)->oid_path) != NULL) {
			vnet_warn("%s: sysctl %s is already registered; this "
				  "one is ignored",
			    m->m_path, (*p)->oid_path);
			free((*p)->oid_path);
			(*p)->oid_path = NULL;
			continue;
		}
		(*p)->oid_module = m;
		sysctl_index[sysctl_n++] = *p;
		qsort(sysctl_index, sysctl_n, sizeof(*sysctl_index), oid_cmp);
	}
out:
	pthread_rwlock_unlock(&sysctl_lock);
	return (error);
}

void
vnet_sysctl_unregister(struct vnet_mod *m)
{
	size_t i, j;

	pthread_rwlock_wrlock(&sysctl_lock);
	for (i = j = 0; i < sysctl_n; i++) {
		if (sysctl_index[i]->oid_module == m) {
			free(sysctl_index[i]->oid_path);
			sysctl_index[i]->oid_path = NULL;
			sysctl_index[i]->oid_module = NULL;
		} else
			sysctl_index[j++] = sysctl_index[i];
	}
	sysctl_n = j;
	pthread_rwlock_unlock(&sysctl_lock);
}

struct sysctl_oid *
sysctl_find(const char *name)
{
	struct sysctl_oid *oid;

	if (name == NULL)
		return (NULL);
	pthread_rwlock_rdlock(&sysctl_lock);
	oid = index_find(name);
	pthread_rwlock_unlock(&sysctl_lock);
	return (oid);
}

int
sysctl_foreach(int (*fn)(struct sysctl_oid *, void *), void *arg)
{
	size_t i;
	int rc = 0;

	if (fn == NULL)
		return (EINVAL);
	pthread_rwlock_rdlock(&sysctl_lock);
	for (i = 0; i < sysctl_n && rc == 0; i++)
		rc = fn(sysctl_index[i], arg);
	pthread_rwlock_unlock(&sysctl_lock);
	return (rc);
}

int
sysctl_req_out(struct sysctl_req *req, const void *p, size_t l)
{
	size_t fit;

	if (req->oldptr == NULL) {
		req->oldidx += l;
		return (0);
	}
	fit = req->oldidx < req->oldlen ? req->oldlen - req->oldidx : 0;
	memcpy((char *)req->oldptr + req->oldidx, p, l < fit ? l : fit);
	req->oldidx += l;
	return (l > fit ? ENOMEM : 0);
}

int
sysctl_req_in(struct sysctl_req *req, void *p, size_t l)
{
	if (req->newptr == NULL)
		return (0);
	if (req->newlen - req->newidx < l)
		return (EINVAL);
	memcpy(p, (const char *)req->newptr + req->newidx, l);
	req->newidx += l;
	return (0);
}

/*
 * The integer handlers share one shape; only the width differs.  Handlers
 * run under a shared lock, so two requests on one knob may run at once:
 * the variable is read and written with (relaxed) atomic accesses, which
 * cost nothing more on the machines this runs on.
 */
#define HANDLE_SCALAR(type)                                                    \
	do {                                                                   \
		type tmp = arg1 != NULL                                        \
		    ? __atomic_load_n((type *)arg1, __ATOMIC_RELAXED)          \
		    : (type)arg2;                                              \
		int error = SYSCTL_OUT(req, &tmp, sizeof(tmp));                \
		if (error != 0 || req->newptr == NULL)                         \
			return (error);                                        \
		if (arg1 == NULL)                                              \
			return (EPERM);                                        \
		if (req->newlen != sizeof(tmp))                                \
			return (EINVAL);                                       \
		error = SYSCTL_IN(req, &tmp, sizeof(tmp));                     \
		if (error == 0)                                                \
			__atomic_store_n((type *)arg1, tmp, __ATOMIC_RELAXED); \
		return (error);                                                \
	} while (0)

int
sysctl_handle_int(SYSCTL_HANDLER_ARGS)
{
	(void)oidp;
	HANDLE_SCALAR(int);
}

int
sysctl_handle_long(SYSCTL_HANDLER_ARGS)
{
	(void)oidp;
	HANDLE_SCALAR(long);
}

int
sysctl_handle_64(SYSCTL_HANDLER_ARGS)
{
	(void)oidp;
	HANDLE_SCALAR(int64_t);
}

/* arg2 is the buffer size; 0 means read-only, any length. */
int
sysctl_handle_string(SYSCTL_HANDLER_ARGS)
{
	size_t len;
	int error;

	(void)oidp;
	len = arg2 > 0 ? strnlen(arg1, (size_t)arg2 - 1) : strlen(arg1);
	/*
	 * Both parts are counted even when the first does not fit, so that
	 * ENOMEM reports the size needed, terminator included.
	 */
	error = SYSCTL_OUT(req, arg1, len);
	if (SYSCTL_OUT(req, "", 1) != 0 && error == 0)
		error = ENOMEM;
	if (error != 0 || req->newptr == NULL)
		return (error);
	if (arg2 <= 0)
		return (EPERM);
	len = req->newlen - req->newidx;
	if (len > 0 && ((const char *)req->newptr)[req->newidx + len - 1] == 0)
		len--;
	if (len >= (size_t)arg2)
		return (EINVAL);
	error = SYSCTL_IN(req, arg1, len);
	((char *)arg1)[len] = '\0';
	return (error);
}

int
sysctl_handle_opaque(SYSCTL_HANDLER_ARGS)
{
	int error;

	(void)oidp;
	error = SYSCTL_OUT(req, arg1, (size_t)arg2);
	if (error != 0 || req->newptr == NULL)
		return (error);
	if (req->newlen != (size_t)arg2)
		return (EINVAL);
	return (SYSCTL_IN(req, arg1, (size_t)arg2));
}

int
sysctl_handle_node(SYSCTL_HANDLER_ARGS)
{
	(void)oidp;
	(void)arg1;
	(void)arg2;
	(void)req;
	return (ENOTDIR);
}

/* Which instance a request on a CTLFLAG_VNET knob addresses. */
static struct vnet *
oid_vnet(struct vnet *vnet)
{
	if (vnet != NULL)
		return (vnet);
	if (vnet_tls.vt_vnet != NULL)
		return (vnet_tls.vt_vnet);
	vnet_boot();
	return (vnet0);
}

static int
oid_call(struct sysctl_oid *oid, struct sysctl_req *req)
{
	void *arg1 = oid->oid_arg1;
	struct vnet *vnet;
	int error;

	if (!(oid->oid_kind & VNET_CTLFLAG_VNET_BIT))
		return (oid->oid_handler(oid, arg1, oid->oid_arg2, req));
	vnet = oid_vnet(req->vnet);
	if (vnet->vnet_magic_n != VNET_MAGIC_N)
		return (EINVAL);
	if (arg1 != NULL)
		arg1 = vnet_instance_addr(vnet, (uintptr_t)arg1);
	CURVNET_SET_QUIET(vnet);
	error = oid->oid_handler(oid, arg1, oid->oid_arg2, req);
	CURVNET_RESTORE();
	return (error);
}

/*
 * A request on a knob of the index, whose checks the handler does not
 * make.  Caller holds sysctl_lock, which keeps the knob's module loaded.
 */
static int
oid_access(struct sysctl_oid *oid, struct vnet *vnet, void *oldp,
    size_t *oldlenp, const void *newp, size_t newlen)
{
	struct sysctl_req req = {oldp, oldlenp != NULL ? *oldlenp : 0, 0, newp,
	    newlen, 0, vnet};
	int error;

	if ((oid->oid_kind & CTLTYPE) == CTLTYPE_NODE &&
	    oid->oid_handler == NULL)
		error = ENOTDIR;
	else if (newp != NULL && !(oid->oid_kind & CTLFLAG_WR))
		error = EPERM;
	else if (oid->oid_handler == NULL)
		error = EINVAL;
	else
		error = oid_call(oid, &req);
	if (oldlenp != NULL && (error == 0 || error == ENOMEM))
		*oldlenp = req.oldidx;
	return (error);
}

int
vnet_sysctlbyname(struct vnet *vnet, const char *name, void *oldp,
    size_t *oldlenp, const void *newp, size_t newlen)
{
	struct sysctl_oid *oid;
	int error;

	if (name == NULL || (oldp != NULL && oldlenp == NULL))
		return (EINVAL);
	pthread_rwlock_rdlock(&sysctl_lock);
	oid = index_find(name);
	error = oid != NULL ? oid_access(oid, vnet, oldp, oldlenp, newp, newlen)
			    : ENOENT;
	pthread_rwlock_unlock(&sysctl_lock);
	return (error);
}

/* An integer knob's value as text; ENOMEM when it was cut short. */
static int
oid_get_number(struct sysctl_oid *oid, struct vnet *vnet, char *buf,
    size_t buflen)
{
	union {
		int i;
		long l;
		int64_t q;
	} v;
	size_t len = sizeof(v);
	int error, w;

	memset(&v, 0, sizeof(v));
	if ((error = oid_access(oid, vnet, &v, &len, NULL, 0)) != 0)
		return (error);
	switch (oid->oid_kind & CTLTYPE) {
	case CTLTYPE_INT:
		w = snprintf(buf, buflen, "%d", v.i);
		break;
	case CTLTYPE_UINT:
		w = snprintf(buf, buflen, "%u", (unsigned int)v.i);
		break;
	case CTLTYPE_LONG:
		w = snprintf(buf, buflen, "%ld", v.l);
		break;
	case CTLTYPE_ULONG:
		w = snprintf(buf, buflen, "%lu", (unsigned long)v.l);
		break;
	case CTLTYPE_S64:
		w = snprintf(buf, buflen, "%" PRId64, v.q);
		break;
	default:
		w = snprintf(buf, buflen, "%" PRIu64, (uint64_t)v.q);
		break;
	}
	return (w < 0 || (size_t)w >= buflen ? ENOMEM : 0);
}

/*
 * A string knob's value.  The handler need not send the terminator (a
 * SYSCTL_PROC may not), and one cut short has none: add it.
 */
static int
oid_get_string(struct sysctl_oid *oid, struct vnet *vnet, char *buf,
    size_t buflen)
{
	size_t len = buflen;
	char none;
	int error;

	/* A null buf would make the read a size query. */
	error = oid_access(oid, vnet, buflen > 0 ? buf : &none, &len, NULL, 0);
	if (error != 0 && error != ENOMEM)
		return (error);
	if (error == 0 && (len == 0 || buf[len - 1] != '\0')) {
		if (len < buflen)
			buf[len] = '\0';
		else
			error = ENOMEM;
	}
	if (error == ENOMEM && buflen > 0)
		buf[buflen - 1] = '\0';
	return (error);
}

/* Opaque data as hex, two digits a byte; ENOMEM when cut short. */
static int
oid_get_hex(struct sysctl_oid *oid, struct vnet *vnet, char *buf, size_t buflen)
{
	unsigned char *raw;
	size_t len = 0, n, i;
	char *hex;
	int error;

	if ((error = oid_access(oid, vnet, NULL, &len, NULL, 0)) != 0)
		return (error);
	raw = malloc(len ? len : 1);
	hex = malloc(2 * len + 1);
	n = len;
	if (raw == NULL || hex == NULL)
		error = ENOMEM;
	else
		error = oid_access(oid, vnet, raw, &n, NULL, 0);
	if (error == 0) {
		n = n < len ? n : len;
		for (i = 0; i < n; i++)
			snprintf(hex + 2 * i, 3, "%02x", raw[i]);
		hex[2 * n] = '\0';
		if ((size_t)snprintf(buf, buflen, "%s", hex) >= buflen)
			error = ENOMEM;
	}
	free(raw);
	free(hex);
	return (error);
}

int
vnet_sysctl_get(struct vnet *vnet, const char *name, char *buf, size_t buflen)
{
	struct sysctl_oid *oid;
	int error;

	if (name == NULL || (buf == NULL && buflen > 0))
		return (EINVAL);
	pthread_rwlock_rdlock(&sysctl_lock);
	oid = index_find(name);
	if (oid == NULL)
		error = ENOENT;
	else {
		switch (oid->oid_kind & CTLTYPE) {
		case CTLTYPE_INT:
		case CTLTYPE_UINT:
		case CTLTYPE_LONG:
		case CTLTYPE_ULONG:
		case CTLTYPE_S64:
		case CTLTYPE_U64:
			error = oid_get_number(oid, vnet, buf, buflen);
			break;
		case CTLTYPE_STRING:
			error = oid_get_string(oid, vnet, buf, buflen);
			break;
		case CTLTYPE_NODE:
			error = ENOTDIR;
			break;
		default:
			error = oid_get_hex(oid, vnet, buf, buflen);
			break;
		}
	}
	pthread_rwlock_unlock(&sysctl_lock);
	return (error);
}

static int
parse_signed(const char *text, intmax_t min, intmax_t max, intmax_t *out)
{
	char *end;
	intmax_t v;

	errno = 0;
	v = strtoimax(text, &end, 0);
	if (errno != 0 || end == text || *end != '\0' || v < min || v > max)
		return (EINVAL);
	*out = v;
	return (0);
}

static int
parse_unsigned(const char *text, uintmax_t max, uintmax_t *out)
{
	char *end;
	uintmax_t v;

	while (*text == ' ' || *text == '\t')
		text++;
	if (*text == '-')
		return (EINVAL);
	errno = 0;
	v = strtoumax(text, &end, 0);
	if (errno != 0 || end == text || *end != '\0' || v > max)
		return (EINVAL);
	*out = v;
	return (0);
}

/* Text parsed according to the knob's type, then stored. */
static int
oid_set_text(struct sysctl_oid *oid, struct vnet *vnet, const char *text)
{
	intmax_t s;
	uintmax_t u;
	int i, error;
	long l;
	int64_t q;

	switch (oid->oid_kind & CTLTYPE) {
	case CTLTYPE_INT:
		if ((error = parse_signed(text, INT_MIN, INT_MAX, &s)))
			return (error);
		i = (int)s;
		return (oid_access(oid, vnet, NULL, NULL, &i, sizeof(i)));
	case CTLTYPE_UINT:
		if ((error = parse_unsigned(text, UINT_MAX, &u)))
			return (error);
		i = (int)(unsigned int)u;
		return (oid_access(oid, vnet, NULL, NULL, &i, sizeof(i)));
	case CTLTYPE_LONG:
		if ((error = parse_signed(text, LONG_MIN, LONG_MAX, &s)))
			return (error);
		l = (long)s;
		return (oid_access(oid, vnet, NULL, NULL, &l, sizeof(l)));
	case CTLTYPE_ULONG:
		if ((error = parse_unsigned(text, ULONG_MAX, &u)))
			return (error);
		l = (long)(unsigned long)u;
		return (oid_access(oid, vnet, NULL, NULL, &l, sizeof(l)));
	case CTLTYPE_S64:
		if ((error = parse_signed(text, INT64_MIN, INT64_MAX, &s)))
			return (error);
		q = (int64_t)s;
		return (oid_access(oid, vnet, NULL, NULL, &q, sizeof(q)));
	case CTLTYPE_U64:
		if ((error = parse_unsigned(text, UINT64_MAX, &u)))
			return (error);
		q = (int64_t)(uint64_t)u;
		return (oid_access(oid, vnet, NULL, NULL, &q, sizeof(q)));
	case CTLTYPE_STRING:
		return (
		    oid_access(oid, vnet, NULL, NULL, text, strlen(text) + 1));
	case CTLTYPE_NODE:
		return (ENOTDIR);
	default:
		return (EINVAL); /* opaque data has no text form to parse */
	}
}

int
vnet_sysctl_set(struct vnet *vnet, const char *name, const char *text)
{
	struct sysctl_oid *oid;
	int error;

	if (name == NULL || text == NULL)
		return (EINVAL);
	pthread_rwlock_rdlock(&sysctl_lock);
	oid = index_find(name);
	error = oid != NULL ? oid_set_text(oid, vnet, text) : ENOENT;
	pthread_rwlock_unlock(&sysctl_lock);
	return (error);
}
