using System.Reflection.Emit;
using Ipvm.Durable.Wasm.Decoding;

namespace Ipvm.Durable.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private void EmitNumeric(byte op)
    {
        var (_, second, result) = OpcodeInfo.Numeric(op);
        if (ObservesNaNBits(op))
        {
            CanonicalizeTop(second != OpcodeInfo.Unknown ? 2 : 1);
        }

        if (second != OpcodeInfo.Unknown)
        {
            Pop();
        }

        Pop();
        Push(result, dirty: MayProduceNaN(op));
        switch (op)
        {
            case 0x45: EmitEqz(false); break;
            case 0x50: EmitEqz(true); break;
            case 0x46 or 0x51 or 0x5B or 0x61: _il.Emit(OpCodes.Ceq); break;
            case 0x47 or 0x52 or 0x5C or 0x62: EmitNot(OpCodes.Ceq); break;
            case 0x48 or 0x53 or 0x5D or 0x63: _il.Emit(OpCodes.Clt); break;
            case 0x49 or 0x54: _il.Emit(OpCodes.Clt_Un); break;
            case 0x4A or 0x55 or 0x5E or 0x64: _il.Emit(OpCodes.Cgt); break;
            case 0x4B or 0x56: _il.Emit(OpCodes.Cgt_Un); break;
            case 0x4C or 0x57: EmitNot(OpCodes.Cgt); break;
            case 0x4D or 0x58 or 0x5F or 0x65: EmitNot(OpCodes.Cgt_Un); break;
            case 0x4E or 0x59: EmitNot(OpCodes.Clt); break;
            case 0x4F or 0x5A or 0x60 or 0x66: EmitNot(OpCodes.Clt_Un); break;
            case 0x67: Numeric(nameof(NumericOps.Clz32)); break;
            case 0x68: Numeric(nameof(NumericOps.Ctz32)); break;
            case 0x69: Numeric(nameof(NumericOps.Popcnt32)); break;
            case 0x79: Numeric(nameof(NumericOps.Clz64)); break;
            case 0x7A: Numeric(nameof(NumericOps.Ctz64)); break;
            case 0x7B: Numeric(nameof(NumericOps.Popcnt64)); break;
            case >= 0x6A and <= 0x78: EmitIntegerBinary(op - 0x6A, is64: false); break;
            case >= 0x7C and <= 0x8A: EmitIntegerBinary(op - 0x7C, is64: true); break;
            case >= 0x8B and <= 0x98: EmitFloat(op - 0x8B, is64: false); break;
            case >= 0x99 and <= 0xA6: EmitFloat(op - 0x99, is64: true); break;
            default: EmitConversion(op); break;
        }
    }

    /// <summary>abs, neg, copysign and the reinterpretations expose the bits of their float operands.</summary>
    private static bool ObservesNaNBits(byte op) => op is 0x8B or 0x8C or 0x98 or 0x99 or 0x9A or 0xA6 or 0xBC or 0xBD;

    /// <summary>Float arithmetic whose NaN results the hardware chooses; their results are canonicalized when observed.</summary>
    private static bool MayProduceNaN(byte op) => op is (>= 0x8D and <= 0x97) or (>= 0x9B and <= 0xA5) or 0xB6 or 0xBB;

    private void EmitEqz(bool is64)
    {
        _il.Emit(OpCodes.Ldc_I4_0);
        if (is64)
        {
            _il.Emit(OpCodes.Conv_I8);
        }

        _il.Emit(OpCodes.Ceq);
    }

    private void EmitNot(OpCode comparison)
    {
        _il.Emit(comparison);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ceq);
    }

    private void Numeric(string name) => Call(typeof(NumericOps), name);

    /// <summary>add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr.</summary>
    private void EmitIntegerBinary(int index, bool is64)
    {
        switch (index)
        {
            case 0: _il.Emit(OpCodes.Add); break;
            case 1: _il.Emit(OpCodes.Sub); break;
            case 2: _il.Emit(OpCodes.Mul); break;
            case 3: Numeric(is64 ? nameof(NumericOps.DivS64) : nameof(NumericOps.DivS32)); break;
            case 4: Numeric(is64 ? nameof(NumericOps.DivU64) : nameof(NumericOps.DivU32)); break;
            case 5: Numeric(is64 ? nameof(NumericOps.RemS64) : nameof(NumericOps.RemS32)); break;
            case 6: Numeric(is64 ? nameof(NumericOps.RemU64) : nameof(NumericOps.RemU32)); break;
            case 7: _il.Emit(OpCodes.And); break;
            case 8: _il.Emit(OpCodes.Or); break;
            case 9: _il.Emit(OpCodes.Xor); break;
            case 10 or 11 or 12:
                // IL leaves oversized shift counts undefined; WebAssembly takes them modulo the width.
                if (is64)
                {
                    _il.Emit(OpCodes.Conv_I4);
                }

                _il.Emit(OpCodes.Ldc_I4, is64 ? 63 : 31);
                _il.Emit(OpCodes.And);
                _il.Emit(index == 10 ? OpCodes.Shl : index == 11 ? OpCodes.Shr : OpCodes.Shr_Un);
                break;
            case 13: Numeric(is64 ? nameof(NumericOps.Rotl64) : nameof(NumericOps.Rotl32)); break;
            default: Numeric(is64 ? nameof(NumericOps.Rotr64) : nameof(NumericOps.Rotr32)); break;
        }
    }

    /// <summary>abs neg ceil floor trunc nearest sqrt add sub mul div min max copysign.</summary>
    private void EmitFloat(int index, bool is64)
    {
        var suffix = is64 ? "64" : "32";
        switch (index)
        {
            case 0: Numeric("Abs" + suffix); break;
            case 1: Numeric("Neg" + suffix); break;
            case 2: Numeric("Ceil" + suffix); break;
            case 3: Numeric("Floor" + suffix); break;
            case 4: Numeric("Trunc" + suffix); break;
            case 5: Numeric("Nearest" + suffix); break;
            case 6: Numeric("Sqrt" + suffix); break;
            case 7 or 8 or 9 or 10:
                _il.Emit(index switch { 7 => OpCodes.Add, 8 => OpCodes.Sub, 9 => OpCodes.Mul, _ => OpCodes.Div });
                break;
            case 11: Numeric("Min" + suffix); break;
            case 12: Numeric("Max" + suffix); break;
            default: Numeric("Copysign" + suffix); break;
        }
    }

    private void EmitConversion(byte op)
    {
        switch (op)
        {
            case 0xA7: _il.Emit(OpCodes.Conv_I4); break;
            case 0xA8: Conversion(nameof(ConversionOps.TruncF32ToI32S)); break;
            case 0xA9: Conversion(nameof(ConversionOps.TruncF32ToI32U)); break;
            case 0xAA: Conversion(nameof(ConversionOps.TruncF64ToI32S)); break;
            case 0xAB: Conversion(nameof(ConversionOps.TruncF64ToI32U)); break;
            case 0xAC: _il.Emit(OpCodes.Conv_I8); break;
            case 0xAD: _il.Emit(OpCodes.Conv_U8); break;
            case 0xAE: Conversion(nameof(ConversionOps.TruncF32ToI64S)); break;
            case 0xAF: Conversion(nameof(ConversionOps.TruncF32ToI64U)); break;
            case 0xB0: Conversion(nameof(ConversionOps.TruncF64ToI64S)); break;
            case 0xB1: Conversion(nameof(ConversionOps.TruncF64ToI64U)); break;
            case 0xB2: _il.Emit(OpCodes.Conv_R4); break;
            case 0xB3: Numeric(nameof(NumericOps.I32ToF32U)); break;
            case 0xB4: Numeric(nameof(NumericOps.I64ToF32S)); break;
            case 0xB5: Numeric(nameof(NumericOps.I64ToF32U)); break;
            case 0xB6: Numeric(nameof(NumericOps.Demote)); break;
            case 0xB7: _il.Emit(OpCodes.Conv_R8); break;
            case 0xB8: Numeric(nameof(NumericOps.I32ToF64U)); break;
            case 0xB9: Numeric(nameof(NumericOps.I64ToF64S)); break;
            case 0xBA: Numeric(nameof(NumericOps.I64ToF64U)); break;
            case 0xBB: Numeric(nameof(NumericOps.Promote)); break;
            case 0xBC: Call(typeof(BitConverter), nameof(BitConverter.SingleToInt32Bits)); break;
            case 0xBD: Call(typeof(BitConverter), nameof(BitConverter.DoubleToInt64Bits)); break;
            case 0xBE: Call(typeof(BitConverter), nameof(BitConverter.Int32BitsToSingle)); break;
            case 0xBF: Call(typeof(BitConverter), nameof(BitConverter.Int64BitsToDouble)); break;
            case 0xC0: _il.Emit(OpCodes.Conv_I1); break;
            case 0xC1: _il.Emit(OpCodes.Conv_I2); break;
            case 0xC2:
                _il.Emit(OpCodes.Conv_I1);
                _il.Emit(OpCodes.Conv_I8);
                break;
            case 0xC3:
                _il.Emit(OpCodes.Conv_I2);
                _il.Emit(OpCodes.Conv_I8);
                break;
            default:
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Conv_I8);
                break;
        }
    }

    private void Conversion(string name) => Call(typeof(ConversionOps), name);
}
