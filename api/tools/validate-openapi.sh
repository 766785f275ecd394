#!/usr/bin/env bash
# Lints and validates the served OpenAPI document with the two validators integrators use; both must report zero
# errors (redocly: zero warnings too). Needs Node.js and npm (npx fetches the pinned validators).
# Usage: api/tools/validate-openapi.sh
set -euo pipefail
doc="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src/main/resources/openapi.yml"
npx --yes @redocly/cli@2.11.1 lint --max-problems 50 "$doc"
npx --yes @apidevtools/swagger-cli@4.0.4 validate "$doc"
