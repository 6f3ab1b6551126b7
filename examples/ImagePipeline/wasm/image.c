/* Image operations for the ImagePipeline example, called as wasm/run tasks (docs/wasm-tasks.md).
 *
 * Every function takes an image and returns a new one, in a small raw format:
 *
 *   offset 0  width   u32, little-endian, > 0
 *   offset 4  height  u32, little-endian, > 0
 *   offset 8  width * height pixels, row by row from the top, each R, G, B, A (one byte each)
 *
 * Only integer arithmetic, so every engine computes the same bytes. A malformed image or an empty crop traps
 * (`unreachable`), which the op records as an error receipt. */
#include "../../wasm/alloc.h"

typedef unsigned char u8;
typedef unsigned int u32;

/* clang lowers __builtin_memcpy and copy loops to calls to memcpy; without a libc, this is it. */
void *memcpy(void *dest, const void *src, unsigned long n)
{
    u8 *d = (u8 *)dest;
    const u8 *s = (const u8 *)src;
    while (n-- > 0) {
        *d++ = *s++;
    }
    return dest;
}

typedef struct {
    u32 width;
    u32 height;
    u8 *pixels;
} image;

static u32 read_u32(const u8 *p)
{
    return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static void write_u32(u8 *p, u32 v)
{
    p[0] = (u8)v;
    p[1] = (u8)(v >> 8);
    p[2] = (u8)(v >> 16);
    p[3] = (u8)(v >> 24);
}

/* Reads an image from (data, len): the header must match the length exactly. */
static image parse(const u8 *data, int len)
{
    if (len < 8) {
        __builtin_trap();
    }
    image img = { read_u32(data), read_u32(data + 4), (u8 *)data + 8 };
    unsigned long long size = (unsigned long long)img.width * img.height * 4;
    if (img.width == 0 || img.height == 0 || size != (unsigned long long)(len - 8)) {
        __builtin_trap();
    }
    return img;
}

/* Allocates an image of width x height (header written, pixels uninitialised). */
static image create(u32 width, u32 height, u8 **block, int *block_len)
{
    unsigned long long size = 8 + (unsigned long long)width * height * 4;
    if (width == 0 || height == 0 || size > 0x7fffffffu) {
        __builtin_trap();
    }
    u8 *out = (u8 *)(unsigned long)alloc((int)size);
    if (out == 0) {
        __builtin_trap();
    }
    write_u32(out, width);
    write_u32(out + 4, height);
    *block = out;
    *block_len = (int)size;
    image img = { width, height, out + 8 };
    return img;
}

static const u8 *pixel(image img, u32 x, u32 y)
{
    return img.pixels + ((unsigned long)y * img.width + x) * 4;
}

static u32 clamp(int v, u32 size)
{
    return v < 0 ? 0 : (u32)v >= size ? size - 1 : (u32)v;
}

/* The rectangle at (x, y) of width w and height h, clipped to the image; traps when nothing is left. */
__attribute__((export_name("crop")))
long long crop(const u8 *data, int len, int x, int y, int w, int h)
{
    image in = parse(data, len);
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || (u32)x >= in.width || (u32)y >= in.height) {
        __builtin_trap();
    }
    u32 width = (u32)w < in.width - (u32)x ? (u32)w : in.width - (u32)x;
    u32 height = (u32)h < in.height - (u32)y ? (u32)h : in.height - (u32)y;
    u8 *block;
    int block_len;
    image out = create(width, height, &block, &block_len);
    for (u32 row = 0; row < height; row++) {
        __builtin_memcpy(out.pixels + (unsigned long)row * width * 4, pixel(in, (u32)x, (u32)y + row), width * 4);
    }
    return ipvm_pack(block, block_len);
}
IPVM_RESULT(crop, bytes);

/* A quarter turn clockwise: the output is height x width, and the input's bottom-left pixel is its top-left. */
__attribute__((export_name("rotate90")))
long long rotate90(const u8 *data, int len)
{
    image in = parse(data, len);
    u8 *block;
    int block_len;
    image out = create(in.height, in.width, &block, &block_len);
    for (u32 oy = 0; oy < out.height; oy++) {
        for (u32 ox = 0; ox < out.width; ox++) {
            __builtin_memcpy((u8 *)pixel(out, ox, oy), pixel(in, oy, in.height - 1 - ox), 4);
        }
    }
    return ipvm_pack(block, block_len);
}
IPVM_RESULT(rotate90, bytes);

/* A 3x3 box blur of every channel, alpha included: the rounded mean (sum + 4) / 9, edges clamped. */
__attribute__((export_name("blur")))
long long blur(const u8 *data, int len)
{
    image in = parse(data, len);
    u8 *block;
    int block_len;
    image out = create(in.width, in.height, &block, &block_len);
    for (u32 y = 0; y < in.height; y++) {
        for (u32 x = 0; x < in.width; x++) {
            u32 sum[4] = { 0, 0, 0, 0 };
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    const u8 *p = pixel(in, clamp((int)x + dx, in.width), clamp((int)y + dy, in.height));
                    for (int c = 0; c < 4; c++) {
                        sum[c] += p[c];
                    }
                }
            }
            u8 *q = (u8 *)pixel(out, x, y);
            for (int c = 0; c < 4; c++) {
                q[c] = (u8)((sum[c] + 4) / 9);
            }
        }
    }
    return ipvm_pack(block, block_len);
}
IPVM_RESULT(blur, bytes);

/* Luma with BT.601 weights in 8-bit fixed point, (77 R + 150 G + 29 B + 128) >> 8, into R, G and B; alpha kept. */
__attribute__((export_name("grayscale")))
long long grayscale(const u8 *data, int len)
{
    image in = parse(data, len);
    u8 *block;
    int block_len;
    image out = create(in.width, in.height, &block, &block_len);
    unsigned long count = (unsigned long)in.width * in.height;
    for (unsigned long i = 0; i < count; i++) {
        const u8 *p = in.pixels + i * 4;
        u8 *q = out.pixels + i * 4;
        u8 luma = (u8)((77u * p[0] + 150u * p[1] + 29u * p[2] + 128u) >> 8);
        q[0] = q[1] = q[2] = luma;
        q[3] = p[3];
    }
    return ipvm_pack(block, block_len);
}
IPVM_RESULT(grayscale, bytes);

/* Half the size: each output pixel is the rounded mean (sum + 2) / 4 of a 2x2 block (an odd last row or column is
 * dropped; a side of 1 stays 1). */
__attribute__((export_name("thumbnail")))
long long thumbnail(const u8 *data, int len)
{
    image in = parse(data, len);
    u8 *block;
    int block_len;
    image out = create(in.width > 1 ? in.width / 2 : 1, in.height > 1 ? in.height / 2 : 1, &block, &block_len);
    for (u32 oy = 0; oy < out.height; oy++) {
        for (u32 ox = 0; ox < out.width; ox++) {
            u32 x0 = clamp((int)(2 * ox), in.width), x1 = clamp((int)(2 * ox + 1), in.width);
            u32 y0 = clamp((int)(2 * oy), in.height), y1 = clamp((int)(2 * oy + 1), in.height);
            const u8 *a = pixel(in, x0, y0), *b = pixel(in, x1, y0), *c = pixel(in, x0, y1), *d = pixel(in, x1, y1);
            u8 *q = (u8 *)pixel(out, ox, oy);
            for (int k = 0; k < 4; k++) {
                q[k] = (u8)(((u32)a[k] + b[k] + c[k] + d[k] + 2) / 4);
            }
        }
    }
    return ipvm_pack(block, block_len);
}
IPVM_RESULT(thumbnail, bytes);
