using Ipvm.Durable.Analyzers.CodeFixes;
using Ipvm.Durable.Analyzers.Tests.Harness;

namespace Ipvm.Durable.Analyzers.Tests;

public sealed class WallClockTests
{
    [Fact]
    public async Task Flags_the_clock_read_in_a_workflow()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Orders
            {
                [Workflow]
                public static async Task<DateTime> Place(WorkflowContext ctx)
                {
                    await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                    var offset = {|IPVM0001:DateTimeOffset.Now|};
                    var ticks = {|IPVM0001:Environment.TickCount64|};
                    var watch = {|IPVM0001:System.Diagnostics.Stopwatch.StartNew()|};
                    var provider = {|IPVM0001:TimeProvider.System|};
                    return {|IPVM0001:DateTime.UtcNow|};
                }
            }
            """);
        Assert.Equal(
            "Workflow 'Orders.Place' reads the wall clock through 'DateTime.UtcNow'",
            diagnostics.Last().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Flags_the_clock_read_in_a_deterministic_method()
    {
        await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Pricing
            {
                [Deterministic]
                public static int Quote(int amount) => amount + {|IPVM0001:DateTime.Today|}.Day;
            }
            """);
    }

    [Fact]
    public async Task Flags_the_clock_two_calls_away_with_the_whole_path()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Orders
            {
                [Workflow]
                public static async Task<decimal> Place(WorkflowContext ctx)
                {
                    await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                    return {|IPVM0001:Pricing.Quote(10m)|};
                }
            }

            public static class Pricing
            {
                public static decimal Quote(decimal amount) => amount * Tax.Rate();
            }

            public static class Tax
            {
                public static decimal Rate() => DateTime.UtcNow.Month > 6 ? 0.2m : 0.1m;
            }
            """);
        Assert.Equal(
            "Workflow 'Orders.Place' \u2192 'Pricing.Quote' \u2192 'Tax.Rate' reads the wall clock through 'DateTime.UtcNow'",
            diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(diagnostics.Single().AdditionalLocations);
    }

    [Fact]
    public async Task A_deterministic_root_reports_IPVM1002_with_the_path()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Pricing
            {
                [Deterministic]
                public static decimal Quote(decimal amount) => amount * {|IPVM1002:Tax.Rate()|};
            }

            public static class Tax
            {
                public static decimal Rate() => DateTime.Now.Month > 6 ? 0.2m : 0.1m;
            }
            """);
        Assert.Equal(
            "Deterministic 'Pricing.Quote' \u2192 'Tax.Rate' reads the wall clock through 'DateTime.Now' (IPVM0001)",
            diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Flags_the_clock_behind_an_interface_in_every_implementation()
    {
        await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public interface IClock { DateTime Now(); }
            public sealed class SystemClock : IClock { public DateTime Now() => DateTime.UtcNow; }
            public sealed class FixedClock : IClock { public DateTime Now() => new DateTime(2020, 1, 1); }

            public static class Orders
            {
                [Deterministic]
                public static int Day(IClock clock) => {|IPVM1002:clock.Now()|}.Day;
            }
            """);
    }

    [Fact]
    public async Task Flags_the_clock_in_a_lambda_and_a_local_function()
    {
        await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Orders
            {
                [Deterministic]
                public static int[] Days(int[] items)
                {
                    int Today() => {|IPVM0001:DateTime.Today|}.Day;
                    return items.Select(i => i + {|IPVM0001:DateTime.UtcNow|}.Day + Today()).ToArray();
                }
            }
            """);
    }

    [Fact]
    public async Task Flags_the_clock_behind_a_property_and_a_constructor()
    {
        await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public sealed class Clock
            {
                public static DateTime Current => DateTime.UtcNow;
            }

            public sealed class Stamp
            {
                private readonly long _ticks = DateTime.UtcNow.Ticks;
                public long Ticks => _ticks;
            }

            public static class Orders
            {
                [Workflow]
                public static async Task<long> Place(WorkflowContext ctx)
                {
                    await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                    return {|IPVM0001:Clock.Current|}.Ticks + {|IPVM0001:new Stamp()|}.Ticks;
                }
            }
            """);
    }

    [Fact]
    public async Task Follows_recursion_without_looping()
    {
        await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Recursive
            {
                [Deterministic]
                public static int Even(int n) => n == 0 ? 1 : {|IPVM1002:Odd(n - 1)|};
                public static int Odd(int n) => n == 0 ? DateTime.UtcNow.Second : Odd2(n - 1);
                public static int Odd2(int n) => n == 0 ? 0 : Odd(n - 1);
            }
            """);
    }

    [Fact]
    public async Task Stays_silent_on_look_alikes()
    {
        await AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Orders
            {
                [Workflow]
                public static async Task<DateTime> Place(WorkflowContext ctx, DateTime due, TimeSpan grace)
                {
                    await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                    var start = new DateTime(2020, 1, 1);
                    var end = due.Add(grace).AddDays(1);
                    var now = ctx.UtcNow;
                    var length = end - start;
                    return length > TimeSpan.Zero ? now.UtcDateTime : end;
                }

                public static DateTime NotAWorkflow() => DateTime.UtcNow;
            }
            """);
    }

    [Fact]
    public async Task Stays_silent_without_an_Ipvm_Durable_reference()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using System;
            public sealed class WorkflowAttribute : Attribute { }
            public static class Orders
            {
                [Workflow]
                public static DateTime Place() => DateTime.UtcNow;
            }
            """, durable: false);
    }

    [Fact] public Task Flags_it_two_calls_away_in_a_statement() => Scenarios.TwoLevels("IPVM0001", "var now = [[DateTime.UtcNow]];");

    [Fact] public Task Flags_it_through_an_interface_in_a_statement() => Scenarios.ThroughInterface("var now = [[DateTime.UtcNow]];");

    [Fact] public Task Flags_it_through_a_property_in_a_statement() => Scenarios.ThroughProperty("IPVM0001", "var now = [[DateTime.UtcNow]];");

    [Fact]
    public Task Fixes_it_with_the_context() => CodeFixVerifier.VerifyAsync<WallClockFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<DateTime> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                return DateTime.UtcNow;
            }
        }
        """, Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<DateTime> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                return ctx.UtcNow.UtcDateTime;
            }
        }
        """);

    [Fact]
    public Task Fixes_all_of_them_keeping_the_types() => CodeFixVerifier.VerifyAsync<WallClockFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<string> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                DateTime now = DateTime.Now;
                DateTime today = DateTime.Today;
                DateTimeOffset offset = DateTimeOffset.UtcNow;
                Func<DateTimeOffset> clock = () => DateTimeOffset.Now;
                return now.Ticks.ToString(CultureInfo.InvariantCulture) + today.Ticks.ToString(CultureInfo.InvariantCulture) + offset.Ticks.ToString(CultureInfo.InvariantCulture) + clock().Ticks.ToString(CultureInfo.InvariantCulture);
            }
        }
        """, Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<string> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                DateTime now = ctx.UtcNow.UtcDateTime;
                DateTime today = ctx.UtcNow.UtcDateTime.Date;
                DateTimeOffset offset = ctx.UtcNow;
                Func<DateTimeOffset> clock = () => ctx.UtcNow;
                return now.Ticks.ToString(CultureInfo.InvariantCulture) + today.Ticks.ToString(CultureInfo.InvariantCulture) + offset.Ticks.ToString(CultureInfo.InvariantCulture) + clock().Ticks.ToString(CultureInfo.InvariantCulture);
            }
        }
        """, fixAll: true);

    [Fact]
    public Task Offers_no_fix_for_a_stopwatch_or_a_call_path() => CodeFixVerifier.VerifyNoFixAsync<WallClockFixer>(Sources.Usings + """
        public static class Flow
        {
            [Workflow]
            public static async Task<long> Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                return System.Diagnostics.Stopwatch.GetTimestamp() + Helper();
            }

            private static long Helper() => DateTime.UtcNow.Ticks;
        }
        """);
}
