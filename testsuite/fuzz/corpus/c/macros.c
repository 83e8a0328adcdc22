/* Macros that real kernels have: locks that drop their argument, a
   sysctl that expands its pointer twice, names made by pasting. */
#define LOCK(m)
#define UNLOCK(m)
#define KNOB(ptr, val)                  \
	static int *knob_##val = (ptr); \
	_Static_assert(sizeof(*(ptr)) == sizeof(int), "int")
#define DECLARE_COUNTER(n) int n##_count
#define SHOW(x)		   #x
#define INC(x)		   ((x)++)

struct mtx {
	int m;
};
struct mtx lock_a;
int limit = 10;
DECLARE_COUNTER(pkts);
KNOB(&limit, limit);

int bump(void);
int
bump(void)
{
	LOCK(&lock_a);
	INC(pkts_count);
	UNLOCK(&lock_a);
	return (pkts_count > limit ? 1 : 0) + (int)sizeof(SHOW(limit));
}
