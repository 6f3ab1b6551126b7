namespace Ipvm.Durable.Wasm.Validation;

/// <summary>Validates a decoded module: every index, limit, constant expression, export and function body.</summary>
internal static class ModuleValidator
{
    private const uint MaxPages = 65536;

    public static ModuleContext Validate(ModuleDefinition module)
    {
        foreach (var typeIndex in module.FunctionTypes)
        {
            if (typeIndex >= module.Types.Count)
            {
                throw new WasmValidationException($"unknown type {typeIndex}", 0);
            }
        }

        foreach (var table in module.Tables)
        {
            CheckLimits(table.Limits, uint.MaxValue, "table size");
        }

        if (module.Memories.Count > 1)
        {
            throw new WasmValidationException("multiple memories", 0);
        }

        foreach (var memory in module.Memories)
        {
            CheckLimits(memory, MaxPages, "memory size must be at most 65536 pages (4GiB)");
        }

        var context = new ModuleContext();
        CollectDeclaredReferences(module, context);
        for (var i = 0; i < module.GlobalDefinitions.Count; i++)
        {
            var definition = module.GlobalDefinitions[i];
            CheckConstant(module, definition.Init, definition.Type.Kind);
        }

        CheckExports(module);
        CheckStart(module);
        CheckElements(module);
        foreach (var data in module.Data)
        {
            if (data.Mode == SegmentMode.Active)
            {
                if (data.MemoryIndex >= module.Memories.Count)
                {
                    throw new WasmValidationException($"unknown memory {data.MemoryIndex}", data.Offset!.Offset);
                }

                CheckConstant(module, data.Offset!, ValueKind.I32);
            }
        }

        for (var f = module.ImportedFunctionCount; f < module.FunctionTypes.Count; f++)
        {
            FunctionValidator.Validate(module, context, f);
        }

        return context;
    }

    private static void CheckLimits(Limits limits, uint bound, string what)
    {
        if (limits.Minimum > bound || limits.Maximum > bound)
        {
            throw new WasmValidationException(what, 0);
        }

        if (limits.Maximum is { } max && max < limits.Minimum)
        {
            throw new WasmValidationException("size minimum must not be greater than maximum", 0);
        }
    }

    private static void CollectDeclaredReferences(ModuleDefinition module, ModuleContext context)
    {
        foreach (var export in module.Exports)
        {
            if (export.Kind == ExternKind.Function)
            {
                context.DeclaredFunctionReferences.Add(export.Index);
            }
        }

        IEnumerable<ConstantExpression> expressions = module.GlobalDefinitions.Select(g => g.Init)
            .Concat(module.Elements.SelectMany(e => e.Items));
        foreach (var expression in expressions)
        {
            if (expression.Opcode == 0xD2)
            {
                context.DeclaredFunctionReferences.Add((uint)expression.Bits);
            }
        }
    }

    /// <summary>Checks a constant expression: one constant instruction of the expected type.</summary>
    public static void CheckConstant(ModuleDefinition module, ConstantExpression expression, ValueKind expected)
    {
        if (expression.Opcode == 0x01 || expression.ExtraInstructions > 0 && IsConstantOpcode(expression.Opcode))
        {
            throw new WasmValidationException(
                expression.ExtraInstructions > 0 ? "type mismatch: constant expression leaves more than one value" : "constant expression required",
                expression.Offset);
        }

        ValueKind actual;
        switch (expression.Opcode)
        {
            case 0x41: actual = ValueKind.I32; break;
            case 0x42: actual = ValueKind.I64; break;
            case 0x43: actual = ValueKind.F32; break;
            case 0x44: actual = ValueKind.F64; break;
            case 0xD0: actual = expression.RefKind; break;
            case 0xD2:
                if ((ulong)expression.Bits >= (ulong)module.FunctionTypes.Count)
                {
                    throw new WasmValidationException($"unknown function {expression.Bits}", expression.Offset);
                }

                actual = ValueKind.FuncRef;
                break;
            case 0x23:
                var index = (ulong)expression.Bits;
                if (index >= (ulong)module.ImportedGlobalCount)
                {
                    throw new WasmValidationException($"unknown global {index}", expression.Offset);
                }

                var global = module.Globals[(int)index];
                if (global.Mutable)
                {
                    throw new WasmValidationException("constant expression required", expression.Offset);
                }

                actual = global.Kind;
                break;
            default:
                throw new WasmValidationException("type mismatch: empty constant expression", expression.Offset);
        }

        if (actual != expected)
        {
            throw new WasmValidationException($"type mismatch: expected {expected.Name()} but found {actual.Name()}", expression.Offset);
        }
    }

    private static bool IsConstantOpcode(byte opcode) => opcode is 0x41 or 0x42 or 0x43 or 0x44 or 0xD0 or 0xD2 or 0x23;

    private static void CheckExports(ModuleDefinition module)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            if (!names.Add(export.Name))
            {
                throw new WasmValidationException($"duplicate export name \"{export.Name}\"", 0);
            }

            var count = export.Kind switch
            {
                ExternKind.Function => module.FunctionTypes.Count,
                ExternKind.Table => module.Tables.Count,
                ExternKind.Memory => module.Memories.Count,
                _ => module.Globals.Count,
            };
            if (export.Index >= count)
            {
                throw new WasmValidationException($"unknown {export.Kind.ToString().ToLowerInvariant()} {export.Index}", 0);
            }
        }
    }

    private static void CheckStart(ModuleDefinition module)
    {
        if (module.StartFunction is not { } start)
        {
            return;
        }

        if (start >= module.FunctionTypes.Count)
        {
            throw new WasmValidationException($"unknown function {start}", 0);
        }

        var type = module.FunctionType((int)start);
        if (type.ParameterKinds.Length != 0 || type.ResultKinds.Length != 0)
        {
            throw new WasmValidationException("start function must have type [] -> []", 0);
        }
    }

    private static void CheckElements(ModuleDefinition module)
    {
        foreach (var segment in module.Elements)
        {
            if (segment.Mode == SegmentMode.Active)
            {
                if (segment.TableIndex >= module.Tables.Count)
                {
                    throw new WasmValidationException($"unknown table {segment.TableIndex}", segment.ByteOffset);
                }

                if (module.Tables[(int)segment.TableIndex].ElementKind != segment.ElementKind)
                {
                    throw new WasmValidationException("type mismatch: element segment and table types differ", segment.ByteOffset);
                }

                CheckConstant(module, segment.Offset!, ValueKind.I32);
            }

            foreach (var item in segment.Items)
            {
                CheckConstant(module, item, segment.ElementKind);
            }
        }
    }
}
