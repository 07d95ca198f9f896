/* counter_detail.c: one case at the counter — applicant, materials checklist,
 * items with readiness, answers by section, audit trail — and the actions. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casebuild.h"
#include "core/i18n.h"
#include "core/idmask.h"
#include "core/glyph.h"
#include "core/plan.h"
#include "core/readiness.h"
#include "core/status.h"
#include "core/utf8.h"
#include "core/util.h"
#include "ui/counter_int.h"
#include "ui/ime_ui.h"
#include "ui/w_line.h"

/* One drawn line of the detail page. */
struct dline {
    char *text;
    int pair;
    unsigned long attr;
    int sel; /* selectable index, or -1 */
};

struct dlines {
    struct dline *v;
    size_t n;
};

/* Append a line (text copied). */
static void
add(struct dlines *d, const char *text, int pair, unsigned long attr, int sel)
{
    d->v = xreallocarray(d->v, d->n + 1, sizeof *d->v);
    d->v[d->n++] = (struct dline){xstrdup(text), pair, attr, sel};
}

static void
dlines_free(struct dlines *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i].text);
    free(d->v);
}

/* Open the case again (after an act), keeping the note. */
static void
reload(struct yj_cui *c)
{
    char no[32];
    snprintf(no, sizeof no, "%s", c->f.case_no);
    char keep[sizeof c->u.note];
    snprintf(keep, sizeof keep, "%s", c->u.note);
    if (yj_c_detail_open(c, no) && keep[0])
        snprintf(c->u.note, sizeof c->u.note, "%s", keep);
}

/* "2026-11-23T08:15:00Z" -> "2026-11-23 08:15" (UTC as stored). */
static void
short_time(const char *iso, char *out, size_t outsz)
{
    if (iso == NULL || strlen(iso) < 16) {
        snprintf(out, outsz, "%s", iso ? iso : "");
        return;
    }
    snprintf(out, outsz, "%.10s %.5s", iso, iso + 11);
}

/* Columns joined into one line (each padded to its width). */
static void
cols(char *out, size_t outsz, const char *const *text, const int *w, size_t n)
{
    size_t off = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && off < outsz; i++) {
        char cell[512];
        yj_str_pad(text[i], w[i], true, cell, sizeof cell);
        off += (size_t)snprintf(out + off, outsz - off, "%s ", cell);
    }
}

/* The label of an authorisation's relationship value: from the form set's
 * agent.relationship choices (as the assisted mode offers them), else the
 * value itself. */
static const char *
relationship_label(struct yj_cui *c, const char *v)
{
    const struct yj_field *rel = yj_formset_field(c->u.set, "agent.relationship");
    for (size_t i = 0; rel && v && i < rel->nchoices; i++)
        if (rel->choices[i].value && strcmp(rel->choices[i].value, v) == 0)
            return yj_text(&rel->choices[i].label);
    static const char *const builtin[][2] = {{"spouse", N_("配偶")},
                                             {"child", N_("子女")},
                                             {"parent", N_("父母")},
                                             {"relative", N_("其他亲属")},
                                             {"community_worker", N_("社区工作人员")},
                                             {"other", N_("其他")}};
    for (size_t i = 0; v && i < YJ_ARRAY_LEN(builtin); i++)
        if (strcmp(builtin[i][0], v) == 0)
            return _(builtin[i][1]);
    return v ? v : "";
}

/* The 委托代办 authorisation of an assisted case (answers auth.*), readable:
 * the agent, the ID number masked, the relationship and the grounds. */
static void
add_authorisation(struct yj_cui *c, struct dlines *d)
{
    const struct yj_answers *a = &c->f.c.answers;
    const char *name = yj_answers_get(a, "auth.agent_name");
    if (yj_str_empty(name))
        return;
    const char *id = yj_answers_get(a, "auth.agent_id_number");
    const char *rel = yj_answers_get(a, "auth.relationship");
    const char *why = yj_answers_get(a, "auth.grounds");
    char line[1024], masked[128];
    add(d, _("── 委托代办 ──"), YJ_P_HINT, A_BOLD, -1);
    snprintf(line, sizeof line, _("  代办人：%s"), name);
    add(d, line, YJ_P_NORMAL, 0, -1);
    yj_mask_id(id, masked, sizeof masked);
    snprintf(line, sizeof line, _("  代办人身份证：%s"), yj_str_empty(id) ? _("（未填）") : masked);
    add(d, line, YJ_P_NORMAL, 0, -1);
    snprintf(line, sizeof line, _("  与申请人的关系：%s"),
             yj_str_empty(rel) ? _("（未填）") : relationship_label(c, rel));
    add(d, line, YJ_P_NORMAL, 0, -1);
    snprintf(line, sizeof line, _("  委托事由：%s"), yj_str_empty(why) ? _("（未填）") : why);
    add(d, line, YJ_P_NORMAL, 0, -1);
}

/* Build the page. */
static void
build(struct yj_cui *c, struct dlines *d)
{
    char line[1024], a[128], b[128];
    const struct yj_case *k = &c->f.c;
    yj_mask_id(k->applicant_id, a, sizeof a);
    short_time(k->submitted_at, b, sizeof b);
    snprintf(line, sizeof line, _("申请人 %s  身份证 %s  提交 %s  渠道 %s  第 %d 版"),
             k->applicant_name ? k->applicant_name : "", a, b, k->channel ? k->channel : "",
             k->revision);
    add(d, line, YJ_P_NORMAL, 0, -1);
    const char *sync = yj_cflow_sync_state(&c->f, k->uuid);
    char why[300];
    if (sync && strcmp(sync, YJ_SYNC_PROBLEM) == 0 &&
        yj_cflow_sync_problem(&c->f, k->uuid, why, sizeof why)) {
        snprintf(line, sizeof line, _("上报有问题，平台答复：%s（改正后可按 U 修改再次上报）"),
                 why);
        add(d, line, YJ_P_ERROR, 0, -1);
    } else {
        snprintf(line, sizeof line, _("上报状态：%s"), yj_sync_state_label(sync));
        add(d, line, YJ_P_HINT, 0, -1);
    }

    snprintf(line, sizeof line, _("── 材料核验（%zu 项）──"), c->f.cl.n);
    add(d, line, YJ_P_HINT, A_BOLD, -1);
    for (size_t i = 0; i < c->f.cl.n; i++) {
        const struct yj_check_row *r = &c->f.cl.rows[i];
        const char *mark = r->state == NULL                  ? "[  ]"
                           : strcmp(r->state, "seen") == 0   ? "[✓]"
                           : strcmp(r->state, "exempt") == 0 ? "[免]"
                                                             : "[缺]";
        const char *what = r->state == NULL                  ? _("未核验")
                           : strcmp(r->state, "seen") == 0   ? _("已核验原件")
                           : strcmp(r->state, "exempt") == 0 ? _("电子证照免提交")
                                                             : _("缺少");
        snprintf(line, sizeof line, "%s %s（%s）%s — %s", mark, r->label, r->item_label,
                 r->e_licence ? _("·可用电子证照") : "", what);
        int pair = r->state && strcmp(r->state, "missing") == 0 ? YJ_P_ERROR
                   : r->state                                   ? YJ_P_OK
                                                                : YJ_P_NORMAL;
        add(d, line, pair, 0, (int)i);
    }

    snprintf(line, sizeof line, _("── 事项（%zu 项）──"), k->nitems);
    add(d, line, YJ_P_HINT, A_BOLD, -1);
    char today[11];
    yj_today(today);
    for (size_t i = 0; i < k->nitems; i++) {
        const struct yj_case_item *it = &k->items[i];
        const struct yj_item *fi = yj_formset_item(c->u.set, it->item_id);
        const char *dept = fi && fi->dept ? yj_text(&fi->dept->label) : it->dept_id;
        char limit[32];
        bool waits = it->due_date == NULL && yj_case_item_after(c->u.set, k, i);
        if (it->time_limit_days == 0)
            snprintf(limit, sizeof limit, "%s", _("即办"));
        else
            snprintf(limit, sizeof limit, _("%d个工作日"), it->time_limit_days);
        const char *text[] = {fi ? yj_text(&fi->label) : it->item_id,
                              dept,
                              yj_item_status_label(it->status),
                              limit,
                              it->due_date ? it->due_date : (waits ? _("待前置办结") : ""),
                              yj_c_ready_label(c->f.ready[i]),
                              it->result ? it->result : ""};
        int lw = c->u.cols - 2 - 70;
        const int w[] = {lw < 16 ? 16 : lw, 12, 6, 10, 10, 8, 16};
        cols(line, sizeof line, text, w, YJ_ARRAY_LEN(w));
        bool overdue = it->due_date && strcmp(it->due_date, today) < 0 &&
                       c->f.ready[i] != YJ_READY_FINISHED && c->f.ready[i] != YJ_READY_RETURNED &&
                       strcmp(k->status, YJ_CASE_CLOSED) != 0;
        add(d, line, overdue ? YJ_P_ERROR : YJ_P_NORMAL, overdue ? A_BOLD : 0,
            (int)(c->f.cl.n + i));
    }

    add_authorisation(c, d);

    /* the answers by section, as the plan lays them out */
    add(d, _("── 申请信息 ──"), YJ_P_HINT, A_BOLD, -1);
    const struct yj_thing *t = yj_formset_thing(c->u.set, k->thing_id);
    if (t == NULL) {
        add(d, _("（找不到该一件事的表单定义）"), YJ_P_ERROR, 0, -1);
    } else {
        struct yj_answers ans;
        yj_answers_init(&ans);
        yj_answers_copy(&ans, &k->answers);
        struct yj_plan p;
        memset(&p, 0, sizeof p);
        yj_plan_build(&p, c->u.set, t, &ans);
        for (size_t s = 0; s < p.nsections; s++) {
            snprintf(line, sizeof line, "%s", yj_text(&p.sections[s].section->title));
            add(d, line, YJ_P_NORMAL, A_BOLD, -1);
            for (size_t f = 0; f < p.sections[s].nfields; f++) {
                const struct yj_field *fd = p.sections[s].fields[f];
                const char *v = yj_answers_get(&ans, fd->id);
                char shown[512];
                yj_d_display(fd, v ? v : "", false, shown, sizeof shown);
                snprintf(line, sizeof line, "  %s：%s", yj_text(&fd->label),
                         v ? shown : _("（未填）"));
                add(d, line, YJ_P_NORMAL, 0, -1);
                /* A warning the applicant confirmed at the kiosk: for the clerk to check. */
                for (size_t i = 0; i < p.nconfirmed; i++)
                    if (p.confirmed[i].field == fd) {
                        snprintf(line, sizeof line, _("    %s 申请人已确认无误：%s"),
                                 yj_glyph(YJ_G_CHECK), p.confirmed[i].msg);
                        add(d, line, YJ_P_WARN, A_BOLD, -1);
                    }
            }
        }
        yj_plan_free(&p);
        yj_answers_free(&ans);
    }

    snprintf(line, sizeof line, _("── 办理记录（%zu 条）──"), c->f.naudit);
    add(d, line, YJ_P_HINT, A_BOLD, -1);
    for (size_t i = 0; i < c->f.naudit; i++) {
        const struct yj_audit_row *r = &c->f.audit[i];
        short_time(r->at, b, sizeof b);
        /* the authorisation's JSON is shown readable under 委托代办 */
        bool auth = r->action && strcmp(r->action, "assist.authorisation") == 0;
        snprintf(line, sizeof line, "%s  %s %s  %s  %s", b, r->actor_kind ? r->actor_kind : "",
                 r->actor_id ? r->actor_id : "", r->action ? r->action : "",
                 auth        ? _("委托代办授权（内容见上方“委托代办”）")
                 : r->detail ? r->detail
                             : "");
        add(d, line, YJ_P_NORMAL, 0, -1);
    }
}

void
yj_c_detail_draw(struct yj_cui *c)
{
    struct yj_ui *u = &c->u;
    char title[256], right[128];
    snprintf(title, sizeof title, _("办件 %s · %s"), c->f.case_no,
             yj_c_thing_label(c, c->f.c.thing_id));
    snprintf(right, sizeof right, _("状态：%s"), yj_case_status_label(c->f.c.status));
    yj_d_header(u, title, right);
    struct dlines d = {0};
    build(c, &d);
    int y0 = 1, avail = u->rows - 3;
    /* bring the selected line into view when the selection moved; PgDn and
     * PgUp scroll on past it (the answers lie below the items) */
    int selrow = -1;
    for (size_t i = 0; i < d.n; i++)
        if (d.v[i].sel == c->dsel)
            selrow = (int)i;
    if (selrow >= 0 && c->dsel != c->dsel_seen) {
        c->dsel_seen = c->dsel;
        if (selrow < c->dtop)
            c->dtop = selrow > 2 ? selrow - 2 : 0;
        if (selrow >= c->dtop + avail)
            c->dtop = selrow - avail + 1;
    }
    if (c->dtop > (int)d.n - 1)
        c->dtop = d.n ? (int)d.n - 1 : 0;
    for (int i = 0; i < avail && c->dtop + i < (int)d.n; i++) {
        const struct dline *l = &d.v[c->dtop + i];
        bool focus = l->sel >= 0 && l->sel == c->dsel;
        if (focus)
            yj_d_fill(y0 + i, 0, 1, u->cols, YJ_P_FOCUS);
        yj_d_text(y0 + i, 1, u->cols - 2, l->text, focus ? YJ_P_FOCUS : l->pair, l->attr);
    }
    dlines_free(&d);
    bool on_item = c->dsel >= (int)c->f.cl.n;
    yj_d_footer(u, on_item
                       ? _("D 办结 B 部门退回 │ A 受理 R 退回补正 H 出件 P 打印 U 修改 Esc 返回")
                       : _("空格 已核验 E 免提交 M 缺少 │ A 受理 R 退回补正 H 出件 P 打印 U 修改 "
                           "Esc 返回"));
}

/* After an act: reload, and say what happened (err when rc is not 0). */
static void
after(struct yj_cui *c, int rc, const char *err, const char *ok)
{
    if (rc != 0)
        snprintf(c->u.note, sizeof c->u.note, "%s", err);
    else if (ok)
        snprintf(c->u.note, sizeof c->u.note, "%s", ok);
    reload(c);
}

/* Open the return dialog with the materials not seen pre-selected. */
static void
return_open(struct yj_cui *c)
{
    for (size_t i = 0; c->ret_reason && i < c->f.cl.n; i++)
        free(c->ret_reason[i]);
    free(c->ret_reason);
    free(c->ret_on);
    yj_free(&c->ret_other);
    c->ret_on = xcalloc(c->f.cl.n + 1, sizeof *c->ret_on);
    c->ret_reason = xcalloc(c->f.cl.n + 1, sizeof *c->ret_reason);
    for (size_t i = 0; i < c->f.cl.n; i++) {
        const char *st = c->f.cl.rows[i].state;
        c->ret_on[i] =
            (st == NULL && !c->f.cl.rows[i].e_licence) || (st && strcmp(st, "missing") == 0);
    }
    c->rsel = 0;
    c->scr = YJ_C_RETURN;
}

/* The label of a case item. */
static const char *
item_name(struct yj_cui *c, const struct yj_case_item *it)
{
    const struct yj_item *fi = yj_formset_item(c->u.set, it->item_id);
    return fi ? yj_text(&fi->label) : it->item_id;
}

/* D (done) or B (returned by its department) on an item: an item still
 * waiting on a predecessor is refused before anything is asked; otherwise the
 * prompt names the item. */
static void
item_ask(struct yj_cui *c, const struct yj_case_item *it, bool done)
{
    size_t i = (size_t)(it - c->f.c.items);
    int r = c->f.ready[i];
    if (r == YJ_READY_WAITING || r == YJ_READY_BLOCKED) {
        long w = -1;
        const struct yj_case *k = &c->f.c;
        const struct yj_item *fi = yj_formset_item(c->u.set, it->item_id);
        for (size_t j = 0; w < 0 && j < k->nitems; j++) {
            for (size_t d = 0; fi && d < fi->ndepends; d++)
                if (strcmp(fi->depends_on[d], k->items[j].item_id) == 0 &&
                    c->f.ready[j] != YJ_READY_FINISHED)
                    w = (long)j;
        }
        snprintf(c->u.note, sizeof c->u.note, _("事项“%s”须在“%s”办结之后才能办理。"),
                 item_name(c, it), w >= 0 ? item_name(c, &k->items[w]) : "");
        return;
    }
    char title[256];
    if (done)
        snprintf(title, sizeof title, _("办结“%s”：证照或文书编号"), item_name(c, it));
    else
        snprintf(title, sizeof title, _("“%s”部门退回：原因"), item_name(c, it));
    yj_c_prompt_open(c, done ? YJ_CP_CERT : YJ_CP_ITEM_REASON, title, NULL);
}

/* A: accept after the clerk confirms. What the store would refuse (materials
 * not checked, a case not waiting for acceptance) is said at once. */
static void
accept_ask(struct yj_cui *c)
{
    const char *st = c->f.c.status;
    size_t open = 0;
    for (size_t i = 0; i < c->f.cl.n; i++)
        if (c->f.cl.rows[i].state == NULL || strcmp(c->f.cl.rows[i].state, "missing") == 0)
            open++;
    bool may = st && (strcmp(st, YJ_CASE_SUBMITTED) == 0 || strcmp(st, YJ_CASE_RETURNED) == 0);
    if (open > 0 || !may) {
        char err[512];
        after(c, yj_cflow_accept(&c->f, err, sizeof err), err, NULL);
        return;
    }
    char title[256];
    snprintf(title, sizeof title, _("受理办件 %s（%s）？受理后打印受理回执"), c->f.case_no,
             c->f.c.applicant_name ? c->f.c.applicant_name : "");
    yj_c_prompt_open(c, YJ_CP_ACCEPT, title, NULL);
}

/* The accept confirmed. */
static void
accept_do(struct yj_cui *c)
{
    char err[512];
    if (yj_cflow_accept(&c->f, err, sizeof err) != 0) {
        after(c, -1, err, NULL);
        return;
    }
    reload(c);
    yj_c_print(c, "receipt");
    if (strncmp(c->u.note, _("已打印"), strlen(_("已打印"))) == 0)
        snprintf(c->u.note, sizeof c->u.note, "%s", _("已受理，已打印受理回执。"));
}

void
yj_c_detail_key(struct yj_cui *c, int type, wint_t ch)
{
    int nsel = (int)(c->f.cl.n + c->f.c.nitems);
    /* any key but PgDn/PgUp brings the selected line back into view */
    if (!(type == KEY_CODE_YES && (ch == KEY_NPAGE || ch == KEY_PPAGE)))
        c->dsel_seen = -1;
    if (type == KEY_CODE_YES) {
        if (ch == KEY_UP && c->dsel > 0)
            c->dsel--;
        else if (ch == KEY_DOWN && c->dsel + 1 < nsel)
            c->dsel++;
        else if (ch == KEY_HOME)
            c->dsel = 0;
        else if (ch == KEY_NPAGE)
            c->dtop += c->u.rows - 4;
        else if (ch == KEY_PPAGE)
            c->dtop = c->dtop > c->u.rows - 4 ? c->dtop - (c->u.rows - 4) : 0;
        else if (ch == KEY_F(10))
            yj_c_go(c, YJ_C_QUEUE);
        return;
    }
    if (ch == 27) {
        yj_c_go(c, YJ_C_QUEUE);
        return;
    }
    char err[512] = "";
    bool on_mat = c->dsel < (int)c->f.cl.n;
    const char *mat = on_mat && c->f.cl.n ? c->f.cl.rows[c->dsel].material_id : NULL;
    const struct yj_case_item *item = !on_mat && c->dsel - (int)c->f.cl.n < (int)c->f.c.nitems
                                          ? &c->f.c.items[c->dsel - c->f.cl.n]
                                          : NULL;
    switch (ch) {
    case ' ':
    case 'e':
    case 'E':
    case 'm':
    case 'M':
        if (mat) {
            const char *st = ch == ' ' ? "seen" : (ch == 'e' || ch == 'E') ? "exempt" : "missing";
            after(c, yj_cflow_material(&c->f, mat, st, err, sizeof err), err, NULL);
            if (c->dsel + 1 < (int)c->f.cl.n && ch != 'm' && ch != 'M')
                c->dsel++;
        }
        break;
    case 'a':
    case 'A':
        accept_ask(c);
        break;
    case 'r':
    case 'R':
        return_open(c);
        break;
    case 'd':
    case 'D':
    case 'b':
    case 'B':
        if (item)
            item_ask(c, item, ch == 'd' || ch == 'D');
        break;
    case 'h':
    case 'H':
        yj_c_prompt_open(c, YJ_CP_HANDOUT, _("出件：领取人及说明（可空）"), NULL);
        break;
    case 'p':
    case 'P':
        yj_c_print(c, strcmp(c->f.c.status, YJ_CASE_RETURNED) == 0 ? "notice" : "receipt");
        reload(c);
        break;
    case 'u':
    case 'U': {
        const struct yj_thing *t = yj_formset_thing(c->u.set, c->f.c.thing_id);
        if (t == NULL || strcmp(c->f.c.status, YJ_CASE_CLOSED) == 0) {
            snprintf(c->u.note, sizeof c->u.note, "%s", _("此办件不能修改。"));
            break;
        }
        c->editing = true;
        yj_flow_wipe(&c->u.flow);
        yj_flow_begin(&c->u.flow, t, &c->f.c.answers);
        yj_go(&c->u, YJ_SCR_REVIEW);
        c->scr = YJ_C_FLOW;
        break;
    }
    default:
        break;
    }
}

/* ---- the return dialog ---------------------------------------------------- */

void
yj_c_return_draw(struct yj_cui *c)
{
    struct yj_ui *u = &c->u;
    char title[256], line[1024];
    snprintf(title, sizeof title, _("退回补正 · 办件 %s"), c->f.case_no);
    yj_d_header(u, title, NULL);
    yj_d_wrap(2, 2, u->cols - 4, 2,
              _("勾选缺少或不符合要求的材料并写明原因；确认后打印一次性告知单，"
                "一次告知申请人需要补正的全部内容。"),
              YJ_P_NORMAL, 0);
    int y = 5;
    for (size_t i = 0; i <= c->f.cl.n + 1; i++, y++) {
        bool focus = (int)i == c->rsel;
        if (i < c->f.cl.n) {
            snprintf(line, sizeof line, "%s %s — %s", c->ret_on[i] ? "[✗]" : "[  ]",
                     c->f.cl.rows[i].label,
                     c->ret_reason[i] ? c->ret_reason[i]
                     : c->ret_on[i]   ? _("未提交（回车写原因）")
                                      : "");
        } else if (i == c->f.cl.n) {
            snprintf(line, sizeof line, _("其他原因：%s"),
                     c->ret_other ? c->ret_other : _("（回车填写）"));
        } else {
            y++;
            snprintf(line, sizeof line, "%s", _("[ 确认退回并打印一次性告知单 ]"));
        }
        if (focus)
            yj_d_fill(y, 0, 1, u->cols, YJ_P_FOCUS);
        yj_d_text(y, 2, u->cols - 4, line, focus ? YJ_P_FOCUS : YJ_P_NORMAL,
                  i == c->f.cl.n + 1 ? A_BOLD : 0);
    }
    yj_d_footer(u, _("↑↓ 选择  空格 勾选  回车 写原因/确认  Esc 取消"));
}

/* Return the case with the reasons chosen and print the notice slip. */
static void
return_confirm(struct yj_cui *c)
{
    struct yj_return_reason *r = xcalloc(c->f.cl.n + 1, sizeof *r);
    size_t n = 0;
    for (size_t i = 0; i < c->f.cl.n; i++)
        if (c->ret_on[i]) {
            r[n].material_id = c->f.cl.rows[i].material_id;
            r[n].reason = c->ret_reason[i] ? c->ret_reason[i] : _("未提交");
            n++;
        }
    if (!yj_str_empty(c->ret_other))
        r[n++].reason = c->ret_other;
    char err[512];
    int rc = yj_cflow_return(&c->f, r, n, err, sizeof err);
    free(r);
    if (rc != 0) {
        snprintf(c->u.note, sizeof c->u.note, "%s", err);
        return;
    }
    c->scr = YJ_C_DETAIL;
    reload(c);
    yj_c_print(c, "notice");
}

void
yj_c_return_key(struct yj_cui *c, int type, wint_t ch)
{
    int n = (int)c->f.cl.n + 2;
    if (type == KEY_CODE_YES) {
        if (ch == KEY_UP && c->rsel > 0)
            c->rsel--;
        else if (ch == KEY_DOWN && c->rsel + 1 < n)
            c->rsel++;
        return;
    }
    if (ch == 27) {
        c->scr = YJ_C_DETAIL;
        return;
    }
    if (ch == ' ' && c->rsel < (int)c->f.cl.n) {
        c->ret_on[c->rsel] = !c->ret_on[c->rsel];
    } else if (ch == '\r' || ch == '\n') {
        if (c->rsel < (int)c->f.cl.n) {
            char title[256];
            snprintf(title, sizeof title, _("“%s”的补正原因"), c->f.cl.rows[c->rsel].label);
            yj_c_prompt_open(c, YJ_CP_MAT_REASON, title, c->ret_reason[c->rsel]);
        } else if (c->rsel == (int)c->f.cl.n) {
            yj_c_prompt_open(c, YJ_CP_OTHER, _("其他需要补正的内容"), c->ret_other);
        } else {
            return_confirm(c);
        }
    }
}

/* ---- the one-line prompt -------------------------------------------------- */

void
yj_c_prompt_open(struct yj_cui *c, enum yj_cprompt p, const char *title, const char *init)
{
    c->prompt = p;
    snprintf(c->prompt_title, sizeof c->prompt_title, "%s", title);
    yj_eb_set(&c->peb, init ? init : "");
}

void
yj_c_prompt_draw(struct yj_cui *c)
{
    struct yj_ui *u = &c->u;
    int w = u->cols - 10, h = 6, y = u->rows / 2 - 3, x = 5;
    yj_d_fill(y, x, h, w, YJ_P_NORMAL);
    yj_d_box(y, x, h, w, YJ_P_TITLE);
    yj_d_text(y + 1, x + 2, w - 4, c->prompt_title, YJ_P_NORMAL, A_BOLD);
    if (c->prompt == YJ_CP_ACCEPT) {
        yj_d_text(y + 3, x + 2, w - 4, _("[ 确认受理 ]"), YJ_P_FOCUS, A_BOLD);
        yj_d_text(y + 4, x + 2, w - 4, _("回车 确认受理  Esc 取消"), YJ_P_HINT, 0);
        return;
    }
    yj_c_eb_draw(c, &c->peb, y + 3, x + 2, w - 4, YJ_LINE_PINYIN | YJ_LINE_SWITCH, true);
    yj_d_text(y + 4, x + 2, w - 4, _("回车 确定  Esc 取消"), YJ_P_HINT, 0);
}

/* The prompt's text was confirmed. */
static void
prompt_done(struct yj_cui *c, enum yj_cprompt p, const char *text)
{
    char err[512] = "";
    const struct yj_case_item *item = NULL;
    if (c->f.have_case && c->dsel >= (int)c->f.cl.n &&
        c->dsel - (int)c->f.cl.n < (int)c->f.c.nitems)
        item = &c->f.c.items[c->dsel - c->f.cl.n];
    switch (p) {
    case YJ_CP_CERT:
    case YJ_CP_ITEM_REASON:
        if (item) {
            int rc =
                yj_cflow_item_result(&c->f, item->item_id, p == YJ_CP_CERT, text, err, sizeof err);
            after(c, rc, err, p == YJ_CP_CERT ? _("已登记办结。") : _("已登记退回。"));
        }
        break;
    case YJ_CP_ACCEPT:
        accept_do(c);
        break;
    case YJ_CP_HANDOUT:
        after(c, yj_cflow_handout(&c->f, text, err, sizeof err), err, _("已出件，办件办结。"));
        break;
    case YJ_CP_EDIT_REASON:
        if (yj_cflow_edit(&c->f, &c->u.flow.a, text, err, sizeof err) != 0) {
            snprintf(c->u.note, sizeof c->u.note, "%s", err);
            break;
        }
        c->editing = false;
        yj_discard_draft(&c->u);
        yj_flow_wipe(&c->u.flow);
        c->scr = YJ_C_DETAIL;
        after(c, 0, NULL, _("已保存修改，原因已记入办理记录。"));
        break;
    case YJ_CP_MAT_REASON:
        if (c->rsel < (int)c->f.cl.n) {
            free(c->ret_reason[c->rsel]);
            c->ret_reason[c->rsel] = yj_str_empty(text) ? NULL : xstrdup(text);
            c->ret_on[c->rsel] = true;
        }
        break;
    case YJ_CP_OTHER:
        free(c->ret_other);
        c->ret_other = yj_str_empty(text) ? NULL : xstrdup(text);
        break;
    case YJ_CP_NONE:
        break;
    }
}

void
yj_c_prompt_key(struct yj_cui *c, int type, wint_t ch)
{
    if (c->prompt == YJ_CP_ACCEPT && type != KEY_CODE_YES && ch != '\r' && ch != '\n' && ch != 27)
        return; /* a confirmation: only Enter or Esc */
    if (yj_w_ime_toggle_key(&c->u, type, ch))
        return; /* F8 / Ctrl-Space: 中/英 */
    int r = yj_c_eb_key(c, &c->peb, YJ_LINE_PINYIN, type, ch);
    if (r == 0)
        return;
    enum yj_cprompt p = c->prompt;
    c->prompt = YJ_CP_NONE;
    if (r == 1) {
        char *text = xstrdup(c->peb.s);
        prompt_done(c, p, text);
        free(text);
    }
}
