namespace Ipvm.Durable.Wasm;

/// <summary>Checks an extern against an import's declared type (the spec's import subtyping).</summary>
internal static class ImportMatcher
{
    public static void Match(
        Store store, ModuleDefinition definition, ImportDefinition import, object item,
        List<Function> functions, List<Table> tables, List<Memory> memories, List<Global> globals)
    {
        switch (import.Kind)
        {
            case ExternKind.Function:
                var expected = definition.Types[(int)import.FunctionTypeIndex];
                if (item is not Function function || !function.Type.Equals(expected))
                {
                    throw Incompatible(import, $"expected function {expected}, got {Describe(item)}");
                }

                if (function.Context.Store is { } owner && owner != store)
                {
                    throw new WasmLinkException("the function belongs to another store", import.ModuleName, import.Name);
                }

                functions.Add(function);
                break;
            case ExternKind.Table:
                if (item is not Table table || table.ElementKind != import.Table.ElementKind || !import.Table.Limits.IsSatisfiedBy(table.Type.Limits))
                {
                    throw Incompatible(import, $"expected table {import.Table}, got {Describe(item)}");
                }

                tables.Add(table);
                break;
            case ExternKind.Memory:
                if (item is not Memory memory || !import.Memory.IsSatisfiedBy(memory.Limits))
                {
                    throw Incompatible(import, $"expected memory {import.Memory}, got {Describe(item)}");
                }

                memories.Add(memory);
                break;
            default:
                if (item is not Global global || global.Type != import.Global)
                {
                    throw Incompatible(import, $"expected global {import.Global}, got {Describe(item)}");
                }

                globals.Add(global);
                break;
        }
    }

    private static WasmLinkException Incompatible(ImportDefinition import, string detail) =>
        new($"incompatible import type: {detail}", import.ModuleName, import.Name);

    private static string Describe(object item) => item switch
    {
        Function f => $"function {f.Type}",
        Table t => $"table {t.Type}",
        Memory m => $"memory {m.Limits}",
        Global g => $"global {g.Type}",
        _ => item.GetType().Name,
    };
}
