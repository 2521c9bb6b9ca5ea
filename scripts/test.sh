#!/usr/bin/env bash
# Sets up everything from nothing and runs every check and test: type check, lint,
# build and pack check, and the unit, integration and end-to-end tests. Prints how long each stage took.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

total=$SECONDS
timed "Debian packages" ensure_apt postgresql-client openssl chromium fonts-dejavu-core
timed "kubectl" ensure_kubectl
ensure_postgres_user
timed "Node and Yarn" ensure_node
timed "dependencies" ensure_deps

# Backstage's test runner watches files unless CI is set; Docker is never used
# (the PostgreSQL tests run on a throwaway local server).
export CI=true BACKSTAGE_TEST_DISABLE_DOCKER=1

timed "REST contract up to date (yarn openapi:check)" yarn openapi:check
timed "type check (yarn tsc)" yarn tsc
timed "lint (yarn lint:all)" yarn lint:all
timed "prettier" yarn prettier:check
# Every package builds; what each plugin would publish has its dist, config
# schema and migrations and no test code. The end-to-end tests then serve
# the app this build made.
timed "build (yarn build:all)" yarn build:all
timed "pack check (scripts/pack-check.js)" node scripts/pack-check.js
# The tests check and serve what this build made instead of building again.
export TEST_REUSE_BUILD=1
timed "tests (yarn test:all)" yarn test:all
say "All checks passed in $((SECONDS - total)) s"
