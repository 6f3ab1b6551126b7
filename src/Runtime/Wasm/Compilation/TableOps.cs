namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>Table instructions and the call_indirect lookup, called from generated code.</summary>
internal static class TableOps
{
    /// <summary>Finds the callee of call_indirect, trapping on a bad index, a null entry or another signature.</summary>
    public static Function Resolve(int index, int table, int typeId, InstanceContext context)
    {
        var elements = context.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length)
        {
            Traps.Throw(TrapCode.TableOutOfBounds);
        }

        var function = elements[index] as Function;
        if (function is null)
        {
            Traps.Throw(TrapCode.IndirectCallToNull);
        }

        if (function.TypeId != typeId)
        {
            Traps.Throw(TrapCode.BadSignature);
        }

        return function;
    }

    public static object? Get(int index, int table, InstanceContext context)
    {
        var elements = context.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length)
        {
            Traps.Throw(TrapCode.TableOutOfBounds);
        }

        return elements[index];
    }

    public static void Set(int index, object? value, int table, InstanceContext context)
    {
        var elements = context.Tables[table].Elements;
        if ((uint)index >= (uint)elements.Length)
        {
            Traps.Throw(TrapCode.TableOutOfBounds);
        }

        elements[index] = value;
    }

    public static int Size(int table, InstanceContext context) => (int)context.Tables[table].Size;

    public static int Grow(object? fill, int delta, int table, InstanceContext context) => context.Tables[table].Grow((uint)delta, fill);

    public static void Fill(int index, object? value, int count, int table, InstanceContext context)
    {
        var elements = context.Tables[table].Elements;
        if ((ulong)(uint)index + (uint)count > (ulong)elements.Length)
        {
            Traps.Throw(TrapCode.TableOutOfBounds);
        }

        elements.AsSpan(index, count).Fill(value);
    }

    public static void Copy(int destination, int source, int count, int destinationTable, int sourceTable, InstanceContext context)
    {
        var to = context.Tables[destinationTable].Elements;
        var from = context.Tables[sourceTable].Elements;
        if ((ulong)(uint)destination + (uint)count > (ulong)to.Length || (ulong)(uint)source + (uint)count > (ulong)from.Length)
        {
            Traps.Throw(TrapCode.TableOutOfBounds);
        }

        from.AsSpan(source, count).CopyTo(to.AsSpan(destination, count));
    }

    public static void Init(int destination, int source, int count, int segment, int table, InstanceContext context)
    {
        var to = context.Tables[table].Elements;
        var from = context.ElementSegments[segment];
        if ((ulong)(uint)destination + (uint)count > (ulong)to.Length || (ulong)(uint)source + (uint)count > (ulong)from.Length)
        {
            Traps.Throw(TrapCode.TableOutOfBounds);
        }

        from.AsSpan(source, count).CopyTo(to.AsSpan(destination, count));
    }

    public static void DropElements(int segment, InstanceContext context) => context.ElementSegments[segment] = [];

    public static object FunctionReference(int index, InstanceContext context) => context.Functions[index];
}
