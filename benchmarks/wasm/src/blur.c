// 3x3 box blur of a 1024x1024 8-bit image: byte loads, integer adds and a division per pixel.
#define W 1024
#define H 1024
static unsigned char input[W * H], output[W * H];

__attribute__((export_name("init"))) void init(void) {
    for (int i = 0; i < W * H; i++) input[i] = (unsigned char)((i * 31) ^ (i >> 10));
}

__attribute__((export_name("run"))) unsigned int run(void) {
    for (int y = 1; y < H - 1; y++)
        for (int x = 1; x < W - 1; x++) {
            int s = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) s += input[(y + dy) * W + x + dx];
            output[y * W + x] = (unsigned char)(s / 9);
        }
    unsigned int sum = 0;
    for (int i = 0; i < W * H; i++) sum += output[i];
    return sum;
}
