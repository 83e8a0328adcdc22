/*
 * help.c: "vnetify --help", "vnetify help CMD" and "vnetify CMD --help".
 * The text is kept in parts, so that each command shows the options it
 * takes and no other.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char overview[] =
    "usage: vnetify COMMAND [options] [files...] [-- compiler flags]\n"
    "\n"
    "Virtualize the global state of a C code base, FreeBSD VIMAGE style.\n"
    "\n"
    "  scan      list every mutable variable with static storage, or\n"
    "            (--entries) the functions that reach them with no vnet\n"
    "  rewrite   convert the selected ones to VNET_DEFINE / V_x, and give\n"
    "            entry points, timers and module inits their vnet\n"
    "  lint      check a virtualized tree: bare uses of VNET variables,\n"
    "            state reached with no vnet set, CURVNET_SET and\n"
    "            CURVNET_RESTORE that do not pair, addresses of per-vnet\n"
    "            state kept in shared storage\n"
    "  apply-fixes DIR...\n"
    "            merge the --export-fixes files of several runs (shards)\n"
    "            and apply them, all or none\n"
    "  recover   finish or undo a rewrite a kill or crash interrupted\n"
    "            (every command does this first)\n"
    "  parse     only parse the files (a baseline for benchmarks)\n"
    "  help CMD  the options of one command\n";

static const char input[] =
    "Input:\n"
    "  -p DIR               read DIR/compile_commands.json; without files,\n"
    "                       take every file it lists\n"
    "  -- FLAGS             without -p: compile the named files with FLAGS;\n"
    "                       with -p: add FLAGS to each file's command\n"
    "  --extra-arg=FLAG     add FLAG after each command's own flags\n"
    "  --extra-arg-before=FLAG\n"
    "                       add FLAG before them\n"
    "  --root DIR           paths are shown relative to DIR, and only files\n"
    "                       under it are edited in place (-i, --fix;\n"
    "                       default: .); -o, --report, --export-fixes and\n"
    "                       --emit-rules go where they are named, and may\n"
    "                       not name a file the run reads\n"
    "  --shard K/N          take the K-th of N shares of the units (1-based,\n"
    "                       the same share on every machine)\n"
    "  -j N                 parse N translation units at once (default:\n"
    "                       all cores)\n"
    "  --force              go on past translation units that do not "
    "compile\n"
    "  --tu-timeout=SECONDS stop a parse that takes longer (default: 300;\n"
    "                       0: no limit); it is its unit's error\n"
    "  --memory-limit=MB    stop the parses when the worker that runs them\n"
    "                       holds more (default: half the memory; 0: none)\n"
    "  --color=auto|always|never\n"
    "                       colour diagnostics and patches (auto: on a\n"
    "                       terminal, unless NO_COLOR is set)\n";

static const char selection[] =
    "Selection:\n"
    "  --rules FILE         a rules file (rules/REFERENCE.md)\n"
    "  --var NAME           virtualize NAME (a name or glob); repeatable\n"
    "  --vars-file FILE     one name per line\n";

static const char scan_opts[] =
    "scan output:\n"
    "  --format tsv|json    (default: tsv), to stdout or -o FILE\n"
    "  -o FILE              write it to FILE\n"
    "  --emit-rules FILE    write a starter rules file selecting them all\n"
    "  --entries            list instead the functions entered from outside\n"
    "                       the code's own calls (stored in a struct,\n"
    "                       passed to a registration call, external and\n"
    "                       never called) that reach virtualized state and\n"
    "                       set no vnet, with a call path as evidence;\n"
    "                       --emit-rules then writes them as entry-points\n";

static const char rewrite_opts[] =
    "rewrite output (default: a unified diff on stdout):\n"
    "  -o FILE              write the diff to FILE\n"
    "  -i                   edit the files in place, all or none\n"
    "  --export-fixes FILE  clang-apply-replacements YAML (with -o: both)\n"
    "  --report FILE        report for reviewers (FILE.json: for tools;\n"
    "                       DIR/ or FILE.html: static HTML pages, an index\n"
    "                       and the patch of each file with its items)\n"
    "  --baseline FILE      the JSON report of an earlier run: its review\n"
    "                       items do not count again\n"
    "  -q                   do not print review items on stderr\n"
    "  --verify             parse what would be written, in every\n"
    "                       configuration, without and with VIMAGE, and\n"
    "                       write nothing if it does not compile (the\n"
    "                       default)\n"
    "  --no-verify          skip that\n"
    "A review item acknowledged with a \"vnetify: reviewed\" comment on its\n"
    "line is not reported again.\n";

static const char lint_opts[] =
    "lint output (default: diagnostics with fix-its on stdout):\n"
    "  --format text|json|sarif\n"
    "  -o FILE              write it to FILE\n"
    "  --fix                apply the fix-its in place, all or none\n"
    "  --diff-base REV      only findings on lines changed since REV (git)\n"
    "  --enable RULE, --disable RULE\n"
    "                       turn a rule on or off (vnet-unvirtualized is\n"
    "                       off unless turned on)\n"
    "A finding with a \"vnetify: reviewed\" comment on its line is not\n"
    "reported.\n";

static const char apply_fixes_usage[] =
    "usage: vnetify apply-fixes [--root DIR] [-q] DIR|FILE...\n"
    "\n"
    "Reads every *.yaml under each DIR (and each FILE) that vnetify rewrite\n"
    "--export-fixes (or clang-tidy) wrote, applies the same replacement\n"
    "once however many files hold it, and writes every file or none.  It\n"
    "applies them as written, where clang-apply-replacements before LLVM\n"
    "22 also cleans up the lines it changes and deletes the comma of an\n"
    "empty macro argument (\"LIST_HEAD(, foo)\").\n"
    "\n"
    "  --root DIR           only files under DIR may be edited (default: .)\n"
    "  -q                   no summary line\n"
    "\n"
    "Exit status: 0 applied; 2 nothing applied: a description that cannot\n"
    "be read, a fix outside the root or past the end of its file, or two\n"
    "fixes that conflict.\n";

static const char recover_usage[] =
    "usage: vnetify recover [--root DIR]\n"
    "\n"
    "A rewrite in place (-i, lint --fix, apply-fixes) keeps a journal,\n"
    "DIR/.vnetify-journal, while it replaces files.  If the run was killed\n"
    "or the machine stopped, this finishes the rewrite when it had already\n"
    "written every new file, or else undoes it, so that every file is\n"
    "wholly old or wholly new, and removes the temporary files.  Every\n"
    "other command does the same before it reads the tree.\n"
    "\n"
    "Exit status: 0 nothing to do, or recovered; 2 not recovered (the\n"
    "message says why), or another run is writing the tree now.\n";

static const char exit_rewrite[] =
    "Exit status: 0 done, nothing to review; 1 done, with review items;\n"
    "2 usage or rules error; 3 a translation unit does not compile.\n";
static const char exit_lint[] =
    "Exit status: 0 clean; 1 findings; 2 usage or rules error; 3 a\n"
    "translation unit does not compile.\n";

bool
help_known(const char *cmd)
{
	return (cmd == NULL || strcmp(cmd, "scan") == 0 ||
	    strcmp(cmd, "rewrite") == 0 || strcmp(cmd, "lint") == 0 ||
	    strcmp(cmd, "parse") == 0 || strcmp(cmd, "apply-fixes") == 0 ||
	    strcmp(cmd, "recover") == 0);
}

void
help_print(FILE *out, const char *cmd)
{
	if (cmd == NULL) {
		fprintf(out, "%s\n%s%s%s%s%s\n  --help, --version\n\n%s",
		    overview, input, selection, rewrite_opts, scan_opts,
		    lint_opts, exit_rewrite);
		return;
	}
	if (strcmp(cmd, "apply-fixes") == 0) {
		fputs(apply_fixes_usage, out);
		return;
	}
	if (strcmp(cmd, "recover") == 0) {
		fputs(recover_usage, out);
		return;
	}
	fprintf(out,
	    "usage: vnetify %s [options] [files...] [-- compiler "
	    "flags]\n\n%s%s",
	    cmd, input, strcmp(cmd, "parse") == 0 ? "" : selection);
	if (strcmp(cmd, "scan") == 0)
		fprintf(out, "%s\n%s", scan_opts, exit_rewrite);
	else if (strcmp(cmd, "rewrite") == 0)
		fprintf(out, "%s\n%s", rewrite_opts, exit_rewrite);
	else if (strcmp(cmd, "lint") == 0)
		fprintf(out, "%s\n%s", lint_opts, exit_lint);
	else
		fprintf(out, "\nExit status: 0 every unit parsed, 1 not.\n");
}
