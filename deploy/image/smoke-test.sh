#!/usr/bin/env bash
# Runs the container image without a container engine: unpacks the image tarball's layers into a
# directory and starts its entrypoint there under chroot, as the image's user, against the PostgreSQL
# on 127.0.0.1:5432 (user postgres, password PGPASSWORD if the server asks one). Then checks what an
# orchestrator and a caller would: migrate (the init container), liveness, readiness, a decision.
# Needs root (chroot, bind mounts of /proc and /dev), jq, curl and psql.
#
# Usage: deploy/image/smoke-test.sh [cli/target/chorus-image.tar]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
image="${1:-cli/target/chorus-image.tar}"
port="${SMOKE_PORT:-18080}"
db="chorus_image_smoke"
export PGPASSWORD="${PGPASSWORD:-postgres}"
psql_base=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)

work="$(mktemp -d)"
root="$work/rootfs"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  for m in proc dev; do mountpoint -q "$root/$m" && umount "$root/$m"; done
  rm -rf "$work"
  "${psql_base[@]}" -c "DROP DATABASE IF EXISTS $db" postgres >/dev/null 2>&1 || true
}
trap cleanup EXIT

tar -xf "$image" -C "$work" manifest.json config.json
mkdir -p "$root"
for layer in $(jq -r '.[0].Layers[]' "$work/manifest.json"); do
  tar -xf "$image" -C "$work" "$layer"
  tar -xzf "$work/$layer" -C "$root" --warning=no-unknown-keyword
  rm "$work/$layer"
done
# What a container runtime provides: /proc (the JVM finds itself there), /dev (urandom, null).
for m in proc dev; do
  mkdir -p "$root/$m"
  mount --bind "/$m" "$root/$m"
done

config="$work/config.json"
user="$(jq -r '.config.User' "$config")"
mapfile -t env < <(jq -r '.config.Env[]' "$config")
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
mapfile -t command < <(jq -r '.config.Entrypoint[], .config.Cmd[]' "$config")
echo "image: user $user, entrypoint+cmd: ${command[*]}"
db_url="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres&password=$PGPASSWORD"

"${psql_base[@]}" -c "DROP DATABASE IF EXISTS $db" postgres 2>/dev/null
"${psql_base[@]}" -c "CREATE DATABASE $db" postgres
# What the Kubernetes init container runs: the entrypoint with `migrate`.
migrated="$(env -i "${env[@]}" CHORUS_DB_URL="$db_url" \
  "$(command -v chroot)" --userspec="$user" "$root" "${entrypoint[@]}" migrate 2>&1)" || {
  echo "smoke test: migrate failed: $migrated" >&2; exit 1; }
echo "$migrated" | grep "schema at version"

log="$work/service.log"
start=$(date +%s%N)
env -i "${env[@]}" CHORUS_DB_URL="$db_url" \
  CHORUS_API_KEYS="smoke-key-for-the-image-test-0123456789=ADMIN" \
  "$(command -v chroot)" --userspec="$user" "$root" "${command[@]}" --port "$port" >"$log" 2>&1 &
pid=$!

ready=""
for _ in $(seq 120); do
  if curl -fsS "http://127.0.0.1:$port/health/readiness" >/dev/null 2>&1; then ready=yes; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
if [[ -z "$ready" ]]; then
  echo "smoke test: the image did not become ready; its log:" >&2
  cat "$log" >&2
  exit 1
fi
echo "ready in $(( ($(date +%s%N) - start) / 1000000 )) ms"

curl -fsS "http://127.0.0.1:$port/health/liveness" | grep -q UP
context="$(cat rules/customers/sam-rivers.json)"
answer="$(curl -fsS "http://127.0.0.1:$port/v1/decisions" -H "Authorization: Bearer smoke-key-for-the-image-test-0123456789" \
  -H 'Content-Type: application/json' \
  -d "{\"context\": $context, \"channel\": \"CALL_CENTER\", \"asOf\": \"2026-05-20T10:00:00Z\"}")" || {
  echo "smoke test: the image refused the decision; its log:" >&2; cat "$log" >&2; exit 1; }
jq -e '.actions[] | select(.type == "CREDIT" and .amount == 12.5)' <<<"$answer" >/dev/null || {
  echo "smoke test: no 12.50 credit in the image's decision: $answer" >&2; exit 1; }
# Read back from the audit, where the answer is kept compressed by native code the image must carry.
decision_id="$(jq -r .decisionId <<<"$answer")"
curl -fsS "http://127.0.0.1:$port/v1/decisions/$decision_id" \
  -H "Authorization: Bearer smoke-key-for-the-image-test-0123456789" \
  | jq -e '.actions[] | select(.type == "CREDIT" and .amount == 12.5)' >/dev/null || {
  echo "smoke test: decision $decision_id did not read back with its credit; the image's log:" >&2; cat "$log" >&2; exit 1; }
"${psql_base[@]}" -tA -c "SELECT count(*) FROM flyway_schema_history WHERE success" "$db" | grep -qv '^0$'
echo "smoke test passed: migrate, then liveness and readiness UP, the seed customer's credit decided and read back"
