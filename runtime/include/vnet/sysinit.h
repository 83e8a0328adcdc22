/*
 * sysinit.h: ordered constructors and destructors, after FreeBSD's
 * SYSINIT(9).
 *
 * SYSINIT(ident, subsystem, order, func, arg) arranges for func(arg) to run
 * once when the module that contains it is loaded: at program start for the
 * executable and the libraries it was linked with, at dlopen() for the
 * others.  All constructors known at program start run together, sorted by
 * (subsystem, order); those of a module loaded later run, sorted, when it
 * loads.  SYSUNINIT runs func(arg) when the module is unloaded, in the
 * reverse order.  The same ordering governs VNET_SYSINIT, which runs once
 * per virtual network stack instance (see <vnet/vnet.h>).
 *
 * func is called through a small generated thunk, so it may take any
 * argument type that arg converts to (FreeBSD code passes void * and
 * const void * alike).  The _ERR variants take a function returning int:
 * a nonzero value is an errno that makes the constructor fail.
 */
#ifndef VNET_SYSINIT_H
#define VNET_SYSINIT_H

#include <vnet/module.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Subsystems, in the order FreeBSD initialises them. */
enum sysinit_sub_id {
	SI_SUB_DUMMY = 0x0000000,
	SI_SUB_DONE = 0x0000001,
	SI_SUB_TUNABLES = 0x0700000,
	SI_SUB_COPYRIGHT = 0x0800001,
	SI_SUB_VM = 0x1000000,
	SI_SUB_KMEM = 0x1800000,
	SI_SUB_HYPERVISOR = 0x1a40000,
	SI_SUB_WITNESS = 0x1a80000,
	SI_SUB_MTX_POOL_DYNAMIC = 0x1ac0000,
	SI_SUB_LOCK = 0x1b00000,
	SI_SUB_EVENTHANDLER = 0x1c00000,
	SI_SUB_VNET_PRELINK = 0x1e00000,
	SI_SUB_KLD = 0x2000000,
	SI_SUB_CPU = 0x2100000,
	SI_SUB_RACCT = 0x2110000,
	SI_SUB_KDTRACE = 0x2140000,
	SI_SUB_RANDOM = 0x2120000,
	SI_SUB_MAC = 0x2180000,
	SI_SUB_MAC_POLICY = 0x21c0000,
	SI_SUB_MAC_LATE = 0x21d0000,
	SI_SUB_VNET = 0x21e0000,
	SI_SUB_INTRINSIC = 0x2200000,
	SI_SUB_VM_CONF = 0x2300000,
	SI_SUB_DDB_SERVICES = 0x2380000,
	SI_SUB_RUN_QUEUE = 0x2400000,
	SI_SUB_KTRACE = 0x2480000,
	SI_SUB_OPENSOLARIS = 0x2490000,
	SI_SUB_AUDIT = 0x24c0000,
	SI_SUB_CREATE_INIT = 0x2500000,
	SI_SUB_SCHED_IDLE = 0x2600000,
	SI_SUB_MBUF = 0x2700000,
	SI_SUB_INTR = 0x2800000,
	SI_SUB_TASKQ = 0x2880000,
	SI_SUB_EPOCH = 0x2888000,
	SI_SUB_SMP = 0x2900000,
	SI_SUB_SOFTINTR = 0x2a00000,
	SI_SUB_DEVFS = 0x2f00000,
	SI_SUB_INIT_IF = 0x3000000,
	SI_SUB_NETGRAPH = 0x3010000,
	SI_SUB_DTRACE = 0x3020000,
	SI_SUB_DTRACE_PROVIDER = 0x3048000,
	SI_SUB_DTRACE_ANON = 0x308c000,
	SI_SUB_DRIVERS = 0x3100000,
	SI_SUB_CONFIGURE = 0x3800000,
	SI_SUB_VFS = 0x4000000,
	SI_SUB_CLOCKS = 0x4800000,
	SI_SUB_SYSV_SHM = 0x6400000,
	SI_SUB_SYSV_SEM = 0x6800000,
	SI_SUB_SYSV_MSG = 0x6C00000,
	SI_SUB_P1003_1B = 0x6E00000,
	SI_SUB_PSEUDO = 0x7000000,
	SI_SUB_EXEC = 0x7400000,
	SI_SUB_PROTO_BEGIN = 0x8000000,
	SI_SUB_PROTO_PFIL = 0x8100000,
	SI_SUB_PROTO_IF = 0x8400000,
	SI_SUB_PROTO_DOMAININIT = 0x8600000,
	SI_SUB_PROTO_MC = 0x8700000,
	SI_SUB_PROTO_DOMAIN = 0x8800000,
	SI_SUB_PROTO_FIREWALL = 0x8806000,
	SI_SUB_PROTO_IFATTACHDOMAIN = 0x8800001,
	SI_SUB_PROTO_END = 0x8ffffff,
	SI_SUB_KPROF = 0x9000000,
	SI_SUB_KICK_SCHEDULER = 0xa000000,
	SI_SUB_INT_CONFIG_HOOKS = 0xa800000,
	SI_SUB_ROOT_CONF = 0xb000000,
	SI_SUB_INTRINSIC_POST = 0xd000000,
	SI_SUB_SYSCALLS = 0xd800000,
	SI_SUB_VNET_DONE = 0xdc00000,
	SI_SUB_KTHREAD_INIT = 0xe000000,
	SI_SUB_KTHREAD_PAGE = 0xe400000,
	SI_SUB_KTHREAD_VM = 0xe800000,
	SI_SUB_KTHREAD_BUF = 0xea00000,
	SI_SUB_KTHREAD_UPDATE = 0xec00000,
	SI_SUB_KTHREAD_IDLE = 0xee00000,
	SI_SUB_SMP_LATE = 0xf000000,
	SI_SUB_RACCTD = 0xf100000,
	SI_SUB_LAST = 0xfffffff
};

/* Order within a subsystem. */
enum sysinit_elem_order {
	SI_ORDER_FIRST = 0x0000000,
	SI_ORDER_SECOND = 0x0000001,
	SI_ORDER_THIRD = 0x0000002,
	SI_ORDER_FOURTH = 0x0000003,
	SI_ORDER_FIFTH = 0x0000004,
	SI_ORDER_SIXTH = 0x0000005,
	SI_ORDER_SEVENTH = 0x0000006,
	SI_ORDER_EIGHTH = 0x0000007,
	SI_ORDER_MIDDLE = 0x1000000,
	SI_ORDER_ANY = 0xfffffff
};

/*
 * One constructor or destructor.  si_func is the generated thunk: it calls
 * the user's function with the user's argument and returns 0 or an errno.
 */
struct sysinit {
	unsigned int si_subsystem;
	unsigned int si_order;
	int (*si_func)(void);
	const char *si_name; /* the user's function, as written */
	const char *si_file;
	int si_line;
};

/* VNET_SYSINIT uses the same shape; the distinct type keeps sets apart. */
struct vnet_sysinit {
	struct sysinit vs_si;
};

#define SYSINIT_THUNK(ident, func, arg) \
	static int ident##_thunk(void)  \
	{                               \
		(func)(arg);            \
		return (0);             \
	}                               \
	struct __vnet_hack

#define SYSINIT_THUNK_ERR(ident, func, arg) \
	static int ident##_thunk(void)      \
	{                                   \
		return ((func)(arg));       \
	}                                   \
	struct __vnet_hack

#define SYSINIT(ident, sub, order, func, arg)       \
	SYSINIT_THUNK(ident##_sys_init, func, arg); \
	SYSINIT_PLAIN_DESC(sysinit, ident##_sys_init, sub, order, func)
#define SYSINIT_ERR(ident, sub, order, func, arg)       \
	SYSINIT_THUNK_ERR(ident##_sys_init, func, arg); \
	SYSINIT_PLAIN_DESC(sysinit, ident##_sys_init, sub, order, func)
#define SYSUNINIT(ident, sub, order, func, arg)       \
	SYSINIT_THUNK(ident##_sys_uninit, func, arg); \
	SYSINIT_PLAIN_DESC(sysuninit, ident##_sys_uninit, sub, order, func)

#define SYSINIT_PLAIN_DESC(set, ident, sub, order, func)                    \
	static const struct sysinit ident = {(sub), (order), ident##_thunk, \
	    #func, __FILE__, __LINE__};                                     \
	VNET_SET_ENTRY(set, ident, const struct sysinit, ident);            \
	VNET_MODULE_GLUE(ident)

/*
 * Boot, if not done yet: build vnet0 and run the plain SYSINITs of every
 * module registered so far, in one order with vnet0's VNET_SYSINITs.  The
 * runtime does this itself from a constructor of priority 102, once the
 * modules linked with the program have registered (at 101); code that
 * runs before can call it.  Later calls do nothing; modules that register
 * afterwards run their SYSINITs as they register.
 */
void sysinit_run_pending(void);

#ifdef __cplusplus
}
#endif

#endif /* !VNET_SYSINIT_H */
