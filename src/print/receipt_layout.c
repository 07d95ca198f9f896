/* receipt_layout.c: the receipt's content, decided once for every renderer. */
#include "print/receipt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/casebuild.h"
#include "core/form.h"
#include "core/i18n.h"
#include "core/idmask.h"
#include "core/plan.h"
#include "core/validate.h"

/* Append one line to the layout. */
static void
add(struct yj_receipt *r, enum yj_rl_kind kind, const char *a, const char *b)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->lines = xreallocarray(r->lines, r->cap, sizeof r->lines[0]);
    }
    r->lines[r->n].kind = kind;
    r->lines[r->n].a = a ? xstrdup(a) : NULL;
    r->lines[r->n].b = b ? xstrdup(b) : NULL;
    r->n++;
}

void
yj_receipt_free(struct yj_receipt *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->lines[i].a);
        free(r->lines[i].b);
    }
    free(r->lines);
    free(r->title);
    free(r->qr_text);
    memset(r, 0, sizeof *r);
}

/* UTC ISO 8601 -> local "YYYY-MM-DD HH:MM"; the input itself if it does not parse. */
static void
local_time(const char *iso, char *out, size_t outsz)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = iso ? strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
    if (end == NULL || (*end != 'Z' && *end != '\0')) {
        snprintf(out, outsz, "%s", iso ? iso : "");
        return;
    }
    time_t t = timegm(&tm);
    struct tm lt;
    localtime_r(&t, &lt);
    strftime(out, outsz, "%Y-%m-%d %H:%M", &lt);
}

/* An item's label, or its id when the form set does not know it. */
static const char *
item_label(const struct yj_formset *set, const char *id, const struct yj_item **it)
{
    *it = set && id ? yj_formset_item(set, id) : NULL;
    return *it ? yj_text(&(*it)->label) : (id ? id : "");
}

/* A department's label, or its id. */
static const char *
dept_label(const struct yj_formset *set, const char *id)
{
    const struct yj_department *d = set && id ? yj_formset_dept(set, id) : NULL;
    return d ? yj_text(&d->label) : (id ? id : "");
}

/* The items applied for, with department and time limit. */
static void
add_items(struct yj_receipt *r, const struct yj_case *c, const struct yj_formset *set)
{
    char head[128];
    snprintf(head, sizeof head, _("办理事项（共 %zu 项）"), c->nitems);
    add(r, YJ_RL_HEADING, head, NULL);
    for (size_t i = 0; i < c->nitems; i++) {
        const struct yj_case_item *ci = &c->items[i];
        const struct yj_item *it;
        const char *label = item_label(set, ci->item_id, &it);
        char limit[96], detail[512];
        if (it && it->ex_officio)
            snprintf(limit, sizeof limit, "%s", _("依职权办理，无需另行申请"));
        else if (ci->time_limit_days == 0)
            snprintf(limit, sizeof limit, "%s", _("即办"));
        else
            snprintf(limit, sizeof limit, _("%d 个工作日"), ci->time_limit_days);
        if (yj_str_empty(ci->due_date) && !(it && it->ex_officio) && yj_case_item_after(set, c, i))
            snprintf(limit, sizeof limit, _("前置事项办结后 %d 个工作日"), ci->time_limit_days);
        if (ci->due_date && *ci->due_date && !(it && it->ex_officio) && ci->time_limit_days > 0)
            snprintf(detail, sizeof detail, _("%s · %s（预计 %s 前办结）"),
                     dept_label(set, ci->dept_id), limit, ci->due_date);
        else
            snprintf(detail, sizeof detail, "%s · %s", dept_label(set, ci->dept_id), limit);
        char num[600];
        snprintf(num, sizeof num, "%zu. %s", i + 1, label);
        add(r, YJ_RL_ITEM, num, detail);
    }
}

/* "材料（事项）", or with the department "材料（事项，部门）", into line. */
static void
material_text(const struct yj_plan_material *m, bool with_dept, char *line, size_t linesz)
{
    if (with_dept && m->item != NULL)
        snprintf(line, linesz, _("%s（%s，%s）"), yj_text(&m->material->label),
                 yj_text(&m->item->label), m->item->dept ? yj_text(&m->item->dept->label) : "");
    else if (m->item != NULL)
        snprintf(line, linesz, _("%s（%s）"), yj_text(&m->material->label),
                 yj_text(&m->item->label));
    else
        snprintf(line, linesz, "%s", yj_text(&m->material->label));
}

/* One planned material as a bullet. */
static void
add_material(struct yj_receipt *r, const struct yj_plan_material *m, bool with_dept)
{
    char line[768];
    material_text(m, with_dept, line, sizeof line);
    add(r, YJ_RL_BULLET, line, NULL);
}

/* The planned material with this id (required or exempt), or NULL. */
static const struct yj_plan_material *
plan_material(const struct yj_plan *plan, const char *id)
{
    for (size_t i = 0; id && i < plan->nrequired_materials; i++)
        if (strcmp(plan->required_materials[i].material->id, id) == 0)
            return &plan->required_materials[i];
    for (size_t i = 0; id && i < plan->nexempt_materials; i++)
        if (strcmp(plan->exempt_materials[i].material->id, id) == 0)
            return &plan->exempt_materials[i];
    return NULL;
}

/* One entry of a notice slip: "材料（事项，部门）：原因", the material alone, or
 * the reason alone. plan may be NULL (the material's id is shown). */
static void
add_notice_entry(struct yj_receipt *r, const struct yj_plan *plan, const struct yj_notice_entry *e)
{
    char what[768], line[2048];
    const struct yj_plan_material *m = plan ? plan_material(plan, e->material_id) : NULL;
    if (m != NULL)
        material_text(m, true, what, sizeof what);
    else
        snprintf(what, sizeof what, "%s", e->material_id ? e->material_id : "");
    if (e->material_id == NULL)
        snprintf(line, sizeof line, "%s", e->reason ? e->reason : "");
    else if (e->reason == NULL || *e->reason == '\0')
        snprintf(line, sizeof line, "%s", what);
    else
        snprintf(line, sizeof line, _("%s：%s"), what, e->reason);
    add(r, YJ_RL_BULLET, line, NULL);
}

/* The common head: centre, title, number, applicant. */
static void
add_head(struct yj_receipt *r, const struct yj_case *c, const struct yj_formset *set,
         const struct yj_receipt_info *info, const char *title)
{
    add(r, YJ_RL_TITLE, info->centre_name ? info->centre_name : _("政务服务中心"), NULL);
    add(r, YJ_RL_CENTRE, title, NULL);
    add(r, YJ_RL_CASENO, _("办件编号"), c->case_no ? c->case_no : "");
    add(r, YJ_RL_RULE, NULL, NULL);
    const struct yj_thing *t = set && c->thing_id ? yj_formset_thing(set, c->thing_id) : NULL;
    add(r, YJ_RL_KV, _("申请事项"), t ? yj_text(&t->label) : (c->thing_id ? c->thing_id : ""));
    add(r, YJ_RL_KV, _("申请人"), c->applicant_name ? c->applicant_name : "");
    char masked[128];
    yj_mask_id(c->applicant_id, masked, sizeof masked);
    add(r, YJ_RL_KV, _("证件号码"), masked);
    /* an assisted case: who came in the applicant's stead (委托代办) */
    const char *agent = yj_answers_get(&c->answers, "auth.agent_name");
    if (!yj_str_empty(agent)) {
        char line[256];
        yj_mask_id(yj_answers_get(&c->answers, "auth.agent_id_number"), masked, sizeof masked);
        snprintf(line, sizeof line, "%s（%s）", agent, masked);
        add(r, YJ_RL_KV, _("代办人"), line);
    }
    char when[64];
    local_time(c->submitted_at, when, sizeof when);
    add(r, YJ_RL_KV, _("提交时间"), when);
}

/* The common foot: where, when printed, the QR. */
static void
add_foot(struct yj_receipt *r, const struct yj_receipt_info *info)
{
    add(r, YJ_RL_RULE, NULL, NULL);
    char where[256];
    if (info->centre_code && *info->centre_code)
        snprintf(where, sizeof where, "%s（%s）", info->centre_name ? info->centre_name : "",
                 info->centre_code);
    else
        snprintf(where, sizeof where, "%s", info->centre_name ? info->centre_name : "");
    add(r, YJ_RL_KV, _("服务中心"), where);
    add(r, YJ_RL_KV, _("终端"), info->terminal_id ? info->terminal_id : "");
    add(r, YJ_RL_KV, _("打印时间"), info->printed_at ? info->printed_at : "");
    if (info->qr_text != NULL) {
        r->qr_text = xstrdup(info->qr_text);
        r->qr_number_only = info->qr_number_only;
        add(r, YJ_RL_QR,
            info->qr_unsigned ? _("本终端尚未生成签名密钥，此二维码仅供查看，窗口不能据此导入")
            : info->qr_number_only && info->qr_no_centre
                ? _("二维码仅含办件编号和终端签名，窗口须从上级系统调取办件")
            : info->qr_number_only
                ? _("办件信息较多，二维码仅含办件编号和终端签名，窗口须从上级系统调取办件")
                : _("窗口扫描此码即可调取本办件"),
            NULL);
    }
}

int
yj_receipt_build(struct yj_receipt *r, const struct yj_case *c, const struct yj_formset *set,
                 const struct yj_receipt_info *info, char *msg, size_t msgsz)
{
    memset(r, 0, sizeof *r);
    bool notice = info->kind && strcmp(info->kind, "notice") == 0;
    if (info->kind && !notice && strcmp(info->kind, "receipt") != 0) {
        snprintf(msg, msgsz, _("未知的单据类型：%s（可用 receipt 或 notice）"), info->kind);
        return -1;
    }
    /* Materials come from the plan, the same code path as the screens. */
    struct yj_plan plan;
    memset(&plan, 0, sizeof plan);
    bool have_plan = false, planned = false;
    const struct yj_thing *t = set && c->thing_id ? yj_formset_thing(set, c->thing_id) : NULL;
    struct yj_answers a;
    yj_answers_init(&a);
    if (t != NULL) {
        yj_answers_copy(&a, &c->answers);
        have_plan = yj_plan_build(&plan, set, t, &a) == 0;
        planned = true;
    }
    bool listed = notice && info->nnotice > 0; /* the counter's records, not the plan */
    if (notice && !listed && have_plan && plan.nrequired_materials == 0) {
        snprintf(msg, msgsz, "%s", _("本办件没有需要补正的材料，无需打印一次性告知单"));
        goto fail;
    }
    if (notice && !listed && !have_plan) {
        snprintf(msg, msgsz, "%s", _("找不到本办件的表单定义，无法列出需补正的材料"));
        goto fail;
    }
    const char *title;
    if (notice)
        title = _("一次性告知单");
    else if (c->status == NULL || strcmp(c->status, YJ_CASE_SUBMITTED) == 0)
        title = _("一件事申请回执");
    else
        title = _("一件事受理回执");
    r->title = xasprintf("%s %s", title, c->case_no ? c->case_no : "");
    add_head(r, c, set, info, title);

    if (notice) {
        add(r, YJ_RL_TEXT,
            _("您申请的事项还需补正以下材料。根据《中华人民共和国行政许可法》第三十二条，"
              "现将需要补正的全部内容一次性告知如下："),
            NULL);
        char head[128];
        if (listed) {
            snprintf(head, sizeof head, _("需补正的内容（共 %zu 项）"), info->nnotice);
            add(r, YJ_RL_HEADING, head, NULL);
            for (size_t i = 0; i < info->nnotice; i++)
                add_notice_entry(r, have_plan ? &plan : NULL, &info->notice[i]);
        } else {
            snprintf(head, sizeof head, _("需补正的材料（共 %zu 项）"), plan.nrequired_materials);
            add(r, YJ_RL_HEADING, head, NULL);
            for (size_t i = 0; i < plan.nrequired_materials; i++)
                add_material(r, &plan.required_materials[i], true);
        }
        add(r, YJ_RL_HEADING, _("接下来"), NULL);
        add(r, YJ_RL_TEXT,
            _("请备齐上述全部材料后，携带本告知单和身份证件到综合窗口办理；"
              "材料齐全后即予受理，不再另行要求其他材料。"),
            NULL);
        if (c->clerk_id && *c->clerk_id)
            add(r, YJ_RL_KV, _("告知人"), c->clerk_id);
    } else {
        add_items(r, c, set);
        if (have_plan) {
            add(r, YJ_RL_HEADING, _("还需提交的材料"), NULL);
            if (plan.nrequired_materials == 0)
                add(r, YJ_RL_TEXT, _("无需另外提交材料。"), NULL);
            for (size_t i = 0; i < plan.nrequired_materials; i++)
                add_material(r, &plan.required_materials[i], false);
            if (plan.nexempt_materials > 0) {
                add(r, YJ_RL_HEADING, _("免提交材料（已调取电子证照）"), NULL);
                for (size_t i = 0; i < plan.nexempt_materials; i++)
                    add_material(r, &plan.exempt_materials[i], false);
            }
        } else {
            add(r, YJ_RL_HEADING, _("还需提交的材料"), NULL);
            add(r, YJ_RL_TEXT, _("材料清单请向综合窗口咨询。"), NULL);
        }
        add(r, YJ_RL_HEADING, _("接下来"), NULL);
        if (have_plan && plan.nrequired_materials > 0)
            add(r, YJ_RL_TEXT,
                _("请携带上述材料原件和本回执到综合窗口，工作人员核验材料后受理；"
                  "各事项按承诺时限办理，办结后凭本回执和身份证件领取结果。"),
                NULL);
        else
            add(r, YJ_RL_TEXT,
                _("请凭本回执到综合窗口确认，工作人员受理后，"
                  "各事项按承诺时限办理，办结后凭本回执和身份证件领取结果。"),
                NULL);
    }
    add(r, YJ_RL_HEADING, _("查询进度"), NULL);
    if (info->phone && *info->phone) {
        char line[512];
        snprintf(line, sizeof line,
                 _("凭办件编号在本中心自助终端或综合窗口查询办理进度，也可拨打 %s 查询。"),
                 info->phone);
        add(r, YJ_RL_TEXT, line, NULL);
    } else {
        add(r, YJ_RL_TEXT, _("凭办件编号在本中心自助终端或综合窗口查询办理进度。"), NULL);
    }
    add_foot(r, info);
    if (planned)
        yj_plan_free(&plan);
    yj_answers_free(&a);
    return 0;
fail:
    if (planned)
        yj_plan_free(&plan);
    yj_answers_free(&a);
    yj_receipt_free(r);
    return -1;
}

int
yj_paper_parse(const char *s)
{
    static const char *const names[] = {"a4", "a5", "80mm", "58mm"};
    for (size_t i = 0; s && i < YJ_ARRAY_LEN(names); i++)
        if (strcasecmp(s, names[i]) == 0)
            return (int)i;
    return -1;
}

double
yj_paper_width_mm(enum yj_paper p)
{
    static const double w[] = {210, 148, 80, 58};
    return w[p];
}

bool
yj_paper_is_roll(enum yj_paper p)
{
    return p == YJ_PAPER_80MM || p == YJ_PAPER_58MM;
}
