#!/usr/bin/env bash
# Deploy the learning stack to the Swarm and grow the peer pool.
set -euo pipefail
docker stack deploy -c stack.yml dl
docker service scale dl_peer=12
