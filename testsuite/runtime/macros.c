/*
 * macros.c: the definition and access macros.  Every shape of definition
 * a converted source can contain (scalars, arrays, structures, strings,
 * pointers, over-aligned variables, statics) must give each instance its
 * own, initialised, correctly aligned copy.
 */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "macros.h"
#include "rt_util.h"

static int rt_target;

VNET_DEFINE(int, rt_plain) = 7;
VNET_DEFINE(int, rt_tab[16]) = {0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121,
    144, 169, 196, 225};
VNET_DEFINE_STATIC(char, rt_str[32]) = "initial";
VNET_DEFINE_STATIC(struct rt_pair, rt_pair) = {11, "pair"};
VNET_DEFINE_STATIC(int *, rt_ptr) = &rt_target;
VNET_DEFINE_STATIC(long, rt_zero);
/* Odd sizes in between, so that alignment is not met by accident. */
VNET_DEFINE_STATIC(char, rt_odd1) = 'a';
_Alignas(64) VNET_DEFINE_STATIC(int, rt_al_a) = 64;
VNET_DEFINE_STATIC(char, rt_odd2[3]) = "bc";
VNET_DEFINE_STATIC(int, rt_al_b) __attribute__((__aligned__(64))) = 65;
VNET_DEFINE_STATIC(char, rt_odd3) = 'd';
VNET_DEFINE_STATIC(_Alignas(64) char, rt_al_line[100]) = "line";
VNET_DEFINE_STATIC(double, rt_dbl) = 2.5;
VNET_DEFINE_STATIC(long long, rt_ll) = -3;

#define V_rt_str     VNET(rt_str)
#define V_rt_pair    VNET(rt_pair)
#define V_rt_ptr     VNET(rt_ptr)
#define V_rt_zero    VNET(rt_zero)
#define V_rt_odd1    VNET(rt_odd1)
#define V_rt_al_a    VNET(rt_al_a)
#define V_rt_odd2    VNET(rt_odd2)
#define V_rt_al_b    VNET(rt_al_b)
#define V_rt_odd3    VNET(rt_odd3)
#define V_rt_al_line VNET(rt_al_line)
#define V_rt_dbl     VNET(rt_dbl)
#define V_rt_ll	     VNET(rt_ll)

/* Does curvnet's copy hold every initial value? */
static void
expect_initial(void)
{
	int i;

	cr_expect_eq(V_rt_plain, 7);
	for (i = 0; i < 16; i++)
		cr_expect_eq(V_rt_tab[i], i * i, "rt_tab[%d] = %d", i,
		    V_rt_tab[i]);
	cr_expect_str_eq(V_rt_str, "initial");
	cr_expect_eq(V_rt_pair.a, 11);
	cr_expect_str_eq(V_rt_pair.b, "pair");
	cr_expect_eq(V_rt_ptr, &rt_target);
	cr_expect_eq(V_rt_zero, 0);
	cr_expect_eq(V_rt_odd1, 'a');
	cr_expect_eq(V_rt_al_a, 64);
	cr_expect_str_eq(V_rt_odd2, "bc");
	cr_expect_eq(V_rt_al_b, 65);
	cr_expect_eq(V_rt_odd3, 'd');
	cr_expect_str_eq(V_rt_al_line, "line");
	cr_expect_eq(V_rt_dbl, 2.5);
	cr_expect_eq(V_rt_ll, -3);
}

/* Overwrite every variable of curvnet's copy. */
static void
scribble(int seed)
{
	int i;

	V_rt_plain = seed;
	for (i = 0; i < 16; i++)
		V_rt_tab[i] = seed + i;
	snprintf(V_rt_str, sizeof(V_rt_str), "s%d", seed);
	V_rt_pair.a = seed;
	V_rt_pair.b[0] = 'X';
	V_rt_ptr = NULL;
	V_rt_zero = seed;
	V_rt_odd1 = V_rt_odd3 = 'z';
	V_rt_al_a = V_rt_al_b = seed;
	V_rt_odd2[0] = 'z';
	V_rt_al_line[0] = 'L';
	V_rt_dbl = seed;
	V_rt_ll = seed;
}

RT_TEST(macros, vnet0_starts_with_initial_values)
{
	CURVNET_SET(vnet0);
	expect_initial();
	CURVNET_RESTORE();
}

RT_TEST(macros, new_instance_starts_with_initial_values)
{
	struct vnet *a = vnet_alloc(), *b;

	cr_assert_not_null(a);
	{
		CURVNET_SET(vnet0);
		scribble(1000);
		CURVNET_RESTORE();
	}
	{
		CURVNET_SET(a);
		expect_initial();
		scribble(2000);
		CURVNET_RESTORE();
	}
	/* Copies are made from the master, not from another instance. */
	b = vnet_alloc();
	cr_assert_not_null(b);
	{
		CURVNET_SET(b);
		expect_initial();
		CURVNET_RESTORE();
	}
	cr_expect_eq(VNET_NAME(rt_plain), 7, "the master copy was written");
	cr_expect_eq(VNET_VNET(a, rt_plain), 2000);
	cr_expect_eq(VNET_VNET(vnet0, rt_plain), 1000);
	vnet_destroy(a);
	vnet_destroy(b);
}

RT_TEST(macros, instances_are_independent)
{
	struct vnet *v[8];
	int i, j;

	for (i = 0; i < 8; i++) {
		v[i] = vnet_alloc();
		cr_assert_not_null(v[i]);
		{
			CURVNET_SET(v[i]);
			V_rt_plain = i;
			for (j = 0; j < 16; j++)
				V_rt_tab[j] = i * 100 + j;
			snprintf(V_rt_str, sizeof(V_rt_str), "inst%d", i);
			CURVNET_RESTORE();
		}
	}
	for (i = 0; i < 8; i++) {
		{
			CURVNET_SET(v[i]);
			cr_expect_eq(V_rt_plain, i);
			for (j = 0; j < 16; j++)
				cr_expect_eq(V_rt_tab[j], i * 100 + j);
			cr_expect_eq(strncmp(V_rt_str, "inst", 4), 0);
			cr_expect_eq(V_rt_str[4] - '0', i);
			CURVNET_RESTORE();
		}
	}
	for (i = 0; i < 8; i++)
		vnet_destroy(v[i]);
}

RT_TEST(macros, static_definitions_of_one_name_are_independent)
{
	struct vnet *v = vnet_alloc();

	cr_assert_not_null(v);
	cr_expect_eq(same_a_get(v), 100);
	cr_expect_eq(same_b_get(v), 200);
	same_a_set(v, 1);
	same_b_set(v, 2);
	cr_expect_eq(same_a_get(v), 1);
	cr_expect_eq(same_b_get(v), 2);
	cr_expect_eq(same_a_get(vnet0), 100);
	cr_expect_eq(same_b_get(vnet0), 200);
	vnet_destroy(v);
}

/* nm's type letter for each symbol called name in the executable. */
static int
nm_types(const char *name, char *types, size_t max)
{
	char exe[PATH_MAX], cmd[PATH_MAX + 64], line[512], sym[256], type;
	unsigned long long addr;
	ssize_t len;
	size_t n = 0;
	FILE *p;

	/* nm's own /proc/self is nm, so name the file. */
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	cr_assert_gt(len, 0);
	exe[len] = '\0';
	snprintf(cmd, sizeof(cmd), "'%s' '%s'", RT_NM, exe);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	while (fgets(line, sizeof(line), p) != NULL)
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3 &&
		    strcmp(sym, name) == 0 && n < max)
			types[n++] = type;
	cr_assert_eq(pclose(p), 0, "%s failed", cmd);
	return ((int)n);
}

RT_TEST(macros, static_definition_is_a_local_symbol)
{
	char types[8];
	int i, n;

	n = nm_types("vnet_entry_rt_same_name", types, sizeof(types));
	cr_assert_eq(n, 2, "%d symbols vnet_entry_rt_same_name", n);
	for (i = 0; i < n; i++)
		cr_expect(types[i] >= 'a' && types[i] <= 'z',
		    "vnet_entry_rt_same_name has type %c, not local", types[i]);
	n = nm_types("vnet_entry_rt_plain", types, sizeof(types));
	cr_assert_eq(n, 1);
	cr_expect(types[0] >= 'A' && types[0] <= 'Z',
	    "vnet_entry_rt_plain has type %c, not global", types[0]);
	/* The executable exports its globals, so only a static hides. */
	cr_expect_not_null(dlsym(RTLD_DEFAULT, "vnet_entry_rt_plain"));
	cr_expect_null(dlsym(RTLD_DEFAULT, "vnet_entry_rt_same_name"));
}

RT_TEST(macros, array_keeps_its_bound)
{
	struct vnet *v = vnet_alloc();
	int i;

	cr_assert_not_null(v);
	{
		CURVNET_SET(v);
		cr_expect_eq(sizeof(V_rt_tab), 16 * sizeof(int));
		cr_expect_eq(sizeof(V_rt_str), 32);
		cr_expect_eq(sizeof(*VNET_PTR(rt_tab)), 16 * sizeof(int));
		for (i = 0; i < 16; i++)
			V_rt_tab[i] = -i;
		cr_expect_eq((void *)&V_rt_tab[15],
		    (void *)((int *)VNET_PTR(rt_tab) + 15));
		CURVNET_RESTORE();
	}
	for (i = 0; i < 16; i++)
		cr_expect_eq(VNET_VNET(v, rt_tab)[i], -i);
	cr_expect_eq(sizeof(VNET_VNET(v, rt_tab)), 16 * sizeof(int));
	vnet_destroy(v);
}

RT_TEST(macros, pointer_forms_agree)
{
	struct vnet *a = vnet_alloc(), *b = vnet_alloc();

	cr_assert(a != NULL && b != NULL);
	{
		CURVNET_SET(a);
		cr_expect_eq(&V_rt_plain, VNET_PTR(rt_plain));
		cr_expect_eq(VNET_PTR(rt_plain), VNET_VNET_PTR(a, rt_plain));
		cr_expect_eq(VNET_PTR(rt_pair),
		    VNET_VNET_PTR(curvnet, rt_pair));
		cr_expect_neq(VNET_PTR(rt_plain), &VNET_NAME(rt_plain));
		cr_expect_neq(VNET_PTR(rt_plain), VNET_VNET_PTR(b, rt_plain));
		/* Layout within an instance is the master's. */
		cr_expect_eq((char *)VNET_PTR(rt_pair) -
			(char *)VNET_PTR(rt_plain),
		    (char *)&VNET_NAME(rt_pair) - (char *)&VNET_NAME(rt_plain));
		CURVNET_RESTORE();
	}
	VNET_VNET(b, rt_plain) = 42;
	{
		CURVNET_SET(b);
		cr_expect_eq(V_rt_plain, 42);
		CURVNET_RESTORE();
	}
	vnet_destroy(a);
	vnet_destroy(b);
}

RT_TEST(macros, declaration_reaches_the_same_copy_from_another_file)
{
	struct vnet *v = vnet_alloc();

	cr_assert_not_null(v);
	{
		CURVNET_SET(v);
		V_rt_plain = 31;
		V_rt_tab[3] = 33;
		cr_expect_eq(other_tu_plain(), 31);
		cr_expect_eq(other_tu_tab3(), 33);
		CURVNET_RESTORE();
	}
	{
		CURVNET_SET(vnet0);
		cr_expect_eq(other_tu_plain(), 7);
		cr_expect_eq(other_tu_tab3(), 9);
		CURVNET_RESTORE();
	}
	vnet_destroy(v);
}

#define ALIGNED(p, a) (((uintptr_t)(p) & ((a) - 1)) == 0)

static void
expect_aligned(struct vnet *v)
{
	cr_expect(ALIGNED(VNET_VNET_PTR(v, rt_al_a), 64), "rt_al_a at %p",
	    (void *)VNET_VNET_PTR(v, rt_al_a));
	cr_expect(ALIGNED(VNET_VNET_PTR(v, rt_al_b), 64), "rt_al_b at %p",
	    (void *)VNET_VNET_PTR(v, rt_al_b));
	cr_expect(ALIGNED(VNET_VNET_PTR(v, rt_al_line), 64), "rt_al_line at %p",
	    (void *)VNET_VNET_PTR(v, rt_al_line));
	cr_expect(ALIGNED(VNET_VNET_PTR(v, rt_dbl), _Alignof(double)));
	cr_expect(ALIGNED(VNET_VNET_PTR(v, rt_ll), _Alignof(long long)));
	cr_expect(ALIGNED(VNET_VNET_PTR(v, rt_ptr), _Alignof(int *)));
	{
		CURVNET_SET(v);
		cr_expect(ALIGNED(&V_rt_al_a, 64));
		cr_expect(ALIGNED(&V_rt_al_b, 64));
		CURVNET_RESTORE();
	}
}

RT_TEST(macros, alignment_is_preserved_in_every_instance)
{
	struct vnet *v[300];
	int i;

	cr_assert(ALIGNED(&VNET_NAME(rt_al_a), 64), "the master is misaligned");
	expect_aligned(vnet0);
	for (i = 0; i < 300; i++) {
		v[i] = vnet_alloc();
		cr_assert_not_null(v[i]);
		expect_aligned(v[i]);
	}
	for (i = 0; i < 300; i++)
		vnet_destroy(v[i]);
}
