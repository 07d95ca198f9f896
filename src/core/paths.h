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

/* Load the configuration (INI: "key = value", "[section]" prefixes keys as
 * "section.key", '#' comments). path NULL: YIJIAN_CONFIG or /etc/yijian/yijian.conf
 * (absence is fine). Returns 0, or -1 after printing the line that is wrong. */
int yj_config_load(const char *path);
/* A configuration value ("sync.base_url", "centre_code", ...) or def. */
const char *yj_config_get(const char *key, const char *def);
long yj_config_get_long(const char *key, long def);
/* Set a value (from the command line); overrides the file. */
void yj_config_set(const char *key, const char *value);

const char *yj_paths_forms(void);
const char *yj_paths_data(void);
/* The database path; creates its parent directory for the per-user default. */
const char *yj_paths_db(void);

#endif
