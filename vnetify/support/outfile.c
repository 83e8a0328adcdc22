/*
 * outfile.c: see outfile.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/diag.h"
#include "support/outfile.h"
#include "support/util.h"

/*
 * Where a file for path really goes: through a link to the file it names,
 * or NULL when it is to be written as it is (a terminal, a pipe, a
 * device, /dev/stdout and the like).
 */
static char *
target_of(const char *path, int depth)
{
	const char *slash;
	char link[4096], *real, *next;
	struct stat st;
	ssize_t n;

	if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
		return (NULL);
	if (lstat(path, &st) != 0)
		return (xstrdup(path));
	if (S_ISLNK(st.st_mode)) {
		if ((real = realpath(path, NULL)) == NULL) {
			/* A link to a file yet to be: that file. */
			n = readlink(path, link, sizeof(link) - 1);
			if (n <= 0 || depth > 8)
				return (xstrdup(path));
			link[n] = '\0';
			slash = strrchr(path, '/');
			next = link[0] == '/' || slash == NULL
			    ? xstrdup(link)
			    : xasprintf("%.*s/%s", (int)(slash - path), path,
				  link);
			real = target_of(next, depth + 1);
			free(next);
			return (real);
		}
		if (strncmp(real, "/dev/", 5) == 0 ||
		    strncmp(real, "/proc/", 6) == 0 ||
		    (stat(real, &st) == 0 && !S_ISREG(st.st_mode))) {
			free(real);
			return (NULL);
		}
		return (real);
	}
	return (
	    S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) ? xstrdup(path) : NULL);
}

int
outfile_open(struct outfile *of, const char *path)
{
	const char *slash;
	struct stat st;
	mode_t mask;
	int fd, error;

	memset(of, 0, sizeof(*of));
	if ((of->path = target_of(path, 0)) == NULL) {
		if ((of->f = fopen(path, "w")) != NULL)
			return (0);
		error = errno;
		diag_error(path, 0, 0, "cannot write: %s", strerror(error));
		return (error);
	}
	slash = strrchr(of->path, '/');
	if (slash == NULL)
		of->tmp = xasprintf(".%s.vnetify-out-XXXXXX", of->path);
	else
		of->tmp = xasprintf("%.*s/.%s.vnetify-out-XXXXXX",
		    (int)(slash - of->path), of->path, slash + 1);
	if ((fd = mkostemp(of->tmp, O_CLOEXEC)) < 0) {
		error = errno;
		diag_error(path, 0, 0, "cannot write here: %s",
		    strerror(error));
		free(of->tmp);
		free(of->path);
		of->tmp = of->path = NULL;
		return (error);
	}
	if (stat(of->path, &st) == 0)
		(void)fchmod(fd, st.st_mode & 07777);
	else {
		mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	if ((of->f = fdopen(fd, "w")) == NULL) {
		error = errno;
		close(fd);
		outfile_abort(of);
		diag_error(path, 0, 0, "cannot write here: %s",
		    strerror(error));
		return (error);
	}
	return (0);
}

int
outfile_commit(struct outfile *of)
{
	int error = 0;

	if (of->f == NULL)
		return (0);
	errno = 0;
	if (fflush(of->f) != 0 || ferror(of->f) ||
	    (of->tmp != NULL && fsync(fileno(of->f)) != 0))
		error = errno != 0 ? errno : EIO;
	if (fclose(of->f) != 0 && error == 0)
		error = errno != 0 ? errno : EIO;
	of->f = NULL;
	if (error == 0 && of->tmp != NULL && rename(of->tmp, of->path) != 0)
		error = errno;
	if (error != 0) {
		diag_error(of->path, 0, 0, "cannot write: %s", strerror(error));
		outfile_abort(of);
		return (error);
	}
	if (of->tmp != NULL) {
		/* The rename made durable; a failure here loses nothing. */
		char *dir = path_dir(of->path);

		dir_sync(dir);
		free(dir);
	}
	free(of->tmp);
	of->tmp = NULL;
	free(of->path);
	of->path = NULL;
	return (0);
}

void
outfile_abort(struct outfile *of)
{
	if (of->f != NULL)
		fclose(of->f);
	of->f = NULL;
	if (of->tmp != NULL)
		unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
}
