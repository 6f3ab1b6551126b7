using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ipvm.Durable.Generators.Tests;

/// <summary>The generator's caching: reruns on an unchanged compilation or on edits that change nothing generated do no work downstream of parsing.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] SpecSteps =
    [
        DurableGenerator.Steps.TaskSpecs, DurableGenerator.Steps.WorkflowSpecs, DurableGenerator.Steps.AllTasks, DurableGenerator.Steps.TaskIndex,
        DurableGenerator.Steps.Registration, DurableGenerator.Steps.Codecs,
    ];

    private static readonly string[] AllSteps =
    [
        .. SpecSteps, DurableGenerator.Steps.DeterministicTasks, DurableGenerator.Steps.IdempotentTasks, DurableGenerator.Steps.EffectfulTasks,
        DurableGenerator.Steps.Workflows, DurableGenerator.Steps.AssemblyName, DurableGenerator.Steps.Diagnostics,
    ];

    [Fact]
    public void A_second_run_on_an_unchanged_compilation_is_all_cached()
    {
        var compilation = GeneratorHarness.Compile("Tests", TestSources.Tasks, TestSources.Workflows, TestSources.Codecs);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        AssertAllCached(result, AllSteps);
    }

    [Fact]
    public void Whitespace_and_comment_edits_rerun_nothing_downstream_of_parsing()
    {
        var compilation = GeneratorHarness.Compile("Tests", TestSources.Tasks, TestSources.Workflows, TestSources.Codecs);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            "// a comment on top\n\n\n" + TestSources.Tasks.Replace("x * 2", "x  *  /* twice */ 2", StringComparison.Ordinal), GeneratorHarness.ParseOptions, tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        AssertAllCached(result, SpecSteps);
    }

    [Fact]
    public void An_unrelated_file_reruns_nothing_downstream_of_parsing()
    {
        var compilation = GeneratorHarness.Compile("Tests", TestSources.Tasks, TestSources.Workflows);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public static class Unrelated { public static int Three() => 3; }", GeneratorHarness.ParseOptions, "Unrelated.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        AssertAllCached(result, SpecSteps);
    }

    [Fact]
    public void A_changed_task_body_reruns_only_that_task()
    {
        var compilation = GeneratorHarness.Compile("Tests", TestSources.Tasks, TestSources.Workflows);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(TestSources.Tasks.Replace("x * 2", "x * 3", StringComparison.Ordinal), GeneratorHarness.ParseOptions, tree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        var modified = result.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs).Count(static o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(1, modified); // Pricing.Twice.g.cs: workflows and the registration name descriptors, not versions
    }

    [Fact]
    public void No_model_type_holds_a_compiler_object()
    {
        var banned = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };
        var models = typeof(DurableGenerator).Assembly.GetTypes()
            .Where(static t => t.GetMethod("<Clone>$") is not null || t.Name.StartsWith("EquatableArray", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(typeof(TaskSpec), models);
        foreach (var model in models)
        {
            foreach (var field in model.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                var type = field.FieldType.IsArray ? field.FieldType.GetElementType()! : field.FieldType;
                var types = type.IsGenericType ? type.GetGenericArguments().Append(type) : [type];
                foreach (var t in types)
                {
                    Assert.False(banned.Any(b => b.IsAssignableFrom(t)), $"{model.Name}.{field.Name} is a {t.Name}");
                }
            }
        }
    }

    [Fact]
    public void No_tracked_step_output_holds_a_compiler_object()
    {
        var compilation = GeneratorHarness.Compile("Tests", TestSources.Tasks, TestSources.Workflows, TestSources.Codecs);
        var result = GeneratorHarness.Driver().RunGenerators(compilation).GetRunResult().Results.Single();
        foreach (var name in AllSteps)
        {
            foreach (var output in result.TrackedSteps[name].SelectMany(static s => s.Outputs))
            {
                Inspect(output.Value, name, 0);
            }
        }
    }

    private static void Inspect(object? value, string path, int depth)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 12)
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel or SyntaxTree, $"{path} holds a {value.GetType().Name}");
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                Inspect(item, $"{path}[{i++}]", depth + 1);
            }

            return;
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Inspect(field.GetValue(value), path + "." + field.Name, depth + 1);
        }
    }

    private static void AssertAllCached(GeneratorRunResult result, IEnumerable<string> steps)
    {
        foreach (var name in steps)
        {
            Assert.True(result.TrackedSteps.TryGetValue(name, out var runs), $"step {name} did not run");
            foreach (var output in runs.SelectMany(static s => s.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name}: {output.Reason}");
            }
        }

        foreach (var output in result.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs))
        {
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output step: {output.Reason}");
        }
    }
}
