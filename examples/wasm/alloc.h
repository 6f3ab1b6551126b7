/* A bump allocator for the wasm/run ABI: the host calls alloc(len) to get room for a bytes or string
 * argument, copies it in and passes (ptr, len). Nothing is freed: an instance lives for one task. */
#ifndef IPVM_ALLOC_H
#define IPVM_ALLOC_H

extern unsigned char __heap_base;

static unsigned long ipvm_heap_top;

__attribute__((export_name("alloc")))
int alloc(int len)
{
    if (len < 0) {
        return 0;
    }
    if (ipvm_heap_top == 0) {
        ipvm_heap_top = (unsigned long)&__heap_base;
    }
    unsigned long start = (ipvm_heap_top + 7) & ~7ul;
    unsigned long end = start + (unsigned long)len;
    unsigned long have = __builtin_wasm_memory_size(0) * 65536ul;
    if (end > have) {
        unsigned long pages = (end - have + 65535) / 65536;
        if (__builtin_wasm_memory_grow(0, pages) == (unsigned long)-1) {
            return 0;
        }
    }
    ipvm_heap_top = end;
    return (int)start;
}

/* Packs a (ptr, len) result into the i64 a bytes or string function returns: ptr in the low 32 bits. */
static inline long long ipvm_pack(const void *ptr, int len)
{
    return (long long)(((unsigned long long)(unsigned int)len << 32) | (unsigned int)(unsigned long)ptr);
}

/* Declares that export FUNC returns KIND (bytes or string): one "FUNC=KIND" line in the module's custom
 * section "ipvm.results". Top-level asm, because clang-14 puts a C variable with a ".custom_section."
 * section attribute in a data segment, not in a custom section. */
#define IPVM_RESULT(func, kind) \
    __asm__(".section .custom_section.ipvm.results,\"\",@\n.ascii \"" #func "=" #kind "\\n\"\n.text\n")

#endif
