#!/bin/bash
# 채점용 PostgreSQL 역할과 데이터베이스 만들기 / Create the grading role and database on a PostgreSQL server.
#   autograder/jobs/create-gradebook-db.sh ROLE DATABASE
# Run once, as a user allowed to create roles and databases (on the database server itself:
# `sudo -u postgres autograder/jobs/create-gradebook-db.sh grader dl2026`). The server is reached through
# psql's usual variables (PGHOST, PGPORT, PGUSER; default: the local socket). The password of ROLE is read from
# the AUTOGRADER_DB_PASSWORD variable, or asked for; it is never put on the command line. Afterwards:
#   export AUTOGRADER_DB_URL=postgresql://ROLE@HOST/DATABASE     (and the password in ~/.pgpass)
# ROLE owns DATABASE and may create the gradebook's tables there; it gets no other right on the server.
# Running it again changes nothing that exists (the password is set again).
set -euo pipefail
if [ $# -ne 2 ] || ! [[ $1 =~ ^[a-z_][a-z0-9_]*$ && $2 =~ ^[a-z_][a-z0-9_]*$ ]]; then
    echo "usage: $0 ROLE DATABASE   (lower-case letters, digits and _, e.g. grader dl2026)" >&2
    exit 2
fi
role=$1 database=$2
if [ -z "${AUTOGRADER_DB_PASSWORD+set}" ]; then
    read -r -s -p "password for $role: " AUTOGRADER_DB_PASSWORD
    echo >&2
fi
psql -v ON_ERROR_STOP=1 -q -d postgres -v role="$role" -v password="$AUTOGRADER_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')
\gexec
ALTER ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
SQL
psql -v ON_ERROR_STOP=1 -q -d postgres -v role="$role" -v database="$database" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'database', :'role', 'UTF8')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database')
\gexec
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT ALL ON DATABASE :"database" TO :"role";
SQL
echo "성적부 / gradebook: export AUTOGRADER_DB_URL=postgresql://$role@${PGHOST:-localhost}${PGPORT:+:$PGPORT}/$database"
