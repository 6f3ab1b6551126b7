using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project benchmarks/Ipvm.Durable.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Ipvm.Durable.Benchmarks.BenchmarkData).Assembly).Run(args);
