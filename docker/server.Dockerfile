# The logistics server from the jar built by ./mvnw install (no build inside the image).
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY logistics-server/target/logistics-server-*-SNAPSHOT.jar /app/server.jar
EXPOSE 8080
ENTRYPOINT ["java", "-Xmx1g", "-jar", "/app/server.jar"]
