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
        ParameterKinds = [.. parameters];
        ResultKinds = [.. results];
        Parameters = Array.AsReadOnly(ParameterKinds);
        Results = Array.AsReadOnly(ResultKinds);
    }

    /// <summary>The parameter types.</summary>
    public IReadOnlyList<ValueKind> Parameters { get; }

    /// <summary>The result types.</summary>
    public IReadOnlyList<ValueKind> Results { get; }

    /// <summary>The parameter types as the array the engine reads (never handed out, so never mutated).</summary>
    internal ValueKind[] ParameterKinds { get; }

    /// <summary>The result types as an array.</summary>
    internal ValueKind[] ResultKinds { get; }

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
        other is not null && ParameterKinds.AsSpan().SequenceEqual(other.ParameterKinds) && ResultKinds.AsSpan().SequenceEqual(other.ResultKinds);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FuncType);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var p in ParameterKinds)
        {
            hash.Add(p);
        }

        hash.Add(0xFF);
        foreach (var r in ResultKinds)
        {
            hash.Add(r);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"[{string.Join(' ', Parameters.Select(p => p.Name()))}] -> [{string.Join(' ', Results.Select(r => r.Name()))}]";
}
