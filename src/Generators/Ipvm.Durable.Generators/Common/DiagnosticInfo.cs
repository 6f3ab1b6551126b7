using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Ipvm.Durable.Generators;

/// <summary>A location as plain data: file path, span and line span (all value types or strings).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null ? null : new(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

    public static LocationInfo? From(SyntaxNode node) => From(node.GetLocation());

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}

/// <summary>A diagnostic the generator reports, as equatable data: the descriptor's id, the message arguments and where.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor.Id, location, new EquatableArray<string>(arguments));

    public Diagnostic ToDiagnostic()
    {
        var descriptor = DiagnosticDescriptors.ById(Id);
        var args = new object[Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        return Diagnostic.Create(descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, args);
    }
}

internal static class Hashing
{
    // One instance per thread, reused: creating one per hash cost about as much as hashing a task's text.
    // ComputeHash leaves it ready for the next.
    [System.ThreadStatic]
    private static System.Security.Cryptography.SHA256? _sha256;

    public static string Sha256Hex16(byte[] bytes)
    {
        var hash = (_sha256 ??= System.Security.Cryptography.SHA256.Create()).ComputeHash(bytes);
        var chars = new char[32];
        const string Hex = "0123456789abcdef";
        for (var i = 0; i < 16; i++)
        {
            chars[2 * i] = Hex[hash[i] >> 4];
            chars[(2 * i) + 1] = Hex[hash[i] & 0xF];
        }

        return new string(chars);
    }

    public static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetterOrDigit(chars[i]))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    public static StringComparer Ordinal => StringComparer.Ordinal;
}
