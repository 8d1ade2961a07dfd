#!/usr/bin/env bash
# The README's example, run as a user would: a fresh --demo server, a token from
# /v3/auth/tokens, then the documented UnpublishApp request with curl. It must answer 200 {}
# and the two apps must be gone afterwards.
set -euo pipefail
wsappd=$1
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

WSAPP_ROOT_PASSWORD='readme-Example-pw1' "$wsappd" --demo --data-dir "$work/data" \
  --listen 127.0.0.1:0 --port-file "$work/port" 2>"$work/log" &
pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$work/port")"
project=a4da8115c9d8464ead3a38309130523f
group=575772274859184144

token=$(curl -sS -D - -o /dev/null -X POST "$base/v3/auth/tokens" \
  -H 'Content-Type: application/json' \
  -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"domain":{"name":"wsapp"},
       "name":"wsapp","password":"readme-Example-pw1"}}},
       "scope":{"project":{"id":"'"$project"'"}}}}' |
  tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}')
[ -n "$token" ] || { echo "no token"; cat "$work/log"; exit 1; }

reply=$(curl -sS -w ' %{http_code}' -X POST \
  "$base/v1/$project/app-groups/$group/apps/batch-unpublish" \
  -H 'Content-Type: application/json' -H "X-Auth-Token: $token" \
  -d '{"ids": ["570810904237572123", "570810904237572122"]}')
[ "$reply" = "{} 200" ] || { echo "unpublish answered: $reply"; exit 1; }

listing=$(curl -sS "$base/v1/$project/app-groups/$group/apps" -H "X-Auth-Token: $token")
[ "$listing" = '{"count":0,"items":[]}' ] || { echo "apps left: $listing"; exit 1; }
echo "README example: 200 {} and both apps gone"
