// A multiplicative checksum over 4 MiB, four passes: a tight loop of loads and integer arithmetic.
#define SIZE (4 * 1024 * 1024)
static unsigned char buffer[SIZE];

__attribute__((export_name("init"))) void init(void) {
    unsigned int x = 12345;
    for (int i = 0; i < SIZE; i++) { x = x * 1103515245u + 12345u; buffer[i] = (unsigned char)(x >> 16); }
}

__attribute__((export_name("run"))) unsigned int run(void) {
    unsigned int h = 2166136261u;
    for (int pass = 0; pass < 4; pass++)
        for (int i = 0; i < SIZE; i++) h = (h ^ buffer[i]) * 16777619u;
    return h;
}
