#!/usr/bin/env bash
# Build-time cost of the Ipvm.Durable analyzers: generates a 200-file project (about 50,000 lines) and builds it
# with and without the analyzers. Builds alternate (without, with, without, ...) so that load from other work on
# the machine drifts into both sides alike; each build's wall and CPU (user + system) time is recorded. Run twice:
# with the SDK's own analyzers on (the default for every project) and off (nothing else binds method bodies, so
# the Ipvm analyzers pay for all the binding they need: the worst case). Also prints the compiler's per-analyzer
# timing (-p:ReportAnalyzer=true) and checks that the analyzers report nothing on the clean code.
# Usage: benchmarks/analyzers/run.sh [WORK_DIR]   (RUNS=5 by default; DURABLE_BIN to reuse a built Ipvm.Durable)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d)}
runs=${RUNS:-5}

dotnet build "$root/src/Analyzers/Ipvm.Durable.Analyzers" -c Release -v:q -nologo
if [ -z "${DURABLE_BIN:-}" ]; then
  dotnet build "$root/src/Runtime/Durable" -c Release -v:q -nologo
fi

"$root/benchmarks/analyzers/generate.sh" "$work" "$root" 200
cd "$work"
echo "Generated $(cat ./*.cs | wc -l) lines in $(ls ./*.cs | wc -l) files under $work"
dotnet restore -v:q -nologo
rm -f times.txt

# The compiler runs as a child process (no shared compiler server) so that its CPU time is counted.
build() { # $1 = with the Ipvm analyzers (true/false), $2 = with the SDK analyzers (true/false)
  dotnet build --no-restore -c Release --no-incremental -nologo -v:q -nodeReuse:false -p:UseSharedCompilation=false \
    -p:WithAnalyzers="$1" -p:EnableNETAnalyzers="$2" "${@:3}"
}

timed() { # $1 = Ipvm analyzers, $2 = SDK analyzers
  /usr/bin/time -f "sdk-analyzers=$2 ipvm=$1 %e %U %S" -a -o times.txt \
    dotnet build --no-restore -c Release --no-incremental -nologo -v:q -nodeReuse:false -p:UseSharedCompilation=false \
    -p:WithAnalyzers="$1" -p:EnableNETAnalyzers="$2" > /dev/null
}

build true true -p:ReportAnalyzer=true -v:d > analyzers.log
build false true -p:ReportAnalyzer=true -v:d > sdk-analyzers.log
echo "IPVM diagnostics on the clean project: $(grep -cE '(error|warning) IPVM[0-9]{4}' analyzers.log || true)"
echo "Analyzer time as the compiler reports it (summed over threads; binding is charged to whoever asks first):"
echo "  without Ipvm: $(grep -h 'Total analyzer execution time' sdk-analyzers.log | head -1 | xargs)"
echo "  with Ipvm:    $(grep -h 'Total analyzer execution time' analyzers.log | head -1 | xargs)"
grep -E '^\s+[0-9.]+\s+[<0-9]+\s+Ipvm\.Durable\.Analyzers\.' analyzers.log | sort -u

for sdk in true false; do
  build false "$sdk" > /dev/null   # warm the compiler server
  for ((r = 0; r < runs; r++)); do
    for ipvm in false true; do
      timed "$ipvm" "$sdk"
    done
  done
done

echo "| SDK analyzers | Ipvm analyzers | runs | wall mean (s) | CPU mean (s) |"
echo "|---|---|---:|---:|---:|"
awk '{ key = $1 " " $2; n[key]++; wall[key] += $3; cpu[key] += $4 + $5 }
     END { for (k in n) { split(k, p, " "); sub("sdk-analyzers=", "", p[1]); sub("ipvm=", "", p[2]);
           printf "| %s | %s | %d | %.1f | %.1f |\n", p[1], p[2], n[k], wall[k] / n[k], cpu[k] / n[k] } }' times.txt | sort
echo "Raw times (wall user system) in $work/times.txt"
