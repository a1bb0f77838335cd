#!/bin/sh
# Scale the API servers for a big conversation (docs/scaling.md).
set -eu
docker compose --profile postgres up -d --scale server=4
