int ipforwarding;
int ipttl = 64;
#ifdef VIMAGE
int vimage_only;
#endif

int route(int ttl);
int
route(int ttl)
{
#if 0
	ipttl = unknown_thing;
#endif
#ifdef IPSTEALTH
	if (ipstealth)
		return (ttl);
#else
	ttl = ttl > ipttl ? ipttl : ttl;
#endif
	return (ipforwarding ? ttl - 1 : 0);
}
