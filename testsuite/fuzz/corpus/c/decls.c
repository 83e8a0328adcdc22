struct stats {
	unsigned long in, out;
};
struct stats ipstat, ip6stat = {1, 2};
static int *ptr_to_ttl;
int ttl = 64, *ttlp = &ttl;
const int max_hops = 255;
_Thread_local int per_thread;
int table[16];
extern int later;
int later = 5;

static void count(void);
static void
count(void)
{
	static int calls;

	calls++;
	ipstat.in += (unsigned long)calls;
	ptr_to_ttl = &ttl;
	table[calls % 16] = *ttlp + later + max_hops + per_thread;
}

int use(void);
int
use(void)
{
	count();
	return (int)ip6stat.out;
}
