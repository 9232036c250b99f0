# egress4j runtime image.
#
#   docker build -t egress4j .
#   docker run --rm -e EGRESS_CONFIG_BODY="$(cat worker.yaml)" -p 8080:8080 -p 6789:6789 egress4j
#   docker run --rm -v "$PWD/out:/out" egress4j record --url https://example.com/ --output demo/
#
# With no arguments the container runs the service (egress run), configured by EGRESS_CONFIG_BODY (YAML text),
# EGRESS_CONFIG_FILE, --config FILE or --config-body YAML; other arguments are an egress command line.
# No --shm-size is needed: Chromium runs with --disable-dev-shm-usage, as upstream runs it, and records with
# Docker's default 64 MB /dev/shm (scripts/image-check does). Local storage writes under /out.
FROM debian:12-slim

ENV LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive
WORKDIR /opt/egress4j

# System packages first, so this layer is cached across source changes. tini runs as PID 1: it forwards signals
# to the JVM (SIGTERM drains) and reaps the orphaned children of handler processes.
COPY scripts/install-deps scripts/install-deps
RUN scripts/install-deps --runtime \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

# Build the distribution (launcher/target/egress) without compiling the tests, then drop the Maven cache.
COPY . .
RUN mvn -B -q install -Dmaven.test.skip=true && rm -rf /root/.m2

# The class-data archive: each egress process starts on about a second less CPU. Optional: without it (a build
# host that cannot run Chromium), egress starts the usual way.
RUN bin/egress --build-class-archive || echo "no class archive: egress starts without it"

# egress runs unprivileged. plugins/ stays root-owned, so the service cannot add code to itself (mount plugin
# jars into it instead). ./recordings, the default local storage root, is /out.
RUN useradd --create-home --uid 1000 --shell /usr/sbin/nologin egress \
 && mkdir -p /out plugins \
 && ln -sfn /out recordings \
 && chown egress:egress /out
USER egress
VOLUME /out

ENTRYPOINT ["/usr/bin/tini", "--", "/opt/egress4j/deploy/docker/entrypoint"]
