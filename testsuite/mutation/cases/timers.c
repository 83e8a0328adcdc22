/*
 * timers.c: the protocol's timers and drain, run for every vnet.
 */
#include "proto.h"

VNET_DEFINE_STATIC(int, proto_ticks);
VNET_DEFINE_STATIC(int, proto_expired);
#define V_proto_ticks	VNET(proto_ticks)
#define V_proto_expired VNET(proto_expired)

static void
proto_expire(void)
{
	V_proto_ticks++;
	if (V_proto_ticks % 8 == 0) {
		V_proto_expired++;
		PROTOSTAT_INC(ps_drop);
	}
}

void
proto_slowtimo(void *arg)
{
	VNET_ITERATOR_DECL(vnet_iter);

	(void)arg;
	VNET_LIST_RLOCK_NOSLEEP();
	VNET_FOREACH(vnet_iter) {
		CURVNET_SET(vnet_iter);
		proto_expire();
		if (V_proto_ttl < 1)
			V_proto_ttl = 64;
		CURVNET_RESTORE();
	}
	VNET_LIST_RUNLOCK_NOSLEEP();
}

void
proto_drain(void)
{
	VNET_ITERATOR_DECL(vnet_iter);
	int total = 0;

	VNET_LIST_RLOCK_NOSLEEP();
	VNET_FOREACH(vnet_iter) {
		CURVNET_SET(vnet_iter);
		total += V_proto_expired;
		V_proto_expired = 0;
		while (V_proto_ticks > 100) {
			V_proto_ticks -= 100;
			if (V_proto_ticks == 0)
				break;
		}
		CURVNET_RESTORE();
	}
	VNET_LIST_RUNLOCK_NOSLEEP();
	(void)total;
}
