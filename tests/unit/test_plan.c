/* test_plan.c: loading a form set and planning an application. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/answers.h"
#include "core/form.h"
#include "core/plan.h"
#include "core/readiness.h"
#include "core/util.h"

static struct yj_formset *
mini(void)
{
    const char *src = getenv("YJ_SRC");
    char *dir = xasprintf("%s/tests/fixtures/forms-mini", src ? src : ".");
    struct yj_formset *set = yj_formset_load(dir);
    free(dir);
    if (set->nproblems)
        yj_formset_print_problems(set, stderr);
    assert_int_equal(set->nproblems, 0);
    return set;
}

static const struct yj_issue *
issue_for(const struct yj_plan *p, const char *field)
{
    for (size_t i = 0; i < p->nissues; i++)
        if (p->issues[i].field && strcmp(p->issues[i].field->id, field) == 0)
            return &p->issues[i];
    return NULL;
}

static void
base_answers(struct yj_answers *a)
{
    yj_answers_init(a);
    yj_answers_set(a, "guide.born_sh", "yes");
    yj_answers_set(a, "mother.name", "王丽");
    yj_answers_set(a, "mother.id_number", "11010519491231002X");
    yj_answers_set(a, "baby.birth_date", "2026-10-01");
}

static void
test_load(void **state)
{
    (void)state;
    struct yj_formset *set = mini();
    assert_int_equal(set->nfields, 6);
    assert_int_equal(set->nitems, 2);
    const struct yj_item *reg = yj_formset_item(set, "birth.reg");
    assert_non_null(reg);
    assert_int_equal(reg->ndepends, 1);
    assert_ptr_equal(reg->deps[0], yj_formset_item(set, "birth.cert"));
    assert_string_equal(yj_text(&reg->dept->label), "公安部门");
    assert_int_equal(strlen(set->version), 16);
    yj_formset_free(&set);
    assert_null(set);
}

static void
test_merged_form_and_derived(void **state)
{
    (void)state;
    setenv("YJ_TODAY", "2026-11-23", 1);
    struct yj_formset *set = mini();
    struct yj_answers a;
    base_answers(&a);
    struct yj_plan p;
    yj_plan_build(&p, set, yj_formset_thing(set, "birth"), &a);
    assert_true(p.eligible);
    assert_int_equal(p.nitems, 2);
    /* mother.name is in both items but asked once */
    assert_int_equal(p.fields_sum, 6);
    assert_int_equal(p.fields_merged, 5);
    assert_int_equal(p.nsections, 2);
    /* the shared id card material is listed once, exempt by e-licence */
    assert_int_equal(p.nexempt_materials, 1);
    assert_int_equal(p.nrequired_materials, 1);
    /* derived gender from the ID number */
    assert_string_equal(yj_answers_get(&a, "mother.gender"), "F");
    assert_int_equal(p.nerrors, 0);
    assert_true(yj_plan_ok(&p));
    char *d = yj_plan_departments_json(&p, &a);
    assert_non_null(strstr(d, "\"XB\":\"F\""));
    assert_non_null(strstr(d, "\"police\""));
    free(d);
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
}

static void
test_errors(void **state)
{
    (void)state;
    setenv("YJ_TODAY", "2026-11-23", 1);
    struct yj_formset *set = mini();
    struct yj_answers a;
    base_answers(&a);
    yj_answers_set(&a, "mother.id_number", "110105194912310021");
    yj_answers_set(&a, "baby.birth_date", "2025-01-01");
    yj_answers_set(&a, "mother.name", "王丽王丽王丽王丽王丽王丽");
    struct yj_plan p;
    yj_plan_build(&p, set, yj_formset_thing(set, "birth"), &a);
    assert_false(yj_plan_ok(&p));
    assert_non_null(issue_for(&p, "mother.id_number"));
    assert_non_null(issue_for(&p, "baby.birth_date")); /* more than a year ago */
    const struct yj_issue *r = issue_for(&p, "mother.name");
    assert_non_null(r);
    assert_string_equal(r->rule, "r1");
    assert_string_equal(r->msg, "名字太长");
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
}

static void
test_eligibility_and_conditions(void **state)
{
    (void)state;
    struct yj_formset *set = mini();
    const struct yj_thing *t = yj_formset_thing(set, "birth");
    struct yj_answers a;
    yj_answers_init(&a);
    struct yj_plan p;
    yj_plan_build(&p, set, t, &a);
    assert_false(p.guide_complete);
    assert_false(p.eligible);
    assert_int_equal(p.nineligible, 0); /* nothing said before the guide is answered */
    /* the second item depends on an answer */
    assert_int_equal(p.nitems, 1);
    yj_plan_free(&p);
    yj_answers_set(&a, "guide.born_sh", "no");
    yj_plan_build(&p, set, t, &a);
    assert_false(p.eligible);
    assert_int_equal(p.nineligible, 1);
    assert_string_equal(p.ineligible[0], "请到出生地办理");
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
}

static void
test_full_and_json(void **state)
{
    (void)state;
    struct yj_formset *set = mini();
    struct yj_plan p;
    yj_plan_build_full(&p, set, yj_formset_thing(set, "birth"));
    assert_int_equal(p.nitems, 2);
    assert_int_equal(p.fields_merged, 5);
    char *j = yj_plan_to_json(&p, NULL);
    assert_non_null(strstr(j, "\"sections\""));
    assert_non_null(strstr(j, "\"required\": true"));
    free(j);
    yj_plan_free(&p);
    yj_formset_free(&set);
}

static void
test_warning_confirmation(void **state)
{
    (void)state;
    setenv("YJ_TODAY", "2026-11-23", 1);
    struct yj_formset *set = mini();
    const struct yj_field *f = yj_formset_field(set, "mother.bank_account");
    char key[128];
    yj_confirm_key(f, key, sizeof key);
    assert_string_equal(key, "_confirm.mother.bank_account");
    struct yj_answers a;
    base_answers(&a);
    /* fails the Luhn check: a warning that blocks until confirmed */
    yj_answers_set(&a, "mother.bank_account", "6222021234567890124");
    struct yj_plan p;
    yj_plan_build(&p, set, yj_formset_thing(set, "birth"), &a);
    assert_int_equal(p.nerrors, 0);
    assert_int_equal(p.nwarnings, 1);
    assert_int_equal(issue_for(&p, "mother.bank_account")->level, YJ_V_WARN);
    assert_false(yj_plan_ok(&p));
    yj_plan_free(&p);
    yj_answers_set(&a, key, "6222021234567890124");
    yj_plan_build(&p, set, yj_formset_thing(set, "birth"), &a);
    assert_int_equal(p.nwarnings, 0);
    assert_true(yj_plan_ok(&p));
    /* ... and is kept as confirmed, with its message, for the review page */
    assert_int_equal(p.nconfirmed, 1);
    assert_string_equal(p.confirmed[0].field->id, "mother.bank_account");
    assert_non_null(p.confirmed[0].msg);
    assert_true(p.confirmed[0].msg[0] != '\0');
    yj_plan_free(&p);
    /* a confirmation of another value does not carry over */
    yj_answers_set(&a, "mother.bank_account", "6222021234567890132");
    yj_plan_build(&p, set, yj_formset_thing(set, "birth"), &a);
    assert_int_equal(p.nwarnings, 1);
    assert_false(yj_plan_ok(&p));
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
}

/* The real form set and one of its example answer files. */
static struct yj_formset *
real_forms(struct yj_answers *a, const char *example)
{
    const char *src = getenv("YJ_SRC");
    char *dir = xasprintf("%s/forms", src ? src : ".");
    struct yj_formset *set = yj_formset_load(dir);
    if (set->nproblems)
        yj_formset_print_problems(set, stderr);
    assert_int_equal(set->nproblems, 0);
    char *path = xasprintf("%s/examples/%s.json", dir, example);
    char err[256];
    yj_answers_init(a);
    assert_int_equal(yj_answers_load_file(a, path, err, sizeof err), 0);
    free(path);
    free(dir);
    return set;
}

/* 一周岁以内: a baby born exactly one year before today is not eligible, a day later is. */
static void
test_birth_within_one_year(void **state)
{
    (void)state;
    setenv("YJ_TODAY", "2026-11-23", 1);
    struct yj_answers a;
    struct yj_formset *set = real_forms(&a, "birth");
    const struct yj_thing *t = yj_formset_thing(set, "birth");
    struct yj_plan p;
    yj_plan_build(&p, set, t, &a);
    assert_true(yj_plan_ok(&p));
    yj_plan_free(&p);
    yj_answers_set(&a, "baby.birth_date", "2025-11-23");
    yj_plan_build(&p, set, t, &a);
    const struct yj_issue *is = issue_for(&p, "baby.birth_date");
    assert_non_null(is);
    assert_int_equal(is->level, YJ_V_ERR);
    assert_non_null(strstr(is->msg, "一周岁以内"));
    yj_plan_free(&p);
    yj_answers_set(&a, "baby.birth_date", "2025-11-24");
    yj_plan_build(&p, set, t, &a);
    assert_null(issue_for(&p, "baby.birth_date"));
    yj_plan_free(&p);
    /* a baby's name outside 通用规范汉字表: a warning to confirm */
    yj_answers_set(&a, "baby.name", "李愛華");
    yj_plan_build(&p, set, t, &a);
    is = issue_for(&p, "baby.name");
    assert_non_null(is);
    assert_int_equal(is->level, YJ_V_WARN);
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
}

/* Readiness of one item in a plan where the items in done[] are finished. */
static enum yj_ready
ready_in_plan(const struct yj_plan *p, const char *id, const char *const *done)
{
    struct yj_ready_in in[64];
    size_t n = p->nitems, at = n;
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++) {
        const struct yj_item *it = p->items[i];
        in[i].id = it->id;
        in[i].status = "pending";
        for (size_t k = 0; done[k] != NULL; k++)
            if (strcmp(done[k], it->id) == 0)
                in[i].status = "done";
        in[i].deps = (const char *const *)it->depends_on;
        in[i].ndeps = it->ndepends;
        if (strcmp(it->id, id) == 0)
            at = i;
    }
    assert_true(at < n);
    return yj_ready_item(in, n, at, NULL);
}

/* The after-death items of issue 14 with their departments and dependencies. */
static void
test_death_items(void **state)
{
    (void)state;
    setenv("YJ_TODAY", "2026-11-23", 1);
    struct yj_answers a;
    struct yj_formset *set = real_forms(&a, "death");
    const struct yj_thing *t = yj_formset_thing(set, "death");
    assert_string_equal(yj_text(&t->label), "个人身后一件事");
    /* the applicant is the family member or agent, never the deceased */
    assert_string_equal(t->applicant_name->id, "agent.name");
    assert_string_equal(t->applicant_id->id, "agent.id_number");
    struct yj_plan p;
    yj_plan_build(&p, set, t, &a);
    assert_true(yj_plan_ok(&p));
    assert_true(yj_plan_has_item(&p, "death.cremation"));
    assert_true(yj_plan_has_item(&p, "death.survivor_benefit"));
    assert_true(yj_plan_has_item(&p, "death.ssc_cancel"));
    assert_true(yj_plan_has_item(&p, "death.elderly_allowance_stop"));
    assert_true(yj_plan_has_item(&p, "death.medins_account_payout")); /* 职工医保 */
    assert_false(yj_plan_has_item(&p, "death.funeral_grant"));        /* part of 遗属待遇 */
    /* a cremation area: 遗属待遇 waits for the cremation certificate */
    static const char *const cert[] = {"death.certificate_hospital", NULL};
    assert_int_equal(ready_in_plan(&p, "death.survivor_benefit", cert), YJ_READY_WAITING);
    static const char *const cert_crem[] = {"death.certificate_hospital", "death.cremation", NULL};
    assert_int_equal(ready_in_plan(&p, "death.survivor_benefit", cert_crem), YJ_READY_NOW);
    assert_int_equal(ready_in_plan(&p, "death.ssc_cancel", cert_crem), YJ_READY_WAITING);
    yj_plan_free(&p);

    /* 土葬区: no cremation, and the funeral grant is ready after the death certificate */
    yj_answers_set(&a, "guide.funeral_type", "burial");
    yj_plan_build(&p, set, t, &a);
    assert_false(yj_plan_has_item(&p, "death.cremation"));
    assert_true(yj_plan_has_item(&p, "death.survivor_benefit"));
    assert_int_equal(ready_in_plan(&p, "death.survivor_benefit", cert), YJ_READY_NOW);
    for (size_t s = 0; s < p.nsections; s++) /* the cremation fields are not asked */
        for (size_t k = 0; k < p.sections[s].nfields; k++)
            assert_null(strstr(p.sections[s].fields[k]->id, "cremation."));
    yj_plan_free(&p);

    /* an accident: police certificate only without treatment by a medical institution */
    yj_answers_set(&a, "guide.death_category", "abnormal");
    yj_answers_set(&a, "guide.abnormal_treated", "yes");
    yj_plan_build(&p, set, t, &a);
    assert_true(yj_plan_has_item(&p, "death.certificate_hospital"));
    assert_false(yj_plan_has_item(&p, "death.certificate_police"));
    yj_plan_free(&p);
    yj_answers_set(&a, "guide.abnormal_treated", "no");
    yj_plan_build(&p, set, t, &a);
    assert_false(yj_plan_has_item(&p, "death.certificate_hospital"));
    assert_true(yj_plan_has_item(&p, "death.certificate_police"));
    yj_plan_free(&p);

    /* 居民医保: no personal account, no payout, and no payee asked for it alone */
    yj_answers_set(&a, "guide.medical_scheme", "resident");
    yj_plan_build(&p, set, t, &a);
    assert_true(yj_plan_has_item(&p, "death.medins_terminate"));
    assert_false(yj_plan_has_item(&p, "death.medins_account_payout"));
    yj_plan_free(&p);

    /* an employee: 失业 and 工伤 settlement; allowances stopped; vehicles and insurance */
    yj_answers_set(&a, "guide.pension", "employee");
    yj_answers_set(&a, "guide.unemployment_benefit", "no");
    yj_answers_set(&a, "guide.dibao", "yes");
    yj_answers_set(&a, "guide.disabled", "yes");
    yj_answers_set(&a, "guide.disability_subsidy", "yes");
    yj_answers_set(&a, "guide.estate_inquiry", "yes");
    yj_answers_set(&a, "guide.insurance_inquiry", "yes");
    yj_plan_build(&p, set, t, &a);
    static const struct {
        const char *item, *dept;
    } want[] = {
        {"death.unemployment_settlement", "hrss"},
        {"death.injury_settlement", "hrss"},
        {"death.ssc_cancel", "hrss"},
        {"death.survivor_benefit", "hrss"},
        {"death.dibao_stop", "social_assistance"},
        {"death.disability_subsidy_stop", "social_assistance"},
        {"death.elderly_allowance_stop", "social_assistance"},
        {"death.vehicle_inquiry", "traffic_police"},
        {"death.real_estate_inquiry", "real_estate"},
        {"death.insurance_inquiry", "insurers"},
        {"death.travel_document_cancel", "exit_entry"},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_true(yj_plan_has_item(&p, want[i].item));
        const struct yj_item *it = yj_formset_item(set, want[i].item);
        assert_string_equal(it->dept->id, want[i].dept);
    }
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
}

/* Fewer fields to type: what is known is copied in (shown filled, editable). */
static void
test_defaults(void **state)
{
    (void)state;
    setenv("YJ_TODAY", "2026-11-23", 1);
    struct yj_answers a;
    struct yj_formset *set = real_forms(&a, "birth");
    const struct yj_thing *t = yj_formset_thing(set, "birth");
    static const char *const copied[] = {
        "household.head_name", "household.region", "household.relationship", "medins.region",
        "logistics.recipient", "logistics.mobile", "logistics.region",       "logistics.address"};
    char *want[8];
    for (size_t i = 0; i < 8; i++) {
        want[i] = xstrdup(yj_answers_get(&a, copied[i]));
        yj_answers_set(&a, copied[i], NULL);
    }
    struct yj_plan p;
    yj_plan_build(&p, set, t, &a);
    for (size_t i = 0; i < 8; i++) {
        assert_non_null(yj_answers_get(&a, copied[i]));
        assert_string_equal(yj_answers_get(&a, copied[i]), want[i]);
        free(want[i]);
    }
    assert_true(yj_plan_ok(&p));
    yj_plan_free(&p);
    /* what the person changes stays */
    yj_answers_set(&a, "logistics.recipient", "王浩然");
    yj_plan_build(&p, set, t, &a);
    assert_string_equal(yj_answers_get(&a, "logistics.recipient"), "王浩然");
    yj_plan_free(&p);
    /* the household follows the mother: her name and her ID number's district */
    yj_answers_set(&a, "baby.hukou_follow", "mother");
    yj_answers_set(&a, "household.head_name", NULL);
    yj_answers_set(&a, "household.region", NULL);
    yj_answers_set(&a, "mother.id_number", "310115199405120021");
    yj_plan_build(&p, set, t, &a);
    assert_string_equal(yj_answers_get(&a, "household.head_name"), "李晓雯");
    assert_string_equal(yj_answers_get(&a, "household.region"), "310115");
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);

    /* death: the district of the deceased's ID number, only when it is in force */
    set = real_forms(&a, "death");
    t = yj_formset_thing(set, "death");
    yj_answers_set(&a, "deceased.hukou_region", NULL);
    yj_plan_build(&p, set, t, &a);
    assert_string_equal(yj_answers_get(&a, "deceased.hukou_region"), "310106");
    yj_plan_free(&p);
    yj_answers_set(&a, "deceased.hukou_region", NULL);
    yj_answers_set(&a, "deceased.id_number", "310108194103150130"); /* 闸北区, abolished */
    yj_answers_set(&a, "deceased.birth_date", NULL);
    yj_plan_build(&p, set, t, &a);
    assert_null(yj_answers_get(&a, "deceased.hukou_region"));
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
}

/* 医疗付费一件事: the refund, and the assistance after it only for a recipient. */
static void
test_medical(void **state)
{
    (void)state;
    setenv("YJ_TODAY", "2026-11-23", 1);
    struct yj_answers a;
    struct yj_formset *set = real_forms(&a, "medical");
    const struct yj_thing *t = yj_formset_thing(set, "medical");
    assert_non_null(t);
    assert_string_equal(t->applicant_name->id, "patient.name");
    struct yj_plan p;
    yj_plan_build(&p, set, t, &a);
    assert_true(yj_plan_ok(&p));
    assert_int_equal(p.nitems, 2);
    assert_string_equal(p.items[0]->dept->id, "medical_insurance");
    assert_string_equal(p.items[1]->dept->id, "social_assistance");
    /* the gender comes from the ID number */
    assert_string_equal(yj_answers_get(&a, "patient.gender"), "F");
    /* the assistance waits for the refund */
    const char *none[] = {NULL}, *refunded[] = {"medical.reimbursement", NULL};
    assert_int_equal(ready_in_plan(&p, "medical.assistance", none), YJ_READY_WAITING);
    assert_int_equal(ready_in_plan(&p, "medical.assistance", refunded), YJ_READY_NOW);
    /* the discharge summary only for a hospital stay, the ID card exempt */
    assert_int_equal(p.nrequired_materials, 3);
    assert_int_equal(p.nexempt_materials, 3);
    yj_plan_free(&p);
    /* not a recipient: the refund only, and no assistance section */
    yj_answers_set(&a, "guide.assistance_recipient", "no");
    yj_answers_set(&a, "treatment.kind", "outpatient");
    yj_answers_set(&a, "treatment.end_date", "2026-10-12");
    yj_plan_build(&p, set, t, &a);
    assert_true(yj_plan_ok(&p));
    assert_int_equal(p.nitems, 1);
    assert_false(yj_plan_has_item(&p, "medical.assistance"));
    assert_int_equal(p.nsections, 3);
    assert_int_equal(p.nrequired_materials, 2);
    yj_plan_free(&p);
    /* an outpatient visit over two days is refused */
    yj_answers_set(&a, "treatment.end_date", "2026-10-13");
    yj_plan_build(&p, set, t, &a);
    assert_false(yj_plan_ok(&p));
    assert_non_null(issue_for(&p, "treatment.end_date"));
    yj_plan_free(&p);
    /* the certificate number's pattern, with its own message */
    yj_answers_set(&a, "guide.assistance_recipient", "yes");
    yj_answers_set(&a, "treatment.end_date", "2026-10-12");
    yj_answers_set(&a, "assistance.certificate_number", "ja2019");
    yj_plan_build(&p, set, t, &a);
    const struct yj_issue *is = issue_for(&p, "assistance.certificate_number");
    assert_non_null(is);
    assert_int_equal(is->level, YJ_V_ERR);
    assert_non_null(strstr(is->msg, "两个大写字母"));
    yj_plan_free(&p);
    yj_answers_set(&a, "assistance.certificate_number", "JA20191");
    yj_plan_build(&p, set, t, &a);
    assert_null(issue_for(&p, "assistance.certificate_number"));
    assert_true(yj_plan_ok(&p));
    yj_plan_free(&p);
    /* the guide's total does not grow as follow-up questions come into play */
    struct yj_answers g;
    yj_answers_init(&g);
    yj_plan_build(&p, set, t, &g);
    assert_int_equal(yj_plan_guide_total(&p, &g), 3);
    yj_plan_free(&p);
    yj_answers_set(&g, "guide.medins_shanghai", "yes");
    yj_plan_build(&p, set, t, &g);
    assert_int_equal(yj_plan_guide_total(&p, &g), 3);
    yj_plan_free(&p);
    yj_answers_set(&g, "guide.medins_shanghai", "no"); /* no follow-up any more */
    yj_plan_build(&p, set, t, &g);
    assert_int_equal(yj_plan_guide_total(&p, &g), 1);
    yj_plan_free(&p);
    yj_answers_free(&g);
    /* settled at the hospital: nothing to claim */
    yj_answers_set(&a, "guide.paid_in_advance", "no");
    yj_plan_build(&p, set, t, &a);
    assert_false(p.eligible);
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
}

/* Issue 15: an answer that turns a person away decides at once; the
 * same-person and gender consistency rules of the real forms. */
static void
test_consistency(void **state)
{
    (void)state;
    setenv("YJ_TODAY", "2026-11-23", 1);
    struct yj_answers a;
    struct yj_formset *set = real_forms(&a, "birth");
    const struct yj_thing *t = yj_formset_thing(set, "birth");
    struct yj_plan p;
    struct yj_answers g;
    yj_answers_init(&g);
    yj_answers_set(&g, "guide.born_in_shanghai", "no");
    yj_plan_build(&p, set, t, &g);
    assert_false(p.guide_complete);
    assert_int_equal(p.nineligible, 1); /* said at the first question */
    yj_plan_free(&p);
    yj_answers_set(&g, "guide.born_in_shanghai", "yes");
    yj_plan_build(&p, set, t, &g);
    assert_int_equal(p.nineligible, 0); /* the others are not answered yet */
    yj_plan_free(&p);
    yj_answers_free(&g);
    /* a girl as 子 of the head of household: a warning, then confirmed */
    yj_answers_set(&a, "baby.gender", "F");
    yj_answers_set(&a, "household.relationship", "son");
    yj_plan_build(&p, set, t, &a);
    const struct yj_issue *is = issue_for(&p, "household.relationship");
    assert_non_null(is);
    assert_int_equal(is->level, YJ_V_WARN);
    assert_string_equal(is->rule, "girl_as_son");
    yj_plan_free(&p);
    yj_answers_set(&a, "_confirm.household.relationship", "son");
    yj_plan_build(&p, set, t, &a);
    assert_null(issue_for(&p, "household.relationship"));
    assert_int_equal(p.nconfirmed, 1);
    assert_string_equal(p.confirmed[0].rule, "girl_as_son");
    yj_plan_free(&p);
    yj_answers_set(&a, "baby.gender", "M"); /* a boy as 子: nothing to say */
    yj_plan_build(&p, set, t, &a);
    assert_null(issue_for(&p, "household.relationship"));
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
    /* the deceased as the new head of household: refused */
    set = real_forms(&a, "death");
    t = yj_formset_thing(set, "death");
    char dec[32];
    snprintf(dec, sizeof dec, "%s", yj_answers_get(&a, "deceased.id_number"));
    yj_answers_set(&a, "household.new_head_id_number", dec);
    yj_plan_build(&p, set, t, &a);
    is = issue_for(&p, "household.new_head_id_number");
    assert_non_null(is);
    assert_int_equal(is->level, YJ_V_ERR);
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_merged_form_and_derived),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_eligibility_and_conditions),
        cmocka_unit_test(test_full_and_json),
        cmocka_unit_test(test_warning_confirmation),
        cmocka_unit_test(test_birth_within_one_year),
        cmocka_unit_test(test_death_items),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_medical),
        cmocka_unit_test(test_consistency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
