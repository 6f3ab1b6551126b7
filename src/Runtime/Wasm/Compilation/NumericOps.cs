using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>
/// Numeric operators whose WebAssembly semantics differ from a single IL instruction: trapping division
/// and conversion, NaN canonicalization, and sign operations done on bits so NaN payloads survive.
/// </summary>
internal static class NumericOps
{
    private const int CanonicalNaN32 = 0x7FC00000;
    private const long CanonicalNaN64 = 0x7FF8000000000000;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Canon32(float x) => float.IsNaN(x) ? BitConverter.Int32BitsToSingle(CanonicalNaN32) : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Canon64(double x) => double.IsNaN(x) ? BitConverter.Int64BitsToDouble(CanonicalNaN64) : x;

    /// <summary>A NaN constant kept out of the JIT's reach: folding goes through double and would quiet it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float Int32BitsToSingle(int bits) => BitConverter.Int32BitsToSingle(bits);

    /// <summary>As <see cref="Int32BitsToSingle"/>, for f64 NaN constants.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double Int64BitsToDouble(long bits) => BitConverter.Int64BitsToDouble(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivS32(int a, int b)
    {
        if (b == 0)
        {
            Traps.Throw(TrapCode.IntegerDivisionByZero);
        }

        if (b == -1 && a == int.MinValue)
        {
            Traps.Throw(TrapCode.IntegerOverflow);
        }

        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivU32(int a, int b) => b == 0 ? ThrowDivideByZero32() : (int)((uint)a / (uint)b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RemS32(int a, int b) => b == 0 ? ThrowDivideByZero32() : b == -1 ? 0 : a % b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RemU32(int a, int b) => b == 0 ? ThrowDivideByZero32() : (int)((uint)a % (uint)b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivS64(long a, long b)
    {
        if (b == 0)
        {
            Traps.Throw(TrapCode.IntegerDivisionByZero);
        }

        if (b == -1 && a == long.MinValue)
        {
            Traps.Throw(TrapCode.IntegerOverflow);
        }

        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivU64(long a, long b) => b == 0 ? ThrowDivideByZero64() : (long)((ulong)a / (ulong)b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemS64(long a, long b) => b == 0 ? ThrowDivideByZero64() : b == -1 ? 0 : a % b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemU64(long a, long b) => b == 0 ? ThrowDivideByZero64() : (long)((ulong)a % (ulong)b);

    private static int ThrowDivideByZero32() => throw new WasmTrapException(TrapCode.IntegerDivisionByZero);

    private static long ThrowDivideByZero64() => throw new WasmTrapException(TrapCode.IntegerDivisionByZero);

    public static int Rotl32(int a, int b) => (int)BitOperations.RotateLeft((uint)a, b);

    public static int Rotr32(int a, int b) => (int)BitOperations.RotateRight((uint)a, b);

    public static long Rotl64(long a, long b) => (long)BitOperations.RotateLeft((ulong)a, (int)b);

    public static long Rotr64(long a, long b) => (long)BitOperations.RotateRight((ulong)a, (int)b);

    public static int Clz32(int a) => BitOperations.LeadingZeroCount((uint)a);

    public static int Ctz32(int a) => BitOperations.TrailingZeroCount(a);

    public static int Popcnt32(int a) => BitOperations.PopCount((uint)a);

    public static long Clz64(long a) => BitOperations.LeadingZeroCount((ulong)a);

    public static long Ctz64(long a) => BitOperations.TrailingZeroCount(a);

    public static long Popcnt64(long a) => BitOperations.PopCount((ulong)a);

    // Sign operations on bits: exact for NaNs, as the spec requires.
    public static float Abs32(float x) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) & int.MaxValue);

    public static float Neg32(float x) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) ^ int.MinValue);

    public static float Copysign32(float x, float y) => BitConverter.Int32BitsToSingle(
        (BitConverter.SingleToInt32Bits(x) & int.MaxValue) | (BitConverter.SingleToInt32Bits(y) & int.MinValue));

    public static double Abs64(double x) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) & long.MaxValue);

    public static double Neg64(double x) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) ^ long.MinValue);

    public static double Copysign64(double x, double y) => BitConverter.Int64BitsToDouble(
        (BitConverter.DoubleToInt64Bits(x) & long.MaxValue) | (BitConverter.DoubleToInt64Bits(y) & long.MinValue));

    // Arithmetic whose NaN results are canonicalized later, where they are observed (see FunctionCompiler.Canonical).
    // Math.Min/Max follow IEEE 754-2019 minimum/maximum: NaN if either operand is NaN, and -0 < +0.
    public static float Min32(float a, float b) => MathF.Min(a, b);

    public static float Max32(float a, float b) => MathF.Max(a, b);

    public static double Min64(double a, double b) => Math.Min(a, b);

    public static double Max64(double a, double b) => Math.Max(a, b);

    public static float Ceil32(float x) => MathF.Ceiling(x);

    public static float Floor32(float x) => MathF.Floor(x);

    public static float Trunc32(float x) => MathF.Truncate(x);

    public static float Nearest32(float x) => MathF.Round(x, MidpointRounding.ToEven);

    public static float Sqrt32(float x) => MathF.Sqrt(x);

    public static double Ceil64(double x) => Math.Ceiling(x);

    public static double Floor64(double x) => Math.Floor(x);

    public static double Trunc64(double x) => Math.Truncate(x);

    public static double Nearest64(double x) => Math.Round(x, MidpointRounding.ToEven);

    public static double Sqrt64(double x) => Math.Sqrt(x);

    public static float Demote(double x) => (float)x;

    public static double Promote(float x) => x;

    public static float I32ToF32U(int x) => (uint)x;

    public static double I32ToF64U(int x) => (uint)x;

    public static float I64ToF32S(long x) => x;

    public static double I64ToF64S(long x) => x;

    /// <summary>u64 to f32 with one rounding: halving with a sticky bit avoids double rounding through f64.</summary>
    public static float I64ToF32U(long x)
    {
        if (x >= 0)
        {
            return x;
        }

        var halved = (long)(((ulong)x >> 1) | ((ulong)x & 1));
        return (float)halved * 2f;
    }

    public static double I64ToF64U(long x)
    {
        if (x >= 0)
        {
            return x;
        }

        var halved = (long)(((ulong)x >> 1) | ((ulong)x & 1));
        return (double)halved * 2.0;
    }
}
