// Recursive Fibonacci: call-heavy, no memory traffic.
__attribute__((export_name("fib"))) int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((export_name("run"))) int run(void) { return fib(30); }
