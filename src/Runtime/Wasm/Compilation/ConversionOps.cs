namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>Float-to-integer truncation: trapping (NaN and out of range) and saturating forms.</summary>
internal static class ConversionOps
{
    public static int TruncF32ToI32S(float x) => (int)Check(x, -2147483904.0, 2147483648.0);

    public static int TruncF32ToI32U(float x) => (int)(uint)Check(x, -1.0, 4294967296.0);

    public static int TruncF64ToI32S(double x) => (int)Check(x, -2147483649.0, 2147483648.0);

    public static int TruncF64ToI32U(double x) => (int)(uint)Check(x, -1.0, 4294967296.0);

    public static long TruncF32ToI64S(float x) => (long)Check(x, -9223373136366403584.0, 9223372036854775808.0);

    public static long TruncF32ToI64U(float x) => (long)(ulong)Check(x, -1.0, 18446744073709551616.0);

    public static long TruncF64ToI64S(double x) => (long)Check(x, -9223372036854777856.0, 9223372036854775808.0);

    public static long TruncF64ToI64U(double x) => (long)(ulong)Check(x, -1.0, 18446744073709551616.0);

    /// <summary>Traps unless <paramref name="x"/> truncates into the open interval (lower, upper).</summary>
    private static double Check(double x, double lower, double upper)
    {
        if (double.IsNaN(x))
        {
            Traps.Throw(TrapCode.BadConversionToInteger);
        }

        if (!(x > lower && x < upper))
        {
            Traps.Throw(TrapCode.IntegerOverflow);
        }

        return Math.Truncate(x);
    }

    // .NET 9+ casts saturate and map NaN to zero, which is exactly trunc_sat.
    public static int SatF32ToI32S(float x) => (int)x;

    public static int SatF32ToI32U(float x) => (int)(uint)x;

    public static int SatF64ToI32S(double x) => (int)x;

    public static int SatF64ToI32U(double x) => (int)(uint)x;

    public static long SatF32ToI64S(float x) => (long)x;

    public static long SatF32ToI64U(float x) => (long)(ulong)x;

    public static long SatF64ToI64S(double x) => (long)x;

    public static long SatF64ToI64U(double x) => (long)(ulong)x;
}
