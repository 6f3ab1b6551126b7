namespace Ipvm.Durable;

/// <summary>
/// A workflow file that does not have the shape of an IPVM workflow. <see cref="Path"/> is the JSON path of
/// the offending value (for example <c>tasks[3].run.op</c>), empty when the file as a whole is wrong.
/// </summary>
public sealed class WorkflowFormatException : FormatException
{
    /// <summary>Creates the exception for a problem at <paramref name="path"/>.</summary>
    public WorkflowFormatException(string path, string problem, Exception? inner = null)
        : base(path.Length == 0 ? problem : $"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The JSON path of the offending value.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}
