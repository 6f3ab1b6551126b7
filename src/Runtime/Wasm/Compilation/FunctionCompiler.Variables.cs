using System.Reflection.Emit;

namespace Ipvm.Durable.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private void EmitLocalGet(uint index)
    {
        if (_locals[index] is { } local)
        {
            _il.Emit(OpCodes.Ldloc, local);
        }
        else
        {
            _il.Emit(OpCodes.Ldarg, (short)index);
        }

        _stack.Push(_localKinds[index], dirty: false, local: (int)index);
    }

    private void EmitLocalSet(uint index)
    {
        CanonicalizeTopInPlace();
        Pop();
        _stack.ForgetLocal((int)index);
        _checkedEnds.Remove((int)index);
        if (_locals[index] is { } local)
        {
            _il.Emit(OpCodes.Stloc, local);
        }
        else
        {
            _il.Emit(OpCodes.Starg, (short)index);
        }
    }

    private void LoadGlobal(int index)
    {
        LoadContext();
        _il.Emit(OpCodes.Ldfld, Field<InstanceContext>(nameof(InstanceContext.Globals)));
        _il.Emit(OpCodes.Ldc_I4, index);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private void EmitGlobalGet(int index)
    {
        var kind = _module.Globals[index].Kind;
        LoadGlobal(index);
        if (kind.IsReference())
        {
            _il.Emit(OpCodes.Ldfld, Field<Global>(nameof(Global.Reference)));
        }
        else
        {
            _il.Emit(OpCodes.Ldfld, Field<Global>(nameof(Global.Bits)));
            switch (kind)
            {
                case ValueKind.I32: _il.Emit(OpCodes.Conv_I4); break;
                case ValueKind.F32:
                    _il.Emit(OpCodes.Conv_I4);
                    Call(typeof(BitConverter), nameof(BitConverter.Int32BitsToSingle));
                    break;
                case ValueKind.F64: Call(typeof(BitConverter), nameof(BitConverter.Int64BitsToDouble)); break;
            }
        }

        Push(kind);
    }

    private void EmitGlobalSet(int index)
    {
        CanonicalizeTopInPlace();
        var kind = Pop();
        var value = Temporary(kind, 402);
        _il.Emit(OpCodes.Stloc, value);
        LoadGlobal(index);
        _il.Emit(OpCodes.Ldloc, value);
        switch (kind)
        {
            case ValueKind.I32: _il.Emit(OpCodes.Conv_I8); break;
            case ValueKind.F32:
                Call(typeof(BitConverter), nameof(BitConverter.SingleToInt32Bits));
                _il.Emit(OpCodes.Conv_I8);
                break;
            case ValueKind.F64: Call(typeof(BitConverter), nameof(BitConverter.DoubleToInt64Bits)); break;
        }

        _il.Emit(OpCodes.Stfld, Field<Global>(kind.IsReference() ? nameof(Global.Reference) : nameof(Global.Bits)));
    }
}
