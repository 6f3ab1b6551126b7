using System.Collections.Concurrent;

namespace Ipvm.Durable.Wasm;

/// <summary>A function signature: parameter and result types. Equal signatures compare equal.</summary>
public sealed class FuncType : IEquatable<FuncType>
{
    private static readonly ConcurrentDictionary<FuncType, int> CanonicalIds = new();
    private static int _lastId;
    private int _id = -1;

    /// <summary>Creates a signature.</summary>
    public FuncType(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(results);
        Parameters = [.. parameters];
        Results = [.. results];
    }

    /// <summary>The parameter types.</summary>
    public ValueKind[] Parameters { get; }

    /// <summary>The result types.</summary>
    public ValueKind[] Results { get; }

    /// <summary>A process-wide small integer shared by all structurally equal signatures (used by call_indirect).</summary>
    internal int CanonicalId
    {
        get
        {
            if (_id < 0)
            {
                // The factory may run twice under a race, but GetOrAdd publishes one id per signature.
                _id = CanonicalIds.GetOrAdd(this, static _ => Interlocked.Increment(ref _lastId));
            }

            return _id;
        }
    }

    /// <inheritdoc/>
    public bool Equals(FuncType? other) =>
        other is not null && Parameters.AsSpan().SequenceEqual(other.Parameters) && Results.AsSpan().SequenceEqual(other.Results);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FuncType);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in Parameters)
        {
            hash.Add(p);
        }

        hash.Add(0xFF);
        foreach (var r in Results)
        {
            hash.Add(r);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"[{string.Join(' ', Parameters.Select(p => p.Name()))}] -> [{string.Join(' ', Results.Select(r => r.Name()))}]";
}
