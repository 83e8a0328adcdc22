/*
 * macros.h: the definitions rt_macros shares between its translation
 * units, declared the way converted headers declare them.
 */
#ifndef RT_MACROS_H
#define RT_MACROS_H

#include <vnet/vnet.h>

struct rt_pair {
	int a;
	char b[8];
};

VNET_DECLARE(int, rt_plain);
#define V_rt_plain VNET(rt_plain)
VNET_DECLARE(int, rt_tab[16]);
#define V_rt_tab VNET(rt_tab)

/* Each of macros_a.c and macros_b.c has its own static rt_same_name. */
int same_a_get(struct vnet *);
void same_a_set(struct vnet *, int);
int same_b_get(struct vnet *);
void same_b_set(struct vnet *, int);
/* rt_plain and rt_tab[3] as code in another file sees them. */
int other_tu_plain(void);
int other_tu_tab3(void);

#endif /* !RT_MACROS_H */
