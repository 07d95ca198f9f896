/* status.c: the one table of status words, and the case status rule. */
#include "core/status.h"

#include <string.h>

#include "core/case.h"
#include "core/i18n.h"
#include "core/util.h"

struct word {
    const char *value;
    const char *label; /* zh_CN msgid */
};

static const struct word case_words[] = {
    {YJ_CASE_SUBMITTED, N_("待受理")}, {YJ_CASE_ACCEPTED, N_("已受理")},
    {YJ_CASE_RETURNED, N_("待补正")},  {YJ_CASE_DONE, N_("待出件")},
    {YJ_CASE_CLOSED, N_("已办结")},
};

static const struct word item_words[] = {
    {YJ_ITEM_PENDING, N_("待受理")},     {YJ_ITEM_ACCEPTED, N_("已受理")},
    {YJ_ITEM_IN_PROGRESS, N_("办理中")}, {YJ_ITEM_DONE, N_("已办结")},
    {YJ_ITEM_RETURNED, N_("已退回")},    {YJ_ITEM_CERTIFICATE, N_("已出证")},
};

static const struct word sync_words[] = {
    {YJ_SYNC_QUEUED, N_("待上报")},
    {YJ_SYNC_SENT, N_("已上报")},
    {YJ_SYNC_ACCEPTED, N_("部门已受理")},
    {YJ_SYNC_PROBLEM, N_("上报有问题")},
};

/* The entry of value in a table, or NULL. */
static const struct word *
lookup(const struct word *t, size_t n, const char *value)
{
    for (size_t i = 0; value != NULL && i < n; i++)
        if (strcmp(t[i].value, value) == 0)
            return &t[i];
    return NULL;
}

/* The translated label of value, value itself when unknown, "" for NULL. */
static const char *
label(const struct word *t, size_t n, const char *value)
{
    const struct word *w = lookup(t, n, value);
    return w ? _(w->label) : value ? value : "";
}

const char *
yj_case_status_label(const char *status)
{
    return label(case_words, YJ_ARRAY_LEN(case_words), status);
}

const char *
yj_item_status_label(const char *status)
{
    return label(item_words, YJ_ARRAY_LEN(item_words), status);
}

const char *
yj_sync_state_label(const char *state)
{
    if (state == NULL)
        return _("本机办件");
    return label(sync_words, YJ_ARRAY_LEN(sync_words), state);
}

bool
yj_case_status_valid(const char *status)
{
    return lookup(case_words, YJ_ARRAY_LEN(case_words), status) != NULL;
}

bool
yj_item_status_valid(const char *status)
{
    return lookup(item_words, YJ_ARRAY_LEN(item_words), status) != NULL;
}

/* Does s equal the constant v (s may be NULL)? */
static bool
is(const char *s, const char *v)
{
    return s != NULL && strcmp(s, v) == 0;
}

const char *
yj_case_status_derive(const char *current, const char *const *items, size_t n)
{
    if (is(current, YJ_CASE_CLOSED))
        return YJ_CASE_CLOSED;
    bool all_finished = n > 0, any_moved = false;
    for (size_t i = 0; i < n; i++) {
        if (is(items[i], YJ_ITEM_RETURNED))
            return YJ_CASE_RETURNED;
        if (!is(items[i], YJ_ITEM_DONE) && !is(items[i], YJ_ITEM_CERTIFICATE))
            all_finished = false;
        if (!is(items[i], YJ_ITEM_PENDING))
            any_moved = true;
    }
    if (all_finished)
        return YJ_CASE_DONE;
    if (!any_moved)
        return current ? current : YJ_CASE_SUBMITTED;
    return YJ_CASE_ACCEPTED;
}
