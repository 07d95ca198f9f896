/* cli.c: what the subcommands share. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/store.h"

bool
yj_cli_common(int opt, const char *arg)
{
    switch (opt) {
    case 'D':
        yj_config_set("cli.db", arg);
        return true;
    case 'F':
        yj_config_set("cli.forms", arg);
        return true;
    case 'C':
        if (yj_config_load(arg) != 0)
            exit(1);
        return true;
    default:
        return false;
    }
}

struct yj_formset *
yj_cli_forms(void)
{
    struct yj_formset *set = yj_formset_load(yj_paths_forms());
    if (set->nproblems > 0) {
        yj_formset_print_problems(set, stderr);
        yj_err("the form set in %s has %zu problem(s); fix them first", set->dir, set->nproblems);
        yj_formset_free(&set);
        return NULL;
    }
    return set;
}

int
yj_cli_usage(const char *text, bool error)
{
    fputs(text, error ? stderr : stdout);
    return error ? 2 : 0;
}

struct yj_store *
yj_cli_store(void)
{
    char err[1024];
    struct yj_store *s = yj_store_open(yj_paths_db(), err, sizeof err);
    if (s == NULL)
        yj_err("%s", err);
    return s;
}

bool
yj_cli_kind_ok(const char *kind)
{
    if (kind != NULL && (strcmp(kind, "receipt") == 0 || strcmp(kind, "notice") == 0))
        return true;
    yj_err(_("未知的单据类型：%s（可用 receipt 或 notice）"), kind ? kind : "");
    return false;
}
