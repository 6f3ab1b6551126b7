/* Bytes and string tasks for wasm/run. Arguments arrive as (ptr, len) copied in through alloc; results
 * are returned as an i64 packing ptr (low 32 bits) and len (high 32 bits), declared in ipvm.results. */
#include "alloc.h"

IPVM_RESULT(shout, string);
IPVM_RESULT(reverse, bytes);
IPVM_RESULT(greet, string);

/* Uppercases ASCII letters. */
__attribute__((export_name("shout")))
long long shout(const char *text, int len)
{
    char *out = (char *)alloc(len);
    for (int i = 0; i < len; i++) {
        char c = text[i];
        out[i] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
    }
    return ipvm_pack(out, len);
}

__attribute__((export_name("reverse")))
long long reverse(const unsigned char *data, int len)
{
    unsigned char *out = (unsigned char *)alloc(len);
    for (int i = 0; i < len; i++) {
        out[i] = data[len - 1 - i];
    }
    return ipvm_pack(out, len);
}

/* A string and an integer: "<name> x<n>". */
__attribute__((export_name("greet")))
long long greet(const char *name, int len, int times)
{
    char *out = (char *)alloc(len + 16);
    int n = 0;
    for (int i = 0; i < len; i++) {
        out[n++] = name[i];
    }
    out[n++] = ' ';
    out[n++] = 'x';
    char digits[12];
    int d = 0;
    unsigned int v = times < 0 ? 0u - (unsigned int)times : (unsigned int)times;
    if (times < 0) {
        out[n++] = '-';
    }
    do {
        digits[d++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (d > 0) {
        out[n++] = digits[--d];
    }
    return ipvm_pack(out, n);
}

/* Grows memory by len bytes and reports the new size, for the memory cap test. */
__attribute__((export_name("grow")))
int grow(int len)
{
    return alloc(len) == 0 ? -1 : (int)(__builtin_wasm_memory_size(0) * 65536);
}
