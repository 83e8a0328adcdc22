/*
 * util.c: see util.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/diag.h"
#include "support/outfile.h"
#include "support/util.h"

static void
oom(void)
{
	fatal("out of memory");
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return (p);
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return (p);
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return (p);
}

char *
xstrdup(const char *s)
{
	return (xstrndup(s, strlen(s)));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return (p);
}

char *
xasprintf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	return (sb_detach(&sb));
}

static void
sb_grow(struct strbuf *sb, size_t extra)
{
	size_t cap;

	if (sb->len + extra + 1 <= sb->cap)
		return;
	cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->s = xrealloc(sb->s, cap);
	sb->cap = cap;
}

void
sb_add(struct strbuf *sb, const char *p, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->s + sb->len, p, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void
sb_addc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void
sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	/* Most results fit in the room left: then one formatting pass. */
	sb_grow(sb, 64);
	va_copy(aq, ap);
	n = vsnprintf(sb->s + sb->len, sb->cap - sb->len, fmt, aq);
	va_end(aq);
	if (n < 0)
		fatal("bad format string \"%s\"", fmt);
	if ((size_t)n >= sb->cap - sb->len) {
		sb_grow(sb, (size_t)n);
		vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *
sb_detach(struct strbuf *sb)
{
	char *s = sb->s != NULL ? sb->s : xstrdup("");

	sb->s = NULL;
	sb->len = sb->cap = 0;
	return (s);
}

const char *
sb_str(const struct strbuf *sb)
{
	return (sb->s != NULL ? sb->s : "");
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->s != NULL)
		sb->s[0] = '\0';
}

void
sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

bool
str_in_set(const char *const *set, const char *s)
{
	size_t i;

	for (i = 0; set[i] != NULL; i++)
		if (strcmp(set[i], s) == 0)
			return (true);
	return (false);
}

char *
str_trim(char *s)
{
	size_t n = strlen(s), a = 0;

	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		s[--n] = '\0';
	while (s[a] != '\0' && strchr(" \t\r\n", s[a]) != NULL)
		a++;
	memmove(s, s + a, n - a + 1);
	return (s);
}

/*
 * Much of what vnetify sorts arrives in order already (edits emitted file
 * by file, in offset order): one pass to see that is cheaper than a sort.
 */
static char *
hex_into(char *o, uint64_t v)
{
	char digits[16];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v != 0);
	while (n > 0)
		*o++ = digits[--n];
	return (o);
}

char *
key_nums(char *out, uint64_t a, uint64_t b, uint64_t c)
{
	char *o = hex_into(out, a);

	*o++ = ' ';
	o = hex_into(o, b);
	*o++ = ' ';
	o = hex_into(o, c);
	*o = '\0';
	return (out);
}

uint64_t
content_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ull ^ n, w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x100000001b3ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ull;
	return (h);
}

void
xqsort(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	const char *b = base;
	size_t i;

	for (i = 1; i < n; i++)
		if (cmp(b + (i - 1) * size, b + i * size) > 0)
			break;
	if (i < n)
		qsort(base, n, size, cmp);
}

int
read_file(const char *path, char **data, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	FILE *f;
	int error = 0;

	f = fopen(path, "rb");
	if (f == NULL)
		return (errno);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, n);
	if (ferror(f))
		error = errno ? errno : EIO;
	fclose(f);
	if (error != 0) {
		sb_free(&sb);
		return (error);
	}
	*len = sb.len;
	*data = sb_detach(&sb);
	return (0);
}

int
write_file(const char *path, const void *data, size_t len)
{
	struct outfile of;
	int error;

	if ((error = outfile_open(&of, path)) != 0)
		return (error);
	if (fwrite(data, 1, len, of.f) != len) {
		error = errno != 0 ? errno : EIO;
		outfile_abort(&of);
		return (error);
	}
	return (outfile_commit(&of));
}

char *
path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return (xstrdup("."));
	return (slash == path ? xstrdup("/")
			      : xstrndup(path, (size_t)(slash - path)));
}

void
dir_sync(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

bool
path_is_absolute(const char *p)
{
	return (p[0] == '/');
}

char *
path_join(const char *dir, const char *path)
{
	size_t n;

	if (path_is_absolute(path) || dir == NULL || dir[0] == '\0')
		return (xstrdup(path));
	n = strlen(dir);
	return (xasprintf("%s%s%s", dir, n > 0 && dir[n - 1] == '/' ? "" : "/",
	    path));
}

/* Resolve "." , ".." and "//" without touching the file system. */
static char *
path_normalize(const char *abs)
{
	char *out = xmalloc(strlen(abs) + 2), *o = out;
	const char *p = abs, *seg;
	size_t n;

	while (*p != '\0') {
		while (*p == '/')
			p++;
		seg = p;
		while (*p != '\0' && *p != '/')
			p++;
		n = (size_t)(p - seg);
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (o > out && *--o != '/')
				;
			continue;
		}
		*o++ = '/';
		memcpy(o, seg, n);
		o += n;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	return (out);
}

char *
path_canonical(const char *path, const char *cwd)
{
	char here[PATH_MAX], real[PATH_MAX], *abs, *norm, *cut, *res;

	if (cwd == NULL) {
		if (getcwd(here, sizeof(here)) == NULL)
			fatal("cannot get the current directory: %s",
			    strerror(errno));
		cwd = here;
	}
	abs = path_join(cwd, path);
	norm = path_normalize(abs);
	free(abs);
	/* Resolve links in the longest prefix that exists. */
	cut = norm + strlen(norm);
	for (;;) {
		char save = *cut;

		*cut = '\0';
		if (realpath(norm[0] ? norm : "/", real) != NULL) {
			*cut = save;
			res = xasprintf("%s%s",
			    strcmp(real, "/") == 0 && save ? "" : real, cut);
			free(norm);
			return (res);
		}
		*cut = save;
		while (cut > norm && *--cut != '/')
			;
		if (cut == norm)
			return (norm);
	}
}

const char *
path_under(const char *path, const char *root)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return (path[0] == '/' ? path + 1 : NULL);
	if (strncmp(path, root, n) != 0)
		return (NULL);
	if (path[n] == '\0')
		return (path + n);
	if (path[n] != '/')
		return (NULL);
	return (path + n + 1);
}
