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

# The checks only read the work tree, and the build writes only dist/ folders
# (which none of them reads), so they run together on every core; the build
# needs the type check's dist-types. Every package builds; the end-to-end
# tests then serve the app this build made.
timed_together \
  "REST contract up to date (yarn openapi:check)|yarn openapi:check" \
  "type check (yarn tsc), then build (yarn build:all)|yarn tsc && yarn build:all" \
  "lint (yarn lint:all)|yarn lint:all" \
  "prettier|yarn prettier:check"
# What each plugin would publish has its dist, config schema and migrations
# and no test code. Alone: it rewrites each plugin's package.json until done.
timed "pack check (scripts/pack-check.js)" node scripts/pack-check.js
# The tests check and serve what this build made instead of building again.
export TEST_REUSE_BUILD=1
# One Jest worker more than there are cores: the longest files spend most of
# their time waiting for the processes they started (a backend, the local
# cluster's pods, PostgreSQL, Chromium), and a worker waiting is a core idle.
workers=$(($(nproc) + 1))
timed "tests (yarn test:all, $workers workers)" yarn test:all --maxWorkers="$workers"
say "All checks passed in $((SECONDS - total)) s"
