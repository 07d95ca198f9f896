/* common.c: what the subcommands share. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/form.h"
#include "core/paths.h"
#include "core/util.h"

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
