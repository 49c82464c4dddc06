package org.imagerepo.events;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TopicsTest {

    /** The routing the services rely on: consumers subscribe to these topics for these events. */
    private static final Map<Class<?>, String> TOPIC_OF_TYPE = Map.ofEntries(
            Map.entry(ImageRegistered.class, Topics.IMAGES),
            Map.entry(ImageUpdated.class, Topics.IMAGES),
            Map.entry(ImageDeleted.class, Topics.IMAGES),
            Map.entry(BlobStored.class, Topics.BLOBS),
            Map.entry(BlobFailed.class, Topics.BLOBS),
            Map.entry(BlobRemoved.class, Topics.BLOBS),
            Map.entry(ImageAccessed.class, Topics.ACCESS),
            Map.entry(UserRegistered.class, Topics.USERS),
            Map.entry(UserUpdated.class, Topics.USERS),
            Map.entry(UserRemoved.class, Topics.USERS),
            Map.entry(UsageChanged.class, Topics.USERS),
            Map.entry(UserNotified.class, Topics.NOTIFICATIONS),
            Map.entry(ImageStaged.class, Topics.STAGING),
            Map.entry(ImageStagingFailed.class, Topics.STAGING),
            Map.entry(StagedCopyRemoved.class, Topics.STAGING),
            Map.entry(ImageGenerationRequested.class, Topics.IMAGE_REQUESTS));

    @Test
    void theSamplesHoldOneEventOfEveryType() {
        Set<Class<?>> sampled = SampleEvents.oneOfEachType().stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(Set.of(RepositoryEvent.class.getPermittedSubclasses()), sampled);
        assertEquals(sampled, TOPIC_OF_TYPE.keySet());
    }

    @Test
    void eachEventTypeTravelsOnTheTopicOfItsKind() {
        for (RepositoryEvent event : SampleEvents.oneOfEachType()) {
            assertEquals(TOPIC_OF_TYPE.get(event.getClass()), event.topic(), event.getClass().getSimpleName());
        }
    }

    @Test
    void allListsEveryTopicOnce() throws IllegalAccessException {
        Set<Object> constants = new HashSet<>();
        for (Field field : Topics.class.getFields()) {
            if (field.getType() == String.class && Modifier.isStatic(field.getModifiers())) {
                constants.add(field.get(null));
            }
        }
        assertEquals(constants, Set.copyOf(Topics.ALL));
        assertEquals(Topics.ALL.size(), constants.size(), "no topic twice: " + Topics.ALL);
        assertEquals(Set.copyOf(TOPIC_OF_TYPE.values()),
                Topics.ALL.stream().filter(t -> !t.equals(Topics.RAIN_RESERVATIONS)).collect(Collectors.toSet()),
                "every topic but the rain service's own carries our events");
    }
}
