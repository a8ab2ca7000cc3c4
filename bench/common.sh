# Sourced by the bench scripts: the repository root, the bench jar (built first), medians and key=value fields.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -B -q -Dstyle.color=never -Pbench -pl bench -am package -DskipTests) >&2
jar="$root/bench/target/bench.jar"
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
# Every measured JVM, ours and the DuckDB peer, runs with the collector ./mlops and the Jenkins plugin give the
# engine's batch commands (docs/benchmarks.md, "The parallel collector"); BENCH_GC= (empty) for the JVM's own choice.
measured_java=(java ${BENCH_GC--XX:+UseParallelGC})
