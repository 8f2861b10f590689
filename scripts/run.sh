#!/usr/bin/env bash
# Starts the action server and the Rasa server (REST channel + HTTP API) on the embedded defaults:
# SQLite tracker store in var/, in-memory lock store, loopback only. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
export RASA_TELEMETRY_ENABLED=false
export BACLOFEN_HOST=${BACLOFEN_HOST:-127.0.0.1}
export BACLOFEN_RASA_PORT=${BACLOFEN_RASA_PORT:-5005}
export BACLOFEN_ACTIONS_PORT=${BACLOFEN_ACTIONS_PORT:-5055}
export BACLOFEN_TRACKER_DB=${BACLOFEN_TRACKER_DB:-var/tracker.db}
export BACLOFEN_MODEL=${BACLOFEN_MODEL:-models/baclofen.tar.gz}
# The action server answers only the Rasa server: a shared secret, fresh for each start unless given.
export BACLOFEN_ACTIONS_SECRET=${BACLOFEN_ACTIONS_SECRET:-$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))')}
# The HTTP API (/conversations, /model) always needs a JWT signed with this secret; unset, nobody can use it.
export BACLOFEN_JWT_SECRET=${BACLOFEN_JWT_SECRET:-$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))')}
state_dir=$(dirname "$BACLOFEN_TRACKER_DB")
mkdir -p "$state_dir"

# Channels: credentials.yml (always on) plus each credentials.d/*.yml whose "# requires:" variables are all set.
credentials="$state_dir/credentials.yml"
cp credentials.yml "$credentials"
for part in credentials.d/*.yml; do
  [ -e "$part" ] || continue
  missing=""
  for var in $(sed -n 's/^# requires: //p' "$part"); do [ -n "${!var:-}" ] || missing="$missing $var"; done
  if [ -z "$missing" ]; then
    printf '\n' >> "$credentials"; cat "$part" >> "$credentials"
    echo "channel on: $(basename "$part" .yml)"
  else
    echo "channel off: $(basename "$part" .yml) (not set:$missing)"
  fi
done

# rasa_sdk listens on every interface unless told otherwise.
SANIC_HOST=127.0.0.1 "$VENV/bin/python" -m rasa_sdk --actions actions --port "$BACLOFEN_ACTIONS_PORT" &
actions_pid=$!
# The web chat demo page and widget (widget/serve.py): same origin as its webhook, which it forwards to Rasa.
BACLOFEN_WIDGET_PORT=${BACLOFEN_WIDGET_PORT:-8080} BACLOFEN_RASA_URL="http://$BACLOFEN_HOST:$BACLOFEN_RASA_PORT" \
  "$VENV/bin/python" widget/serve.py &
widget_pid=$!
trap 'kill "$actions_pid" "$widget_pid" 2>/dev/null || true' EXIT INT TERM

echo "Baclofen assistant starting: REST webhook http://$BACLOFEN_HOST:$BACLOFEN_RASA_PORT/webhooks/rest/webhook"
"$VENV/bin/python" scripts/rasa_server.py run --enable-api --jwt-secret "$BACLOFEN_JWT_SECRET" --jwt-method HS256 \
  --interface "$BACLOFEN_HOST" --port "$BACLOFEN_RASA_PORT" \
  --model "$BACLOFEN_MODEL" --endpoints endpoints.yml --credentials "$credentials"
