using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

/// <summary>The ways code is reached that are not plain calls.</summary>
public sealed class ReachabilityTests
{
    [Fact]
    public Task Follows_user_defined_operators_and_conversions() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public readonly record struct Money(decimal Amount)
        {
            public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount + DateTime.UtcNow.Second);
            public static implicit operator decimal(Money m) => m.Amount * Guid.NewGuid().ToByteArray()[0];
        }

        public static class Pure
        {
            [Deterministic]
            public static decimal Run(Money a, Money b)
            {
                var sum = {|IPVM1002:a + b|};
                decimal plain = {|IPVM1002:sum|};
                return plain;
            }
        }
        """);

    [Fact]
    public Task Follows_indexers_and_property_setters() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public sealed class Table
        {
            private readonly int[] _cells = new int[4];
            public int this[int i] { get => _cells[i] + Environment.ProcessId; set => _cells[i] = value; }
            public int Total { get => 0; set => Console.WriteLine(value); }
        }

        public static class Pure
        {
            [Deterministic]
            public static int Run(Table table)
            {
                {|IPVM1002:table.Total|} = 3;
                return {|IPVM1002:table[0]|};
            }
        }
        """);

    [Fact]
    public Task Follows_foreach_into_a_user_defined_enumerator() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public sealed class Ticks
        {
            public Enumerator GetEnumerator() => new();
            public struct Enumerator
            {
                public long Current => DateTime.UtcNow.Ticks;
                public bool MoveNext() => false;
            }
        }

        public static class Pure
        {
            [Deterministic]
            public static long Run(Ticks ticks)
            {
                long last = 0;
                foreach (var t in {|IPVM1002:ticks|}) { last = t; }
                return last;
            }
        }
        """);

    [Fact]
    public Task Follows_overrides_of_a_virtual_call() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public abstract class Shape { public abstract double Area(); }
        public sealed class Square : Shape { public override double Area() => 4; }
        public sealed class Noisy : Shape { public override double Area() => new Random().NextDouble(); }

        public static class Pure
        {
            [Deterministic]
            public static double Run(Shape shape) => {|IPVM1002:shape.Area()|};
        }
        """);

    [Fact]
    public Task Follows_iterators_and_generic_methods() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public static class Sequences
        {
            public static IEnumerable<T> Repeat<T>(T value)
            {
                yield return value;
                yield return Stamp(value);
            }

            public static T Stamp<T>(T value) { _ = Guid.NewGuid(); return value; }
        }

        public static class Pure
        {
            [Deterministic]
            public static int Run() => {|IPVM1002:Sequences.Repeat(1)|}.Sum();
        }
        """);

    [Fact]
    public Task Reports_one_diagnostic_per_root_when_roots_share_code() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public static class Shared
        {
            public static int Now() => DateTime.UtcNow.Second;
        }

        public static class Pure
        {
            [Deterministic]
            public static int A() => {|IPVM1002:Shared.Now()|} + Shared.Now();

            [Deterministic]
            public static int B() => {|IPVM1002:Shared.Now()|};
        }
        """);

    [Fact]
    public Task Stays_silent_on_a_realistic_deterministic_method() => AnalyzerVerifier.VerifyAsync(Sources.Usings + """
        public sealed record Line(string Sku, int Quantity, decimal Price);

        public static class Pricing
        {
            private static readonly System.Collections.Immutable.ImmutableDictionary<string, decimal> Discounts =
                System.Collections.Immutable.ImmutableDictionary<string, decimal>.Empty.Add("VIP", 0.1m);

            [Deterministic]
            public static string Quote(IReadOnlyList<Line> lines, string tier, DateTime on)
            {
                var subtotal = lines.Where(l => l.Quantity > 0).Sum(l => l.Quantity * l.Price);
                var discount = Discounts.TryGetValue(tier, out var d) ? d : 0m;
                var total = Math.Round(subtotal * (1 - discount), 2, MidpointRounding.ToEven);
                var builder = new StringBuilder();
                foreach (var line in lines.OrderBy(l => l.Sku, StringComparer.Ordinal))
                {
                    builder.Append(line.Sku).Append(':').Append(line.Quantity.ToString(CultureInfo.InvariantCulture)).Append(';');
                }

                var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
                var due = on.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return string.Join("|", digest, total.ToString(CultureInfo.InvariantCulture), due);
            }
        }
        """);
}
