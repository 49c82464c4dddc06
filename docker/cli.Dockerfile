# The command-line client in a container, for scripts and CI jobs that have no JDK:
#
#   mvn -B package -DskipTests -pl cli -am
#   docker build -f docker/cli.Dockerfile -t imagerepo/cli cli
#   docker run --rm -e IMAGEREPO_URL=https://imagerepo.example.org -v "$HOME/.config/imagerepo:/config" \
#     -v "$PWD:/work" imagerepo/cli list
#
# The tokens of `login` live in /config (IMAGEREPO_CONFIG_DIR): mount it to keep them between runs.
FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.21

ENV LANGUAGE='en_US:en' \
    IMAGEREPO_CONFIG_DIR=/config
COPY --chown=185 target/lib/ /deployments/lib/
COPY --chown=185 target/imagerepo-cli.jar /deployments/imagerepo-cli.jar
USER 185
WORKDIR /work
# As bin/imagerepo runs put and get: the full JIT (SHA-256's intrinsic is C2's) and 256K HTTP buffers; a
# container's stderr is no terminal, so no progress bar.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Djdk.httpclient.bufsize=262144", \
            "-Dimagerepo.stderr.tty=false", "-jar", "/deployments/imagerepo-cli.jar"]
