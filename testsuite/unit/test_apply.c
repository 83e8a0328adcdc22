/*
 * test_apply.c: writing in place, all files or none.  Failures are injected
 * into the system calls through apply_sys; after every failure each file
 * must be the very file it was (same bytes, mode and inode) and no
 * temporary file or backup may be left.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "edits/edits.h"
#include "output/apply.h"
#include "output/journal.h"
#include "support/util.h"
#include "tmptree.h"

static char *root;

static void
setup(void)
{
	root = tmptree_new("apply");
}

static void
teardown(void)
{
	tmptree_remove(root);
}

TestSuite(apply, .init = setup, .fini = teardown);

static char *
put(const char *dir, const char *rel, const char *data, mode_t mode)
{
	return (tmptree_put(dir, rel, data, strlen(data), mode));
}

/* A file of the test tree, as it was and as the edits should make it. */
struct tf {
	char *path;
	const char *before, *after;
	struct stat st;
};

static void
snap(struct tf *t)
{
	cr_assert_eq(stat(t->path, &t->st), 0);
}

static char *
contents(const char *path)
{
	char *data;
	size_t len;

	cr_assert_eq(read_file(path, &data, &len), 0, "%s", path);
	cr_assert_eq(strlen(data), len);
	return (data);
}

/* The file is the one snap() saw: bytes, mode, inode. */
static void
untouched(const struct tf *t)
{
	struct stat st;
	char *data = contents(t->path);

	cr_assert_str_eq(data, t->before, "%s changed", t->path);
	cr_assert_eq(stat(t->path, &st), 0);
	cr_assert_eq(st.st_ino, t->st.st_ino, "%s replaced", t->path);
	cr_assert_eq(st.st_mode, t->st.st_mode);
	free(data);
}

static void
written(const struct tf *t)
{
	struct stat st;
	char *data = contents(t->path);

	cr_assert_str_eq(data, t->after, "%s", t->path);
	cr_assert_eq(stat(t->path, &st), 0);
	cr_assert_eq(st.st_mode, t->st.st_mode, "%s: mode %o, was %o", t->path,
	    st.st_mode, t->st.st_mode);
	cr_assert_eq(st.st_uid, t->st.st_uid);
	cr_assert_eq(st.st_gid, t->st.st_gid);
	free(data);
}

static int leftovers_found;

static int
leftover(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (strstr(path + ftw->base, ".vnetify-") != NULL)
		leftovers_found++;
	return (0);
}

static int
leftovers(void)
{
	leftovers_found = 0;
	nftw(root, leftover, 16, FTW_PHYS);
	return (leftovers_found);
}

/*
 * Three files, each with a few edits; the set records what they were.
 * Modes differ so that keeping them shows.
 */
static struct edit_set *
three(struct tf t[3])
{
	struct edit_set *set = edits_new();
	size_t i;

	t[0].before =
	    "static int foo_count = 3;\nint f(void) { return foo_count; }\n";
	t[0].after = "VNET_DEFINE_STATIC(int, foo_count) = 3;\n"
		     "#define V_foo_count VNET(foo_count)\n"
		     "int f(void) { return V_foo_count; }\n";
	t[1].before = "extern int bar;\n";
	t[1].after = "VNET_DECLARE(int, bar);\n#define V_bar VNET(bar)\n";
	t[2].before = "#!/bin/sh\necho bar\n";
	t[2].after = "#!/bin/sh\necho V_bar\n";
	t[0].path = put(root, "a.c", t[0].before, 0644);
	t[1].path = put(root, "sub/b.h", t[1].before, 0600);
	t[2].path = put(root, "c.sh", t[2].before, 0755);
	edits_add(set, t[0].path, 0, 24,
	    "VNET_DEFINE_STATIC(int, foo_count) = 3", 0, NULL);
	edits_add(set, t[0].path, 25, 0,
	    "\n#define V_foo_count VNET(foo_count)", 0, NULL);
	edits_add(set, t[0].path, 47, 9, "V_foo_count", 0, "use of foo_count");
	edits_add(set, t[1].path, 0, 15, "VNET_DECLARE(int, bar);", 0, NULL);
	edits_add(set, t[1].path, 16, 0, "#define V_bar VNET(bar)\n", 0, NULL);
	edits_add(set, t[2].path, 15, 3, "V_bar", 0, NULL);
	for (i = 0; i < 3; i++) {
		edits_expect_data(set, t[i].path, t[i].before,
		    strlen(t[i].before));
		snap(&t[i]);
	}
	cr_assert_eq(edits_finalize(set, NULL, NULL), 0);
	return (set);
}

static void
done(struct tf t[3], struct edit_set *set)
{
	size_t i;

	for (i = 0; i < 3; i++)
		free(t[i].path);
	edits_free(set);
}

Test(apply, writes_every_file_and_keeps_modes)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	size_t i;

	cr_assert_eq(apply_in_place(root, set), 0);
	for (i = 0; i < 3; i++)
		written(&t[i]);
	cr_assert_eq(leftovers(), 0);
	done(t, set);
}

Test(apply, unchanged_file_is_not_rewritten)
{
	struct tf t[2];
	struct edit_set *set = edits_new();
	struct stat st;
	char *data;

	t[0].before = "int foo;\n";
	t[0].path = put(root, "same.c", t[0].before, 0644);
	t[1].before = "int bar;\n";
	t[1].path = put(root, "other.c", t[1].before, 0644);
	snap(&t[0]);
	snap(&t[1]);
	edits_add(set, t[0].path, 4, 3, "foo", 0, NULL);
	edits_add(set, t[1].path, 4, 3, "V_bar", 0, NULL);
	edits_expect_data(set, t[0].path, t[0].before, 9);
	edits_expect_data(set, t[1].path, t[1].before, 9);
	edits_finalize(set, NULL, NULL);
	cr_assert_eq(apply_in_place(root, set), 0);
	untouched(&t[0]);
	data = contents(t[1].path);
	cr_assert_str_eq(data, "int V_bar;\n");
	cr_assert_eq(stat(t[1].path, &st), 0);
	cr_assert_neq(st.st_ino, t[1].st.st_ino);
	free(data);
	free(t[0].path);
	free(t[1].path);
	edits_free(set);
}

/* Failure injection: call k (from 1) of a hook fails when bit k-1 is set. */
static unsigned fail_mask, ncalls;
static int fail_errno;

static bool
should_fail(void)
{
	ncalls++;
	if (ncalls <= 32 && (fail_mask & (1u << (ncalls - 1))) != 0) {
		errno = fail_errno;
		return (true);
	}
	return (false);
}

static int
bad_rename(const char *a, const char *b)
{
	return (should_fail() ? -1 : rename(a, b));
}

static ssize_t
bad_write(int fd, const void *p, size_t n)
{
	/* Short writes too, so that the loop around write is exercised. */
	if (should_fail())
		return (-1);
	return (write(fd, p, n > 7 ? 7 : n));
}

static int
bad_fsync(int fd)
{
	return (should_fail() ? -1 : fsync(fd));
}

static int
bad_link(const char *a, const char *b)
{
	return (should_fail() ? -1 : link(a, b));
}

static void
inject(unsigned mask, int err)
{
	fail_mask = mask;
	fail_errno = err;
	ncalls = 0;
}

static void
check_all_or_nothing(int expect_err)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	size_t i;

	cr_assert_eq(apply_in_place(root, set), expect_err,
	    "call %u of the hook should have failed it", ncalls);
	for (i = 0; i < 3; i++)
		untouched(&t[i]);
	cr_assert_eq(leftovers(), 0);
	done(t, set);
}

Test(apply, rename_failure_at_each_step_changes_nothing,
    .init = cr_redirect_stderr)
{
	unsigned k;

	apply_sys.rename = bad_rename;
	for (k = 0; k < 3; k++) {
		inject(1u << k, EIO);
		check_all_or_nothing(EIO);
		/* k renames forward, then k - 1 back, plus the failed one. */
		cr_assert_eq(ncalls, 2 * k + 1);
	}
}

Test(apply, write_failure_at_each_step_changes_nothing,
    .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set;
	unsigned k, nwrites = 0;
	size_t i;

	apply_sys.write = bad_write;
	inject(0, 0);
	set = three(t);
	for (i = 0; i < 3; i++)
		nwrites += (unsigned)(strlen(t[i].after) + 6) / 7;
	cr_assert_eq(apply_in_place(root, set), 0);
	cr_assert_eq(ncalls, nwrites);
	for (i = 0; i < 3; i++)
		written(&t[i]);
	done(t, set);
	cr_assert_leq(nwrites, 32);
	for (k = 0; k < nwrites; k++) {
		inject(1u << k, ENOSPC);
		check_all_or_nothing(ENOSPC);
		cr_assert_eq(ncalls, k + 1);
	}
}

Test(apply, fsync_failure_changes_nothing, .init = cr_redirect_stderr)
{
	unsigned k;

	apply_sys.fsync = bad_fsync;
	for (k = 0; k < 3; k++) {
		inject(1u << k, EIO);
		check_all_or_nothing(EIO);
	}
}

Test(apply, link_failure_changes_nothing, .init = cr_redirect_stderr)
{
	unsigned k;

	apply_sys.link = bad_link;
	for (k = 0; k < 3; k++) {
		inject(1u << k, EIO);
		check_all_or_nothing(EIO);
	}
}

Test(apply, without_hard_links_a_copy_is_the_backup)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	size_t i;

	/* Every link fails as on a file system without them. */
	apply_sys.link = bad_link;
	inject(~0u, EPERM);
	cr_assert_eq(apply_in_place(root, set), 0);
	cr_assert_eq(ncalls, 3);
	for (i = 0; i < 3; i++)
		written(&t[i]);
	cr_assert_eq(leftovers(), 0);
	done(t, set);
}

/* Fails links always with EPERM and the third rename with EIO. */
static unsigned nren;

static int
perm_link(const char *a, const char *b)
{
	(void)a;
	(void)b;
	errno = EPERM;
	return (-1);
}

static int
third_rename_fails(const char *a, const char *b)
{
	if (++nren == 3) {
		errno = EIO;
		return (-1);
	}
	return (rename(a, b));
}

Test(apply, copies_restore_when_a_rename_fails, .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	size_t i;
	char *data;

	apply_sys.link = perm_link;
	apply_sys.rename = third_rename_fails;
	nren = 0;
	cr_assert_eq(apply_in_place(root, set), EIO);
	/* Restored from copies: the old bytes and mode, a new inode. */
	for (i = 0; i < 3; i++) {
		data = contents(t[i].path);
		cr_assert_str_eq(data, t[i].before);
		free(data);
	}
	cr_assert_eq(leftovers(), 0);
	done(t, set);
}

static char *
stderr_text(void)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[512];
	size_t n;
	FILE *f;

	fflush(stderr);
	f = cr_get_redirected_stderr();
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, n);
	return (sb_detach(&sb));
}

Test(apply, a_failed_restore_keeps_its_backup_and_says_so,
    .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	char *msg, *bak, *data;
	bool recovered;
	size_t i;

	/*
	 * Files are replaced in path order: a.c, c.sh, sub/b.h.  The third
	 * rename fails; undoing starts with c.sh (call 4), which fails too,
	 * and goes on to a.c (call 5).
	 */
	apply_sys.rename = bad_rename;
	inject(1u << 2 | 1u << 3, EIO);
	cr_assert_eq(apply_in_place(root, set), EIO);
	untouched(&t[0]);
	untouched(&t[1]);
	data = contents(t[2].path);
	cr_assert_str_eq(data, t[2].after);
	free(data);
	/* The backup, and the journal that lets the next run finish it. */
	cr_assert_eq(leftovers(), 2);
	msg = stderr_text();
	cr_assert_not_null(strstr(msg, "move that back by hand"), "%s", msg);
	/* The backup it names holds the original. */
	bak = strstr(msg, "from ");
	cr_assert_not_null(bak);
	bak += 5;
	*strchr(bak, ':') = '\0';
	data = contents(bak);
	cr_assert_str_eq(data, t[2].before);
	free(data);
	free(msg);
	/* The next run puts it back. */
	apply_sys.rename = rename;
	cr_assert_eq(journal_recover(root, &recovered), 0);
	cr_assert(recovered);
	for (i = 0; i < 3; i++) {
		data = contents(t[i].path);
		cr_assert_str_eq(data, t[i].before);
		free(data);
	}
	cr_assert_eq(leftovers(), 0);
	done(t, set);
}

Test(apply, refuses_a_file_outside_root, .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	char *tmpl = tmptree_new("out"), *out, *data;
	size_t i;

	out = put(tmpl, "out.c", "int x;\n", 0644);
	edits_add(set, out, 4, 1, "V_x", 0, NULL);
	edits_expect_data(set, out, "int x;\n", 7);
	edits_finalize(set, NULL, NULL);
	cr_assert_eq(apply_in_place(root, set), EXDEV);
	for (i = 0; i < 3; i++)
		untouched(&t[i]);
	data = contents(out);
	cr_assert_str_eq(data, "int x;\n");
	free(data);
	cr_assert_eq(leftovers(), 0);

	/* Nor through a link inside root that leads out. */
	edits_free(set);
	set = edits_new();
	free(t[0].path);
	t[0].path = path_join(root, "link.c");
	cr_assert_eq(symlink(out, t[0].path), 0);
	edits_add(set, t[0].path, 4, 1, "V_x", 0, NULL);
	edits_expect_data(set, t[0].path, "int x;\n", 7);
	edits_finalize(set, NULL, NULL);
	cr_assert_eq(apply_in_place(root, set), EXDEV);
	data = contents(out);
	cr_assert_str_eq(data, "int x;\n");
	free(data);
	free(out);
	done(t, set);
	tmptree_remove(tmpl);
}

Test(apply, writes_through_a_link_inside_root)
{
	struct edit_set *set = edits_new();
	char *target = put(root, "real.c", "int x;\n", 0640), *link_path;
	char *data;
	struct stat st;

	link_path = path_join(root, "alias.c");
	cr_assert_eq(symlink("real.c", link_path), 0);
	edits_add(set, link_path, 4, 1, "V_x", 0, NULL);
	edits_expect_data(set, link_path, "int x;\n", 7);
	edits_finalize(set, NULL, NULL);
	cr_assert_eq(apply_in_place(root, set), 0);
	cr_assert_eq(lstat(link_path, &st), 0);
	cr_assert(S_ISLNK(st.st_mode), "the link was replaced by a file");
	data = contents(target);
	cr_assert_str_eq(data, "int V_x;\n");
	free(data);
	cr_assert_eq(stat(target, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0640);
	free(target);
	free(link_path);
	edits_free(set);
}

Test(apply, refuses_a_file_changed_since_parsing, .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	size_t i;
	char *data;
	FILE *f;

	/* Same size, different bytes. */
	f = fopen(t[1].path, "r+b");
	fputs("EXTERN", f);
	fclose(f);
	cr_assert_eq(apply_in_place(root, set), ESTALE);
	data = contents(t[1].path);
	cr_assert_str_eq(data, "EXTERN int bar;\n");
	free(data);
	for (i = 0; i < 3; i += 2)
		untouched(&t[i]);
	cr_assert_eq(leftovers(), 0);
	done(t, set);
}

Test(apply, refuses_a_file_without_a_record, .init = cr_redirect_stderr)
{
	struct edit_set *set = edits_new();
	struct tf t;

	t.before = "int x;\n";
	t.path = put(root, "x.c", t.before, 0644);
	snap(&t);
	edits_add(set, t.path, 4, 1, "V_x", 0, NULL);
	edits_finalize(set, NULL, NULL);
	cr_assert_eq(apply_in_place(root, set), ESTALE);
	untouched(&t);
	free(t.path);
	edits_free(set);
}

/* Changes the first file just before its backup is taken. */
static const char *meddle_path;

static int
meddling_link(const char *a, const char *b)
{
	FILE *f;

	if (meddle_path != NULL && strcmp(a, meddle_path) == 0) {
		f = fopen(a, "ab");
		fputs("/* late */\n", f);
		fclose(f);
		meddle_path = NULL;
	}
	return (link(a, b));
}

Test(apply, refuses_a_file_changed_while_writing, .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	struct stat st;
	char *data, *want;

	meddle_path = t[0].path;
	apply_sys.link = meddling_link;
	cr_assert_eq(apply_in_place(root, set), ESTALE);
	want = xasprintf("%s/* late */\n", t[0].before);
	data = contents(t[0].path);
	cr_assert_str_eq(data, want);
	cr_assert_eq(stat(t[0].path, &st), 0);
	cr_assert_eq(st.st_ino, t[0].st.st_ino);
	untouched(&t[1]);
	untouched(&t[2]);
	cr_assert_eq(leftovers(), 0);
	free(data);
	free(want);
	done(t, set);
}

Test(apply, refuses_two_names_of_one_file, .init = cr_redirect_stderr)
{
	struct edit_set *set = edits_new();
	struct tf t;
	char *other = path_join(root, "hard.c");

	t.before = "int x;\n";
	t.path = put(root, "x.c", t.before, 0644);
	cr_assert_eq(link(t.path, other), 0);
	snap(&t);
	edits_add(set, t.path, 4, 1, "V_x", 0, NULL);
	edits_add(set, other, 0, 3, "long", 0, NULL);
	edits_expect_data(set, t.path, t.before, 7);
	edits_expect_data(set, other, t.before, 7);
	edits_finalize(set, NULL, NULL);
	/* Refused as a file with two links, before the two are compared. */
	cr_assert_eq(apply_in_place(root, set), EMLINK);
	untouched(&t);
	free(other);
	free(t.path);
	edits_free(set);
}

Test(apply, refuses_what_is_not_a_regular_file, .init = cr_redirect_stderr)
{
	struct edit_set *set = edits_new();
	char *fifo = path_join(root, "fifo.c");

	cr_assert_eq(mkfifo(fifo, 0644), 0);
	edits_add(set, fifo, 0, 0, "x", 0, NULL);
	edits_expect_data(set, fifo, "", 0);
	edits_finalize(set, NULL, NULL);
	/* Refused before it is opened, or this would block. */
	cr_assert_eq(apply_in_place(root, set), EINVAL);
	free(fifo);
	edits_free(set);
}

Test(apply, keeps_the_owner)
{
	struct tf t[3];
	struct edit_set *set;
	size_t i;

	if (geteuid() != 0)
		cr_skip_test("only root can give a file away");
	set = three(t);
	cr_assert_eq(chown(t[1].path, 4242, 4343), 0);
	/* chown clears set-id bits; give one back to see it kept. */
	cr_assert_eq(chmod(t[2].path, 02755), 0);
	for (i = 0; i < 3; i++)
		snap(&t[i]);
	cr_assert_eq(apply_in_place(root, set), 0);
	for (i = 0; i < 3; i++)
		written(&t[i]);
	done(t, set);
}

Test(apply, refuses_a_read_only_file, .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	size_t i;

	cr_assert_eq(chmod(t[0].path, 0444), 0);
	snap(&t[0]);
	cr_assert_eq(apply_in_place(root, set), EACCES);
	for (i = 0; i < 3; i++)
		untouched(&t[i]);
	cr_assert_eq(leftovers(), 0);
	done(t, set);
}

/* On the first rename, another process appends to meddle_path. */
static int
appending_rename(const char *a, const char *b)
{
	FILE *f;

	if (meddle_path != NULL) {
		f = fopen(meddle_path, "ab");
		fputs("/* late */\n", f);
		fclose(f);
		meddle_path = NULL;
	}
	return (rename(a, b));
}

Test(apply, a_file_changed_before_its_turn_stops_the_group,
    .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	char *data, *want;

	/* a.c is replaced first; c.sh changes while that happens. */
	meddle_path = t[2].path;
	apply_sys.rename = appending_rename;
	cr_assert_eq(apply_in_place(root, set), ESTALE);
	untouched(&t[0]);
	untouched(&t[1]);
	want = xasprintf("%s/* late */\n", t[2].before);
	data = contents(t[2].path);
	cr_assert_str_eq(data, want);
	cr_assert_eq(leftovers(), 0);
	free(data);
	free(want);
	done(t, set);
}

/* A writer that has a.c open writes to it just after it is replaced. */
static int
writer_rename(const char *a, const char *b)
{
	int fd = -1, r;

	if (meddle_path != NULL && strcmp(b, meddle_path) == 0)
		fd = open(b, O_WRONLY | O_APPEND);
	r = rename(a, b);
	if (fd >= 0) {
		cr_assert_eq(write(fd, "/* late */\n", 11), 11);
		close(fd);
		meddle_path = NULL;
	}
	return (r);
}

Test(apply, a_write_to_the_old_file_after_its_rename_is_not_lost,
    .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	char *data, *want;

	meddle_path = t[0].path;
	apply_sys.rename = writer_rename;
	cr_assert_eq(apply_in_place(root, set), ESTALE);
	/* The original, with what the writer added, is back in place. */
	want = xasprintf("%s/* late */\n", t[0].before);
	data = contents(t[0].path);
	cr_assert_str_eq(data, want);
	untouched(&t[1]);
	untouched(&t[2]);
	cr_assert_eq(leftovers(), 0);
	free(data);
	free(want);
	done(t, set);
}

/*
 * SIGKILL at every call apply_in_place makes through apply_sys, in a
 * child: after journal_recover() each file is wholly old or wholly new,
 * all of them alike, and nothing of the run is left.
 */
static unsigned kill_at;

static void
maybe_die(void)
{
	if (++ncalls == kill_at)
		raise(SIGKILL);
}

static ssize_t
dying_write(int fd, const void *p, size_t n)
{
	maybe_die();
	return (write(fd, p, n));
}

static int
dying_fsync(int fd)
{
	maybe_die();
	return (fsync(fd));
}

static int
dying_link(const char *a, const char *b)
{
	maybe_die();
	return (link(a, b));
}

static int
dying_rename(const char *a, const char *b)
{
	maybe_die();
	return (rename(a, b));
}

/* 0: every file old; 1: every file new; -1: a mix. */
static int
state_of(struct tf t[3])
{
	int old = 0, new = 0;
	char *data;
	size_t i;

	for (i = 0; i < 3; i++) {
		data = contents(t[i].path);
		old += strcmp(data, t[i].before) == 0;
		new += strcmp(data, t[i].after) == 0;
		free(data);
	}
	return (old == 3 ? 0 : new == 3 ? 1 : -1);
}

Test(apply, a_kill_at_any_point_is_recovered, .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set;
	unsigned total, k, nold = 0, nnew = 0;
	bool recovered;
	pid_t pid;
	int status;

	apply_sys.write = dying_write;
	apply_sys.fsync = dying_fsync;
	apply_sys.link = dying_link;
	apply_sys.rename = dying_rename;
	kill_at = 0;
	ncalls = 0;
	set = three(t);
	cr_assert_eq(apply_in_place(root, set), 0);
	total = ncalls;
	done(t, set);
	cr_assert_gt(total, 6);
	for (k = 1; k <= total + 1; k++) {
		set = three(t);
		fflush(NULL);
		pid = fork();
		cr_assert_neq(pid, -1);
		if (pid == 0) {
			ncalls = 0;
			kill_at = k;
			_exit(apply_in_place(root, set) == 0 ? 0 : 1);
		}
		cr_assert_eq(waitpid(pid, &status, 0), pid);
		cr_assert(k > total
			? WIFEXITED(status)
			: WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		    "kill at call %u of %u", k, total);
		cr_assert_eq(journal_recover(root, &recovered), 0);
		switch (state_of(t)) {
		case 0:
			nold++;
			break;
		case 1:
			nnew++;
			break;
		default:
			cr_assert_fail("a kill at call %u of %u left a mix", k,
			    total);
		}
		cr_assert_eq(leftovers(), 0, "kill at call %u", k);
		done(t, set);
	}
	/* Both outcomes happen: kills before and after the commit. */
	cr_assert_gt(nold, 0);
	cr_assert_gt(nnew, 0);
}

/* A journal is a file anyone can write; recovery must not obey one. */
static void
journal_says(const char *text)
{
	char *j = path_join(root, JOURNAL_NAME);

	cr_assert_eq(write_file(j, text, strlen(text)), 0);
	free(j);
}

Test(apply, a_journal_naming_a_file_outside_the_root_is_refused,
    .init = cr_redirect_stderr)
{
	char *out = tmptree_new("outside"), *victim, *tmp, *bak, *text;
	char *data;
	bool recovered;

	victim = put(out, "victim", "precious\n", 0644);
	tmp = put(out, ".victim.vnetify-aaaa", "attacker\n", 0644);
	bak = xasprintf("%s.orig", tmp);
	cr_assert_eq(link(victim, bak), 0);
	/* By "..", and by naming the file where it is. */
	text = xasprintf("vnetify journal 1\npid 1\nfile\t%s/../%s/victim\t"
			 "%s/../%s/.victim.vnetify-aaaa\t%s/../%s/.victim."
			 "vnetify-aaaa.orig\ncommit\n",
	    root, strrchr(out, '/') + 1, root, strrchr(out, '/') + 1, root,
	    strrchr(out, '/') + 1);
	journal_says(text);
	cr_assert_eq(journal_recover(root, &recovered), EINVAL);
	free(text);
	text = xasprintf("vnetify journal 1\npid 1\nfile\t%s\t%s\t%s\n"
			 "commit\n",
	    victim, tmp, bak);
	journal_says(text);
	cr_assert_eq(journal_recover(root, &recovered), EINVAL);
	cr_assert(!recovered);
	data = contents(victim);
	cr_assert_str_eq(data, "precious\n");
	free(data);
	free(text);
	free(victim);
	free(tmp);
	free(bak);
	tmptree_remove(out);
}

Test(apply, a_journal_that_is_not_a_regular_file_is_refused,
    .init = cr_redirect_stderr)
{
	char *j = path_join(root, JOURNAL_NAME);
	bool recovered;

	/* Neither waits for a writer nor reads without end. */
	cr_assert_eq(mkfifo(j, 0644), 0);
	cr_assert_neq(journal_recover(root, &recovered), 0);
	cr_assert_eq(unlink(j), 0);
	cr_assert_eq(symlink("/dev/zero", j), 0);
	cr_assert_neq(journal_recover(root, &recovered), 0);
	cr_assert(!recovered);
	free(j);
}

Test(apply, a_kill_while_cleaning_up_an_abort_leaves_no_second_link,
    .init = cr_redirect_stderr)
{
	struct tf t[3];
	struct edit_set *set = three(t);
	char *tmp, *bak, *text;
	struct stat st;
	bool recovered;

	/*
	 * The group gave up before a.c was replaced, and the kill came
	 * after its temporary file was removed, before its backup was.
	 */
	tmp = xasprintf("%s/.a.c.vnetify-zzzz", root);
	bak = xasprintf("%s.orig", tmp);
	cr_assert_eq(link(t[0].path, bak), 0);
	text = xasprintf("vnetify journal 1\npid 1\nfile\t%s\t%s\t%s\n"
			 "commit\nabort\n",
	    t[0].path, tmp, bak);
	journal_says(text);
	cr_assert_eq(journal_recover(root, &recovered), 0);
	cr_assert_eq(stat(t[0].path, &st), 0);
	cr_assert_eq(st.st_nlink, 1);
	untouched(&t[0]);
	cr_assert_eq(leftovers(), 0);
	free(tmp);
	free(bak);
	free(text);
	done(t, set);
}
