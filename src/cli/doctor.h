/* doctor.h: the checks of `yijian doctor`, each a function that fills a result,
 * so that the CLI only formats and the unit tests (tests/unit/test_doctor.c) can
 * call every rule with made-up measurements. docs/DOCTOR.md describes each line. */
#ifndef YJ_DOCTOR_H
#define YJ_DOCTOR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct yj_store_health;
struct yj_printer_probe;
struct yj_font_probe;
struct yj_upstream_probe;

enum yj_check_state {
    YJ_CHECK_OK,   /* ✓ */
    YJ_CHECK_FAIL, /* ✗: the exit status is 1 */
    YJ_CHECK_INFO, /* ○: nothing to check (not configured, or depends on a failed line) */
};

/* One line of the report. */
struct yj_check {
    const char *id; /* "config", "database", "disk", "forms", "fonts", "printer", "keys",
                     * "upstream", "outbox" */
    enum yj_check_state state;
    char title[64];    /* what is checked, e.g. "打印机" */
    char detail[1024]; /* what was found (one sentence) */
    char fix[1024];    /* what to do; "" when nothing */
    json_t *values;    /* measured numbers for --json (object, owned) */
};

/* Thresholds (config keys doctor.*; defaults in docs/DOCTOR.md). */
struct yj_doctor_limits {
    long min_free_mb;      /* doctor.min_free_mb: 100 */
    long min_free_percent; /* doctor.min_free_percent: 5 */
    long outbox_max_age_h; /* doctor.outbox_max_age_hours: 24 */
    long outbox_max_held;  /* doctor.outbox_max_held: 0 */
    long clock_max_skew_s; /* doctor.clock_max_skew_s: 60 */
    bool require_upstream; /* doctor.require_upstream: no (an unset sync.base_url is ○) */
};
void yj_doctor_limits_load(struct yj_doctor_limits *l);

/* Start a check: id, title, state OK, empty texts, an empty values object. */
void yj_check_init(struct yj_check *c, const char *id, const char *title);
void yj_check_free(struct yj_check *c);

/* 1. The configuration: path is the file in effect, explicit whether it was named
 * (--config, YIJIAN_CONFIG) rather than the default; load_err is "" when it
 * parsed, else why not. Reads centre_code, terminal_id, centre_name and looks the
 * centre up in the regions table. */
void yj_doctor_check_config(struct yj_check *c, const char *path, bool explicit, bool exists,
                            const char *load_err);
/* 2. The database, from yj_store_health (exists false: there is no file). */
void yj_doctor_judge_db(struct yj_check *c, const char *path, bool exists,
                        const struct yj_store_health *h);
/* 2b. Free space on the filesystem holding the database (total 0: unknown). */
void yj_doctor_judge_disk(struct yj_check *c, const char *dir, unsigned long long free_bytes,
                          unsigned long long total_bytes, const struct yj_doctor_limits *l);
/* 4. The receipt font (probe_rc from yj_font_probe). */
void yj_doctor_judge_fonts(struct yj_check *c, int probe_rc, const struct yj_font_probe *f);
/* 5. The printer (probe_rc from yj_printer_probe); output_missing: the queue prints
 * to a file: device whose file does not exist. */
void yj_doctor_judge_printer(struct yj_check *c, int probe_rc, const struct yj_printer_probe *p,
                             bool output_missing);
/* 6. The signing key in dir, its mode and owner terminal; the trusted keys file
 * (trusted_path; configured whether keys.trusted names it). */
void yj_doctor_check_keys(struct yj_check *c, const char *dir, const char *trusted_path,
                          bool trusted_configured);
/* 7. The upstream. */
void yj_doctor_judge_upstream(struct yj_check *c, const struct yj_upstream_probe *p,
                              const struct yj_doctor_limits *l);
/* 8. The outbox, from the same health figures (h NULL or not opened: ○). */
void yj_doctor_judge_outbox(struct yj_check *c, const struct yj_store_health *h,
                            bool upstream_configured, const struct yj_doctor_limits *l);

/* Human-readable sizes and ages in Chinese ("12.3 MB", "3 天 2 小时"). */
void yj_doctor_bytes(unsigned long long n, char *out, size_t outsz);
void yj_doctor_age(long long s, char *out, size_t outsz);

#endif
