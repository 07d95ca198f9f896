/* retire.h: statutory retirement dates, with the gradual rise from 2025.
 *
 * 全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》(2024-09-13), from
 * 2025-01-01: men 60 -> 63 and women of 55 -> 58, one month later for every four
 * months of birth (from births in 1965-01 and 1970-01); women of 50 -> 55, one
 * month later for every two months of birth (from 1975-01).
 */
#ifndef YJ_RETIRE_H
#define YJ_RETIRE_H

enum yj_retire_kind {
    YJ_RETIRE_MALE,     /* original age 60 */
    YJ_RETIRE_FEMALE55, /* original age 55 (cadre, technical) */
    YJ_RETIRE_FEMALE50, /* original age 50 (worker) */
};

/* "M", "F55", "F50" -> kind; -1 for anything else. */
int yj_retire_kind_parse(const char *s);

/* The statutory retirement date for a birth date (YYYY-MM-DD) into out, and the
 * delay in months through *delay (may be NULL). Returns 0, or -1 for a bad date. */
int yj_retirement_date(const char *birth, enum yj_retire_kind kind, char out[11], int *delay);

#endif
