/* test_readiness.c: which items of a case are ready under depends_on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/case.h"
#include "core/readiness.h"

/* The death bundle in miniature: the certificate first, cremation after it,
 * hukou cancellation after the certificate, benefits after the cancellation. */
static const char *const dep_cert[] = {"death.certificate"};
static const char *const dep_hukou[] = {"death.hukou_cancel"};

static void
death(struct yj_ready_in *v, const char *cert, const char *crem, const char *hukou,
      const char *benefit)
{
    v[0] = (struct yj_ready_in){"death.benefits", benefit, dep_hukou, 1};
    v[1] = (struct yj_ready_in){"death.cremation", crem, dep_cert, 1};
    v[2] = (struct yj_ready_in){"death.hukou_cancel", hukou, dep_cert, 1};
    v[3] = (struct yj_ready_in){"death.certificate", cert, NULL, 0};
}

static void
test_initial(void **state)
{
    (void)state;
    struct yj_ready_in v[4];
    death(v, YJ_ITEM_ACCEPTED, YJ_ITEM_ACCEPTED, YJ_ITEM_ACCEPTED, YJ_ITEM_ACCEPTED);
    long w = 99;
    assert_int_equal(yj_ready_item(v, 4, 3, &w), YJ_READY_NOW);
    assert_int_equal(w, -1);
    assert_int_equal(yj_ready_item(v, 4, 1, &w), YJ_READY_WAITING);
    assert_int_equal(w, 3);
    assert_int_equal(yj_ready_item(v, 4, 2, NULL), YJ_READY_WAITING);
    assert_int_equal(yj_ready_item(v, 4, 0, &w), YJ_READY_WAITING);
    assert_int_equal(w, 2);
    assert_false(yj_ready_all_settled(v, 4));
}

static void
test_progress(void **state)
{
    (void)state;
    struct yj_ready_in v[4];
    death(v, YJ_ITEM_DONE, YJ_ITEM_ACCEPTED, YJ_ITEM_ACCEPTED, YJ_ITEM_ACCEPTED);
    assert_int_equal(yj_ready_item(v, 4, 3, NULL), YJ_READY_FINISHED);
    assert_int_equal(yj_ready_item(v, 4, 1, NULL), YJ_READY_NOW);
    assert_int_equal(yj_ready_item(v, 4, 2, NULL), YJ_READY_NOW);
    /* benefits still wait for the hukou cancellation */
    assert_int_equal(yj_ready_item(v, 4, 0, NULL), YJ_READY_WAITING);
    death(v, YJ_ITEM_CERTIFICATE, YJ_ITEM_DONE, YJ_ITEM_DONE, YJ_ITEM_PENDING);
    assert_int_equal(yj_ready_item(v, 4, 0, NULL), YJ_READY_NOW);
    death(v, YJ_ITEM_DONE, YJ_ITEM_DONE, YJ_ITEM_DONE, YJ_ITEM_DONE);
    assert_true(yj_ready_all_settled(v, 4));
}

static void
test_returned_blocks(void **state)
{
    (void)state;
    struct yj_ready_in v[4];
    death(v, YJ_ITEM_DONE, YJ_ITEM_DONE, YJ_ITEM_RETURNED, YJ_ITEM_ACCEPTED);
    long w = -1;
    assert_int_equal(yj_ready_item(v, 4, 2, NULL), YJ_READY_RETURNED);
    assert_int_equal(yj_ready_item(v, 4, 0, &w), YJ_READY_BLOCKED);
    assert_int_equal(w, 2);
    assert_false(yj_ready_all_settled(v, 4));
    death(v, YJ_ITEM_DONE, YJ_ITEM_DONE, YJ_ITEM_RETURNED, YJ_ITEM_RETURNED);
    assert_true(yj_ready_all_settled(v, 4));
}

static void
test_absent_predecessor(void **state)
{
    (void)state;
    /* Only benefits and cremation chosen: their predecessors are not in the
     * case and hold nothing up. */
    struct yj_ready_in v[2] = {
        {"death.benefits", YJ_ITEM_ACCEPTED, dep_hukou, 1},
        {"death.cremation", YJ_ITEM_ACCEPTED, dep_cert, 1},
    };
    assert_int_equal(yj_ready_item(v, 2, 0, NULL), YJ_READY_NOW);
    assert_int_equal(yj_ready_item(v, 2, 1, NULL), YJ_READY_NOW);
}

static void
test_order(void **state)
{
    (void)state;
    struct yj_ready_in v[4];
    death(v, NULL, NULL, NULL, NULL);
    size_t order[4];
    assert_int_equal(yj_ready_order(v, 4, order), 0);
    /* certificate, cremation, hukou, benefits */
    assert_int_equal(order[0], 3);
    assert_int_equal(order[1], 1);
    assert_int_equal(order[2], 2);
    assert_int_equal(order[3], 0);
    /* a cycle is reported */
    static const char *const a_dep[] = {"b"};
    static const char *const b_dep[] = {"a"};
    struct yj_ready_in cyc[2] = {{"a", NULL, a_dep, 1}, {"b", NULL, b_dep, 1}};
    assert_int_equal(yj_ready_order(cyc, 2, order), -1);
    assert_string_equal(yj_ready_name(YJ_READY_NOW), "ready");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_initial),         cmocka_unit_test(test_progress),
        cmocka_unit_test(test_returned_blocks), cmocka_unit_test(test_absent_predecessor),
        cmocka_unit_test(test_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
