/* qrpayload.c: the signed compact case copy carried by the receipt's QR code. */
#include "print/qrpayload.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zlib.h>

#include "core/i18n.h"
#include "core/util.h"
#include "print/base45.h"
#include "print/centre.h"

/* ---- writer ------------------------------------------------------------ */

/* Append an unsigned LEB128 varint. */
static void
put_varint(struct yj_buf *b, uint64_t v)
{
    do {
        unsigned char ch = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            ch |= 0x80;
        yj_buf_addc(b, (char)ch);
    } while (v);
}

/* Append a string: varint(len + 1) then the bytes; NULL is varint 0. */
static void
put_str(struct yj_buf *b, const char *s)
{
    if (s == NULL) {
        put_varint(b, 0);
        return;
    }
    size_t n = strlen(s);
    put_varint(b, (uint64_t)n + 1);
    yj_buf_add(b, s, n);
}

/* Hex digit value or -1. */
static int
hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    return -1;
}

/* A canonical lower-case UUID as 16 bytes; false when s is not one. */
static bool
uuid_to_bin(const char *s, unsigned char out[16])
{
    if (s == NULL || strlen(s) != 36)
        return false;
    size_t o = 0;
    for (size_t i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return false;
            i++;
            continue;
        }
        int hi = hexval(s[i]), lo = hexval(s[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[o++] = (unsigned char)(hi * 16 + lo);
        i += 2;
    }
    return true;
}

/* A uuid: u8 0 (NULL), 1 + 16 bytes (canonical) or 2 + string. */
static void
put_uuid(struct yj_buf *b, const char *s)
{
    unsigned char bin[16];
    if (s == NULL) {
        yj_buf_addc(b, 0);
    } else if (uuid_to_bin(s, bin)) {
        yj_buf_addc(b, 1);
        yj_buf_add(b, (const char *)bin, 16);
    } else {
        yj_buf_addc(b, 2);
        put_str(b, s);
    }
}

/* Is s the n characters of the case number at off (centre 0, terminal 7)? */
static bool
in_caseno(const char *s, const char *case_no, size_t off, size_t n)
{
    return s != NULL && case_no != NULL && strlen(case_no) >= off + n && strlen(s) == n &&
           strncmp(case_no + off, s, n) == 0;
}

/* The body of a full payload. lean (a sealed copy) leaves out, as NULL or 0,
 * what an import never takes from a code (status, time of the last change,
 * clerk, revision, the items' states) and what the importer derives: the case
 * number (in clear, and covered by the signature), the centre and terminal
 * when the number names them, the items' due dates (from the number's date,
 * the time limit and the importer's holiday calendar), the applicant's name
 * and ID number (copies of answers the importer's form set picks). */
static void
put_full_body(struct yj_buf *b, const struct yj_case *c, bool lean)
{
    put_uuid(b, c->uuid);
    const char *strs[] = {lean ? NULL : c->case_no,
                          c->thing_id,
                          c->form_version,
                          c->channel,
                          lean && in_caseno(c->centre, c->case_no, 0, 6) ? NULL : c->centre,
                          lean && in_caseno(c->terminal, c->case_no, 7, 3) ? NULL : c->terminal,
                          lean ? NULL : c->status,
                          c->submitted_at,
                          lean ? NULL : c->updated_at,
                          lean ? NULL : c->applicant_name,
                          lean ? NULL : c->applicant_id,
                          c->helper_id,
                          lean ? NULL : c->clerk_id};
    for (size_t i = 0; i < YJ_ARRAY_LEN(strs); i++)
        put_str(b, strs[i]);
    put_varint(b, c->revision > 0 && !lean ? (uint64_t)c->revision : 0);
    put_varint(b, c->nitems);
    for (size_t i = 0; i < c->nitems; i++) {
        const struct yj_case_item *it = &c->items[i];
        put_str(b, it->item_id);
        put_str(b, it->dept_id);
        put_varint(b, it->time_limit_days > 0 ? (uint64_t)it->time_limit_days : 0);
        put_str(b, lean ? NULL : it->status);
        put_str(b, lean ? NULL : it->due_date);
    }
    put_varint(b, c->answers.n);
    for (size_t i = 0; i < c->answers.n; i++) {
        put_str(b, c->answers.v[i].id);
        put_str(b, c->answers.v[i].value);
    }
}

/* The body of a number-only payload: nothing about the person or the thing
 * (the thing is written as NULL; format 1 keeps its place). */
static void
put_short_body(struct yj_buf *b, const struct yj_case *c)
{
    put_uuid(b, c->uuid);
    put_str(b, c->case_no);
    put_str(b, NULL);
    put_str(b, c->centre);
    put_str(b, c->terminal);
    put_str(b, c->submitted_at);
}

/* Raw deflate of in; returns a malloc'd buffer or NULL if it fails. */
static unsigned char *
deflate_raw(const unsigned char *in, size_t n, size_t *outn)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    if (deflateSetDictionary(&z, yj_qr_dict, (uInt)yj_qr_dict_len) != Z_OK) {
        deflateEnd(&z);
        return NULL;
    }
    size_t cap = deflateBound(&z, (uLong)n);
    unsigned char *out = xmalloc(cap);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *outn = cap - z.avail_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    return out;
}

/* Encode c: number_only, else the full copy, sealed to centre_pk when not
 * NULL; signed with kp when not NULL. */
static char *
encode(const struct yj_case *c, const struct yj_keypair *kp, bool number_only,
       const unsigned char *centre_pk)
{
    bool clear = c->case_no != NULL && c->case_no[0] != '\0' && strlen(c->case_no) < 64;
    for (const char *s = c->case_no; clear && *s; s++)
        if (!(isdigit((unsigned char)*s) || (*s >= 'A' && *s <= 'Z') || *s == '-'))
            clear = false;
    if (centre_pk != NULL && (!clear || kp == NULL))
        return NULL; /* sealed: signed, and the number in clear */
    struct yj_buf body = {0}, bin = {0};
    unsigned flags = number_only ? YJ_QRF_NUMBER_ONLY : 0;
    if (number_only)
        put_short_body(&body, c);
    else
        put_full_body(&body, c, centre_pk != NULL);
    size_t zn = 0;
    unsigned char *z = deflate_raw((const unsigned char *)body.data, body.len, &zn);
    bool use_z = z != NULL && zn < body.len;
    if (use_z)
        flags |= YJ_QRF_DEFLATE;
    if (kp != NULL)
        flags |= YJ_QRF_SIGNED;
    const unsigned char *plain = use_z ? z : (const unsigned char *)body.data;
    size_t plainn = use_z ? zn : body.len;
    unsigned char *box = NULL;
    size_t boxn = 0;
    if (centre_pk != NULL && !number_only) {
        box = yj_centre_seal(plain, plainn, centre_pk, &boxn);
        if (box == NULL)
            abort();
        flags |= YJ_QRF_SEALED;
        plain = box;
        plainn = boxn;
    }
    /* A sealed code's signature also covers the case number in clear, which
     * its body no longer carries: "CASE_NO:" then the binary. */
    if (flags & YJ_QRF_SEALED) {
        yj_buf_adds(&bin, c->case_no);
        yj_buf_addc(&bin, ':');
    }
    size_t bin0 = bin.len;
    yj_buf_addc(&bin, YJ_QR_VERSION);
    yj_buf_addc(&bin, (char)flags);
    put_str(&bin, kp ? kp->terminal : "");
    yj_buf_add(&bin, (const char *)plain, plainn);
    free(box);
    free(z);
    if (kp != NULL) {
        unsigned char sig[crypto_sign_BYTES];
        if (sodium_init() < 0)
            abort();
        crypto_sign_detached(sig, NULL, (const unsigned char *)bin.data, bin.len, kp->sk);
        yj_buf_add(&bin, (const char *)sig, sizeof sig);
    }
    char *b45 = yj_base45_encode((const unsigned char *)bin.data + bin0, bin.len - bin0);
    struct yj_buf text = {0};
    yj_buf_adds(&text, YJ_QR_PREFIX);
    if (clear)
        yj_buf_adds(&text, c->case_no);
    yj_buf_addc(&text, ':');
    yj_buf_adds(&text, b45);
    free(b45);
    sodium_memzero(body.data, body.len);
    yj_buf_free(&body);
    yj_buf_free(&bin);
    return yj_buf_steal(&text);
}

char *
yj_qrpayload_encode(const struct yj_case *c, const struct yj_keypair *kp, bool number_only)
{
    return encode(c, kp, number_only, NULL);
}

char *
yj_qrpayload_encode_sealed(const struct yj_case *c, const struct yj_keypair *kp,
                           const unsigned char centre_pk[32])
{
    return encode(c, kp, false, centre_pk);
}

/* ---- reader ------------------------------------------------------------ */

struct rd {
    const unsigned char *p;
    size_t n, off;
    bool bad;
};

/* Read a varint (at most 10 bytes, value <= limit). */
static uint64_t
get_varint(struct rd *r, uint64_t limit)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->off >= r->n) {
            r->bad = true;
            return 0;
        }
        unsigned char ch = r->p[r->off++];
        v |= (uint64_t)(ch & 0x7f) << shift;
        if (!(ch & 0x80)) {
            if (v > limit) {
                r->bad = true;
                return 0;
            }
            return v;
        }
    }
    r->bad = true;
    return 0;
}

/* Read a string (NULL for the encoded NULL); refuses embedded NULs. */
static char *
get_str(struct rd *r)
{
    uint64_t v = get_varint(r, YJ_QR_MAX_BODY);
    if (r->bad || v == 0)
        return NULL;
    size_t len = (size_t)(v - 1);
    if (len > r->n - r->off) {
        r->bad = true;
        return NULL;
    }
    if (memchr(r->p + r->off, '\0', len) != NULL) {
        r->bad = true;
        return NULL;
    }
    char *s = xstrndup((const char *)r->p + r->off, len);
    r->off += len;
    return s;
}

/* Read a uuid written by put_uuid. */
static char *
get_uuid(struct rd *r)
{
    if (r->off >= r->n) {
        r->bad = true;
        return NULL;
    }
    unsigned char tag = r->p[r->off++];
    if (tag == 0)
        return NULL;
    if (tag == 2)
        return get_str(r);
    if (tag != 1 || r->n - r->off < 16) {
        r->bad = true;
        return NULL;
    }
    const unsigned char *b = r->p + r->off;
    r->off += 16;
    char *s = xmalloc(37);
    snprintf(s, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return s;
}

/* Parse a full body into c; fill_no (a sealed body: the signed number in
 * clear) stands for a case number the body leaves out. */
static void
get_full_body(struct rd *r, struct yj_case *c, const char *fill_no)
{
    c->uuid = get_uuid(r);
    char **strs[] = {&c->case_no,    &c->thing_id,       &c->form_version, &c->channel,
                     &c->centre,     &c->terminal,       &c->status,       &c->submitted_at,
                     &c->updated_at, &c->applicant_name, &c->applicant_id, &c->helper_id,
                     &c->clerk_id};
    for (size_t i = 0; i < YJ_ARRAY_LEN(strs) && !r->bad; i++)
        *strs[i] = get_str(r);
    c->revision = (int)get_varint(r, 1000000);
    size_t nitems = (size_t)get_varint(r, YJ_QR_MAX_ITEMS);
    if (r->bad)
        return;
    c->items = xcalloc(nitems ? nitems : 1, sizeof c->items[0]);
    for (size_t i = 0; i < nitems && !r->bad; i++) {
        struct yj_case_item *it = &c->items[i];
        c->nitems = i + 1;
        it->item_id = get_str(r);
        it->dept_id = get_str(r);
        it->time_limit_days = (int)get_varint(r, 100000);
        it->status = get_str(r);
        it->due_date = get_str(r);
        if (it->item_id == NULL)
            r->bad = true;
    }
    size_t nans = (size_t)get_varint(r, YJ_QR_MAX_ANSWERS);
    for (size_t i = 0; i < nans && !r->bad; i++) {
        char *id = get_str(r);
        char *value = get_str(r);
        if (id == NULL || value == NULL || *id == '\0' || *value == '\0' ||
            yj_answers_get(&c->answers, id) != NULL)
            r->bad = true; /* every answer once, never empty */
        else
            yj_answers_set(&c->answers, id, value);
        free(id);
        free(value);
    }
    if (!r->bad && c->case_no == NULL && fill_no != NULL && *fill_no)
        c->case_no = xstrdup(fill_no);
    if (!r->bad && (c->case_no == NULL || c->uuid == NULL || c->thing_id == NULL))
        r->bad = true;
}

/* Parse a number-only body into c. */
static void
get_short_body(struct rd *r, struct yj_case *c)
{
    c->uuid = get_uuid(r);
    c->case_no = get_str(r);
    c->thing_id = get_str(r);
    c->centre = get_str(r);
    c->terminal = get_str(r);
    c->submitted_at = get_str(r);
    if (!r->bad && c->case_no == NULL)
        r->bad = true;
}

/* Inflate raw deflate data, at most YJ_QR_MAX_BODY bytes out. */
static unsigned char *
inflate_raw(const unsigned char *in, size_t n, size_t *outn)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -15) != Z_OK)
        return NULL;
    if (inflateSetDictionary(&z, yj_qr_dict, (uInt)yj_qr_dict_len) != Z_OK) {
        inflateEnd(&z);
        return NULL;
    }
    unsigned char *out = xmalloc(YJ_QR_MAX_BODY);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)n;
    z.next_out = out;
    z.avail_out = YJ_QR_MAX_BODY;
    int rc = inflate(&z, Z_FINISH);
    *outn = YJ_QR_MAX_BODY - z.avail_out;
    bool ok = rc == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

/* Parse the (possibly deflated) body bytes into p->c per p->flags; the case
 * number in clear, when there is one, must equal the encoded one. 0 or -1. */
static int
decode_body(struct yj_qrpayload *p, const unsigned char *bp, size_t bn, const char *clear_no)
{
    unsigned char *body = NULL;
    if (p->flags & YJ_QRF_DEFLATE) {
        body = inflate_raw(bp, bn, &bn);
        if (body == NULL)
            return -1;
        bp = body;
    }
    struct rd br = {bp, bn, 0, false};
    if (p->flags & YJ_QRF_NUMBER_ONLY)
        get_short_body(&br, &p->c);
    else
        get_full_body(&br, &p->c, p->flags & YJ_QRF_SEALED ? clear_no : NULL);
    int rc = br.bad || br.off != br.n ? -1 : 0;
    if (rc == 0 && clear_no[0] != '\0' && strcmp(clear_no, p->c.case_no) != 0)
        rc = -1;
    if (body != NULL) {
        sodium_memzero(body, bn);
        free(body);
    }
    return rc;
}

int
yj_qrpayload_parse(const char *text, size_t len, struct yj_qrpayload *p, char *msg, size_t msgsz)
{
    memset(p, 0, sizeof *p);
    unsigned char *bin = NULL;
    size_t binlen = 0;
    /* What a scanner types: trim blanks and line ends around it. */
    while (len > 0 && (text[len - 1] == '\r' || text[len - 1] == '\n' || text[len - 1] == '\t'))
        len--;
    while (len > 0 && (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')) {
        text++;
        len--;
    }
    size_t plen = strlen(YJ_QR_PREFIX);
    if (len < plen || strncasecmp(text, YJ_QR_PREFIX, plen) != 0) {
        snprintf(msg, msgsz, "%s", _("这不是本系统回执上的二维码"));
        return -1;
    }
    const char *q = text + plen, *end = text + len;
    const char *colon = memchr(q, ':', (size_t)(end - q));
    if (colon == NULL) {
        snprintf(msg, msgsz, "%s", _("二维码内容不完整，请重新扫描"));
        return -1;
    }
    char clear_no[64] = "";
    size_t cn = (size_t)(colon - q);
    if (cn >= sizeof clear_no)
        goto corrupt;
    for (size_t i = 0; i < cn; i++)
        clear_no[i] = (char)toupper((unsigned char)q[i]);
    clear_no[cn] = '\0';
    if (yj_base45_decode(colon + 1, (size_t)(end - colon - 1), &bin, &binlen) != 0)
        goto corrupt;
    struct rd hr = {bin, binlen, 0, false};
    if (binlen < 3 || bin[0] != YJ_QR_VERSION) {
        snprintf(msg, msgsz, "%s", _("二维码格式版本不受支持，请升级本程序"));
        goto fail;
    }
    hr.off = 2;
    p->flags = bin[1];
    if (p->flags & ~(YJ_QRF_DEFLATE | YJ_QRF_NUMBER_ONLY | YJ_QRF_SIGNED | YJ_QRF_SEALED))
        goto corrupt;
    char *signer = get_str(&hr);
    if (hr.bad || signer == NULL || strlen(signer) >= sizeof p->signer) {
        free(signer);
        goto corrupt;
    }
    snprintf(p->signer, sizeof p->signer, "%s", signer);
    free(signer);
    size_t body_end = binlen;
    if (p->flags & YJ_QRF_SIGNED) {
        if (binlen - hr.off < crypto_sign_BYTES)
            goto corrupt;
        body_end = binlen - crypto_sign_BYTES;
        memcpy(p->sig, bin + body_end, crypto_sign_BYTES);
    }
    size_t pre = p->flags & YJ_QRF_SEALED ? strlen(clear_no) + 1 : 0;
    p->signed_len = pre + body_end;
    p->signed_part = xmalloc(p->signed_len ? p->signed_len : 1);
    if (pre > 0) {
        memcpy(p->signed_part, clear_no, pre - 1);
        p->signed_part[pre - 1] = ':';
    }
    memcpy(p->signed_part + pre, bin, body_end);
    const unsigned char *bp = bin + hr.off;
    size_t bn = body_end - hr.off;
    if (p->flags & YJ_QRF_SEALED) {
        /* opened after the signature is checked (yj_qrpayload_unseal) */
        if (!(p->flags & YJ_QRF_SIGNED) || (p->flags & YJ_QRF_NUMBER_ONLY) || clear_no[0] == '\0' ||
            bn < crypto_box_SEALBYTES)
            goto corrupt;
        p->sealed = xmalloc(bn);
        memcpy(p->sealed, bp, bn);
        p->sealed_len = bn;
        p->c.case_no = xstrdup(clear_no);
        free(bin);
        return 0;
    }
    if (decode_body(p, bp, bn, clear_no) != 0)
        goto corrupt;
    free(bin);
    return 0;
corrupt:
    snprintf(msg, msgsz, "%s", _("二维码内容已损坏或被改动，不能导入"));
fail:
    free(bin);
    return -1;
}

int
yj_qrpayload_unseal(struct yj_qrpayload *p, const char *keys_dir, char *msg, size_t msgsz)
{
    if (!(p->flags & YJ_QRF_SEALED))
        return 0;
    struct yj_centre_key *keys = NULL;
    size_t nkeys = 0;
    if (yj_centre_keys_load(keys_dir, &keys, &nkeys, msg, msgsz) != 0)
        return -1;
    if (nkeys == 0) {
        snprintf(msg, msgsz,
                 _("此二维码中的办件信息已加密给服务中心，本机没有中心密钥，不能导入"
                   "（请管理员在本机放入中心私钥 centre-名称.key）"));
        return -1;
    }
    unsigned char *plain = NULL;
    size_t plainn = 0;
    int orc = yj_centre_open(keys, nkeys, p->sealed, p->sealed_len, &plain, &plainn, NULL);
    yj_centre_keys_free(keys, nkeys);
    if (orc != 0) {
        snprintf(msg, msgsz, "%s",
                 _("本机的中心密钥都解不开此二维码（它是加密给另一把中心密钥的），不能导入"));
        return -1;
    }
    char clear_no[64];
    snprintf(clear_no, sizeof clear_no, "%s", p->c.case_no ? p->c.case_no : "");
    yj_case_free(&p->c);
    memset(&p->c, 0, sizeof p->c);
    int rc = decode_body(p, plain, plainn, clear_no);
    sodium_memzero(plain, plainn);
    free(plain);
    if (rc != 0) {
        snprintf(msg, msgsz, "%s", _("二维码内容已损坏或被改动，不能导入"));
        return -1;
    }
    return 0;
}

void
yj_qrpayload_free(struct yj_qrpayload *p)
{
    yj_case_free(&p->c);
    yj_free(&p->signed_part);
    p->signed_len = 0;
    if (p->sealed != NULL)
        yj_free(&p->sealed);
    p->sealed_len = 0;
}

/* Check sig over p with one public key. */
static bool
sig_ok(const struct yj_qrpayload *p, const unsigned char pk[32])
{
    return crypto_sign_verify_detached(p->sig, p->signed_part, p->signed_len, pk) == 0;
}

/* Decode a base64 public key; true when it is 32 bytes. */
static bool
pk_from_b64(const char *b64, unsigned char pk[32])
{
    size_t n = 0;
    return sodium_base642bin(pk, 32, b64, strlen(b64), NULL, &n, NULL,
                             sodium_base64_VARIANT_ORIGINAL) == 0 &&
           n == 32;
}

int
yj_qrpayload_verify(const struct yj_qrpayload *p, const char *trusted_path,
                    const struct yj_keypair *own, char *msg, size_t msgsz)
{
    if (sodium_init() < 0)
        abort();
    if (!(p->flags & YJ_QRF_SIGNED) || p->signer[0] == '\0') {
        snprintf(msg, msgsz, "%s", _("二维码没有终端签名，不能导入"));
        return -1;
    }
    bool known = false;
    if (own != NULL && strcmp(own->terminal, p->signer) == 0) {
        known = true;
        if (sig_ok(p, own->pk))
            return 0;
    }
    char *text = trusted_path ? yj_read_file(trusted_path, NULL) : NULL;
    char *save = NULL;
    for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        char id[65], b64[129];
        if (line[0] == '#' || sscanf(line, "%64s %128s", id, b64) != 2)
            continue;
        unsigned char pk[32];
        if (strcmp(id, p->signer) != 0 || !pk_from_b64(b64, pk))
            continue;
        known = true;
        if (sig_ok(p, pk)) {
            free(text);
            return 0;
        }
    }
    free(text);
    if (!known)
        snprintf(msg, msgsz,
                 _("二维码由终端 %s 签发，但本机的可信终端列表中没有它的公钥，不能导入"),
                 p->signer);
    else
        snprintf(msg, msgsz, "%s", _("二维码签名验证失败：内容被改动或为伪造，不能导入"));
    return -1;
}
