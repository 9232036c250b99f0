# egress4j runtime image. Build:  docker build -t egress4j .
# Run (recordings land in ./out on the host):
#   docker run --rm --shm-size=1g -v "$PWD/out:/out" egress4j \
#     record --url https://example.com/ --output demo/ --duration 10
FROM debian:12-slim

ENV LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive
WORKDIR /opt/egress4j

# System packages first, so this layer is cached across source changes.
COPY scripts/install-deps scripts/install-deps
RUN scripts/install-deps && rm -rf /var/lib/apt/lists/*

# Build the distribution (launcher/target/egress), then drop the Maven cache.
COPY . .
RUN mvn -B -q install -DskipTests && rm -rf /root/.m2

# Local storage root ./recordings -> /out; ./plugins is watched for hot-loaded bundles.
RUN useradd --create-home --shell /usr/sbin/nologin egress \
 && mkdir -p /out plugins \
 && ln -sfn /out recordings \
 && chown egress:egress /out plugins
USER egress
VOLUME /out

ENTRYPOINT ["bin/egress"]
CMD ["--help"]
