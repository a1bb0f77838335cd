#!/bin/sh
# Joins a GPU worker to the edge cluster.
set -eu
# No INSTALL_K3S_VERSION: workers added next month get whatever k3s is stable then. And K3S_URL
# without K3S_TOKEN: the install script stops ("Defaulted k3s exec command to 'agent' ...").
curl -sfL https://get.k3s.io | K3S_URL=https://edge-server-1:6443 sh -s - --node-label accelerator=gpu # expect: k3s/unpinned-version, k3s/agent-without-token
