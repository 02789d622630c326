#!/usr/bin/env bash
# Offline demo: serve the bundled replica of the seed sites on 127.0.0.1, crawl it, export the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${REPLICA_PORT:-8765}
registry=data/replica-sources.yaml
mkdir -p data
.venv/bin/python -m tests.replica --port "$port" --write-registry "$registry" >data/replica.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$registry" ] && grep -q serving data/replica.log && break; sleep 0.2; done
status=0
.venv/bin/twincrawl crawl --sources-file "$registry" --store sqlite:///data/replica.db --set DOWNLOAD_DELAY=0 || status=$?
.venv/bin/twincrawl export --store sqlite:///data/replica.db --out data/replica.jsonl
.venv/bin/twincrawl query --store sqlite:///data/replica.db --twinning
echo "Browse it: .venv/bin/twincrawl serve --store sqlite:///data/replica.db, then open http://127.0.0.1:8000/"
exit $status
