using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Generators;

/// <summary>
/// The semantic models a code hash binds with: without nullable analysis, where the compiler running the generator
/// offers that. With it, the first symbol asked of a member binds the member again and runs the nullable walker over
/// it, which cost about a fifth of the generator's time in the 200-class benchmark. Nullable analysis never changes
/// which member a name binds to, only the nullability of inferred type arguments, and the hash reads original
/// definitions, so hashes are the same either way.
/// </summary>
/// <remarks>
/// <see cref="SemanticModelOptions.DisableNullableAnalysis"/> is experimental (RSEXPERIMENTAL001, dotnet/roslyn#70609):
/// should a later compiler drop it, the call fails to resolve, and this falls back to an ordinary model for good.
/// </remarks>
internal static class CalleeModels
{
    private static volatile bool _optionMissing;

    public static SemanticModel For(Compilation compilation, SyntaxTree tree)
    {
        if (!_optionMissing)
        {
            try
            {
                return WithoutNullableAnalysis(compilation, tree);
            }
            catch (Exception e) when (e is MissingMethodException or MissingFieldException or TypeLoadException)
            {
                _optionMissing = true;
            }
        }

        return compilation.GetSemanticModel(tree);
    }

    // Not inlined, so that a compiler without the option fails when this method is compiled, inside the try above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SemanticModel WithoutNullableAnalysis(Compilation compilation, SyntaxTree tree)
    {
#pragma warning disable RSEXPERIMENTAL001 // see the remarks: a missing option is caught and falls back
        return compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001
    }
}
