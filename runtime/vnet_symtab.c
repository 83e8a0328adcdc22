/*
 * vnet_symtab.c: introspection.
 *
 * libkvm lets netstat read a virtualized variable of a chosen vnet by
 * looking up the vnet_entry_<name> symbol and rebasing it.  The same is
 * done here from the module's own ELF symbol table, read from its file on
 * the first lookup: static definitions are found too, which dlsym() would
 * miss.  A stripped module has no such table; lookups then fail with
 * ENOENT and nothing else is affected.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vnet_impl.h"

struct vnet_sym {
	char *s_name; /* without the vnet_entry_ prefix */
	uintptr_t s_master;
	size_t s_size;
};

struct vnet_symtab {
	size_t st_n;
	struct vnet_sym *st_sym;
};

static pthread_mutex_t vnet_symtab_lock = PTHREAD_MUTEX_INITIALIZER;

static void *
read_at(int fd, off_t off, size_t len)
{
	char *buf = malloc(len ? len : 1);
	size_t done = 0;
	ssize_t n;

	if (buf == NULL)
		return (NULL);
	while (done < len) {
		n = pread(fd, buf + done, len - done, off + (off_t)done);
		if (n <= 0) {
			free(buf);
			return (NULL);
		}
		done += (size_t)n;
	}
	return (buf);
}

/* The section headers of an ELF file of this machine's class. */
static ElfW(Shdr) * read_shdrs(int fd, ElfW(Ehdr) * eh)
{
	if (pread(fd, eh, sizeof(*eh), 0) != (ssize_t)sizeof(*eh))
		return (NULL);
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] !=
		(sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32) ||
	    eh->e_shentsize != sizeof(ElfW(Shdr)) || eh->e_shnum == 0)
		return (NULL);
	return (read_at(fd, (off_t)eh->e_shoff,
	    (size_t)eh->e_shnum * sizeof(ElfW(Shdr))));
}

size_t
vnet_elf_section_align(const char *path, uintptr_t loadbase, uintptr_t addr)
{
	ElfW(Shdr) * sh;
	ElfW(Ehdr) eh;
	size_t i, align = 0;
	int fd;

	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return (0);
	sh = read_shdrs(fd, &eh);
	for (i = 0; sh != NULL && i < eh.e_shnum; i++)
		if ((sh[i].sh_flags & SHF_ALLOC) &&
		    sh[i].sh_addr + loadbase == addr && sh[i].sh_size > 0)
			align = sh[i].sh_addralign;
	free(sh);
	close(fd);
	return (align);
}

static int
sym_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct vnet_sym *)a)->s_name,
	    ((const struct vnet_sym *)b)->s_name));
}

static struct vnet_symtab *
symtab_read(const struct vnet_mod *m)
{
	const size_t plen = sizeof(VNET_SYMPREFIX) - 1;
	struct vnet_symtab *st = NULL;
	ElfW(Shdr) * sh, *symsh = NULL;
	ElfW(Sym) *syms = NULL;
	char *strs = NULL;
	ElfW(Ehdr) eh;
	uintptr_t a;
	size_t i, n;
	int fd;

	if ((fd = open(m->m_path, O_RDONLY | O_CLOEXEC)) < 0)
		return (NULL);
	sh = read_shdrs(fd, &eh);
	for (i = 0; sh != NULL && i < eh.e_shnum; i++)
		if (sh[i].sh_type == SHT_SYMTAB ||
		    (sh[i].sh_type == SHT_DYNSYM && symsh == NULL))
			symsh = &sh[i];
	if (symsh == NULL || symsh->sh_link >= eh.e_shnum)
		goto out;
	syms = read_at(fd, (off_t)symsh->sh_offset, symsh->sh_size);
	strs = read_at(fd, (off_t)sh[symsh->sh_link].sh_offset,
	    sh[symsh->sh_link].sh_size);
	st = calloc(1, sizeof(*st));
	if (syms == NULL || strs == NULL || st == NULL)
		goto out;
	n = symsh->sh_size / sizeof(ElfW(Sym));
	st->st_sym = calloc(n ? n : 1, sizeof(*st->st_sym));
	if (st->st_sym == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		if (syms[i].st_name >= sh[symsh->sh_link].sh_size ||
		    syms[i].st_shndx == SHN_UNDEF ||
		    strncmp(strs + syms[i].st_name, VNET_SYMPREFIX, plen) != 0)
			continue;
		a = syms[i].st_value + m->m_loadbase;
		if (a - m->m_start >= m->m_size)
			continue;
		st->st_sym[st->st_n].s_name =
		    strdup(strs + syms[i].st_name + plen);
		st->st_sym[st->st_n].s_master = a;
		st->st_sym[st->st_n].s_size = syms[i].st_size;
		if (st->st_sym[st->st_n].s_name != NULL)
			st->st_n++;
	}
	qsort(st->st_sym, st->st_n, sizeof(*st->st_sym), sym_cmp);
	free(sh);
	free(syms);
	free(strs);
	close(fd);
	return (st);
out:
	vnet_symtab_free(st);
	free(sh);
	free(syms);
	free(strs);
	close(fd);
	return (NULL);
}

void
vnet_symtab_free(struct vnet_symtab *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->st_n; i++)
		free(st->st_sym[i].s_name);
	free(st->st_sym);
	free(st);
}

int
vnet_symtab_load(struct vnet_mod *m)
{
	int error = 0;

	pthread_mutex_lock(&vnet_symtab_lock);
	if (m->m_symtab == NULL && m->m_size > 0) {
		m->m_symtab = symtab_read(m);
		if (m->m_symtab == NULL)
			error = ENOENT;
	}
	pthread_mutex_unlock(&vnet_symtab_lock);
	return (error);
}

int
vnet_symtab_find(const struct vnet_mod *m, const char *name, uintptr_t *masterp,
    size_t *sizep)
{
	struct vnet_sym key = {(char *)(uintptr_t)name, 0, 0}, *s;

	if (m->m_symtab == NULL)
		return (ENOENT);
	s = bsearch(&key, m->m_symtab->st_sym, m->m_symtab->st_n, sizeof(*s),
	    sym_cmp);
	if (s == NULL)
		return (ENOENT);
	*masterp = s->s_master;
	*sizep = s->s_size;
	return (0);
}

int
vnet_symbol_lookup(struct vnet *vnet, const char *name, void **addrp,
    size_t *sizep)
{
	uintptr_t master = 0;
	size_t i, size = 0;
	int error = ENOENT;

	if (vnet == NULL || vnet->vnet_magic_n != VNET_MAGIC_N ||
	    name == NULL || addrp == NULL)
		return (EINVAL);
	pthread_rwlock_rdlock(&vnet_sysinit_lock);
	for (i = 0; i < vnet_nmods && error != 0; i++) {
		(void)vnet_symtab_load(vnet_mods[i]);
		error = vnet_symtab_find(vnet_mods[i], name, &master, &size);
	}
	/* Rebased under the lock: the module may be unloaded right after. */
	if (error == 0)
		*addrp = vnet_addr_slow(master, vnet->vnet_id);
	pthread_rwlock_unlock(&vnet_sysinit_lock);
	if (error != 0)
		return (error);
	if (sizep != NULL)
		*sizep = size;
	return (0);
}

int
vnet_symbol_foreach(int (*fn)(const char *, uintptr_t, size_t, void *),
    void *arg)
{
	const struct vnet_symtab *st;
	size_t i, j;
	int rc = 0;

	if (fn == NULL)
		return (EINVAL);
	pthread_rwlock_rdlock(&vnet_sysinit_lock);
	for (i = 0; i < vnet_nmods && rc == 0; i++) {
		(void)vnet_symtab_load(vnet_mods[i]);
		st = vnet_mods[i]->m_symtab;
		for (j = 0; st != NULL && j < st->st_n && rc == 0; j++)
			rc = fn(st->st_sym[j].s_name, st->st_sym[j].s_master,
			    st->st_sym[j].s_size, arg);
	}
	pthread_rwlock_unlock(&vnet_sysinit_lock);
	return (rc);
}

/*
 * Fill out[] with the entries of p (as kind pkind) and v (as vkind) in the
 * order they run, which vnet_si_merge_next() alone decides.
 */
static size_t
si_merge(const struct vnet_si_list *p, int pkind, const struct vnet_si_list *v,
    int vkind, struct vnet_sysinit_info *out)
{
	struct vnet_si_merge sm;
	const struct sysinit *si;
	size_t n = 0;
	bool plain;

	vnet_si_merge_init(&sm, p, v);
	while ((si = vnet_si_merge_next(&sm, &plain)) != NULL)
		out[n++] = (struct vnet_sysinit_info){plain ? pkind : vkind,
		    si->si_subsystem, si->si_order, si->si_name, si->si_file,
		    si->si_line};
	return (n);
}

/*
 * Constructors in the order they run when the program starts (plain and
 * per-instance merged), then destructors in the order they run.
 */
int
vnet_sysinit_foreach(int (*fn)(const struct vnet_sysinit_info *, void *),
    void *arg)
{
	struct vnet_sysinit_info *info;
	size_t ni, nu, i;
	int rc = 0;

	if (fn == NULL)
		return (EINVAL);
	pthread_rwlock_rdlock(&vnet_sysinit_lock);
	ni = vnet_si[SI_KIND_PLAIN_INIT].l_n + vnet_si[SI_KIND_VNET_INIT].l_n;
	nu = vnet_si[SI_KIND_PLAIN_UNINIT].l_n +
	    vnet_si[SI_KIND_VNET_UNINIT].l_n;
	info = calloc(ni + nu + 1, sizeof(*info));
	if (info != NULL) {
		si_merge(&vnet_si[SI_KIND_PLAIN_INIT], 0,
		    &vnet_si[SI_KIND_VNET_INIT], 1, info);
		si_merge(&vnet_si[SI_KIND_PLAIN_UNINIT], 2,
		    &vnet_si[SI_KIND_VNET_UNINIT], 3, info + ni);
	}
	/*
	 * The names live in the modules: copy them while no module can go,
	 * so that the callbacks run unlocked and may do anything.
	 */
	for (i = 0; info != NULL && i < ni + nu; i++) {
		info[i].name = strdup(info[i].name);
		info[i].file = strdup(info[i].file);
		if (info[i].name == NULL || info[i].file == NULL)
			rc = ENOMEM;
	}
	pthread_rwlock_unlock(&vnet_sysinit_lock);
	if (info == NULL)
		return (ENOMEM);
	for (i = 0; i < ni && rc == 0; i++)
		rc = fn(&info[i], arg);
	for (i = ni + nu; i-- > ni && rc == 0;)
		rc = fn(&info[i], arg);
	for (i = 0; i < ni + nu; i++) {
		free((char *)(uintptr_t)info[i].name);
		free((char *)(uintptr_t)info[i].file);
	}
	free(info);
	return (rc);
}

static int
dump_si(const struct vnet_sysinit_info *si, void *arg)
{
	static const char *const kinds[] = {"SYSINIT", "VNET_SYSINIT",
	    "SYSUNINIT", "VNET_SYSUNINIT"};

	fprintf(arg, "  %-14s %#09x %#09x %s (%s:%d)\n", kinds[si->kind],
	    si->subsystem, si->order, si->name, si->file, si->line);
	return (0);
}

void
vnet_dump(void *stdio_file)
{
	FILE *f = stdio_file;
	struct vnet_impl *vi;
	size_t i;

	pthread_rwlock_rdlock(&vnet_sysinit_lock);
	fprintf(f, "modules:\n");
	for (i = 0; i < vnet_nmods; i++)
		fprintf(f, "  %s%s: %zu bytes of vnet data, aligned %zu\n",
		    vnet_mods[i]->m_path,
		    vnet_mods[i]->m_primary ? " (executable)" : "",
		    vnet_mods[i]->m_size, vnet_mods[i]->m_align);
	pthread_rwlock_rdlock(&vnet_list_lock);
	fprintf(f, "instances:\n");
	TAILQ_FOREACH(vi, &vnet_list, vi_link)
		fprintf(f, "  %u %s\n", vi->vi_pub.vnet_id, vi->vi_name);
	pthread_rwlock_unlock(&vnet_list_lock);
	pthread_rwlock_unlock(&vnet_sysinit_lock);
	fprintf(f, "constructor order:\n");
	vnet_sysinit_foreach(dump_si, f);
}
