using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;
using Ipvm.Durable.Wasm.Decoding;

namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>
/// Compiles one validated function body to IL in a single pass. The WebAssembly operand stack is the IL
/// evaluation stack; the compiler tracks its types, skips unreachable code, and meters fuel per
/// straight-line segment.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private static readonly MethodInfo ArrayDataReference =
        typeof(MemoryMarshal).GetMethods().Single(m => m.Name == nameof(MemoryMarshal.GetArrayDataReference) && m.IsGenericMethod)
            .MakeGenericMethod(typeof(byte));

    private readonly ModuleDefinition _module;
    private readonly MethodBuilder[] _methods;
    private readonly ILGenerator _il;
    private readonly FuncType _type;
    private readonly bool _meterFuel;
    private readonly bool _accessesMemory;
    private readonly WasmReader _reader;
    private readonly ValueKind[] _localKinds;
    private readonly LocalBuilder?[] _locals;
    private readonly short _contextArgument;
    private readonly short _depthArgument;
    private readonly OperandStack _stack = new();

    /// <summary>For locals used as addresses in this basic block: the highest access end already bounds-checked.</summary>
    private readonly Dictionary<int, long> _checkedEnds = [];
    private readonly List<CompilerFrame> _frames = new(16);
    private readonly Dictionary<(ValueKind Kind, int Slot), LocalBuilder> _temporaries = [];
    private LocalBuilder _store = null!;
    private LocalBuilder? _fuel;
    private LocalBuilder? _memoryBase;
    private LocalBuilder? _memoryLength;

    /// <summary>Memory length minus 1, 2, 4 and 8: an access of 2^k bytes at effective address a fits when a &lt;= limit[k].</summary>
    private LocalBuilder[] _memoryLimits = [];
    private int _pendingFuel;

    /// <summary>IL stack slots live across labels and calls: the JIT may give each its own spill temporary.</summary>
    private int _spilledSlots;
    private int _maxCallArguments;
    private bool _unreachable;
    private int _deadDepth;

    public FunctionCompiler(ModuleDefinition module, MethodBuilder[] methods, int functionIndex, bool meterFuel, bool accessesMemory)
    {
        _module = module;
        _methods = methods;
        _meterFuel = meterFuel;
        _accessesMemory = accessesMemory;
        _type = module.FunctionType(functionIndex);
        var body = module.Bodies[functionIndex - module.ImportedFunctionCount];
        _il = methods[functionIndex - module.ImportedFunctionCount].GetILGenerator(Math.Max(64, (body.CodeEnd - body.CodeStart) * 4));
        _reader = new WasmReader(module.Bytes, body.CodeStart, body.CodeEnd);
        _localKinds = [.. _type.Parameters, .. body.Locals];
        _locals = new LocalBuilder?[_localKinds.Length];
        for (var i = _type.ParameterKinds.Length; i < _localKinds.Length; i++)
        {
            _locals[i] = _il.DeclareLocal(ClrTypes.Of(_localKinds[i]));
        }

        _depthArgument = (short)(_type.ParameterKinds.Length + Math.Max(0, _type.ResultKinds.Length - 1));
        _contextArgument = (short)(_depthArgument + 1);
    }

    public void Compile()
    {
        EmitPrologue();
        _frames.Add(new CompilerFrame { Opcode = 0x00, Parameters = [], Results = _type.ResultKinds, Height = 0, Label = _il.DefineLabel() });
        while (_frames.Count > 0)
        {
            var opcode = _reader.ReadByte();
            if (_unreachable)
            {
                SkipDeadInstruction(opcode);
            }
            else
            {
                _pendingFuel += _meterFuel ? OpcodeInfo.FuelCost(opcode) : 0;
                EmitInstruction(opcode);
            }
        }
    }

    private void EmitPrologue()
    {
        _store = _il.DeclareLocal(typeof(Store));
        LoadContext();
        _il.Emit(OpCodes.Ldfld, Field<InstanceContext>(nameof(InstanceContext.Store)));
        _il.Emit(OpCodes.Stloc, _store);

        // Depth: the caller passes how many more calls may nest; none left traps.
        var depthOk = _il.DefineLabel();
        _il.Emit(OpCodes.Ldarg, _depthArgument);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Bgt, depthOk);
        _il.Emit(OpCodes.Call, DynamicCode.Method(typeof(Traps), nameof(Traps.CallStackExhausted)));
        _il.MarkLabel(depthOk);

        // Host stack: compare the address of a local with the store's known-safe limit; probe when below it.
        var stackOk = _il.DefineLabel();
        var probe = _il.DeclareLocal(typeof(int));
        _il.Emit(OpCodes.Ldloca, probe);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Ldloc, _store);
        _il.Emit(OpCodes.Ldfld, Field<Store>(nameof(Store.StackLimit)));
        _il.Emit(OpCodes.Bge_Un, stackOk);
        _il.Emit(OpCodes.Ldloc, _store);
        _il.Emit(OpCodes.Ldloca, probe);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Call, DynamicCode.Method(typeof(Traps), nameof(Traps.ProbeStack)));
        _il.MarkLabel(stackOk);

        if (_meterFuel)
        {
            _fuel = _il.DeclareLocal(typeof(long));
            LoadFuel();
        }

        EmitFuelCheck();
        if (_accessesMemory)
        {
            _memoryBase = _il.DeclareLocal(typeof(byte).MakeByRefType());
            _memoryLength = _il.DeclareLocal(typeof(long));
            _memoryLimits = [.. Enumerable.Range(0, 4).Select(_ => _il.DeclareLocal(typeof(long)))];
            ReloadMemory();
        }
    }

    private void EmitEpilogue()
    {
        SaveFuel();
        var results = _type.ResultKinds;
        for (var k = results.Length - 1; k >= 1; k--)
        {
            CanonicalizeTopInPlace();
            _stack.Pop();
            var temporary = Temporary(results[k], 800 + k);
            _il.Emit(OpCodes.Stloc, temporary);
            _il.Emit(OpCodes.Ldarg, (short)(_type.ParameterKinds.Length + k - 1));
            _il.Emit(OpCodes.Ldloc, temporary);
            IlStores.StoreIndirect(_il, results[k]);
        }

        if (results.Length > 0)
        {
            CanonicalizeTopInPlace();
        }

        _il.Emit(OpCodes.Ret);
    }

    /// <summary>Charges the fuel of the operators since the last charge (before any control transfer).</summary>
    private void FlushFuel()
    {
        if (_pendingFuel == 0)
        {
            return;
        }

        _il.Emit(OpCodes.Ldloc, _fuel!);
        _il.Emit(OpCodes.Ldc_I8, (long)_pendingFuel);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Stloc, _fuel!);
        _pendingFuel = 0;
    }

    /// <summary>Fuel lives in a local while the function runs; the store sees it at calls, returns and fuel traps.</summary>
    private void SaveFuel()
    {
        if (_fuel is null)
        {
            return;
        }

        _il.Emit(OpCodes.Ldloc, _store);
        _il.Emit(OpCodes.Ldloc, _fuel);
        _il.Emit(OpCodes.Stfld, Field<Store>(nameof(Store.FuelRemaining)));
    }

    private void LoadFuel()
    {
        if (_fuel is null)
        {
            return;
        }

        _il.Emit(OpCodes.Ldloc, _store);
        _il.Emit(OpCodes.Ldfld, Field<Store>(nameof(Store.FuelRemaining)));
        _il.Emit(OpCodes.Stloc, _fuel);
    }

    /// <summary>
    /// At function entry: trap once fuel is below zero. (Interruption needs no check here: it moves the store's
    /// stack limit so that the entry's stack probe traps.)
    /// </summary>
    private void EmitFuelCheck()
    {
        if (!_meterFuel)
        {
            return;
        }

        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _fuel!);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Bge, ok);
        SaveFuel();
        _il.Emit(OpCodes.Call, DynamicCode.Method(typeof(Traps), nameof(Traps.OutOfFuel)));
        _il.MarkLabel(ok);
    }

    /// <summary>
    /// At loop headers: trap on interruption, and once fuel is below zero. With fuel the two are one comparison,
    /// of the fuel with the store's <see cref="Store.Interruption"/> (0, or <see cref="long.MaxValue"/> once
    /// interrupted); without fuel it is a test of that field. The load is volatile so the JIT cannot hoist it
    /// out of a loop that has no other memory effects.
    /// </summary>
    private void EmitLoopCheck()
    {
        var ok = _il.DefineLabel();
        if (_meterFuel)
        {
            _il.Emit(OpCodes.Ldloc, _fuel!);
        }

        _il.Emit(OpCodes.Ldloc, _store);
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Ldfld, Field<Store>(nameof(Store.Interruption)));
        if (_meterFuel)
        {
            _il.Emit(OpCodes.Bge, ok);
            SaveFuel();
            _il.Emit(OpCodes.Ldloc, _store);
            _il.Emit(OpCodes.Call, DynamicCode.Method(typeof(Traps), nameof(Traps.FuelCheckFailed)));
        }
        else
        {
            _il.Emit(OpCodes.Brfalse, ok);
            _il.Emit(OpCodes.Call, DynamicCode.Method(typeof(Traps), nameof(Traps.Interrupted)));
        }

        _il.MarkLabel(ok);
    }

    /// <summary>
    /// Looks ahead from a loop header: whether the loop's straight-line code calls a function of this module
    /// before any instruction that could branch. Then every iteration enters that function, whose entry already
    /// traps once the store is interrupted, so without fuel the loop needs no check of its own (a recursive
    /// loop like fib's keeps the code it had before interruption existed).
    /// </summary>
    private bool CallsOnEveryIteration()
    {
        var reader = new WasmReader(_module.Bytes, _reader.Position, _reader.End);
        while (true)
        {
            var opcode = reader.ReadByte();
            switch (opcode)
            {
                case 0x10:
                    if (reader.ReadU32() >= _module.ImportedFunctionCount)
                    {
                        return true;
                    }

                    break;
                case 0x00 or 0x02 or 0x03 or 0x04 or 0x05 or 0x0B or 0x0C or 0x0D or 0x0E or 0x0F or 0x11:
                    return false;
                default:
                    InstructionScanner.SkipImmediates(reader, opcode, reader.Position - 1);
                    break;
            }
        }
    }

    /// <summary>Caches the memory's data reference and length in locals (after entry, calls and grows).</summary>
    private void ReloadMemory()
    {
        if (!_accessesMemory)
        {
            return;
        }

        LoadContext();
        _il.Emit(OpCodes.Ldfld, Field<InstanceContext>(nameof(InstanceContext.Memory)));
        _il.Emit(OpCodes.Ldfld, Field<Memory>(nameof(Memory.Data)));
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldlen);
        _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Stloc, _memoryLength!);
        _il.Emit(OpCodes.Call, ArrayDataReference);
        _il.Emit(OpCodes.Stloc, _memoryBase!);
        for (var k = 0; k < _memoryLimits.Length; k++)
        {
            _il.Emit(OpCodes.Ldloc, _memoryLength!);
            _il.Emit(OpCodes.Ldc_I8, 1L << k);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Stloc, _memoryLimits[k]);
        }
    }

    private void LoadContext() => _il.Emit(OpCodes.Ldarg, _contextArgument);

    private LocalBuilder Temporary(ValueKind kind, int slot)
    {
        if (!_temporaries.TryGetValue((kind, slot), out var local))
        {
            local = _il.DeclareLocal(ClrTypes.Of(kind));
            _temporaries[(kind, slot)] = local;
        }

        return local;
    }

    private static FieldInfo Field<T>(string name) =>
        typeof(T).GetField(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic) ?? throw new MissingFieldException(typeof(T).Name, name);

    private void Push(ValueKind kind, bool dirty = false) => _stack.Push(kind, dirty);

    private ValueKind Pop() => _stack.Pop().Kind;

    private void PopMany(int count) => _stack.PopMany(count);

    /// <summary>At a label several paths meet, so facts about checked addresses no longer hold.</summary>
    private void MarkLabel(Label label)
    {
        _il.MarkLabel(label);
        _spilledSlots += _stack.Count;
        _checkedEnds.Clear();
    }

    /// <summary>
    /// An upper bound on the native frame the JIT will give this method: every IL local, argument, operand
    /// stack slot and spill temporary at 16 bytes (twice their size), plus saved registers and call areas.
    /// The store keeps this much stack (and a margin) free before any guest function is entered.
    /// </summary>
    public long EstimatedFrameBytes =>
        (16L * ((_il.ILOffset / 64) + _localKinds.Length + _temporaries.Count + _stack.MaxCount + _spilledSlots + _maxCallArguments)) + 2048;

    private void Call(Type type, string name) => _il.Emit(OpCodes.Call, DynamicCode.Method(type, name));
}
