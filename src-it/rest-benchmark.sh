#!/usr/bin/env bash
# The REST benchmark: a bare JAX-RS WAR and Tally on the same Payara Micro jar, one after another,
# under the same wrk runs; then Tally filled to 100 000 integrations and 1 000 licences, and the same
# runs again. Prints the figures and the ratios. Options go to Maven, e.g. -Dbench.seconds=20.
# Takes about 8 minutes on 2 cores; run it with nothing else busy on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else
        echo "wrk is needed (Debian: apt-get install wrk)" >&2
        exit 1
    fi
fi
mvn -B -ntp -q install -DskipTests
cd src-it
# generate the server jar, the WAR and the test vendor's key, compile the benchmark, then run it
exec mvn -B -ntp -q process-test-classes exec:exec@rest-bench "$@"
