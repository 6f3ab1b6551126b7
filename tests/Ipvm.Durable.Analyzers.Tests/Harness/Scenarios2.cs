namespace Ipvm.Durable.Analyzers.Tests.Harness;

/// <summary>A workflow with the tasks of <see cref="Tasks"/> in the same source.</summary>
internal static class Scenarios2
{
    public static Task<System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostic>> Direct(string body) =>
        AnalyzerVerifier.VerifyAsync(Sources.Usings + """
            public static class Flow
            {
                [Workflow]
                public static async Task Run(WorkflowContext ctx)
                {
                    await ctx.CreateTimer(TimeSpan.FromSeconds(1));
                    BODY
                }
            }
            """.Replace("BODY", body) + Tasks.Source);
}
