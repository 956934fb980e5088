# Build stage: compile and package the service.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY routes routes
RUN mvn -B -q package -DskipTests

# Run stage: the jar plus routes/ (edit the routes and restart, no rebuild).
FROM eclipse-temurin:17-jre
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app contactsync && mkdir -p /app/data && chown contactsync /app/data
COPY --from=build /build/target/contact-sync.jar /app/contact-sync.jar
COPY routes /app/routes
USER contactsync
# An image talks to a real org unless told otherwise: without SALESFORCE_CLIENT_ID and credentials the
# start fails naming the variable. CONTACTSYNC_SALESFORCE_MODE=simulator runs the built-in simulator,
# listening on all interfaces so that its port 8091 can be published.
ENV CONTACTSYNC_SALESFORCE_MODE=org \
    CONTACTSYNC_SIMULATOR_HOST=0.0.0.0
EXPOSE 8080 8091
VOLUME /app/data
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-jar", "/app/contact-sync.jar"]
