/*
 * sysctl.c: per-instance knobs.  A CTLFLAG_VNET knob reads and writes
 * the chosen instance's copy; other knobs are global; a handler runs
 * with curvnet set to the instance the request names.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <vnet/sysctl.h>
#include <vnet/vnet.h>

#include "rt_util.h"

struct rt_blob {
	int a, b;
};

VNET_DEFINE_STATIC(int, k_int) = -5;
VNET_DEFINE_STATIC(unsigned int, k_uint) = 5;
VNET_DEFINE_STATIC(long, k_long) = -50;
VNET_DEFINE_STATIC(unsigned long, k_ulong) = 50;
VNET_DEFINE_STATIC(int64_t, k_s64) = -((int64_t)1 << 40);
VNET_DEFINE_STATIC(uint64_t, k_u64) = (uint64_t)1 << 63;
VNET_DEFINE_STATIC(char, k_str[8]) = "hello";
VNET_DEFINE_STATIC(struct rt_blob, k_blob) = {1, 2};
VNET_DEFINE_STATIC(unsigned char, k_opaque[4]) = {0xde, 0xad, 0xbe, 0xef};
VNET_DEFINE_STATIC(int, k_ro) = 99;
VNET_DEFINE_STATIC(int, k_old) = 2009;
VNET_DEFINE_STATIC(int, k_proc) = 7;
VNET_DEFINE_STATIC(int, k_deep) = 3;
#define V_k_int	 VNET(k_int)
#define V_k_proc VNET(k_proc)
#define V_k_str	 VNET(k_str)
#define V_k_blob VNET(k_blob)

static int g_int = 3;

SYSCTL_NODE(_net, OID_AUTO, rttest, CTLFLAG_RW, NULL, "runtime tests");
SYSCTL_NODE(_net_rttest, OID_AUTO, sub, CTLFLAG_RW, NULL, "a level down");
SYSCTL_INT(_net_rttest, OID_AUTO, int, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(k_int), 0, "int");
SYSCTL_UINT(_net_rttest, OID_AUTO, uint, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(k_uint), 0, "unsigned int");
SYSCTL_LONG(_net_rttest, OID_AUTO, long, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(k_long), 0, "long");
SYSCTL_ULONG(_net_rttest, OID_AUTO, ulong, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(k_ulong), 0, "unsigned long");
SYSCTL_S64(_net_rttest, OID_AUTO, s64, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(k_s64), 0, "int64_t");
SYSCTL_U64(_net_rttest, OID_AUTO, u64, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(k_u64), 0, "uint64_t");
SYSCTL_STRING(_net_rttest, OID_AUTO, str, CTLFLAG_VNET | CTLFLAG_RW,
    VNET_NAME(k_str), sizeof(VNET_NAME(k_str)), "string");
SYSCTL_STRUCT(_net_rttest, OID_AUTO, blob, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(k_blob), rt_blob, "structure");
SYSCTL_OPAQUE(_net_rttest, OID_AUTO, opaque, CTLFLAG_VNET | CTLFLAG_RW,
    VNET_NAME(k_opaque), sizeof(VNET_NAME(k_opaque)), "CU", "bytes");
SYSCTL_INT(_net_rttest, OID_AUTO, ro, CTLFLAG_VNET | CTLFLAG_RD,
    &VNET_NAME(k_ro), 0, "read-only");
SYSCTL_VNET_INT(_net_rttest, OID_AUTO, old, CTLFLAG_RW, &VNET_NAME(k_old), 0,
    "the 2009 spelling");
SYSCTL_INT(_net_rttest_sub, OID_AUTO, deep, CTLFLAG_VNET | CTLFLAG_RW,
    &VNET_NAME(k_deep), 0, "two levels down");
SYSCTL_INT(_net_rttest, OID_AUTO, global, CTLFLAG_RW, &g_int, 0,
    "not virtualized");
SYSCTL_INT(_net_rttest, OID_AUTO, constant, CTLFLAG_RD, NULL, 1234,
    "a constant");

/* What the last handler call saw. */
static struct vnet *proc_curvnet;
static void *proc_arg1;

/* Reports k_proc * 10; accepts only non-negative values. */
static int
proc_handler(SYSCTL_HANDLER_ARGS)
{
	int v, error;

	(void)oidp;
	(void)arg2;
	proc_curvnet = curvnet;
	proc_arg1 = arg1;
	v = V_k_proc * 10;
	error = sysctl_handle_int(oidp, &v, 0, req);
	if (error != 0 || req->newptr == NULL)
		return (error);
	if (v < 0)
		return (EINVAL);
	V_k_proc = v / 10;
	return (0);
}
SYSCTL_PROC(_net_rttest, OID_AUTO, proc,
    CTLTYPE_INT | CTLFLAG_VNET | CTLFLAG_RW, NULL, 0, proc_handler, "I",
    "a handler using V_ variables");

/* A string handler that sends no terminator, as a SYSCTL_PROC may. */
static int
bare_handler(SYSCTL_HANDLER_ARGS)
{
	(void)oidp;
	(void)arg1;
	(void)arg2;
	return (SYSCTL_OUT(req, "abc", 3));
}
SYSCTL_PROC(_net_rttest, OID_AUTO, bare, CTLTYPE_STRING | CTLFLAG_RD, NULL, 0,
    bare_handler, "A", "a string without its terminator");

/* Handed the instance's copy of k_int, doubles what it shows. */
static int
twice_handler(SYSCTL_HANDLER_ARGS)
{
	int v = *(int *)arg1 * 2;

	(void)arg2;
	proc_arg1 = arg1;
	return (sysctl_handle_int(oidp, &v, 0, req));
}
SYSCTL_PROC(_net_rttest, OID_AUTO, twice,
    CTLTYPE_INT | CTLFLAG_VNET | CTLFLAG_RD, &VNET_NAME(k_int), 0,
    twice_handler, "I", "a handler given the instance's copy");

static const char *
get(struct vnet *v, const char *name)
{
	static char buf[128];
	int error;

	error = vnet_sysctl_get(v, name, buf, sizeof(buf));
	cr_assert_eq(error, 0, "%s: %s", name, strerror(error));
	return (buf);
}

static void
expect_initial(struct vnet *v)
{
	cr_expect_str_eq(get(v, "net.rttest.int"), "-5");
	cr_expect_str_eq(get(v, "net.rttest.uint"), "5");
	cr_expect_str_eq(get(v, "net.rttest.long"), "-50");
	cr_expect_str_eq(get(v, "net.rttest.ulong"), "50");
	cr_expect_str_eq(get(v, "net.rttest.s64"), "-1099511627776");
	cr_expect_str_eq(get(v, "net.rttest.u64"), "9223372036854775808");
	cr_expect_str_eq(get(v, "net.rttest.str"), "hello");
	cr_expect_str_eq(get(v, "net.rttest.opaque"), "deadbeef");
	cr_expect_str_eq(get(v, "net.rttest.ro"), "99");
	cr_expect_str_eq(get(v, "net.rttest.old"), "2009");
	cr_expect_str_eq(get(v, "net.rttest.sub.deep"), "3");
	cr_expect_str_eq(get(v, "net.rttest.proc"), "70");
	cr_expect_str_eq(get(v, "net.rttest.twice"), "-10");
}

RT_TEST(sysctl, every_type_reads_the_initial_value_in_any_instance)
{
	struct vnet *v = vnet_alloc();

	cr_assert_not_null(v);
	expect_initial(vnet0);
	expect_initial(v);
	vnet_destroy(v);
}

RT_TEST(sysctl, writes_go_to_the_chosen_instance_only)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();

	cr_assert(a != NULL && b != NULL);
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.int", "42"), 0);
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.uint", "4294967295"), 0);
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.long", "-9000000000"), 0);
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.ulong",
			 "18446744073709551615"),
	    0);
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.s64",
			 "-9223372036854775808"),
	    0);
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.u64", "0x10"), 0);
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.str", "world"), 0);
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.old", "2010"), 0);
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.sub.deep", "4"), 0);
	cr_expect_eq(VNET_VNET(a, k_int), 42);
	cr_expect_str_eq(VNET_VNET(a, k_str), "world");
	cr_expect_str_eq(get(a, "net.rttest.int"), "42");
	cr_expect_str_eq(get(a, "net.rttest.uint"), "4294967295");
	cr_expect_str_eq(get(a, "net.rttest.long"), "-9000000000");
	cr_expect_str_eq(get(a, "net.rttest.ulong"), "18446744073709551615");
	cr_expect_str_eq(get(a, "net.rttest.s64"), "-9223372036854775808");
	cr_expect_str_eq(get(a, "net.rttest.u64"), "16");
	cr_expect_str_eq(get(a, "net.rttest.str"), "world");
	cr_expect_str_eq(get(a, "net.rttest.old"), "2010");
	cr_expect_str_eq(get(a, "net.rttest.sub.deep"), "4");
	cr_expect_str_eq(get(a, "net.rttest.twice"), "84");
	expect_initial(b);
	expect_initial(vnet0);
	/* And code writing V_x is seen by the knob. */
	CURVNET_SET(b);
	V_k_int = 17;
	CURVNET_RESTORE();
	cr_expect_str_eq(get(b, "net.rttest.int"), "17");
	vnet_destroy(a);
	vnet_destroy(b);
}

RT_TEST(sysctl, raw_access_by_name)
{
	struct vnet *v = vnet_alloc();
	struct rt_blob blob = {0}, nb = {30, 40};
	unsigned char bytes[4] = {1, 2, 3, 4}, back[4];
	size_t len;
	int i = 0;

	cr_assert_not_null(v);
	len = sizeof(i);
	cr_assert_eq(vnet_sysctlbyname(v, "net.rttest.int", &i, &len, NULL, 0),
	    0);
	cr_expect_eq(i, -5);
	cr_expect_eq(len, sizeof(int));
	i = 11;
	cr_expect_eq(vnet_sysctlbyname(v, "net.rttest.int", NULL, NULL, &i,
			 sizeof(i)),
	    0);
	cr_expect_eq(VNET_VNET(v, k_int), 11);
	len = sizeof(blob);
	cr_assert_eq(vnet_sysctlbyname(v, "net.rttest.blob", &blob, &len, NULL,
			 0),
	    0);
	cr_expect(blob.a == 1 && blob.b == 2);
	cr_expect_eq(vnet_sysctlbyname(v, "net.rttest.blob", NULL, NULL, &nb,
			 sizeof(nb)),
	    0);
	cr_expect_eq(VNET_VNET(v, k_blob).b, 40);
	cr_expect_eq(vnet_sysctlbyname(v, "net.rttest.opaque", NULL, NULL,
			 bytes, sizeof(bytes)),
	    0);
	cr_expect_str_eq(get(v, "net.rttest.opaque"), "01020304");
	len = sizeof(back);
	cr_expect_eq(vnet_sysctlbyname(v, "net.rttest.opaque", back, &len, NULL,
			 0),
	    0);
	cr_expect_eq(memcmp(back, bytes, 4), 0);
	cr_expect_eq(VNET_VNET(vnet0, k_opaque)[0], 0xde);
	vnet_destroy(v);
}

RT_TEST(sysctl, sizes_and_short_buffers)
{
	char small[3], text[4];
	size_t len = 0;

	cr_expect_eq(vnet_sysctlbyname(vnet0, "net.rttest.str", NULL, &len,
			 NULL, 0),
	    0);
	cr_expect_eq(len, sizeof("hello"), "size query gave %zu", len);
	len = sizeof(small);
	cr_expect_eq(vnet_sysctlbyname(vnet0, "net.rttest.str", small, &len,
			 NULL, 0),
	    ENOMEM);
	cr_expect_eq(len, sizeof("hello"));
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.s64", text,
			 sizeof(text)),
	    ENOMEM);
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.opaque", text,
			 sizeof(text)),
	    ENOMEM);
}

/* Text cut short: as much as fits, terminated, as snprintf leaves it. */
static void
expect_cut(const char *name, size_t size, const char *want)
{
	char buf[16];

	memset(buf, 'X', sizeof(buf));
	cr_expect_eq(vnet_sysctl_get(vnet0, name, buf, size), ENOMEM,
	    "%s in %zu bytes", name, size);
	cr_expect_str_eq(buf, want, "%s in %zu bytes", name, size);
	cr_expect_eq(buf[size], 'X', "%s: written past %zu bytes", name, size);
}

RT_TEST(sysctl, text_cut_short_is_terminated)
{
	char buf[16] = "untouched";

	expect_cut("net.rttest.str", 4, "hel");
	expect_cut("net.rttest.str", 1, "");
	expect_cut("net.rttest.int", 2, "-");
	expect_cut("net.rttest.opaque", 4, "dea");
	expect_cut("net.rttest.bare", 3, "ab");
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.bare", buf, 4), 0);
	cr_expect_str_eq(buf, "abc");
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.str", buf, 6), 0);
	cr_expect_str_eq(buf, "hello");
	/* No room at all: nothing is written, and buf may be null. */
	strcpy(buf, "untouched");
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.str", buf, 0), ENOMEM);
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.int", buf, 0), ENOMEM);
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.opaque", buf, 0),
	    ENOMEM);
	cr_expect_str_eq(buf, "untouched");
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.str", NULL, 0), ENOMEM);
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.bare", NULL, 0),
	    ENOMEM);
}

RT_TEST(sysctl, null_names_and_values_are_refused)
{
	char buf[16];
	size_t len = sizeof(buf);

	cr_expect_eq(vnet_sysctl_get(vnet0, NULL, buf, sizeof(buf)), EINVAL);
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.int", NULL, 4), EINVAL);
	cr_expect_eq(vnet_sysctl_set(vnet0, NULL, "1"), EINVAL);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.int", NULL), EINVAL);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.str", NULL), EINVAL);
	cr_expect_eq(vnet_sysctlbyname(vnet0, NULL, buf, &len, NULL, 0),
	    EINVAL);
	cr_expect_eq(vnet_sysctlbyname(vnet0, "net.rttest.int", buf, NULL, NULL,
			 0),
	    EINVAL);
	cr_expect_null(sysctl_find(NULL));
	cr_expect_eq(sysctl_foreach(NULL, NULL), EINVAL);
	expect_initial(vnet0);
}

RT_TEST(sysctl, bad_values_and_names_are_refused)
{
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.nosuch", "1"), ENOENT);
	cr_expect_eq(vnet_sysctl_get(vnet0, "net.rttest.nosuch", NULL, 0),
	    ENOENT);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest", "1"), ENOTDIR);
	cr_expect_eq(vnet_sysctlbyname(vnet0, "net.rttest", NULL, NULL, NULL,
			 0),
	    ENOTDIR);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.int", "abc"), EINVAL);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.int", "2147483648"),
	    EINVAL);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.int", "12x"), EINVAL);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.uint", "-1"), EINVAL);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.uint", "4294967296"),
	    EINVAL);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.str", "too long!"),
	    EINVAL);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.opaque", "00"), EINVAL);
	cr_expect_eq(vnet_sysctlbyname(vnet0, "net.rttest.opaque", NULL, NULL,
			 "12345", 5),
	    EINVAL);
	cr_expect_eq(vnet_sysctlbyname(vnet0, "net.rttest.int", NULL, NULL, "1",
			 1),
	    EINVAL);
	expect_initial(vnet0);
}

RT_TEST(sysctl, read_only_knobs_refuse_writes)
{
	int one = 1;

	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.ro", "1"), EPERM);
	cr_expect_eq(vnet_sysctlbyname(vnet0, "net.rttest.ro", NULL, NULL, &one,
			 sizeof(one)),
	    EPERM);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.constant", "1"), EPERM);
	cr_expect_eq(vnet_sysctl_set(vnet0, "net.rttest.twice", "1"), EPERM);
	cr_expect_str_eq(get(vnet0, "net.rttest.ro"), "99");
	cr_expect_str_eq(get(vnet0, "net.rttest.constant"), "1234");
}

RT_TEST(sysctl, global_knobs_ignore_the_instance)
{
	struct vnet *v = vnet_alloc();

	cr_assert_not_null(v);
	cr_expect_str_eq(get(v, "net.rttest.global"), "3");
	cr_expect_eq(vnet_sysctl_set(v, "net.rttest.global", "8"), 0);
	cr_expect_eq(g_int, 8);
	cr_expect_str_eq(get(vnet0, "net.rttest.global"), "8");
	cr_expect_str_eq(get(NULL, "net.rttest.global"), "8");
	vnet_destroy(v);
}

RT_TEST(sysctl, handlers_run_with_curvnet_set_to_the_instance)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();

	cr_assert(a != NULL && b != NULL);
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.proc", "50"), 0);
	cr_expect_eq(proc_curvnet, a);
	cr_expect_null(proc_arg1);
	cr_expect_eq(VNET_VNET(a, k_proc), 5);
	cr_expect_str_eq(get(b, "net.rttest.proc"), "70");
	cr_expect_eq(proc_curvnet, b);
	cr_expect_null(curvnet, "the handler's curvnet leaked out");
	/* A failing handler leaves the value alone. */
	cr_expect_eq(vnet_sysctl_set(a, "net.rttest.proc", "-10"), EINVAL);
	cr_expect_eq(VNET_VNET(a, k_proc), 5);
	/* A pointer argument is rebased into the instance. */
	get(b, "net.rttest.twice");
	cr_expect_eq(proc_arg1, VNET_VNET_PTR(b, k_int));
	/* No instance named: curvnet, else vnet0. */
	get(NULL, "net.rttest.proc");
	cr_expect_eq(proc_curvnet, vnet0);
	CURVNET_SET(a);
	cr_expect_str_eq(get(NULL, "net.rttest.proc"), "50");
	cr_expect_eq(proc_curvnet, a);
	CURVNET_RESTORE();
	vnet_destroy(a);
	vnet_destroy(b);
}

struct walk {
	char names[64][64];
	int n;
};

static int
collect(struct sysctl_oid *oid, void *arg)
{
	struct walk *w = arg;

	if (strncmp(oid->oid_path, "net.rttest", 10) == 0 && w->n < 64)
		snprintf(w->names[w->n++], sizeof(w->names[0]), "%s",
		    oid->oid_path);
	return (0);
}

RT_TEST(sysctl, knobs_are_found_and_listed_by_full_name)
{
	struct sysctl_oid *oid;
	struct walk w = {0};
	int i;

	oid = sysctl_find("net.rttest.sub.deep");
	cr_assert_not_null(oid);
	cr_expect_str_eq(oid->oid_name, "deep");
	cr_expect_eq(oid->oid_kind & CTLTYPE, CTLTYPE_INT);
	cr_expect(oid->oid_kind & CTLFLAG_VNET);
	cr_expect_not(
	    sysctl_find("net.rttest.global")->oid_kind & CTLFLAG_VNET);
	cr_expect_not_null(sysctl_find("net"));
	cr_expect_null(sysctl_find("net.rttest.deep"));
	sysctl_foreach(collect, &w);
	cr_expect_eq(w.n, 19, "%d knobs under net.rttest", w.n);
	for (i = 1; i < w.n; i++)
		cr_expect_lt(strcmp(w.names[i - 1], w.names[i]), 0, "%s, %s",
		    w.names[i - 1], w.names[i]);
}
