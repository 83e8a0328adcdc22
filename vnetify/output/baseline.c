/*
 * baseline.c: --baseline FILE, the JSON report of an earlier run.  A
 * review item it has (the same file, kind and reason; not the same line,
 * which moves as the code does) is no news: it stays in the report,
 * marked, and does not count for the exit status, so that in CI exit 1
 * means a new item.
 */
#include <errno.h>
#include <string.h>

#include "output/report.h"
#include "support/diag.h"
#include "support/json_parse.h"

static char *
key_of(const char *file, const char *kind, const char *reason)
{
	return (xasprintf("%s\n%s\n%s", file, kind, reason));
}

int
report_apply_baseline(struct plan *p, const char *path)
{
	const struct jnode *reviews, *r, *place;
	struct hmap seen = {0};
	struct jnode *root;
	char *data, *err = NULL, *key;
	struct review *rv;
	size_t len, i;
	unsigned eline = 0, ecol = 0;
	void **slot;
	int error;

	if ((error = read_file(path, &data, &len)) != 0) {
		diag_error(path, 0, 0, "cannot read the baseline: %s",
		    strerror(error));
		return (-1);
	}
	root = json_parse(data, len, &err, &eline, &ecol);
	free(data);
	reviews = json_member(root, "reviews");
	if (root == NULL || reviews == NULL || reviews->kind != J_ARR) {
		diag_error(path, root == NULL ? eline : 0,
		    root == NULL ? ecol : 0,
		    "not a vnetify JSON report (%s); write one with "
		    "--report FILE.json",
		    err != NULL ? err : "no \"reviews\" list");
		free(err);
		json_free(root);
		return (-1);
	}
	for (i = 0; i < reviews->items.n; i++) {
		r = reviews->items.v[i];
		place = json_member(r, "place");
		if (json_member_str(place, "file") == NULL ||
		    json_member_str(r, "kind") == NULL ||
		    json_member_str(r, "reason") == NULL)
			continue;
		key = key_of(json_member_str(place, "file"),
		    json_member_str(r, "kind"), json_member_str(r, "reason"));
		slot = hmap_put(&seen, key, NULL);
		*slot = (void *)((uintptr_t)*slot + 1);
		free(key);
	}
	json_free(root);
	for (i = 0; i < p->reviews.n; i++) {
		rv = &p->reviews.v[i];
		if (rv->state != REVIEW_OPEN || rv->file == NULL)
			continue;
		key = key_of(rv->file->rel != NULL ? rv->file->rel
						   : rv->file->path,
		    review_kind_name(rv->kind), rv->reason);
		slot = (void **)hmap_get(&seen, key) != NULL
		    ? hmap_put(&seen, key, NULL)
		    : NULL;
		if (slot != NULL && (uintptr_t)*slot > 0) {
			*slot = (void *)((uintptr_t)*slot - 1);
			rv->state = REVIEW_BASELINE;
		}
		free(key);
	}
	hmap_free(&seen, NULL);
	return (0);
}
