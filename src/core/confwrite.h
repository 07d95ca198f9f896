/* confwrite.h: editing the configuration file in place, for `yijian setup`.
 *
 * The file is kept as its lines, so every comment, blank line, section and key
 * that setup does not touch is written back byte for byte. Keys are named as
 * yj_config_get names them: "centre_code" (before any section) or
 * "sync.base_url" (key base_url under [sync], or the literal key
 * "sync.base_url" before any section). Setting a key replaces the value of its
 * last occurrence (the one yj_config_load would use) in place; a missing key is
 * added after the last key of its [section] (the section is appended when
 * missing), a key without a dot before the first section. Saving is atomic: a
 * temporary file in the same directory, fsync, rename over the old file, fsync
 * of the directory; on any failure the old file is left as it was.
 */
#ifndef YJ_CONFWRITE_H
#define YJ_CONFWRITE_H

#include <stdbool.h>
#include <stddef.h>

struct yj_conffile;

/* Read path into memory. A missing file gives an empty one (*existed false,
 * may be NULL). NULL with a message in the current language in err when the
 * file cannot be read or is not a configuration file. */
struct yj_conffile *yj_conffile_read(const char *path, bool *existed, char *err, size_t errsz);
/* An empty file (for tests). */
struct yj_conffile *yj_conffile_new(void);
/* Parse text as the contents of a file; NULL with a message when malformed. */
struct yj_conffile *yj_conffile_parse(const char *text, char *err, size_t errsz);
void yj_conffile_free(struct yj_conffile **cf);

/* The value of a key as yj_config_load would read it, or NULL. */
const char *yj_conffile_get(const struct yj_conffile *cf, const char *key);
/* Set key to value (in place, else added where it belongs). */
void yj_conffile_set(struct yj_conffile *cf, const char *key, const char *value);
/* The whole text. Caller frees. */
char *yj_conffile_text(const struct yj_conffile *cf);

/* Save atomically to path with the old file's mode (0644 for a new file),
 * creating the parent directory (0755) when missing. 0, or -1 with a message
 * in the current language in err; the old file is then untouched. */
int yj_conffile_save(const struct yj_conffile *cf, const char *path, char *err, size_t errsz);

/* For the unit tests: make the next save fail at step (1 write, 2 fsync,
 * 3 rename) as if the disk had refused; 0 turns it off. */
void yj_conffile_fail_at(int step);

#endif
