#!/usr/bin/env bash
# The README's test command: sets up what the tests need on a fresh Debian machine, then runs
# every unit and integration test of every module.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need java || ! need mvn; then
    if [ "$(id -u)" = 0 ] && need apt-get; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
    else
        echo "Java 17 and Maven are needed (Debian: apt-get install openjdk-17-jdk-headless maven)" >&2
        exit 1
    fi
fi

# the browser tests drive Debian's Chromium through Debian's chromedriver
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    if [ "$(id -u)" = 0 ] && need apt-get; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "Chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver)" >&2
        exit 1
    fi
fi

# the same Arquillian tests run again on PostgreSQL: Debian's server, a throwaway cluster per run
if ! need pg_virtualenv || [ -z "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null)" ]; then
    if [ "$(id -u)" = 0 ] && need apt-get; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
        echo "PostgreSQL is needed (Debian: apt-get install postgresql)" >&2
        exit 1
    fi
fi

# pg_virtualenv starts the cluster, exports PGHOST, PGPORT, PGUSER and PGPASSWORD, runs the command and
# drops the cluster; inside it, the database and user Tally connects as
exec pg_virtualenv bash -c 'set -e
psql -q -c "CREATE USER tally PASSWORD '"'tally'"'"
psql -q -c "CREATE DATABASE tally OWNER tally"
exec mvn -B -ntp clean verify "$@"' run-tests "$@"
