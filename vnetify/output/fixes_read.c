/*
 * fixes_read.c: see fixes.h.
 *
 * libyaml reads the document.  It takes only Unicode, and a change
 * description holds the bytes of the files it edits, which in legacy code
 * are often Latin-1; so the text goes to libyaml with every byte that is
 * not part of valid UTF-8 carried as a code point of its own in plane
 * 16's private use area (U+10FF80 to U+10FFFF for bytes 0x80 to 0xff),
 * and the scalars come back with those code points turned into their
 * bytes again.  A real U+10FF80..U+10FFFF in the text is carried byte by
 * byte the same way, so every input comes back exactly.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "output/fixes.h"
#include "support/diag.h"
#include "support/util.h"

#define CARRY_BASE 0x10ff00u

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t
utf8_len(const unsigned char *p, size_t n, uint32_t *cp)
{
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	size_t k, i;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return (1);
	}
	if (p[0] < 0xc2 || p[0] > 0xf4)
		return (0);
	k = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (n < k)
		return (0);
	c = p[0] & (0x7f >> k);
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return (0);
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min[k] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (0);
	*cp = c;
	return (k);
}

static void
put_carried(struct strbuf *sb, unsigned char byte)
{
	uint32_t c = CARRY_BASE + byte;

	sb_addc(sb, (char)(0xf0 | (c >> 18)));
	sb_addc(sb, (char)(0x80 | ((c >> 12) & 0x3f)));
	sb_addc(sb, (char)(0x80 | ((c >> 6) & 0x3f)));
	sb_addc(sb, (char)(0x80 | (c & 0x3f)));
}

/* The text as libyaml can take it. */
static void
carry_in(const char *s, size_t n, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k, j;
	uint32_t cp;

	while (i < n) {
		k = utf8_len(p + i, n - i, &cp);
		if (k > 0 && cp < CARRY_BASE + 0x80) {
			sb_add(out, s + i, k);
			i += k;
			continue;
		}
		if (k == 0)
			k = 1;
		for (j = 0; j < k; j++)
			put_carried(out, p[i + j]);
		i += k;
	}
}

/* A scalar as the file had it: carried bytes back to bytes. */
static char *
carry_out(const unsigned char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = utf8_len(s + i, n - i, &cp);
		if (k == 4 && cp >= CARRY_BASE + 0x80) {
			sb_addc(&sb, (char)(cp - CARRY_BASE));
		} else {
			if (k == 0)
				k = 1;
			sb_add(&sb, (const char *)s + i, k);
		}
		i += k;
	}
	return (sb_detach(&sb));
}

enum field { F_PATH, F_OFFSET, F_LENGTH, F_TEXT, NFIELDS };
static const char *const field_names[NFIELDS] = {"FilePath", "Offset", "Length",
    "ReplacementText"};

/* One open mapping or sequence. */
struct frame {
	bool map;
	bool want_key; /* a mapping's next scalar is a key */
	int key;       /* the field the next value is, or -1 */
	char *v[NFIELDS];
	unsigned line, col;
};

static void
frame_clear(struct frame *f)
{
	int i;

	for (i = 0; i < NFIELDS; i++) {
		free(f->v[i]);
		f->v[i] = NULL;
	}
}

/* A decimal without sign or junk, as a size_t. */
static bool
read_size(const char *s, size_t *out)
{
	size_t v = 0;

	if (*s == '\0')
		return (false);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (SIZE_MAX - 9) / 10)
			return (false);
		v = v * 10 + (size_t)(*s - '0');
	}
	*out = v;
	return (true);
}

/* A finished mapping: a replacement if it has the four fields. */
static bool
close_map(const char *yaml, struct frame *f, fixes_read_fn cb, void *arg)
{
	struct fix_replacement r;
	int have = 0, i;

	for (i = 0; i < NFIELDS; i++)
		have += f->v[i] != NULL;
	if (have == 0)
		return (true);
	/* A diagnostic's own FilePath comes with no offset of its kind. */
	if (have == 1 && f->v[F_PATH] != NULL)
		return (true);
	for (i = 0; i < NFIELDS; i++)
		if (f->v[i] == NULL && i != F_TEXT) {
			diag_error(yaml, f->line, f->col,
			    "a replacement without %s; each needs FilePath, "
			    "Offset, Length and ReplacementText",
			    field_names[i]);
			return (false);
		}
	r.file = f->v[F_PATH];
	r.text = f->v[F_TEXT] != NULL ? f->v[F_TEXT] : "";
	r.line = f->line;
	r.col = f->col;
	if (!read_size(f->v[F_OFFSET], &r.off) ||
	    !read_size(f->v[F_LENGTH], &r.len)) {
		diag_error(yaml, f->line, f->col,
		    "Offset and Length must be byte counts (got \"%s\" and "
		    "\"%s\")",
		    f->v[F_OFFSET], f->v[F_LENGTH]);
		return (false);
	}
	cb(&r, arg);
	return (true);
}

int
fixes_read_yaml(const char *yaml, const char *data, size_t len,
    fixes_read_fn cb, void *arg)
{
	struct strbuf in = STRBUF_INIT;
	VEC(struct frame) st = {0};
	yaml_parser_t parser;
	yaml_event_t ev;
	struct frame *top, fr;
	bool done = false, ok = true;
	size_t i;

	carry_in(data, len, &in);
	if (!yaml_parser_initialize(&parser))
		fatal("out of memory");
	yaml_parser_set_input_string(&parser,
	    (const unsigned char *)sb_str(&in), in.len);
	while (ok && !done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			diag_error(yaml, (unsigned)parser.problem_mark.line + 1,
			    (unsigned)parser.problem_mark.column + 1,
			    "not YAML: %s; give the files clang-tidy or "
			    "vnetify --export-fixes wrote",
			    parser.problem != NULL ? parser.problem : "?");
			ok = false;
			break;
		}
		top = st.n > 0 ? &st.v[st.n - 1] : NULL;
		switch (ev.type) {
		case YAML_ALIAS_EVENT:
			diag_error(yaml, (unsigned)ev.start_mark.line + 1,
			    (unsigned)ev.start_mark.column + 1,
			    "an alias; change descriptions have none");
			ok = false;
			break;
		case YAML_SCALAR_EVENT:
			if (top == NULL || !top->map)
				break;
			if (top->want_key) {
				char *k = carry_out(ev.data.scalar.value,
				    ev.data.scalar.length);

				top->key = -1;
				for (i = 0; i < NFIELDS; i++)
					if (strcmp(k, field_names[i]) == 0)
						top->key = (int)i;
				free(k);
				top->want_key = false;
				break;
			}
			if (top->key >= 0) {
				free(top->v[top->key]);
				top->v[top->key] =
				    carry_out(ev.data.scalar.value,
					ev.data.scalar.length);
			}
			top->want_key = true;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (top != NULL && top->map)
				top->want_key = true;
			memset(&fr, 0, sizeof(fr));
			fr.map = ev.type == YAML_MAPPING_START_EVENT;
			fr.want_key = true;
			fr.key = -1;
			fr.line = (unsigned)ev.start_mark.line + 1;
			fr.col = (unsigned)ev.start_mark.column + 1;
			VEC_PUSH(&st, fr);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			if (top->map)
				ok = close_map(yaml, top, cb, arg);
			frame_clear(top);
			st.n--;
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	for (i = 0; i < st.n; i++)
		frame_clear(&st.v[i]);
	VEC_FREE(&st);
	yaml_parser_delete(&parser);
	sb_free(&in);
	return (ok ? 0 : -1);
}
