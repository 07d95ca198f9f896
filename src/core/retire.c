/* retire.c: statutory retirement dates (gradual rise from 2025). */
#include "core/retire.h"

#include <stdlib.h>
#include <string.h>

#include "core/validate.h"

int
yj_retire_kind_parse(const char *s)
{
    if (s == NULL)
        return -1;
    if (strcmp(s, "M") == 0)
        return YJ_RETIRE_MALE;
    if (strcmp(s, "F55") == 0)
        return YJ_RETIRE_FEMALE55;
    if (strcmp(s, "F50") == 0)
        return YJ_RETIRE_FEMALE50;
    return -1;
}

int
yj_retirement_date(const char *birth, enum yj_retire_kind kind, char out[11], int *delay)
{
    if (birth == NULL || !yj_date_valid(birth))
        return -1;
    int year = atoi(birth), month = atoi(birth + 5);
    /* The original age, the first birth month affected, months of birth per
     * month of delay, and the cap. */
    int age, from_year, step, cap;
    switch (kind) {
    case YJ_RETIRE_MALE:
        age = 60, from_year = 1965, step = 4, cap = 36;
        break;
    case YJ_RETIRE_FEMALE55:
        age = 55, from_year = 1970, step = 4, cap = 36;
        break;
    case YJ_RETIRE_FEMALE50:
        age = 50, from_year = 1975, step = 2, cap = 60;
        break;
    default:
        return -1;
    }
    int k = (year - from_year) * 12 + (month - 1); /* months since the first affected */
    int d = k < 0 ? 0 : k / step + 1;
    if (d > cap)
        d = cap;
    if (delay)
        *delay = d;
    yj_date_add(birth, age, d, 0, out);
    return 0;
}
