using System.Runtime.InteropServices;

/// <summary>Process CPU time from clock_gettime(CLOCK_PROCESS_CPUTIME_ID) (Linux), with nanosecond resolution.</summary>
internal static partial class CpuTime
{
    private const int ProcessCpuTimeClock = 2;

    public static double Milliseconds()
    {
        if (ClockGetTime(ProcessCpuTimeClock, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime failed");
        }

        return (time.Seconds * 1000.0) + (time.Nanoseconds / 1_000_000.0);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
