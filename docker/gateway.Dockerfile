# syntax=docker/dockerfile:1
# The standalone device gateway, built from the sources with the Maven wrapper (context: the
# repository root):  docker build -f docker/gateway.Dockerfile -t coldchain-gateway .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl device-gateway -am \
    && cp device-gateway/target/device-gateway-*-SNAPSHOT-exec.jar /gateway.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 coldchain \
    && useradd --system --uid 10001 --gid coldchain --home-dir /app --shell /usr/sbin/nologin coldchain \
    && mkdir -p /app/spool \
    && chown coldchain:coldchain /app/spool
COPY --from=build /gateway.jar /app/gateway.jar
USER coldchain
WORKDIR /app
# batches wait here while the telemetry store is down (mount a volume so they survive a restart)
ENV COLDCHAIN_GATEWAY_SPOOL_DIR=/app/spool
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8081/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/gateway.jar"]
