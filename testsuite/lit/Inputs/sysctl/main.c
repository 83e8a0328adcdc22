
/*
 * Appended to the rewritten file: every knob reads the instance it is
 * asked about, and a write to one instance leaves the others alone.
 */
#include <stdio.h>
#include <string.h>

/* What foo_get() adds in a test whose module has more than these knobs. */
#ifndef EXTRA
#define EXTRA 0
#endif

static int
get(struct vnet *v, const char *name, const char *expect)
{
	char buf[64];

	if (vnet_sysctl_get(v, name, buf, sizeof(buf)) != 0 ||
	    strcmp(buf, expect) != 0) {
		printf("%s in %s: \"%s\", expected \"%s\"\n", name, vnet_name(v),
		    buf, expect);
		return (0);
	}
	return (1);
}

static int
in(struct vnet *v)
{
	int r;

	CURVNET_SET(v);
	r = foo_get();
	CURVNET_RESTORE();
	return (r);
}

int
main(void)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();
	int ok;

	ok = vnet_sysctl_set(a, "net.foo.count", "42") == 0 &&
	    vnet_sysctl_set(a, "net.foo.name", "bar") == 0 &&
	    vnet_sysctl_set(b, "net.foo.mode", "6") == 0;
	ok = ok && get(a, "net.foo.count", "42") && get(b, "net.foo.count", "3") &&
	    get(a, "net.foo.name", "bar") && get(b, "net.foo.name", "foo") &&
	    get(a, "net.foo.mode", "5") && get(b, "net.foo.mode", "6") &&
	    get(b, "net.foo.plain", "9");
	ok = ok && in(a) == 42 + 5 + 1 + EXTRA && in(b) == 3 + 6 + 1 + EXTRA;
	vnet_destroy(a);
	vnet_destroy(b);
	return (ok ? 0 : 1);
}
