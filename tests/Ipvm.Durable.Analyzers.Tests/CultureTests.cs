using Ipvm.Durable.Analyzers.CodeFixes;
using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class CultureTests
{
    private const string Use = "var text = [[1.5.ToString()]];";

    [Fact]
    public Task Flags_it_directly() => Scenarios.Direct("IPVM0011", """
        var a = [[1.5.ToString()]];
        var b = [[int.Parse("1")]];
        var c = [[string.Format("{0}", 1)]];
        var d = [["a".ToUpper()]];
        var e = [[string.Compare("a", "b")]];
        var f = [[$"total {1.5m}"]];
        var g = [["a".StartsWith("b")]];
        var h = [["n=" + 3]];
        var i = [[DateTime.MinValue.ToString("d")]];
        var j = [[CultureInfo.CurrentCulture]];
        """);

    [Fact] public Task Flags_it_two_calls_away() => Scenarios.TwoLevels("IPVM0011", Use);

    [Fact] public Task Flags_it_through_an_interface() => Scenarios.ThroughInterface(Use);

    [Fact] public Task Flags_it_in_a_lambda() => Scenarios.InLambda("IPVM0011", Use);

    [Fact] public Task Flags_it_through_a_property() => Scenarios.ThroughProperty("IPVM0011", Use);

    [Fact] public Task Stays_silent_without_an_Ipvm_reference() => Scenarios.WithoutIpvmReference(Use);

    [Fact]
    public Task Stays_silent_on_explicit_cultures_and_ordinal_comparison() => Scenarios.Silent("""
        var name = "order";
        var a = 1.5.ToString(CultureInfo.InvariantCulture);
        var b = int.Parse("1", CultureInfo.InvariantCulture);
        var c = string.Format(CultureInfo.InvariantCulture, "{0}", 1);
        var d = name.ToUpperInvariant();
        var e = string.Compare("a", "b", StringComparison.Ordinal) + string.CompareOrdinal("a", "b");
        var f = $"name {name}";
        var g = FormattableString.Invariant($"total {1.5m}");
        var h = string.Create(CultureInfo.InvariantCulture, $"total {1.5m}");
        var i = name.StartsWith("o", StringComparison.Ordinal) && name.Equals("x") && name.Contains("r");
        var j = "a" + "b" + name + 'c';
        var k = Guid.Empty.ToString("N") + TimeSpan.Zero.ToString() + true.ToString() + DayOfWeek.Monday.ToString();
        var l = new StringBuilder().Append(name).Append(',').ToString();
        """);

    [Fact]
    public Task Fixes_a_ToString_with_the_invariant_culture_and_adds_the_using() => CodeFixVerifier.VerifyAsync<CultureFixer>("""
        using System;
        using System.Threading.Tasks;
        using Ipvm.Durable;

        public static class Flow
        {
            [Workflow]
            public static async Task<string> Run(WorkflowContext ctx, double total)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                return total.ToString();
            }
        }
        """, """
        using System;
        using System.Globalization;
        using System.Threading.Tasks;
        using Ipvm.Durable;

        public static class Flow
        {
            [Workflow]
            public static async Task<string> Run(WorkflowContext ctx, double total)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                return total.ToString(CultureInfo.InvariantCulture);
            }
        }
        """);

    [Fact]
    public Task Fixes_all_of_them() => CodeFixVerifier.VerifyAsync<CultureFixer>("""
        using System;
        using System.Threading.Tasks;
        using Ipvm.Durable;

        public static class Pure
        {
            [Deterministic]
            public static string Run(double total, string name, string text)
            {
                var a = int.Parse(total.ToString("F0"));
                var b = string.Format("{0} {1}", name, total);
                var c = name.ToUpper() + text.ToLower();
                var d = string.Compare(name, text) + name.IndexOf("x");
                var e = $"total {total:F2}";
                return b + c + e + (a == d ? "same" : "different");
            }
        }
        """, """
        using System;
        using System.Globalization;
        using System.Threading.Tasks;
        using Ipvm.Durable;

        public static class Pure
        {
            [Deterministic]
            public static string Run(double total, string name, string text)
            {
                var a = int.Parse(total.ToString("F0", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                var b = string.Format(CultureInfo.InvariantCulture, "{0} {1}", name, total);
                var c = name.ToUpperInvariant() + text.ToLowerInvariant();
                var d = string.Compare(name, text, StringComparison.Ordinal) + name.IndexOf("x", StringComparison.Ordinal);
                var e = string.Create(CultureInfo.InvariantCulture, $"total {total:F2}");
                return b + c + e + (a == d ? "same" : "different");
            }
        }
        """, fixAll: true);
}
