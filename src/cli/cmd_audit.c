/* cmd_audit.c: `yijian audit verify [--json]` — walk the audit log's hash
 * chain (store/auditchain.h) and name the first deleted, changed or reordered
 * row. Exit 0 when it holds, 1 when it does not (or the database fails). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/util.h"
#include "store/auditchain.h"
#include "store/store.h"

static const char audit_usage[] =
    "usage: yijian audit verify [--json]\n"
    "\n"
    "Walk the audit log's hash chain (each row carries the BLAKE2b hash of the\n"
    "row before it) and name the first row deleted, changed or reordered, or\n"
    "the head last sent upstream if rows were cut off the end. Exit 0 when the\n"
    "chain holds, 1 when it does not.\n"
    "options: --json, --db PATH, --config FILE, --help\n";

/* The problem as a word for --json. */
static const char *
problem_name(enum yj_audit_problem p)
{
    switch (p) {
    case YJ_AUDIT_OK:
        return "ok";
    case YJ_AUDIT_CHANGED:
        return "changed";
    case YJ_AUDIT_DELETED:
        return "deleted";
    case YJ_AUDIT_REORDERED:
        return "reordered";
    case YJ_AUDIT_TRUNCATED:
        return "truncated";
    case YJ_AUDIT_UNCHAINED:
        return "unchained";
    }
    return "unknown";
}

/* The sentence for a person. */
static char *
problem_text(const struct yj_audit_check *c)
{
    switch (c->problem) {
    case YJ_AUDIT_OK:
        return xasprintf(_("审计记录完整：共 %lld 条，链头为第 %lld 条（%.16s…）"), c->rows,
                         c->head_id, c->head_hash);
    case YJ_AUDIT_CHANGED:
        return xasprintf(_("审计记录被改动：第 %lld 条的内容与其哈希不符"), c->bad_id);
    case YJ_AUDIT_DELETED:
        if (c->before_id > 0)
            return xasprintf(_("审计记录被删除：第 %lld 条与第 %lld 条之间缺少记录"), c->before_id,
                             c->bad_id);
        return xasprintf(_("审计记录被删除：第 %lld 条之前的记录缺失"), c->bad_id);
    case YJ_AUDIT_REORDERED:
        return xasprintf(_("审计记录顺序被调换：第 %lld 条原本排在更后面的记录之后"), c->bad_id);
    case YJ_AUDIT_TRUNCATED:
        return xasprintf(_("审计记录末尾被删除或重写：已上报上级平台的第 %lld 条不在或已变"),
                         c->bad_id);
    case YJ_AUDIT_UNCHAINED:
        return xasprintf(_("审计记录第 %lld 条没有哈希（绕过本程序写入）"), c->bad_id);
    }
    return xstrdup("");
}

int
cmd_audit(int argc, char **argv)
{
    static const struct option lo[] = {
        {"json", no_argument, NULL, 'j'}, YJ_CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    bool json = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (opt) {
        case 'j':
            json = true;
            break;
        case 'h':
            return yj_cli_usage(audit_usage, false);
        default:
            if (!yj_cli_common(opt, optarg))
                return yj_cli_usage(audit_usage, true);
        }
    }
    if (optind != argc - 1 || strcmp(argv[optind], "verify") != 0)
        return yj_cli_usage(audit_usage, true);
    struct yj_store *s = yj_cli_store();
    if (s == NULL)
        return 1;
    struct yj_audit_check c;
    if (yj_store_audit_verify(s, &c) != 0) {
        yj_err("%s", yj_store_error(s));
        yj_store_close(&s);
        return 1;
    }
    yj_store_close(&s);
    char *text = problem_text(&c);
    if (json) {
        json_t *o =
            json_pack("{s:b, s:s, s:I, s:{s:I, s:s}, s:s}", "ok", c.problem == YJ_AUDIT_OK,
                      "problem", problem_name(c.problem), "rows", (json_int_t)c.rows, "head", "id",
                      (json_int_t)c.head_id, "hash", c.head_hash, "message", text);
        if (c.problem != YJ_AUDIT_OK) {
            json_object_set_new(o, "first_bad_id", json_integer(c.bad_id));
            if (c.problem == YJ_AUDIT_DELETED)
                json_object_set_new(o, "after_id", json_integer(c.before_id));
        }
        char *out = json_dumps(o, JSON_COMPACT);
        printf("%s\n", out);
        free(out);
        json_decref(o);
    } else if (c.problem == YJ_AUDIT_OK) {
        printf("%s\n", text);
    } else {
        yj_err("%s", text);
    }
    free(text);
    return c.problem == YJ_AUDIT_OK ? 0 : 1;
}
