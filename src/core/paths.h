/* paths.h: configuration file and where things live.
 *
 * Resolution order for every location: command-line option, environment
 * variable, config file key, installed default, uninstalled build tree.
 *   forms dir:  --forms   YIJIAN_FORMS   forms_dir   /usr/share/yijian/forms
 *   data dir:             YIJIAN_DATA    data_dir    /usr/share/yijian/data
 *   database:   --db      YIJIAN_DB      db          $XDG_DATA_HOME/yijian/yijian.db
 *   config:     --config  YIJIAN_CONFIG              /etc/yijian/yijian.conf
 */
#ifndef YJ_PATHS_H
#define YJ_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* Load the configuration (INI: "key = value", "[section]" prefixes keys as
 * "section.key", '#' comments). path NULL: YIJIAN_CONFIG or /etc/yijian/yijian.conf
 * (absence is fine). Returns 0, or -1 after printing the line that is wrong. */
int yj_config_load(const char *path);
/* A configuration value ("sync.base_url", "centre_code", ...) or def. */
const char *yj_config_get(const char *key, const char *def);
long yj_config_get_long(const char *key, long def);
/* Set a value (from the command line); overrides the file. */
void yj_config_set(const char *key, const char *value);

/* This terminal's identity: centre_code (6 digits) and terminal_id (3 capital
 * letters or digits). They have no defaults, for every command alike: case numbers
 * embed both, and two terminals left on the same default would issue the same
 * numbers. Returns 0 and sets *centre and *terminal (owned by the configuration),
 * or -1 with a message in the current language in err that names the key and
 * `yijian setup`. */
int yj_terminal_identity(const char **centre, const char **terminal, char *err, size_t errsz);
/* The terminal_id half alone (sync: the upstream knows the terminal, the
 * cases carry their centre). */
int yj_terminal_id(const char **terminal, char *err, size_t errsz);

const char *yj_paths_forms(void);
const char *yj_paths_data(void);
/* The database path; creates its parent directory for the per-user default. */
const char *yj_paths_db(void);

#endif
