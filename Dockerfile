# syntax=docker/dockerfile:1
# Bondify image: built from source with the Maven wrapper on a JDK 21, run on a JRE 21 as a non-root user.
#   docker build -t bondify .
#   docker buildx build --platform linux/amd64,linux/arm64 -t bondify .   (one image for both architectures)
#   docker run -p 8080:8080 -v bondify-data:/data bondify          (embedded PostgreSQL in /data)
# or see docker-compose.yml for an external PostgreSQL 17.

# The build runs on the builder's own architecture (fast, no emulation); TARGETARCH picks the embedded PostgreSQL
# binary the jar carries for the image's architecture.
FROM --platform=$BUILDPLATFORM eclipse-temurin:21-jdk AS build
ARG TARGETARCH=amd64
WORKDIR /workspace
# Dependencies first, so a source change does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -Pall-platforms dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 case "$TARGETARCH" in \
      amd64) platform=linux-amd64 ;; \
      arm64) platform=linux-arm64v8 ;; \
      *) echo "No embedded PostgreSQL for $TARGETARCH; the image would need an external database" >&2; exit 1 ;; \
    esac \
    && ./mvnw -B -q -DskipTests -Dbondify.pg.platform="$platform" package \
    && java -Djarmode=tools -jar target/bondify-*.jar extract --layers --launcher --destination /workspace/extracted

FROM eclipse-temurin:21-jre
# curl for the HEALTHCHECK only: the JRE image does not promise an HTTP client, and one package is simpler and
# clearer than a Java or /dev/tcp probe.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system bondify \
    && useradd --system --gid bondify --home-dir /app --shell /usr/sbin/nologin bondify \
    && mkdir -p /data \
    && chown bondify:bondify /data
WORKDIR /app
# Layers from the least to the most often changed, so an upgrade usually ships only the last one.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER bondify
ENV SERVER_PORT=8080 \
    BONDIFY_MANAGEMENT_PORT=8081 \
    BONDIFY_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
# The management port: health probes and the Prometheus scrape only, on threads of their own (answers under load).
EXPOSE 8081
# With the management port off (-1) or on a random port (0) the probe asks the main port instead.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD p=${BONDIFY_MANAGEMENT_PORT:-8081}; [ "$p" -gt 0 ] 2>/dev/null || p=${SERVER_PORT:-8080}; \
        curl -fsS -o /dev/null "http://127.0.0.1:${p}/actuator/health/liveness" || exit 1
# The heap follows the container's memory limit; an OutOfMemoryError stops the JVM so the orchestrator restarts it.
# Exec form: java is PID 1 and receives SIGTERM, which starts the graceful shutdown. Add flags with JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "org.springframework.boot.loader.launch.JarLauncher"]
