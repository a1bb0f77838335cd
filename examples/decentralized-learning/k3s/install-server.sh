#!/bin/sh
# First k3s server of the edge cluster. Dense nodes: many small training pods each.
set -eu
curl -sfL https://get.k3s.io | \
  INSTALL_K3S_VERSION="v1.30.4+k3s1" \
  INSTALL_K3S_EXEC="server --cluster-init --kubelet-arg=max-pods=400" sh - # expect: k3s/max-pods-exceeds-node-cidr, k3s/max-pods-above-tested
