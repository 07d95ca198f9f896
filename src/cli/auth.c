/* auth.c: the sign-in every clerk, helper and administrator action of the
 * command line shares — the password from the terminal (no echo) or one line
 * of standard input, checked by yj_user_signin (the counter screen's
 * throttling and lock-out), and the account's role. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/util.h"
#include "store/counter.h"
#include "store/store.h"

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

char *
yj_cli_read_secret(const char *prompt, bool from_stdin)
{
    if (from_stdin || !isatty(STDIN_FILENO))
        return read_line();
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

void
yj_cli_secret_free(char *pw)
{
    if (pw == NULL)
        return;
    memset(pw, 0, strlen(pw));
    free(pw);
}

int
yj_cli_signin(struct yj_store *s, const char *id, const char *const *roles, bool from_stdin)
{
    if (yj_users_init() != 0) {
        yj_err("%s", _("密码库无法初始化。"));
        return -1;
    }
    char prompt[128];
    snprintf(prompt, sizeof prompt, _("%s 的密码："), id);
    char *pw = yj_cli_read_secret(prompt, from_stdin);
    if (pw == NULL) {
        yj_err("%s", _("没有读到密码。"));
        return -1;
    }
    long wait = 0;
    struct yj_user u;
    enum yj_signin st = yj_user_signin(s, id, pw, (long long)time(NULL), &wait, &u);
    yj_cli_secret_free(pw);
    if (st != YJ_SIGNIN_OK) {
        char msg[256];
        if (st == YJ_SIGNIN_ERROR)
            snprintf(msg, sizeof msg, "%s", yj_store_error(s));
        else
            yj_signin_message(st, wait, msg, sizeof msg);
        yj_err("%s", msg);
        return -1;
    }
    bool allowed = false;
    for (size_t i = 0; roles && roles[i]; i++)
        allowed = allowed || (u.role && strcmp(u.role, roles[i]) == 0);
    if (!allowed)
        yj_err(_("账号 %s（%s）无权进行此操作。"), id, u.role ? u.role : "");
    yj_user_free(&u);
    return allowed ? 0 : -1;
}

int
yj_cli_first_admin(const char *id, const char *name, bool from_stdin)
{
    struct yj_store *s = yj_cli_store();
    if (s == NULL)
        return 1;
    struct yj_user *v = NULL;
    size_t n = 0;
    int rc = 1;
    if (yj_user_list(s, &v, &n) != 0) {
        yj_err("%s", yj_store_error(s));
    } else if (n > 0) {
        yj_err("%s", _("已有账号，不再建立第一个管理员：请由管理员用 yijian user add 添加。"));
    } else if (yj_users_init() != 0) {
        yj_err("%s", _("密码库无法初始化。"));
    } else {
        char prompt[128];
        snprintf(prompt, sizeof prompt, _("管理员 %s 的新密码："), id);
        char *pw = yj_cli_read_secret(prompt, from_stdin);
        struct yj_actor who = {"admin", id};
        if (pw == NULL)
            yj_err("%s", _("没有读到密码。"));
        else if (yj_user_add(s, id, name ? name : id, YJ_ROLE_ADMIN, pw, &who) != 0)
            yj_err("%s", yj_store_error(s));
        else
            rc = 0;
        yj_cli_secret_free(pw);
        if (rc == 0)
            printf(_("已建立管理员 %s。\n"), id);
    }
    yj_user_list_free(v, n);
    yj_store_close(&s);
    return rc;
}
