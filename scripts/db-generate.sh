#!/usr/bin/env bash
# Generates migrations for the plugin's module after a model change. Serialized with a lock so
# that two people changing models in one working tree never generate the same diff twice.
set -euo pipefail
cd "$(dirname "$0")/.."
exec flock /tmp/newsletter-db-generate.lock env DB_HOST="${DB_HOST:-localhost}" \
  DB_USERNAME="${DB_USERNAME:-postgres}" DB_PASSWORD="${DB_PASSWORD:-postgres}" \
  npx medusa plugin:db:generate
