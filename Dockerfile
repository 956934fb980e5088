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
RUN useradd --system --home /app contactsync && mkdir -p /app/data && chown contactsync /app/data
COPY --from=build /build/target/contact-sync.jar /app/contact-sync.jar
COPY routes /app/routes
USER contactsync
EXPOSE 8080 8091
VOLUME /app/data
ENTRYPOINT ["java", "-jar", "/app/contact-sync.jar"]
