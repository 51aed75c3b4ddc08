# syntax=docker/dockerfile:1
# The logistics server, built from the sources with the Maven wrapper (context: the repository root):
#   docker build -f docker/server.Dockerfile -t coldchain-server .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl logistics-server -am \
    && cp logistics-server/target/logistics-server-*-SNAPSHOT.jar /server.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 coldchain \
    && useradd --system --uid 10001 --gid coldchain --home-dir /app --shell /usr/sbin/nologin coldchain \
    && mkdir -p /app/data \
    && chown coldchain:coldchain /app/data
COPY --from=build /server.jar /app/server.jar
USER coldchain
WORKDIR /app
ENV COLDCHAIN_ROUTING_CACHE_DIR=/app/data/routing
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/server.jar"]
