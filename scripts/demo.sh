#!/usr/bin/env bash
# Offline demo: serve the bundled replica of the seed sites on 127.0.0.1, crawl it, export the corpus.
# PYTHON picks the interpreter (default: the project's .venv), DEMO_DATA the folder it writes (default: data).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
data=${DEMO_DATA:-data}
port=${REPLICA_PORT:-8765}
registry=$data/replica-sources.yaml
store=sqlite:///$data/replica.db
mkdir -p "$data"
"$python" -m tests.replica --port "$port" --write-registry "$registry" >"$data/replica.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do [ -s "$registry" ] && grep -q serving "$data/replica.log" && break; sleep 0.2; done
twincrawl() { "$python" -m twincrawl "$@"; }
status=0
echo "== crawl of the replica served on 127.0.0.1:$port"
twincrawl crawl --sources-file "$registry" --store "$store" --set DOWNLOAD_DELAY=0 || status=$?
twincrawl export --store "$store" --out "$data/replica.jsonl"
echo "== twinning news in the corpus (the first 8)"
twincrawl query --store "$store" --twinning --limit 8 --sources-file "$registry"
cat <<EOF
== next, try:
  twincrawl show ID --store $store
  twincrawl query --city Volgograd --store $store
  twincrawl stats --store $store
  twincrawl export --graph $data/graph --store $store
  twincrawl serve --store $store
EOF
exit $status
