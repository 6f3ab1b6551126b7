using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers.CodeFixes;

/// <summary>Reads what the analyzer put on a diagnostic.</summary>
internal static class DiagnosticNodes
{
    /// <summary>The node the diagnostic covers exactly.</summary>
    public static SyntaxNode? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        return root.FindNode(span, getInnermostNodeForTie: true) is { } node && node.Span == span ? node : null;
    }

    /// <summary>The catalog key of the banned API (<c>System.DateTime.UtcNow</c>), present only on diagnostics reported in place.</summary>
    public static string? Api(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue("Api", out var api) ? api : null;
}
