using System.Security.Cryptography;

namespace Ipvm.Durable.Ipld.Tests;

/// <summary>
/// A fact that compares against the platform's <see cref="SHA3_256"/>: skipped, with the reason, where the
/// platform crypto library has no SHA-3 (the managed digest still runs its known-answer tests there).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PlatformSha3FactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the platform lacks SHA3-256.</summary>
    public PlatformSha3FactAttribute()
    {
        if (!SHA3_256.IsSupported)
        {
            Skip = "This platform's crypto library has no SHA3-256 to compare against; the known-answer tests still run.";
        }
    }
}
