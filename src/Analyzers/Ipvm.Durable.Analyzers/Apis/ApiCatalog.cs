using System;
using System.Collections.Generic;
using Ipvm.Durable.Analyzers.Rules;

namespace Ipvm.Durable.Analyzers.Apis;

/// <summary>The banned and the known-deterministic APIs of other assemblies, indexed by name once per process.</summary>
internal sealed class ApiCatalog
{
    private readonly Dictionary<string, ApiVerdict> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiVerdict> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiVerdict> _namespaces = new(StringComparer.Ordinal);

    private ApiCatalog(IEnumerable<ApiFamily> families)
    {
        foreach (var family in families)
        {
            foreach (var entry in family.Entries)
            {
                var target = entry[0] switch
                {
                    'N' => _namespaces,
                    'T' => _types,
                    'M' => _members,
                    _ => throw new InvalidOperationException("Bad catalog entry: " + entry),
                };

                // The first table to name an API wins, so banned tables come before the trusted one.
                var key = entry.Substring(2);
                if (!target.ContainsKey(key))
                {
                    target.Add(key, family.Verdict);
                }
            }
        }
    }

    /// <summary>Every table the analyzers ship: the rule families first, then the known-deterministic APIs.</summary>
    public static ApiCatalog Default { get; } = new(new[]
    {
        WallClockRule.Apis,
        NewGuidRule.Apis,
        RandomRule.Apis,
        TimerRule.Apis,
        ThreadingRule.Apis,
        FileSystemRule.Apis,
        NetworkRule.Apis,
        EnvironmentRule.Apis,
        HashCodeRule.Apis,
        CultureRule.Apis,
        UnverifiableRule.Apis,
        KnownDeterministicApis.Apis,
    });

    /// <summary>The verdict for a member of <paramref name="typeName"/> in <paramref name="namespaceName"/>, or null when no table names it.</summary>
    public ApiVerdict? Find(string namespaceName, string typeName, string memberName)
    {
        var qualified = namespaceName.Length == 0 ? typeName : namespaceName + "." + typeName;
        if (_members.TryGetValue(qualified + "." + memberName, out var verdict) || _types.TryGetValue(qualified, out verdict))
        {
            return verdict;
        }

        for (var ns = namespaceName; ns.Length > 0; ns = Parent(ns))
        {
            if (_namespaces.TryGetValue(ns, out verdict))
            {
                return verdict;
            }
        }

        return null;
    }

    private static string Parent(string ns)
    {
        var dot = ns.LastIndexOf('.');
        return dot < 0 ? string.Empty : ns.Substring(0, dot);
    }
}
