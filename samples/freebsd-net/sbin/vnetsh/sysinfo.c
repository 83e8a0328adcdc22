/*
 * sysinfo.c: the listing system calls, into buffers that grow.
 *
 * sys_iflist and its kind fill at most the room they are given and say
 * how many they put there; a full buffer, or ENOMEM, means that more may
 * have been left out, so the call is made again with twice the room
 * until everything fits.
 */
#include "vnetsh.h"

/* Beyond this many entries a stack is broken, not big. */
#define LIST_MAX 65536

typedef int sys_list_fn(void *buf, int max, int *countp);

static int
sys_list(sys_list_fn *fn, size_t size, void **bufp, int *countp)
{
	void *buf, *nbuf;
	int error, max, n;

	buf = NULL;
	for (max = 16;; max *= 2) {
		if (max > LIST_MAX) {
			free(buf);
			return (E2BIG);
		}
		nbuf = realloc(buf, (size_t)max * size);
		if (nbuf == NULL) {
			free(buf);
			return (ENOMEM);
		}
		buf = nbuf;
		n = 0;
		error = fn(buf, max, &n);
		/* ENOMEM with the buffer full: some did not fit. */
		if (error == ENOMEM && n == max)
			continue;
		if (error != 0) {
			free(buf);
			return (error);
		}
		if (n < max)
			break;
	}
	*bufp = buf;
	*countp = n;
	return (0);
}

/*
 * The system calls take typed buffers; calling them through a pointer
 * of another type would be undefined, hence one thunk each.
 */
static int
iflist_fn(void *buf, int max, int *countp)
{
	return (sys_iflist(buf, max, countp));
}

static int
rtlist_fn(void *buf, int max, int *countp)
{
	return (sys_rtlist(buf, max, countp));
}

static int
arplist_fn(void *buf, int max, int *countp)
{
	return (sys_arplist(buf, max, countp));
}

/*
 * The buffer comes back as a void * and is stored in the caller's typed
 * pointer by assignment: writing it through a void ** would alias.
 */
int
if_list(struct if_info **bufp, int *countp)
{
	void *buf;
	int error;

	error = sys_list(iflist_fn, sizeof(**bufp), &buf, countp);
	if (error == 0)
		*bufp = buf;
	return (error);
}

int
rt_list(struct rt_info **bufp, int *countp)
{
	void *buf;
	int error;

	error = sys_list(rtlist_fn, sizeof(**bufp), &buf, countp);
	if (error == 0)
		*bufp = buf;
	return (error);
}

int
arp_list(struct arp_info **bufp, int *countp)
{
	void *buf;
	int error;

	error = sys_list(arplist_fn, sizeof(**bufp), &buf, countp);
	if (error == 0)
		*bufp = buf;
	return (error);
}
