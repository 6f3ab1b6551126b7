/* Integer and float tasks for wasm/run: the workflow example adds, then multiplies. */
#include "alloc.h"

__attribute__((export_name("add")))
long long add(long long a, long long b)
{
    return a + b;
}

__attribute__((export_name("multiply")))
long long multiply(long long a, long long b)
{
    return a * b;
}

/* i32 arguments, for the range checks: a value outside [-2^31, 2^31) is refused before the call. */
__attribute__((export_name("add32")))
int add32(int a, int b)
{
    return a + b;
}

__attribute__((export_name("scale")))
double scale(double x, float factor)
{
    return x * factor;
}

__attribute__((export_name("divide")))
int divide(int a, int b)
{
    return a / b; /* traps with IntegerDivisionByZero when b is 0 */
}

/* Never returns: fuel exhaustion ends it with OutOfFuel. */
__attribute__((export_name("spin")))
int spin(int n)
{
    volatile int x = n;
    for (;;) {
        x = x + 1;
    }
    return x;
}
