/* x */ int counter;
int other;
int
get_other(void)
{
	return other;
}
static int hidden /* a comment
	that runs across lines */
    = 3;

int get(void);
int
get(void)
{
	return counter + hidden;
}
// a line comment with a trailing backslash \
int not_a_declaration;
