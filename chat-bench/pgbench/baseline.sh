#!/usr/bin/env bash
# The database baseline for chat-bench: what PostgreSQL alone does with the server's send transaction on this
# machine, now. Runs pgbench with single.sql (1 message per transaction) and batched.sql (10 per transaction),
# and with --with-relay also single_relay.sql (the send plus the relay's two updates of its publication), against
# a scratch database built from the server's own Flyway migrations. Prints pgbench's summaries, then one JSON
# line (the last line of output) that chat-bench reads with --pgbench or --baseline-json.
#
# The scratch database is created by this script and marked with a comment; the script refuses to touch a
# database that does not carry the mark, so it can never truncate a database someone else uses.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
migrations="$here/../../chat-adapter-out-persistence/src/main/resources/db/migration"
mark='chat-bench pgbench scratch database'

host=127.0.0.1 port=5432 user=postgres db=chat_bench_baseline
clients=16 threads=2 duration=10 rooms=100 content_size=100 with_relay=false

usage() {
  cat <<USAGE
usage: $0 [--host H] [--port P] [--user U] [--db NAME] [--clients N] [--threads N] [--duration SECONDS]
          [--rooms N] [--content-size CHARS] [--with-relay]
defaults: --host $host --port $port --user $user --db $db --clients $clients --threads $threads
          --duration $duration --rooms $rooms --content-size $content_size
The password, if one is needed, comes from PGPASSWORD or ~/.pgpass.
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --host) host="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --user) user="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --rooms) rooms="$2"; shift 2 ;;
    --content-size) content_size="$2"; shift 2 ;;
    --with-relay) with_relay=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "baseline.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

for number in "$clients" "$threads" "$duration" "$rooms" "$content_size"; do
  [[ "$number" =~ ^[1-9][0-9]*$ ]] || { echo "baseline.sh: '$number' is not a positive whole number" >&2; exit 2; }
done
[[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "baseline.sh: --db must be a plain lower-case name" >&2; exit 2; }

pgbench_bin="$(command -v pgbench || true)"
if [[ -z "$pgbench_bin" ]]; then
  pgbench_bin="$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n 1 || true)"
fi
[[ -n "$pgbench_bin" ]] || { echo "baseline.sh: pgbench not found (install postgresql-contrib or postgresql-client)" >&2; exit 2; }

psql_admin=(psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d postgres)
psql_db=(psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d "$db")

exists="$("${psql_admin[@]}" -Atc "select 1 from pg_database where datname = '$db'")"
if [[ -z "$exists" ]]; then
  echo "creating scratch database $db" >&2
  "${psql_admin[@]}" -c "create database $db"
  "${psql_admin[@]}" -c "comment on database $db is '$mark'"
  for migration in "$migrations"/V*.sql; do
    "${psql_db[@]}" -f "$migration"
  done
fi
comment="$("${psql_admin[@]}" -Atc "select shobj_description(oid, 'pg_database') from pg_database where datname = '$db'")"
if [[ "$comment" != "$mark" ]]; then
  echo "baseline.sh: database $db exists but was not created by this script (no '$mark' comment); refusing to touch it" >&2
  exit 2
fi

# The same starting point for every variant: rooms with one member each (the sender), no messages, no outbox.
reset_tables() {
  "${psql_db[@]}" <<SQL
truncate message, event_publication, room_member, room;
insert into room (id, name, visibility, created_at, last_seq)
select 'bench-room-' || i, 'bench ' || i, 'PUBLIC', now(), 1 from generate_series(1, $rooms) i;
insert into room_member (room_id, user_id, role, joined_at, joined_seq, last_read_seq)
select 'bench-room-' || i, 'bench-user-' || i, 'OWNER', now(), 1, 1 from generate_series(1, $rooms) i;
vacuum analyze room, room_member, message, event_publication;
SQL
}

declare -A results
run_variant() {
  local name="$1" script="$2" per_tx="$3"
  reset_tables
  echo "== pgbench $name: $script, $clients clients, $threads threads, ${duration}s, $rooms rooms ==" >&2
  local out
  out="$("$pgbench_bin" -h "$host" -p "$port" -U "$user" -n -M prepared -c "$clients" -j "$threads" -T "$duration" \
          -D rooms="$rooms" -D content_size="$content_size" -f "$here/$script" "$db" 2>&1)" || {
    echo "$out" >&2; echo "baseline.sh: pgbench failed for $name" >&2; exit 1; }
  echo "$out" >&2
  local tps latency failed
  tps="$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$out" | tail -n 1)"
  latency="$(sed -nE 's/^latency average = ([0-9.]+) ms.*/\1/p' <<<"$out" | tail -n 1)"
  failed="$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' <<<"$out" | tail -n 1)"
  [[ -n "$tps" ]] || { echo "baseline.sh: no tps in pgbench output for $name" >&2; exit 1; }
  results[$name]="$(printf '{"tps":%s,"messagesPerTransaction":%s,"messagesPerSecond":%s,"latencyAvgMs":%s,"failedTransactions":%s}' \
    "$tps" "$per_tx" "$(awk -v t="$tps" -v n="$per_tx" 'BEGIN { printf "%.1f", t * n }')" "${latency:-null}" "${failed:-0}")"
}

run_variant single single.sql 1
run_variant batched batched.sql 10
if [[ "$with_relay" == true ]]; then
  run_variant singleWithRelay single_relay.sql 1
fi

server_version="$("${psql_db[@]}" -Atc 'show server_version')"
json="{\"tool\":\"pgbench\",\"timestamp\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"database\":\"$db\",\"postgres\":\"$server_version\""
json+=",\"clients\":$clients,\"threads\":$threads,\"durationSeconds\":$duration,\"rooms\":$rooms,\"contentSize\":$content_size"
json+=",\"loadAverage1m\":$(cut -d' ' -f1 /proc/loadavg),\"single\":${results[single]},\"batched\":${results[batched]}"
if [[ "$with_relay" == true ]]; then
  json+=",\"singleWithRelay\":${results[singleWithRelay]}"
fi
echo "$json}"
