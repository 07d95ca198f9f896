/* user.c: `yijian user add|passwd|disable|enable|unlock|list` — the counter's
 * clerks and administrators. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/counter.h"
#include "store/store.h"

static const char usage_text[] =
    "usage: yijian user add ID --name NAME [--role clerk|admin|helper] --admin ADMIN\n"
    "       yijian user passwd ID --admin ADMIN\n"
    "       yijian user disable ID | enable ID | unlock ID  --admin ADMIN\n"
    "       yijian user list\n"
    "\n"
    "Clerks and administrators of the counter (yijian counter), and helpers of the\n"
    "assisted mode (yijian assist; role helper, never the counter). Passwords are\n"
    "stored as argon2id hashes (libsodium crypto_pwhash_str), at least 8\n"
    "characters; a helper's PIN at least 4.\n"
    "\n"
    "Every change is made by an administrator who signs in: --admin ID, then the\n"
    "administrator's password (asked on the terminal without echo; with\n"
    "--password-stdin, or when stdin is no terminal, the first line of stdin),\n"
    "with the counter's throttling and lock-out. The new password of add and\n"
    "passwd is asked twice on the terminal, or is the next line of stdin. While\n"
    "there is no account at all, `add ID --role admin` makes the first\n"
    "administrator without --admin (or yijian setup --admin ID). unlock clears\n"
    "failed sign-ins and the lock; passwd does too. Every change is audited with\n"
    "the administrator's id.\n"
    "options: --admin ID, --password-stdin, --db PATH, --config FILE, --help\n";

/* The new password: one line from stdin, or asked twice. NULL with a message. */
static char *
get_password(bool from_stdin)
{
    if (from_stdin || !isatty(STDIN_FILENO)) {
        char *pw = yj_cli_read_secret(NULL, true);
        if (pw == NULL)
            yj_err("%s", _("没有读到密码。"));
        return pw;
    }
    char *a = yj_cli_read_secret(_("新密码："), false);
    char *b = a ? yj_cli_read_secret(_("再输入一次："), false) : NULL;
    if (a == NULL || b == NULL || strcmp(a, b) != 0) {
        yj_err("%s", _("两次输入的密码不一致。"));
        yj_cli_secret_free(a);
        yj_cli_secret_free(b);
        return NULL;
    }
    yj_cli_secret_free(b);
    return a;
}

/* Number of accounts, or -1. */
static long
count_users(struct yj_store *s)
{
    struct yj_user *v;
    size_t n;
    if (yj_user_list(s, &v, &n) != 0)
        return -1;
    yj_user_list_free(v, n);
    return (long)n;
}

/* Who may make this change: the administrator signed in with --admin, or,
 * while there is no account at all, the first administrator being added.
 * Fills *who; 0, 1 refused, 2 usage. */
static int
authorise(struct yj_store *s, const char *verb, const char *id, const char *role, const char *admin,
          bool pw_stdin, struct yj_actor *who)
{
    long n = count_users(s);
    if (n < 0) {
        yj_err("%s", yj_store_error(s));
        return 1;
    }
    if (n == 0) {
        if (strcmp(verb, "add") == 0 && strcmp(role, YJ_ROLE_ADMIN) == 0) {
            *who = (struct yj_actor){"admin", id}; /* the first administrator */
            return 0;
        }
        yj_err("%s", _("还没有任何账号：请先用 yijian user add ID --role admin 或 yijian setup "
                       "--admin ID 建立第一个管理员。"));
        return 1;
    }
    if (admin == NULL) {
        yj_err("%s", _("请用 --admin 给出管理员的工号，并以管理员身份登录。"));
        return 2;
    }
    if (yj_cli_signin(s, admin, YJ_CLI_ADMIN_ROLES, pw_stdin) != 0)
        return 1;
    *who = (struct yj_actor){"admin", admin};
    return 0;
}

/* Print the users as a table. */
static int
list_users(struct yj_store *s)
{
    struct yj_user *v;
    size_t n;
    if (yj_user_list(s, &v, &n) != 0) {
        yj_err("%s", yj_store_error(s));
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *state = v[i].disabled ? "disabled"
                            : v[i].locked_until > (long long)time(NULL) && v[i].failed_attempts
                                ? "locked"
                                : "active";
        printf("%-16s %-6s %-9s failed=%d  %s  %s\n", v[i].id, v[i].role, state,
               v[i].failed_attempts, v[i].created_at ? v[i].created_at : "", v[i].name);
    }
    yj_user_list_free(v, n);
    return 0;
}

int
cmd_user(int argc, char **argv)
{
    static const struct option lo[] = {{"name", required_argument, NULL, 'n'},
                                       {"role", required_argument, NULL, 'r'},
                                       {"password-stdin", no_argument, NULL, 'p'},
                                       {"admin", required_argument, NULL, 'a'},
                                       YJ_CLI_COMMON_LONGOPTS,
                                       {NULL, 0, NULL, 0}};
    const char *name = NULL, *role = YJ_ROLE_CLERK, *admin = NULL;
    bool pw_stdin = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (opt) {
        case 'n':
            name = optarg;
            break;
        case 'r':
            role = optarg;
            break;
        case 'p':
            pw_stdin = true;
            break;
        case 'a':
            admin = optarg;
            break;
        case 'h':
            return yj_cli_usage(usage_text, false);
        default:
            if (!yj_cli_common(opt, optarg))
                return yj_cli_usage(usage_text, true);
        }
    }
    if (optind >= argc)
        return yj_cli_usage(usage_text, true);
    const char *verb = argv[optind];
    const char *id = optind + 1 < argc ? argv[optind + 1] : NULL;
    bool is_list = strcmp(verb, "list") == 0;
    if ((is_list && id != NULL) || (!is_list && (id == NULL || optind + 2 != argc)))
        return yj_cli_usage(usage_text, true);
    if (strcmp(verb, "add") == 0 && name == NULL) {
        yj_err("%s", _("请用 --name 给出用户的姓名。"));
        return 2;
    }
    static const char *const verbs[] = {"add", "passwd", "disable", "enable", "unlock", "list"};
    bool known = false;
    for (size_t i = 0; i < YJ_ARRAY_LEN(verbs); i++)
        known = known || strcmp(verb, verbs[i]) == 0;
    if (!known)
        return yj_cli_usage(usage_text, true);
    if (yj_users_init() != 0) {
        yj_err("%s", _("密码库无法初始化。"));
        return 1;
    }
    struct yj_store *s = yj_cli_store();
    if (s == NULL)
        return 1;
    struct yj_actor who = {"admin", NULL};
    int rc = is_list ? 0 : authorise(s, verb, id, role, admin, pw_stdin, &who);
    if (rc != 0) {
        yj_store_close(&s);
        return rc;
    }
    if (is_list) {
        rc = list_users(s);
    } else if (strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) {
        char *pw = get_password(pw_stdin);
        if (pw == NULL) {
            rc = 1;
        } else {
            rc = strcmp(verb, "add") == 0 ? yj_user_add(s, id, name, role, pw, &who)
                                          : yj_user_passwd(s, id, pw, &who);
            yj_cli_secret_free(pw);
        }
    } else if (strcmp(verb, "unlock") == 0) {
        rc = yj_user_unlock(s, id, &who);
    } else {
        rc = yj_user_set_disabled(s, id, strcmp(verb, "disable") == 0, &who);
    }
    if (rc != 0 && !is_list) {
        if (rc != 1 || strcmp(yj_store_error(s), "") != 0)
            yj_err("%s", yj_store_error(s));
        rc = 1;
    } else if (!is_list) {
        printf(_("用户 %s：完成。\n"), id);
    }
    yj_store_close(&s);
    return rc;
}
