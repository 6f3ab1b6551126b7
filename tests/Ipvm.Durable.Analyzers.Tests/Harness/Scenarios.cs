namespace Ipvm.Durable.Analyzers.Tests.Harness;

/// <summary>
/// The shapes every rule is tested in. <c>use</c> is a statement with the offending expression between
/// <c>[[</c> and <c>]]</c>; where the finding is reported in place those become a marker for the rule, and where
/// it is reached through a call the marker moves to the call in the root.
/// </summary>
internal static class Scenarios
{
    private const string Workflow = """
        public static class Flow
        {
            [Workflow]
            public static async Task Run(WorkflowContext ctx)
            {
                await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                BODY
            }
        }

        """;

    /// <summary>The statement directly in a workflow's body.</summary>
    public static Task Direct(string id, string use, string extra = "") =>
        AnalyzerVerifier.VerifyAsync(Sources.Usings + Workflow.Replace("BODY", Mark(use, id)) + extra);

    /// <summary>The statement two calls away from a workflow: Run → First → Second.</summary>
    public static Task TwoLevels(string id, string use, string extra = "") =>
        AnalyzerVerifier.VerifyAsync(Sources.Usings + Workflow.Replace("BODY", "{|" + id + ":Helpers.First()|};") + """
            public static class Helpers
            {
                public static void First() => Second();
                public static void Second()
                {
                    BODY
                }
            }

            """.Replace("BODY", Mark(use, null)) + extra);

    /// <summary>The statement in an implementation of an interface a [Deterministic] method calls through.</summary>
    public static Task ThroughInterface(string use, string id = "IPVM1002", string extra = "") =>
        AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public interface ISource { void Get(); }
            public sealed class Quiet : ISource { public void Get() { } }
            public sealed class Loud : ISource
            {
                public void Get()
                {
                    BODY
                }
            }

            public static class Pure
            {
                [Deterministic]
                public static int Run(ISource source)
                {
                    {|ID:source.Get()|};
                    return 0;
                }
            }

            """.Replace("BODY", Mark(use, null)).Replace("ID", id) + extra);

    /// <summary>The statement in a lambda inside a [Deterministic] method (reported in place).</summary>
    public static Task InLambda(string id, string use, string extra = "") =>
        AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Pure
            {
                [Deterministic]
                public static int Run(int[] items)
                {
                    Action action = () =>
                    {
                        BODY
                    };
                    action();
                    return items.Length;
                }
            }

            """.Replace("BODY", Mark(use, id)) + extra);

    /// <summary>The statement in a property getter a workflow reads.</summary>
    public static Task ThroughProperty(string id, string use, string extra = "") =>
        AnalyzerVerifier.VerifyAsync(Sources.Usings + Workflow.Replace("BODY", "var value = {|" + id + ":Holder.Value|};") + """
            public static class Holder
            {
                public static int Value
                {
                    get
                    {
                        BODY
                        return 0;
                    }
                }
            }

            """.Replace("BODY", Mark(use, null)) + extra);

    /// <summary>Source that must produce no diagnostic at all.</summary>
    public static Task Silent(string body, string extra = "") =>
        AnalyzerVerifier.VerifyAsync(Sources.Usings + Workflow.Replace("BODY", body) + extra);

    /// <summary>Workflow body and extra source with markers written out as <c>{|ID:...|}</c>.</summary>
    public static Task<System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostic>> Silent2(string body, string extra = "") =>
        AnalyzerVerifier.VerifyAsync(Sources.Usings + Workflow.Replace("BODY", body) + extra);

    /// <summary>The statement in a workflow of a project that does not reference Ipvm.Durable: nothing is reported.</summary>
    public static Task WithoutIpvmReference(string use) =>
        AnalyzerVerifier.VerifyAsync(
            Sources.Usings.Replace("using Ipvm.Durable;", string.Empty) + """
            public sealed class WorkflowAttribute : Attribute { }
            public abstract class WorkflowContext { }
            public static class Flow
            {
                [Workflow]
                public static async Task Run(WorkflowContext ctx)
                {
                    await Task.CompletedTask;
                    BODY
                }
            }
            """.Replace("BODY", Mark(use, null)),
            durable: false);

    private static string Mark(string use, string? id) =>
        id is null ? use.Replace("[[", string.Empty).Replace("]]", string.Empty) : use.Replace("[[", "{|" + id + ":").Replace("]]", "|}");
}
