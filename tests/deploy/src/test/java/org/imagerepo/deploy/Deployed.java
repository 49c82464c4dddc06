package org.imagerepo.deploy;

import java.util.Map;
import java.util.Set;

/**
 * One imagerepo service as a deployment file runs it, whatever the file's format.
 *
 * @param service      the service's folder name under services/
 * @param where        the file and entry it comes from, for messages
 * @param env          its environment: the image's (docker/service.Dockerfile) overlaid with the file's; a
 *                     value taken from a secret is {@link #FROM_SECRET}
 * @param files        the paths of the files mounted into it (secrets, key pairs)
 * @param volumes      the mount paths of the volumes that outlive it
 * @param replicas     how many instances the file runs
 */
record Deployed(String service, String where, Map<String, String> env, Set<String> files, Set<String> volumes,
                int replicas) {

    static final String FROM_SECRET = "<from a secret>";
}
