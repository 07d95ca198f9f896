/* user.c: `yijian user add|passwd|disable|enable|unlock|list` — the counter's
 * clerks and administrators. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/counter.h"
#include "store/store.h"

static const char usage_text[] =
    "usage: yijian user add ID --name NAME [--role clerk|admin] [--password-stdin]\n"
    "       yijian user passwd ID [--password-stdin]\n"
    "       yijian user disable ID | enable ID | unlock ID\n"
    "       yijian user list\n"
    "\n"
    "Clerks and administrators of the counter (yijian counter). Passwords are\n"
    "stored as argon2id hashes (libsodium crypto_pwhash_str), at least 8\n"
    "characters. The password is asked twice on the terminal, or read as one line\n"
    "from standard input with --password-stdin. unlock clears failed sign-ins and\n"
    "the lock; passwd does too. Every change is audited with the system user.\n"
    "options: --db PATH, --config FILE, --help\n";

/* Read one line from stdin without its newline; NULL at end of input. */
static char *
read_line(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return line;
}

/* Ask for a password on the terminal without echo. */
static char *
ask_hidden(const char *prompt)
{
    struct termios old, quiet;
    bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
    fputs(prompt, stderr);
    fflush(stderr);
    if (tty) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *pw = read_line();
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    return pw;
}

/* The new password: from stdin, or asked twice. NULL with a message. */
static char *
get_password(bool from_stdin)
{
    if (from_stdin || !isatty(STDIN_FILENO)) {
        char *pw = read_line();
        if (pw == NULL)
            yj_err("%s", _("没有读到密码。"));
        return pw;
    }
    char *a = ask_hidden(_("新密码："));
    char *b = a ? ask_hidden(_("再输入一次：")) : NULL;
    if (a == NULL || b == NULL || strcmp(a, b) != 0) {
        yj_err("%s", _("两次输入的密码不一致。"));
        free(a);
        free(b);
        return NULL;
    }
    free(b);
    return a;
}

/* The person running the command, for the audit log. */
static const char *
system_user(void)
{
    const struct passwd *pw = getpwuid(getuid());
    return pw && pw->pw_name ? pw->pw_name : "unknown";
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
                                       YJ_CLI_COMMON_LONGOPTS,
                                       {NULL, 0, NULL, 0}};
    const char *name = NULL, *role = YJ_ROLE_CLERK;
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
    struct yj_actor who = {"admin", system_user()};
    int rc = 0;
    if (is_list) {
        rc = list_users(s);
    } else if (strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) {
        char *pw = get_password(pw_stdin);
        if (pw == NULL) {
            rc = 1;
        } else {
            rc = strcmp(verb, "add") == 0 ? yj_user_add(s, id, name, role, pw, &who)
                                          : yj_user_passwd(s, id, pw, &who);
            memset(pw, 0, strlen(pw));
            free(pw);
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
