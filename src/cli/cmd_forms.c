/* cmd_forms.c: `yijian forms check|show|plan`. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/answers.h"
#include "core/form.h"
#include "core/formcheck.h"
#include "core/paths.h"
#include "core/plan.h"
#include "core/bounds.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "core/util.h"
#include "ui/ui.h"

static const char usage_text[] =
    "usage: yijian forms check [DIR] [--strict]\n"
    "       yijian forms show THING [--json]\n"
    "       yijian forms plan THING --answers FILE [--json]\n"
    "       yijian forms preview THING [--size ROWSxCOLS|COLSxROWS] [--lang L] [--answers FILE]\n"
    "       yijian forms list\n"
    "\n"
    "  check  load the whole form set (default: the configured forms directory) and\n"
    "         report every problem as file:line:col; exit 1 on any problem. Every\n"
    "         expression is run over no answers, the example and generated answers;\n"
    "         warnings (unused fields, file names, example keys, texts too wide for\n"
    "         64 columns) are listed; --strict makes them errors\n"
    "  show   the merged form of a thing: every section and field it can ask\n"
    "  plan   what a set of answers (a JSON object keyed by field id) comes to:\n"
    "         chosen items, materials to bring and exempt, every error, and the\n"
    "         per-department split; exit 1 when the answers are not acceptable\n"
    "  preview  every kiosk screen of a thing (Home, the guide, the notice, each page,\n"
    "         the review) drawn by the kiosk's own code on a virtual terminal of\n"
    "         --size (default 64x16: columns x rows), in --lang (zh_CN, zh_TW, en),\n"
    "         filled from --answers (default: the thing's example)\n"
    "  list   the things in the set\n"
    "\n"
    "options: --forms DIR, --answers FILE, --json, --strict, --help\n";

static void
print_located(const struct yj_form_problem *p, const char *kind)
{
    if (p->line > 0)
        fprintf(stderr, "%s:%d:%d: %s%s\n", p->file, p->line, p->col, kind, p->msg);
    else
        fprintf(stderr, "%s: %s%s\n", p->file, kind, p->msg);
}

static int
forms_check(const char *dir, bool strict)
{
    struct yj_formset *set = yj_formset_load(dir ? dir : yj_paths_forms());
    struct yj_form_warnings w = {0};
    yj_formset_prove(set, &w); /* only on a set that loaded */
    if (set->nproblems > 0) {
        yj_formset_print_problems(set, stderr);
        for (size_t i = 0; i < w.n; i++)
            print_located(&w.v[i], "warning: ");
        fprintf(stderr, "forms check: %zu problem(s), %zu warning(s) in %s\n",
                yj_formset_nshown(set), w.n, set->dir);
        yj_form_warnings_free(&w);
        yj_formset_free(&set);
        return 1;
    }
    for (size_t i = 0; i < w.n; i++)
        print_located(&w.v[i], strict ? "error (--strict): " : "warning: ");
    if (strict && w.n > 0) {
        fprintf(stderr, "forms check --strict: %zu warning(s) in %s\n", w.n, set->dir);
        yj_form_warnings_free(&w);
        yj_formset_free(&set);
        return 1;
    }
    size_t nmat = 0;
    for (size_t i = 0; i < set->nitems; i++)
        nmat += set->items[i]->nmaterials;
    printf("ok: %zu fields, %zu departments, %zu items, %zu materials, %zu things "
           "(version %s), %zu warning(s)\n",
           set->nfields, set->ndepts, set->nitems, nmat, set->nthings, set->version, w.n);
    for (size_t i = 0; i < set->nthings; i++) {
        struct yj_plan p;
        yj_plan_build_full(&p, set, set->things[i]);
        printf("  %-12s %s: %zu items, %zu sections, %zu fields asked once of %zu in its items, "
               "%zu materials (%zu exempt by e-licence)\n",
               set->things[i]->id, yj_text(&set->things[i]->label), p.nitems, p.nsections,
               p.fields_merged, p.fields_sum, p.nrequired_materials + p.nexempt_materials,
               p.nexempt_materials);
        yj_plan_free(&p);
    }
    yj_form_warnings_free(&w);
    yj_formset_free(&set);
    return 0;
}

static void
print_plan_text(const struct yj_plan *p, const struct yj_answers *a, bool full)
{
    const struct yj_thing *t = p->thing;
    printf("%s (%s)\n", yj_text(&t->label), t->id);
    if (!full) {
        printf("\n%s\n", p->eligible ? "eligible: yes" : "eligible: no");
        for (size_t i = 0; i < p->nineligible; i++)
            printf("  %s\n", p->ineligible[i]);
    }
    printf("\nitems (%zu):\n", p->nitems);
    for (size_t i = 0; i < p->nitems; i++) {
        const struct yj_item *it = p->items[i];
        printf("  %-32s %s — %s, %d working day(s)%s", it->id, yj_text(&it->label),
               it->dept ? yj_text(&it->dept->label) : "?", it->time_limit_days,
               it->ex_officio ? ", ex officio" : "");
        /* The predecessors that hold it back in this application (chosen ones only;
         * the whole plan, full or not, chooses every item in "show"). */
        const char *sep = ", after ";
        for (size_t d = 0; d < it->ndepends; d++) {
            if (!yj_plan_has_item(p, it->depends_on[d]))
                continue;
            printf("%s%s", sep, it->depends_on[d]);
            sep = ", ";
        }
        putchar('\n');
    }
    printf("\nsections (%zu), %zu fields asked once (%zu in the items added up):\n", p->nsections,
           p->fields_merged, p->fields_sum);
    for (size_t s = 0; s < p->nsections; s++) {
        const struct yj_plan_section *ps = &p->sections[s];
        printf("  [%zu] %s\n", s + 1, yj_text(&ps->section->title));
        for (size_t k = 0; k < ps->nfields; k++) {
            const struct yj_field *f = ps->fields[k];
            char shown[512] = "";
            if (a)
                yj_field_display(f, yj_answers_get(a, f->id), shown, sizeof shown);
            printf("      %-30s %-12s %s%s%s%s\n", f->id, yj_ftype_name(f->type),
                   yj_text(&f->label), ps->required[k] ? " *" : "", *shown ? " = " : "", shown);
        }
    }
    printf("\nmaterials to bring (%zu):\n", p->nrequired_materials);
    for (size_t i = 0; i < p->nrequired_materials; i++)
        printf("  %s\n", yj_text(&p->required_materials[i].material->label));
    printf("exempt by e-licence (%zu):\n", p->nexempt_materials);
    for (size_t i = 0; i < p->nexempt_materials; i++)
        printf("  %s\n", yj_text(&p->exempt_materials[i].material->label));
    if (!full) {
        printf("\nproblems (%zu error(s), %zu warning(s) to confirm):\n", p->nerrors, p->nwarnings);
        for (size_t i = 0; i < p->nissues; i++)
            printf("  %s %s%s%s\n", p->issues[i].level == YJ_V_ERR ? "error:  " : "warning:",
                   p->issues[i].field ? yj_text(&p->issues[i].field->label) : "",
                   p->issues[i].field ? "：" : "", p->issues[i].msg);
        for (size_t i = 0; i < p->nconfirmed; i++)
            printf("  confirmed %s：%s\n", yj_text(&p->confirmed[i].field->label),
                   p->confirmed[i].msg);
        if (p->nfailures > 0) {
            printf("\nexpressions that could not be computed (for staff; each took its safe "
                   "default):\n");
            for (size_t i = 0; i < p->nfailures; i++)
                printf("  %s\n", p->failures[i]);
        }
        char *d = yj_plan_departments_json(p, a);
        json_t *j = json_loads(d, 0, NULL);
        char *pretty = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
        printf("\nper department:\n%s\n", pretty ? pretty : d);
        free(pretty);
        json_decref(j);
        free(d);
    }
}

/* The choices of a select or multi field, "code label" each, wrapped under
 * the field at `indent` spaces; a multi's bounds first. */
static void
print_choices(const struct yj_field *f, int indent)
{
    if (f->nchoices == 0 || (f->type != YJ_F_SELECT && f->type != YJ_F_MULTI))
        return;
    char bounds[96] = "";
    if (f->type == YJ_F_MULTI && f->has_min && f->has_max)
        snprintf(bounds, sizeof bounds, ", tick %d to %d", (int)f->min, (int)f->max);
    else if (f->type == YJ_F_MULTI && f->has_min)
        snprintf(bounds, sizeof bounds, ", tick at least %d", (int)f->min);
    else if (f->type == YJ_F_MULTI && f->has_max)
        snprintf(bounds, sizeof bounds, ", tick at most %d", (int)f->max);
    else if (f->type == YJ_F_MULTI)
        snprintf(bounds, sizeof bounds, ", tick any");
    int col = printf("%*schoices (%zu%s):", indent, "", f->nchoices, bounds);
    for (size_t c = 0; c < f->nchoices; c++) {
        const char *lab = yj_text(&f->choices[c].label);
        int w = (int)strlen(f->choices[c].value) + 1 + yj_str_width(lab) + 2;
        if (col + w > 100 && col > indent + 4)
            col = printf("\n%*s", indent + 4, "") - 1;
        col += printf(" %s %s%s", f->choices[c].value, lab, c + 1 < f->nchoices ? "," : "");
    }
    printf("\n");
}

/* `forms show THING`: everything the thing's file says, for an author: the
 * guide with its whens, eligibility, items with whens and dependencies,
 * sections with field whens, derived values, defaults, rules, materials. */
static void
print_thing_text(const struct yj_plan *p)
{
    const struct yj_thing *t = p->thing;
    printf("%s (%s)\n", yj_text(&t->label), t->id);
    if (t->summary.s[0])
        printf("  %s\n", yj_text(&t->summary));
    if (t->applicant_name)
        printf("  applicant: %s, %s\n", t->applicant_name->id,
               t->applicant_id ? t->applicant_id->id : "-");
    printf("\nguide (%zu question(s)):\n", t->nguide);
    for (size_t g = 0; g < t->nguide; g++) {
        const struct yj_question *q = &t->guide[g];
        printf("  %zu. %-30s %s\n", g + 1, q->field->id, yj_text(&q->field->label));
        if (q->when)
            printf("       when %s\n", q->when);
        print_choices(q->field, 7);
    }
    printf("\neligibility (%zu):\n", t->neligibility);
    for (size_t e = 0; e < t->neligibility; e++)
        printf("  %s\n      else: %s\n", t->eligibility[e].expr,
               yj_text(&t->eligibility[e].message));
    printf("\nitems (%zu):\n", t->nitems);
    for (size_t i = 0; i < t->nitems; i++) {
        const struct yj_item *it = t->items[i].item;
        printf("  %-32s %s — %s, %d working day(s)%s\n", it->id, yj_text(&it->label),
               it->dept ? yj_text(&it->dept->label) : "?", it->time_limit_days,
               it->ex_officio ? ", ex officio" : "");
        if (t->items[i].when)
            printf("      when %s\n", t->items[i].when);
        for (size_t d = 0; d < it->ndepends; d++)
            printf("      after %s%s\n", it->depends_on[d],
                   yj_plan_has_item(p, it->depends_on[d]) ? "" : " (not part of this thing)");
    }
    printf("\nsections (%zu), %zu fields asked once at most (%zu in the items added up):\n",
           t->nsections, p->fields_merged, p->fields_sum);
    for (size_t s = 0; s < t->nsections; s++) {
        const struct yj_section *sec = &t->sections[s];
        printf("  [%zu] %s (%s)\n", s + 1, yj_text(&sec->title), sec->id);
        for (size_t k = 0; k < sec->nfields; k++) {
            const struct yj_field *f = sec->fields[k].field;
            bool derived = false;
            for (size_t d = 0; d < t->nderived; d++)
                derived = derived || t->derived[d].field == f;
            printf("      %-30s %-12s %s%s%s\n", f->id, yj_ftype_name(f->type), yj_text(&f->label),
                   yj_plan_required(p, f) ? " *" : "", derived ? " (derived, read-only)" : "");
            if (sec->fields[k].when)
                printf("          when %s\n", sec->fields[k].when);
            print_choices(f, 10);
        }
    }
    printf("\nderived (%zu):\n", t->nderived);
    for (size_t d = 0; d < t->nderived; d++)
        printf("  %-30s = %s\n", t->derived[d].field->id, t->derived[d].expr);
    printf("\ndefaults (%zu):\n", t->ndefaults);
    for (size_t d = 0; d < t->ndefaults; d++)
        printf("  %-30s = %s\n", t->defaults[d].field->id, t->defaults[d].expr);
    printf("\nrules (%zu):\n", t->nrules);
    for (size_t r = 0; r < t->nrules; r++) {
        const struct yj_rule *ru = &t->rules[r];
        printf("  %s (%s)%s%s\n      %s\n      else: %s\n", ru->id,
               ru->level == YJ_RULE_ERROR ? "error" : "warning", ru->when ? " when " : "",
               ru->when ? ru->when : "", ru->expr, yj_text(&ru->message));
    }
    printf("\nmaterials:\n");
    for (size_t i = 0; i < t->nitems; i++) {
        const struct yj_item *it = t->items[i].item;
        for (size_t m = 0; m < it->nmaterials; m++) {
            const struct yj_material *mat = &it->materials[m];
            printf("  %-24s %s (%s)%s%s%s\n", mat->id, yj_text(&mat->label), it->id,
                   mat->e_licence ? ", e-licence" : "", mat->when ? ", when " : "",
                   mat->when ? mat->when : "");
        }
    }
}

/* `forms preview THING`: the kiosk's screens as text (ui/preview.c). */
static int
forms_preview(const char *thing, const char *size, const char *lang, const char *answers)
{
    int cols = 0, rows = 0;
    if (thing == NULL) {
        yj_err("forms preview: which thing? (yijian forms list)");
        return 2;
    }
    if (sscanf(size, "%dx%d", &cols, &rows) != 2 || cols < 20 || rows < 8 || cols > 400 ||
        rows > 200) {
        yj_err("forms preview: --size is COLUMNSxROWS, e.g. 64x16");
        return 2;
    }
    if (lang) {
        static const char *const names[] = {"zh_CN", "zh_TW", "en"};
        int l = -1;
        for (int i = 0; i < 3; i++)
            if (strcmp(lang, names[i]) == 0)
                l = i;
        if (l < 0) {
            yj_err("forms preview: --lang is zh_CN, zh_TW or en");
            return 2;
        }
        yj_i18n_set((enum yj_lang)l);
    }
    struct yj_formset *set = yj_cli_forms();
    if (set == NULL)
        return 1;
    const struct yj_thing *t = yj_formset_thing(set, thing);
    struct yj_answers a;
    yj_answers_init(&a);
    char err[512];
    char *ex = answers ? NULL : xasprintf("%s/examples/%s.json", set->dir, thing);
    int rc = 1;
    if (t == NULL)
        yj_err("no thing '%s' in %s (yijian forms list)", thing, set->dir);
    else if ((answers || yj_path_present(ex)) &&
             yj_answers_load_file(&a, answers ? answers : ex, err, sizeof err) != 0)
        yj_err("cannot read the answers: %s", err);
    else if (yj_ui_preview(set, t, &a, rows, cols, stdout) != 0)
        yj_err("forms preview: cannot make a virtual terminal (is TERM's terminfo installed?)");
    else
        rc = 0;
    free(ex);
    yj_answers_free(&a);
    yj_formset_free(&set);
    return rc;
}

int
cmd_forms(int argc, char **argv)
{
    static const struct option opts[] = {YJ_CLI_COMMON_LONGOPTS,
                                         {"json", no_argument, NULL, 'j'},
                                         {"answers", required_argument, NULL, 'a'},
                                         {"strict", no_argument, NULL, 's'},
                                         {"size", required_argument, NULL, 'z'},
                                         {"lang", required_argument, NULL, 'l'},
                                         {NULL, 0, NULL, 0}};
    bool json = false, strict = false;
    const char *size = "64x16", *lang = NULL;
    const char *answers = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hja:", opts, NULL)) != -1) {
        if (yj_cli_common(c, optarg))
            continue;
        switch (c) {
        case 'h':
            return yj_cli_usage(usage_text, false);
        case 'j':
            json = true;
            break;
        case 'a':
            answers = optarg;
            break;
        case 's':
            strict = true;
            break;
        case 'z':
            size = optarg;
            break;
        case 'l':
            lang = optarg;
            break;
        default:
            return yj_cli_usage(usage_text, true);
        }
    }
    if (optind >= argc)
        return yj_cli_usage(usage_text, true);
    const char *verb = argv[optind++];
    if (strcmp(verb, "check") == 0)
        return forms_check(optind < argc ? argv[optind] : NULL, strict);

    bool is_show = strcmp(verb, "show") == 0, is_plan = strcmp(verb, "plan") == 0;
    bool is_list = strcmp(verb, "list") == 0;
    if (strcmp(verb, "preview") == 0)
        return forms_preview(optind < argc ? argv[optind] : NULL, size, lang, answers);
    if (!is_show && !is_plan && !is_list) {
        yj_err("forms: unknown verb '%s'", verb);
        return yj_cli_usage(usage_text, true);
    }
    if (!is_list && optind >= argc) {
        yj_err("forms %s: which thing? (yijian forms list)", verb);
        return 2;
    }
    if (is_plan && answers == NULL) {
        yj_err("forms plan: --answers FILE is required");
        return 2;
    }
    /* The merged form of a thing, as the last run with these very files left it. */
    if (is_show && json && yj_formcache_show(yj_paths_forms(), argv[optind]))
        return 0;
    struct yj_formset *set = yj_cli_forms();
    if (set == NULL)
        return 1;
    int rc = 0;
    if (is_list) {
        for (size_t i = 0; i < set->nthings; i++)
            printf("%-12s %s\n", set->things[i]->id, yj_text(&set->things[i]->label));
        yj_formset_free(&set);
        return 0;
    }
    const struct yj_thing *t = yj_formset_thing(set, argv[optind]);
    if (t == NULL) {
        yj_err("no thing '%s' in %s (yijian forms list)", argv[optind], set->dir);
        yj_formset_free(&set);
        return 1;
    }
    struct yj_plan p;
    struct yj_answers a;
    yj_answers_init(&a);
    if (is_show) {
        yj_plan_build_full(&p, set, t);
        if (json) {
            char *s = yj_plan_to_json(&p, NULL);
            json_t *o = json_loads(s, 0, NULL);
            json_object_set_new(o, "id", json_string(t->id));
            json_object_set_new(o, "label", json_string(yj_text(&t->label)));
            json_object_del(o, "ok");
            json_object_del(o, "eligible");
            json_object_del(o, "ineligible");
            json_object_del(o, "issues");
            char *out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            puts(out);
            char *line = xasprintf("%s\n", out);
            yj_formcache_store(set->dir, t->id, line);
            free(line);
            free(out);
            json_decref(o);
            free(s);
        } else {
            print_thing_text(&p);
        }
    } else {
        char err[512];
        if (yj_answers_load_file(&a, answers, err, sizeof err) != 0) {
            yj_err("cannot read the answers: %s", err);
            yj_formset_free(&set);
            return 1;
        }
        yj_plan_build(&p, set, t, &a);
        if (json) {
            char *s = yj_plan_to_json(&p, &a);
            puts(s);
            free(s);
        } else {
            print_plan_text(&p, &a, false);
        }
        rc = yj_plan_ok(&p) ? 0 : 1;
    }
    yj_plan_free(&p);
    yj_answers_free(&a);
    yj_formset_free(&set);
    return rc;
}
