package org.imagerepo.deploy;

import org.imagerepo.events.Topics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/lib's servers (what bin/stack and bin/test run) against the code. */
class LocalStackTest {

    @Test
    void kafkaIsGivenExactlyTheTopicsOfTheEventContracts() {
        Matcher m = Pattern.compile("(?m)^IMAGEREPO_TOPICS=\\(([^)]*)\\)").matcher(Repo.read("bin/lib/kafka.sh"));
        assertTrue(m.find(), "bin/lib/kafka.sh lists IMAGEREPO_TOPICS");
        List<String> created = Arrays.stream(m.group(1).trim().split("\\s+")).sorted().toList();
        assertEquals(Topics.ALL.stream().sorted().toList(), created);
    }
}
