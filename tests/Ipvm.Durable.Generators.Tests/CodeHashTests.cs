using System.Text.RegularExpressions;

namespace Ipvm.Durable.Generators.Tests;

/// <summary>A task's version is the hash of its normalized code and its callees': comments and whitespace keep it, code changes move it.</summary>
public sealed partial class CodeHashTests
{
    private const string Task = """
        using Ipvm.Durable;
        namespace Hashing;
        public static partial class Tasks
        {
            private const long Factor = 2;

            [Deterministic]
            public static long Scale(long x) => Helpers.Clamp(x * Factor);

            [Deterministic(Version = "pinned")]
            public static long Pinned(long x) => x + 1;
        }
        """;

    private const string Helpers = """
        namespace Hashing;
        public static class Helpers
        {
            public static long Clamp(long x) => x > 100 ? 100 : x;

            public static long Unused(long x) => x;
        }
        """;

    [Fact]
    public void Comments_and_whitespace_keep_the_hash()
    {
        var before = Version(Task, Helpers);
        var after = Version(
            Task.Replace("=> Helpers.Clamp(x * Factor);", "// scales\n        =>   Helpers.Clamp( x*Factor ); /* done */", StringComparison.Ordinal),
            "// helper file\n" + Helpers.Replace("x > 100", "x   >   100 /* cap */", StringComparison.Ordinal));
        Assert.Equal(before, after);
        Assert.Matches("^[0-9a-f]{32}$", before);
    }

    [Fact]
    public void A_changed_constant_changes_the_hash()
    {
        Assert.NotEqual(Version(Task, Helpers), Version(Task.Replace("Factor = 2", "Factor = 3", StringComparison.Ordinal), Helpers));
        Assert.NotEqual(Version(Task, Helpers), Version(Task.Replace("x * Factor", "x * 4", StringComparison.Ordinal), Helpers));
    }

    [Fact]
    public void A_changed_callee_in_another_file_changes_the_hash()
    {
        Assert.NotEqual(Version(Task, Helpers), Version(Task, Helpers.Replace("x > 100 ? 100", "x > 99 ? 99", StringComparison.Ordinal)));
    }

    [Fact]
    public void Code_the_task_does_not_reach_keeps_the_hash()
    {
        Assert.Equal(Version(Task, Helpers), Version(Task, Helpers.Replace("Unused(long x) => x;", "Unused(long x) => x + 1;", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_explicit_version_overrides_the_hash()
    {
        var text = GeneratorHarness.Run(Task, Helpers).Generated("Tasks.Pinned.g.cs");
        Assert.Contains("\"dotnet:Tests/Hashing.Tasks.Pinned@pinned\"", text, StringComparison.Ordinal);
    }

    // Bodies are bound only where a name is borne by some member of the compilation: these members are declared
    // without a member declaration of their name (a record's positional property, an enum member), so they show that
    // the name check sees them.
    private const string Shapes = """
        using Ipvm.Durable;
        namespace Hashing;
        public static partial class Tasks
        {
            [Deterministic]
            public static int Quantity(Item item) => item.Count;

            [Deterministic]
            public static int Level() => (int)Mode.High;

            [Deterministic]
            public static int Local(int x)
            {
                return Twice(x);
                static int Twice(int y) => y * 2;
            }
        }

        public sealed record Item(int Count, string Sku);

        public enum Mode { Low, High = 5 }
        """;

    [Fact]
    public void A_record_positional_property_is_a_callee()
    {
        Assert.NotEqual(TaskVersion(Shapes, "Quantity"), TaskVersion(Shapes.Replace("record Item(int Count,", "record Item(int Count = 1,", StringComparison.Ordinal), "Quantity"));
        Assert.Equal(TaskVersion(Shapes, "Quantity"), TaskVersion(Shapes.Replace("string Sku);", "string Sku = \"x\");", StringComparison.Ordinal), "Quantity"));
    }

    [Fact]
    public void An_enum_member_is_a_callee()
    {
        Assert.NotEqual(TaskVersion(Shapes, "Level"), TaskVersion(Shapes.Replace("High = 5", "High = 6", StringComparison.Ordinal), "Level"));
    }

    [Fact]
    public void A_local_function_keeps_its_hash_through_comments_and_changes_it_with_code()
    {
        Assert.Equal(TaskVersion(Shapes, "Local"), TaskVersion(Shapes.Replace("y * 2;", "y * /* twice */ 2;", StringComparison.Ordinal), "Local"));
        Assert.NotEqual(TaskVersion(Shapes, "Local"), TaskVersion(Shapes.Replace("y * 2;", "y * 3;", StringComparison.Ordinal), "Local"));
    }

    // The constructor a task's `new T(...)` calls is found by the type's name where the source settles it (one type of
    // that name, one constructor taking that many arguments), and by binding otherwise.
    private const string Creations = """
        using System.Collections.Generic;
        using Ipvm.Durable;
        namespace Hashing;
        public static partial class Tasks
        {
            [Deterministic]
            public static int Make(int v)
            {
                var box = new Box(v);
                var list = new List<int>();
                return v;
            }

            [Deterministic]
            public static int MakePair(int v)
            {
                var pair = new Pair(v);
                return v;
            }
        }

        public sealed class Box
        {
            public Box(int v) { Value = v * 2; }
            public int Value { get; }
        }

        public sealed class Pair
        {
            public Pair(int a) { First = a; }
            public Pair(int a, int b = 0) { First = a + b; }
            public int First { get; }
        }
        """;

    [Fact]
    public void A_constructor_found_by_its_type_name_is_a_callee()
    {
        Assert.NotEqual(TaskVersion(Creations, "Make"), TaskVersion(Creations.Replace("v * 2", "v * 3", StringComparison.Ordinal), "Make"));
    }

    [Fact]
    public void Of_overloaded_constructors_only_the_one_called_is_a_callee()
    {
        Assert.NotEqual(TaskVersion(Creations, "MakePair"), TaskVersion(Creations.Replace("First = a; }", "First = a + 1; }", StringComparison.Ordinal), "MakePair"));
        Assert.Equal(TaskVersion(Creations, "MakePair"), TaskVersion(Creations.Replace("First = a + b; }", "First = a - b; }", StringComparison.Ordinal), "MakePair"));
    }

    // Bodies are bound without nullable analysis (CalleeModels); a generic callee whose type argument is inferred,
    // nullable or not, is still found.
    private const string Generic = """
        using Ipvm.Durable;
        namespace Hashing;
        public static partial class Tasks
        {
            [Deterministic]
            public static string Pick(string? x) => Helpers.FirstOr(x, "none") ?? "none";
        }

        public static class Helpers
        {
            public static T FirstOr<T>(T value, T fallback) => value is null ? fallback : value;
        }
        """;

    [Fact]
    public void A_generic_callee_with_an_inferred_nullable_type_argument_is_a_callee()
    {
        Assert.NotEqual(TaskVersion(Generic, "Pick"), TaskVersion(Generic.Replace("? fallback : value", "? value : fallback", StringComparison.Ordinal), "Pick"));
    }

    private static string TaskVersion(string source, string task)
    {
        var match = Regex.Match(GeneratorHarness.Run(source).Generated($"Tasks.{task}.g.cs"), $"\"dotnet:Tests/Hashing\\.Tasks\\.{task}@([0-9a-f]+)\"");
        Assert.True(match.Success);
        return match.Groups[1].Value;
    }

    private const string Flow = """
        using System.Threading.Tasks;
        using Ipvm.Durable;
        namespace Hashing;
        public static partial class Flows
        {
            [Workflow]
            public static async Task<long> Run(WorkflowContext ctx, long x)
            {
                var limit = Limits.Cap(x);
                return await ctx.CallScaleAsync(limit);
            }
        }

        public static class Limits
        {
            public static long Cap(long x) => x > 10 ? 10 : x;
        }
        """;

    [Fact]
    public void A_workflow_keeps_its_hash_through_comments_and_whitespace()
    {
        Assert.Equal(
            WorkflowVersion(Task, Helpers, Flow),
            WorkflowVersion(Task, Helpers, Flow.Replace("var limit = Limits.Cap(x);", "// capped\n        var limit =  Limits.Cap( x );", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_workflow_hash_follows_the_helpers_it_calls_but_not_its_tasks()
    {
        var before = WorkflowVersion(Task, Helpers, Flow);
        Assert.NotEqual(before, WorkflowVersion(Task, Helpers, Flow.Replace("x > 10 ? 10", "x > 11 ? 11", StringComparison.Ordinal)));
        Assert.NotEqual(before, WorkflowVersion(Task, Helpers, Flow.Replace("return await ctx.CallScaleAsync(limit);", "return await ctx.CallScaleAsync(limit + 1);", StringComparison.Ordinal)));

        // A task is versioned on its own: its code hash is in its instructions' rsc, not in the workflow's.
        Assert.Equal(before, WorkflowVersion(Task.Replace("x * Factor", "x * 4", StringComparison.Ordinal), Helpers, Flow));
    }

    private static string WorkflowVersion(params string[] sources)
    {
        var run = GeneratorHarness.Run(sources);
        Assert.Empty(run.CompileDiagnostics);
        var match = Regex.Match(run.Generated("Flows.Run.g.cs"), "\"dotnet:Tests/Hashing\\.Flows\\.Run@([0-9a-f]+)\"");
        Assert.True(match.Success);
        return match.Groups[1].Value;
    }

    private static string Version(params string[] sources)
    {
        var text = GeneratorHarness.Run(sources).Generated("Tasks.Scale.g.cs");
        return ResourceVersion().Match(text).Groups[1].Value;
    }

    [GeneratedRegex("\"dotnet:Tests/Hashing\\.Tasks\\.Scale@([0-9a-f]+)\"")]
    private static partial Regex ResourceVersion();
}
