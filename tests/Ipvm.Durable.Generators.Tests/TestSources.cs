namespace Ipvm.Durable.Generators.Tests;

/// <summary>The C# inputs the tests run the generator on.</summary>
internal static class TestSources
{
    public const string Tasks = """
        using System.Threading;
        using System.Threading.Tasks;
        using Ipvm.Durable;

        namespace Shop;

        public static partial class Pricing
        {
            /// <summary>Doubles.</summary>
            [Deterministic]
            public static long Twice(long x) => x * 2;

            [Deterministic(Name = "AddOne", Version = "v7")]
            public static Task<long> Increment(long x) => Task.FromResult(x + 1);

            [Idempotent]
            public static async ValueTask<string> Lookup(string sku, int count, CancellationToken cancellationToken)
            {
                await Task.Yield();
                return sku + count;
            }

            [Effectful]
            public static Task Charge(string? account, double amount, EffectContext effect) => Task.CompletedTask;

            [Effectful]
            public static void Notify(bool urgent, byte[] payload)
            {
            }
        }
        """;

    public const string Workflows = """
        using System.Threading.Tasks;
        using Ipvm.Durable;

        namespace Shop;

        public static partial class Math
        {
            [Deterministic]
            public static long Square(long x) => x * x;

            [Deterministic]
            public static long Add(long a, long b) => a + b;

            [Idempotent]
            public static long Fetch(long key) => key + 100;

            [Effectful]
            public static long Bill(long amount) => amount;
        }

        public static partial class Flows
        {
            /// <summary>A static dataflow.</summary>
            [Workflow]
            public static async Task<long> SumOfSquares(WorkflowContext ctx, long a, long b)
            {
                var left = ctx.CallSquareAsync(a);
                var right = ctx.CallSquareAsync(b);
                await Task.WhenAll(left, right);
                var sum = await ctx.CallAddAsync(await left, 3);
                return await ctx.CallAddAsync(sum, await right);
            }

            [Workflow(Name = "checkout")]
            public static async Task<long> Checkout(WorkflowContext ctx, long key)
            {
                var fetched = await ctx.CallFetchAsync(key);
                var both = await Task.WhenAll(ctx.CallSquareAsync(fetched), ctx.CallBillAsync(key));
                return await ctx.CallBillAsync(both[0]);
            }

            [Workflow]
            public static async Task<long> Branchy(WorkflowContext ctx, long x)
            {
                var y = await ctx.CallSquareAsync(x);
                if (y > 10)
                {
                    return await ctx.CallAddAsync(y, 1);
                }

                return y;
            }

            [Workflow]
            public static async Task Looping(WorkflowContext ctx, long n)
            {
                for (var i = 0; i < n; i++)
                {
                    await ctx.CallSquareAsync(i);
                }
            }
        }
        """;

    public const string Codecs = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using Ipvm.Durable;
        using Ipvm.Durable.Ipld;

        namespace Shop.Model;

        public enum Size { Small, Medium, Large }

        public sealed record Line(string Sku, int Quantity, Size Size);

        public sealed class Order
        {
            [JsonPropertyName("order_id")]
            public string Id { get; set; } = "";
            public List<Line> Lines { get; set; } = new();
            public Dictionary<string, double> Discounts { get; set; } = new();
            public long? Coupon { get; set; }
            public string? Note { get; set; }
            public ReadOnlyMemory<byte> Signature { get; set; }
            public Cid? Receipt { get; set; }
            public IpldValue? Extra { get; set; }
            public uint Priority { get; set; }
            public float Weight { get; set; }
        }

        public static partial class Orders
        {
            [Deterministic]
            public static Line[] Explode(Order order, Size[] sizes, IReadOnlyList<short> counts) => order.Lines.ToArray();

            [Deterministic]
            public static Dictionary<string, Line>? Index(IReadOnlyDictionary<string, Line> lines, Size? preferred) => null;
        }
        """;
    /// <summary>Instance tasks on a class whose dependencies the host injects, called from a static workflow.</summary>
    public const string Instances = """
        using System.Threading.Tasks;
        using Ipvm.Durable;

        namespace Depot;

        public interface IStock
        {
            long Take(string sku, long count);
        }

        /// <summary>A stand-in for a warehouse client: it counts what it hands out.</summary>
        public sealed class CountingStock(string name) : IStock
        {
            public string Name { get; } = name;

            public long Taken { get; private set; }

            public long Take(string sku, long count)
            {
                Taken += count;
                return count;
            }
        }

        public partial class Warehouse
        {
            private readonly IStock _stock;

            public Warehouse(IStock stock) => _stock = stock;

            [Idempotent]
            public long Reserve(string sku, long count, EffectContext effect) => _stock.Take(sku, count);

            [Deterministic]
            public string Label(string sku, long reserved) => Labels.Format(sku, reserved);

            [Effectful]
            public async Task Ship(string sku)
            {
                await Task.Yield();
                _stock.Take(sku, 0);
            }
        }

        public static class Labels
        {
            public static string Format(string sku, long reserved) => sku + ": " + reserved.ToString(System.Globalization.CultureInfo.InvariantCulture) + " reserved";
        }

        public static partial class Restocking
        {
            [Workflow]
            public static async Task<string> Restock(WorkflowContext ctx, string sku, long count)
            {
                var reserved = await ctx.CallReserveAsync(sku, count);
                return await ctx.CallLabelAsync(sku, count);
            }

            [Deterministic]
            public static long Twice(long x) => x * 2;
        }
        """;
}
