/* pinyin.h: finding a label by the first letters of its characters' pinyin
 * (hz -> 汉族, sh -> 上海市, pd -> 浦东新区), from data/pinyin_initials.tsv. */
#ifndef YJ_CORE_PINYIN_H
#define YJ_CORE_PINYIN_H

#include <stdbool.h>
#include <stddef.h>

/* Do the letters q (ASCII, any case) spell the initials of label from its
 * start? Characters that are neither Chinese nor letters (spaces, brackets)
 * are passed over; a Latin letter in the label matches itself. */
bool yj_pinyin_prefix(const char *label, const char *q);
/* The first label whose initials start with q, else the first with a run of
 * characters that does (after its start); -1 when none, or q holds anything
 * but ASCII letters. */
int yj_pinyin_find(char *const *labels, size_t n, const char *q);
/* Load the table from path instead of the data directory (tests). */
int yj_pinyin_load(const char *path);

#endif
