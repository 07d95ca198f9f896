/* form.h: the form model — fields, items (事项), things (一件事) — loaded from forms/.
 *
 * The on-disk format is described in docs/FORMS.md. Loading checks the whole set
 * (references, types, expressions, dependency cycles) and reports every problem
 * with file, line and column; a set with any error is refused.
 */
#ifndef YJ_FORM_H
#define YJ_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"

struct yj_expr_env;

/* A text in the three languages; yj_text() picks the current one, falling back
 * to zh_CN. */
struct yj_text {
    char *s[YJ_LANG_COUNT];
};
const char *yj_text(const struct yj_text *t);

enum yj_ftype {
    YJ_F_TEXT,
    YJ_F_NAME,
    YJ_F_IDCARD,
    YJ_F_PHONE, /* mobile or landline */
    YJ_F_MOBILE,
    YJ_F_LANDLINE,
    YJ_F_DATE,
    YJ_F_SELECT,
    YJ_F_REGION, /* 6-digit GB/T 2260 code, picked province -> city -> district */
    YJ_F_NUMBER,
    YJ_F_MONEY,
    YJ_F_BANK, /* bank_account */
    YJ_F_USCC,
    YJ_F_POSTCODE,
    YJ_F_ADDRESS,
    YJ_F_YESNO,
    YJ_F_MULTI, /* a JSON array of choice codes (core/multi.h) */
    YJ_F_TYPE_COUNT
};
/* "text", "name", ... as written in the files (also the validator names). */
const char *yj_ftype_name(enum yj_ftype t);

struct yj_choice {
    char *value;
    struct yj_text label;
};

/* A date bound: "today", "today-1y", "today+30d", "@field", "@field-1d". */
struct yj_datebound {
    char *spec;  /* as written, NULL when unbounded */
    char *field; /* referenced field id, or NULL for today-relative */
    int years, months, days;
};

struct yj_field {
    char *id; /* "mother.name" */
    enum yj_ftype type;
    struct yj_text label, hint;
    int min_chars, max_chars; /* text, name, address (0: type default) */
    bool has_min, has_max;    /* number, money */
    double min, max;
    struct yj_datebound date_min, date_max;
    struct yj_text date_min_msg, date_max_msg; /* optional own messages */
    bool legacy15;                             /* idcard: 15-digit numbers allowed */
    bool resident_only;                        /* idcard: only 居民身份证 */
    bool standard_chars; /* name: warn about characters outside 通用规范汉字表 */
    bool sensitive;      /* masked on screens (idcard: always) */
    /* text: a Lua pattern the whole answer must match (no ^ or $), its message,
     * and the compiled check `not filled(field) or string.find(field, "^pattern$") ~= nil` (0:
     * none) */
    char *unit; /* number: "g" or "kg" — weights typed in 斤, 克, 公斤, kg, g are converted */
    char *pattern;
    struct yj_text pattern_msg;
    char *pattern_expr;
    int pattern_ref;
    struct yj_choice *choices;
    size_t nchoices;
    char *const *choice_values; /* NULL-terminated, for the validator */
    /* where it was defined */
    const char *file;
    int line, col;
};

struct yj_department {
    char *id; /* "police" */
    struct yj_text label;
};

struct yj_material {
    char *id;
    struct yj_text label;
    bool e_licence; /* exempt when the electronic licence is found (免提交) */
    char *when;     /* expression, NULL = always */
    int when_ref;   /* compiled expression, 0 = none */
};

struct yj_item_field {
    const struct yj_field *field;
    bool required;
    char *payload_name; /* the department's own name for it, or NULL */
};

struct yj_item {
    char *id;
    struct yj_text label;
    const struct yj_department *dept;
    int time_limit_days; /* working days; 0 = on the spot (即办) */
    char **depends_on;   /* item ids */
    size_t ndepends;
    const struct yj_item **deps; /* resolved */
    struct yj_item_field *fields;
    size_t nfields;
    struct yj_material *materials;
    size_t nmaterials;
    bool ex_officio; /* 依职权办理: done by the department without an application */
    const char *file;
};

enum yj_rule_level { YJ_RULE_ERROR, YJ_RULE_WARNING };

struct yj_rule {
    char *id;
    char *expr; /* true = the answers are acceptable */
    int ref;
    char *when; /* optional */
    int when_ref;
    struct yj_text message;
    char **fields; /* fields the message belongs to (first one gets the jump) */
    size_t nfields;
    enum yj_rule_level level;
};

struct yj_question {
    const struct yj_field *field; /* guide questions are fields ("guide.*") too */
    char *when;                   /* ask only when true */
    int when_ref;
};

struct yj_eligibility {
    char *expr; /* must be true to go on */
    int ref;
    struct yj_text message; /* why not, and where to go instead */
};

struct yj_thing_item {
    const struct yj_item *item;
    char *when; /* NULL = always */
    int when_ref;
};

struct yj_section_field {
    const struct yj_field *field;
    char *when; /* NULL = whenever a chosen item needs the field */
    int when_ref;
};

struct yj_section {
    char *id;
    struct yj_text title;
    struct yj_section_field *fields;
    size_t nfields;
};

struct yj_derived {
    const struct yj_field *field;
    char *expr; /* returns a string, or nil to leave the field to the person */
    int ref;
};

struct yj_thing {
    char *id;
    struct yj_text label, summary;
    struct yj_text *prepare; /* what to have at hand */
    size_t nprepare;
    struct yj_question *guide;
    size_t nguide;
    struct yj_eligibility *eligibility;
    size_t neligibility;
    struct yj_thing_item *items;
    size_t nitems;
    struct yj_section *sections;
    size_t nsections;
    struct yj_derived *derived;
    size_t nderived;
    struct yj_derived *defaults; /* filled in when asked and unanswered; editable */
    size_t ndefaults;
    /* The person who applies (optional "applicant" of the thing): for a death the
     * family member or agent (agent.*), never the deceased. NULL when not given. */
    const struct yj_field *applicant_name, *applicant_id;
    struct yj_rule *rules;
    size_t nrules;
    const char *file;
};

/* One problem found while loading. */
struct yj_form_problem {
    char *file;
    int line, col;
    char *msg;
};

struct yj_formset {
    char *dir;
    char version[17]; /* hex prefix of the SHA-256 over every file, in name order */
    struct yj_field **fields;
    size_t nfields;
    struct yj_department **depts;
    size_t ndepts;
    struct yj_item **items;
    size_t nitems;
    struct yj_thing **things;
    size_t nthings;
    struct yj_expr_env *expr; /* compiled expressions live here */
    struct yj_form_problem *problems;
    size_t nproblems;
    char **files; /* loaded file paths (owned) */
    size_t nfiles;
};

/* Load and check dir (forms/). Always returns a set; it is usable only when
 * set->nproblems == 0. Free with yj_formset_free. */
struct yj_formset *yj_formset_load(const char *dir);
void yj_formset_free(struct yj_formset **set);
/* Print the problems as "file:line:col: message", one per line. When a file
 * cannot be read or is not valid JSON, only those problems are printed (what
 * else fails follows from them). */
void yj_formset_print_problems(const struct yj_formset *set, void *file /* FILE* */);
/* The problem is a file that could not be read or parsed. */
bool yj_form_problem_unread(const struct yj_form_problem *p);
/* How many problems yj_formset_print_problems prints. */
size_t yj_formset_nshown(const struct yj_formset *set);

const struct yj_field *yj_formset_field(const struct yj_formset *set, const char *id);
const struct yj_item *yj_formset_item(const struct yj_formset *set, const char *id);
const struct yj_thing *yj_formset_thing(const struct yj_formset *set, const char *id);
const struct yj_department *yj_formset_dept(const struct yj_formset *set, const char *id);

/* Line and column (0 when not found) of the value at path ("rules/1/expr":
 * keys and array indices separated by /) in the JSON file. */
void yj_form_locate(const char *file, const char *path, int *line, int *col);

/* The text to show for a value of any field (select labels, yes/no 是/否, region
 * names; other types the value). */
void yj_field_display(const struct yj_field *f, const char *value, char *out, size_t outsz);

#endif
