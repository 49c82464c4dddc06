package org.imagerepo.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What docker/service.Dockerfile puts into every service's image: its ENV, with the build's PORT filled in. */
final class ServiceImage {

    private static final Pattern PAIR = Pattern.compile("(\\w+)=(\"[^\"]*\"|'[^']*'|\\S+)");

    private ServiceImage() {
    }

    static Map<String, String> env(int port) {
        String dockerfile = Repo.read("docker/service.Dockerfile").replace("\\\n", " ");
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith("ENV ")) {
                Matcher pair = PAIR.matcher(line.substring(4));
                while (pair.find()) {
                    String value = pair.group(2).replaceAll("^[\"']|[\"']$", "").replace("${PORT}", String.valueOf(port));
                    env.put(pair.group(1), value);
                }
            }
        }
        return env;
    }
}
