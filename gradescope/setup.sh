#!/usr/bin/env bash
# Gradescope image setup: a JDK and Maven, then one build so dependencies are cached.
set -euo pipefail
apt-get update
apt-get install -y openjdk-17-jdk-headless maven
cd /autograder/source
mvn -B -q -DskipTests test-compile
