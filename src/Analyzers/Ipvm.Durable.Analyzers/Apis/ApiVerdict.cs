using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers.Apis;

/// <summary>What the catalog says about an API: banned under a rule (with the verb its message uses), or trusted.</summary>
internal sealed class ApiVerdict
{
    public static readonly ApiVerdict Trusted = new(null, string.Empty);

    public ApiVerdict(DiagnosticDescriptor? rule, string verb)
    {
        Rule = rule;
        Verb = verb;
    }

    /// <summary>The rule the API breaks, or null when it is known to be deterministic.</summary>
    public DiagnosticDescriptor? Rule { get; }

    /// <summary>How the message describes a use, e.g. "reads the wall clock through".</summary>
    public string Verb { get; }

    public bool IsBanned => Rule is not null;
}
