#!/usr/bin/env bash
# Starts the action server and the Rasa server, waits until both answer, and stops
# both on Ctrl-C. Usage: scripts/run.sh MODEL (the Makefile passes the trained model).
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:?usage: scripts/run.sh MODEL}
: "${RASA_PORT:=5005}" "${ACTION_PORT:=5055}"
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping the assistant..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

wait_for() {  # name url pid
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$2" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "error: the $1 exited during start-up (see its log above)" >&2; exit 1; }
    sleep 0.5
  done
  echo "error: the $1 did not answer at $2 within 120 s" >&2; exit 1
}

.venv/bin/rasa run actions --actions actions --port "$ACTION_PORT" &
pids+=($!)
wait_for "action server" "http://127.0.0.1:$ACTION_PORT/health" "${pids[0]}"

.venv/bin/rasa run --model "$model" --port "$RASA_PORT" --cors "*" \
  --endpoints endpoints.yml --credentials credentials.yml &
pids+=($!)
wait_for "Rasa server" "http://127.0.0.1:$RASA_PORT/" "${pids[1]}"

cat <<MSG

  The assistant is running.
    Chat in this machine's terminal:  make chat
    REST channel:  curl -s http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
                     -H 'Content-Type: application/json' \\
                     -d '{"sender": "me", "message": "what is savella?"}'
  Press Ctrl-C to stop.

MSG
wait -n "${pids[@]}"
echo "error: a server stopped unexpectedly" >&2
exit 1
