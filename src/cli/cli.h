/* cli.h: subcommands and the helpers they share. */
#ifndef YJ_CLI_H
#define YJ_CLI_H

#include <stdbool.h>
#include <stdio.h>

struct yj_formset;

/* Every subcommand: argv[0] is the subcommand's name. Exit status: 0 ok,
 * 1 rejected input or failure, 2 usage error (and 3 for `validate` warnings). */
typedef int (*yj_cmd_fn)(int argc, char **argv);

struct yj_cmd {
    const char *name;
    yj_cmd_fn fn;
    const char *summary;
};

int cmd_forms(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_case(int argc, char **argv);
int cmd_sync(int argc, char **argv);
int cmd_receipt(int argc, char **argv);
int cmd_print(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_kiosk(int argc, char **argv);
int cmd_assist(int argc, char **argv);
int cmd_counter(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_setup(int argc, char **argv);
int cmd_audit(int argc, char **argv);
/* `case import --qr`: src/cli/cmd_import.c (argv[0] is "import"). */
int yj_cli_case_import(int argc, char **argv);
/* `keys centre-init|centre-show` (verb without "centre-"): src/cli/cmd_keys_centre.c.
 * Exit status as a subcommand's. */
int yj_cli_keys_centre(const char *verb, const char *label, bool force);

/* Options every subcommand takes; returns true when opt was one of them.
 *   --db PATH, --forms DIR, --config FILE  (codes 'D', 'F', 'C' in getopt). */
// clang-format off
#define YJ_CLI_COMMON_LONGOPTS                                                  \
    {"db", required_argument, NULL, 'D'}, {"forms", required_argument, NULL, 'F'}, \
    {"config", required_argument, NULL, 'C'}, {"help", no_argument, NULL, 'h'}
// clang-format on
bool yj_cli_common(int opt, const char *arg);

/* Load the form set from yj_paths_forms(); on any problem print them all to
 * stderr and return NULL. */
struct yj_formset *yj_cli_forms(void);

/* `forms show THING --json` kept between runs (src/cli/formcache.c): print the
 * entry for this program, language, thing and the forms directory's exact
 * content and return true, or return false (nothing printed) on any miss. */
bool yj_formcache_show(const char *forms_dir, const char *thing);
/* Keep text (the whole output) as that entry; silently nothing when it cannot. */
void yj_formcache_store(const char *forms_dir, const char *thing, const char *text);

struct yj_store;
/* Open the database at yj_paths_db(); on failure print the reason to stderr
 * and return NULL. */
struct yj_store *yj_cli_store(void);

/* Is kind "receipt" or "notice"? Otherwise say so on stderr and return false. */
bool yj_cli_kind_ok(const char *kind);

/* auth.c. Sign account id in for an action: the password is one line of
 * standard input when from_stdin or stdin is not a terminal, else asked on the
 * terminal without echo; checked by yj_user_signin (throttling, lock-out,
 * audited) and the account's role must be one of roles (NULL-terminated).
 * 0, or -1 with the reason printed. */
int yj_cli_signin(struct yj_store *s, const char *id, const char *const *roles, bool from_stdin);
/* One secret line: from stdin (from_stdin or no terminal), else asked with
 * prompt without echo. NULL at end of input. Free with yj_cli_secret_free. */
char *yj_cli_read_secret(const char *prompt, bool from_stdin);
void yj_cli_secret_free(char *pw);
/* The first administrator (yijian setup --admin): only while the database has
 * no account; the password from stdin (or asked without echo). 0, or 1 with
 * the reason printed. */
int yj_cli_first_admin(const char *id, const char *name, bool from_stdin);
/* Roles that may act at the counter, and that may help (assisted mode). */
#define YJ_CLI_COUNTER_ROLES ((const char *const[]){"clerk", "admin", NULL})
#define YJ_CLI_HELPER_ROLES ((const char *const[]){"helper", "clerk", "admin", NULL})
#define YJ_CLI_ADMIN_ROLES ((const char *const[]){"admin", NULL})

/* Print usage text to stdout (for --help) and return 0, or to stderr for a usage
 * error and return 2. */
int yj_cli_usage(const char *text, bool error);

#endif
