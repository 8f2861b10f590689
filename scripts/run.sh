#!/usr/bin/env bash
# Starts the action server and the Rasa server (channels + HTTP API, the web chat widget and its demo page) on the
# embedded defaults: SQLite tracker store in var/, in-memory lock store, loopback only. Ctrl-C stops both; so does
# the Rasa server stopping, or the action server failing to start.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
export RASA_TELEMETRY_ENABLED=false
export BACLOFEN_HOST=${BACLOFEN_HOST:-127.0.0.1}
export BACLOFEN_RASA_PORT=${BACLOFEN_RASA_PORT:-5005}
export BACLOFEN_ACTIONS_PORT=${BACLOFEN_ACTIONS_PORT:-5055}
export BACLOFEN_TRACKER_DB=${BACLOFEN_TRACKER_DB:-var/tracker.db}
export BACLOFEN_MODEL=${BACLOFEN_MODEL:-models/baclofen.tar.gz}
state_dir=$(dirname "$BACLOFEN_TRACKER_DB")
# The conversations are health data: the state folder and everything in it (and every file the servers create,
# the tracker store's journal included) are this user's alone, also when an older run left them readable.
umask 077
mkdir -p "$state_dir"
case "$(cd "$state_dir" && pwd)" in
  "$PWD"|/) echo "BACLOFEN_TRACKER_DB must be in a folder of its own (default var/tracker.db)" >&2; exit 2 ;;
esac
chmod -R go= "$state_dir"

# A program already on one of our ports would get the Rasa server's traffic (the action port: the shared secret and
# every conversation). Say which port and what holds it, and start nothing.
"$VENV/bin/python" scripts/check_ports.py \
  "action server|127.0.0.1|$BACLOFEN_ACTIONS_PORT|BACLOFEN_ACTIONS_PORT" \
  "Rasa server|$BACLOFEN_HOST|$BACLOFEN_RASA_PORT|BACLOFEN_RASA_PORT"

new_secret() { "$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))'; }
# The action server answers only the Rasa server: a shared secret, fresh for each start unless given.
export BACLOFEN_ACTIONS_SECRET=${BACLOFEN_ACTIONS_SECRET:-$(new_secret)}
# The HTTP API (/conversations, /model) always needs a JWT signed with this secret; unset, nobody can use it. It
# reaches the Rasa server through the environment only (scripts/rasa_server.py), never its command line.
export BACLOFEN_JWT_SECRET=${BACLOFEN_JWT_SECRET:-$(new_secret)}
# The REST channel needs a token: given, or drawn here and left (readable by this user only) for local clients.
if [ -z "${BACLOFEN_REST_TOKEN:-}" ]; then
  BACLOFEN_REST_TOKEN=$(new_secret)
  (umask 077 && printf '%s\n' "$BACLOFEN_REST_TOKEN" > "$state_dir/rest-token")
  echo "REST webhook token: $state_dir/rest-token"
fi
export BACLOFEN_REST_TOKEN

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

# Answers give the hotline's number; unset, they give the demo's placeholder (docs/configuration.md).
[ -n "${BACLOFEN_HOTLINE:-}" ] || echo "BACLOFEN_HOTLINE not set: answers give the placeholder number 555 0100 (set the hospital's)"

# A hospital page on another origin may embed the widget: its origins, for Rasa's CORS (docs/channels.md).
cors=()
[ -z "${BACLOFEN_WIDGET_ORIGINS:-}" ] || cors=(--cors $BACLOFEN_WIDGET_ORIGINS)

# rasa_sdk listens on every interface unless told otherwise.
SANIC_HOST=127.0.0.1 "$VENV/bin/python" -m rasa_sdk --actions actions --port "$BACLOFEN_ACTIONS_PORT" &
actions_pid=$!
# The Rasa server faces browsers (the widget): scripts/rasa_server.py sets its request limits from
# BACLOFEN_REQUEST_MAX_BYTES (1 MB) and BACLOFEN_REQUEST_READ_SECONDS (10 s for a whole request).
"$VENV/bin/python" scripts/rasa_server.py run --enable-api \
  --interface "$BACLOFEN_HOST" --port "$BACLOFEN_RASA_PORT" ${cors[@]+"${cors[@]}"} \
  --model "$BACLOFEN_MODEL" --endpoints endpoints.yml --credentials "$credentials" &
rasa_pid=$!
stop() { kill "$actions_pid" "$rasa_pid" 2>/dev/null || true; }
trap stop EXIT
trap 'stop; exit 0' INT TERM

echo "Baclofen assistant starting: REST webhook http://$BACLOFEN_HOST:$BACLOFEN_RASA_PORT/webhooks/rest/webhook"
echo "Web chat demo: http://$BACLOFEN_HOST:$BACLOFEN_RASA_PORT/webhooks/webchat/demo/"
# The action server must be the one listening on its port before Rasa talks to it (Rasa loads its model meanwhile).
# Later, the action server may stop: Rasa stays up and apologises with the hotline number (docs/security.md).
"$VENV/bin/python" scripts/check_ports.py --listening "$actions_pid" \
  "action server|127.0.0.1|$BACLOFEN_ACTIONS_PORT|BACLOFEN_ACTIONS_PORT" || exit 1
status=0
wait "$rasa_pid" || status=$?
echo "The Rasa server stopped (exit $status); stopping the action server." >&2
exit "$status"
