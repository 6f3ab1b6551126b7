using System.Reflection;
using System.Reflection.Emit;

namespace Ipvm.Durable.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private (ValueKind[] Parameters, ValueKind[] Results) ReadBlockType()
    {
        var value = _reader.ReadSigned(33);
        if (value == -64)
        {
            return ([], []);
        }

        if (value < 0)
        {
            return ([], [(ValueKind)(byte)(value & 0x7F)]);
        }

        var type = _module.Types[(int)value];
        return (type.ParameterKinds, type.ResultKinds);
    }

    private CompilerFrame Target(uint depth) => _frames[_frames.Count - 1 - (int)depth];

    /// <summary>
    /// Stores the top values into the shared branch temporaries (top of stack last), canonicalizing the
    /// NaNs of float results that are still dirty in the tracked stack: values leave the block here.
    /// </summary>
    private void Stash(ValueKind[] types, bool tracked = true)
    {
        for (var k = types.Length - 1; k >= 0; k--)
        {
            if (tracked && _stack.Peek(types.Length - 1 - k).Dirty)
            {
                EmitCanonicalize(types[k]);
            }

            _il.Emit(OpCodes.Stloc, Temporary(types[k], k));
        }
    }

    private void Unstash(ValueKind[] types)
    {
        for (var k = 0; k < types.Length; k++)
        {
            _il.Emit(OpCodes.Ldloc, Temporary(types[k], k));
        }
    }

    /// <summary>Branches to <paramref name="target"/> from the current (tracked) stack without changing it.</summary>
    private void EmitBranch(CompilerFrame target)
    {
        var types = target.LabelTypes;
        Stash(types);
        var extra = _stack.Count - types.Length - target.Height;
        for (var i = 0; i < extra; i++)
        {
            _il.Emit(OpCodes.Pop);
        }

        _il.Emit(OpCodes.Br, target.Label);
        target.LabelUsed = true;
    }

    private void EnterBlock(byte opcode)
    {
        var (parameters, results) = ReadBlockType();
        FlushFuel();
        var frame = new CompilerFrame
        {
            Opcode = opcode,
            Parameters = parameters,
            Results = results,
            Height = _stack.Count - parameters.Length,
            Label = _il.DefineLabel(),
        };
        _frames.Add(frame);
        if (opcode == 0x03)
        {
            Stash(parameters);
            MarkLabel(frame.Label);
            Unstash(parameters);
            _stack.MarkClean(parameters.Length);
            if (_meterFuel || !CallsOnEveryIteration())
            {
                EmitLoopCheck();
            }
        }
    }

    private void EnterIf()
    {
        var (parameters, results) = ReadBlockType();
        CanonicalizeTop(parameters.Length + 1);
        Pop();
        FlushFuel();
        var frame = new CompilerFrame
        {
            Opcode = 0x04,
            Parameters = parameters,
            Results = results,
            Height = _stack.Count - parameters.Length,
            Label = _il.DefineLabel(),
            ElseLabel = _il.DefineLabel(),
        };
        _frames.Add(frame);
        _il.Emit(OpCodes.Brfalse, frame.ElseLabel);
    }

    private void EmitElse()
    {
        var frame = _frames[^1];
        FlushFuel();
        if (!_unreachable)
        {
            Stash(frame.Results);
            _il.Emit(OpCodes.Br, frame.Label);
            frame.LabelUsed = true;
        }

        MarkLabel(frame.ElseLabel);
        frame.Opcode = 0x05;
        _stack.Truncate(frame.Height);
        _stack.PushAll(frame.Parameters);
        _unreachable = false;
    }

    private void EmitEnd()
    {
        var frame = _frames[^1];
        FlushFuel();
        _frames.RemoveAt(_frames.Count - 1);
        if (frame.IsLoop)
        {
            // Falling out of a loop keeps the results on the IL stack; nothing branches here.
            FinishFrame(frame, keepFlags: true);
            return;
        }

        if (frame.Opcode == 0x04)
        {
            // An if without else: the false path carries the parameters (equal to the results) to the end.
            if (!_unreachable)
            {
                Stash(frame.Results);
                _il.Emit(OpCodes.Br, frame.Label);
            }

            _il.MarkLabel(frame.ElseLabel);
            Stash(frame.Results, tracked: false);
            frame.LabelUsed = true;
            _unreachable = false;
        }
        else if (frame.LabelUsed && !_unreachable)
        {
            Stash(frame.Results);
        }

        var keepFlags = !frame.LabelUsed;
        if (frame.LabelUsed)
        {
            MarkLabel(frame.Label);
            Unstash(frame.Results);
            _unreachable = false;
        }

        _checkedEnds.Clear();
        FinishFrame(frame, keepFlags);
        if (frame.Opcode == 0x00 && !_unreachable)
        {
            EmitEpilogue();
        }
    }

    /// <summary>Leaves the frame's results on the tracked stack; values that fell through unchanged keep their flags.</summary>
    private void FinishFrame(CompilerFrame frame, bool keepFlags)
    {
        if (keepFlags && !_unreachable)
        {
            var results = Enumerable.Range(0, frame.Results.Length).Select(i => _stack.Peek(frame.Results.Length - 1 - i)).ToArray();
            _stack.Truncate(frame.Height);
            foreach (var slot in results)
            {
                _stack.Push(slot.Kind, slot.Dirty);
            }

            return;
        }

        _stack.Truncate(frame.Height);
        _stack.PushAll(frame.Results);
    }

    private void EmitBranchInstruction()
    {
        var target = Target(_reader.ReadU32());
        FlushFuel();
        EmitBranch(target);
        _unreachable = true;
    }

    private void EmitBranchIf()
    {
        var target = Target(_reader.ReadU32());
        Pop();
        FlushFuel();
        if (target.LabelTypes.Length == 0 && _stack.Count == target.Height)
        {
            _il.Emit(OpCodes.Brtrue, target.Label);
            target.LabelUsed = true;
            return;
        }

        // The fall-through path is reached only from here, so address facts survive the skip label.
        var skip = _il.DefineLabel();
        _spilledSlots += _stack.Count;
        _il.Emit(OpCodes.Brfalse, skip);
        EmitBranch(target);
        _il.MarkLabel(skip);
    }

    private void EmitBranchTable()
    {
        var count = _reader.ReadU32();
        var depths = new uint[count];
        for (var i = 0; i < count; i++)
        {
            depths[i] = _reader.ReadU32();
        }

        var defaultDepth = _reader.ReadU32();
        Pop();
        FlushFuel();
        var trampolines = new Dictionary<uint, Label>();
        var labels = depths.Select(d => trampolines.TryGetValue(d, out var l) ? l : trampolines[d] = _il.DefineLabel()).ToArray();
        _spilledSlots += _stack.Count * (trampolines.Count + 1);
        _il.Emit(OpCodes.Switch, labels);
        EmitBranch(Target(defaultDepth));
        foreach (var (depth, label) in trampolines)
        {
            _il.MarkLabel(label);
            EmitBranch(Target(depth));
        }

        _unreachable = true;
    }

    private void EmitReturn()
    {
        FlushFuel();
        EmitBranch(_frames[0]);
        _unreachable = true;
    }

    private void EmitUnreachable()
    {
        FlushFuel();
        _il.Emit(OpCodes.Ldc_I4, (int)TrapCode.Unreachable);
        _il.Emit(OpCodes.Newobj, typeof(WasmTrapException).GetConstructor([typeof(TrapCode)])!);
        _il.Emit(OpCodes.Throw);
        _unreachable = true;
    }

    private void EmitCall()
    {
        var index = (int)_reader.ReadU32();
        var type = _module.FunctionType(index);
        CanonicalizeTop(type.ParameterKinds.Length);
        FlushFuel();
        SaveFuel();
        PushResultAddresses(type);
        if (index < _module.ImportedFunctionCount)
        {
            LoadContext();
            _il.Emit(OpCodes.Ldfld, Field<InstanceContext>(nameof(InstanceContext.Functions)));
            _il.Emit(OpCodes.Ldc_I4, index);
            _il.Emit(OpCodes.Ldelem_Ref);
            EmitCalli(type);
        }
        else
        {
            PushCalleeDepth();
            LoadContext();
            _il.Emit(OpCodes.Call, _methods[index - _module.ImportedFunctionCount]);
        }

        FinishCall(type);
    }

    private void EmitCallIndirect()
    {
        var type = _module.Types[(int)_reader.ReadU32()];
        var table = (int)_reader.ReadU32();
        CanonicalizeTop(type.ParameterKinds.Length + 1);
        Pop();
        FlushFuel();
        SaveFuel();
        _il.Emit(OpCodes.Ldc_I4, table);
        _il.Emit(OpCodes.Ldc_I4, type.CanonicalId);
        LoadContext();
        Call(typeof(TableOps), nameof(TableOps.Resolve));
        var callee = Temporary(ValueKind.ExternRef, 700);
        _il.Emit(OpCodes.Stloc, callee);
        PushResultAddresses(type);
        _il.Emit(OpCodes.Ldloc, callee);
        EmitCalli(type);
        FinishCall(type);
    }

    /// <summary>With a <see cref="Function"/> on the stack: loads its context and code pointer and calls it.</summary>
    private void EmitCalli(FuncType type)
    {
        var callee = Temporary(ValueKind.ExternRef, 701);
        _il.Emit(OpCodes.Stloc, callee);
        PushCalleeDepth();
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Castclass, typeof(Function));
        _il.Emit(OpCodes.Ldfld, typeof(Function).GetField(nameof(Function.Context), BindingFlags.Instance | BindingFlags.NonPublic)!);
        _il.Emit(OpCodes.Ldloc, callee);
        _il.Emit(OpCodes.Castclass, typeof(Function));
        _il.Emit(OpCodes.Ldfld, typeof(Function).GetField(nameof(Function.Code), BindingFlags.Instance | BindingFlags.NonPublic)!);
        _il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, ClrTypes.ReturnType(type), ClrTypes.ParameterTypes(type), null);
    }

    private void PushCalleeDepth()
    {
        _il.Emit(OpCodes.Ldarg, _depthArgument);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Sub);
    }

    private void PushResultAddresses(FuncType type)
    {
        _maxCallArguments = Math.Max(_maxCallArguments, type.ParameterKinds.Length + type.ResultKinds.Length + 2);
        for (var k = 1; k < type.ResultKinds.Length; k++)
        {
            _il.Emit(OpCodes.Ldloca, Temporary(type.Results[k], 600 + k));
        }
    }

    private void FinishCall(FuncType type)
    {
        _spilledSlots += _stack.Count;
        PopMany(type.ParameterKinds.Length);
        for (var k = 1; k < type.ResultKinds.Length; k++)
        {
            _il.Emit(OpCodes.Ldloc, Temporary(type.Results[k], 600 + k));
        }

        _stack.PushAll(type.ResultKinds);
        LoadFuel();
        ReloadMemory();
    }
}
