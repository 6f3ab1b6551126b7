using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers.Apis;

/// <summary>
/// One table of APIs that share a verdict. Entries read like documentation ids without signatures:
/// <c>N:System.Net.Http</c> (a namespace and the ones below it), <c>T:System.IO.File</c> (every member of a type),
/// <c>M:System.DateTime.Now</c> (a member by name, every overload; <c>.ctor</c> for constructors). The most
/// specific entry wins: member over type over namespace, so a trusted type can have banned members.
/// </summary>
internal sealed class ApiFamily
{
    public ApiFamily(DiagnosticDescriptor? rule, string verb, ImmutableArray<string> entries)
    {
        Verdict = rule is null ? ApiVerdict.Trusted : new ApiVerdict(rule, verb);
        Entries = entries;
    }

    public ApiVerdict Verdict { get; }

    public ImmutableArray<string> Entries { get; }
}
