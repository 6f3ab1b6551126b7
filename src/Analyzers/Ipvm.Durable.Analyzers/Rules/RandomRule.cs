using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;
using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>
/// IPVM0003: randomness. Creating a <c>Random</c> or reading <c>Random.Shared</c> is the finding; calling
/// <c>Next()</c> on an instance is not (<c>ctx.Random.Next()</c> is the deterministic way), and neither is
/// <c>new Random(seed)</c>: a seeded Random repeats its sequence. Fixed by <c>ctx.Random</c>.
/// </summary>
internal static class RandomRule
{
    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.Random, "uses unseeded randomness from", ImmutableArray.Create(
        "M:System.Random..ctor",
        "M:System.Random.Shared",
        "T:System.Security.Cryptography.RandomNumberGenerator",
        "M:System.IO.Path.GetRandomFileName"));

    /// <summary>True for <c>new Random(seed)</c>, which repeats its sequence on every replay.</summary>
    public static bool IsSeeded(IMethodSymbol constructor) =>
        constructor.Parameters.Length == 1
        && constructor.ContainingType is { Name: "Random" } type
        && type.ContainingNamespace?.ToDisplayString() == "System";
}
