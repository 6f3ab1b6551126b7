using System.Diagnostics;
using System.Text;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary>A WorkerHost child process (built beside this project), with its output kept for failure messages.</summary>
internal sealed class WorkerProcess : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<WorkerProcess> StartAsync(string connectionString, string workerId, int concurrency, int leaseMs, params string[] labels)
    {
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "WorkerHost", "bin", Configuration, "net10.0", "WorkerHost.dll"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, connectionString, workerId, concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), leaseMs.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(labels))
        {
            info.ArgumentList.Add(argument);
        }

        var worker = new WorkerProcess(Process.Start(info)!);
        worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        await worker._ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return worker;
    }

    public void Kill() => _process.Kill();

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            Signal("TERM");
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line == "ready")
        {
            _ready.TrySetResult();
        }
    }
}
