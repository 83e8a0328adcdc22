int counter;
int get(void);
int
get(void)
{
	return counter;
}
