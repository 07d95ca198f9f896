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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),          cmocka_unit_test(test_merged_form_and_derived),
        cmocka_unit_test(test_errors),        cmocka_unit_test(test_eligibility_and_conditions),
        cmocka_unit_test(test_full_and_json), cmocka_unit_test(test_warning_confirmation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
