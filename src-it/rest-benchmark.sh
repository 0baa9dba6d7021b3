#!/usr/bin/env bash
# The REST benchmark: a bare JAX-RS WAR and Tally on the same Payara Micro jar, one after another,
# under the same wrk runs; then Tally filled to 100 000 integrations and 1 000 licences, and the same
# runs again. Prints the figures and the ratios. Options go to Maven, e.g. -Dbench.seconds=20;
# -Dbench.database=postgresql runs Tally on a throwaway PostgreSQL cluster (pg_virtualenv).
# Also runs the new pairs on a Tally that decides each start alone (tally.starts.batch-max=1).
# Takes about 15 minutes on 2 cores; run it with nothing else busy on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
need() { command -v "$1" >/dev/null 2>&1; }
install() {
    if [ "$(id -u)" = 0 ] && need apt-get; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        echo "needed: $* (Debian: apt-get install $*)" >&2
        exit 1
    fi
}
need wrk || install wrk
mvn -B -ntp -q install -DskipTests
cd src-it
# generate the server jar, the WAR and the test vendor's key, compile the benchmark, then run it
run=(mvn -B -ntp -q process-test-classes exec:exec@rest-bench "$@")
if [[ " $* " == *" -Dbench.database=postgresql "* ]]; then
    { need pg_virtualenv && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || install postgresql
    exec pg_virtualenv bash -c 'set -e
psql -q -c "CREATE USER tally PASSWORD '"'tally'"'"
psql -q -c "CREATE DATABASE tally OWNER tally"
exec "$@"' rest-benchmark "${run[@]}"
fi
exec "${run[@]}"
