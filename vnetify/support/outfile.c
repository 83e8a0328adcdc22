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

int
outfile_open(struct outfile *of, const char *path)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	mode_t mask;
	int fd, error;

	memset(of, 0, sizeof(*of));
	of->path = xstrdup(path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		/* A terminal, a pipe, /dev/null: written as it is. */
		if ((of->f = fopen(path, "w")) != NULL)
			return (0);
		error = errno;
		diag_error(path, 0, 0, "cannot write: %s", strerror(error));
		free(of->path);
		of->path = NULL;
		return (error);
	}
	if (slash == NULL)
		of->tmp = xasprintf(".%s.vnetify-out-XXXXXX", path);
	else
		of->tmp = xasprintf("%.*s/.%s.vnetify-out-XXXXXX",
		    (int)(slash - path), path, slash + 1);
	if ((fd = mkostemp(of->tmp, O_CLOEXEC)) < 0) {
		error = errno;
		diag_error(path, 0, 0, "cannot write here: %s",
		    strerror(error));
		free(of->tmp);
		of->tmp = NULL;
		return (error);
	}
	if (stat(path, &st) == 0)
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
