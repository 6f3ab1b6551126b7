namespace Ipvm.Durable.Wasm.Compilation;

/// <summary>Memory instructions too large to inline: grow and the bulk memory operations (context last, after the operands).</summary>
internal static class MemoryOps
{
    public static int Grow(int deltaPages, InstanceContext context) => context.Memory!.Grow((uint)deltaPages);

    public static int Size(InstanceContext context) => (int)context.Memory!.Pages;

    public static void Fill(int destination, int value, int count, InstanceContext context)
    {
        var data = context.Memory!.Data;
        if ((ulong)(uint)destination + (uint)count > (ulong)data.Length)
        {
            Traps.MemoryOutOfBounds();
        }

        data.AsSpan(destination, count).Fill((byte)value);
    }

    public static void Copy(int destination, int source, int count, InstanceContext context)
    {
        var data = context.Memory!.Data;
        if ((ulong)(uint)destination + (uint)count > (ulong)data.Length || (ulong)(uint)source + (uint)count > (ulong)data.Length)
        {
            Traps.MemoryOutOfBounds();
        }

        data.AsSpan(source, count).CopyTo(data.AsSpan(destination, count));
    }

    public static void Init(int destination, int source, int count, int segment, InstanceContext context)
    {
        var data = context.Memory!.Data;
        var bytes = context.DataSegments[segment];
        if ((ulong)(uint)destination + (uint)count > (ulong)data.Length || (ulong)(uint)source + (uint)count > (ulong)bytes.Length)
        {
            Traps.MemoryOutOfBounds();
        }

        bytes.AsSpan(source, count).CopyTo(data.AsSpan(destination, count));
    }

    public static void DropData(int segment, InstanceContext context) => context.DataSegments[segment] = [];
}
