// 256x256 double matrix multiply (i-k-j order): float multiply-add over linear memory.
#define N 256
static double a[N * N], b[N * N], c[N * N];

__attribute__((export_name("init"))) void init(void) {
    for (int i = 0; i < N * N; i++) { a[i] = (double)(i % 17) * 0.5; b[i] = (double)(i % 13) - 6.0; }
}

__attribute__((export_name("run"))) double run(void) {
    for (int i = 0; i < N * N; i++) c[i] = 0.0;
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++) {
            double x = a[i * N + k];
            for (int j = 0; j < N; j++) c[i * N + j] += x * b[k * N + j];
        }
    double sum = 0.0;
    for (int i = 0; i < N * N; i++) sum += c[i];
    return sum;
}
