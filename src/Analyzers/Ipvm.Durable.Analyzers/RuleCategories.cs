namespace Ipvm.Durable.Analyzers;

/// <summary>Diagnostic categories.</summary>
internal static class RuleCategories
{
    /// <summary>IPVM0xxx: what workflow and deterministic code may not observe.</summary>
    public const string Determinism = "Ipvm.Determinism";

    /// <summary>IPVM1xxx: how workflows reach effects and what shape they have.</summary>
    public const string Workflow = "Ipvm.Workflow";
}
