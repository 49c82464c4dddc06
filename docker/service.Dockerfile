# The image of one imagerepo service, from its Quarkus fast-jar (target/quarkus-app). One file for the five
# services: they differ only in the jar and the port. Build the jars first, then, from the service's folder:
#
#   mvn -B package -DskipTests
#   docker build -f ../../docker/service.Dockerfile --build-arg PORT=8081 -t imagerepo/catalog-service services/catalog-service
#
# docker-compose.yml does this for every service (`docker compose build`). Ports: gateway 8080, catalog 8081,
# blob 8082, accounting 8083, trigger 8084 (each service's quarkus.http.port).
#
# Red Hat's UBI 9 OpenJDK 17 runtime: the base Quarkus itself generates, patched upstream, a non-root user
# (185) and curl for compose's health checks; run-java.sh sizes the heap from the container's memory limit
# (JAVA_MAX_MEM_RATIO, 50 % by default: a 512 MiB limit gives the 256 MiB heap every service is tested with).
FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.21

ARG PORT=8080
ENV LANGUAGE='en_US:en'

# Layers from the least to the most often changed: a code change rebuilds only app/.
COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185 target/quarkus-app/*.jar /deployments/
COPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/
COPY --chown=185 target/quarkus-app/app/ /deployments/app/

# The local stack binds loopback; in a container the service must listen on every interface.
ENV QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=${PORT} \
    JAVA_APP_JAR=/deployments/quarkus-run.jar \
    JAVA_OPTS_APPEND="-Djava.util.logging.manager=org.jboss.logmanager.LogManager"
# The data folder and the mount points of compose's volumes (the fs store's images, blob-service's outbox) exist
# and belong to the service's user: a named volume mounted there starts with their owner, not root's.
USER root
RUN mkdir -p /deployments/data/images /deployments/data/outbox \
 && chown -R 185:0 /deployments/data && chmod -R g=u /deployments/data
USER 185
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${QUARKUS_HTTP_PORT}/q/health/ready" >/dev/null || exit 1
ENTRYPOINT ["/opt/jboss/container/java/run/run-java.sh"]
